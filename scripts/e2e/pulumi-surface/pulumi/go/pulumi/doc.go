// Package pulumi is a compile-only stand-in for the surface of
// github.com/pulumi/pulumi/sdk/v3/go/pulumi that planton-gen's generated programs use:
// the same exported names, method sets and assignability rules, and no behaviour. Nothing
// here runs a deployment; functions return zero values. It exists so that
// scripts/e2e/check_pulumi can type-check a generated main.go without the module proxy.
//
// The rule followed throughout: never accept more than the real SDK accepts for what is
// modelled. An XInput is an interface with the real SDK's conversion methods, so a plain Go
// value (string, *string, int) never satisfies it; pulumi.String(..) satisfies StringInput
// and StringPtrInput, and a StringOutput satisfies both as well.
package pulumi
