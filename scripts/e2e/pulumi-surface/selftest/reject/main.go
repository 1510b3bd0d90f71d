// Must NOT compile against the stand-in: every line marked `// want "regexp"` is a mistake
// the real SDK rejects too, and the compiler must report it on that line (and nothing on
// any unmarked line). If a marked line compiles, the stand-in accepts more than the SDK.
package main

import (
	"github.com/pulumi/pulumi-cloudflare/sdk/v6/go/cloudflare"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		accountID := cfg.Require("accountId")
		title := "t"
		kv, _ := cloudflare.NewWorkersKvNamespace(ctx, "kv", &cloudflare.WorkersKvNamespaceArgs{
			AccountId: pulumi.String(accountID),
			Title:     pulumi.String("kv"),
		})

		// Plain Go values are not inputs.
		_, _ = cloudflare.NewWorkersKvNamespace(ctx, "a", &cloudflare.WorkersKvNamespaceArgs{
			Title: "x", // want `cannot use "x" .* as pulumi.StringInput value`
		})
		_, _ = cloudflare.NewWorkersKvNamespace(ctx, "b", &cloudflare.WorkersKvNamespaceArgs{
			Title: &title, // want `cannot use &title .* as pulumi.StringInput value`
		})
		_, _ = cloudflare.NewWorkersKvNamespace(ctx, "c", &cloudflare.WorkersKvNamespaceArgs{
			AccountId: accountID, // want `cannot use accountID .* as pulumi.StringPtrInput value`
			Title:     pulumi.String("c"),
		})
		_, _ = cloudflare.NewWorkersKvNamespace(ctx, "d", &cloudflare.WorkersKvNamespaceArgs{
			AccountId: &accountID, // want `cannot use &accountID .* as pulumi.StringPtrInput value`
			Title:     pulumi.String("d"),
		})
		// An optional value is not a required one.
		_, _ = cloudflare.NewWorkersKvNamespace(ctx, "e", &cloudflare.WorkersKvNamespaceArgs{
			Title: pulumi.StringPtr("e"), // want `cannot use pulumi.StringPtr\("e"\) .* as pulumi.StringInput value`
		})
		_, _ = cloudflare.NewR2CustomDomain(ctx, "f", &cloudflare.R2CustomDomainArgs{
			Enabled: pulumi.BoolPtr(true), // want `as pulumi.BoolInput value`
		})
		// Wrong field names.
		_, _ = cloudflare.NewWorkersKvNamespace(ctx, "g", &cloudflare.WorkersKvNamespaceArgs{
			Titel: pulumi.String("g"), // want `unknown field Titel in struct literal`
		})
		_, _ = cloudflare.NewDnsRecord(ctx, "h", &cloudflare.DnsRecordArgs{
			ZoneID: pulumi.String("z"), // want `unknown field ZoneID in struct literal`
		})
		// Wrong scalar types.
		_, _ = cloudflare.NewDnsRecord(ctx, "i", &cloudflare.DnsRecordArgs{
			Ttl: pulumi.Int(300), // want `cannot use pulumi.Int\(300\) .* as pulumi.Float64Input value`
		})
		_, _ = cloudflare.NewDnsRecord(ctx, "j", &cloudflare.DnsRecordArgs{
			Ttl: 300, // want `cannot use 300 .* as pulumi.Float64Input value`
		})
		_, _ = cloudflare.NewDnsRecord(ctx, "k", &cloudflare.DnsRecordArgs{
			Proxied: true, // want `as pulumi.BoolPtrInput value`
		})
		_, _ = cloudflare.NewLoadBalancerPool(ctx, "l", &cloudflare.LoadBalancerPoolArgs{
			MinimumOrigins: pulumi.Float64(1), // want `as pulumi.IntPtrInput value`
		})
		_, _ = cloudflare.NewLoadBalancerMonitor(ctx, "m", &cloudflare.LoadBalancerMonitorArgs{
			Port: pulumi.String("443"), // want `as pulumi.IntPtrInput value`
		})
		// Lists and maps.
		_, _ = cloudflare.NewDnsRecord(ctx, "n", &cloudflare.DnsRecordArgs{
			Tags: []string{"a"}, // want `as pulumi.StringArrayInput value`
		})
		_, _ = cloudflare.NewDnsRecord(ctx, "o", &cloudflare.DnsRecordArgs{
			Tags: pulumi.StringArray{"a"}, // want `cannot use "a" .* as pulumi.StringInput value in array or slice literal`
		})
		_, _ = cloudflare.NewDnsRecord(ctx, "p", &cloudflare.DnsRecordArgs{
			Tags: pulumi.String("a"), // want `as pulumi.StringArrayInput value`
		})
		_, _ = cloudflare.NewLoadBalancerMonitor(ctx, "q", &cloudflare.LoadBalancerMonitorArgs{
			Header: pulumi.StringMap{"Host": pulumi.String("x")}, // want `as pulumi.StringArrayMapInput value`
		})
		// Nested objects.
		_, _ = cloudflare.NewZone(ctx, "r", &cloudflare.ZoneArgs{
			Account: pulumi.String(accountID), // want `as cloudflare.ZoneAccountInput value`
		})
		_, _ = cloudflare.NewD1Database(ctx, "s", &cloudflare.D1DatabaseArgs{
			ReadReplication: &cloudflare.ZoneSubscriptionRatePlanArgs{}, // want `as cloudflare.D1DatabaseReadReplicationPtrInput value`
		})
		_, _ = cloudflare.NewD1Database(ctx, "t", &cloudflare.D1DatabaseArgs{
			ReadReplication: pulumi.String("auto"), // want `as cloudflare.D1DatabaseReadReplicationPtrInput value`
		})
		_, _ = cloudflare.NewWorkersScript(ctx, "u", &cloudflare.WorkersScriptArgs{
			Bindings: cloudflare.WorkersScriptBindingArgs{}, // want `as cloudflare.WorkersScriptBindingArrayInput value`
		})
		_, _ = cloudflare.NewWorkersScript(ctx, "v", &cloudflare.WorkersScriptArgs{
			Bindings: []cloudflare.WorkersScriptBindingArgs{}, // want `as cloudflare.WorkersScriptBindingArrayInput value`
		})
		_, _ = cloudflare.NewZeroTrustAccessPolicy(ctx, "w", &cloudflare.ZeroTrustAccessPolicyArgs{
			Includes: cloudflare.ZeroTrustAccessPolicyIncludeArray{
				cloudflare.ZeroTrustAccessPolicyIncludeArgs{
					Email: cloudflare.ZeroTrustAccessPolicyIncludeEmailArgs{}, // want `as \*cloudflare.ZeroTrustAccessPolicyIncludeEmailArgs value`
				},
			},
		})
		_, _ = cloudflare.NewZeroTrustAccessPolicy(ctx, "x", &cloudflare.ZeroTrustAccessPolicyArgs{
			Requires: cloudflare.ZeroTrustAccessPolicyIncludeArray{}, // want `as cloudflare.ZeroTrustAccessPolicyRequireArrayInput value`
		})
		// Constructors, options, exports, outputs.
		_, _ = cloudflare.NewWorkersKvNamespace(ctx, "y", cloudflare.WorkersKvNamespaceArgs{}) // want `cannot use cloudflare.WorkersKvNamespaceArgs{} .* as \*cloudflare.WorkersKvNamespaceArgs value`

		_, _ = cloudflare.NewWorkersKvNamespace(ctx, "z", &cloudflare.WorkersKvNamespaceArgs{}, pulumi.Import("id")) // want `cannot use "id" .* as pulumi.IDInput value`

		_, _ = cloudflare.NewWorkersKvNamespace(ctx, "z1", &cloudflare.WorkersKvNamespaceArgs{}, pulumi.Import(pulumi.String("id"))) // want `as pulumi.IDInput value`

		_, _ = cloudflare.NewWorkersKvNamespace(ctx, "z2", &cloudflare.WorkersKvNamespaceArgs{}, pulumi.DependsOn([]pulumi.Resource{&cloudflare.ZoneArgs{}})) // want `as pulumi.Resource value`

		_, _ = cloudflare.NewWorkersKvNamespace(ctx, "z3", &cloudflare.WorkersKvNamespaceArgs{}, pulumi.DependsOn([]pulumi.Resource{*kv})) // want `as pulumi.Resource value`

		_, _ = cloudflare.NewWorkersKvNamespace(ctx, "z4", &cloudflare.WorkersKvNamespaceArgs{}, pulumi.Protect) // want `as pulumi.ResourceOption value`

		ctx.Export("plain", "value") // want `cannot use "value" .* as pulumi.Input value`

		ctx.Export(kv.ID(), kv.Title) // want `cannot use kv.ID\(\) .* as string value`

		var _ string = kv.Title // want `cannot use kv.Title .* as string value`

		var _ pulumi.StringInput = cfg.Require("key") // want `as pulumi.StringInput value`

		var _ pulumi.Output = pulumi.String("x") // want `as pulumi.Output value`

		_ = kv.Name // want `kv.Name undefined`

		var _ string = (&cloudflare.LoadBalancer{}).Name // want `cannot use .*\.Name .* as string value`

		var _ pulumi.StringInput = config.Get(ctx, "key") // want `as pulumi.StringInput value`

		_ = config.RequireSecret("key") // want `not enough arguments in call to config.RequireSecret`

		var _ string = config.RequireSecret(ctx, "key") // want `as string value`
		return nil
	})
}
