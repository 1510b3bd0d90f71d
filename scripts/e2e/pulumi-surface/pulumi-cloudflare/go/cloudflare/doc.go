// Package cloudflare is a compile-only stand-in for
// github.com/pulumi/pulumi-cloudflare/sdk/v6/go/cloudflare: for each resource planton-gen may
// generate, the resource struct (with the outputs it may read), its Args struct with the
// field names and input types of sdk/v6 v6.17.0, the nested argument types, and the NewX
// constructor. No behaviour. See ../../../README.md.
package cloudflare
