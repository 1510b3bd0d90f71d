//! Lowering: a YAML tree, guided by the message descriptor, becomes a value tree in the proto3
//! JSON shape with proto field names. On the way it records where every field sits, rejects
//! unknown fields (with the nearest known name), catches scalars of the wrong type or range,
//! and fills unset fields that carry a `default` option.

use crate::diagnostics::ids;
use crate::diagnostics::Position;
use crate::field_path::{FieldPath, Segment};
use crate::rules;
use crate::yaml::{self, Node, NodeValue};
use prost_reflect::{FieldDescriptor, Kind, MessageDescriptor};
use serde_yaml::{Mapping, Value};
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
                        .filter(|f| !f.is_list() && !f.is_map())
                        .filter_map(|f| rules::default_value(&f).map(|text| (f, text)))
                        .collect(),
                )
            })
            .clone()
    }
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

    /// A message-typed node.
    pub fn message(&mut self, node: &Node, message: &MessageDescriptor, path: &FieldPath) -> Value {
        if message.full_name().starts_with("google.protobuf.") {
            // Well-known types have JSON forms of their own (a Timestamp is a string, a
            // Struct any mapping); prost-reflect knows them.
            return plain(node);
        }
        let entries = match &node.value {
            NodeValue::Map(entries) => entries,
            NodeValue::Scalar(s) if s.plain && yaml::is_null(&s.text) => return Value::Null,
            _ => {
                self.problem(
                    node.pos,
                    path,
                    ids::FIELD_TYPE,
                    format!(
                        "expected a mapping ({}), found {}",
                        message.name(),
                        node.describe()
                    ),
                );
                return Value::Null;
            }
        };
        let mut out = Mapping::with_capacity(entries.len());
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
            let lowered = self.field(value, &field, &field_path);
            out.insert(Value::String(field.name().to_owned()), lowered);
        }
        self.fill_defaults(node.pos, message, path, &seen, &mut out);
        Value::Mapping(out)
    }

    /// Unset fields with `(org.project_planton.shared.options.default)` get that value.
    fn fill_defaults(
        &mut self,
        pos: Position,
        message: &MessageDescriptor,
        path: &FieldPath,
        seen: &HashSet<u32>,
        out: &mut Mapping,
    ) {
        for (field, text) in self.defaults.of(message).iter() {
            if seen.contains(&field.number()) {
                continue;
            }
            let text = text.clone();
            let field_path = path.field(field.name());
            let node = Node {
                pos,
                value: NodeValue::Scalar(yaml::Scalar {
                    text,
                    plain: true,
                    tag: None,
                }),
            };
            let value = self.element(&node, field, &field_path);
            self.positions.insert(field_path, pos);
            out.insert(Value::String(field.name().to_owned()), value);
        }
    }

    /// The value of `field`, whatever its cardinality.
    pub fn field(&mut self, node: &Node, field: &FieldDescriptor, path: &FieldPath) -> Value {
        if field.is_map() {
            self.map(node, field, path)
        } else if field.is_list() {
            match &node.value {
                NodeValue::Seq(items) => Value::Sequence(
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, item)| {
                            let item_path = path.index(i);
                            self.positions.insert(item_path.clone(), item.pos);
                            self.element(item, field, &item_path)
                        })
                        .collect(),
                ),
                NodeValue::Scalar(s) if s.plain && yaml::is_null(&s.text) => Value::Null,
                _ => {
                    self.problem(
                        node.pos,
                        path,
                        ids::FIELD_TYPE,
                        format!("expected a sequence, found {}", node.describe()),
                    );
                    Value::Null
                }
            }
        } else {
            self.element(node, field, path)
        }
    }

    fn map(&mut self, node: &Node, field: &FieldDescriptor, path: &FieldPath) -> Value {
        let Kind::Message(entry) = field.kind() else {
            return Value::Null;
        };
        let key_field = entry.map_entry_key_field();
        let value_field = entry.map_entry_value_field();
        match &node.value {
            NodeValue::Map(entries) => {
                let mut out = Mapping::with_capacity(entries.len());
                for (key, value) in entries {
                    let text = key.as_scalar().map_or("", |s| s.text.as_str());
                    let segment = match key_field.kind() {
                        Kind::String => Segment::StringKey(text.to_owned()),
                        _ => Segment::OtherKey(text.to_owned()),
                    };
                    let entry_path = path.child(segment);
                    self.positions.insert(entry_path.clone(), key.pos);
                    let lowered = self.element(value, &value_field, &entry_path);
                    // proto3 JSON writes every map key as a string.
                    out.insert(Value::String(text.to_owned()), lowered);
                }
                Value::Mapping(out)
            }
            NodeValue::Scalar(s) if s.plain && yaml::is_null(&s.text) => Value::Null,
            _ => {
                self.problem(
                    node.pos,
                    path,
                    ids::FIELD_TYPE,
                    format!("expected a mapping, found {}", node.describe()),
                );
                Value::Null
            }
        }
    }

    /// One value of the field's element type.
    pub fn element(&mut self, node: &Node, field: &FieldDescriptor, path: &FieldPath) -> Value {
        let kind = field.kind();
        if let Kind::Message(message) = &kind {
            return self.message(node, message, path);
        }
        let NodeValue::Scalar(scalar) = &node.value else {
            self.problem(
                node.pos,
                path,
                ids::FIELD_TYPE,
                format!(
                    "expected {}, found {}",
                    describe_kind(&kind),
                    node.describe()
                ),
            );
            return Value::Null;
        };
        let value = plain(node);
        match (&kind, &value) {
            (_, Value::Null) => {}
            (Kind::String | Kind::Bytes, Value::String(_)) => {}
            (Kind::String | Kind::Bytes, _) => {
                self.problem(
                    node.pos,
                    path,
                    ids::FIELD_TYPE,
                    format!(
                        "expected a string, found {}; quote it to use it as text: \"{}\"",
                        describe_value(&value),
                        scalar.text
                    ),
                );
                return Value::Null;
            }
            (Kind::Enum(enumeration), Value::String(name))
                if enumeration.get_value_by_name(name).is_none() =>
            {
                let names: Vec<String> =
                    enumeration.values().map(|v| v.name().to_owned()).collect();
                let hint = nearest(name, names.iter().map(String::as_str))
                    .map(|n| format!("; did you mean `{n}`?"))
                    .unwrap_or_default();
                self.problem(
                    node.pos,
                    path,
                    ids::FIELD_ENUM,
                    format!(
                        "`{name}` is not a value of {}{hint} (one of: {})",
                        enumeration.name(),
                        names.join(", ")
                    ),
                );
                return Value::Null;
            }
            (Kind::Bool, Value::Bool(_)) => {}
            (Kind::Bool, _) => {
                self.problem(
                    node.pos,
                    path,
                    ids::FIELD_TYPE,
                    format!("expected true or false, found `{}`", scalar.text),
                );
                return Value::Null;
            }
            // proto3 JSON also accepts numbers as strings ("300", "NaN", "Infinity").
            (kind, Value::String(_) | Value::Bool(_))
                if is_numeric(kind) && !is_number_text(&scalar.text) =>
            {
                self.problem(
                    node.pos,
                    path,
                    ids::FIELD_TYPE,
                    format!(
                        "expected a number ({}), found `{}`",
                        kind_name(kind),
                        scalar.text
                    ),
                );
                return Value::Null;
            }
            (_, Value::Number(number)) => {
                if let Some(message) = out_of_range(&kind, number, &scalar.text) {
                    self.problem(node.pos, path, ids::FIELD_RANGE, message);
                    return Value::Null;
                }
            }
            _ => {}
        }
        value
    }
}

