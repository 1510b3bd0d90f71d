package cloudflare

import (
	"errors"
	"reflect"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ZeroTrustAccessPolicy is the resource; only the outputs planton-gen may read are declared (ID and URN come
// from CustomResourceState).
type ZeroTrustAccessPolicy struct {
	pulumi.CustomResourceState
}

// ZeroTrustAccessPolicyArgs are the arguments of NewZeroTrustAccessPolicy, with the field names and input types of
// pulumi-cloudflare sdk/v6 v6.17.0.
type ZeroTrustAccessPolicyArgs struct {
	Decision        pulumi.StringInput
	Name            pulumi.StringInput
	AccountId       pulumi.StringPtrInput
	Includes        ZeroTrustAccessPolicyIncludeArrayInput
	Requires        ZeroTrustAccessPolicyRequireArrayInput
	SessionDuration pulumi.StringPtrInput
}

type zeroTrustAccessPolicyArgs struct{}

func (ZeroTrustAccessPolicyArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*zeroTrustAccessPolicyArgs)(nil)).Elem()
}

// NewZeroTrustAccessPolicy registers a ZeroTrustAccessPolicy. The stand-in only checks that args is given.
func NewZeroTrustAccessPolicy(ctx *pulumi.Context,
	name string, args *ZeroTrustAccessPolicyArgs, opts ...pulumi.ResourceOption) (*ZeroTrustAccessPolicy, error) {
	if args == nil {
		return nil, errors.New("missing one or more required arguments")
	}
	return new(ZeroTrustAccessPolicy), nil
}
