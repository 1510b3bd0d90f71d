//! The reproducers of an adversarial run (issue 21), each ending in a clear error or a
//! correct result: bytes YAML forbids, tags, alias amplification, devices and pipes,
//! clean-up of files planton-gen does not own, one lock for an output tree, run budgets,
//! a kill between renames, symlinked target folders, an output folder inside an input
//! folder, and terminal-safe messages.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn planton() -> Command {
    let mut command = Command::cargo_bin("planton-gen").unwrap();
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command.env("NO_COLOR", "1");
    command.timeout(Duration::from_secs(120));
    command
}

fn kv(name: &str, ttl: u32) -> String {
    format!(
        "apiVersion: cloudflare.project-planton.org/v1\nkind: CloudflareKvNamespace\n\
         metadata:\n  name: {name}\nspec:\n  namespace_name: {name}\n  ttl_seconds: {ttl}\n"
    )
}

fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file below `dir` with its bytes, by relative path.
fn tree(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (relative, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// [`tree`] of a folder another process is writing: files that vanish (renamed or deleted)
/// between listing and reading are left out.
fn tree_while_written(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let relative = e.path().strip_prefix(dir).ok()?.to_path_buf();
            Some((relative, std::fs::read(e.path()).ok()?))
        })
        .collect()
}

// ---- input read exactly as YAML 1.2 says -------------------------------------------------

/// A NUL used to end the file silently: the invalid ttl after it was never checked and the
/// second manifest vanished (terraform would then destroy its namespace).
#[test]
fn a_nul_byte_is_a_located_error_not_the_end_of_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("{}---\n{}", kv("ns1", 300), kv("ns2", 300))
        .replacen("namespace_name: ns1", "namespace_name: ns1\0 rest", 1)
        .replacen("ttl_seconds: 300", "ttl_seconds: 5", 1);
    let file = write(dir.path(), "m.yaml", text);
    let output = planton().arg("validate").arg(&file).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("m.yaml:6:22: character U+0000 (NUL) is not allowed in YAML text"),
        "{}",
        stderr(&output)
    );
    let out = dir.path().join("out");
    planton()
        .args(["all", "-o"])
        .arg(&out)
        .arg(&file)
        .assert()
        .code(1);
    assert!(
        !out.exists() || tree(&out).is_empty(),
        "something was written"
    );

    let in_comment = write(
        dir.path(),
        "c.yaml",
        format!("# note \0\n{}", kv("ns3", 300)),
    );
    planton()
        .arg("validate")
        .arg(&in_comment)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("c.yaml:1:8:")
                .and(predicate::str::contains("[yaml.character]")),
        );
}

#[test]
fn characters_yaml_forbids_and_unknown_tags_are_refused_where_they_are() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text, needle) in [
        ("soh.yaml", kv("a\u{1}b", 300), "U+0001"),
        ("del.yaml", kv("a\u{7f}b", 300), "U+007F (DEL)"),
        (
            "binary.yaml",
            kv("ns", 300).replace("namespace_name: ns", "namespace_name: !!binary aGVsbG8="),
            "tag `!!binary` is not supported",
        ),
        (
            "null.yaml",
            kv("ns", 300).replace("namespace_name: ns", "namespace_name: !!null ns"),
            "`ns` is not a valid !!null value",
        ),
        (
            "custom.yaml",
            kv("ns", 300).replace("namespace_name: ns", "namespace_name: !custom ns"),
            "tag `!custom` is not supported",
        ),
    ] {
        let file = write(dir.path(), name, text);
        let output = planton().arg("validate").arg(&file).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{name}: {}", stderr(&output));
        assert!(
            stderr(&output).contains(needle),
            "{name}: {}",
            stderr(&output)
        );
    }
    // Core tags are honoured: `!!str` keeps digits as text.
    let tagged = write(
        dir.path(),
        "str.yaml",
        kv("ns", 300).replace("namespace_name: ns", "namespace_name: !!str 12345"),
    );
    planton().arg("validate").arg(&tagged).assert().success();
}

#[test]
fn a_number_out_of_range_is_reported_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "m.yaml",
        kv("ns", 300).replace("ttl_seconds: 300", "ttl_seconds: 1e100"),
    );
    planton()
        .arg("validate")
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "spec.ttl_seconds: 1e100 is out of range for int32",
        ));
}

// ---- budgets -----------------------------------------------------------------------------

