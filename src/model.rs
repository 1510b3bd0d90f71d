//! The render context of a resource, built generically from its message: every top-level
//! field keyed by its proto name (unset scalars present with their zero value, unset messages
//! as messages of zero values, enums by name), the names derived from `metadata.name`, and
//! where the manifest came from. Nothing here knows any kind.

use crate::error::{Error, Result};
use crate::manifest::Manifest;
use crate::names::Names;
use prost_reflect::{
    DynamicMessage, Kind as FieldKind, MessageDescriptor, ReflectMessage, SerializeOptions,
};
use serde::Serialize;
use serde_json::{Map, Value};

/// Deepest nesting of unset messages filled with zero values (guards recursive types).
const MAX_FILL_DEPTH: usize = 8;

/// The zero value of each message type (as a context holds an unset message), made once per
/// run and copied, instead of serialized again for every manifest that leaves it unset.
#[derive(Debug, Default)]
pub struct ZeroValues(std::sync::Mutex<std::collections::HashMap<(String, usize), Value>>);

impl ZeroValues {
    /// The zero value of `descriptor` filled to `depth`.
    fn of(&self, descriptor: &MessageDescriptor, depth: usize) -> Result<Value> {
        let key = (descriptor.full_name().to_owned(), depth);
        let cached = match self.0.lock() {
            Ok(cache) => cache.get(&key).cloned(),
            Err(poisoned) => poisoned.into_inner().get(&key).cloned(),
        };
        if let Some(value) = cached {
            return Ok(value);
        }
        // Made without holding the lock: filling it asks the cache for nested types.
        let mut zero = message_value_shallow(descriptor)?;
        fill_messages(&mut zero, descriptor, depth, self)?;
        match self.0.lock() {
            Ok(mut cache) => cache.insert(key, zero.clone()),
            Err(poisoned) => poisoned.into_inner().insert(key, zero.clone()),
        };
        Ok(zero)
    }
}

/// What a template sees of one resource (`r` in `{% for r in resources %}`): the template
/// contract, typed. Everything of the message is there by proto field name; planton-gen adds
/// the derived names, where the manifest came from and its kind.
#[derive(Debug, Clone, Serialize)]
pub struct ResourceContext {
    /// The message's top-level fields by proto name (`api_version`, `kind`, `metadata`,
    /// `spec`, `status`): unset scalars with their zero value, unset messages as messages of
    /// zero values, enums by name.
    #[serde(flatten)]
    pub fields: Map<String, Value>,
    /// Names derived from `metadata.name`; null when it has no ASCII letter or digit.
    pub names: Option<ResourceNames>,
    pub source: Source,
    /// The kind's name (`CloudflareKvNamespace`).
    pub kind_name: String,
}

/// `names.snake`, `names.camel`, `names.kebab`, `names.shouty`, `names.shouty_base` and
/// `names.kebab_base`.
#[derive(Debug, Clone, Serialize)]
pub struct ResourceNames {
    #[serde(flatten)]
    pub names: Names,
    /// The same resource in every environment (`myapp-config-prod`, `myapp-config-staging`)
    /// shares this name: metadata.name without its `-<env>` suffix, in SHOUTY_CASE. Empty
    /// when that part has no ASCII letter or digit (`é-prod`), so a template can refuse with a
    /// message instead of failing on an undefined variable.
    pub shouty_base: String,
    /// The same in kebab-case (`myapp-config`): what one Worker's environments share, its
    /// wrangler configuration's folder.
    pub kebab_base: String,
}

/// Where a manifest was written: its file and the position of its document.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    pub file: String,
    pub line: usize,
    pub col: usize,
}

/// The template context of one manifest.
pub fn resource(manifest: &Manifest, zeros: &ZeroValues) -> Result<ResourceContext> {
    let mut fields = match message_value(&manifest.message, zeros)? {
        Value::Object(object) => object,
        _ => Map::new(),
    };
    for reference in &manifest.references {
        place_resolved(&mut fields, reference)?;
    }
    let metadata_text = |key: &str| {
        fields
            .get("metadata")
            .and_then(|m| m.get(key))
            .and_then(Value::as_str)
            .unwrap_or_default()
    };
    let (name, env) = (metadata_text("name"), metadata_text("env"));
    let names = resource_names(name, env);
    let pos = manifest
        .positions
        .locate(&crate::field_path::FieldPath::root());
    Ok(ResourceContext {
        names,
        source: Source {
            file: manifest.file.clone(),
            line: pos.line,
            col: pos.col,
        },
        kind_name: manifest.kind.name.clone(),
        fields,
    })
}

