//! A target's checks of a kind: `templates/<target>/<Kind>/_checks.tera`, the file that
//! declares what the target refuses (or warns about) in a manifest its schema accepts — a
//! wrangler binding that is not a JavaScript identifier, a label Kubernetes cannot hold. It
//! renders once per resource in name order (its text is discarded; it only calls `warn`,
//! `fail` and `claim`), before any target renders: `validate` runs every target's checks,
//! a generating command those of its targets, so a refusal is found by both, under one
//! rule id, at the field it names.

use super::load;
use crate::diagnostics::Violation;
use crate::error::{Error, Result};
use crate::field_path::FieldPath;
use crate::manifest::Manifest;
use crate::render::{Target, Templates};
use serde_json::{Map, Value};
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

/// Whether `target` has checks for any of `kinds`: when none has, a run builds no render
/// context for them.
pub fn any(templates: &Templates, target: Target, kinds: &[&str]) -> bool {
    kinds
        .iter()
        .any(|kind| templates.iter().any(|(n, _)| n == checks_of(target, kind)))
}

/// Runs the checks of `targets` over every kind of `manifests` that has them, in name
/// order. The render contexts are built a chunk at a time, once for every target, the next
/// chunk's while this one is checked, and dropped once it is: checking holds two chunks of
/// contexts beside the manifests, never a whole run's.
pub fn run(
    templates: &Templates,
    targets: &[Target],
    manifests: &[&Manifest],
    options: &Map<String, Value>,
) -> Result<Findings> {
    use rayon::prelude::*;
    let mut by_kind: BTreeMap<&str, Vec<(String, &Manifest)>> = BTreeMap::new();
    for manifest in manifests {
        by_kind
            .entry(manifest.kind.name.as_str())
            .or_default()
            .push((manifest.identity(), *manifest));
    }
    let kinds: Vec<&str> = by_kind.keys().copied().collect();
    let mut checking = Vec::new();
    for target in targets {
        if any(templates, *target, &kinds) {
            let prefix = format!("{}/", target.name());
            checking.push((*target, load(templates, &prefix, true)?));
        }
    }
    if checking.is_empty() {
        return Ok(Findings::default());
    }
    let zeros = crate::model::ZeroValues::default();
    for (index, (kind, mut resources)) in by_kind.into_iter().enumerate() {
        // The checks file is a partial of the target's templates (which may include it);
        // here it renders on its own, once per resource, as an `each` section would.
        let mut each = Vec::new();
        for (target_index, (target, loaded)) in checking.iter_mut().enumerate() {
            if !any(templates, *target, &[kind]) {
                continue;
            }
            let name = checks_of(*target, kind);
            let wrapper = format!("{name}#each");
            let text = format!("{{%- for r in chunk %}}{{% include \"{name}\" %}}{{% endfor %}}");
            loaded
                .tera
                .add_raw_template(&wrapper, &text)
                .map_err(|e| Error::Render(loaded.origins.explain(super::describe(&e))))?;
            each.push((target_index, wrapper));
        }
        if each.is_empty() {
            continue;
        }
        // Name order, then file, as the targets render (stable: one file's order holds).
        resources.sort_by(|(a, x), (b, y)| (a, &x.file).cmp(&(b, &y.file)));
        let mut base = Map::new();
        base.insert("options".into(), Value::Object(options.clone()));
        base.insert("kind".into(), Value::String(kind.to_owned()));
        let chunks: Vec<&[(String, &Manifest)]> =
            resources.chunks(super::sections::CHUNK).collect();
        let build = |chunk: &[(String, &Manifest)]| -> Result<tera::Context> {
            let contexts = chunk
                .par_iter()
                .map(|(_, manifest)| {
                    let resource = crate::model::resource(manifest, &zeros)?;
                    serde_json::to_value(resource)
                        .map_err(|e| Error::Render(format!("cannot build a render context: {e}")))
                })
                .collect::<Result<Vec<Value>>>()?;
            let mut object = base.clone();
            object.insert("chunk".into(), Value::Array(contexts));
            tera::Context::from_value(Value::Object(object))
                .map_err(|e| Error::Render(super::describe(&e)))
        };
        let mut next = chunks.first().map(|chunk| build(chunk)).transpose()?;
        for position in 0..chunks.len() {
            let Some(context) = next.take() else {
                break;
            };
            // In order, chunk after chunk (what `claim` answers depends on it); the next
            // chunk's contexts are built meanwhile.
            let check = || -> Result<()> {
                for (target_index, wrapper) in &each {
                    let (_, loaded) = &checking[*target_index];
                    super::functions::Position::set(index, 0, position);
                    loaded.render_into(wrapper, &context, &mut std::io::sink())?;
                }
                Ok(())
            };
            let upcoming = || {
                chunks
                    .get(position + 1)
                    .map(|chunk| build(chunk))
                    .transpose()
            };
            let (checked, built) = rayon::join(check, upcoming);
            checked?;
            next = built?;
        }
    }
    let mut found = Findings::default();
    for (_, loaded) in checking {
        let (warnings, failures) = loaded.feedback.take();
        found.warnings.extend(warnings);
        found.failures.extend(failures);
    }
    Ok(found)
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