/// A node without a descriptor to guide it: scalars resolved by the YAML 1.2 core schema
/// (as yaml-rust2 resolves them), keys taken as text.
pub fn plain(node: &Node) -> Value {
    match &node.value {
        NodeValue::Scalar(scalar) => {
            // A core-schema tag decides the type whatever the style (the YAML layer checked
            // that the text fits it): `!!int "5"` is a number, `!!str 5` text.
            match scalar.tag.as_deref() {
                Some("null") => return Value::Null,
                Some("bool") => return Value::Bool(scalar.text.eq_ignore_ascii_case("true")),
                Some("int") | Some("float") => return number(&scalar.text),
                _ => {}
            }
            let as_text = !scalar.plain || scalar.tag.is_some();
            if as_text {
                return Value::String(scalar.text.clone());
            }
            if let Ok(unsigned) = scalar.text.parse::<u64>() {
                return Value::Number(unsigned.into());
            }
            match yaml_rust2::Yaml::from_str(&scalar.text) {
                yaml_rust2::Yaml::Integer(i) => Value::Number(i.into()),
                yaml_rust2::Yaml::Real(text) => match yaml_rust2::Yaml::Real(text).as_f64() {
                    Some(f) => Value::Number(f.into()),
                    None => Value::String(scalar.text.clone()),
                },
                yaml_rust2::Yaml::Boolean(b) => Value::Bool(b),
                yaml_rust2::Yaml::Null => Value::Null,
                _ if yaml::is_null(&scalar.text) => Value::Null,
                _ => Value::String(scalar.text.clone()),
            }
        }
        NodeValue::Seq(items) => Value::Sequence(items.iter().map(plain).collect()),
        NodeValue::Map(entries) => Value::Mapping(
            entries
                .iter()
                .map(|(k, v)| {
                    let key = k.as_scalar().map_or_else(String::new, |s| s.text.clone());
                    (Value::String(key), plain(v))
                })
                .collect(),
        ),
    }
}

/// A number tagged `!!int` or `!!float`, as serde_yaml's value holds it.
fn number(text: &str) -> Value {
    if let Some(int) = yaml::core_int(text) {
        if let Ok(i) = i64::try_from(int) {
            return Value::Number(i.into());
        }
        if let Ok(u) = u64::try_from(int) {
            return Value::Number(u.into());
        }
    }
    yaml::core_float(text).map_or_else(
        || Value::String(text.to_owned()),
        |f| Value::Number(f.into()),
    )
}

