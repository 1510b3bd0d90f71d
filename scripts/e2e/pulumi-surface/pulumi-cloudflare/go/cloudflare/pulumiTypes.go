// The nested object types of the resources' arguments. For an object type X:
//   XArgs        the object as an input (a struct of inputs); XArgs{..} and &XArgs{..}
//                satisfy XInput, and XPtrInput where the object is optional (a single
//                optional object argument);
//   XArray       a list of them: XArray{XArgs{..}, XArgs{..}} satisfies XArrayInput;
//   XOutput, XPtrOutput, XArrayOutput   the same known later.
// The include/require rule objects of ZeroTrustAccessPolicy (..IncludeEmailArgs and the
// others) are plain structs, taken by pointer.

package cloudflare

import (
	"context"
	"reflect"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ---- D1DatabaseReadReplication ----

type D1DatabaseReadReplicationArgs struct {
	Mode pulumi.StringInput
}

type d1DatabaseReadReplication struct{}

type D1DatabaseReadReplicationInput interface {
	pulumi.Input
	ToD1DatabaseReadReplicationOutput() D1DatabaseReadReplicationOutput
	ToD1DatabaseReadReplicationOutputWithContext(ctx context.Context) D1DatabaseReadReplicationOutput
}

func (D1DatabaseReadReplicationArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*d1DatabaseReadReplication)(nil)).Elem()
}

func (i D1DatabaseReadReplicationArgs) ToD1DatabaseReadReplicationOutput() D1DatabaseReadReplicationOutput {
	return i.ToD1DatabaseReadReplicationOutputWithContext(context.Background())
}

func (i D1DatabaseReadReplicationArgs) ToD1DatabaseReadReplicationOutputWithContext(ctx context.Context) D1DatabaseReadReplicationOutput {
	return D1DatabaseReadReplicationOutput{}
}

type D1DatabaseReadReplicationOutput struct{ *pulumi.OutputState }

func (D1DatabaseReadReplicationOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*d1DatabaseReadReplication)(nil)).Elem()
}

func (o D1DatabaseReadReplicationOutput) ToD1DatabaseReadReplicationOutput() D1DatabaseReadReplicationOutput {
	return o
}

func (o D1DatabaseReadReplicationOutput) ToD1DatabaseReadReplicationOutputWithContext(ctx context.Context) D1DatabaseReadReplicationOutput {
	return o
}

type D1DatabaseReadReplicationPtrInput interface {
	pulumi.Input
	ToD1DatabaseReadReplicationPtrOutput() D1DatabaseReadReplicationPtrOutput
	ToD1DatabaseReadReplicationPtrOutputWithContext(ctx context.Context) D1DatabaseReadReplicationPtrOutput
}

func (i D1DatabaseReadReplicationArgs) ToD1DatabaseReadReplicationPtrOutput() D1DatabaseReadReplicationPtrOutput {
	return i.ToD1DatabaseReadReplicationPtrOutputWithContext(context.Background())
}

func (i D1DatabaseReadReplicationArgs) ToD1DatabaseReadReplicationPtrOutputWithContext(ctx context.Context) D1DatabaseReadReplicationPtrOutput {
	return D1DatabaseReadReplicationPtrOutput{}
}

func (o D1DatabaseReadReplicationOutput) ToD1DatabaseReadReplicationPtrOutput() D1DatabaseReadReplicationPtrOutput {
	return o.ToD1DatabaseReadReplicationPtrOutputWithContext(context.Background())
}

func (o D1DatabaseReadReplicationOutput) ToD1DatabaseReadReplicationPtrOutputWithContext(ctx context.Context) D1DatabaseReadReplicationPtrOutput {
	return D1DatabaseReadReplicationPtrOutput{o.OutputState}
}

type d1DatabaseReadReplicationPtrType D1DatabaseReadReplicationArgs

// D1DatabaseReadReplicationPtr makes an optional D1DatabaseReadReplication input of args.
func D1DatabaseReadReplicationPtr(v *D1DatabaseReadReplicationArgs) D1DatabaseReadReplicationPtrInput {
	return (*d1DatabaseReadReplicationPtrType)(v)
}

func (*d1DatabaseReadReplicationPtrType) ElementType() reflect.Type {
	return reflect.TypeOf((**d1DatabaseReadReplication)(nil)).Elem()
}

func (i *d1DatabaseReadReplicationPtrType) ToD1DatabaseReadReplicationPtrOutput() D1DatabaseReadReplicationPtrOutput {
	return i.ToD1DatabaseReadReplicationPtrOutputWithContext(context.Background())
}

