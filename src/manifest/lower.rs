//! Lowering: a YAML tree, guided by the message descriptor, becomes a `DynamicMessage` in one
//! pass, read as proto3 JSON reads (proto or JSON field names, numbers also as text, enums by
//! name or number). On the way it records where every field sits, rejects unknown fields
//! (with the nearest known name), reports every value of the wrong type or range where it
//! was written, and fills unset fields that carry a `default` option.

use super::scalar::{self, plain_json, Core};
use crate::diagnostics::ids;
use crate::diagnostics::Position;
use crate::field_path::{FieldPath, Segment};
use crate::rules;
use crate::yaml::{self, Node, NodeValue};
use prost_reflect::{
    DynamicMessage, EnumDescriptor, FieldDescriptor, Kind, MapKey, MessageDescriptor,
    ReflectMessage, Value,
};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

/// A problem found while lowering, before any buf.validate rule runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub pos: Position,
    pub path: FieldPath,
    pub rule: &'static str,
    pub message: String,
}

#[derive(Default)]
pub struct Lowering {
    pub positions: HashMap<FieldPath, Position>,
    pub problems: Vec<Problem>,
    defaults: Defaults,
}

/// Fields with a `default` option, and its text.
type DefaultFields = Arc<Vec<(FieldDescriptor, String)>>;

/// The `default` options of each message type, read from the descriptors once per run
/// (decoding field options is far dearer than lowering a manifest).
#[derive(Clone, Default)]
pub struct Defaults(Arc<Mutex<HashMap<String, DefaultFields>>>);

impl Defaults {
    fn of(&self, message: &MessageDescriptor) -> DefaultFields {
        let mut cache = match self.0.lock() {
            Ok(cache) => cache,
            Err(poisoned) => poisoned.into_inner(),
        };
        cache
            .entry(message.full_name().to_owned())
            .or_insert_with(|| {
                Arc::new(
                    message
                        .fields()
                        .filter_map(|f| usable_default(&f).map(|text| (f, text)))
                        .collect(),
                )
            })
            .clone()
    }
}

/// The field's default option when a loader can fill it in: a single (not list or map)
/// field whose default text reads as a value of its type.
fn usable_default(field: &FieldDescriptor) -> Option<String> {
    if field.is_list() || field.is_map() {
        return None;
    }
    let text = rules::default_value(field)?;
    default_problem(field, &text).is_none().then_some(text)
}

/// A default's text as the node a loader fills in: text for a string or bytes field (so
/// `"443"` stays a string), read as a plain scalar otherwise (`"300"` is a number, `"30s"`
/// a Duration's JSON form).
fn default_node(field: &FieldDescriptor, text: &str, pos: Position) -> Node {
    Node {
        pos,
        value: NodeValue::Scalar(yaml::Scalar {
            text: text.to_owned(),
            plain: !matches!(field.kind(), Kind::String | Kind::Bytes),
            tag: None,
        }),
    }
}

/// Why `text` is not a value of `field`'s type, if it is not: lowered exactly as
/// [`Lowering::fill_defaults`] lowers it.
fn default_problem(field: &FieldDescriptor, text: &str) -> Option<String> {
    let mut lowering = Lowering::default();
    let node = default_node(field, text, Position::default());
    let value = lowering.element_value(&node, field, &FieldPath::root());
    match lowering.problems.first() {
        Some(problem) => Some(problem.message.clone()),
        None if value.is_none() => Some("it reads as null".to_owned()),
        None => None,
    }
}

/// One warning per field of `pool` whose default option cannot be filled in.
pub fn unusable_defaults(pool: &prost_reflect::DescriptorPool) -> Vec<String> {
    let mut warnings = Vec::new();
    for message in pool.all_messages() {
        for field in message.fields() {
            let Some(text) = rules::default_value(&field) else {
                continue;
            };
            let why = if field.is_list() || field.is_map() {
                Some("a list or map field has no default text".to_owned())
            } else {
                default_problem(&field, &text)
            };
            if let Some(why) = why {
                warnings.push(format!(
                    "schema: {}: (org.project_planton.shared.options.default) `{text}` is not \
                     used: {why}",
                    field.full_name()
                ));
            }
        }
    }
    warnings.sort();
    warnings
}

