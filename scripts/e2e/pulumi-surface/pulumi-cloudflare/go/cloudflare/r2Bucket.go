package cloudflare

import (
	"errors"
	"reflect"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// R2Bucket is the resource; only the outputs planton-gen may read are declared (ID and URN come
// from CustomResourceState).
type R2Bucket struct {
	pulumi.CustomResourceState

	CreationDate pulumi.StringOutput `pulumi:"creationDate"`
	Location     pulumi.StringOutput `pulumi:"location"`
	Name         pulumi.StringOutput `pulumi:"name"`
}

// R2BucketArgs are the arguments of NewR2Bucket, with the field names and input types of
// pulumi-cloudflare sdk/v6 v6.17.0.
type R2BucketArgs struct {
	AccountId    pulumi.StringPtrInput
	Jurisdiction pulumi.StringPtrInput
	Location     pulumi.StringPtrInput
	Name         pulumi.StringInput
	StorageClass pulumi.StringPtrInput
}

type r2BucketArgs struct{}

func (R2BucketArgs) ElementType() reflect.Type { return reflect.TypeOf((*r2BucketArgs)(nil)).Elem() }

// NewR2Bucket registers a R2Bucket. The stand-in only checks that args is given.
func NewR2Bucket(ctx *pulumi.Context,
	name string, args *R2BucketArgs, opts ...pulumi.ResourceOption) (*R2Bucket, error) {
	if args == nil {
		return nil, errors.New("missing one or more required arguments")
	}
	return new(R2Bucket), nil
}
