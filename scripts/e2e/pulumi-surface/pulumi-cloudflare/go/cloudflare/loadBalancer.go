package cloudflare

import (
	"errors"
	"reflect"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// LoadBalancer is the resource; only the outputs planton-gen may read are declared (ID and URN come
// from CustomResourceState).
type LoadBalancer struct {
	pulumi.CustomResourceState

	Name pulumi.StringOutput `pulumi:"name"`
}

// LoadBalancerArgs are the arguments of NewLoadBalancer, with the field names and input types of
// pulumi-cloudflare sdk/v6 v6.17.0.
type LoadBalancerArgs struct {
	DefaultPools       pulumi.StringArrayInput
	FallbackPool       pulumi.StringInput
	Name               pulumi.StringInput
	ZoneId             pulumi.StringPtrInput
	SteeringPolicy     pulumi.StringPtrInput
	SessionAffinity    pulumi.StringPtrInput
	Description        pulumi.StringPtrInput
	Proxied            pulumi.BoolPtrInput
	Enabled            pulumi.BoolPtrInput
	Ttl                pulumi.Float64PtrInput
	SessionAffinityTtl pulumi.Float64PtrInput
}

type loadBalancerArgs struct{}

func (LoadBalancerArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*loadBalancerArgs)(nil)).Elem()
}

// NewLoadBalancer registers a LoadBalancer. The stand-in only checks that args is given.
func NewLoadBalancer(ctx *pulumi.Context,
	name string, args *LoadBalancerArgs, opts ...pulumi.ResourceOption) (*LoadBalancer, error) {
	if args == nil {
		return nil, errors.New("missing one or more required arguments")
	}
	return new(LoadBalancer), nil
}
