package cloudflare

import (
	"errors"
	"reflect"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// WorkersCustomDomain is the resource; only the outputs planton-gen may read are declared (ID and URN come
// from CustomResourceState).
type WorkersCustomDomain struct {
	pulumi.CustomResourceState
}

// WorkersCustomDomainArgs are the arguments of NewWorkersCustomDomain, with the field names and input types of
// pulumi-cloudflare sdk/v6 v6.17.0.
type WorkersCustomDomainArgs struct {
	Hostname    pulumi.StringInput
	Service     pulumi.StringInput
	AccountId   pulumi.StringPtrInput
	ZoneId      pulumi.StringPtrInput
	ZoneName    pulumi.StringPtrInput
	Environment pulumi.StringPtrInput
}

type workersCustomDomainArgs struct{}

func (WorkersCustomDomainArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*workersCustomDomainArgs)(nil)).Elem()
}

// NewWorkersCustomDomain registers a WorkersCustomDomain. The stand-in only checks that args is given.
func NewWorkersCustomDomain(ctx *pulumi.Context,
	name string, args *WorkersCustomDomainArgs, opts ...pulumi.ResourceOption) (*WorkersCustomDomain, error) {
	if args == nil {
		return nil, errors.New("missing one or more required arguments")
	}
	return new(WorkersCustomDomain), nil
}
