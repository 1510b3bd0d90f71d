// Scalar inputs and outputs: for each of String, Bool, Int and Float64 (X below, x its Go
// type):
//   X            a Go value as an input: satisfies XInput and XPtrInput;
//   XPtr(v x)    an optional value: satisfies XPtrInput only;
//   XInput       what an X argument takes: X, XOutput;
//   XPtrInput    what an optional X argument takes: X, XPtr(..), XOutput, XPtrOutput;
//   XOutput      satisfies XInput and XPtrInput;
//   XPtrOutput   satisfies XPtrInput only; Elem() is the XOutput.
// A plain Go value (x or *x) satisfies none of the interfaces.

package pulumi

import (
	"context"
	"reflect"
)

// ---- String ----

// String is a string as an input.
type String string

// StringInput takes String or StringOutput.
type StringInput interface {
	Input
	ToStringOutput() StringOutput
	ToStringOutputWithContext(ctx context.Context) StringOutput
}

// StringPtrInput takes String, StringPtr(..), StringOutput or StringPtrOutput.
type StringPtrInput interface {
	Input
	ToStringPtrOutput() StringPtrOutput
	ToStringPtrOutputWithContext(ctx context.Context) StringPtrOutput
}

func (String) ElementType() reflect.Type { return reflect.TypeOf((*string)(nil)).Elem() }

func (in String) ToStringOutput() StringOutput {
	return in.ToStringOutputWithContext(context.Background())
}

func (in String) ToStringOutputWithContext(ctx context.Context) StringOutput {
	return StringOutput{newOutputState(ctx)}
}

func (in String) ToStringPtrOutput() StringPtrOutput {
	return in.ToStringPtrOutputWithContext(context.Background())
}

func (in String) ToStringPtrOutputWithContext(ctx context.Context) StringPtrOutput {
	return StringPtrOutput{newOutputState(ctx)}
}

type stringPtr string

// StringPtr is an optional string as an input: a StringPtrInput, not a StringInput.
func StringPtr(v string) StringPtrInput { return (*stringPtr)(&v) }

func (*stringPtr) ElementType() reflect.Type { return reflect.TypeOf((**string)(nil)).Elem() }

func (in *stringPtr) ToStringPtrOutput() StringPtrOutput {
	return in.ToStringPtrOutputWithContext(context.Background())
}

func (in *stringPtr) ToStringPtrOutputWithContext(ctx context.Context) StringPtrOutput {
	return StringPtrOutput{newOutputState(ctx)}
}

// StringOutput is a string known later.
type StringOutput struct{ *OutputState }

func (StringOutput) ElementType() reflect.Type { return reflect.TypeOf((*string)(nil)).Elem() }

func (o StringOutput) ToStringOutput() StringOutput { return o }

func (o StringOutput) ToStringOutputWithContext(ctx context.Context) StringOutput { return o }

func (o StringOutput) ToStringPtrOutput() StringPtrOutput {
	return o.ToStringPtrOutputWithContext(context.Background())
}

func (o StringOutput) ToStringPtrOutputWithContext(ctx context.Context) StringPtrOutput {
	return StringPtrOutput{o.OutputState}
}

// StringPtrOutput is an optional string known later.
type StringPtrOutput struct{ *OutputState }

func (StringPtrOutput) ElementType() reflect.Type { return reflect.TypeOf((**string)(nil)).Elem() }

func (o StringPtrOutput) ToStringPtrOutput() StringPtrOutput { return o }

func (o StringPtrOutput) ToStringPtrOutputWithContext(ctx context.Context) StringPtrOutput { return o }

// Elem is the value, or the zero string when it is unset.
func (o StringPtrOutput) Elem() StringOutput { return StringOutput{o.OutputState} }

// ---- Bool ----

// Bool is a bool as an input.
type Bool bool

// BoolInput takes Bool or BoolOutput.
type BoolInput interface {
	Input
	ToBoolOutput() BoolOutput
	ToBoolOutputWithContext(ctx context.Context) BoolOutput
}

// BoolPtrInput takes Bool, BoolPtr(..), BoolOutput or BoolPtrOutput.
type BoolPtrInput interface {
	Input
	ToBoolPtrOutput() BoolPtrOutput
	ToBoolPtrOutputWithContext(ctx context.Context) BoolPtrOutput
}

func (Bool) ElementType() reflect.Type { return reflect.TypeOf((*bool)(nil)).Elem() }