func (i *d1DatabaseReadReplicationPtrType) ToD1DatabaseReadReplicationPtrOutputWithContext(ctx context.Context) D1DatabaseReadReplicationPtrOutput {
	return D1DatabaseReadReplicationPtrOutput{}
}

type D1DatabaseReadReplicationPtrOutput struct{ *pulumi.OutputState }

func (D1DatabaseReadReplicationPtrOutput) ElementType() reflect.Type {
	return reflect.TypeOf((**d1DatabaseReadReplication)(nil)).Elem()
}

func (o D1DatabaseReadReplicationPtrOutput) ToD1DatabaseReadReplicationPtrOutput() D1DatabaseReadReplicationPtrOutput {
	return o
}

func (o D1DatabaseReadReplicationPtrOutput) ToD1DatabaseReadReplicationPtrOutputWithContext(ctx context.Context) D1DatabaseReadReplicationPtrOutput {
	return o
}

func (o D1DatabaseReadReplicationPtrOutput) Elem() D1DatabaseReadReplicationOutput {
	return D1DatabaseReadReplicationOutput{o.OutputState}
}

// ---- WorkersScriptBinding ----

type WorkersScriptBindingArgs struct {
	Name         pulumi.StringInput
	Type         pulumi.StringInput
	NamespaceId  pulumi.StringPtrInput
	Text         pulumi.StringPtrInput
	BucketName   pulumi.StringPtrInput
	Jurisdiction pulumi.StringPtrInput
	Id           pulumi.StringPtrInput
	DatabaseId   pulumi.StringPtrInput
}

type workersScriptBinding struct{}

type WorkersScriptBindingInput interface {
	pulumi.Input
	ToWorkersScriptBindingOutput() WorkersScriptBindingOutput
	ToWorkersScriptBindingOutputWithContext(ctx context.Context) WorkersScriptBindingOutput
}

func (WorkersScriptBindingArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*workersScriptBinding)(nil)).Elem()
}

func (i WorkersScriptBindingArgs) ToWorkersScriptBindingOutput() WorkersScriptBindingOutput {
	return i.ToWorkersScriptBindingOutputWithContext(context.Background())
}

func (i WorkersScriptBindingArgs) ToWorkersScriptBindingOutputWithContext(ctx context.Context) WorkersScriptBindingOutput {
	return WorkersScriptBindingOutput{}
}

type WorkersScriptBindingOutput struct{ *pulumi.OutputState }

func (WorkersScriptBindingOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*workersScriptBinding)(nil)).Elem()
}

func (o WorkersScriptBindingOutput) ToWorkersScriptBindingOutput() WorkersScriptBindingOutput {
	return o
}

func (o WorkersScriptBindingOutput) ToWorkersScriptBindingOutputWithContext(ctx context.Context) WorkersScriptBindingOutput {
	return o
}

type WorkersScriptBindingArray []WorkersScriptBindingInput

type WorkersScriptBindingArrayInput interface {
	pulumi.Input
	ToWorkersScriptBindingArrayOutput() WorkersScriptBindingArrayOutput
	ToWorkersScriptBindingArrayOutputWithContext(ctx context.Context) WorkersScriptBindingArrayOutput
}

func (WorkersScriptBindingArray) ElementType() reflect.Type {
	return reflect.TypeOf((*[]workersScriptBinding)(nil)).Elem()
}

func (i WorkersScriptBindingArray) ToWorkersScriptBindingArrayOutput() WorkersScriptBindingArrayOutput {
	return i.ToWorkersScriptBindingArrayOutputWithContext(context.Background())
}

func (i WorkersScriptBindingArray) ToWorkersScriptBindingArrayOutputWithContext(ctx context.Context) WorkersScriptBindingArrayOutput {
	return WorkersScriptBindingArrayOutput{}
}

type WorkersScriptBindingArrayOutput struct{ *pulumi.OutputState }

func (WorkersScriptBindingArrayOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*[]workersScriptBinding)(nil)).Elem()
}

func (o WorkersScriptBindingArrayOutput) ToWorkersScriptBindingArrayOutput() WorkersScriptBindingArrayOutput {
	return o
}

func (o WorkersScriptBindingArrayOutput) ToWorkersScriptBindingArrayOutputWithContext(ctx context.Context) WorkersScriptBindingArrayOutput {
	return o
}

func (o WorkersScriptBindingArrayOutput) Index(i pulumi.IntInput) WorkersScriptBindingOutput {
	return WorkersScriptBindingOutput{o.OutputState}
}

// ---- WorkersScriptObservability ----

type WorkersScriptObservabilityArgs struct {
	Enabled          pulumi.BoolInput
	HeadSamplingRate pulumi.Float64PtrInput
}

type workersScriptObservability struct{}

