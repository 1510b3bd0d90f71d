//! Validation: the buf.validate rules of each manifest's message (standard rules and CEL),
//! then the checks that span manifests. Rules are compiled once per message type per run.

pub(crate) mod cel;
mod cross;
mod walk;

use crate::constraints::{self, Model};
use crate::diagnostics::Violation;
use crate::error::Result;
use crate::field_path::FieldPath;
use crate::manifest::Manifest;
use prost_reflect::MessageDescriptor;
use std::collections::HashMap;
use walk::Walker;

/// Validates manifests; holds the model of each kind compiled so far.
#[derive(Default)]
pub struct Validator {
    models: HashMap<String, Model>,
    /// The fields the checks across manifests report on, by kind.
    across: HashMap<String, Vec<FieldPath>>,
    /// The fields the targets' checks report on, by kind name.
    kept: HashMap<String, Vec<FieldPath>>,
}

impl Validator {
    pub fn new() -> Self {
        Self::default()
    }

    /// Compiles the rules of `message` and of every message reachable from it. Fails on a
    /// rule planton-gen cannot enforce, so no rule is ever silently skipped.
    pub fn prepare(&mut self, message: &MessageDescriptor) -> Result<()> {
        if !self.models.contains_key(message.full_name()) {
            let model = constraints::build(message)?;
            self.models.insert(message.full_name().to_owned(), model);
            let across = cross::reported_fields(message);
            self.across.insert(message.full_name().to_owned(), across);
        }
        Ok(())
    }

    /// Whether the rules of `message` are compiled.
    pub fn is_prepared(&self, message: &MessageDescriptor) -> bool {
        self.models.contains_key(message.full_name())
    }

    /// Keeps where the fields `paths` name (and those within them) were written in
    /// manifests of `kind`: later checks report on them.
    pub fn keep_positions(&mut self, kind: &str, paths: Vec<FieldPath>) {
        self.kept.entry(kind.to_owned()).or_default().extend(paths);
    }

    /// Forgets where `manifest`'s fields were written, except those the checks across
    /// manifests and the targets' checks report on: what is left to know once its own
    /// rules are checked (field positions are a third of a read manifest's memory).
    pub fn forget_positions(&self, manifest: &mut Manifest) {
        let across = self.across.get(manifest.kind.message.full_name());
        let kept = self.kept.get(&manifest.kind.name);
        let paths: Vec<FieldPath> = across.into_iter().chain(kept).flatten().cloned().collect();
        manifest.positions.keep_only(&paths);
    }

    /// Every violation of one manifest, in source order.
    pub fn check(&mut self, manifest: &Manifest) -> Result<Vec<Violation>> {
        self.prepare(&manifest.kind.message)?;
        self.check_prepared(manifest)
    }

    /// Every violation of one manifest whose kind [`Validator::prepare`] has compiled; takes
    /// `&self`, so many threads can check manifests at once.
    pub fn check_prepared(&self, manifest: &Manifest) -> Result<Vec<Violation>> {
        let Some(model) = self.models.get(manifest.kind.message.full_name()) else {
            return Err(crate::error::Error::Schema(format!(
                "rules of {} were not prepared before checking",
                manifest.kind.message.full_name()
            )));
        };
        let mut walker = Walker {
            model,
            findings: Vec::new(),
        };
        walker.message(&manifest.message, &FieldPath::root());
        let mut violations: Vec<Violation> = walker
            .findings
            .into_iter()
            .map(|f| manifest.violation(&f.path, &f.rule, f.message))
            .collect();
        violations.sort_by(|a, b| (a.line, a.col, &a.field).cmp(&(b.line, b.col, &b.field)));
        Ok(violations)
    }

    /// Every violation of every manifest, then the checks across them.
    pub fn validate(&mut self, manifests: &[Manifest]) -> Result<Vec<Violation>> {
        let mut violations = Vec::new();
        for manifest in manifests {
            violations.extend(self.check(manifest)?);
        }
        violations.extend(check_across(manifests));
        Ok(violations)
    }
}

/// The checks that span manifests (unique names and unique-marked fields).
pub fn check_across(manifests: &[Manifest]) -> Vec<Violation> {
    cross::check(manifests)
        .into_iter()
        .map(|(_, v)| v)
        .collect()
}

/// [`check_across`], each violation with the index of the manifest it is about.
pub fn check_across_indexed(manifests: &[Manifest]) -> Vec<(usize, Violation)> {
    cross::check(manifests)
}