func (in Bool) ToBoolOutput() BoolOutput { return in.ToBoolOutputWithContext(context.Background()) }

func (in Bool) ToBoolOutputWithContext(ctx context.Context) BoolOutput {
	return BoolOutput{newOutputState(ctx)}
}

func (in Bool) ToBoolPtrOutput() BoolPtrOutput {
	return in.ToBoolPtrOutputWithContext(context.Background())
}

func (in Bool) ToBoolPtrOutputWithContext(ctx context.Context) BoolPtrOutput {
	return BoolPtrOutput{newOutputState(ctx)}
}

type boolPtr bool

// BoolPtr is an optional bool as an input: a BoolPtrInput, not a BoolInput.
func BoolPtr(v bool) BoolPtrInput { return (*boolPtr)(&v) }

func (*boolPtr) ElementType() reflect.Type { return reflect.TypeOf((**bool)(nil)).Elem() }

func (in *boolPtr) ToBoolPtrOutput() BoolPtrOutput {
	return in.ToBoolPtrOutputWithContext(context.Background())
}

func (in *boolPtr) ToBoolPtrOutputWithContext(ctx context.Context) BoolPtrOutput {
	return BoolPtrOutput{newOutputState(ctx)}
}

// BoolOutput is a bool known later.
type BoolOutput struct{ *OutputState }

func (BoolOutput) ElementType() reflect.Type { return reflect.TypeOf((*bool)(nil)).Elem() }

func (o BoolOutput) ToBoolOutput() BoolOutput { return o }

func (o BoolOutput) ToBoolOutputWithContext(ctx context.Context) BoolOutput { return o }

func (o BoolOutput) ToBoolPtrOutput() BoolPtrOutput {
	return o.ToBoolPtrOutputWithContext(context.Background())
}

func (o BoolOutput) ToBoolPtrOutputWithContext(ctx context.Context) BoolPtrOutput {
	return BoolPtrOutput{o.OutputState}
}

// BoolPtrOutput is an optional bool known later.
type BoolPtrOutput struct{ *OutputState }

func (BoolPtrOutput) ElementType() reflect.Type { return reflect.TypeOf((**bool)(nil)).Elem() }

func (o BoolPtrOutput) ToBoolPtrOutput() BoolPtrOutput { return o }

func (o BoolPtrOutput) ToBoolPtrOutputWithContext(ctx context.Context) BoolPtrOutput { return o }

// Elem is the value, or the zero bool when it is unset.
func (o BoolPtrOutput) Elem() BoolOutput { return BoolOutput{o.OutputState} }

// ---- Int ----

// Int is a int as an input.
type Int int

// IntInput takes Int or IntOutput.
type IntInput interface {
	Input
	ToIntOutput() IntOutput
	ToIntOutputWithContext(ctx context.Context) IntOutput
}

// IntPtrInput takes Int, IntPtr(..), IntOutput or IntPtrOutput.
type IntPtrInput interface {
	Input
	ToIntPtrOutput() IntPtrOutput
	ToIntPtrOutputWithContext(ctx context.Context) IntPtrOutput
}

func (Int) ElementType() reflect.Type { return reflect.TypeOf((*int)(nil)).Elem() }

func (in Int) ToIntOutput() IntOutput { return in.ToIntOutputWithContext(context.Background()) }

func (in Int) ToIntOutputWithContext(ctx context.Context) IntOutput {
	return IntOutput{newOutputState(ctx)}
}

func (in Int) ToIntPtrOutput() IntPtrOutput {
	return in.ToIntPtrOutputWithContext(context.Background())
}

func (in Int) ToIntPtrOutputWithContext(ctx context.Context) IntPtrOutput {
	return IntPtrOutput{newOutputState(ctx)}
}

type intPtr int

// IntPtr is an optional int as an input: a IntPtrInput, not a IntInput.
func IntPtr(v int) IntPtrInput { return (*intPtr)(&v) }

func (*intPtr) ElementType() reflect.Type { return reflect.TypeOf((**int)(nil)).Elem() }

func (in *intPtr) ToIntPtrOutput() IntPtrOutput {
	return in.ToIntPtrOutputWithContext(context.Background())
}

func (in *intPtr) ToIntPtrOutputWithContext(ctx context.Context) IntPtrOutput {
	return IntPtrOutput{newOutputState(ctx)}
}

// IntOutput is a int known later.
type IntOutput struct{ *OutputState }