type WorkersScriptObservabilityInput interface {
	pulumi.Input
	ToWorkersScriptObservabilityOutput() WorkersScriptObservabilityOutput
	ToWorkersScriptObservabilityOutputWithContext(ctx context.Context) WorkersScriptObservabilityOutput
}

func (WorkersScriptObservabilityArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*workersScriptObservability)(nil)).Elem()
}

func (i WorkersScriptObservabilityArgs) ToWorkersScriptObservabilityOutput() WorkersScriptObservabilityOutput {
	return i.ToWorkersScriptObservabilityOutputWithContext(context.Background())
}

func (i WorkersScriptObservabilityArgs) ToWorkersScriptObservabilityOutputWithContext(ctx context.Context) WorkersScriptObservabilityOutput {
	return WorkersScriptObservabilityOutput{}
}

type WorkersScriptObservabilityOutput struct{ *pulumi.OutputState }

func (WorkersScriptObservabilityOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*workersScriptObservability)(nil)).Elem()
}

func (o WorkersScriptObservabilityOutput) ToWorkersScriptObservabilityOutput() WorkersScriptObservabilityOutput {
	return o
}

func (o WorkersScriptObservabilityOutput) ToWorkersScriptObservabilityOutputWithContext(ctx context.Context) WorkersScriptObservabilityOutput {
	return o
}

type WorkersScriptObservabilityPtrInput interface {
	pulumi.Input
	ToWorkersScriptObservabilityPtrOutput() WorkersScriptObservabilityPtrOutput
	ToWorkersScriptObservabilityPtrOutputWithContext(ctx context.Context) WorkersScriptObservabilityPtrOutput
}

func (i WorkersScriptObservabilityArgs) ToWorkersScriptObservabilityPtrOutput() WorkersScriptObservabilityPtrOutput {
	return i.ToWorkersScriptObservabilityPtrOutputWithContext(context.Background())
}

func (i WorkersScriptObservabilityArgs) ToWorkersScriptObservabilityPtrOutputWithContext(ctx context.Context) WorkersScriptObservabilityPtrOutput {
	return WorkersScriptObservabilityPtrOutput{}
}

func (o WorkersScriptObservabilityOutput) ToWorkersScriptObservabilityPtrOutput() WorkersScriptObservabilityPtrOutput {
	return o.ToWorkersScriptObservabilityPtrOutputWithContext(context.Background())
}

func (o WorkersScriptObservabilityOutput) ToWorkersScriptObservabilityPtrOutputWithContext(ctx context.Context) WorkersScriptObservabilityPtrOutput {
	return WorkersScriptObservabilityPtrOutput{o.OutputState}
}

type workersScriptObservabilityPtrType WorkersScriptObservabilityArgs

// WorkersScriptObservabilityPtr makes an optional WorkersScriptObservability input of args.
func WorkersScriptObservabilityPtr(v *WorkersScriptObservabilityArgs) WorkersScriptObservabilityPtrInput {
	return (*workersScriptObservabilityPtrType)(v)
}

func (*workersScriptObservabilityPtrType) ElementType() reflect.Type {
	return reflect.TypeOf((**workersScriptObservability)(nil)).Elem()
}

func (i *workersScriptObservabilityPtrType) ToWorkersScriptObservabilityPtrOutput() WorkersScriptObservabilityPtrOutput {
	return i.ToWorkersScriptObservabilityPtrOutputWithContext(context.Background())
}

func (i *workersScriptObservabilityPtrType) ToWorkersScriptObservabilityPtrOutputWithContext(ctx context.Context) WorkersScriptObservabilityPtrOutput {
	return WorkersScriptObservabilityPtrOutput{}
}

type WorkersScriptObservabilityPtrOutput struct{ *pulumi.OutputState }

func (WorkersScriptObservabilityPtrOutput) ElementType() reflect.Type {
	return reflect.TypeOf((**workersScriptObservability)(nil)).Elem()
}

func (o WorkersScriptObservabilityPtrOutput) ToWorkersScriptObservabilityPtrOutput() WorkersScriptObservabilityPtrOutput {
	return o
}

func (o WorkersScriptObservabilityPtrOutput) ToWorkersScriptObservabilityPtrOutputWithContext(ctx context.Context) WorkersScriptObservabilityPtrOutput {
	return o
}

func (o WorkersScriptObservabilityPtrOutput) Elem() WorkersScriptObservabilityOutput {
	return WorkersScriptObservabilityOutput{o.OutputState}
}

// ---- ZoneAccount ----

type ZoneAccountArgs struct {
	Id pulumi.StringPtrInput
}

type zoneAccount struct{}

