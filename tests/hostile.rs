//! Hostile inputs and faults: names that look like paths, symlink loops, output folders that
//! cannot be written, a write that fails halfway, concurrent runs on one folder.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// `planton-gen all` quietly, with an account id, into the folder given next.
const ALL_QUIET_TO: [&str; 5] = [
    "all",
    "-q",
    "--account-id",
    "0123456789abcdef0123456789abcdef",
    "-o",
];

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
        .args(ALL_QUIET_TO)
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

#[test]
fn a_1_gb_file_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.yaml");
    std::fs::File::create(&path)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    let started = std::time::Instant::now();
    planton()
        .arg("validate")
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "file is 1024 MiB; manifests are limited to 32 MiB (raise it with --limit file-size=N) [file.too_large]",
        ));
    // Reading a gigabyte would take far longer than refusing it from its size.
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn a_stream_of_100000_documents_loads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.yaml");
    let mut text = String::with_capacity(100_000 * 180);
    for i in 0..100_000 {
        text.push_str(&format!(
            "apiVersion: cloudflare.project-planton.org/v1\nkind: CloudflareKvNamespace\n\
             metadata: {{name: kv{i}}}\nspec: {{namespace_name: kv{i}, ttl_seconds: 60}}\n---\n"
        ));
    }
    std::fs::write(&path, text).unwrap();
    let checked =
        planton_gen::internal::check(&planton_gen::Schema::builtin().unwrap(), &[path], &[])
            .unwrap();
    assert_eq!(checked.manifests.len(), 100_000);
    assert!(
        checked.is_valid(),
        "{:?}",
        &checked.violations[..3.min(checked.violations.len())]
    );
}

/// Kills `planton-gen all -o` at several moments while it replaces the output of an earlier
/// run; every file must afterwards be exactly the old or exactly the new version.
#[test]
#[cfg(unix)]
fn a_run_killed_while_writing_leaves_old_or_new_files_never_half() {
    let dir = tempfile::tempdir().unwrap();
    let binary = assert_cmd::cargo::cargo_bin("planton-gen");
    // Two inputs large enough that writing takes a while.
    let make = |name: &str, ttl: u32| {
        let path = dir.path().join(name);
        std::fs::create_dir_all(&path).unwrap();
        let docs: Vec<String> = (0..1500)
            .map(|i| {
                format!(
                    "apiVersion: cloudflare.project-planton.org/v1\nkind: CloudflareKvNamespace\n\
                     metadata: {{name: kv{i}}}\nspec: {{namespace_name: kv{i}, ttl_seconds: {ttl}}}\n"
                )
            })
            .collect();
        std::fs::write(path.join("m.yaml"), docs.join("---\n")).unwrap();
        path
    };
    let (old_input, new_input) = (make("old", 60), make("new", 120));
    let render = |input: &Path| {
        let out = tempfile::tempdir().unwrap();
        planton()
            .args(ALL_QUIET_TO)
            .arg(out.path())
            .arg(input)
            .assert()
            .success();
        let versions: Vec<(PathBuf, Vec<u8>)> = files(out.path())
            .into_iter()
            .map(|f| (f.clone(), std::fs::read(out.path().join(&f)).unwrap()))
            .collect();
        versions
    };
    let old = render(&old_input);
    let new = render(&new_input);
    for delay_ms in [10, 60, 200] {
        let out = tempfile::tempdir().unwrap();
        for (file, bytes) in &old {
            std::fs::create_dir_all(out.path().join(file).parent().unwrap()).unwrap();
            std::fs::write(out.path().join(file), bytes).unwrap();
        }
        let mut child = std::process::Command::new(&binary)
            .args(ALL_QUIET_TO)
            .arg(out.path())
            .arg(&new_input)
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        for ((file, old_bytes), (_, new_bytes)) in old.iter().zip(&new) {
            let now = std::fs::read(out.path().join(file)).unwrap();
            assert!(
                now == *old_bytes || now == *new_bytes,
                "{file:?} is neither the old nor the new version after a kill at {delay_ms} ms"
            );
        }
        // The next run removes whatever the killed one had staged.
        planton()
            .args(ALL_QUIET_TO)
            .arg(out.path())
            .arg(&new_input)
            .assert()
            .success();
        let leftovers: Vec<_> = files(out.path())
            .into_iter()
            .filter(|f| f.to_string_lossy().contains(".planton-gen-"))
            .collect();
        assert!(
            leftovers.is_empty(),
            "temporary files of the killed run remain: {leftovers:?}"
        );
    }
}
