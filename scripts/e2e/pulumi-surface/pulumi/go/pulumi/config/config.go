// Package config is a compile-only stand-in for
// github.com/pulumi/pulumi/sdk/v3/go/pulumi/config: reading the stack's configuration.
package config

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// Config reads keys of one namespace ("" is the project's own).
type Config struct {
	ctx       *pulumi.Context
	namespace string
}

// New reads the configuration of namespace; "" is the project's name.
func New(ctx *pulumi.Context, namespace string) *Config {
	return &Config{ctx: ctx, namespace: namespace}
}

// Get is key's value, or "" when unset.
func (c *Config) Get(key string) string { return "" }

// Try is key's value, or an error when unset.
func (c *Config) Try(key string) (string, error) { return "", nil }

// Require is key's value; the program stops when it is unset.
func (c *Config) Require(key string) string { return "" }

func (c *Config) GetBool(key string) bool { return false }

func (c *Config) RequireBool(key string) bool { return false }

func (c *Config) GetInt(key string) int { return 0 }

func (c *Config) RequireInt(key string) int { return 0 }

func (c *Config) GetFloat64(key string) float64 { return 0 }

func (c *Config) RequireFloat64(key string) float64 { return 0 }

// GetSecret is key's value as a secret output.
func (c *Config) GetSecret(key string) pulumi.StringOutput { return pulumi.StringOutput{} }

// RequireSecret is key's value as a secret output; the program stops when it is unset.
func (c *Config) RequireSecret(key string) pulumi.StringOutput { return pulumi.StringOutput{} }

// The package-level forms read the project's own namespace, as New(ctx, "") does (the real
// package has them for every method above; only these are modelled).

// Get is key's value in the project's configuration, or "" when unset.
func Get(ctx *pulumi.Context, key string) string { return "" }

// RequireSecret is key's value in the project's configuration as a secret output; the program
// stops when it is unset.
func RequireSecret(ctx *pulumi.Context, key string) pulumi.StringOutput {
	return pulumi.StringOutput{}
}
