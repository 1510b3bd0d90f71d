package cloudflare

import (
	"errors"
	"reflect"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// WorkersRoute is the resource; only the outputs planton-gen may read are declared (ID and URN come
// from CustomResourceState).
type WorkersRoute struct {
	pulumi.CustomResourceState

	Pattern pulumi.StringOutput `pulumi:"pattern"`
}

// WorkersRouteArgs are the arguments of NewWorkersRoute, with the field names and input types of
// pulumi-cloudflare sdk/v6 v6.17.0.
type WorkersRouteArgs struct {
	Pattern pulumi.StringInput
	Script  pulumi.StringPtrInput
	ZoneId  pulumi.StringPtrInput
}

type workersRouteArgs struct{}

func (WorkersRouteArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*workersRouteArgs)(nil)).Elem()
}

// NewWorkersRoute registers a WorkersRoute. The stand-in only checks that args is given.
func NewWorkersRoute(ctx *pulumi.Context,
	name string, args *WorkersRouteArgs, opts ...pulumi.ResourceOption) (*WorkersRoute, error) {
	if args == nil {
		return nil, errors.New("missing one or more required arguments")
	}
	return new(WorkersRoute), nil
}
