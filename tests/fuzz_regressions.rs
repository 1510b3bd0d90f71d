//! Replays every input saved in tests/fixtures/fuzz/ (crashes the fuzzers found, minimized,
//! and a few hand-written hostile inputs) through the fuzz targets' own oracles
//! (fuzz/common/oracle.rs): reading, validating and rendering never panic, violations point
//! into the file, the verdict follows the schema's rules, and rendered strings read back
//! exactly. See fuzz/README.md for running the fuzzers themselves.

#[path = "../fuzz/common/oracle.rs"]
mod oracle;

use std::path::PathBuf;

fn inputs() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs in {}", dir.display());
    files
}

/// Runs `check` on every input, reporting every input that panics (not only the first).
fn replay(check: impl Fn(&[u8]) + std::panic::RefUnwindSafe) {
    let mut failed = Vec::new();
    for path in inputs() {
        let data = std::fs::read(&path).unwrap();
        if std::panic::catch_unwind(|| check(&data)).is_err() {
            failed.push(path.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    assert!(failed.is_empty(), "inputs that fail: {failed:?}");
}

/// The `manifest` target: bytes in, no panic, consistent verdicts, valid input renders.
#[test]
fn manifest_target_inputs() {
    replay(oracle::manifest_bytes);
}

/// The `render` target's oracle: with the options the input's first line names (inputs the
/// render target saved), else with every option variant (TOML and JSONC, cluster and
/// namespaced, account id and account ref).
#[test]
fn render_oracle_inputs() {
    replay(|data| {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        match oracle::Options::from_header(text) {
            Some(options) => {
                oracle::check_text(text, &options, None);
            }
            None => {
                for options in oracle::Options::variants() {
                    oracle::check_text(text, &options, None);
                }
            }
        }
    });
}
