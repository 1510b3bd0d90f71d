//! The front half of every command: read the manifests, validate them, and report every
//! violation of every manifest (rendering only ever starts from a clean result).

use crate::diagnostics::Violation;
use crate::error::Result;
use crate::manifest::source::{self, Content};
use crate::manifest::{Loader, Manifest, Override};
use crate::schema::Schema;
use crate::validate::Validator;
use std::path::PathBuf;

/// What was read and what is wrong with it.
#[derive(Debug, Default)]
pub struct Checked {
    pub manifests: Vec<Manifest>,
    pub violations: Vec<Violation>,
    /// Number of files (and stdin) read.
    pub files: usize,
}

impl Checked {
    pub fn is_valid(&self) -> bool {
        self.violations.is_empty()
    }
}

/// Reads every manifest named by `inputs` (files, directories, `-`), applies `--set`
/// overrides and validates. Errors are for things that stop the run (I/O, a bad flag, a
/// schema planton-gen cannot enforce); problems in manifests are violations.
pub fn check(schema: &Schema, inputs: &[PathBuf], overrides: &[String]) -> Result<Checked> {
    let overrides = overrides
        .iter()
        .map(|text| Override::parse(text))
        .collect::<Result<Vec<_>>>()?;
    let inputs = source::expand(inputs)?;
    let mut loader = Loader::new(schema, overrides);
    let mut validator = Validator::new();
    let mut checked = Checked {
        files: inputs.len(),
        ..Checked::default()
    };
    for input in &inputs {
        let text = match source::read(input)? {
            Content::Text(text) => text,
            Content::Invalid(violation) => {
                checked.violations.push(violation);
                continue;
            }
        };
        let loaded = loader.load(&input.display(), &text)?;
        checked.violations.extend(loaded.violations);
        for manifest in &loaded.manifests {
            checked.violations.extend(manifest.problems.iter().cloned());
            checked.violations.extend(validator.check(manifest)?);
        }
        checked.manifests.extend(loaded.manifests);
    }
    checked
        .violations
        .extend(crate::validate::check_across(&checked.manifests));
    // Input order first (files as given, directories sorted), then source order.
    let order: std::collections::HashMap<String, usize> = inputs
        .iter()
        .enumerate()
        .map(|(i, input)| (input.display(), i))
        .collect();
    checked.violations.sort_by(|a, b| {
        let rank = |v: &Violation| (order.get(&v.file).copied(), v.line, v.col);
        rank(a).cmp(&rank(b))
    });
    Ok(checked)
}
