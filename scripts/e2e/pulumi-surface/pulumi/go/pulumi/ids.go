package pulumi

import (
	"context"
	"reflect"
)

// ID is a resource's provider id, e.g. for Import.
type ID string

// IDInput takes ID or IDOutput.
type IDInput interface {
	Input
	ToIDOutput() IDOutput
	ToIDOutputWithContext(ctx context.Context) IDOutput
}

func (ID) ElementType() reflect.Type { return reflect.TypeOf((*ID)(nil)).Elem() }

func (in ID) ToIDOutput() IDOutput { return in.ToIDOutputWithContext(context.Background()) }

func (in ID) ToIDOutputWithContext(ctx context.Context) IDOutput {
	return IDOutput{newOutputState(ctx)}
}

// IDOutput is a resource's id (CustomResourceState.ID). It can be passed where a string is
// expected (StringInput, StringPtrInput), as `ZoneId: zone.ID()`.
type IDOutput struct{ *OutputState }

func (IDOutput) ElementType() reflect.Type { return reflect.TypeOf((*ID)(nil)).Elem() }

func (o IDOutput) ToIDOutput() IDOutput { return o }

func (o IDOutput) ToIDOutputWithContext(ctx context.Context) IDOutput { return o }

func (o IDOutput) ToStringOutput() StringOutput { return StringOutput{o.OutputState} }

func (o IDOutput) ToStringOutputWithContext(ctx context.Context) StringOutput {
	return StringOutput{o.OutputState}
}

func (o IDOutput) ToStringPtrOutput() StringPtrOutput { return StringPtrOutput{o.OutputState} }

func (o IDOutput) ToStringPtrOutputWithContext(ctx context.Context) StringPtrOutput {
	return StringPtrOutput{o.OutputState}
}

// URN is a resource's Pulumi URN.
type URN string

// URNOutput is a resource's URN (Resource.URN).
type URNOutput struct{ *OutputState }

func (URNOutput) ElementType() reflect.Type { return reflect.TypeOf((*URN)(nil)).Elem() }

func (o URNOutput) ToURNOutput() URNOutput { return o }

func (o URNOutput) ToStringOutput() StringOutput { return StringOutput{o.OutputState} }
