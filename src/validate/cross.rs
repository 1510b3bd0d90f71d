//! Checks across the manifests of one run: a resource's identity (`metadata.name`) is unique
//! per kind, and so is every field marked `(planton_gen.options.unique_in_run)` — such as a
//! title the provider requires to be unique per account.

use crate::diagnostics::ids;
use crate::diagnostics::Violation;
use crate::field_path::FieldPath;
use crate::manifest::{Manifest, IDENTITY};
use crate::names::Names;
use crate::rules;
use prost_reflect::{DynamicMessage, Kind as FieldKind, MessageDescriptor, Value};
use std::collections::HashMap;

/// Every violation across `manifests`, with the index of the manifest it is about.
pub fn check(manifests: &[Manifest]) -> Vec<(usize, Violation)> {
    let mut violations = unique_fields(manifests);
    violations.extend(derived_names(manifests));
    violations
}

/// Every manifest needs names its targets can use, and two manifests of one kind may not
/// derive the same name in any language (`my-kv` and `my_kv` both become `my_kv`).
fn derived_names(manifests: &[Manifest]) -> Vec<(usize, Violation)> {
    use rayon::prelude::*;
    let identity: FieldPath = IDENTITY.iter().fold(FieldPath::root(), |p, s| p.field(s));
    let identity_path: Vec<String> = IDENTITY.iter().map(|s| (*s).to_owned()).collect();
    // Deriving is most of the work and independent per manifest; the comparison is not.
    let derived: Vec<(String, Option<Names>)> = manifests
        .par_iter()
        .map(|manifest| {
            let name = string_at(&manifest.message, &identity_path).unwrap_or_default();
            let names = Names::derive(&name);
            (name, names)
        })
        .collect();
    let mut violations = Vec::new();
    // (kind, form, derived name) → (manifest, its metadata.name)
    let mut taken: HashMap<(&str, &'static str, &str), (&Manifest, &str)> = HashMap::new();
    for (index, (manifest, (name, names))) in manifests.iter().zip(&derived).enumerate() {
        let Some(names) = names else {
            // A manifest without a name breaks the schema's `required` already.
            if name.is_empty() {
                continue;
            }
            violations.push((
                index,
                manifest.violation(
                    &identity,
                    ids::NAMES_INVALID,
                    format!(
                        "`{name}` cannot name generated resources: it needs at least one ASCII \
                     letter or digit"
                    ),
                ),
            ));
            continue;
        };
        let kind = manifest.kind.message.full_name();
        for (form, derived) in names.forms() {
            if let Some((first, first_name)) = taken.get(&(kind, form, derived)) {
                if *first_name == name.as_str() {
                    // Same metadata.name: reported as a duplicate name already.
                    break;
                }
                let pos = first.positions.locate(&identity);
                violations.push((
                    index,
                    manifest.violation(
                        &identity,
                        ids::NAMES_COLLISION,
                        format!(
                            "`{name}` and `{first_name}` ({}:{}:{}) both become `{derived}` \
                         ({form}); rename one of them",
                            first.file, pos.line, pos.col
                        ),
                    ),
                ));
                break;
            }
            taken.insert((kind, form, derived), (manifest, name.as_str()));
        }
    }
    violations
}

/// The fields of a kind that the checks across manifests report on: its identity, the
/// fields marked unique and the fields holding references.
pub fn reported_fields(message: &MessageDescriptor) -> Vec<FieldPath> {
    let mut paths: Vec<FieldPath> = unique_paths(message)
        .iter()
        .map(|path| path.iter().fold(FieldPath::root(), |p, s| p.field(s)))
        .collect();
    // References are resolved across the run, and reported where they were written.
    paths.extend(crate::references::reference_fields(message));
    paths
}

/// The paths whose value must be unique per kind within a run: the identity, and every
/// field marked unique.
fn unique_paths(message: &MessageDescriptor) -> Vec<Vec<String>> {
    let mut paths = vec![IDENTITY.iter().map(|s| (*s).to_owned()).collect()];
    marked_unique(message, &mut Vec::new(), &mut paths, 0);
    paths
}

fn unique_fields(manifests: &[Manifest]) -> Vec<(usize, Violation)> {
    let mut violations = Vec::new();
    let mut by_kind: HashMap<String, Vec<Vec<String>>> = HashMap::new();
    // (kind, path, value) → first manifest that used it.
    let mut first_use: HashMap<(String, Vec<String>, String), &Manifest> = HashMap::new();
    for (index, manifest) in manifests.iter().enumerate() {
        let kind = manifest.kind.message.full_name().to_owned();
        let paths = by_kind
            .entry(kind.clone())
            .or_insert_with(|| unique_paths(&manifest.kind.message));
        for path in paths.iter() {
            let Some(value) = string_at(&manifest.message, path) else {
                continue;
            };
            if value.is_empty() {
                continue;
            }
            let key = (kind.clone(), path.clone(), value.clone());
            let field_path: FieldPath = path.iter().fold(FieldPath::root(), |p, s| p.field(s));
            match first_use.get(&key) {
                None => {
                    first_use.insert(key, manifest);
                }
                Some(first) => {
                    let pos = first.positions.locate(&field_path);
                    violations.push((
                        index,
                        manifest.violation(
                            &field_path,
                            ids::RUN_UNIQUE,
                            format!(
                                "`{value}` is already the {field_path} of another {} in {}:{}:{}; \
                             each must be unique within a run",
                                manifest.kind.name, first.file, pos.line, pos.col
                            ),
                        ),
                    ));
                }
            }
        }
    }
    violations
}

/// Paths of singular fields marked unique, found through singular message fields.
fn marked_unique(
    message: &MessageDescriptor,
    prefix: &mut Vec<String>,
    out: &mut Vec<Vec<String>>,
    depth: usize,
) {
    // Recursive message types would loop; real resource schemas are shallow.
    if depth > 8 {
        return;
    }
    for field in message.fields() {
        if field.is_list() || field.is_map() {
            continue;
        }
        prefix.push(field.name().to_owned());
        if rules::unique_in_run(&field) && !out.contains(prefix) {
            out.push(prefix.clone());
        }
        if let FieldKind::Message(inner) = field.kind() {
            marked_unique(&inner, prefix, out, depth + 1);
        }
        prefix.pop();
    }
}

/// The string (or number, as text) at `path`, when set.
fn string_at(message: &DynamicMessage, path: &[String]) -> Option<String> {
    let (name, rest) = path.split_first()?;
    let field = message.descriptor().get_field_by_name(name)?;
    if !rest.is_empty() {
        if !message.has_field(&field) {
            return None;
        }
        let value = message.get_field(&field);
        return string_at(value.as_message()?, rest);
    }
    match &*message.get_field(&field) {
        Value::String(text) => Some(text.clone()),
        Value::Message(_) | Value::List(_) | Value::Map(_) => None,
        other => Some(format!("{other:?}")),
    }
}

use prost_reflect::ReflectMessage as _;
