package cloudflare

import (
	"errors"
	"reflect"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// DnsRecord is the resource; only the outputs planton-gen may read are declared (ID and URN come
// from CustomResourceState).
type DnsRecord struct {
	pulumi.CustomResourceState
}

// DnsRecordArgs are the arguments of NewDnsRecord, with the field names and input types of
// pulumi-cloudflare sdk/v6 v6.17.0.
type DnsRecordArgs struct {
	Name           pulumi.StringInput
	Ttl            pulumi.Float64Input
	Type           pulumi.StringInput
	ZoneId         pulumi.StringPtrInput
	Content        pulumi.StringPtrInput
	Comment        pulumi.StringPtrInput
	Proxied        pulumi.BoolPtrInput
	PrivateRouting pulumi.BoolPtrInput
	Priority       pulumi.Float64PtrInput
	Tags           pulumi.StringArrayInput
}

type dnsRecordArgs struct{}

func (DnsRecordArgs) ElementType() reflect.Type { return reflect.TypeOf((*dnsRecordArgs)(nil)).Elem() }

// NewDnsRecord registers a DnsRecord. The stand-in only checks that args is given.
func NewDnsRecord(ctx *pulumi.Context,
	name string, args *DnsRecordArgs, opts ...pulumi.ResourceOption) (*DnsRecord, error) {
	if args == nil {
		return nil, errors.New("missing one or more required arguments")
	}
	return new(DnsRecord), nil
}