type ZoneAccountInput interface {
	pulumi.Input
	ToZoneAccountOutput() ZoneAccountOutput
	ToZoneAccountOutputWithContext(ctx context.Context) ZoneAccountOutput
}

func (ZoneAccountArgs) ElementType() reflect.Type { return reflect.TypeOf((*zoneAccount)(nil)).Elem() }

func (i ZoneAccountArgs) ToZoneAccountOutput() ZoneAccountOutput {
	return i.ToZoneAccountOutputWithContext(context.Background())
}

func (i ZoneAccountArgs) ToZoneAccountOutputWithContext(ctx context.Context) ZoneAccountOutput {
	return ZoneAccountOutput{}
}

type ZoneAccountOutput struct{ *pulumi.OutputState }

func (ZoneAccountOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*zoneAccount)(nil)).Elem()
}

func (o ZoneAccountOutput) ToZoneAccountOutput() ZoneAccountOutput { return o }

func (o ZoneAccountOutput) ToZoneAccountOutputWithContext(ctx context.Context) ZoneAccountOutput {
	return o
}

// ---- ZoneSubscriptionRatePlan ----

type ZoneSubscriptionRatePlanArgs struct {
	Id pulumi.StringPtrInput
}

type zoneSubscriptionRatePlan struct{}

type ZoneSubscriptionRatePlanInput interface {
	pulumi.Input
	ToZoneSubscriptionRatePlanOutput() ZoneSubscriptionRatePlanOutput
	ToZoneSubscriptionRatePlanOutputWithContext(ctx context.Context) ZoneSubscriptionRatePlanOutput
}

func (ZoneSubscriptionRatePlanArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*zoneSubscriptionRatePlan)(nil)).Elem()
}

func (i ZoneSubscriptionRatePlanArgs) ToZoneSubscriptionRatePlanOutput() ZoneSubscriptionRatePlanOutput {
	return i.ToZoneSubscriptionRatePlanOutputWithContext(context.Background())
}

func (i ZoneSubscriptionRatePlanArgs) ToZoneSubscriptionRatePlanOutputWithContext(ctx context.Context) ZoneSubscriptionRatePlanOutput {
	return ZoneSubscriptionRatePlanOutput{}
}

type ZoneSubscriptionRatePlanOutput struct{ *pulumi.OutputState }

func (ZoneSubscriptionRatePlanOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*zoneSubscriptionRatePlan)(nil)).Elem()
}

func (o ZoneSubscriptionRatePlanOutput) ToZoneSubscriptionRatePlanOutput() ZoneSubscriptionRatePlanOutput {
	return o
}

func (o ZoneSubscriptionRatePlanOutput) ToZoneSubscriptionRatePlanOutputWithContext(ctx context.Context) ZoneSubscriptionRatePlanOutput {
	return o
}

type ZoneSubscriptionRatePlanPtrInput interface {
	pulumi.Input
	ToZoneSubscriptionRatePlanPtrOutput() ZoneSubscriptionRatePlanPtrOutput
	ToZoneSubscriptionRatePlanPtrOutputWithContext(ctx context.Context) ZoneSubscriptionRatePlanPtrOutput
}

func (i ZoneSubscriptionRatePlanArgs) ToZoneSubscriptionRatePlanPtrOutput() ZoneSubscriptionRatePlanPtrOutput {
	return i.ToZoneSubscriptionRatePlanPtrOutputWithContext(context.Background())
}

func (i ZoneSubscriptionRatePlanArgs) ToZoneSubscriptionRatePlanPtrOutputWithContext(ctx context.Context) ZoneSubscriptionRatePlanPtrOutput {
	return ZoneSubscriptionRatePlanPtrOutput{}
}

func (o ZoneSubscriptionRatePlanOutput) ToZoneSubscriptionRatePlanPtrOutput() ZoneSubscriptionRatePlanPtrOutput {
	return o.ToZoneSubscriptionRatePlanPtrOutputWithContext(context.Background())
}

func (o ZoneSubscriptionRatePlanOutput) ToZoneSubscriptionRatePlanPtrOutputWithContext(ctx context.Context) ZoneSubscriptionRatePlanPtrOutput {
	return ZoneSubscriptionRatePlanPtrOutput{o.OutputState}
}

type zoneSubscriptionRatePlanPtrType ZoneSubscriptionRatePlanArgs

// ZoneSubscriptionRatePlanPtr makes an optional ZoneSubscriptionRatePlan input of args.
func ZoneSubscriptionRatePlanPtr(v *ZoneSubscriptionRatePlanArgs) ZoneSubscriptionRatePlanPtrInput {
	return (*zoneSubscriptionRatePlanPtrType)(v)
}

