//! Budgets that bound what one run may read, hold and print, whatever its input: a file's
//! size, a run's total input and manifest count, the text aliases may add, and how many
//! violations and warnings are printed. Each has a default far beyond real use and can be
//! raised with `--limit NAME=VALUE` (or [`crate::Generator::limits`]).

use crate::error::{Error, Result};
use crate::setting::Spelling;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest manifest file, in bytes (`file-size`).
    pub file_bytes: u64,
    /// Bytes of manifests read in one run (`input-size`).
    pub run_bytes: u64,
    /// YAML documents read in one run (`manifests`).
    pub manifests: usize,
    /// Bytes of scalar text that aliases may add to one file (`alias-bytes`).
    pub alias_bytes: usize,
    /// Violations printed before a count of the rest (`violations`).
    pub violations_shown: usize,
    /// Warnings printed before a count of the rest (`warnings`).
    pub warnings_shown: usize,
}

const MIB: u64 = 1024 * 1024;

impl Default for Limits {
    fn default() -> Self {
        Self {
            file_bytes: 32 * MIB,
            run_bytes: 256 * MIB,
            manifests: 100_000,
            alias_bytes: crate::yaml::DEFAULT_MAX_ALIAS_BYTES,
            violations_shown: 1_000,
            warnings_shown: 1_000,
        }
    }
}

/// The names `--limit` takes, the field each sets, and what each bounds.
pub const NAMES: &[(&str, &str, &str)] = &[
    (
        "file-size",
        "file_bytes",
        "largest manifest file (bytes; K, M, G suffixes)",
    ),
    (
        "input-size",
        "run_bytes",
        "bytes of manifests read in one run",
    ),
    ("manifests", "manifests", "YAML documents read in one run"),
    (
        "alias-bytes",
        "alias_bytes",
        "text that YAML aliases may add to one file",
    ),
    (
        "violations",
        "violations_shown",
        "violations printed before a count of the rest",
    ),
    (
        "warnings",
        "warnings_shown",
        "warnings printed before a count of the rest",
    ),
];

/// The `Limits` field a limit name sets (`file-size` → `file_bytes`).
pub fn field_name(name: &str) -> Option<&'static str> {
    NAMES
        .iter()
        .find(|(flag, _, _)| *flag == name)
        .map(|(_, field, _)| *field)
}

impl Limits {
    /// Applies one `NAME=VALUE` (`manifests=500000`, `file-size=64M`); the error says what is
    /// wrong with it (its caller names where it came from).
    pub fn set(&mut self, assignment: &str) -> Result<()> {
        let usage = |why: String| {
            let names: Vec<&str> = NAMES.iter().map(|(name, _, _)| *name).collect();
            Error::Usage(format!(
                "{assignment}: {why} (NAME=VALUE with NAME one of {})",
                names.join(", ")
            ))
        };
        let (name, value) = assignment
            .split_once('=')
            .ok_or_else(|| usage("no `=`".into()))?;
        let value = parse_amount(value.trim())
            .ok_or_else(|| usage(format!("`{value}` is not a count or a size")))?;
        let count = usize::try_from(value).map_err(|_| usage("too large".into()))?;
        match name.trim() {
            "file-size" => self.file_bytes = value,
            "input-size" => self.run_bytes = value,
            "manifests" => self.manifests = count,
            "alias-bytes" => self.alias_bytes = count,
            "violations" => self.violations_shown = count,
            "warnings" => self.warnings_shown = count,
            other => return Err(usage(format!("unknown limit `{other}`"))),
        }
        Ok(())
    }
}

/// `1000`, `64K`, `32M`, `2G` (binary multiples; a trailing `iB`/`B` is accepted).
fn parse_amount(text: &str) -> Option<u64> {
    let text = text
        .strip_suffix("iB")
        .or_else(|| text.strip_suffix('B'))
        .unwrap_or(text);
    let (digits, factor) = match text.char_indices().last()? {
        (i, 'K' | 'k') => (&text[..i], 1024),
        (i, 'M' | 'm') => (&text[..i], MIB),
        (i, 'G' | 'g') => (&text[..i], 1024 * MIB),
        _ => (text, 1),
    };
    digits.parse::<u64>().ok()?.checked_mul(factor)
}

/// The error of a run that went past a limit: it stops (exit 2), naming the setting that
/// raises it.
pub fn exceeded(what: &str, name: &str, spelling: Spelling) -> Error {
    Error::Usage(format!(
        "{what}; stopping before memory runs out (raise it with {})",
        spelling.limit(name)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_counts_parse_and_bad_ones_are_usage_errors() {
        let mut limits = Limits::default();
        limits.set("file-size=64M").unwrap();
        limits.set("manifests=500000").unwrap();
        limits.set("input-size=2GiB").unwrap();
        limits.set("alias-bytes = 16K").unwrap();
        assert_eq!(limits.file_bytes, 64 * MIB);
        assert_eq!(limits.manifests, 500_000);
        assert_eq!(limits.run_bytes, 2048 * MIB);
        assert_eq!(limits.alias_bytes, 16 * 1024);
        for bad in ["manifests", "nope=1", "manifests=lots", "file-size=-1"] {
            let error = limits.set(bad).unwrap_err().to_string();
            assert!(error.starts_with(&format!("{bad}:")), "{error}");
        }
    }
}
