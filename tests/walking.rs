//! A monorepo folder as users point planton-gen at it: manifests beside CI workflows,
//! node_modules, kustomizations, Helm templates and manifests of other kinds. Only the
//! manifests are read, and only their real mistakes are reported.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

fn planton(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("planton-gen").unwrap();
    command.current_dir(dir).args(["--color", "never"]);
    command
}

fn kv(name: &str) -> String {
    format!(
        "apiVersion: cloudflare.project-planton.org/v1\nkind: CloudflareKvNamespace\n\
         metadata:\n  name: {name}\nspec:\n  namespace_name: {name}\n"
    )
}

/// A manifest that breaks a rule: read, it fails the run.
fn broken(name: &str) -> String {
    kv(name).replace("namespace_name", "namespace_nam")
}

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The monorepo: two good manifests under infra/, and everything a walk must leave alone.
fn monorepo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "infra/kv/cache-prod.yaml", &kv("cache-prod"));
    write(root, "infra/kv/config-prod.yml", &kv("config-prod"));
    // Hidden folders are not searched, ignored ones neither: both hold a broken manifest.
    write(
        root,
        ".github/workflows/ci.yml",
        "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n",
    );
    write(root, ".github/kv.yaml", &broken("hidden-prod"));
    write(root, ".gitignore", "node_modules/\n");
    write(root, "node_modules/pkg/kv.yaml", &broken("vendored-prod"));
    write(root, "web/.ignore", "generated/\n");
    write(root, "web/generated/kv.yaml", &broken("generated-prod"));
    // YAML that is not a manifest of this schema: skipped, counted.
    write(
        root,
        "k8s/kustomization.yaml",
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [app.yaml]\n",
    );
    write(
        root,
        "charts/app/templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n  labels: {{- include \"labels\" . | nindent 4 }}\n",
    );
    write(
        root,
        "infra/s3/logs.yaml",
        "apiVersion: aws.project-planton.org/v1\nkind: AwsS3Bucket\nmetadata:\n  name: logs\nspec: {}\n",
    );
    dir
}

#[test]
fn a_monorepo_folder_reads_only_its_manifests() {
    let dir = monorepo();
    planton(dir.path())
        .args(["validate", "."])
        .assert()
        .success()
        .stderr(predicate::str::contains("2 manifests in 2 files: valid"))
        .stderr(predicate::str::contains(
            "note: skipped 2 YAML documents found in folders that are not manifests",
        ))
        .stderr(predicate::str::contains(
            "note: skipped 1 manifest of kind AwsS3Bucket (aws.project-planton.org/v1)",
        ));
    // Generating reads the same files.
    planton(dir.path())
        .args(["terraform", "-o", "out", "."])
        .assert()
        .success();
    assert!(dir.path().join("out/main.tf").is_file());
}

#[test]
fn mistakes_in_manifests_are_still_found_in_a_monorepo() {
    let dir = monorepo();
    // A kind misspelled, a file that is no YAML but names the kind, a broken manifest.
    write(
        dir.path(),
        "infra/kv/typo.yaml",
        &kv("typo-prod").replace("CloudflareKvNamespace", "CloudflareKvNamespce"),
    );
    write(
        dir.path(),
        "infra/kv/tabs.yaml",
        "kind: CloudflareKvNamespace\nmetadata:\n\tname: x\n",
    );
    write(dir.path(), "infra/kv/field.yaml", &broken("field-prod"));
    planton(dir.path())
        .args(["validate", "."])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "did you mean `CloudflareKvNamespace`?",
        ))
        .stderr(predicate::str::contains("./infra/kv/tabs.yaml:3:"))
        .stderr(predicate::str::contains(
            "./infra/kv/field.yaml:6:3: spec.namespace_nam: unknown field",
        ))
        .stderr(predicate::str::contains("hidden-prod").not())
        .stderr(predicate::str::contains("vendored-prod").not())
        .stderr(predicate::str::contains("generated-prod").not());
}

#[test]
fn generated_files_beside_the_manifests_are_not_read_as_manifests() {
    // `all -o deploy` puts WorkersKVNamespace objects (a kind close to CloudflareKvNamespace,
    // of Crossplane's group) and Pulumi.yaml into the tree that `validate .` then walks, as a
    // pre-commit hook or a CI job on the whole repository does.
    let dir = monorepo();
    planton(dir.path())
        .args(["all", "-q", "-o", "deploy", "--account-id"])
        .arg("0123456789abcdef0123456789abcdef")
        .arg("infra/")
        .assert()
        .success();
    assert!(dir.path().join("deploy/crossplane").is_dir());
    planton(dir.path())
        .args(["validate", "."])
        .assert()
        .success()
        .stderr(predicate::str::contains("2 manifests in 2 files: valid"));
}

#[test]
fn a_misspelt_kind_is_reported_unless_its_group_is_someone_elses() {
    let dir = monorepo();
    let typo = kv("typo-prod").replace("CloudflareKvNamespace", "CloudflareKvNamespce");
    // Without apiVersion, or with our group missing `/v1`: a manifest with a typo.
    for version in ["", "apiVersion: cloudflare.project-planton.org\n"] {
        let text = typo.replace("apiVersion: cloudflare.project-planton.org/v1\n", version);
        write(dir.path(), "infra/kv/typo.yaml", &text);
        planton(dir.path())
            .args(["validate", "."])
            .assert()
            .code(1)
            .stderr(predicate::str::contains("./infra/kv/typo.yaml:"));
    }
    // Under a foreign group it is that group's kind.
    let foreign = typo.replace(
        "cloudflare.project-planton.org/v1",
        "kv.example.com/v1alpha1",
    );
    write(dir.path(), "infra/kv/typo.yaml", &foreign);
    planton(dir.path())
        .args(["validate", "."])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "note: skipped 3 YAML documents found in folders that are not manifests",
        ));
}

#[test]
fn exclude_leaves_out_what_its_globs_match() {
    let dir = monorepo();
    write(dir.path(), "legacy/old.yaml", &broken("old-prod"));
    write(
        dir.path(),
        "infra/kv/draft.draft.yaml",
        &broken("draft-prod"),
    );
    planton(dir.path()).args(["validate", "."]).assert().code(1);
    planton(dir.path())
        .args([
            "validate",
            "--exclude",
            "legacy/",
            "--exclude",
            "*.draft.yaml",
            ".",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("2 manifests in 2 files: valid"));
}

#[test]
fn a_file_named_on_the_command_line_is_meant_as_a_manifest() {
    let dir = monorepo();
    planton(dir.path())
        .args(["validate", "k8s/kustomization.yaml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "k8s/kustomization.yaml:2:7: unknown kind `Kustomization`",
        ));
    // A folder with YAML but no manifest is a run pointed at the wrong folder.
    planton(dir.path())
        .args(["validate", "k8s"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("k8s: no manifests found"));
}
