//! The generated Pulumi go.mod against the facts recorded from upstream
//! (tests/fixtures/upstream/pulumi-go-sdks.toml): it requires each SDK at the recorded
//! version, and its `go` line is at least every required module's own, so Go neither raises
//! it on `go mod tidy` nor refuses to build with the toolchain it names.

use assert_cmd::Command;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A `go` line's version as comparable numbers: `1.25` < `1.25.0` < `1.25.8` < `1.25.11`.
/// Release candidates do not appear in these facts.
fn go_version(text: &str) -> (u64, u64, i64) {
    let mut parts = text.split('.');
    let mut next = || parts.next().map(|p| p.parse::<i64>().unwrap());
    let major = next().unwrap() as u64;
    let minor = next().unwrap() as u64;
    let patch = next().unwrap_or(-1);
    (major, minor, patch)
}

#[test]
fn generated_go_mod_meets_the_recorded_sdk_facts() {
    let facts: toml::Table = toml::from_str(
        &std::fs::read_to_string(root().join("tests/fixtures/upstream/pulumi-go-sdks.toml"))
            .unwrap(),
    )
    .unwrap();
    let modules = facts["module"].as_array().unwrap();
    assert!(!modules.is_empty());

    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("planton-gen")
        .unwrap()
        .args(["-q", "pulumi", "-o"])
        .arg(out.path())
        .arg(root().join("examples/kv"))
        .assert()
        .success();
    let go_mod = std::fs::read_to_string(out.path().join("go.mod")).unwrap();

    let go_line = go_mod
        .lines()
        .find_map(|l| l.strip_prefix("go "))
        .expect("a go line");
    let mut requires = std::collections::BTreeMap::new();
    let mut in_block = false;
    for line in go_mod.lines().map(str::trim) {
        match line {
            "require (" => in_block = true,
            ")" => in_block = false,
            _ => {
                let entry = line.strip_prefix("require ").or(in_block.then_some(line));
                if let Some([path, version]) = entry
                    .map(|e| e.split_whitespace().collect::<Vec<_>>())
                    .as_deref()
                {
                    requires.insert(path.to_string(), version.to_string());
                }
            }
        }
    }

    for module in modules {
        let path = module["path"].as_str().unwrap();
        let version = module["version"].as_str().unwrap();
        let go = module["go"].as_str().unwrap();
        assert_eq!(
            requires.get(path).map(String::as_str),
            Some(version),
            "go.mod must require {path} {version}:\n{go_mod}"
        );
        assert!(
            go_version(go_line) >= go_version(go),
            "go.mod says go {go_line}, but {path} {version} declares go {go}"
        );
    }
    assert_eq!(
        requires.len(),
        modules.len(),
        "every requirement of the generated go.mod has its facts recorded: {requires:?}"
    );
}

#[test]
fn go_versions_compare_as_go_does() {
    assert!(go_version("1.25.11") > go_version("1.25.8"));
    assert!(go_version("1.25.0") > go_version("1.25"));
    assert!(go_version("1.26") > go_version("1.25.11"));
}
