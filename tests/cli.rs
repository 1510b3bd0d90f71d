//! The command line as users and CI scripts see it: exit codes, the three violation formats,
//! and a clear, positioned error for every kind of bad input.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

fn planton() -> Command {
    let mut command = Command::cargo_bin("planton-gen").unwrap();
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

const KV: &str = "apiVersion: cloudflare.project-planton.org/v1
kind: CloudflareKvNamespace
metadata:
  name: NAME
spec:
  namespace_name: NAME
  ttl_seconds: 300
  description: Sandbox
";

fn kv(name: &str) -> String {
    KV.replace("NAME", name)
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs `validate` on one file holding `text`; returns (exit code, stderr).
fn validate_text(text: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "m.yaml", text);
    let output = planton()
        .args(["validate", "--color", "never"])
        .arg(&path)
        .output()
        .unwrap();
    let stderr =
        String::from_utf8_lossy(&output.stderr).replace(&path.display().to_string(), "m.yaml");
    (output.status.code().unwrap_or(-1), stderr)
}

#[test]
fn bundled_examples_are_valid() {
    planton()
        .args(["validate", "examples/kv/"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("5 manifests in 3 files: valid"));
}

#[test]
fn facts_examples_each_break_the_right_rule() {
    let cases = [
        ("namespace_name: NAME", format!("namespace_name: {}", "a".repeat(65)), "6:3: spec.namespace_name: must be at most 64 characters, got 65 [string.max_len]"),
        ("ttl_seconds: 300", "ttl_seconds: -1".into(), "7:3: spec.ttl_seconds: must be greater than or equal to 0, got -1 [int32.gte]"),
        ("ttl_seconds: 300", "ttl_seconds: 30".into(), "7:3: spec.ttl_seconds: must be 0 (no expiry) or at least 60 seconds, Cloudflare's minimum expiration [ttl_seconds.min_expiration]"),
        ("description: Sandbox", format!("description: {}", "d".repeat(257)), "8:3: spec.description: must be at most 256 characters, got 257 [string.max_len]"),
    ];
    for (from, to, expected) in cases {
        let (code, stderr) = validate_text(&KV.replace(from, &to).replace("NAME", "x"));
        assert_eq!(code, 1, "{stderr}");
        assert!(
            stderr.contains(&format!("m.yaml:{expected}")),
            "{expected}\n---\n{stderr}"
        );
    }
}

#[test]
fn both_field_name_spellings_are_accepted() {
    let text = kv("x")
        .replace("namespace_name", "namespaceName")
        .replace("ttl_seconds", "ttlSeconds");
    let (code, stderr) = validate_text(&text);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn every_violation_of_every_manifest_is_listed() {
    let text = format!(
        "{}---\n{}",
        kv("a").replace("ttl_seconds: 300", "ttl_seconds: 30"),
        kv("b").replace("namespace_name: b", "namespace_name: ''")
    );
    let (code, stderr) = validate_text(&text);
    assert_eq!(code, 1);
    assert!(stderr.contains("m.yaml:7:3: spec.ttl_seconds:"), "{stderr}");
    assert!(
        stderr.contains("m.yaml:15:3: spec.namespace_name: is required [required]"),
        "{stderr}"
    );
    assert!(stderr.contains("2 violations"), "{stderr}");
}

#[test]
fn json_format_is_one_object_per_line_on_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "m.yaml", &kv("x").replace("300", "30"));
    let output = planton()
        .args(["validate", "--error-format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["line"], 7);
    assert_eq!(lines[0]["col"], 3);
    assert_eq!(lines[0]["field"], "spec.ttl_seconds");
    assert_eq!(lines[0]["rule"], "ttl_seconds.min_expiration");
    assert!(lines[0]["file"].as_str().unwrap().ends_with("m.yaml"));
}

#[test]
fn github_format_annotates_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "m.yaml", &kv("x").replace("300", "-1"));
    planton()
        .args(["validate", "--error-format", "github"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(",line=7,col=3::spec.ttl_seconds: must be greater than or equal to 0, got -1 [int32.gte]"));
}

#[test]
fn duplicate_names_across_files_name_both_files() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.yaml", &kv("same"));
    write(dir.path(), "b.yaml", &kv("same"));
    let output = planton()
        .args(["validate", "--color", "never"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    // metadata.name and the account-unique title, both reported on the second file.
    assert!(
        stderr.contains("b.yaml:4:3: metadata.name: `same` is already the metadata.name"),
        "{stderr}"
    );
    assert!(
        stderr
            .contains("b.yaml:6:3: spec.namespace_name: `same` is already the spec.namespace_name"),
        "{stderr}"
    );
    assert!(stderr.contains("a.yaml:6:3"), "{stderr}");
}

#[test]
fn set_overrides_every_manifest_and_is_type_checked() {
    planton()
        .args(["validate", "--set", "spec.ttl_seconds=30", "examples/kv/"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "(value from --set spec.ttl_seconds=30)",
        ));
    planton()
        .args(["validate", "--set", "spec.ttlSeconds=3600", "examples/kv/"])
        .assert()
        .code(0);
    planton()
        .args(["validate", "--set", "spec.ttl_seconds=soon", "examples/kv/"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--set spec.ttl_seconds=soon"));
    planton()
        .args(["validate", "--set", "spec.ttl_secs=1", "examples/kv/"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `ttl_seconds`?"));
}

#[test]
fn stdin_is_read_with_a_dash() {
    planton()
        .args(["validate", "-"])
        .write_stdin(kv("x").replace("300", "30"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("<stdin>:7:3: spec.ttl_seconds:"));
}

#[test]
fn proto_path_adds_kinds() {
    planton()
        .args([
            "--proto-path",
            "tests/fixtures/proto",
            "validate",
            "tests/fixtures/manifests/rule_test_valid.yaml",
        ])
        .assert()
        .code(0);
    planton()
        .args(["validate", "tests/fixtures/manifests/rule_test_valid.yaml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown kind `RuleTest`"));
}

// ---- bad input: each a clear error with its position, never a panic ----

fn assert_bad(text: &str, code: i32, expected: &str) {
    let (actual, stderr) = validate_text(text);
    assert_eq!(actual, code, "{stderr}");
    assert!(
        stderr.contains(expected),
        "expected {expected:?} in:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn not_yaml() {
    assert_bad("kind: [unclosed\nspec: {", 1, "[yaml.syntax]");
}

#[test]
fn a_document_that_is_not_a_mapping() {
    assert_bad(
        "- just\n- a list\n",
        1,
        "m.yaml:1:1: a manifest must be a mapping",
    );
    assert_bad("hello\n", 1, "[manifest.not_mapping]");
}

#[test]
fn an_empty_file() {
    assert_bad("", 1, "m.yaml:1:1: no manifest here");
    assert_bad("# only a comment\n", 1, "[manifest.empty]");
}

#[test]
fn missing_or_unknown_kind_lists_the_known_kinds() {
    let known = "CloudflareD1Database, CloudflareDnsZone, CloudflareKvNamespace, CloudflareLoadBalancer, CloudflareR2Bucket, CloudflareWorker, CloudflareZeroTrustAccessApplication (cloudflare.project-planton.org/v1)";
    assert_bad(
        &kv("x").replace("kind: CloudflareKvNamespace\n", ""),
        1,
        known,
    );
    assert_bad(
        &kv("x").replace("apiVersion: cloudflare.project-planton.org/v1\n", ""),
        1,
        "missing `apiVersion`",
    );
    assert_bad(
        &kv("x").replace("kind: CloudflareKvNamespace", "kind: Bucket"),
        1,
        known,
    );
    assert_bad(
        &kv("x").replace("project-planton.org/v1", "project-planton.org/v2"),
        1,
        "m.yaml:1:13: api_version: kind CloudflareKvNamespace has no apiVersion \
         `cloudflare.project-planton.org/v2`; use cloudflare.project-planton.org/v1 [string.const]",
    );
}

/// With its one known version, a kind named with a wrong or missing apiVersion is still
/// validated as that kind, as protovalidate does: every other mistake is reported too.
#[test]
fn a_wrong_api_version_does_not_hide_the_other_violations() {
    let bad_ttl = kv("x").replace("ttl_seconds: 300", "ttl_seconds: 5");
    for text in [
        bad_ttl.replace("project-planton.org/v1", "project-planton.org/v2"),
        bad_ttl.replace(
            "apiVersion: cloudflare.project-planton.org/v1",
            "apiVersion: ''",
        ),
        bad_ttl.replace("apiVersion: cloudflare.project-planton.org/v1\n", ""),
    ] {
        let (code, stderr) = validate_text(&text);
        assert_eq!(code, 1, "{stderr}");
        assert!(stderr.contains("api_version: "), "{stderr}");
        assert!(stderr.contains("[string.const]"), "{stderr}");
        assert!(stderr.contains("spec.ttl_seconds: "), "{stderr}");
        assert!(stderr.contains("error: 2 violations"), "{stderr}");
    }
}

#[test]
fn a_string_where_a_number_belongs() {
    assert_bad(
        &kv("x").replace("ttl_seconds: 300", "ttl_seconds: soon"),
        1,
        "m.yaml:7:16: spec.ttl_seconds:",
    );
}

#[test]
fn a_number_where_a_string_belongs_suggests_quoting() {
    assert_bad(
        &kv("x").replace("description: Sandbox", "description: 42"),
        1,
        "quote it to use it as text",
    );
}

#[test]
fn ttl_of_two_to_the_31() {
    assert_bad(
        &kv("x").replace("ttl_seconds: 300", "ttl_seconds: 2147483648"),
        1,
        "m.yaml:7:16: spec.ttl_seconds: 2147483648 is out of range for int32",
    );
}

#[test]
fn unknown_field_suggests_the_nearest_name() {
    assert_bad(
        &kv("x").replace("namespace_name", "namespace_nam"),
        1,
        "m.yaml:6:3: spec.namespace_nam: unknown field `namespace_nam` in CloudflareKvNamespaceSpec; did you mean `namespace_name`? [field.unknown]",
    );
}

#[test]
fn duplicate_key() {
    assert_bad(
        &format!("{}  ttl_seconds: 60\n", kv("x")),
        1,
        "m.yaml:9:3: duplicate key `ttl_seconds` (first at line 7, column 3)",
    );
    // The same field under its proto and its JSON name.
    assert_bad(
        &format!("{}  ttlSeconds: 60\n", kv("x")),
        1,
        "[field.duplicate]",
    );
}

#[test]
fn exponential_aliases() {
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    assert_bad(&bomb, 1, "[yaml.alias_limit]");
}

#[test]
fn a_50_mb_file_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.yaml");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(50 * 1024 * 1024).unwrap();
    planton()
        .arg("validate")
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "file is 50 MiB; manifests are limited to 32 MiB (raise it with --limit file-size=N) [file.too_large]",
        ));
}

#[test]
fn invalid_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.yaml");
    std::fs::write(&path, b"kind: ok\nname: caf\xe9\n").unwrap();
    planton()
        .arg("validate")
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "bad.yaml:2:10: file is not valid UTF-8 text [file.utf8]",
        ));
}

#[test]
fn a_directory_with_no_manifests() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "notes.txt", "hello");
    planton()
        .arg("validate")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no manifests found"));
}

#[test]
fn a_path_that_does_not_exist() {
    planton()
        .args(["validate", "does/not/exist.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "does/not/exist.yaml: No such file or directory",
        ));
}

#[test]
fn usage_errors_exit_2() {
    planton().arg("validate").assert().code(2);
    planton()
        .args(["validate", "--error-format", "xml", "x.yaml"])
        .assert()
        .code(2);
}

#[test]
fn names_that_collide_after_case_conversion_name_both_manifests() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.yaml", &kv("my-kv"));
    write(dir.path(), "b.yaml", &kv("my_kv"));
    let output = planton()
        .args(["validate", "--color", "never"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("b.yaml:4:3: metadata.name: `my_kv` and `my-kv` (")
            && stderr.contains("a.yaml:4:3) both become `my_kv` (names.snake); rename one of them [names.collision]"),
        "{stderr}"
    );
}

#[test]
fn a_name_without_letters_or_digits_cannot_name_resources() {
    assert_bad(
        &kv("x").replace("name: x", "name: '../..'"),
        1,
        "m.yaml:4:3: metadata.name: `../..` cannot name generated resources",
    );
}

#[test]
fn interfaces_take_no_manifests_and_generation_needs_some() {
    for (args, message) in [
        (
            &["terraform", "--module", "examples/kv/"][..],
            "--module takes no MANIFEST: it is generated from the kind's proto alone",
        ),
        (
            &["crossplane", "--xrd", "examples/kv/"][..],
            "--xrd takes no MANIFEST: it is generated from the kind's proto alone",
        ),
        (
            &["terraform"][..],
            "no MANIFEST given: name files, directories or - for stdin",
        ),
        (
            &["terraform", "--module", "--kind", "Nope"][..],
            "unknown kind `Nope`; known kinds: CloudflareD1Database, CloudflareDnsZone, CloudflareKvNamespace, CloudflareLoadBalancer, CloudflareR2Bucket, CloudflareWorker, CloudflareZeroTrustAccessApplication (cloudflare.project-planton.org/v1)",
        ),
    ] {
        planton()
            .args(args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicates::str::contains(message));
    }
}

#[test]
fn a_file_named_twice_is_read_once() {
    // A folder and a file inside it, or the same file spelled two ways: no run.unique
    // violation of a manifest against itself.
    planton()
        .args([
            "validate",
            "examples/kv",
            "examples/kv/dev.yaml",
            "./examples/kv/dev.yaml",
        ])
        .assert()
        .success()
        .stderr("5 manifests in 3 files: valid\n");
}

/// The `name` line of the Pulumi.yaml that `pulumi -o` writes for `names` (plus `args`).
fn pulumi_project(names: &[&str], args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let documents: Vec<String> = names.iter().map(|name| kv(name)).collect();
    let input = write(dir.path(), "kv.yaml", &documents.join("---\n"));
    let out = dir.path().join("pulumi");
    planton()
        .arg("pulumi")
        .args(args)
        .arg("-o")
        .arg(&out)
        .arg(&input)
        .assert()
        .success();
    let text = std::fs::read_to_string(out.join("Pulumi.yaml")).unwrap();
    text.lines()
        .find_map(|line| line.strip_prefix("name: "))
        .unwrap()
        .to_owned()
}

/// Two apps of one monorepo get two Pulumi projects (one backend keeps their stacks apart
/// by project): the default comes from the name segment every manifest shares, and
/// `--pulumi-project` names it outright.
#[test]
fn the_pulumi_project_is_named_after_the_app_or_the_flag() {
    assert_eq!(
        pulumi_project(&["billing-cache-dev", "billing-config-dev"], &[]),
        "\"billing-cloudflare-kv\""
    );
    assert_eq!(
        pulumi_project(&["search-cache-dev"], &[]),
        "\"search-cloudflare-kv\""
    );
    // No segment shared by every name, or a name of one segment: the fixed default.
    for names in [&["billing-cache", "search-cache"][..], &["cache"][..]] {
        assert_eq!(pulumi_project(names, &[]), "\"planton-cloudflare-kv\"");
    }
    assert_eq!(
        pulumi_project(
            &["billing-cache-dev", "search-cache"],
            &["--pulumi-project", "infra.kv_2"]
        ),
        "\"infra.kv_2\""
    );
}

#[test]
fn a_pulumi_project_name_pulumi_refuses_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "kv.yaml", &kv("billing-cache"));
    let long = "p".repeat(101);
    for bad in ["", "my app", "a/b", "Pulumi", "Pulumi.x", long.as_str()] {
        planton()
            .args(["pulumi", "--pulumi-project", bad])
            .arg(&input)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--pulumi-project"));
    }
}

