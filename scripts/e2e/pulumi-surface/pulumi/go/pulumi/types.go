package pulumi

import (
	"context"
	"reflect"
)

// Input is any value that can be passed where the engine expects an input.
type Input interface {
	ElementType() reflect.Type
}

// Output is a value known after a deployment step. Only types of this package implement it
// (getState is unexported), as in the real SDK.
type Output interface {
	Input
	ApplyT(applier interface{}) Output
	ApplyTWithContext(ctx context.Context, applier interface{}) Output
	getState() *OutputState
}

// OutputState is embedded in every XOutput struct.
type OutputState struct {
	ctx context.Context
}

func newOutputState(ctx context.Context) *OutputState { return &OutputState{ctx: ctx} }

func (o *OutputState) getState() *OutputState { return o }

// ApplyT calls applier (func(T) U or func(T) (U, error)) once the value is known. The
// stand-in never calls it; the result is an AnyOutput.
func (o *OutputState) ApplyT(applier interface{}) Output {
	return o.ApplyTWithContext(context.Background(), applier)
}

func (o *OutputState) ApplyTWithContext(ctx context.Context, applier interface{}) Output {
	return AnyOutput{newOutputState(ctx)}
}

// AnyOutput is an output of any type.
type AnyOutput struct{ *OutputState }

func (AnyOutput) ElementType() reflect.Type { return reflect.TypeOf((*interface{})(nil)).Elem() }

// ArrayOutput is the output of All.
type ArrayOutput struct{ *OutputState }

func (ArrayOutput) ElementType() reflect.Type { return reflect.TypeOf((*[]interface{})(nil)).Elem() }

// All combines inputs and outputs into one output of their values.
func All(inputs ...interface{}) ArrayOutput { return ArrayOutput{newOutputState(context.Background())} }

// ToOutput turns a value (input, output or plain) into an Output.
func ToOutput(v interface{}) Output { return ToOutputWithContext(context.Background(), v) }

func ToOutputWithContext(ctx context.Context, v interface{}) Output {
	return AnyOutput{newOutputState(ctx)}
}

// Sprintf formats inputs and outputs into a StringOutput.
func Sprintf(format string, args ...interface{}) StringOutput {
	return StringOutput{newOutputState(context.Background())}
}
