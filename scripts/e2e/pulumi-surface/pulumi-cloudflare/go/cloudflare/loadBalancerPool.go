package cloudflare

import (
	"errors"
	"reflect"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// LoadBalancerPool is the resource; only the outputs planton-gen may read are declared (ID and URN come
// from CustomResourceState).
type LoadBalancerPool struct {
	pulumi.CustomResourceState
}

// LoadBalancerPoolArgs are the arguments of NewLoadBalancerPool, with the field names and input types of
// pulumi-cloudflare sdk/v6 v6.17.0.
type LoadBalancerPoolArgs struct {
	Name              pulumi.StringInput
	Origins           LoadBalancerPoolOriginArrayInput
	AccountId         pulumi.StringPtrInput
	Monitor           pulumi.StringPtrInput
	MonitorGroup      pulumi.StringPtrInput
	Description       pulumi.StringPtrInput
	NotificationEmail pulumi.StringPtrInput
	Enabled           pulumi.BoolPtrInput
	MinimumOrigins    pulumi.IntPtrInput
	Latitude          pulumi.Float64PtrInput
	Longitude         pulumi.Float64PtrInput
	CheckRegions      pulumi.StringArrayInput
}

type loadBalancerPoolArgs struct{}

func (LoadBalancerPoolArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*loadBalancerPoolArgs)(nil)).Elem()
}

// NewLoadBalancerPool registers a LoadBalancerPool. The stand-in only checks that args is given.
func NewLoadBalancerPool(ctx *pulumi.Context,
	name string, args *LoadBalancerPoolArgs, opts ...pulumi.ResourceOption) (*LoadBalancerPool, error) {
	if args == nil {
		return nil, errors.New("missing one or more required arguments")
	}
	return new(LoadBalancerPool), nil
}
