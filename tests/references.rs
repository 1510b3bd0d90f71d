//! References between manifests (`ValueFromRef`): resolved across the run, or from
//! `--outputs` for a manifest outside it; what cannot be resolved is a located violation
//! with a rule id, from `validate` as from every generating command.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

const EXAMPLE: &str = "examples/cloudflare";

fn planton(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("planton-gen").unwrap();
    command.current_dir(dir).args(["--color", "never"]);
    command
}

/// A copy of the bundled family example, to change one file of.
fn example() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(EXAMPLE);
    for entry in std::fs::read_dir(&from).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    dir
}

/// Replaces `from` by `to` in `file` of `dir` (which must hold it once).
fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches(from).count(), 1, "{from:?} in {file}");
    std::fs::write(&path, text.replace(from, to)).unwrap();
}

/// The violation lines `validate --error-format short` prints for `dir`.
fn violations(dir: &Path) -> String {
    let output = planton(dir)
        .args(["validate", "--error-format", "short", "."])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    String::from_utf8(output.stdout).unwrap() + &String::from_utf8(output.stderr).unwrap()
}

#[test]
fn the_family_example_validates() {
    planton(Path::new(env!("CARGO_MANIFEST_DIR")))
        .args(["validate", EXAMPLE])
        .assert()
        .success()
        .stderr(predicate::str::contains("8 manifests in 7 files: valid"));
}

#[test]
fn a_misspelt_reference_is_located_with_a_suggestion() {
    let dir = example();
    edit(
        dir.path(),
        "worker.yaml",
        "- name: myapp-sessions-prod",
        "- name: myapp-sesions-prod",
    );
    let found = violations(dir.path());
    assert!(
        found.contains(
            "worker.yaml:15:7: spec.kv_bindings[1].name: no CloudflareKvNamespace named \
             `myapp-sesions-prod` in this run; did you mean `myapp-sessions-prod`?"
        ) && found.contains("[reference.unresolved]"),
        "{found}"
    );
    // Every generating command refuses it the same way, before writing anything.
    let out = dir.path().join("out");
    planton(dir.path())
        .args(["terraform", "-o"])
        .arg(&out)
        .arg(".")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("[reference.unresolved]"));
    assert!(!out.exists());
}

#[test]
fn a_reference_to_a_zone_is_checked_like_one_to_a_namespace() {
    let dir = example();
    edit(
        dir.path(),
        "load-balancer.yaml",
        "name: example-zone-prod",
        "name: example-zone-staging",
    );
    let found = violations(dir.path());
    assert!(
        found.contains("load-balancer.yaml:")
            && found.contains(
                "spec.zone_id.value_from.name: no CloudflareDnsZone named \
                 `example-zone-staging` in this run; did you mean `example-zone-prod`?"
            ),
        "{found}"
    );
}

#[test]
fn a_reference_to_a_kind_the_field_does_not_take_is_refused() {
    let dir = example();
    edit(
        dir.path(),
        "worker.yaml",
        "- name: myapp-cache-prod",
        "- name: myapp-cache-prod\n      kind: CloudflareR2Bucket",
    );
    let found = violations(dir.path());
    assert!(
        found.contains(
            "spec.kv_bindings[0].kind: this field refers to a CloudflareKvNamespace, not a \
             CloudflareR2Bucket [reference.kind]"
        ),
        "{found}"
    );
}

#[test]
fn a_field_path_the_kind_does_not_have_is_refused_with_the_nearest() {
    let dir = example();
    edit(
        dir.path(),
        "worker.yaml",
        "- name: myapp-cache-prod",
        "- name: myapp-cache-prod\n      field_path: status.outputs.namespace",
    );
    let found = violations(dir.path());
    assert!(
        found.contains(
            "spec.kv_bindings[0].field_path: CloudflareKvNamespace has no text field \
             `status.outputs.namespace`; did you mean `status.outputs.namespace_id`? \
             [reference.field_path]"
        ),
        "{found}"
    );
}

#[test]
fn a_reference_naming_another_environment_is_refused() {
    let dir = example();
    edit(
        dir.path(),
        "worker.yaml",
        "- name: myapp-cache-prod",
        "- name: myapp-cache-prod\n      env: dev",
    );
    let found = violations(dir.path());
    assert!(
        found.contains(
            "spec.kv_bindings[0].env: CloudflareKvNamespace `myapp-cache-prod` \
             (./kv-namespaces.yaml:3) is in environment `prod`, not `dev` [reference.env]"
        ),
        "{found}"
    );
}

#[test]
fn a_manifest_outside_the_run_is_read_from_outputs() {
    let dir = example();
    std::fs::remove_file(dir.path().join("kv-namespaces.yaml")).unwrap();
    let found = violations(dir.path());
    assert_eq!(
        found.matches("[reference.unresolved]").count(),
        2,
        "{found}"
    );
    // `terraform output -json` of the deployment that made them.
    let outputs = dir.path().join("tf.json");
    std::fs::write(
        &outputs,
        r#"{
  "myapp_cache_prod_namespace_id": {"value": "0f2ac74b498b48028cb68387c421e279", "type": "string", "sensitive": false},
  "myapp_sessions_prod_namespace_id": {"value": "1f2ac74b498b48028cb68387c421e279", "type": "string", "sensitive": false}
}"#,
    )
    .unwrap();
    planton(dir.path())
        .args(["validate", "--outputs", "tf.json", "."])
        .assert()
        .success();
}

/// What templates see of a resolved reference: the referenced resource's names, whether it
/// is in the run, its value, and whether the target can refer to it natively.
#[test]
fn templates_see_each_reference_resolved() {
    let dir = example();
    let inspect = dir.path().join("inspect/terraform/CloudflareWorker");
    std::fs::create_dir_all(&inspect).unwrap();
    std::fs::write(
        inspect.join("inspect.tf.tera"),
        "{#- section: each -#}\n{%- for b in r.spec.kv_bindings %}\
         {{- warn(message=b.resolved | json_encode) }}{% endfor %}",
    )
    .unwrap();
    let outputs = dir.path().join("tf.json");
    std::fs::write(
        &outputs,
        r#"{"myapp_cache_prod_namespace_id": {"value": "0f2ac74b498b48028cb68387c421e279", "type": "string", "sensitive": false}}"#,
    )
    .unwrap();
    let output = planton(dir.path())
        .args([
            "--templates",
            "inspect",
            "terraform",
            "--outputs",
            "tf.json",
            "-o",
            "out",
            ".",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let seen: Vec<serde_json::Value> = stderr
        .lines()
        .filter_map(|line| line.strip_prefix("warning: {"))
        .map(|json| serde_json::from_str(&format!("{{{json}")).unwrap())
        .collect();
    assert_eq!(seen.len(), 2, "{stderr}");
    assert_eq!(seen[0]["kind"], "CloudflareKvNamespace");
    assert_eq!(seen[0]["name"], "myapp-cache-prod");
    assert_eq!(seen[0]["names"]["snake"], "myapp_cache_prod");
    assert_eq!(seen[0]["names"]["shouty_base"], "MYAPP_CACHE");
    assert_eq!(seen[0]["field_path"], "status.outputs.namespace_id");
    assert_eq!(seen[0]["in_run"], true);
    assert_eq!(seen[0]["native"], true);
    assert_eq!(seen[0]["value"], "0f2ac74b498b48028cb68387c421e279");
    assert_eq!(seen[1]["name"], "myapp-sessions-prod");
    // From the namespace's own status.outputs (the example's namespaces are deployed).
    assert_eq!(seen[1]["value"], "1f2ac74b498b48028cb68387c421e279");
}
