package cloudflare

import (
	"errors"
	"reflect"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// WorkersKvNamespace is the resource; only the outputs planton-gen may read are declared (ID and URN come
// from CustomResourceState).
type WorkersKvNamespace struct {
	pulumi.CustomResourceState

	Title pulumi.StringOutput `pulumi:"title"`
}

// WorkersKvNamespaceArgs are the arguments of NewWorkersKvNamespace, with the field names and input types of
// pulumi-cloudflare sdk/v6 v6.17.0.
type WorkersKvNamespaceArgs struct {
	AccountId pulumi.StringPtrInput
	Title     pulumi.StringInput
}

type workersKvNamespaceArgs struct{}

func (WorkersKvNamespaceArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*workersKvNamespaceArgs)(nil)).Elem()
}

// NewWorkersKvNamespace registers a WorkersKvNamespace. The stand-in only checks that args is given.
func NewWorkersKvNamespace(ctx *pulumi.Context,
	name string, args *WorkersKvNamespaceArgs, opts ...pulumi.ResourceOption) (*WorkersKvNamespace, error) {
	if args == nil {
		return nil, errors.New("missing one or more required arguments")
	}
	return new(WorkersKvNamespace), nil
}