/// A 120 KB file whose aliases repeat a 100 KB string used to expand to hundreds of MB.
#[test]
fn aliases_that_amplify_bytes_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    // 2,000 labels, each an alias of a 100 KB annotation.
    let text = format!(
        "apiVersion: cloudflare.project-planton.org/v1\nkind: CloudflareKvNamespace\n\
         metadata:\n  name: ns\n  annotations:\n    big: &b \"{}\"\n  labels:\n{}\
         spec:\n  namespace_name: ns\n",
        "x".repeat(100_000),
        (0..2_000)
            .map(|i| format!("    l{i}: *b\n"))
            .collect::<String>()
    );
    let file = write(dir.path(), "bomb.yaml", text);
    let out = dir.path().join("out");
    let output = planton()
        .args(["all", "-o"])
        .arg(&out)
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("aliases expand to more than 1 MiB of text")
            && stderr(&output).contains("[yaml.alias_limit]"),
        "{}",
        stderr(&output)
    );
    assert!(
        stderr(&output).len() < 10_000,
        "the report itself is bounded"
    );
    planton()
        .args(["--limit", "alias-bytes=512M", "validate"])
        .arg(&file)
        .assert()
        .stderr(predicate::str::contains("yaml.alias_limit").not());
}

#[test]
#[cfg(unix)]
fn a_device_is_read_up_to_the_limit_once() {
    // /dev/zero says it is 0 bytes long; it is read up to the limit, reported, and never
    // read again for an excerpt.
    planton()
        .args(["validate", "/dev/zero"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "/dev/zero:1:1: holds more than 32 MiB",
        ));
}

#[test]
#[cfg(unix)]
fn a_pipe_holding_an_invalid_manifest_is_reported_without_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("kv.yaml");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, kv("ns", 5)).unwrap())
    };
    // The excerpt comes from the text already read; opening the pipe again would block.
    planton()
        .arg("validate")
        .arg(&fifo)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("ttl_seconds: 5").and(predicate::str::contains("^^^")));
    writer.join().unwrap();
}

#[test]
fn a_run_past_its_manifest_budget_stops_with_the_flag_to_raise_it() {
    let dir = tempfile::tempdir().unwrap();
    let docs: Vec<String> = (0..30).map(|i| kv(&format!("kv{i}"), 300)).collect();
    let file = write(dir.path(), "m.yaml", docs.join("---\n"));
    planton()
        .args(["--limit", "manifests=20", "validate"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "the run holds more than 20 manifests; stopping before memory runs out \
             (raise it with --limit manifests=N)",
        ));
    planton()
        .args(["--limit", "input-size=1K", "validate"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--limit input-size=N"));
    planton()
        .args(["--limit", "manifests=30", "validate"])
        .arg(&file)
        .assert()
        .success();
    planton()
        .args(["--limit", "manifest=30", "validate"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown limit `manifest`"));
}

#[test]
fn violations_and_warnings_printed_are_bounded_and_quiet_means_quiet() {
    let dir = tempfile::tempdir().unwrap();
    let docs: Vec<String> = (0..15).map(|i| kv(&format!("kv{i}"), 5)).collect();
    let file = write(dir.path(), "m.yaml", docs.join("---\n"));
    let output = planton()
        .args([
            "--limit",
            "violations=10",
            "validate",
            "--error-format",
            "short",
        ])
        .arg(&file)
        .output()
        .unwrap();
    let text = stderr(&output);
    assert_eq!(
        text.matches("[ttl_seconds.min_expiration]").count(),
        10,
        "{text}"
    );
    assert!(text.contains("5 more violations not shown (raise it with --limit violations=N)"));

    // Warnings (bindings without ids) are capped too, and -q silences them.
    let good: Vec<String> = (0..15).map(|i| kv(&format!("kv{i}"), 300)).collect();
    let good = write(dir.path(), "good.yaml", good.join("---\n"));
    let output = planton()
        .args(["--limit", "warnings=3", "wrangler"])
        .arg(&good)
        .output()
        .unwrap();
    let text = stderr(&output);
    assert_eq!(text.matches("warning:").count(), 3, "{text}");
    assert!(text.contains("12 more warnings not shown"), "{text}");
    let quiet = planton()
        .args(["-q", "wrangler"])
        .arg(&good)
        .output()
        .unwrap();
    assert!(quiet.status.success());
    assert_eq!(stderr(&quiet), "");
}

// ---- the output tree ---------------------------------------------------------------------

#[test]
fn clean_up_deletes_only_what_planton_gen_made() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "in/kv.yaml", kv("ns", 300));
    let out = dir.path().join("out");
    let notes = write(&out, "terraform/.planton-gen-notes.md", "mine");
    let root_notes = write(&out, ".planton-gen-todo", "mine too");
    planton()
        .args(["all", "-q", "-o"])
        .arg(&out)
        .arg(&input)
        .assert()
        .success();
    planton()
        .args(["all", "-q", "-o"])
        .arg(&out)
        .arg(&input)
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(notes).unwrap(), "mine");
    assert_eq!(std::fs::read_to_string(root_notes).unwrap(), "mine too");
}

#[test]
#[cfg(unix)]
fn a_symlinked_target_folder_is_refused_not_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "in/kv.yaml", kv("ns", 300));
    let elsewhere = dir.path().join("elsewhere");
    let precious = write(
        &elsewhere,
        "main.tf",
        "# Code generated by planton-gen. DO NOT EDIT.\nold\n",
    );
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("terraform")).unwrap();
    planton()
        .args(["all", "-o"])
        .arg(&out)
        .arg(&input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("terraform: is a symbolic link"));
    assert_eq!(tree(&elsewhere).len(), 1);
    assert!(std::fs::read_to_string(precious)
        .unwrap()
        .ends_with("old\n"));
}

