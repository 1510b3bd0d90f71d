package pulumi

// Resource is any resource. Only types embedding ResourceState (or CustomResourceState)
// implement it, as in the real SDK.
type Resource interface {
	URN() URNOutput
	getName() string
}

// CustomResource is a resource a provider manages, with an id.
type CustomResource interface {
	Resource
	ID() IDOutput
}

// ResourceState is embedded in every resource.
type ResourceState struct {
	urn  URNOutput
	name string
}

// URN is the resource's URN.
func (s *ResourceState) URN() URNOutput { return s.urn }

func (s *ResourceState) getName() string { return s.name }

// CustomResourceState is embedded in every provider resource (cloudflare.WorkersKvNamespace
// and the others).
type CustomResourceState struct {
	ResourceState
	id IDOutput
}

// ID is the provider's id of the resource.
func (s *CustomResourceState) ID() IDOutput { return s.id }

type resourceOptions struct{}

// ResourceOption is an option of a resource's registration (the last, variadic, parameter of
// every NewX constructor).
type ResourceOption interface {
	applyResourceOption(*resourceOptions)
}

type resourceOption func(*resourceOptions)

func (o resourceOption) applyResourceOption(ro *resourceOptions) { o(ro) }

// Import adopts the existing resource with provider id o instead of creating one.
func Import(o IDInput) ResourceOption { return resourceOption(func(*resourceOptions) {}) }

// DependsOn orders the resource after o.
func DependsOn(o []Resource) ResourceOption { return resourceOption(func(*resourceOptions) {}) }

// Parent makes r the resource's parent.
func Parent(r Resource) ResourceOption { return resourceOption(func(*resourceOptions) {}) }

// Protect refuses deleting the resource.
func Protect(o bool) ResourceOption { return resourceOption(func(*resourceOptions) {}) }

// RetainOnDelete leaves the resource in the provider when Pulumi deletes it.
func RetainOnDelete(b bool) ResourceOption { return resourceOption(func(*resourceOptions) {}) }

// DeleteBeforeReplace deletes the old resource before creating its replacement.
func DeleteBeforeReplace(o bool) ResourceOption { return resourceOption(func(*resourceOptions) {}) }

// IgnoreChanges ignores changes of the named properties.
func IgnoreChanges(o []string) ResourceOption { return resourceOption(func(*resourceOptions) {}) }