impl Lowering {
    /// A lowering that shares the run's cache of `default` options.
    pub fn with_defaults(defaults: Defaults) -> Self {
        Self {
            defaults,
            ..Self::default()
        }
    }

    fn problem(&mut self, pos: Position, path: &FieldPath, rule: &'static str, message: String) {
        self.problems.push(Problem {
            pos,
            path: path.clone(),
            rule,
            message,
        });
    }

    /// A message-typed node: its message, or `None` when the node is null (the field stays
    /// unset) or is no mapping (a problem).
    pub fn message(
        &mut self,
        node: &Node,
        message: &MessageDescriptor,
        path: &FieldPath,
    ) -> Option<DynamicMessage> {
        // Null leaves a message unset, but is a value of google.protobuf.Value.
        if is_null(node) && message.full_name() != VALUE {
            return None;
        }
        if message.full_name().starts_with("google.protobuf.") {
            return self.well_known(node, message, path);
        }
        let entries = match &node.value {
            NodeValue::Map(entries) => entries,
            _ => {
                let found = format!(
                    "expected a mapping ({}), found {}",
                    message.name(),
                    node.describe()
                );
                self.problem(node.pos, path, ids::FIELD_TYPE, found);
                return None;
            }
        };
        let mut out = DynamicMessage::new(message.clone());
        let mut seen: HashSet<u32> = HashSet::with_capacity(entries.len());
        for (key, value) in entries {
            let name = key.as_scalar().map_or("", |s| s.text.as_str());
            let Some(field) = message
                .get_field_by_name(name)
                .or_else(|| message.get_field_by_json_name(name))
            else {
                let message = unknown_field_message(name, message);
                self.problem(key.pos, &path.field(name), ids::FIELD_UNKNOWN, message);
                continue;
            };
            let field_path = path.field(field.name());
            if !seen.insert(field.number()) {
                self.problem(
                    key.pos,
                    &field_path,
                    ids::FIELD_DUPLICATE,
                    format!(
                        "`{name}` sets field `{}` a second time (proto and JSON spellings name \
                         the same field)",
                        field.name()
                    ),
                );
                continue;
            }
            self.positions.insert(field_path.clone(), key.pos);
            // A field named `on` or `no` is `true`/`false` to YAML 1.1 readers.
            self.check_yaml11(key, &field_path);
            if let Some(lowered) = self.field(value, &field, &field_path) {
                self.set(&mut out, &field, lowered, key.pos, &field_path);
            }
        }
        self.fill_defaults(node.pos, &mut out, path, &seen);
        Some(out)
    }

    /// Well-known types have JSON forms of their own (a Timestamp is a string, a Struct any
    /// mapping); prost-reflect reads them.
    fn well_known(
        &mut self,
        node: &Node,
        message: &MessageDescriptor,
        path: &FieldPath,
    ) -> Option<DynamicMessage> {
        // A scalar here (a Timestamp's text, a wrapper's value) was checked by `element`.
        if !matches!(node.value, NodeValue::Scalar(_)) {
            self.check_yaml11_below(node, path);
        }
        match DynamicMessage::deserialize(message.clone(), plain_json(node)) {
            Ok(lowered) => Some(lowered),
            Err(error) => {
                let why = format!("not a valid {}: {error}", message.full_name());
                self.problem(node.pos, path, ids::FIELD_TYPE, why);
                None
            }
        }
    }

    /// A plain scalar that YAML 1.1 readers read otherwise is a problem where it is written;
    /// the value is still read (as YAML 1.2 reads it) so the rest of the manifest is judged.
    fn check_yaml11(&mut self, node: &Node, path: &FieldPath) {
        let NodeValue::Scalar(scalar) = &node.value else {
            return;
        };
        if !scalar.plain || scalar.tag.is_some() {
            return;
        }
        if let Some(why) = yaml::yaml11_reading(&scalar.text) {
            self.problem(node.pos, path, ids::YAML_AMBIGUOUS, why);
        }
    }

