//! Helpers shared by the integration tests.
#![allow(dead_code)]

use planton_gen::internal::check;
use planton_gen::Checked;
use planton_gen::Schema;
use std::path::{Path, PathBuf};

pub mod corpus;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(relative: &str) -> PathBuf {
    root().join("tests/fixtures").join(relative)
}

/// The built-in schema plus the test-only kinds of tests/fixtures/proto.
pub fn test_schema() -> Schema {
    Schema::with_proto_paths(&[fixture("proto")]).unwrap()
}

/// (field, rule) pairs of every violation, sorted.
pub fn pairs(checked: &Checked) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = checked
        .violations
        .iter()
        .map(|v| (v.field.clone(), v.rule.clone()))
        .collect();
    pairs.sort();
    pairs
}

/// Writes `text` to a file in a new temporary directory and checks it.
pub fn check_text(schema: &Schema, text: &str) -> Checked {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("manifest.yaml");
    std::fs::write(&path, text).unwrap();
    check(schema, &[path], &[]).unwrap()
}

pub fn check_paths(schema: &Schema, paths: &[&Path], overrides: &[&str]) -> Checked {
    let paths: Vec<PathBuf> = paths.iter().map(|p| p.to_path_buf()).collect();
    let overrides: Vec<String> = overrides.iter().map(|s| s.to_string()).collect();
    check(schema, &paths, &overrides).unwrap()
}

/// Decodes a Go interpreted string literal (the test's own decoder, per the Go spec).
pub fn decode_go(literal: &str) -> String {
    let inner = &literal[1..literal.len() - 1];
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let escaped = chars.next().unwrap();
        let hex = |chars: &mut std::str::Chars, n: usize| {
            let digits: String = chars.take(n).collect();
            u32::from_str_radix(&digits, 16).unwrap()
        };
        match escaped {
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\u{b}'),
            '\\' => out.push('\\'),
            '"' => out.push('"'),
            'x' => out.push(char::from_u32(hex(&mut chars, 2)).unwrap()),
            'u' => out.push(char::from_u32(hex(&mut chars, 4)).unwrap()),
            'U' => out.push(char::from_u32(hex(&mut chars, 8)).unwrap()),
            other => panic!("unexpected escape \\{other}"),
        }
    }
    out
}
