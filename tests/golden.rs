//! Golden files: each case of golden/ rendered to every target must match the reviewed
//! expected files byte for byte (re-bless with EXPECTORATE=overwrite), and rendering twice
//! gives identical bytes.

use assert_cmd::Command;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn args_for(case: &Path) -> Vec<String> {
    let own = case.join("args");
    let file = if own.exists() {
        own
    } else {
        root().join("golden/args")
    };
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Renders a case into a new temporary folder.
fn render(case: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("planton-gen")
        .unwrap()
        .current_dir(case)
        .args(["all", "--color", "never", "-o"])
        .arg(out.path())
        .arg("input")
        .args(args_for(case))
        .assert()
        .success();
    out
}

/// Every file under `dir`, relative, with `/` separators.
fn files(dir: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root().join("golden"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("input").is_dir())
        .collect();
    cases.sort();
    cases
}

#[test]
fn every_case_matches_its_golden_files() {
    let cases = cases();
    assert!(cases.len() >= 4, "golden cases are missing");
    for case in cases {
        let out = render(&case);
        let produced = files(out.path());
        for file in &produced {
            let contents = std::fs::read_to_string(out.path().join(file)).unwrap();
            let expected = case.join(file);
            if std::env::var_os("EXPECTORATE").is_some() {
                // Re-blessing may add a target folder; expectorate writes files only.
                std::fs::create_dir_all(expected.parent().unwrap()).unwrap();
            }
            expectorate::assert_contents(expected, &contents);
        }
        // No expected file may be left without a rendered counterpart.
        let expected: BTreeSet<String> = files(&case)
            .into_iter()
            .filter(|f| !f.starts_with("input/") && f != "args")
            .collect();
        let stale: Vec<&String> = expected.difference(&produced).collect();
        assert!(
            stale.is_empty(),
            "{}: expected files not rendered: {stale:?}",
            case.display()
        );
    }
}

#[test]
fn rendering_twice_gives_identical_bytes() {
    for case in cases() {
        let first = render(&case);
        let second = render(&case);
        for file in files(first.path()) {
            let a = std::fs::read(first.path().join(&file)).unwrap();
            let b = std::fs::read(second.path().join(&file)).unwrap();
            assert_eq!(a, b, "{}: {file} differs between runs", case.display());
        }
    }
}
