//! The front half of every command: read the manifests, validate them, and report every
//! violation of every manifest (rendering only ever starts from a clean result).

use crate::diagnostics::Violation;
use crate::error::Result;
use crate::field_path::FieldPath;
use crate::limits::{self, Limits};
use crate::manifest::source::{self, Content};
use crate::manifest::{Loader, Manifest, Override, Skipped};
use crate::outputs::{Applied, StackOutputs};
use crate::render::{checks, Target, Templates};
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
    /// The schema's warnings ([`Schema::warnings`]), then what the targets' checks warn
    /// about: not the manifests' fault, or not a refusal, so they do not make a run invalid.
    pub warnings: Vec<String>,
    /// What `--outputs` files set, and entries in them no manifest matched.
    pub applied: Applied,
    /// What files found by walking folders held that is not a manifest of this run.
    pub skipped: Skipped,
}

/// How a run reads its inputs, beyond the inputs themselves.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub limits: Limits,
    /// What a folder walk leaves out: folders never read as input (the run's own output
    /// folder, when it lies inside an input folder) and `--exclude` globs.
    pub exclude: source::Exclude,
    /// How messages name the run's settings.
    pub spelling: Spelling,
    /// Outputs files (`--outputs`) whose ids are set into the manifests' `status.outputs`
    /// (and checked against the schema like the manifests' own values).
    pub outputs: Vec<PathBuf>,
    /// The targets whose checks run over the manifests that pass their schema's rules.
    pub checks: Option<TargetChecks>,
}

/// The targets' checks a run applies ([`checks`]): what generating them would refuse.
#[derive(Clone, Debug, Default)]
pub struct TargetChecks {
    pub templates: Templates,
    pub targets: Vec<Target>,
    /// The targets' options as templates see them (`options`).
    pub options: serde_json::Map<String, serde_json::Value>,
    /// Whether what the checks warn about is reported. A generating run reports its
    /// targets'; `validate` runs every target's checks and leaves their warnings (a
    /// namespace without an id yet) to the run that generates the target.
    pub warnings: bool,
}

