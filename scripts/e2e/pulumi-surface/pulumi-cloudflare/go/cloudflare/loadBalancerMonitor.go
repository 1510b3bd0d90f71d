package cloudflare

import (
	"errors"
	"reflect"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// LoadBalancerMonitor is the resource; only the outputs planton-gen may read are declared (ID and URN come
// from CustomResourceState).
type LoadBalancerMonitor struct {
	pulumi.CustomResourceState
}

// LoadBalancerMonitorArgs are the arguments of NewLoadBalancerMonitor, with the field names and input types of
// pulumi-cloudflare sdk/v6 v6.17.0.
type LoadBalancerMonitorArgs struct {
	AccountId       pulumi.StringPtrInput
	Type            pulumi.StringPtrInput
	Method          pulumi.StringPtrInput
	Path            pulumi.StringPtrInput
	ExpectedCodes   pulumi.StringPtrInput
	ExpectedBody    pulumi.StringPtrInput
	Description     pulumi.StringPtrInput
	ProbeZone       pulumi.StringPtrInput
	Interval        pulumi.IntPtrInput
	Retries         pulumi.IntPtrInput
	Timeout         pulumi.IntPtrInput
	Port            pulumi.IntPtrInput
	ConsecutiveUp   pulumi.IntPtrInput
	ConsecutiveDown pulumi.IntPtrInput
	FollowRedirects pulumi.BoolPtrInput
	AllowInsecure   pulumi.BoolPtrInput
	Header          pulumi.StringArrayMapInput
}

type loadBalancerMonitorArgs struct{}

func (LoadBalancerMonitorArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*loadBalancerMonitorArgs)(nil)).Elem()
}

// NewLoadBalancerMonitor registers a LoadBalancerMonitor. The stand-in only checks that args is given.
func NewLoadBalancerMonitor(ctx *pulumi.Context,
	name string, args *LoadBalancerMonitorArgs, opts ...pulumi.ResourceOption) (*LoadBalancerMonitor, error) {
	if args == nil {
		return nil, errors.New("missing one or more required arguments")
	}
	return new(LoadBalancerMonitor), nil
}
