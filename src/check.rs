//! The front half of every command: read the manifests, validate them, and report every
//! violation of every manifest (rendering only ever starts from a clean result).

use crate::diagnostics::Violation;
use crate::error::Result;
use crate::limits::{self, Limits};
use crate::manifest::source::{self, Content};
use crate::manifest::{Loader, Manifest, Override};
use crate::schema::Schema;
use crate::setting::Spelling;
use crate::validate::Validator;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

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
    /// The text of every input that has violations, by the name violations give it, so
    /// reports show the lines they point at without reading anything again (a pipe or a
    /// device cannot be read twice, and a file may have changed).
    pub sources: BTreeMap<String, String>,
    /// The schema's warnings ([`Schema::warnings`]): not the manifests' fault, so they do
    /// not make a run invalid.
    pub warnings: Vec<String>,
}

/// How a run reads its inputs, beyond the inputs themselves.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub limits: Limits,
    /// Folders never read as input (the run's own output folder, when it lies inside an
    /// input folder).
    pub exclude: Vec<PathBuf>,
    /// How messages name the run's settings.
    pub spelling: Spelling,
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
    check_with(schema, inputs, overrides, &Options::default())
}

/// [`check`] within `options`' limits, leaving out its excluded folders.
pub fn check_with(
    schema: &Schema,
    inputs: &[PathBuf],
    overrides: &[String],
    options: &Options,
) -> Result<Checked> {
    let overrides = overrides
        .iter()
        .map(|text| Override::parse(text, options.spelling))
        .collect::<Result<Vec<_>>>()?;
    let inputs = source::expand(inputs, &options.exclude)?;
    refuse_known_sizes(&inputs, options)?;
    let limits = &options.limits;
    let read_bytes = AtomicU64::new(0);
    let loader = Loader::new(schema, overrides)
        .with_alias_bytes(limits.alias_bytes)
        .with_spelling(options.spelling)
        .with_max_documents(limits.manifests);
    let mut checked = Checked {
        files: inputs.len(),
        warnings: schema.warnings().to_vec(),
        ..Checked::default()
    };
    // Files are read and loaded in parallel (and each file's documents too); results are
    // taken in input order, so the outcome does not depend on scheduling.
    let rules = Rules::default();
    let files: Vec<Result<FileResult>> = inputs
        .par_iter()
        .map(|input| read_file(input, &loader, &rules, &read_bytes, options))
        .collect();
    let mut texts = BTreeMap::new();
    for (input, file) in inputs.iter().zip(files) {
        let file = file?;
        checked.documents += file.documents;
        checked.violations.extend(file.violations);
        checked.manifests.extend(file.manifests);
        if let Some(text) = file.text {
            texts.insert(input.display(), text);
        }
    }
    checked
        .violations
        .extend(crate::validate::check_across(&checked.manifests));
    in_input_order(&mut checked.violations, &inputs);
    // Only the texts that violations point into are kept, for the report.
    for violation in &checked.violations {
        if let Some(text) = texts.remove(&violation.file) {
            checked.sources.insert(violation.file.clone(), text);
        }
    }
    Ok(checked)
}

/// Regular files tell their size up front: a run over budget stops before reading any. A
/// file over the per-file limit is never read (it is a violation of its own).
fn refuse_known_sizes(inputs: &[source::Input], options: &Options) -> Result<()> {
    let limits = &options.limits;
    let known: u64 = inputs
        .iter()
        .filter_map(source::Input::size)
        .filter(|size| *size <= limits.file_bytes)
        .sum();
    if known > limits.run_bytes {
        return Err(limits::exceeded(
            &format!(
                "the manifests named add up to {} MiB, over the {} MiB a run reads",
                known.div_ceil(1024 * 1024),
                limits.run_bytes / (1024 * 1024)
            ),
            "input-size",
            options.spelling,
        ));
    }
    Ok(())
}

/// What one input file came to.
struct FileResult {
    violations: Vec<Violation>,
    manifests: Vec<Manifest>,
    /// The text, kept in case a violation points into it.
    text: Option<String>,
    documents: usize,
}