/// A run into `OUT` and one into `OUT/terraform` share one lock: the inner run waits while
/// the outer folder is locked.
#[test]
#[cfg(unix)]
fn runs_into_nested_folders_take_one_lock() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "in/kv.yaml", kv("ns", 300));
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("terraform")).unwrap();
    let outer = planton_gen::internal::Lock::acquire(&out).unwrap();
    let mut inner = std::process::Command::new(assert_cmd::cargo::cargo_bin("planton-gen"))
        .args(["terraform", "-q", "-o"])
        .arg(out.join("terraform"))
        .arg(&input)
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        inner.try_wait().unwrap().is_none(),
        "the run into OUT/terraform did not wait for OUT's lock"
    );
    assert!(!out.join("terraform/main.tf").exists());
    drop(outer);
    assert!(inner.wait().unwrap().success());
    assert!(out.join("terraform/main.tf").exists());
}

/// A run killed between two renames (the window held open by a debug-build hook) leaves a
/// journal; `--check` reports it, and the next run completes the interrupted generation
/// before its own, so the folder never stays a mix of two.
#[test]
#[cfg(unix)]
fn a_kill_between_renames_is_completed_by_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let docs = |ttl: u32| -> String {
        (0..50)
            .map(|i| kv(&format!("kv{i}"), ttl))
            .collect::<Vec<_>>()
            .join("---\n")
    };
    let old_input = write(dir.path(), "old/kv.yaml", docs(60));
    let new_input = write(dir.path(), "new/kv.yaml", docs(120));
    let render = |input: &Path| {
        let out = tempfile::tempdir().unwrap();
        planton()
            .args(["terraform", "-q", "-o"])
            .arg(out.path())
            .arg(input)
            .assert()
            .success();
        tree(out.path())
    };
    let (old, new) = (render(&old_input), render(&new_input));
    assert!(old.len() >= 3 && old.keys().eq(new.keys()) && old != new);

    let out = dir.path().join("out");
    planton()
        .args(["terraform", "-q", "-o"])
        .arg(&out)
        .arg(&old_input)
        .assert()
        .success();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("planton-gen"))
        .args(["terraform", "-q", "-o"])
        .arg(&out)
        .arg(&new_input)
        .env("PLANTON_GEN_TEST_PAUSE_BETWEEN_RENAMES_MS", "60000")
        .spawn()
        .unwrap();
    // Wait for the first rename: one of the files that differ is new, the others still old.
    let differ: Vec<&PathBuf> = new.keys().filter(|path| old[*path] != new[*path]).collect();
    assert!(differ.len() >= 2, "{differ:?}");
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let now = tree_while_written(&out);
        if differ
            .iter()
            .any(|path| now.get(*path) == Some(&new[*path]))
        {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the run never renamed a file"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(out.join(".planton-gen-journal").is_file());
    let mixed = tree(&out);
    assert!(
        differ
            .iter()
            .any(|path| mixed.get(*path) == Some(&old[*path])),
        "the window was not between two renames"
    );

    planton()
        .args(["terraform", "--check", "-o"])
        .arg(&out)
        .arg(&new_input)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("interrupted:"));
    // The next run (here with the old input) first completes the new generation, then
    // writes its own: the folder holds exactly one generation, with nothing left over.
    planton()
        .args(["terraform", "-q", "-o"])
        .arg(&out)
        .arg(&old_input)
        .assert()
        .success();
    assert_eq!(tree(&out), old);
}

/// `-o` inside an input folder: the next run does not read its own Crossplane output.
#[test]
fn an_output_folder_inside_the_input_folder_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "infra/kv.yaml", kv("ns", 300));
    let infra = dir.path().join("infra");
    for _ in 0..2 {
        planton()
            .args([
                "all",
                "-q",
                "--account-id",
                "0123456789abcdef0123456789abcdef",
                "-o",
            ])
            .arg(infra.join("deploy"))
            .arg(&infra)
            .assert()
            .success();
    }
}

// ---- what reaches the terminal -----------------------------------------------------------

#[test]
fn bidi_overrides_and_invisible_characters_are_shown_as_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "m.yaml",
        kv("ns", 300).replace(
            "  ttl_seconds: 300\n",
            // U+2028 raw in the file would stop it (a line break to YAML 1.1 readers), so it
            // comes from an escape; the other two are raw.
            "  ttl_seconds: 300\n  \"evil\u{202e}\\u2028\u{200b}\": 1\n",
        ),
    );
    let output = planton().arg("validate").arg(&file).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    for raw in ['\u{202e}', '\u{2028}', '\u{200b}'] {
        assert!(!text.contains(raw), "{raw:?} reached the terminal: {text}");
    }
    assert!(text.contains("\\u{202e}"), "{text}");
}