    /// [`Self::check_yaml11`] for every key and value below `node` (a well-known type's
    /// free-form value), reported at `path`.
    fn check_yaml11_below(&mut self, node: &Node, path: &FieldPath) {
        match &node.value {
            NodeValue::Map(entries) => {
                for (key, value) in entries {
                    self.check_yaml11(key, path);
                    self.check_yaml11_below(value, path);
                }
            }
            NodeValue::Seq(items) => {
                for item in items {
                    self.check_yaml11_below(item, path);
                }
            }
            _ => self.check_yaml11(node, path),
        }
    }

    /// Sets `field` of `message`, refusing a second field of one oneof as proto3 JSON does.
    fn set(
        &mut self,
        message: &mut DynamicMessage,
        field: &FieldDescriptor,
        value: Value,
        pos: Position,
        path: &FieldPath,
    ) {
        if let Some(rival) = oneof_rival(message, field) {
            self.problem(pos, path, ids::FIELD_TYPE, rival);
            return;
        }
        if let Err(error) = message.try_set_field(field, value) {
            self.problem(pos, path, ids::FIELD_TYPE, error.to_string());
        }
    }

    /// Unset fields with `(org.project_planton.shared.options.default)` get that value.
    fn fill_defaults(
        &mut self,
        pos: Position,
        message: &mut DynamicMessage,
        path: &FieldPath,
        seen: &HashSet<u32>,
    ) {
        for (field, text) in self.defaults.of(&message.descriptor()).iter() {
            if seen.contains(&field.number()) {
                continue;
            }
            let field_path = path.field(field.name());
            let node = default_node(field, text, pos);
            // The schema's text, not the manifest's: no YAML 1.1 check.
            let value = self.element_value(&node, field, &field_path);
            self.positions.insert(field_path.clone(), pos);
            if let Some(value) = value {
                self.set(message, field, value, pos, &field_path);
            }
        }
    }

    /// The value of `field`, whatever its cardinality; `None` leaves it unset (null, or a
    /// problem).
    pub fn field(
        &mut self,
        node: &Node,
        field: &FieldDescriptor,
        path: &FieldPath,
    ) -> Option<Value> {
        if field.is_map() {
            self.map(node, field, path).map(Value::Map)
        } else if field.is_list() {
            self.list(node, field, path).map(Value::List)
        } else {
            self.element(node, field, path)
        }
    }

    fn list(
        &mut self,
        node: &Node,
        field: &FieldDescriptor,
        path: &FieldPath,
    ) -> Option<Vec<Value>> {
        let items = match &node.value {
            NodeValue::Seq(items) => items,
            _ if is_null(node) => return None,
            _ => {
                let found = format!("expected a sequence, found {}", node.describe());
                self.problem(node.pos, path, ids::FIELD_TYPE, found);
                return None;
            }
        };
        let mut out = Vec::with_capacity(items.len());
        let kind = field.kind();
        for (i, item) in items.iter().enumerate() {
            let item_path = path.index(i);
            self.positions.insert(item_path.clone(), item.pos);
            // proto3 JSON has no null element (protovalidate's reader refuses one); reading
            // it as an empty message or a zero would invent a value the user never wrote.
            if reads_as_null(item, &kind) {
                let why = "null is not allowed in a list".to_owned();
                self.problem(item.pos, &item_path, ids::FIELD_TYPE, why);
                continue;
            }
            out.extend(self.element(item, field, &item_path));
        }
        Some(out)
    }

    fn map(
        &mut self,
        node: &Node,
        field: &FieldDescriptor,
        path: &FieldPath,
    ) -> Option<HashMap<MapKey, Value>> {
        let Kind::Message(entry) = field.kind() else {
            return None;
        };
        let entries = match &node.value {
            NodeValue::Map(entries) => entries,
            _ if is_null(node) => return None,
            _ => {
                let found = format!("expected a mapping, found {}", node.describe());
                self.problem(node.pos, path, ids::FIELD_TYPE, found);
                return None;
            }
        };
        let key_kind = entry.map_entry_key_field().kind();
        let value_field = entry.map_entry_value_field();
        let mut out = HashMap::with_capacity(entries.len());
        for (key, value) in entries {
            let text = key.as_scalar().map_or("", |s| s.text.as_str());
            let segment = match key_kind {
                Kind::String => Segment::StringKey(text.to_owned()),
                _ => Segment::OtherKey(text.to_owned()),
            };
            let entry_path = path.child(segment);
            self.positions.insert(entry_path.clone(), key.pos);
            self.check_yaml11(key, &entry_path);
            let map_key = match scalar::map_key(&key_kind, text) {
                Ok(map_key) => map_key,
                Err(why) => {
                    self.problem(key.pos, &entry_path, ids::FIELD_TYPE, why);
                    continue;
                }
            };
            if let Some(lowered) = self.map_value(value, &value_field, &entry_path) {
                out.insert(map_key, lowered);
            }
        }
        Some(out)
    }

