//! `--outputs FILE`: values a deployment produced — `terraform output -json`, `pulumi stack
//! output --json`, or Project Planton manifests with `status.outputs` — put into the manifests'
//! `status.outputs` before rendering, so templates can adopt existing resources (import
//! blocks, `pulumi.Import`, `crossplane.io/external-name`) and wire ids (wrangler).
//!
//! Generic over kinds: every field F of a kind's `status.outputs` message is looked for under
//! the names planton-gen's own templates export it as — `<names.snake>_<F>` in Terraform,
//! `<names.camel><F in UpperCamelCase>` in Pulumi — or by `metadata.name` in manifests.

use crate::error::{Error, Result};
use crate::field_path::FieldPath;
use crate::manifest::{Loader, Manifest, IDENTITY};
use crate::names::Names;
use crate::schema::Schema;
use crate::setting::Spelling;
use heck::ToUpperCamelCase;
use prost_reflect::{DynamicMessage, Kind as FieldKind, ReflectMessage, Value as ProtoValue};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// The resource convention: observed values live in `status.outputs`.
const STATUS: &str = "status";
const OUTPUTS: &str = "outputs";

/// How a value set from an outputs file is attributed (`--outputs FILE`).
pub const FROM_OUTPUTS: &str = "--outputs";

/// Values read from outputs files: (file, key as written, value).
#[derive(Debug, Default)]
pub struct StackOutputs {
    /// Terraform or Pulumi outputs: key → value.
    keyed: Vec<(String, String, String)>,
    /// Manifests carrying status.outputs: (file, kind, metadata.name) → field → value.
    manifests: Vec<(String, String, String, BTreeMap<String, String>)>,
}

/// What applying outputs did.
#[derive(Debug, Default)]
pub struct Applied {
    /// Values set, as (manifest metadata.name, field).
    pub set: Vec<(String, String)>,
    /// Entries no manifest matched.
    pub warnings: Vec<String>,
}

impl StackOutputs {
    /// Reads one outputs file in any of the three formats.
    pub fn read(&mut self, path: &Path, schema: &Schema, spelling: Spelling) -> Result<()> {
        let setting = spelling.outputs();
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let file = path.display().to_string();
        if text.trim_start().starts_with('{') {
            let value: Value = serde_json::from_str(&text).map_err(|e| {
                Error::Usage(format!(
                    "{file}:{}:{}: {setting}: not valid JSON: {e}",
                    e.line(),
                    // serde_json says 0 for an error at the start of a line; columns are
                    // counted from 1 everywhere else.
                    e.column().max(1)
                ))
            })?;
            let Value::Object(entries) = value else {
                return Err(Error::Usage(format!(
                    "{file}: {setting}: expected a JSON object"
                )));
            };
            // `terraform output -json` wraps each value as {"value": ..., "type": ..., "sensitive": ...}.
            let terraform = !entries.is_empty()
                && entries
                    .values()
                    .all(|v| v.get("value").is_some() && v.get("type").is_some());
            for (key, value) in entries {
                let value = if terraform {
                    value["value"].clone()
                } else {
                    value
                };
                if let Value::String(text) = value {
                    self.keyed.push((file.clone(), key, text));
                }
            }
            return Ok(());
        }
        let loader = Loader::new(schema, Vec::new());
        let loaded = loader.load(&file, &text)?;
        if let Some(violation) = loaded.violations.first() {
            return Err(Error::Usage(format!("{setting}: {}", violation.human())));
        }
        for manifest in loaded.manifests {
            let name = string_at(&manifest.message, &IDENTITY).unwrap_or_default();
            let values = outputs_of(&manifest.message);
            if !values.is_empty() {
                self.manifests
                    .push((file.clone(), manifest.kind.name.clone(), name, values));
            }
        }
        Ok(())
    }

