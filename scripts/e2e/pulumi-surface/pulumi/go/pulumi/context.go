package pulumi

import "context"

// Context is the deployment a program runs in.
type Context struct {
	ctx context.Context
}

// RunFunc is a program's body.
type RunFunc func(ctx *Context) error

// RunInfo holds what RunOptions change.
type RunInfo struct{}

// RunOption changes how Run runs the body.
type RunOption func(*RunInfo)

// Run runs body as a Pulumi program. The stand-in never runs it.
func Run(body RunFunc, opts ...RunOption) {}

// Export makes value a stack output named name.
func (ctx *Context) Export(name string, value Input) {}

// Project is the Pulumi project's name.
func (ctx *Context) Project() string { return "" }

// Stack is the stack's name.
func (ctx *Context) Stack() string { return "" }
