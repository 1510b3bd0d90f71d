package cloudflare

import (
	"errors"
	"reflect"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ZeroTrustAccessApplication is the resource; only the outputs planton-gen may read are declared (ID and URN come
// from CustomResourceState).
type ZeroTrustAccessApplication struct {
	pulumi.CustomResourceState
}

// ZeroTrustAccessApplicationArgs are the arguments of NewZeroTrustAccessApplication, with the field names and input types of
// pulumi-cloudflare sdk/v6 v6.17.0.
type ZeroTrustAccessApplicationArgs struct {
	AccountId         pulumi.StringPtrInput
	ZoneId            pulumi.StringPtrInput
	Name              pulumi.StringPtrInput
	Domain            pulumi.StringPtrInput
	Type              pulumi.StringPtrInput
	SessionDuration   pulumi.StringPtrInput
	Policies          ZeroTrustAccessApplicationPolicyArrayInput
	SelfHostedDomains pulumi.StringArrayInput
	AllowedIdps       pulumi.StringArrayInput
	Tags              pulumi.StringArrayInput
}

type zeroTrustAccessApplicationArgs struct{}

func (ZeroTrustAccessApplicationArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*zeroTrustAccessApplicationArgs)(nil)).Elem()
}

// NewZeroTrustAccessApplication registers a ZeroTrustAccessApplication. The stand-in only checks that args is given.
func NewZeroTrustAccessApplication(ctx *pulumi.Context,
	name string, args *ZeroTrustAccessApplicationArgs, opts ...pulumi.ResourceOption) (*ZeroTrustAccessApplication, error) {
	if args == nil {
		return nil, errors.New("missing one or more required arguments")
	}
	return new(ZeroTrustAccessApplication), nil
}