/// A default option that is not a value of its field (an enum value that does not exist) is
/// the schema's mistake: a manifest that leaves the field out is valid, and the run warns,
/// naming the proto field.
#[test]
fn a_default_the_field_cannot_take_is_a_schema_warning() {
    let dir = tempfile::tempdir().unwrap();
    let protos = dir.path().join("protos/defaults_test/v1");
    std::fs::create_dir_all(&protos).unwrap();
    write(
        &protos,
        "thing.proto",
        r#"syntax = "proto3";
package defaults_test.v1;
import "buf/validate/validate.proto";
import "google/protobuf/duration.proto";
import "org/project_planton/shared/options/options.proto";
message Thing {
  string api_version = 1 [(buf.validate.field).string.const = "test.planton-gen.dev/v1"];
  string kind = 2 [(buf.validate.field).string.const = "Thing"];
  ThingSpec spec = 4;
}
enum Size {
  SIZE_UNSPECIFIED = 0;
  SIZE_SMALL = 1;
}
message ThingSpec {
  Size size = 1 [(org.project_planton.shared.options.default) = "SIZE_HUGE"];
  int32 count = 2 [(org.project_planton.shared.options.default) = "3", (buf.validate.field).int32.lt = 3];
  string port = 3 [(org.project_planton.shared.options.default) = "443", (buf.validate.field).string.max_len = 2];
  google.protobuf.Duration timeout = 4 [(org.project_planton.shared.options.default) = "30s", (buf.validate.field).duration.lt = {seconds: 10}];
}
"#,
    );
    let manifest = write(
        dir.path(),
        "thing.yaml",
        "apiVersion: test.planton-gen.dev/v1\nkind: Thing\nspec: {}\n",
    );
    let output = planton()
        .args(["--proto-path"])
        .arg(dir.path().join("protos"))
        .args(["validate", "--color", "never"])
        .arg(&manifest)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    // The good defaults are still filled in (and judged) — a number, text that looks like
    // a number, a Duration's JSON text; the bad one is not, so no `field.enum` lands on a
    // field the manifest never wrote.
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("spec.count: "), "{stderr}");
    assert!(
        stderr.contains("spec.port: ") && stderr.contains("[string.max_len]"),
        "{stderr}"
    );
    assert!(
        stderr.contains("spec.timeout: ") && stderr.contains("[duration.lt]"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("warning: ").count(), 1, "{stderr}");
    assert!(!stderr.contains("field.enum"), "{stderr}");
    assert!(
        stderr.contains(
            "warning: schema: defaults_test.v1.ThingSpec.size: \
             (org.project_planton.shared.options.default) `SIZE_HUGE` is not used"
        ),
        "{stderr}"
    );
}

/// A file that starts with a UTF-8 byte order mark (as editors on Windows save it) reads as
/// the same manifest, and columns on its first line are those the editor shows.
#[test]
fn a_byte_order_mark_is_not_part_of_the_manifest() {
    let (code, stderr) = validate_text(&format!("\u{feff}{}", kv("x")));
    assert_eq!(code, 0, "{stderr}");
    let wrong =
        format!("\u{feff}{}", kv("x")).replace("project-planton.org/v1", "project-planton.org/v2");
    let (code, stderr) = validate_text(&wrong);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("m.yaml:1:13: api_version: "), "{stderr}");
    assert!(!stderr.contains("field.unknown"), "{stderr}");
}