func (*zoneSubscriptionRatePlanPtrType) ElementType() reflect.Type {
	return reflect.TypeOf((**zoneSubscriptionRatePlan)(nil)).Elem()
}

func (i *zoneSubscriptionRatePlanPtrType) ToZoneSubscriptionRatePlanPtrOutput() ZoneSubscriptionRatePlanPtrOutput {
	return i.ToZoneSubscriptionRatePlanPtrOutputWithContext(context.Background())
}

func (i *zoneSubscriptionRatePlanPtrType) ToZoneSubscriptionRatePlanPtrOutputWithContext(ctx context.Context) ZoneSubscriptionRatePlanPtrOutput {
	return ZoneSubscriptionRatePlanPtrOutput{}
}

type ZoneSubscriptionRatePlanPtrOutput struct{ *pulumi.OutputState }

func (ZoneSubscriptionRatePlanPtrOutput) ElementType() reflect.Type {
	return reflect.TypeOf((**zoneSubscriptionRatePlan)(nil)).Elem()
}

func (o ZoneSubscriptionRatePlanPtrOutput) ToZoneSubscriptionRatePlanPtrOutput() ZoneSubscriptionRatePlanPtrOutput {
	return o
}

func (o ZoneSubscriptionRatePlanPtrOutput) ToZoneSubscriptionRatePlanPtrOutputWithContext(ctx context.Context) ZoneSubscriptionRatePlanPtrOutput {
	return o
}

func (o ZoneSubscriptionRatePlanPtrOutput) Elem() ZoneSubscriptionRatePlanOutput {
	return ZoneSubscriptionRatePlanOutput{o.OutputState}
}

// ---- LoadBalancerPoolOrigin ----

type LoadBalancerPoolOriginArgs struct {
	Address          pulumi.StringPtrInput
	Name             pulumi.StringPtrInput
	VirtualNetworkId pulumi.StringPtrInput
	Weight           pulumi.Float64PtrInput
	Enabled          pulumi.BoolPtrInput
	FlattenCname     pulumi.BoolPtrInput
	Port             pulumi.IntPtrInput
}

type loadBalancerPoolOrigin struct{}

type LoadBalancerPoolOriginInput interface {
	pulumi.Input
	ToLoadBalancerPoolOriginOutput() LoadBalancerPoolOriginOutput
	ToLoadBalancerPoolOriginOutputWithContext(ctx context.Context) LoadBalancerPoolOriginOutput
}

func (LoadBalancerPoolOriginArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*loadBalancerPoolOrigin)(nil)).Elem()
}

func (i LoadBalancerPoolOriginArgs) ToLoadBalancerPoolOriginOutput() LoadBalancerPoolOriginOutput {
	return i.ToLoadBalancerPoolOriginOutputWithContext(context.Background())
}

func (i LoadBalancerPoolOriginArgs) ToLoadBalancerPoolOriginOutputWithContext(ctx context.Context) LoadBalancerPoolOriginOutput {
	return LoadBalancerPoolOriginOutput{}
}

type LoadBalancerPoolOriginOutput struct{ *pulumi.OutputState }

func (LoadBalancerPoolOriginOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*loadBalancerPoolOrigin)(nil)).Elem()
}

func (o LoadBalancerPoolOriginOutput) ToLoadBalancerPoolOriginOutput() LoadBalancerPoolOriginOutput {
	return o
}

func (o LoadBalancerPoolOriginOutput) ToLoadBalancerPoolOriginOutputWithContext(ctx context.Context) LoadBalancerPoolOriginOutput {
	return o
}

type LoadBalancerPoolOriginArray []LoadBalancerPoolOriginInput

type LoadBalancerPoolOriginArrayInput interface {
	pulumi.Input
	ToLoadBalancerPoolOriginArrayOutput() LoadBalancerPoolOriginArrayOutput
	ToLoadBalancerPoolOriginArrayOutputWithContext(ctx context.Context) LoadBalancerPoolOriginArrayOutput
}

func (LoadBalancerPoolOriginArray) ElementType() reflect.Type {
	return reflect.TypeOf((*[]loadBalancerPoolOrigin)(nil)).Elem()
}

func (i LoadBalancerPoolOriginArray) ToLoadBalancerPoolOriginArrayOutput() LoadBalancerPoolOriginArrayOutput {
	return i.ToLoadBalancerPoolOriginArrayOutputWithContext(context.Background())
}

func (i LoadBalancerPoolOriginArray) ToLoadBalancerPoolOriginArrayOutputWithContext(ctx context.Context) LoadBalancerPoolOriginArrayOutput {
	return LoadBalancerPoolOriginArrayOutput{}
}

type LoadBalancerPoolOriginArrayOutput struct{ *pulumi.OutputState }

func (LoadBalancerPoolOriginArrayOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*[]loadBalancerPoolOrigin)(nil)).Elem()
}

func (o LoadBalancerPoolOriginArrayOutput) ToLoadBalancerPoolOriginArrayOutput() LoadBalancerPoolOriginArrayOutput {
	return o
}

func (o LoadBalancerPoolOriginArrayOutput) ToLoadBalancerPoolOriginArrayOutputWithContext(ctx context.Context) LoadBalancerPoolOriginArrayOutput {
	return o
}

func (o LoadBalancerPoolOriginArrayOutput) Index(i pulumi.IntInput) LoadBalancerPoolOriginOutput {
	return LoadBalancerPoolOriginOutput{o.OutputState}
}

// ---- ZeroTrustAccessApplicationPolicy ----

type ZeroTrustAccessApplicationPolicyArgs struct {
	Id         pulumi.StringPtrInput
	Precedence pulumi.IntPtrInput
	Decision   pulumi.StringPtrInput
	Name       pulumi.StringPtrInput
}

type zeroTrustAccessApplicationPolicy struct{}

type ZeroTrustAccessApplicationPolicyInput interface {
	pulumi.Input
	ToZeroTrustAccessApplicationPolicyOutput() ZeroTrustAccessApplicationPolicyOutput
	ToZeroTrustAccessApplicationPolicyOutputWithContext(ctx context.Context) ZeroTrustAccessApplicationPolicyOutput
}

func (ZeroTrustAccessApplicationPolicyArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*zeroTrustAccessApplicationPolicy)(nil)).Elem()
}

func (i ZeroTrustAccessApplicationPolicyArgs) ToZeroTrustAccessApplicationPolicyOutput() ZeroTrustAccessApplicationPolicyOutput {
	return i.ToZeroTrustAccessApplicationPolicyOutputWithContext(context.Background())
}

func (i ZeroTrustAccessApplicationPolicyArgs) ToZeroTrustAccessApplicationPolicyOutputWithContext(ctx context.Context) ZeroTrustAccessApplicationPolicyOutput {
	return ZeroTrustAccessApplicationPolicyOutput{}
}

type ZeroTrustAccessApplicationPolicyOutput struct{ *pulumi.OutputState }

func (ZeroTrustAccessApplicationPolicyOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*zeroTrustAccessApplicationPolicy)(nil)).Elem()
}

func (o ZeroTrustAccessApplicationPolicyOutput) ToZeroTrustAccessApplicationPolicyOutput() ZeroTrustAccessApplicationPolicyOutput {
	return o
}

func (o ZeroTrustAccessApplicationPolicyOutput) ToZeroTrustAccessApplicationPolicyOutputWithContext(ctx context.Context) ZeroTrustAccessApplicationPolicyOutput {
	return o
}

type ZeroTrustAccessApplicationPolicyArray []ZeroTrustAccessApplicationPolicyInput

type ZeroTrustAccessApplicationPolicyArrayInput interface {
	pulumi.Input
	ToZeroTrustAccessApplicationPolicyArrayOutput() ZeroTrustAccessApplicationPolicyArrayOutput
	ToZeroTrustAccessApplicationPolicyArrayOutputWithContext(ctx context.Context) ZeroTrustAccessApplicationPolicyArrayOutput
}

func (ZeroTrustAccessApplicationPolicyArray) ElementType() reflect.Type {
	return reflect.TypeOf((*[]zeroTrustAccessApplicationPolicy)(nil)).Elem()
}

func (i ZeroTrustAccessApplicationPolicyArray) ToZeroTrustAccessApplicationPolicyArrayOutput() ZeroTrustAccessApplicationPolicyArrayOutput {
	return i.ToZeroTrustAccessApplicationPolicyArrayOutputWithContext(context.Background())
}

func (i ZeroTrustAccessApplicationPolicyArray) ToZeroTrustAccessApplicationPolicyArrayOutputWithContext(ctx context.Context) ZeroTrustAccessApplicationPolicyArrayOutput {
	return ZeroTrustAccessApplicationPolicyArrayOutput{}
}

type ZeroTrustAccessApplicationPolicyArrayOutput struct{ *pulumi.OutputState }

func (ZeroTrustAccessApplicationPolicyArrayOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*[]zeroTrustAccessApplicationPolicy)(nil)).Elem()
}

func (o ZeroTrustAccessApplicationPolicyArrayOutput) ToZeroTrustAccessApplicationPolicyArrayOutput() ZeroTrustAccessApplicationPolicyArrayOutput {
	return o
}

func (o ZeroTrustAccessApplicationPolicyArrayOutput) ToZeroTrustAccessApplicationPolicyArrayOutputWithContext(ctx context.Context) ZeroTrustAccessApplicationPolicyArrayOutput {
	return o
}

