package cloudflare

import (
	"errors"
	"reflect"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// R2ManagedDomain is the resource; only the outputs planton-gen may read are declared (ID and URN come
// from CustomResourceState).
type R2ManagedDomain struct {
	pulumi.CustomResourceState

	BucketId pulumi.StringOutput `pulumi:"bucketId"`
	Domain   pulumi.StringOutput `pulumi:"domain"`
}

// R2ManagedDomainArgs are the arguments of NewR2ManagedDomain, with the field names and input types of
// pulumi-cloudflare sdk/v6 v6.17.0.
type R2ManagedDomainArgs struct {
	AccountId    pulumi.StringPtrInput
	BucketName   pulumi.StringInput
	Enabled      pulumi.BoolInput
	Jurisdiction pulumi.StringPtrInput
}

type r2ManagedDomainArgs struct{}

func (R2ManagedDomainArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*r2ManagedDomainArgs)(nil)).Elem()
}

// NewR2ManagedDomain registers a R2ManagedDomain. The stand-in only checks that args is given.
func NewR2ManagedDomain(ctx *pulumi.Context,
	name string, args *R2ManagedDomainArgs, opts ...pulumi.ResourceOption) (*R2ManagedDomain, error) {
	if args == nil {
		return nil, errors.New("missing one or more required arguments")
	}
	return new(R2ManagedDomain), nil
}
