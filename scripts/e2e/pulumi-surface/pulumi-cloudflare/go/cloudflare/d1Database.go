package cloudflare

import (
	"errors"
	"reflect"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// D1Database is the resource; only the outputs planton-gen may read are declared (ID and URN come
// from CustomResourceState).
type D1Database struct {
	pulumi.CustomResourceState

	Name pulumi.StringOutput `pulumi:"name"`
	Uuid pulumi.StringOutput `pulumi:"uuid"`
}

// D1DatabaseArgs are the arguments of NewD1Database, with the field names and input types of
// pulumi-cloudflare sdk/v6 v6.17.0.
type D1DatabaseArgs struct {
	AccountId           pulumi.StringPtrInput
	Jurisdiction        pulumi.StringPtrInput
	Name                pulumi.StringInput
	PrimaryLocationHint pulumi.StringPtrInput
	ReadReplication     D1DatabaseReadReplicationPtrInput
}

type d1DatabaseArgs struct{}

func (D1DatabaseArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*d1DatabaseArgs)(nil)).Elem()
}

// NewD1Database registers a D1Database. The stand-in only checks that args is given.
func NewD1Database(ctx *pulumi.Context,
	name string, args *D1DatabaseArgs, opts ...pulumi.ResourceOption) (*D1Database, error) {
	if args == nil {
		return nil, errors.New("missing one or more required arguments")
	}
	return new(D1Database), nil
}