func (o ZeroTrustAccessApplicationPolicyArrayOutput) Index(i pulumi.IntInput) ZeroTrustAccessApplicationPolicyOutput {
	return ZeroTrustAccessApplicationPolicyOutput{o.OutputState}
}

// ---- ZeroTrustAccessPolicyInclude ----

type ZeroTrustAccessPolicyIncludeArgs struct {
	Email  *ZeroTrustAccessPolicyIncludeEmailArgs
	Gsuite *ZeroTrustAccessPolicyIncludeGsuiteArgs
}

type zeroTrustAccessPolicyInclude struct{}

type ZeroTrustAccessPolicyIncludeInput interface {
	pulumi.Input
	ToZeroTrustAccessPolicyIncludeOutput() ZeroTrustAccessPolicyIncludeOutput
	ToZeroTrustAccessPolicyIncludeOutputWithContext(ctx context.Context) ZeroTrustAccessPolicyIncludeOutput
}

func (ZeroTrustAccessPolicyIncludeArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*zeroTrustAccessPolicyInclude)(nil)).Elem()
}

func (i ZeroTrustAccessPolicyIncludeArgs) ToZeroTrustAccessPolicyIncludeOutput() ZeroTrustAccessPolicyIncludeOutput {
	return i.ToZeroTrustAccessPolicyIncludeOutputWithContext(context.Background())
}

func (i ZeroTrustAccessPolicyIncludeArgs) ToZeroTrustAccessPolicyIncludeOutputWithContext(ctx context.Context) ZeroTrustAccessPolicyIncludeOutput {
	return ZeroTrustAccessPolicyIncludeOutput{}
}

type ZeroTrustAccessPolicyIncludeOutput struct{ *pulumi.OutputState }

func (ZeroTrustAccessPolicyIncludeOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*zeroTrustAccessPolicyInclude)(nil)).Elem()
}

func (o ZeroTrustAccessPolicyIncludeOutput) ToZeroTrustAccessPolicyIncludeOutput() ZeroTrustAccessPolicyIncludeOutput {
	return o
}

func (o ZeroTrustAccessPolicyIncludeOutput) ToZeroTrustAccessPolicyIncludeOutputWithContext(ctx context.Context) ZeroTrustAccessPolicyIncludeOutput {
	return o
}

type ZeroTrustAccessPolicyIncludeArray []ZeroTrustAccessPolicyIncludeInput

type ZeroTrustAccessPolicyIncludeArrayInput interface {
	pulumi.Input
	ToZeroTrustAccessPolicyIncludeArrayOutput() ZeroTrustAccessPolicyIncludeArrayOutput
	ToZeroTrustAccessPolicyIncludeArrayOutputWithContext(ctx context.Context) ZeroTrustAccessPolicyIncludeArrayOutput
}

func (ZeroTrustAccessPolicyIncludeArray) ElementType() reflect.Type {
	return reflect.TypeOf((*[]zeroTrustAccessPolicyInclude)(nil)).Elem()
}

func (i ZeroTrustAccessPolicyIncludeArray) ToZeroTrustAccessPolicyIncludeArrayOutput() ZeroTrustAccessPolicyIncludeArrayOutput {
	return i.ToZeroTrustAccessPolicyIncludeArrayOutputWithContext(context.Background())
}

func (i ZeroTrustAccessPolicyIncludeArray) ToZeroTrustAccessPolicyIncludeArrayOutputWithContext(ctx context.Context) ZeroTrustAccessPolicyIncludeArrayOutput {
	return ZeroTrustAccessPolicyIncludeArrayOutput{}
}

type ZeroTrustAccessPolicyIncludeArrayOutput struct{ *pulumi.OutputState }

func (ZeroTrustAccessPolicyIncludeArrayOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*[]zeroTrustAccessPolicyInclude)(nil)).Elem()
}

func (o ZeroTrustAccessPolicyIncludeArrayOutput) ToZeroTrustAccessPolicyIncludeArrayOutput() ZeroTrustAccessPolicyIncludeArrayOutput {
	return o
}

func (o ZeroTrustAccessPolicyIncludeArrayOutput) ToZeroTrustAccessPolicyIncludeArrayOutputWithContext(ctx context.Context) ZeroTrustAccessPolicyIncludeArrayOutput {
	return o
}

func (o ZeroTrustAccessPolicyIncludeArrayOutput) Index(i pulumi.IntInput) ZeroTrustAccessPolicyIncludeOutput {
	return ZeroTrustAccessPolicyIncludeOutput{o.OutputState}
}