    /// The value of one map entry; proto3 JSON has no null map value (protovalidate's
    /// reader refuses one), so null is a problem rather than an invented empty value.
    pub fn map_value(
        &mut self,
        node: &Node,
        value_field: &FieldDescriptor,
        path: &FieldPath,
    ) -> Option<Value> {
        if reads_as_null(node, &value_field.kind()) {
            let why = "null is not allowed as a map value".to_owned();
            self.problem(node.pos, path, ids::FIELD_TYPE, why);
            return None;
        }
        self.element(node, value_field, path)
    }

    /// One value of the field's element type; `None` for null or a problem.
    pub fn element(
        &mut self,
        node: &Node,
        field: &FieldDescriptor,
        path: &FieldPath,
    ) -> Option<Value> {
        self.check_yaml11(node, path);
        self.element_value(node, field, path)
    }

    /// [`Self::element`] without the YAML 1.1 check, for text that is not the manifest's.
    fn element_value(
        &mut self,
        node: &Node,
        field: &FieldDescriptor,
        path: &FieldPath,
    ) -> Option<Value> {
        let kind = field.kind();
        if let Kind::Message(message) = &kind {
            return self.message(node, message, path).map(Value::Message);
        }
        let NodeValue::Scalar(scalar) = &node.value else {
            let found = format!(
                "expected {}, found {}",
                scalar::describe_kind(&kind),
                node.describe()
            );
            self.problem(node.pos, path, ids::FIELD_TYPE, found);
            return None;
        };
        match scalar_value(&kind, scalar) {
            Ok(value) => value,
            Err((rule, why)) => {
                self.problem(node.pos, path, rule, why);
                None
            }
        }
    }
}

/// A scalar as a value of `kind` (not a message); `Ok(None)` for null.
fn scalar_value(
    kind: &Kind,
    scalar: &yaml::Scalar,
) -> Result<Option<Value>, (&'static str, String)> {
    let text = scalar.text.as_str();
    let type_error = |why: String| (ids::FIELD_TYPE, why);
    let value = Core::of(scalar);
    let lowered = match (kind, value) {
        (Kind::Enum(enumeration), Core::Null) if is_null_value(enumeration) => Value::EnumNumber(0),
        (_, Core::Null) => return Ok(None),
        (Kind::String, Core::Text(text)) => Value::String(text.to_owned()),
        (Kind::Bytes, Core::Text(text)) => {
            Value::Bytes(scalar::bytes(text).map_err(type_error)?.into())
        }
        (Kind::String | Kind::Bytes, _) => {
            return Err(type_error(format!(
                "expected a string, found {}; quote it to use it as text: \"{text}\"",
                value.describe()
            )))
        }
        (Kind::Enum(enumeration), _) => enum_value(enumeration, value, text)?,
        (Kind::Bool, Core::Bool(b)) => Value::Bool(b),
        (Kind::Bool, _) => {
            return Err(type_error(format!(
                "expected true or false, found `{text}`"
            )))
        }
        // proto3 JSON also accepts numbers as strings ("300", "NaN", "Infinity").
        (_, Core::Text(_) | Core::Bool(_)) if !scalar::is_number_text(text) => {
            return Err(type_error(format!(
                "expected a number ({}), found `{text}`",
                scalar::kind_name(kind)
            )))
        }
        (_, Core::Int(_) | Core::Float(_)) => {
            if let Some(why) = scalar::out_of_range(kind, value, text) {
                return Err((ids::FIELD_RANGE, why));
            }
            scalar::number(kind, value, text).map_err(type_error)?
        }
        _ => scalar::number(kind, value, text).map_err(type_error)?,
    };
    Ok(Some(lowered))
}

