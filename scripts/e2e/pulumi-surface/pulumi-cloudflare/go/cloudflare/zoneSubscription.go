package cloudflare

import (
	"errors"
	"reflect"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ZoneSubscription is the resource; only the outputs planton-gen may read are declared (ID and URN come
// from CustomResourceState).
type ZoneSubscription struct {
	pulumi.CustomResourceState
}

// ZoneSubscriptionArgs are the arguments of NewZoneSubscription, with the field names and input types of
// pulumi-cloudflare sdk/v6 v6.17.0.
type ZoneSubscriptionArgs struct {
	ZoneId    pulumi.StringInput
	RatePlan  ZoneSubscriptionRatePlanPtrInput
	Frequency pulumi.StringPtrInput
}

type zoneSubscriptionArgs struct{}

func (ZoneSubscriptionArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*zoneSubscriptionArgs)(nil)).Elem()
}

// NewZoneSubscription registers a ZoneSubscription. The stand-in only checks that args is given.
func NewZoneSubscription(ctx *pulumi.Context,
	name string, args *ZoneSubscriptionArgs, opts ...pulumi.ResourceOption) (*ZoneSubscription, error) {
	if args == nil {
		return nil, errors.New("missing one or more required arguments")
	}
	return new(ZoneSubscription), nil
}
