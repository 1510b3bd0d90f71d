//! The front half of every command: read the manifests, validate them, and report every
//! violation of every manifest (rendering only ever starts from a clean result).

use crate::diagnostics::Violation;
use crate::error::Result;
use crate::manifest::source::{self, Content};
use crate::manifest::{Loader, Manifest, Override};
use crate::schema::Schema;
use crate::validate::Validator;
use rayon::prelude::*;
use std::path::PathBuf;

/// What was read and what is wrong with it.
#[derive(Debug, Default)]
pub struct Checked {
    pub manifests: Vec<Manifest>,
    pub violations: Vec<Violation>,
    /// Number of files (and stdin) read.
    pub files: usize,
    /// Number of YAML documents read, including those that could not become a manifest
    /// (`manifests` holds the others).
    pub documents: usize,
    /// What was read from standard input, kept while there are violations so reports can
    /// show the lines they point at (files can be read again; stdin cannot).
    pub stdin: Option<String>,
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
    let loader = Loader::new(schema, overrides);
    let mut checked = Checked {
        files: inputs.len(),
        ..Checked::default()
    };
    // Files are read and loaded in parallel (and each file's documents too); results are
    // taken in input order, so the outcome does not depend on scheduling.
    type FileResult = (Vec<Violation>, Vec<Manifest>, Option<String>, usize);
    let files: Vec<Result<FileResult>> = inputs
        .par_iter()
        .map(|input| {
            let text = match source::read(input)? {
                Content::Text(text) => text,
                Content::Invalid(violation) => return Ok((vec![violation], Vec::new(), None, 0)),
            };
            let loaded = loader.load(&input.display(), &text)?;
            let stdin = (*input == source::Input::Stdin).then_some(text);
            Ok((loaded.violations, loaded.manifests, stdin, loaded.documents))
        })
        .collect();
    let mut files_violations = Vec::with_capacity(files.len());
    for file in files {
        let (violations, manifests, stdin, documents) = file?;
        checked.documents += documents;
        files_violations.push((violations, manifests.len()));
        checked.manifests.extend(manifests);
        checked.stdin = checked.stdin.take().or(stdin);
    }
    let mut per_manifest = rule_violations(&checked.manifests)?.into_iter();
    for (violations, count) in files_violations {
        checked.violations.extend(violations);
        checked
            .violations
            .extend(per_manifest.by_ref().take(count).flatten());
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
    if checked.is_valid() {
        checked.stdin = None;
    }
    Ok(checked)
}

/// Loads and validates one text as the file `file` (no overrides): what `init` uses to
/// prove its example validates.
pub fn check_text(schema: &Schema, file: &str, text: &str) -> Result<Checked> {
    let loaded = Loader::new(schema, Vec::new()).load(file, text)?;
    let mut violations = loaded.violations;
    violations.extend(rule_violations(&loaded.manifests)?.into_iter().flatten());
    violations.extend(crate::validate::check_across(&loaded.manifests));
    Ok(Checked {
        manifests: loaded.manifests,
        violations,
        files: 1,
        documents: loaded.documents,
        stdin: None,
    })
}

/// Each manifest's own violations, in order: what loading found wrong with its shape, then
/// its rules. Rules are compiled once per kind, then the manifests are checked in parallel.
fn rule_violations(manifests: &[Manifest]) -> Result<Vec<Vec<Violation>>> {
    let mut validator = Validator::new();
    for manifest in manifests {
        validator.prepare(&manifest.kind.message)?;
    }
    manifests
        .par_iter()
        .map(|manifest| {
            let mut violations = manifest.problems.clone();
            violations.extend(validator.check_prepared(manifest)?);
            Ok(violations)
        })
        .collect()
}