/// An enum value by name or by number (proto3 JSON allows both; a number need not be a
/// declared value, as in protobuf's own readers).
fn enum_value(
    enumeration: &EnumDescriptor,
    value: Core<'_>,
    text: &str,
) -> Result<Value, (&'static str, String)> {
    match value {
        Core::Text(name) => match enumeration.get_value_by_name(name) {
            Some(known) => Ok(Value::EnumNumber(known.number())),
            None => {
                let names: Vec<String> =
                    enumeration.values().map(|v| v.name().to_owned()).collect();
                let hint = nearest(name, names.iter().map(String::as_str))
                    .map(|n| format!("; did you mean `{n}`?"))
                    .unwrap_or_default();
                Err((
                    ids::FIELD_ENUM,
                    format!(
                        "`{name}` is not a value of {}{hint} (one of: {})",
                        enumeration.name(),
                        names.join(", ")
                    ),
                ))
            }
        },
        Core::Int(number) => i32::try_from(number).map(Value::EnumNumber).map_err(|_| {
            let why = format!(
                "{text} is out of range for {} (enum numbers are 32-bit integers)",
                enumeration.name()
            );
            (ids::FIELD_TYPE, why)
        }),
        Core::Null | Core::Bool(_) | Core::Float(_) => Err((
            ids::FIELD_TYPE,
            format!(
                "expected a value of {} (a name or an integer), found `{text}`",
                enumeration.name()
            ),
        )),
    }
}

/// Why setting `field` would make a second field of its oneof set, if it would.
pub fn oneof_rival(message: &DynamicMessage, field: &FieldDescriptor) -> Option<String> {
    let oneof = field.containing_oneof()?;
    let rival = oneof
        .fields()
        .find(|other| other.number() != field.number() && message.has_field(other))?;
    Some(format!(
        "`{}` and `{}` are both set, but only one field of oneof `{}` may be",
        rival.name(),
        field.name(),
        oneof.name()
    ))
}

const VALUE: &str = "google.protobuf.Value";

/// A plain scalar spelling null: where a mapping or sequence is expected, it leaves the
/// field unset.
fn is_null(node: &Node) -> bool {
    node.as_scalar()
        .is_some_and(|s| s.plain && yaml::is_null(&s.text))
}

fn is_null_value(enumeration: &EnumDescriptor) -> bool {
    enumeration.full_name() == "google.protobuf.NullValue"
}

/// Whether `node` reads as null where a value of `kind` is expected (a list element or map
/// value); `google.protobuf.Value` and `NullValue` have null among their values.
fn reads_as_null(node: &Node, kind: &Kind) -> bool {
    match kind {
        Kind::Message(message) => message.full_name() != VALUE && is_null(node),
        Kind::Enum(enumeration) if is_null_value(enumeration) => false,
        _ => node
            .as_scalar()
            .is_some_and(|scalar| Core::of(scalar) == Core::Null),
    }
}

/// `unknown field ...; did you mean ...?` with the closest proto or JSON name.
fn unknown_field_message(name: &str, message: &MessageDescriptor) -> String {
    let candidates: Vec<String> = message
        .fields()
        .flat_map(|f| [f.name().to_owned(), f.json_name().to_owned()])
        .collect();
    let hint = match nearest(name, candidates.iter().map(String::as_str)) {
        Some(best) => format!("; did you mean `{best}`?"),
        None => {
            let names: Vec<String> = message.fields().map(|f| f.name().to_owned()).collect();
            format!(" (known fields: {})", names.join(", "))
        }
    };
    format!("unknown field `{name}` in {}{hint}", message.name())
}

/// The candidate closest to `name`, if any is close enough to be a likely typo.
pub fn nearest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.chars().count() / 2).max(2);
    candidates
        .map(|candidate| {
            let distance =
                strsim::damerau_levenshtein(&name.to_lowercase(), &candidate.to_lowercase());
            (distance, candidate)
        })
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, candidate)| (*distance, *candidate))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_prefers_small_edits() {
        let names = ["display_name", "retention_days", "description"];
        assert_eq!(
            nearest("display_nam", names.into_iter()),
            Some("display_name")
        );
        assert_eq!(
            nearest("retention_day", names.into_iter()),
            Some("retention_days")
        );
        assert_eq!(nearest("zzzz", names.into_iter()), None);
    }
}