/// Puts a resolved reference beside what the manifest wrote (`kind`, `name`, ...), as
/// `resolved`: what templates write the target's reference from.
fn place_resolved(
    fields: &mut Map<String, Value>,
    reference: &crate::references::Resolved,
) -> Result<()> {
    use crate::field_path::Segment;
    let mut segments = reference.path.segments().iter();
    let first = match segments.next() {
        Some(Segment::Field(name)) => name,
        _ => return Ok(()),
    };
    let mut at = fields.get_mut(first);
    for segment in segments {
        at = match (segment, at) {
            (Segment::Field(key) | Segment::StringKey(key), Some(Value::Object(object))) => {
                object.get_mut(key)
            }
            (Segment::Index(index), Some(Value::Array(items))) => items.get_mut(*index),
            _ => None,
        };
    }
    if let Some(Value::Object(object)) = at {
        object.insert(
            "resolved".into(),
            serde_json::to_value(reference).map_err(context_error)?,
        );
    }
    Ok(())
}

/// The names a resource named `name` in environment `env` goes by in the targets.
pub fn resource_names(name: &str, env: &str) -> Option<ResourceNames> {
    let base = Names::derive(without_env(name, env));
    Names::derive(name).map(|names| ResourceNames {
        names,
        shouty_base: base.as_ref().map(|b| b.shouty.clone()).unwrap_or_default(),
        kebab_base: base.map(|b| b.kebab).unwrap_or_default(),
    })
}

fn context_error(error: impl std::fmt::Display) -> Error {
    Error::Render(format!("cannot build a render context: {error}"))
}

/// `name` without a trailing `-<env>`, `_<env>` or `.<env>`.
fn without_env<'a>(name: &'a str, env: &str) -> &'a str {
    if env.is_empty() {
        return name;
    }
    for separator in ['-', '_', '.'] {
        if let Some(base) = name.strip_suffix(&format!("{separator}{env}")) {
            if !base.is_empty() {
                return base;
            }
        }
    }
    name
}

/// A message as JSON with proto field names and every field present.
fn message_value(message: &DynamicMessage, zeros: &ZeroValues) -> Result<Value> {
    let mut value = message
        .serialize_with_options(serde_json::value::Serializer, &serialize_options())
        .map_err(context_error)?;
    fill_messages(&mut value, &message.descriptor(), 0, zeros)?;
    Ok(value)
}

fn serialize_options() -> SerializeOptions {
    SerializeOptions::new()
        .use_proto_field_name(true)
        .skip_default_fields(false)
        .stringify_64_bit_integers(false)
}

/// Unset message fields serialize as absent; give them their zero value so templates can
/// read `status.outputs.<field>` without testing each level.
fn fill_messages(
    value: &mut Value,
    descriptor: &MessageDescriptor,
    depth: usize,
    zeros: &ZeroValues,
) -> Result<()> {
    let Value::Object(object) = value else {
        return Ok(());
    };
    if descriptor.full_name().starts_with("google.protobuf.") {
        return Ok(());
    }
    for field in descriptor.fields() {
        let FieldKind::Message(inner) = field.kind() else {
            continue;
        };
        if field.is_list() || field.is_map() {
            continue;
        }
        match object.get_mut(field.name()) {
            Some(existing @ Value::Object(_)) => fill_messages(existing, &inner, depth + 1, zeros)?,
            Some(Value::Null) | None if depth < MAX_FILL_DEPTH => {
                let zero = zeros.of(&inner, depth + 1)?;
                object.insert(field.name().to_owned(), zero);
            }
            _ => {}
        }
    }
    Ok(())
}

fn message_value_shallow(descriptor: &MessageDescriptor) -> Result<Value> {
    DynamicMessage::new(descriptor.clone())
        .serialize_with_options(serde_json::value::Serializer, &serialize_options())
        .map_err(context_error)
}