func (IntOutput) ElementType() reflect.Type { return reflect.TypeOf((*int)(nil)).Elem() }

func (o IntOutput) ToIntOutput() IntOutput { return o }

func (o IntOutput) ToIntOutputWithContext(ctx context.Context) IntOutput { return o }

func (o IntOutput) ToIntPtrOutput() IntPtrOutput {
	return o.ToIntPtrOutputWithContext(context.Background())
}

func (o IntOutput) ToIntPtrOutputWithContext(ctx context.Context) IntPtrOutput {
	return IntPtrOutput{o.OutputState}
}

// IntPtrOutput is an optional int known later.
type IntPtrOutput struct{ *OutputState }

func (IntPtrOutput) ElementType() reflect.Type { return reflect.TypeOf((**int)(nil)).Elem() }

func (o IntPtrOutput) ToIntPtrOutput() IntPtrOutput { return o }

func (o IntPtrOutput) ToIntPtrOutputWithContext(ctx context.Context) IntPtrOutput { return o }

// Elem is the value, or the zero int when it is unset.
func (o IntPtrOutput) Elem() IntOutput { return IntOutput{o.OutputState} }

// ---- Float64 ----

// Float64 is a float64 as an input.
type Float64 float64

// Float64Input takes Float64 or Float64Output.
type Float64Input interface {
	Input
	ToFloat64Output() Float64Output
	ToFloat64OutputWithContext(ctx context.Context) Float64Output
}

// Float64PtrInput takes Float64, Float64Ptr(..), Float64Output or Float64PtrOutput.
type Float64PtrInput interface {
	Input
	ToFloat64PtrOutput() Float64PtrOutput
	ToFloat64PtrOutputWithContext(ctx context.Context) Float64PtrOutput
}

func (Float64) ElementType() reflect.Type { return reflect.TypeOf((*float64)(nil)).Elem() }

func (in Float64) ToFloat64Output() Float64Output {
	return in.ToFloat64OutputWithContext(context.Background())
}

func (in Float64) ToFloat64OutputWithContext(ctx context.Context) Float64Output {
	return Float64Output{newOutputState(ctx)}
}

func (in Float64) ToFloat64PtrOutput() Float64PtrOutput {
	return in.ToFloat64PtrOutputWithContext(context.Background())
}

func (in Float64) ToFloat64PtrOutputWithContext(ctx context.Context) Float64PtrOutput {
	return Float64PtrOutput{newOutputState(ctx)}
}

type float64Ptr float64

// Float64Ptr is an optional float64 as an input: a Float64PtrInput, not a Float64Input.
func Float64Ptr(v float64) Float64PtrInput { return (*float64Ptr)(&v) }

func (*float64Ptr) ElementType() reflect.Type { return reflect.TypeOf((**float64)(nil)).Elem() }

func (in *float64Ptr) ToFloat64PtrOutput() Float64PtrOutput {
	return in.ToFloat64PtrOutputWithContext(context.Background())
}

func (in *float64Ptr) ToFloat64PtrOutputWithContext(ctx context.Context) Float64PtrOutput {
	return Float64PtrOutput{newOutputState(ctx)}
}

// Float64Output is a float64 known later.
type Float64Output struct{ *OutputState }

func (Float64Output) ElementType() reflect.Type { return reflect.TypeOf((*float64)(nil)).Elem() }

func (o Float64Output) ToFloat64Output() Float64Output { return o }

func (o Float64Output) ToFloat64OutputWithContext(ctx context.Context) Float64Output { return o }

func (o Float64Output) ToFloat64PtrOutput() Float64PtrOutput {
	return o.ToFloat64PtrOutputWithContext(context.Background())
}

func (o Float64Output) ToFloat64PtrOutputWithContext(ctx context.Context) Float64PtrOutput {
	return Float64PtrOutput{o.OutputState}
}

// Float64PtrOutput is an optional float64 known later.
type Float64PtrOutput struct{ *OutputState }

func (Float64PtrOutput) ElementType() reflect.Type { return reflect.TypeOf((**float64)(nil)).Elem() }

func (o Float64PtrOutput) ToFloat64PtrOutput() Float64PtrOutput { return o }

func (o Float64PtrOutput) ToFloat64PtrOutputWithContext(ctx context.Context) Float64PtrOutput {
	return o
}

// Elem is the value, or the zero float64 when it is unset.
func (o Float64PtrOutput) Elem() Float64Output { return Float64Output{o.OutputState} }
