// A compile-only stand-in for github.com/pulumi/pulumi/sdk/v3 (the names and types the
// generated program may use; no behaviour). See ../README.md.
// The go line is not the real module's: it is kept low so it never raises the program's.
module github.com/pulumi/pulumi/sdk/v3

go 1.25
