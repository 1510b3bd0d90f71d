// A compile-only stand-in for github.com/pulumi/pulumi-cloudflare/sdk/v6 (resource
// constructors and their Args types as of v6.17.0; no behaviour). See ../README.md.
// The go line is not the real module's: it is kept low so it never raises the program's.
module github.com/pulumi/pulumi-cloudflare/sdk/v6

go 1.25

// Resolved by the replace directives of the program being checked (scripts/e2e/check_pulumi).
require github.com/pulumi/pulumi/sdk/v3 v3.261.0

// For working on the stand-in alone (`go vet ./...` here); a dependency's replace directives
// do not apply to the program that requires it.
replace github.com/pulumi/pulumi/sdk/v3 => ../pulumi
