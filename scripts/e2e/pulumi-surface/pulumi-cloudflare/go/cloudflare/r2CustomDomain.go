package cloudflare

import (
	"errors"
	"reflect"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// R2CustomDomain is the resource; only the outputs planton-gen may read are declared (ID and URN come
// from CustomResourceState).
type R2CustomDomain struct {
	pulumi.CustomResourceState
}

// R2CustomDomainArgs are the arguments of NewR2CustomDomain, with the field names and input types of
// pulumi-cloudflare sdk/v6 v6.17.0.
type R2CustomDomainArgs struct {
	AccountId    pulumi.StringPtrInput
	BucketName   pulumi.StringInput
	Ciphers      pulumi.StringArrayInput
	Domain       pulumi.StringInput
	Enabled      pulumi.BoolInput
	Jurisdiction pulumi.StringPtrInput
	MinTls       pulumi.StringPtrInput
	ZoneId       pulumi.StringInput
}

type r2CustomDomainArgs struct{}

func (R2CustomDomainArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*r2CustomDomainArgs)(nil)).Elem()
}

// NewR2CustomDomain registers a R2CustomDomain. The stand-in only checks that args is given.
func NewR2CustomDomain(ctx *pulumi.Context,
	name string, args *R2CustomDomainArgs, opts ...pulumi.ResourceOption) (*R2CustomDomain, error) {
	if args == nil {
		return nil, errors.New("missing one or more required arguments")
	}
	return new(R2CustomDomain), nil
}