/// The rules of every kind a run meets, compiled the first time a manifest of the kind is
/// read, and shared by the threads reading files.
#[derive(Default)]
struct Rules(std::sync::RwLock<Validator>);

impl Rules {
    /// `manifest`'s own violations (what loading found wrong with its shape, then its
    /// rules); then forgets the positions of fields no later check reports on.
    fn check(&self, manifest: &mut Manifest) -> Result<Vec<Violation>> {
        // A lock is poisoned only by a thread that panicked checking a manifest.
        fn poisoned<T>(_: T) -> crate::error::Error {
            crate::error::Error::Schema("a thread checking manifests failed".into())
        }
        let prepared = self
            .0
            .read()
            .map_err(poisoned)?
            .is_prepared(&manifest.kind.message);
        if !prepared {
            self.0
                .write()
                .map_err(poisoned)?
                .prepare(&manifest.kind.message)?;
        }
        let validator = self.0.read().map_err(poisoned)?;
        let mut violations = manifest.problems.clone();
        // A problem found while loading says more than the rule it stands for (the wrong
        // apiVersion's `string.const`): the rule's own report of the same field is dropped.
        let reported = |v: &Violation| {
            manifest
                .problems
                .iter()
                .any(|p| p.field == v.field && p.rule == v.rule)
        };
        violations.extend(
            validator
                .check_prepared(manifest)?
                .into_iter()
                .filter(|v| !reported(v)),
        );
        validator.forget_positions(manifest);
        Ok(violations)
    }
}

/// Reads, loads and checks one input (each manifest against its own rules), counting its
/// bytes against the run's budget.
fn read_file(
    input: &source::Input,
    loader: &Loader,
    rules: &Rules,
    read_bytes: &AtomicU64,
    options: &Options,
) -> Result<FileResult> {
    let limits = &options.limits;
    let text = match source::read(input, limits.file_bytes, options.spelling)? {
        Content::Text(text) => text,
        Content::Invalid(violation) => {
            return Ok(FileResult {
                violations: vec![violation],
                manifests: Vec::new(),
                text: None,
                documents: 0,
            })
        }
    };
    let total = read_bytes.fetch_add(text.len() as u64, Ordering::Relaxed);
    if total + text.len() as u64 > limits.run_bytes {
        return Err(limits::exceeded(
            &format!(
                "the manifests read add up to more than {} MiB",
                limits.run_bytes / (1024 * 1024)
            ),
            "input-size",
            options.spelling,
        ));
    }
    let mut loaded = loader.load(&input.display(), &text)?;
    // Checked as soon as read, so that a manifest is held with only the positions the
    // checks across manifests need, never with all of them.
    let mut violations = loaded.violations;
    for manifest in &mut loaded.manifests {
        violations.extend(rules.check(manifest)?);
    }
    Ok(FileResult {
        violations,
        manifests: loaded.manifests,
        text: Some(text),
        documents: loaded.documents,
    })
}

/// Input order first (files as given, directories sorted), then source order.
fn in_input_order(violations: &mut [Violation], inputs: &[source::Input]) {
    let order: std::collections::HashMap<String, usize> = inputs
        .iter()
        .enumerate()
        .map(|(i, input)| (input.display(), i))
        .collect();
    violations.sort_by(|a, b| {
        let rank = |v: &Violation| (order.get(&v.file).copied(), v.line, v.col);
        rank(a).cmp(&rank(b))
    });
}

/// Loads and validates one text as the file `file` (no overrides): what `init` uses to
/// prove its example validates.
pub fn check_text(schema: &Schema, file: &str, text: &str) -> Result<Checked> {
    let mut loaded = Loader::new(schema, Vec::new()).load(file, text)?;
    let mut violations = loaded.violations;
    let rules = Rules::default();
    for manifest in &mut loaded.manifests {
        violations.extend(rules.check(manifest)?);
    }
    violations.extend(crate::validate::check_across(&loaded.manifests));
    Ok(Checked {
        manifests: loaded.manifests,
        violations,
        files: 1,
        documents: loaded.documents,
        sources: BTreeMap::new(),
        warnings: schema.warnings().to_vec(),
    })
}