    /// Sets the values found into the manifests' `status.outputs`.
    pub fn apply(&self, manifests: &mut [Manifest]) -> Applied {
        let mut applied = Applied::default();
        if self.keyed.is_empty() && self.manifests.is_empty() {
            // No outputs file: nothing to match, and deriving every manifest's names for it
            // would cost a run of 10,000 manifests several percent.
            return applied;
        }
        // Every key a value may come under → (manifest index, field).
        let mut wanted: BTreeMap<String, (usize, String)> = BTreeMap::new();
        let mut suffixes: Vec<(String, String)> = Vec::new();
        for (index, manifest) in manifests.iter().enumerate() {
            let name = string_at(&manifest.message, &IDENTITY).unwrap_or_default();
            let Some(names) = Names::derive(&name) else {
                continue;
            };
            for field in output_fields(&manifest.message) {
                for key in keys(&names, &field) {
                    wanted.insert(key, (index, field.clone()));
                }
                suffixes.push((format!("_{field}"), field.to_upper_camel_case()));
            }
        }
        for (file, key, value) in &self.keyed {
            match wanted.get(key) {
                Some((index, field)) => {
                    set_output(&mut manifests[*index], field, value, file, &mut applied);
                }
                None if suffixes
                    .iter()
                    .any(|(s, p)| key.ends_with(s.as_str()) || key.ends_with(p.as_str())) =>
                {
                    applied.warnings.push(format!(
                        "{file}: output `{key}` matches no manifest of this run"
                    ));
                }
                None => {}
            }
        }
        for (file, kind, name, values) in &self.manifests {
            let target = manifests.iter_mut().find(|m| {
                m.kind.name == *kind && string_at(&m.message, &IDENTITY).as_deref() == Some(name)
            });
            match target {
                Some(manifest) => {
                    for (field, value) in values {
                        set_output(manifest, field, value, file, &mut applied);
                    }
                }
                None => applied.warnings.push(format!(
                    "{file}: {kind} `{name}` has outputs but no manifest of this run has that name"
                )),
            }
        }
        applied
    }
}

/// The field names of a message's `status.outputs` message.
fn output_fields(message: &DynamicMessage) -> Vec<String> {
    let Some(status) = message.descriptor().get_field_by_name(STATUS) else {
        return Vec::new();
    };
    let FieldKind::Message(status) = status.kind() else {
        return Vec::new();
    };
    let Some(outputs) = status.get_field_by_name(OUTPUTS) else {
        return Vec::new();
    };
    let FieldKind::Message(outputs) = outputs.kind() else {
        return Vec::new();
    };
    outputs
        .fields()
        .filter(|f| f.kind() == FieldKind::String && !f.is_list() && !f.is_map())
        .map(|f| f.name().to_owned())
        .collect()
}

/// The keys a value of output `field` of the resource named `names` comes under: as
/// planton-gen's Terraform (`<names.snake>_<field>`) and Pulumi (`<names.camel><Field>`)
/// programs export it.
fn keys(names: &Names, field: &str) -> [String; 2] {
    [
        format!("{}_{field}", names.snake),
        format!(
            "{}{}",
            names.camel.trim_end_matches('_'),
            field.to_upper_camel_case()
        ),
    ]
}

impl crate::references::Outside for StackOutputs {
    /// A manifest's value from a manifests file, else from Terraform or Pulumi outputs.
    fn value_of(&self, kind: &str, name: &str, field: &str) -> Option<String> {
        let from_manifest = self
            .manifests
            .iter()
            .filter(|(_, k, n, _)| k == kind && n == name)
            .find_map(|(_, _, _, values)| values.get(field).cloned());
        if from_manifest.is_some() {
            return from_manifest;
        }
        let keys = keys(&Names::derive(name)?, field);
        self.keyed
            .iter()
            .find(|(_, key, _)| keys.contains(key))
            .map(|(_, _, value)| value.clone())
    }
}

/// The non-empty string fields of `status.outputs`.
fn outputs_of(message: &DynamicMessage) -> BTreeMap<String, String> {
    output_fields(message)
        .into_iter()
        .filter_map(|field| {
            let value = string_at(message, &[STATUS, OUTPUTS, field.as_str()])?;
            (!value.is_empty()).then_some((field, value))
        })
        .collect()
}

/// Sets `value` into `status.outputs.<field>`, noting that it came from outputs file `file`
/// (a violation of it then says so, as one of a `--set` value does).
fn set_output(
    manifest: &mut Manifest,
    field: &str,
    value: &str,
    file: &str,
    applied: &mut Applied,
) {
    let name = string_at(&manifest.message, &IDENTITY).unwrap_or_default();
    let mut current = &mut manifest.message;
    for step in [STATUS, OUTPUTS] {
        let Some(descriptor) = current.descriptor().get_field_by_name(step) else {
            return;
        };
        let ProtoValue::Message(next) = current.get_field_mut(&descriptor) else {
            return;
        };
        current = next;
    }
    let Some(descriptor) = current.descriptor().get_field_by_name(field) else {
        return;
    };
    current.set_field(&descriptor, ProtoValue::String(value.to_owned()));
    let path = FieldPath::root().field(STATUS).field(OUTPUTS).field(field);
    manifest
        .overridden
        .push((path, format!("{FROM_OUTPUTS} {file}")));
    applied.set.push((name, field.to_owned()));
}

pub(crate) fn string_at(message: &DynamicMessage, path: &[&str]) -> Option<String> {
    let (first, rest) = path.split_first()?;
    let field = message.descriptor().get_field_by_name(first)?;
    let value = message.get_field(&field);
    if rest.is_empty() {
        return value.as_str().map(str::to_owned);
    }
    string_at(value.as_message()?, rest)
}
