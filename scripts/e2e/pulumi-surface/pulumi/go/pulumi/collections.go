package pulumi

import (
	"context"
	"reflect"
)

// StringArray is a list input: StringArray{pulumi.String("a"), other.Name}.
type StringArray []StringInput

// StringArrayInput takes StringArray or StringArrayOutput.
type StringArrayInput interface {
	Input
	ToStringArrayOutput() StringArrayOutput
	ToStringArrayOutputWithContext(ctx context.Context) StringArrayOutput
}

func (StringArray) ElementType() reflect.Type { return reflect.TypeOf((*[]string)(nil)).Elem() }

func (in StringArray) ToStringArrayOutput() StringArrayOutput {
	return in.ToStringArrayOutputWithContext(context.Background())
}

func (in StringArray) ToStringArrayOutputWithContext(ctx context.Context) StringArrayOutput {
	return StringArrayOutput{newOutputState(ctx)}
}

// ToStringArray makes a StringArray of Go strings.
func ToStringArray(in []string) StringArray {
	a := make(StringArray, len(in))
	for i, s := range in {
		a[i] = String(s)
	}
	return a
}

// StringArrayOutput is a list of strings known later.
type StringArrayOutput struct{ *OutputState }

func (StringArrayOutput) ElementType() reflect.Type { return reflect.TypeOf((*[]string)(nil)).Elem() }

func (o StringArrayOutput) ToStringArrayOutput() StringArrayOutput { return o }

func (o StringArrayOutput) ToStringArrayOutputWithContext(ctx context.Context) StringArrayOutput {
	return o
}

// Index is the element at i.
func (o StringArrayOutput) Index(i IntInput) StringOutput { return StringOutput{o.OutputState} }

// StringMap is a map input: StringMap{"k": pulumi.String("v")}.
type StringMap map[string]StringInput

// StringMapInput takes StringMap or StringMapOutput.
type StringMapInput interface {
	Input
	ToStringMapOutput() StringMapOutput
	ToStringMapOutputWithContext(ctx context.Context) StringMapOutput
}

func (StringMap) ElementType() reflect.Type { return reflect.TypeOf((*map[string]string)(nil)).Elem() }

func (in StringMap) ToStringMapOutput() StringMapOutput {
	return in.ToStringMapOutputWithContext(context.Background())
}

func (in StringMap) ToStringMapOutputWithContext(ctx context.Context) StringMapOutput {
	return StringMapOutput{newOutputState(ctx)}
}

// StringMapOutput is a map of strings known later.
type StringMapOutput struct{ *OutputState }

func (StringMapOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*map[string]string)(nil)).Elem()
}

func (o StringMapOutput) ToStringMapOutput() StringMapOutput { return o }

func (o StringMapOutput) ToStringMapOutputWithContext(ctx context.Context) StringMapOutput { return o }

// StringArrayMap is a map of lists: StringArrayMap{"Host": StringArray{String("a")}}.
type StringArrayMap map[string]StringArrayInput

// StringArrayMapInput takes StringArrayMap or StringArrayMapOutput.
type StringArrayMapInput interface {
	Input
	ToStringArrayMapOutput() StringArrayMapOutput
	ToStringArrayMapOutputWithContext(ctx context.Context) StringArrayMapOutput
}

func (StringArrayMap) ElementType() reflect.Type {
	return reflect.TypeOf((*map[string][]string)(nil)).Elem()
}

func (in StringArrayMap) ToStringArrayMapOutput() StringArrayMapOutput {
	return in.ToStringArrayMapOutputWithContext(context.Background())
}

func (in StringArrayMap) ToStringArrayMapOutputWithContext(ctx context.Context) StringArrayMapOutput {
	return StringArrayMapOutput{newOutputState(ctx)}
}

// StringArrayMapOutput is a map of string lists known later.
type StringArrayMapOutput struct{ *OutputState }

func (StringArrayMapOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*map[string][]string)(nil)).Elem()
}

func (o StringArrayMapOutput) ToStringArrayMapOutput() StringArrayMapOutput { return o }

func (o StringArrayMapOutput) ToStringArrayMapOutputWithContext(ctx context.Context) StringArrayMapOutput {
	return o
}

// Map is a map of any inputs: Map{"k": pulumi.String("v"), "n": pulumi.Int(1)}.
type Map map[string]Input

// MapInput takes Map or MapOutput.
type MapInput interface {
	Input
	ToMapOutput() MapOutput
	ToMapOutputWithContext(ctx context.Context) MapOutput
}

func (Map) ElementType() reflect.Type {
	return reflect.TypeOf((*map[string]interface{})(nil)).Elem()
}

func (in Map) ToMapOutput() MapOutput { return in.ToMapOutputWithContext(context.Background()) }

func (in Map) ToMapOutputWithContext(ctx context.Context) MapOutput {
	return MapOutput{newOutputState(ctx)}
}

// MapOutput is a map known later.
type MapOutput struct{ *OutputState }

func (MapOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*map[string]interface{})(nil)).Elem()
}

func (o MapOutput) ToMapOutput() MapOutput { return o }

func (o MapOutput) ToMapOutputWithContext(ctx context.Context) MapOutput { return o }
