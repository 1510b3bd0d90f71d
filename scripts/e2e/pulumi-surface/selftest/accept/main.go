// Must compile against the stand-in: every resource built the way the facts say the real
// SDK takes it. If this fails, the stand-in is stricter than the SDK it stands for.
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
		_ = cfg.Get("zone") + ctx.Project() + ctx.Stack()
		_, _ = cfg.RequireInt("n"), cfg.RequireBool("b")
		token := cfg.RequireSecret("token")

		kv, err := cloudflare.NewWorkersKvNamespace(ctx, "kv", &cloudflare.WorkersKvNamespaceArgs{
			AccountId: pulumi.String(accountID),
			Title:     pulumi.String("kv"),
		}, pulumi.Import(pulumi.ID(accountID+"/"+"0f2ac74b498b48028cb68387c421e279")))
		if err != nil {
			return err
		}
		ctx.Export("kvId", kv.ID())
		ctx.Export("kvTitle", kv.Title)
		ctx.Export("literal", pulumi.String("x"))
		ctx.Export("both", pulumi.Sprintf("%s/%s", kv.ID(), kv.Title))

		zone, err := cloudflare.NewZone(ctx, "zone", &cloudflare.ZoneArgs{
			Account:           cloudflare.ZoneAccountArgs{Id: pulumi.String(accountID)},
			Name:              pulumi.String("example.com"),
			Paused:            pulumi.Bool(false),
			Type:              pulumi.StringPtr("full"),
			VanityNameServers: pulumi.StringArray{pulumi.String("ns1.example.com")},
		})
		if err != nil {
			return err
		}
		ctx.Export("nameServers", zone.NameServers)
		ctx.Export("status", zone.Status)
		_, err = cloudflare.NewZone(ctx, "zone2", &cloudflare.ZoneArgs{
			Account: &cloudflare.ZoneAccountArgs{Id: pulumi.StringPtr(accountID)},
			Name:    pulumi.String("example.org"),
		}, pulumi.DependsOn([]pulumi.Resource{zone, kv}), pulumi.Protect(true))
		if err != nil {
			return err
		}
		_, err = cloudflare.NewZoneSubscription(ctx, "sub", &cloudflare.ZoneSubscriptionArgs{
			ZoneId:    zone.ID(),
			RatePlan:  &cloudflare.ZoneSubscriptionRatePlanArgs{Id: pulumi.String("free")},
			Frequency: pulumi.String("monthly"),
		})
		if err != nil {
			return err
		}

		bucket, err := cloudflare.NewR2Bucket(ctx, "bucket", &cloudflare.R2BucketArgs{
			AccountId:    pulumi.String(accountID),
			Jurisdiction: pulumi.String("eu"),
			Location:     pulumi.String("weur"),
			Name:         pulumi.String("bucket"),
			StorageClass: pulumi.String("Standard"),
		})
		if err != nil {
			return err
		}
		ctx.Export("bucket", pulumi.All(bucket.Name, bucket.Location, bucket.CreationDate).ApplyT(
			func(v []interface{}) string { return v[0].(string) }).(pulumi.StringOutput))
		_, err = cloudflare.NewR2CustomDomain(ctx, "domain", &cloudflare.R2CustomDomainArgs{
			AccountId:    pulumi.String(accountID),
			BucketName:   bucket.Name,
			Ciphers:      pulumi.ToStringArray([]string{"ECDHE-RSA-AES128-GCM-SHA256"}),
			Domain:       pulumi.String("files.example.com"),
			Enabled:      pulumi.Bool(true),
			Jurisdiction: pulumi.String("eu"),
			MinTls:       pulumi.String("1.2"),
			ZoneId:       zone.ID(),
		})
		if err != nil {
			return err
		}
		managed, err := cloudflare.NewR2ManagedDomain(ctx, "managed", &cloudflare.R2ManagedDomainArgs{
			AccountId:    pulumi.String(accountID),
			BucketName:   bucket.Name,
			Enabled:      pulumi.Bool(true),
			Jurisdiction: pulumi.String("eu"),
		})
		if err != nil {
			return err
		}
		ctx.Export("managed", pulumi.Sprintf("%s %s", managed.Domain, managed.BucketId))

		db, err := cloudflare.NewD1Database(ctx, "db", &cloudflare.D1DatabaseArgs{
			AccountId:           pulumi.String(accountID),
			Jurisdiction:        pulumi.String("eu"),
			Name:                pulumi.String("db"),
			PrimaryLocationHint: pulumi.String("weur"),
			ReadReplication:     &cloudflare.D1DatabaseReadReplicationArgs{Mode: pulumi.String("auto")},
		})
		if err != nil {
			return err
		}
		ctx.Export("dbUuid", db.Uuid)
		for _, rr := range []cloudflare.D1DatabaseReadReplicationPtrInput{
			cloudflare.D1DatabaseReadReplicationArgs{Mode: pulumi.String("disabled")},
			cloudflare.D1DatabaseReadReplicationPtr(&cloudflare.D1DatabaseReadReplicationArgs{Mode: pulumi.String("auto")}),
		} {
			if _, err := cloudflare.NewD1Database(ctx, "db2", &cloudflare.D1DatabaseArgs{
				Name:            db.Name,
				ReadReplication: rr,
			}); err != nil {
				return err
			}
		}

		script, err := cloudflare.NewWorkersScript(ctx, "script", &cloudflare.WorkersScriptArgs{
			ScriptName:         pulumi.String("worker"),
			AccountId:          pulumi.String(accountID),
			Content:            pulumi.String("export default {}"),
			ContentFile:        pulumi.String("dist/index.js"),
			ContentSha256:      pulumi.String("00"),
			ContentType:        pulumi.String("application/javascript+module"),
			MainModule:         pulumi.String("index.js"),
			BodyPart:           pulumi.String("script"),
			CompatibilityDate:  pulumi.String("2025-01-01"),
			UsageModel:         pulumi.String("standard"),
			CompatibilityFlags: pulumi.StringArray{pulumi.String("nodejs_compat")},
			KeepBindings:       pulumi.StringArray{},
			Logpush:            pulumi.Bool(false),
			KeepAssets:         pulumi.BoolPtr(true),
			Bindings: cloudflare.WorkersScriptBindingArray{
				cloudflare.WorkersScriptBindingArgs{
					Name:        pulumi.String("CACHE"),
					Type:        pulumi.String("kv_namespace"),
					NamespaceId: kv.ID(),
				},
				&cloudflare.WorkersScriptBindingArgs{
					Name:         pulumi.String("FILES"),
					Type:         pulumi.String("r2_bucket"),
					BucketName:   bucket.Name,
					Jurisdiction: pulumi.String("eu"),
				},
				cloudflare.WorkersScriptBindingArgs{
					Name:       pulumi.String("DB"),
					Type:       pulumi.String("d1"),
					Id:         db.ID(),
					DatabaseId: db.Uuid,
					Text:       pulumi.String("x"),
				},
			},
			Observability: &cloudflare.WorkersScriptObservabilityArgs{
				Enabled:          pulumi.Bool(true),
				HeadSamplingRate: pulumi.Float64(0.5),
			},
		})
		if err != nil {
			return err
		}
		route, err := cloudflare.NewWorkersRoute(ctx, "route", &cloudflare.WorkersRouteArgs{
			Pattern: pulumi.String("example.com/*"),
			Script:  pulumi.String("worker"),
			ZoneId:  zone.ID(),
		}, pulumi.DependsOn([]pulumi.Resource{script}))
		if err != nil {
			return err
		}
		ctx.Export("routeUrls", pulumi.StringArray{route.Pattern})
		// The package-level config functions read the project's namespace.
		scriptFile := config.Get(ctx, "scriptFile")
		_, err = cloudflare.NewWorkersScript(ctx, "script2", &cloudflare.WorkersScriptArgs{
			ScriptName: pulumi.String(scriptFile),
			Bindings: cloudflare.WorkersScriptBindingArray{
				cloudflare.WorkersScriptBindingArgs{
					Name: pulumi.String("API_KEY"),
					Type: pulumi.String("secret_text"),
					Text: config.RequireSecret(ctx, "worker_API_KEY"),
				},
			},
		})
		if err != nil {
			return err
		}
		_, err = cloudflare.NewWorkersCustomDomain(ctx, "custom", &cloudflare.WorkersCustomDomainArgs{
			Hostname:    pulumi.String("api.example.com"),
			Service:     pulumi.String("worker"),
			AccountId:   pulumi.String(accountID),
			ZoneId:      zone.ID(),
			ZoneName:    pulumi.String("example.com"),
			Environment: pulumi.String("production"),
		})
		if err != nil {
			return err
		}
		_, err = cloudflare.NewDnsRecord(ctx, "www", &cloudflare.DnsRecordArgs{
			Name:           pulumi.String("www"),
			Ttl:            pulumi.Float64(1),
			Type:           pulumi.String("CNAME"),
			ZoneId:         zone.ID(),
			Content:        pulumi.String("example.com"),
			Comment:        pulumi.String("x"),
			Proxied:        pulumi.Bool(true),
			PrivateRouting: pulumi.BoolPtr(false),
			Priority:       pulumi.Float64(10),
			Tags:           pulumi.StringArray{pulumi.String("a:b")},
		})
		if err != nil {
			return err
		}

		monitor, err := cloudflare.NewLoadBalancerMonitor(ctx, "monitor", &cloudflare.LoadBalancerMonitorArgs{
			AccountId:       pulumi.String(accountID),
			Type:            pulumi.String("https"),
			Method:          pulumi.String("GET"),
			Path:            pulumi.String("/health"),
			ExpectedCodes:   pulumi.String("2xx"),
			ExpectedBody:    pulumi.String("ok"),
			Description:     pulumi.String("x"),
			ProbeZone:       pulumi.String("example.com"),
			Interval:        pulumi.Int(60),
			Retries:         pulumi.Int(2),
			Timeout:         pulumi.Int(5),
			Port:            pulumi.IntPtr(443),
			ConsecutiveUp:   pulumi.Int(1),
			ConsecutiveDown: pulumi.Int(1),
			FollowRedirects: pulumi.Bool(true),
			AllowInsecure:   pulumi.Bool(false),
			Header:          pulumi.StringArrayMap{"Host": pulumi.StringArray{pulumi.String("example.com")}},
		})
		if err != nil {
			return err
		}
		pool, err := cloudflare.NewLoadBalancerPool(ctx, "pool", &cloudflare.LoadBalancerPoolArgs{
			Name: pulumi.String("pool"),
			Origins: cloudflare.LoadBalancerPoolOriginArray{
				cloudflare.LoadBalancerPoolOriginArgs{
					Address:          pulumi.String("192.0.2.1"),
					Name:             pulumi.String("a"),
					VirtualNetworkId: pulumi.String("x"),
					Weight:           pulumi.Float64(1),
					Enabled:          pulumi.Bool(true),
					FlattenCname:     pulumi.Bool(false),
					Port:             pulumi.Int(443),
				},
			},
			AccountId:         pulumi.String(accountID),
			Monitor:           monitor.ID(),
			MonitorGroup:      pulumi.String("x"),
			Description:       pulumi.String("x"),
			NotificationEmail: pulumi.String("ops@example.com"),
			Enabled:           pulumi.Bool(true),
			MinimumOrigins:    pulumi.Int(1),
			Latitude:          pulumi.Float64(52.5),
			Longitude:         pulumi.Float64(13.4),
			CheckRegions:      pulumi.StringArray{pulumi.String("WEU")},
		})
		if err != nil {
			return err
		}
		lb, err := cloudflare.NewLoadBalancer(ctx, "lb", &cloudflare.LoadBalancerArgs{
			DefaultPools:       pulumi.StringArray{pool.ID()},
			FallbackPool:       pool.ID(),
			Name:               pulumi.String("lb.example.com"),
			ZoneId:             zone.ID(),
			SteeringPolicy:     pulumi.String("off"),
			SessionAffinity:    pulumi.String("none"),
			Description:        pulumi.String("x"),
			Proxied:            pulumi.Bool(true),
			Enabled:            pulumi.Bool(true),
			Ttl:                pulumi.Float64(30),
			SessionAffinityTtl: pulumi.Float64(1800),
		})
		if err != nil {
			return err
		}
		ctx.Export("lbId", lb.ID())
		ctx.Export("lbName", lb.Name)

		policy, err := cloudflare.NewZeroTrustAccessPolicy(ctx, "policy", &cloudflare.ZeroTrustAccessPolicyArgs{
			Decision:  pulumi.String("allow"),
			Name:      pulumi.String("staff"),
			AccountId: pulumi.String(accountID),
			Includes: cloudflare.ZeroTrustAccessPolicyIncludeArray{
				cloudflare.ZeroTrustAccessPolicyIncludeArgs{
					Email: &cloudflare.ZeroTrustAccessPolicyIncludeEmailArgs{Email: pulumi.String("a@example.com")},
				},
				cloudflare.ZeroTrustAccessPolicyIncludeArgs{
					Gsuite: &cloudflare.ZeroTrustAccessPolicyIncludeGsuiteArgs{
						Email:              pulumi.String("example.com"),
						IdentityProviderId: pulumi.String("idp"),
					},
				},
			},
			Requires: cloudflare.ZeroTrustAccessPolicyRequireArray{
				cloudflare.ZeroTrustAccessPolicyRequireArgs{
					AuthMethod: &cloudflare.ZeroTrustAccessPolicyRequireAuthMethodArgs{AuthMethod: pulumi.String("mfa")},
				},
			},
			SessionDuration: pulumi.String("24h"),
		})
		if err != nil {
			return err
		}
		_, err = cloudflare.NewZeroTrustAccessApplication(ctx, "app", &cloudflare.ZeroTrustAccessApplicationArgs{
			AccountId:       pulumi.String(accountID),
			ZoneId:          zone.ID(),
			Name:            pulumi.String("app"),
			Domain:          pulumi.String("app.example.com"),
			Type:            pulumi.String("self_hosted"),
			SessionDuration: pulumi.String("24h"),
			Policies: cloudflare.ZeroTrustAccessApplicationPolicyArray{
				cloudflare.ZeroTrustAccessApplicationPolicyArgs{
					Id:         policy.ID(),
					Precedence: pulumi.Int(1),
					Decision:   pulumi.String("allow"),
					Name:       pulumi.String("staff"),
				},
			},
			SelfHostedDomains: pulumi.StringArray{pulumi.String("app.example.com")},
			AllowedIdps:       pulumi.StringArray{},
			Tags:              pulumi.StringArray{pulumi.String("team")},
		})
		if err != nil {
			return err
		}
		ctx.Export("token", token)
		return nil
	})
}
