package cloudflare

import (
	"errors"
	"reflect"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Zone is the resource; only the outputs planton-gen may read are declared (ID and URN come
// from CustomResourceState).
type Zone struct {
	pulumi.CustomResourceState

	NameServers pulumi.StringArrayOutput `pulumi:"nameServers"`
	Status      pulumi.StringOutput      `pulumi:"status"`
}

// ZoneArgs are the arguments of NewZone, with the field names and input types of
// pulumi-cloudflare sdk/v6 v6.17.0.
type ZoneArgs struct {
	Account           ZoneAccountInput
	Name              pulumi.StringInput
	Paused            pulumi.BoolPtrInput
	Type              pulumi.StringPtrInput
	VanityNameServers pulumi.StringArrayInput
}

type zoneArgs struct{}

func (ZoneArgs) ElementType() reflect.Type { return reflect.TypeOf((*zoneArgs)(nil)).Elem() }

// NewZone registers a Zone. The stand-in only checks that args is given.
func NewZone(ctx *pulumi.Context,
	name string, args *ZoneArgs, opts ...pulumi.ResourceOption) (*Zone, error) {
	if args == nil {
		return nil, errors.New("missing one or more required arguments")
	}
	return new(Zone), nil
}
