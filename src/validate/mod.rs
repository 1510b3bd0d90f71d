//! Validation: the buf.validate rules of each manifest's message (standard rules and CEL),
//! then the checks that span manifests. Rules are compiled once per message type per run.

pub(crate) mod cel;
mod check;
mod cross;
mod formats;
pub(crate) mod number;
pub(crate) mod plan;

use crate::diagnostics::Violation;
use crate::error::Result;
use crate::field_path::FieldPath;
use crate::manifest::Manifest;
use check::Checker;
use plan::MessagePlan;
use prost_reflect::{Kind, MessageDescriptor};
use std::collections::HashMap;
use std::sync::Arc;

/// Validates manifests; holds the rules compiled so far.
#[derive(Default)]
pub struct Validator {
    cel: cel::CelEnv,
    plans: HashMap<String, Arc<MessagePlan>>,
}

impl Validator {
    pub fn new() -> Self {
        Self::default()
    }

    /// Compiles the rules of `message` and of every message reachable from it. Fails on a
    /// rule planton-gen cannot enforce, so no rule is ever silently skipped.
    pub fn prepare(&mut self, message: &MessageDescriptor) -> Result<()> {
        let mut pending = vec![message.clone()];
        while let Some(message) = pending.pop() {
            if self.plans.contains_key(message.full_name()) {
                continue;
            }
            let plan = MessagePlan::compile(&message, &self.cel)?;
            self.plans
                .insert(message.full_name().to_owned(), Arc::new(plan));
            for field in message.fields() {
                if let Kind::Message(inner) = field.kind() {
                    if inner.is_map_entry() {
                        if let Kind::Message(value) = inner.map_entry_value_field().kind() {
                            pending.push(value);
                        }
                    } else {
                        pending.push(inner);
                    }
                }
            }
        }
        Ok(())
    }

    /// Every violation of one manifest, in source order.
    pub fn check(&mut self, manifest: &Manifest) -> Result<Vec<Violation>> {
        self.prepare(&manifest.kind.message)?;
        self.check_prepared(manifest)
    }

    /// Every violation of one manifest whose kind [`Validator::prepare`] has compiled; takes
    /// `&self`, so many threads can check manifests at once.
    pub fn check_prepared(&self, manifest: &Manifest) -> Result<Vec<Violation>> {
        if !self.plans.contains_key(manifest.kind.message.full_name()) {
            return Err(crate::error::Error::Schema(format!(
                "rules of {} were not prepared before checking",
                manifest.kind.message.full_name()
            )));
        }
        let mut checker = Checker {
            plans: &self.plans,
            cel: &self.cel,
            findings: Vec::new(),
        };
        checker.message(&manifest.message, &FieldPath::root());
        let mut violations: Vec<Violation> = checker
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
        violations.extend(cross::check(manifests));
        Ok(violations)
    }
}

/// The checks that span manifests (unique names and unique-marked fields).
pub fn check_across(manifests: &[Manifest]) -> Vec<Violation> {
    cross::check(manifests)
}