// ---- ZeroTrustAccessPolicyIncludeEmail ----

type ZeroTrustAccessPolicyIncludeEmailArgs struct {
	Email pulumi.StringInput
}

// ---- ZeroTrustAccessPolicyIncludeGsuite ----

type ZeroTrustAccessPolicyIncludeGsuiteArgs struct {
	Email              pulumi.StringInput
	IdentityProviderId pulumi.StringInput
}

// ---- ZeroTrustAccessPolicyRequire ----

type ZeroTrustAccessPolicyRequireArgs struct {
	AuthMethod *ZeroTrustAccessPolicyRequireAuthMethodArgs
}

type zeroTrustAccessPolicyRequire struct{}

type ZeroTrustAccessPolicyRequireInput interface {
	pulumi.Input
	ToZeroTrustAccessPolicyRequireOutput() ZeroTrustAccessPolicyRequireOutput
	ToZeroTrustAccessPolicyRequireOutputWithContext(ctx context.Context) ZeroTrustAccessPolicyRequireOutput
}

func (ZeroTrustAccessPolicyRequireArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*zeroTrustAccessPolicyRequire)(nil)).Elem()
}

func (i ZeroTrustAccessPolicyRequireArgs) ToZeroTrustAccessPolicyRequireOutput() ZeroTrustAccessPolicyRequireOutput {
	return i.ToZeroTrustAccessPolicyRequireOutputWithContext(context.Background())
}

func (i ZeroTrustAccessPolicyRequireArgs) ToZeroTrustAccessPolicyRequireOutputWithContext(ctx context.Context) ZeroTrustAccessPolicyRequireOutput {
	return ZeroTrustAccessPolicyRequireOutput{}
}

type ZeroTrustAccessPolicyRequireOutput struct{ *pulumi.OutputState }

func (ZeroTrustAccessPolicyRequireOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*zeroTrustAccessPolicyRequire)(nil)).Elem()
}

func (o ZeroTrustAccessPolicyRequireOutput) ToZeroTrustAccessPolicyRequireOutput() ZeroTrustAccessPolicyRequireOutput {
	return o
}

func (o ZeroTrustAccessPolicyRequireOutput) ToZeroTrustAccessPolicyRequireOutputWithContext(ctx context.Context) ZeroTrustAccessPolicyRequireOutput {
	return o
}

type ZeroTrustAccessPolicyRequireArray []ZeroTrustAccessPolicyRequireInput

type ZeroTrustAccessPolicyRequireArrayInput interface {
	pulumi.Input
	ToZeroTrustAccessPolicyRequireArrayOutput() ZeroTrustAccessPolicyRequireArrayOutput
	ToZeroTrustAccessPolicyRequireArrayOutputWithContext(ctx context.Context) ZeroTrustAccessPolicyRequireArrayOutput
}

func (ZeroTrustAccessPolicyRequireArray) ElementType() reflect.Type {
	return reflect.TypeOf((*[]zeroTrustAccessPolicyRequire)(nil)).Elem()
}

func (i ZeroTrustAccessPolicyRequireArray) ToZeroTrustAccessPolicyRequireArrayOutput() ZeroTrustAccessPolicyRequireArrayOutput {
	return i.ToZeroTrustAccessPolicyRequireArrayOutputWithContext(context.Background())
}

func (i ZeroTrustAccessPolicyRequireArray) ToZeroTrustAccessPolicyRequireArrayOutputWithContext(ctx context.Context) ZeroTrustAccessPolicyRequireArrayOutput {
	return ZeroTrustAccessPolicyRequireArrayOutput{}
}

type ZeroTrustAccessPolicyRequireArrayOutput struct{ *pulumi.OutputState }

func (ZeroTrustAccessPolicyRequireArrayOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*[]zeroTrustAccessPolicyRequire)(nil)).Elem()
}

func (o ZeroTrustAccessPolicyRequireArrayOutput) ToZeroTrustAccessPolicyRequireArrayOutput() ZeroTrustAccessPolicyRequireArrayOutput {
	return o
}

func (o ZeroTrustAccessPolicyRequireArrayOutput) ToZeroTrustAccessPolicyRequireArrayOutputWithContext(ctx context.Context) ZeroTrustAccessPolicyRequireArrayOutput {
	return o
}

func (o ZeroTrustAccessPolicyRequireArrayOutput) Index(i pulumi.IntInput) ZeroTrustAccessPolicyRequireOutput {
	return ZeroTrustAccessPolicyRequireOutput{o.OutputState}
}

// ---- ZeroTrustAccessPolicyRequireAuthMethod ----

type ZeroTrustAccessPolicyRequireAuthMethodArgs struct {
	AuthMethod pulumi.StringInput
}