fn is_numeric(kind: &Kind) -> bool {
    !matches!(
        kind,
        Kind::Bool | Kind::String | Kind::Bytes | Kind::Message(_) | Kind::Enum(_)
    )
}

/// Text that proto3 JSON reads as a number: digits, a float, or NaN/Infinity.
fn is_number_text(text: &str) -> bool {
    matches!(text, "NaN" | "Infinity" | "-Infinity") || text.trim().parse::<f64>().is_ok()
}

fn describe_value(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a sequence",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

fn describe_kind(kind: &Kind) -> String {
    match kind {
        Kind::Enum(e) => format!("a value of {}", e.name()),
        Kind::Message(m) => format!("a mapping ({})", m.name()),
        Kind::Bool => "a boolean".into(),
        Kind::String => "a string".into(),
        Kind::Bytes => "base64 text".into(),
        other => format!("a number ({})", kind_name(other)),
    }
}

fn kind_name(kind: &Kind) -> &'static str {
    match kind {
        Kind::Double => "double",
        Kind::Float => "float",
        Kind::Int32 => "int32",
        Kind::Int64 => "int64",
        Kind::Uint32 => "uint32",
        Kind::Uint64 => "uint64",
        Kind::Sint32 => "sint32",
        Kind::Sint64 => "sint64",
        Kind::Fixed32 => "fixed32",
        Kind::Fixed64 => "fixed64",
        Kind::Sfixed32 => "sfixed32",
        Kind::Sfixed64 => "sfixed64",
        Kind::Bool => "bool",
        Kind::String => "string",
        Kind::Bytes => "bytes",
        Kind::Message(_) => "message",
        Kind::Enum(_) => "enum",
    }
}

/// Why an integer does not fit the field's type, if it does not.
/// Why `number` (written as `written`) does not fit an integer field of `kind`, if it does
/// not. Integers are compared exactly (beyond 64 bits too, where YAML readers fall back to a
/// float that rounds into range); the message shows the number as written.
fn out_of_range(kind: &Kind, number: &serde_yaml::Number, written: &str) -> Option<String> {
    let (min, max): (i128, i128) = match kind {
        Kind::Int32 | Kind::Sint32 | Kind::Sfixed32 => (i32::MIN.into(), i32::MAX.into()),
        Kind::Int64 | Kind::Sint64 | Kind::Sfixed64 => (i64::MIN.into(), i64::MAX.into()),
        Kind::Uint32 | Kind::Fixed32 => (0, u32::MAX.into()),
        Kind::Uint64 | Kind::Fixed64 => (0, u64::MAX.into()),
        _ => return None,
    };
    let value: i128 = if let Some(exact) = crate::yaml::core_int(written.trim()) {
        exact
    } else if let Some(i) = number.as_i64() {
        i.into()
    } else if let Some(u) = number.as_u64() {
        u.into()
    } else {
        let f = number.as_f64()?;
        if f.fract() != 0.0 || !f.is_finite() {
            return Some(format!("{written} is not an integer ({})", kind_name(kind)));
        }
        if f < min as f64 || f > max as f64 {
            return Some(format!(
                "{written} is out of range for {} ({min} to {max})",
                kind_name(kind)
            ));
        }
        f as i128
    };
    if value < min || value > max {
        return Some(format!(
            "{value} is out of range for {} ({min} to {max})",
            kind_name(kind)
        ));
    }
    None
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

    #[test]
    fn plain_scalars_follow_the_core_schema() {
        let docs =
            yaml::parse_stream("[1, -2, 3.5, true, ~, abc, '7', 18446744073709551615]").unwrap();
        let value = plain(docs[0].root.as_ref().unwrap());
        let expected: Value =
            serde_yaml::from_str("[1, -2, 3.5, true, null, abc, '7', 18446744073709551615]")
                .unwrap();
        assert_eq!(value, expected);
    }

    #[test]
    fn range_checks_by_field_type() {
        let big = serde_yaml::Number::from(2_147_483_648_i64);
        assert!(out_of_range(&Kind::Int32, &big, "2147483648")
            .unwrap()
            .contains("out of range for int32"));
        assert_eq!(out_of_range(&Kind::Int64, &big, "2147483648"), None);
        let negative = serde_yaml::Number::from(-1_i64);
        assert!(out_of_range(&Kind::Uint32, &negative, "-1").is_some());
        // Beyond 64 bits a YAML reader rounds to a float that lands on i64::MIN; the text
        // written decides.
        let rounded = serde_yaml::Number::from(-9.223372036854776e18_f64);
        assert_eq!(
            out_of_range(&Kind::Int64, &rounded, "-9223372036854775809").unwrap(),
            "-9223372036854775809 is out of range for int64 \
             (-9223372036854775808 to 9223372036854775807)"
        );
        let huge = serde_yaml::Number::from(1e100_f64);
        assert!(out_of_range(&Kind::Int32, &huge, "1e100")
            .unwrap()
            .starts_with("1e100 is out of range"));
    }
}
