package cloudflare

import (
	"errors"
	"reflect"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// WorkersScript is the resource; only the outputs planton-gen may read are declared (ID and URN come
// from CustomResourceState).
type WorkersScript struct {
	pulumi.CustomResourceState
}

// WorkersScriptArgs are the arguments of NewWorkersScript, with the field names and input types of
// pulumi-cloudflare sdk/v6 v6.17.0.
type WorkersScriptArgs struct {
	ScriptName         pulumi.StringInput
	AccountId          pulumi.StringPtrInput
	Content            pulumi.StringPtrInput
	ContentFile        pulumi.StringPtrInput
	ContentSha256      pulumi.StringPtrInput
	ContentType        pulumi.StringPtrInput
	MainModule         pulumi.StringPtrInput
	BodyPart           pulumi.StringPtrInput
	CompatibilityDate  pulumi.StringPtrInput
	UsageModel         pulumi.StringPtrInput
	CompatibilityFlags pulumi.StringArrayInput
	KeepBindings       pulumi.StringArrayInput
	Logpush            pulumi.BoolPtrInput
	KeepAssets         pulumi.BoolPtrInput
	Bindings           WorkersScriptBindingArrayInput
	Observability      WorkersScriptObservabilityPtrInput
}

type workersScriptArgs struct{}

func (WorkersScriptArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*workersScriptArgs)(nil)).Elem()
}

// NewWorkersScript registers a WorkersScript. The stand-in only checks that args is given.
func NewWorkersScript(ctx *pulumi.Context,
	name string, args *WorkersScriptArgs, opts ...pulumi.ResourceOption) (*WorkersScript, error) {
	if args == nil {
		return nil, errors.New("missing one or more required arguments")
	}
	return new(WorkersScript), nil
}
