//! A target's checks of a kind: `templates/<target>/<Kind>/_checks.tera`, the file that
//! declares what the target refuses (or warns about) in a manifest its schema accepts — a
//! wrangler binding that is not a JavaScript identifier, a label Kubernetes cannot hold. It
//! renders once per resource in name order (its text is discarded; it only calls `warn`,
//! `fail` and `claim`), before any target renders: `validate` runs every target's checks,
//! a generating command those of its targets, so a refusal is found by both, under one
//! rule id, at the field it names.

use super::{load, Contexts, Frame};
use crate::diagnostics::Violation;
use crate::error::{Error, Result};
use crate::field_path::FieldPath;
use crate::render::{order, Target, Templates};
use std::collections::BTreeMap;

/// The name of a kind's checks file in a target's template folder.
pub const CHECKS_FILE: &str = "_checks.tera";

/// What a target's checks reported.
#[derive(Debug, Default)]
pub struct Findings {
    pub warnings: Vec<String>,
    /// Each located at the manifest the check named (`at=r.source`) and carrying the `field`
    /// it named; [`crate::check`] places it at that field.
    pub failures: Vec<Violation>,
}

/// The template name of `kind`'s checks for `target`.
fn checks_of(target: Target, kind: &str) -> String {
    format!("{}/{kind}/{CHECKS_FILE}", target.name())
}

/// Runs `target`'s checks of every kind in `contexts` that has them.
pub fn run(templates: &Templates, target: Target, contexts: &Contexts) -> Result<Findings> {
    let prefix = format!("{}/", target.name());
    let has_checks = |kind: &str| templates.iter().any(|(n, _)| n == checks_of(target, kind));
    if !contexts.kinds.keys().any(|kind| has_checks(kind)) {
        return Ok(Findings::default());
    }
    let mut loaded = load(templates, &prefix, true)?;
    for (index, (kind, run)) in contexts.kinds.iter().enumerate() {
        if !has_checks(kind) {
            continue;
        }
        // The checks file is a partial of the target's templates (which may include it); here
        // it renders on its own, once per resource, as an `each` section would.
        let name = checks_of(target, kind);
        let each = format!("{name}#each");
        let text = format!("{{%- for r in chunk %}}{{% include \"{name}\" %}}{{% endfor %}}");
        loaded
            .tera
            .add_raw_template(&each, &text)
            .map_err(|e| Error::Render(loaded.origins.explain(super::describe(&e))))?;
        let frame = Frame::new(&contexts.options, kind, run)?;
        let order = order::Order::by_name(run.count);
        let chunk = |chunk| frame.chunk(&order, chunk);
        let at = |chunk| super::functions::Position::set(index, 0, chunk);
        let chunks = Frame::chunks(&order);
        loaded.render_chunks(&each, chunks, &chunk, &at, &mut std::io::sink())?;
    }
    let (warnings, failures) = loaded.feedback.take();
    Ok(Findings { warnings, failures })
}

/// The fields `target`'s checks may report on, by kind: the `field="…"` of every `fail` in
/// its checks files. A field built from a literal and a value (`"metadata.labels[" ~ key ~
/// "]"`) stands for the literal's field and all within it. A run keeps where these were
/// written, and forgets every other field's position once a manifest's rules are checked.
pub fn reported_fields(templates: &Templates, target: Target) -> BTreeMap<String, Vec<FieldPath>> {
    let mut fields: BTreeMap<String, Vec<FieldPath>> = BTreeMap::new();
    let folder = format!("{}/", target.name());
    for (name, text) in templates.iter() {
        let Some(kind) = name
            .strip_prefix(&folder)
            .and_then(|rest| rest.strip_suffix(&format!("/{CHECKS_FILE}")))
        else {
            continue;
        };
        let paths = fields.entry(kind.to_owned()).or_default();
        for literal in field_arguments(text) {
            // What a literal ends with before a value is joined to it: an open map key or
            // list index, or the `.` before a field.
            let field = literal.trim_end_matches(['[', '.']);
            if let Some(path) = FieldPath::parse(field) {
                if !paths.contains(&path) {
                    paths.push(path);
                }
            }
        }
    }
    fields
}

/// The string literal each `field=` argument of a template starts with.
fn field_arguments(text: &str) -> Vec<String> {
    let Ok(pattern) = regex::Regex::new(r#"\bfield\s*=\s*(?:"([^"]*)"|'([^']*)')"#) else {
        return Vec::new();
    };
    pattern
        .captures_iter(text)
        .filter_map(|c| c.get(1).or_else(|| c.get(2)))
        .map(|m| m.as_str().to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_fields_checks_report_on() {
        let text = r#"{{ fail(message=m, at=r.source, field='metadata.annotations["planton-gen/binding"]', rule="x") }}
            {{ fail(message=m, at=r.source, field="metadata.labels[" ~ qk ~ "]", rule="y") }}
            {{ fail(message=m, field = "status.outputs.namespace_id") }}"#;
        assert_eq!(
            field_arguments(text),
            [
                r#"metadata.annotations["planton-gen/binding"]"#,
                "metadata.labels[",
                "status.outputs.namespace_id"
            ]
        );
    }
}
