//! `planton-gen explain`: the text for a kind, a field with two spellings and rules, a list of
//! messages, an enum; and the errors for a field or kind that does not exist. Snapshots are in
//! tests/snapshots/explain (re-bless with EXPECTORATE=overwrite after reading the diff).

use assert_cmd::Command;
use predicates::prelude::*;

fn planton() -> Command {
    let mut command = Command::cargo_bin("planton-gen").unwrap();
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

fn explained(target: &str) -> String {
    let output = planton().args(["explain", target]).output().unwrap();
    assert!(output.status.success(), "{target}: {output:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn explains_a_kind_and_its_fields() {
    for (target, snapshot) in [
        ("CloudflareKvNamespace", "kind"),
        ("CloudflareKvNamespace.spec.ttlSeconds", "ttl_seconds"),
        (
            "CloudflareKvNamespace.spec.namespace_name",
            "namespace_name",
        ),
        (
            "CloudflareKvNamespace.metadata.relationships",
            "relationships",
        ),
        (
            "CloudflareKvNamespace.metadata.relationships.type",
            "relationship_type",
        ),
        // References: a list of them, a literal-or-reference, and a plain string that the
        // schema marks as another kind's value but cannot refer.
        ("CloudflareWorker.spec.kv_bindings", "kv_bindings"),
        (
            "CloudflareLoadBalancer.spec.zone_id",
            "load_balancer_zone_id",
        ),
        (
            "CloudflareZeroTrustAccessApplication.spec.zone_id",
            "access_application_zone_id",
        ),
        ("CloudflareR2Bucket", "r2_bucket"),
    ] {
        expectorate::assert_contents(
            format!("tests/snapshots/explain/{snapshot}.txt"),
            &explained(target),
        );
    }
}

#[test]
fn unknown_fields_and_kinds_are_usage_errors_that_list_what_exists() {
    planton()
        .args(["explain", "CloudflareKvNamespace.spec.nope"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "spec has no field `nope`; its fields: namespace_name, ttl_seconds, description",
        ));
    planton()
        .args(["explain", "CloudflareKvNamespace.spec.ttl_seconds.x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "spec.ttl_seconds is of type int32, which has no fields",
        ));
    planton()
        .args(["explain", "KvNamespace"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown kind `KvNamespace`; known kinds: CloudflareD1Database, CloudflareDnsZone, CloudflareKvNamespace, CloudflareLoadBalancer, CloudflareR2Bucket, CloudflareWorker, CloudflareZeroTrustAccessApplication (cloudflare.project-planton.org/v1)",
        ));
}