impl TargetChecks {
    /// The fields the checks report on, by kind.
    fn reported_fields(&self) -> BTreeMap<String, Vec<FieldPath>> {
        let mut fields: BTreeMap<String, Vec<FieldPath>> = BTreeMap::new();
        for target in &self.targets {
            for (kind, paths) in checks::reported_fields(&self.templates, *target) {
                fields.entry(kind).or_default().extend(paths);
            }
        }
        fields
    }
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
    arguments: &[PathBuf],
    overrides: &[String],
    options: &Options,
) -> Result<Checked> {
    let overrides = overrides
        .iter()
        .map(|text| Override::parse(text, options.spelling))
        .collect::<Result<Vec<_>>>()?;
    let inputs = source::expand(arguments, &options.exclude)?;
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
    let kept = options
        .checks
        .as_ref()
        .map(TargetChecks::reported_fields)
        .unwrap_or_default();
    let rules = Rules::keeping(kept);
    let files: Vec<Result<FileResult>> = inputs
        .par_iter()
        .map(|input| read_file(input, &loader, &rules, &read_bytes, options))
        .collect();
    let mut texts = BTreeMap::new();
    // Whether each manifest passed its own rules: the targets' checks judge only those.
    let mut valid = Vec::new();
    for (input, file) in inputs.iter().zip(files) {
        let file = file?;
        checked.documents += file.documents;
        checked.skipped.add(file.skipped);
        checked.violations.extend(file.violations);
        checked.manifests.extend(file.manifests);
        valid.extend(file.valid);
        if let Some(text) = file.text {
            texts.insert(input.display(), text);
        }
    }
    // Folders whose YAML files hold no manifest at all are no better than folders without
    // YAML files: a run pointed at the wrong folder must not pass.
    let all_found = !inputs.is_empty() && inputs.iter().all(source::Input::is_found);
    if all_found && checked.documents == 0 && checked.violations.is_empty() {
        if let Some(path) = arguments.iter().find(|a| a.is_dir()) {
            return Err(crate::error::Error::NoManifests { path: path.clone() });
        }
    }
    for (index, violation) in crate::validate::check_across_indexed(&checked.manifests) {
        if let Some(valid) = valid.get_mut(index) {
            *valid = false;
        }
        checked.violations.push(violation);
    }
    let mut outputs = StackOutputs::default();
    for file in &options.outputs {
        outputs.read(file, schema, options.spelling)?;
    }
    checked.applied = outputs.apply(&mut checked.manifests);
    resolve_references(schema, &mut checked, &mut valid, &outputs);
    for (manifest, valid) in checked.manifests.iter().zip(&mut valid) {
        if *valid
            && manifest
                .overridden
                .iter()
                .any(|(_, from)| from.starts_with(crate::outputs::FROM_OUTPUTS))
        {
            let found = rules.recheck(manifest)?;
            *valid = found.is_empty();
            checked.violations.extend(found);
        }
    }
    if let Some(target_checks) = &options.checks {
        let passed: Vec<&Manifest> = checked
            .manifests
            .iter()
            .zip(&valid)
            .filter_map(|(manifest, valid)| valid.then_some(manifest))
            .collect();
        let findings = run_target_checks(target_checks, &passed)?;
        checked.violations.extend(findings.failures);
        if target_checks.warnings {
            checked.warnings.extend(findings.warnings);
        }
    }
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

/// Runs the targets' checks over `manifests` and places each failure at the field it names
/// (where the manifest wrote it, or the nearest enclosing field it wrote).
fn run_target_checks(
    target_checks: &TargetChecks,
    manifests: &[&Manifest],
) -> Result<checks::Findings> {
    let findings = checks::run(
        &target_checks.templates,
        &target_checks.targets,
        manifests,
        &target_checks.options,
    )?;
    let mut found = checks::Findings {
        warnings: findings.warnings,
        failures: Vec::new(),
    };
    if findings.failures.is_empty() {
        return Ok(found);
    }
    let by_document: std::collections::HashMap<(&str, usize, usize), &Manifest> = manifests
        .iter()
        .map(|m| {
            let at = m.positions.document();
            ((m.file.as_str(), at.line, at.col), *m)
        })
        .collect();
    // A rule every target generating a kind holds (a load balancer's zone, a Worker's
    // binding names) is refused alike by each target's checks: `validate`, which runs them
    // all, reports it once.
    let mut seen = std::collections::HashSet::new();
    for failure in findings.failures {
        let manifest = by_document.get(&(failure.file.as_str(), failure.line, failure.col));
        let path = FieldPath::parse(&failure.field);
        let violation = match (manifest, path) {
            (Some(manifest), Some(path)) => Violation {
                hint: None,
                ..manifest.violation(&path, &failure.rule, failure.message)
            },
            _ => failure,
        };
        let key = (
            violation.file.clone(),
            violation.line,
            violation.col,
            violation.field.clone(),
            violation.message.clone(),
        );
        if seen.insert(key) {
            found.failures.push(violation);
        }
    }
    Ok(found)
}

/// What one input file came to.
struct FileResult {
    violations: Vec<Violation>,
    manifests: Vec<Manifest>,
    /// Whether each of `manifests` passed its own rules.
    valid: Vec<bool>,
    skipped: Skipped,
    /// The text, kept in case a violation points into it.
    text: Option<String>,
    documents: usize,
}

/// The rules of every kind a run meets, compiled the first time a manifest of the kind is
/// read, and shared by the threads reading files.
#[derive(Default)]
struct Rules(std::sync::RwLock<Validator>);

// A lock is poisoned only by a thread that panicked checking a manifest.
fn poisoned<T>(_: T) -> crate::error::Error {
    crate::error::Error::Schema("a thread checking manifests failed".into())
}

impl Rules {
    /// Rules that keep, besides what the checks across manifests need, where the fields
    /// `kept` names (by kind) were written: the targets' checks report on them.
    fn keeping(kept: BTreeMap<String, Vec<FieldPath>>) -> Self {
        let mut validator = Validator::new();
        for (kind, paths) in kept {
            validator.keep_positions(&kind, paths);
        }
        Rules(std::sync::RwLock::new(validator))
    }

    /// `manifest`'s rules once more, after values were set into it (from outputs files).
    fn recheck(&self, manifest: &Manifest) -> Result<Vec<Violation>> {
        self.0.read().map_err(poisoned)?.check_prepared(manifest)
    }

    /// `manifest`'s own violations (what loading found wrong with its shape, then its
    /// rules); then forgets the positions of fields no later check reports on.
    fn check(&self, manifest: &mut Manifest) -> Result<Vec<Violation>> {
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
                valid: Vec::new(),
                skipped: Skipped::default(),
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
    let mut loaded = loader.load_file(&input.display(), &text, input.is_found())?;
    // Checked as soon as read, so that a manifest is held with only the positions the
    // checks across manifests need, never with all of them.
    let mut violations = loaded.violations;
    let mut valid = Vec::with_capacity(loaded.manifests.len());
    for manifest in &mut loaded.manifests {
        let found = rules.check(manifest)?;
        valid.push(found.is_empty());
        violations.extend(found);
    }
    Ok(FileResult {
        violations,
        manifests: loaded.manifests,
        valid,
        skipped: loaded.skipped,
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
    let mut checked = Checked {
        manifests: loaded.manifests,
        violations,
        files: 1,
        documents: loaded.documents,
        sources: BTreeMap::new(),
        warnings: schema.warnings().to_vec(),
        applied: Applied::default(),
        skipped: Skipped::default(),
    };
    let mut valid = vec![true; checked.manifests.len()];
    resolve_references(
        schema,
        &mut checked,
        &mut valid,
        &crate::references::Nothing,
    );
    Ok(checked)
}

/// Resolves the references between the manifests read (after `--outputs` set their ids, so
/// references read them): each manifest gets its resolved references, a reference that
/// cannot be resolved is a violation and makes its manifest invalid.
fn resolve_references(
    schema: &Schema,
    checked: &mut Checked,
    valid: &mut [bool],
    outside: &dyn crate::references::Outside,
) {
    let resolution = crate::references::resolve(&checked.manifests, schema.kinds(), outside);
    for (index, violation) in resolution.violations {
        if let Some(valid) = valid.get_mut(index) {
            *valid = false;
        }
        checked.violations.push(violation);
    }
    for (manifest, resolved) in checked.manifests.iter_mut().zip(resolution.resolved) {
        manifest.references = resolved;
    }
}
