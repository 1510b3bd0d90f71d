//! Hostile inputs and faults: names that look like paths, symlink loops, output folders that
//! cannot be written, a write that fails halfway, concurrent runs on one folder.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn planton() -> Command {
    let mut command = Command::cargo_bin("planton-gen").unwrap();
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

fn manifest(name: &str, title: &str) -> String {
    format!(
        "apiVersion: cloudflare.project-planton.org/v1\nkind: CloudflareKvNamespace\n\
         metadata:\n  name: {}\nspec:\n  namespace_name: {}\n  ttl_seconds: 0\n",
        serde_json::to_string(name).unwrap(),
        serde_json::to_string(title).unwrap()
    )
}

/// Every file below `dir`, relative.
fn files(dir: &Path) -> BTreeSet<PathBuf> {
    let mut found = BTreeSet::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            found.insert(entry.path().strip_prefix(dir).unwrap().to_path_buf());
        }
    }
    found
}

#[test]
fn names_that_look_like_paths_never_become_paths() {
    let input = tempfile::tempdir().unwrap();
    let names = [
        "../../etc/x",
        "/abs/olute",
        "a/b",
        "x.",
        "..y",
        "CON",
        "nul.txt",
        "lpt1",
    ];
    let docs: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, name)| manifest(name, &format!("title-{i}")))
        .collect();
    std::fs::write(input.path().join("m.yaml"), docs.join("---\n")).unwrap();
    let out = tempfile::tempdir().unwrap();
    planton()
        .args(["all", "-q", "--account-id", "a", "-o"])
        .arg(out.path())
        .arg(input.path())
        .assert()
        .success();
    let expected: BTreeSet<PathBuf> = [
        "crossplane/workerskvnamespaces.yaml",
        "pulumi/Pulumi.yaml",
        "pulumi/go.mod",
        "pulumi/main.go",
        "terraform/main.tf",
        "terraform/outputs.tf",
        "terraform/providers.tf",
        "terraform/variables.tf",
        "terraform/versions.tf",
        "wrangler/wrangler.kv.toml",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    assert_eq!(files(out.path()), expected);
    // Nothing appeared next to the output folder either.
    let parent: Vec<_> = std::fs::read_dir(out.path()).unwrap().collect();
    assert_eq!(parent.len(), 4);
}

#[test]
#[cfg(unix)]
fn a_symlink_loop_in_an_input_folder_is_an_error_not_a_hang() {
    let input = tempfile::tempdir().unwrap();
    std::fs::write(input.path().join("m.yaml"), manifest("a", "a")).unwrap();
    std::fs::create_dir(input.path().join("sub")).unwrap();
    std::os::unix::fs::symlink(input.path(), input.path().join("sub/loop")).unwrap();
    planton()
        .arg("validate")
        .arg(input.path())
        .timeout(std::time::Duration::from_secs(30))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("loop"));
}

#[test]
fn an_output_folder_that_cannot_exist_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plain-file");
    std::fs::write(&file, "not a folder").unwrap();
    planton()
        .args(["terraform", "examples/kv/", "-o"])
        .arg(file.join("out"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("plain-file/out"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a folder");
}

#[test]
fn a_write_that_fails_halfway_leaves_every_earlier_file_intact() {
    let out = tempfile::tempdir().unwrap();
    planton()
        .args(["all", "-q", "examples/kv/prod.yaml", "-o"])
        .arg(out.path())
        .assert()
        .success();
    let before: Vec<(PathBuf, String)> = files(out.path())
        .into_iter()
        .map(|f| {
            (
                f.clone(),
                std::fs::read_to_string(out.path().join(&f)).unwrap(),
            )
        })
        .collect();
    // The wrangler folder becomes a file: staging its output fails after the terraform,
    // pulumi and crossplane files were staged.
    std::fs::remove_dir_all(out.path().join("wrangler")).unwrap();
    std::fs::write(out.path().join("wrangler"), "in the way").unwrap();
    planton()
        .args(["all", "-q", "examples/kv/", "-o"])
        .arg(out.path())
        .assert()
        .code(2);
    for (file, text) in before.iter().filter(|(f, _)| !f.starts_with("wrangler")) {
        assert_eq!(
            &std::fs::read_to_string(out.path().join(file)).unwrap(),
            text,
            "{file:?} changed"
        );
    }
    let leftovers: Vec<_> = files(out.path())
        .into_iter()
        .filter(|f| f.to_string_lossy().contains(".planton-gen-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn concurrent_runs_on_one_folder_do_not_interleave() {
    let out = tempfile::tempdir().unwrap();
    let binary = assert_cmd::cargo::cargo_bin("planton-gen");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let inputs = [
        root.join("examples/kv/prod.yaml"),
        root.join("examples/kv/dev.yaml"),
    ];
    let children: Vec<_> = (0..8)
        .map(|i| {
            std::process::Command::new(&binary)
                .args(["terraform", "-q", "-o"])
                .arg(out.path())
                .arg(&inputs[i % 2])
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    // Whatever run came last, the folder holds exactly its output: one of the two is in sync.
    let in_sync = inputs.iter().any(|input| {
        planton()
            .args(["terraform", "--check", "-o"])
            .arg(out.path())
            .arg(input)
            .output()
            .unwrap()
            .status
            .success()
    });
    assert!(in_sync, "the output folder mixes two runs");
}
