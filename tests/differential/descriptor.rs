//! Manifests drawn from nothing but a kind's message descriptor and the buf.validate rules in
//! its options, so any kind — ours, a user's, Project Planton's whole `apis/` tree — can be
//! compared with protovalidate without a hand-written generator.
//!
//! Values are biased towards the edges the rules draw: every number a rule names (a length,
//! a bound, a count) and its neighbours, the strings it names (`const`, `in`, `prefix`, …)
//! alone and combined with others, text measured in characters and in bytes, the well-known
//! formats valid and not, unset, empty and nested messages, oneofs, enums by name and by
//! number (undefined ones too), maps, lists with duplicates, and the well-known types.
//! Now and then a value is out of its type's range: both engines must then refuse to read it.

use super::rng::Rng;
use base64::Engine;
use planton_gen::Kind as ResourceKind;
use prost_reflect::{
    DescriptorPool, DynamicMessage, EnumDescriptor, ExtensionDescriptor, FieldDescriptor, Kind,
    MessageDescriptor, ReflectMessage, Value as Proto,
};
use serde_json::{json, Map, Value};

/// How deep messages nest before the generator stops setting message fields.
const MAX_DEPTH: usize = 5;
/// The most items a generated list or map gets.
const MAX_ITEMS: usize = 6;
/// Lengths above this are not drawn (a `max_len: 10000` is exercised by its smaller edges).
const MAX_LENGTH: usize = 300;

const FIELD_RULES: &str = "buf.validate.field";
const DEFAULT_OPTION: &str = "org.project_planton.shared.options.default";

/// Strings that are, or nearly are, the well-known formats of `StringRules`.
const FORMATS: [&str; 40] = [
    "ops@example.com",
    "ops@@example.com",
    "example.com",
    "-bad.example.com",
    "a.b-c.d",
    "10.0.0.1",
    "10.0.0.256",
    "::1",
    "fe80::1%25en0",
    "10.0.0.0/8",
    "10.0.0.1/8",
    "fd00::/8",
    "10.0.0.0/33",
    "https://example.com/a?b=c#d",
    "https://exa mple.com",
    "/relative/path",
    "urn:isbn:0451450523",
    "550e8400-e29b-41d4-a716-446655440000",
    "550e8400e29b41d4a716446655440000",
    "550e8400-e29b-41d4-a716-44665544000",
    "example.com:443",
    "[::1]:8080",
    "example.com:65536",
    "01ARZ3NDEKTSV4RRFFQ69G5FAV",
    "0IARZ3NDEKTSV4RRFFQ69G5FAV",
    "foo.bar.Baz",
    ".foo.bar.Baz",
    "Content-Type",
    "bad\u{7f}header",
    "x-y",
    ":authority",
    "X-A,b",
    "tab\tvalue",
    "line\nbreak",
    "10.0.0.0/08",
    "fd00::1/64",
    "fd00::/129",
    "[fe80::1%25en0]:443",
    "host:0",
    "7ZZZZZZZZZZZZZZZZZZZZZZZZZ",
];

/// Characters of one, two, three and four bytes, so character and byte lengths differ.
const WIDE: [char; 6] = ['a', 'z', 'é', 'ß', '日', '😀'];
const NARROW: [char; 5] = ['a', 'k', 'z', '0', '-'];

/// What the rules of one field name: numbers, lengths and strings on their boundaries.
#[derive(Default, Debug)]
struct Edges {
    ints: Vec<i128>,
    floats: Vec<f64>,
    lengths: Vec<usize>,
    texts: Vec<String>,
}

pub struct DescriptorGenerator {
    field_rules: Option<ExtensionDescriptor>,
    default: Option<ExtensionDescriptor>,
    /// Kinds known in one version only: a wrong apiVersion still names them (planton-gen
    /// then reports `string.const`, as protovalidate does); for a kind in several versions
    /// it names none, which only planton-gen can tell.
    single_version: std::collections::HashSet<String>,
}

impl DescriptorGenerator {
    pub fn new(schema: &planton_gen::Schema) -> Self {
        let pool: &DescriptorPool = schema.pool();
        let versions = |name: &str| schema.kinds().iter().filter(|k| k.name == name).count();
        Self {
            field_rules: pool.get_extension_by_name(FIELD_RULES),
            default: pool.get_extension_by_name(DEFAULT_OPTION),
            single_version: schema
                .kinds()
                .iter()
                .filter(|k| versions(&k.name) == 1)
                .map(|k| k.name.clone())
                .collect(),
        }
    }

    /// One manifest of `kind`: its `kind` is always right (a wrong one is another test),
    /// its `api_version` nearly always.
    pub fn manifest(&self, rng: &mut Rng, kind: &ResourceKind) -> Value {
        let mut manifest = self.message(rng, &kind.message, 0);
        let Some(object) = manifest.as_object_mut() else {
            return manifest;
        };
        object.remove("apiVersion");
        object.remove("api_version");
        object.insert("kind".into(), json!(kind.name));
        if let Some(version) = &kind.api_version {
            let draw = if self.single_version.contains(&kind.name) {
                rng.below(20)
            } else {
                3
            };
            match draw {
                0 => {}
                1 => {
                    object.insert("api_version".into(), json!(""));
                }
                2 => {
                    object.insert("api_version".into(), json!("example.org/v0"));
                }
                _ => {
                    object.insert("api_version".into(), json!(version));
                }
            }
        }
        manifest
    }

    /// The manifest as protovalidate must see it: planton-gen fills each unset field that
    /// has an `(org.project_planton.shared.options.default)` before validating, in every
    /// message the manifest writes.
    pub fn oracle_view(&self, descriptor: &MessageDescriptor, manifest: &Value) -> Value {
        let mut view = manifest.clone();
        self.fill_defaults(descriptor, &mut view);
        view
    }

    fn fill_defaults(&self, descriptor: &MessageDescriptor, value: &mut Value) {
        if is_well_known(descriptor.full_name()) {
            return;
        }
        let Some(object) = value.as_object_mut() else {
            return;
        };
        for field in descriptor.fields() {
            let key = [field.name().to_owned(), field.json_name().to_owned()]
                .into_iter()
                .find(|k| object.contains_key(k));
            match key {
                None => {
                    if let Some(default) = self.default_of(&field) {
                        object.insert(field.name().to_owned(), default);
                    }
                }
                Some(key) => {
                    let Kind::Message(inner) = field.kind() else {
                        continue;
                    };
                    let Some(present) = object.get_mut(&key) else {
                        continue;
                    };
                    if field.is_map() {
                        let value_kind = inner.map_entry_value_field().kind();
                        if let (Kind::Message(m), Some(entries)) =
                            (value_kind, present.as_object_mut())
                        {
                            entries.values_mut().for_each(|v| self.fill_defaults(&m, v));
                        }
                    } else if field.is_list() {
                        if let Some(items) = present.as_array_mut() {
                            items.iter_mut().for_each(|v| self.fill_defaults(&inner, v));
                        }
                    } else {
                        self.fill_defaults(&inner, present);
                    }
                }
            }
        }
    }

    /// A field's default option as the JSON value planton-gen puts in.
    fn default_of(&self, field: &FieldDescriptor) -> Option<Value> {
        let extension = self.default.as_ref()?;
        let options = field.options();
        if !options.has_extension(extension) {
            return None;
        }
        let text = options.get_extension(extension).as_str()?.to_owned();
        // A default that is not a value of its field is not filled in (planton-gen warns
        // about the schema instead).
        let (min, max): (i128, i128) = match field.kind() {
            Kind::Int32 | Kind::Sint32 | Kind::Sfixed32 => (i32::MIN.into(), i32::MAX.into()),
            Kind::Uint32 | Kind::Fixed32 => (0, u32::MAX.into()),
            Kind::Uint64 | Kind::Fixed64 => (0, u64::MAX.into()),
            _ => (i64::MIN.into(), i64::MAX.into()),
        };
        match field.kind() {
            Kind::Bool => match text.as_str() {
                "true" | "True" | "TRUE" => Some(json!(true)),
                "false" | "False" | "FALSE" => Some(json!(false)),
                _ => None,
            },
            Kind::Float | Kind::Double => text.parse::<f64>().ok().map(|f| json!(f)),
            Kind::String | Kind::Bytes => Some(json!(text)),
            Kind::Message(_) => None,
            Kind::Enum(enumeration) => match text.parse::<i32>() {
                Ok(number) => Some(json!(number)),
                Err(_) => enumeration.get_value_by_name(&text).map(|_| json!(text)),
            },
            // Integers as text: proto3 JSON reads both, and 64-bit ones keep every digit.
            _ => text
                .parse::<i128>()
                .ok()
                .filter(|n| (min..=max).contains(n))
                .map(|n| json!(n.to_string())),
        }
    }

    fn message(&self, rng: &mut Rng, descriptor: &MessageDescriptor, depth: usize) -> Value {
        let mut object = Map::new();
        // One member of each (real) oneof, or none.
        let mut chosen: Vec<(String, Option<String>)> = Vec::new();
        for oneof in descriptor.oneofs().filter(|o| !o.is_synthetic()) {
            let members: Vec<String> = oneof.fields().map(|f| f.name().to_owned()).collect();
            let pick = (!members.is_empty() && rng.chance(0.7)).then(|| rng.pick(&members));
            chosen.push((oneof.name().to_owned(), pick));
        }
        for field in descriptor.fields() {
            match field.containing_oneof().filter(|o| !o.is_synthetic()) {
                Some(oneof) => {
                    let picked = chosen
                        .iter()
                        .find(|(name, _)| name == oneof.name())
                        .and_then(|(_, pick)| pick.as_deref());
                    if picked != Some(field.name()) {
                        continue;
                    }
                }
                None => {
                    let p = if self.required(&field) {
                        0.9
                    } else {
                        0.75 - 0.1 * depth as f64
                    };
                    if !rng.chance(p) {
                        continue;
                    }
                }
            }
            if let Some(value) = self.field_value(rng, &field, depth) {
                let name = if rng.chance(0.15) {
                    field.json_name().to_owned()
                } else {
                    field.name().to_owned()
                };
                object.insert(name, value);
            }
        }
        Value::Object(object)
    }

    fn field_value(&self, rng: &mut Rng, field: &FieldDescriptor, depth: usize) -> Option<Value> {
        let rules = self.rules(field);
        if field.is_map() {
            let Kind::Message(entry) = field.kind() else {
                return None;
            };
            let map_rules = rules.as_ref().and_then(|r| child(r, "map"));
            let count = self.count(rng, map_rules.as_ref());
            let keys = map_rules.as_ref().and_then(|r| child(r, "keys"));
            let values = map_rules.as_ref().and_then(|r| child(r, "values"));
            let mut object = Map::new();
            for _ in 0..count {
                let key_kind = entry.map_entry_key_field().kind();
                let key = match key_kind {
                    // protobuf-py (the oracle's reader) keeps an integer key outside its
                    // type as it is, where protojson — Project Planton's CLI — and
                    // planton-gen refuse it: keys are drawn in range (docs/decisions.md).
                    Kind::String | Kind::Bool => self.single(rng, &key_kind, keys.as_ref(), depth),
                    _ => Some(int_in_range(rng, &key_kind, &harvested(keys.as_ref()))),
                };
                let value = self.single(
                    rng,
                    &entry.map_entry_value_field().kind(),
                    values.as_ref(),
                    depth,
                );
                if let (Some(key), Some(value)) = (key, value) {
                    let key = match key {
                        Value::String(text) => text,
                        other => other.to_string(),
                    };
                    object.insert(key, value);
                }
            }
            return Some(Value::Object(object));
        }
        if field.is_list() {
            let repeated = rules.as_ref().and_then(|r| child(r, "repeated"));
            let count = self.count(rng, repeated.as_ref());
            let items = repeated.as_ref().and_then(|r| child(r, "items"));
            let mut list: Vec<Value> = (0..count)
                .filter_map(|_| self.single(rng, &field.kind(), items.as_ref(), depth))
                .collect();
            if list.len() >= 2 && rng.chance(0.2) {
                let first = list[0].clone();
                let last = list.len() - 1;
                list[last] = first;
            }
            return Some(Value::Array(list));
        }
        self.single(rng, &field.kind(), rules.as_ref(), depth)
    }

    /// How many items a list or map gets: near the counts its rules name.
    fn count(&self, rng: &mut Rng, rules: Option<&DynamicMessage>) -> usize {
        let mut edges = Edges::default();
        if let Some(rules) = rules {
            harvest_shallow(rules, &mut edges);
        }
        if !edges.lengths.is_empty() && rng.chance(0.6) {
            let n = rng.pick(&edges.lengths);
            let n = (n as i64 + rng.range(0, 2) as i64 - 1).max(0) as usize;
            return n.min(MAX_ITEMS);
        }
        rng.range(0, 3)
    }

    fn single(
        &self,
        rng: &mut Rng,
        kind: &Kind,
        rules: Option<&DynamicMessage>,
        depth: usize,
    ) -> Option<Value> {
        let mut edges = Edges::default();
        if let Some(rules) = rules {
            harvest(rules, &mut edges);
        }
        Some(match kind {
            Kind::Message(message) => {
                if let Some(value) = self.well_known(rng, message, rules, depth) {
                    return value;
                }
                if depth >= MAX_DEPTH {
                    return None;
                }
                self.message(rng, message, depth + 1)
            }
            Kind::String => Value::String(string(rng, &edges)),
            Kind::Bytes => {
                let text = string(rng, &edges);
                json!(base64::engine::general_purpose::STANDARD.encode(text.as_bytes()))
            }
            Kind::Bool => json!(rng.chance(0.5)),
            Kind::Enum(enumeration) => enum_value(rng, enumeration, &edges),
            Kind::Float | Kind::Double => float(rng, &edges, *kind == Kind::Float),
            integer => int(rng, integer, &edges),
        })
    }

    /// A value of a well-known type in its JSON form; `Some(None)` leaves the field unset.
    fn well_known(
        &self,
        rng: &mut Rng,
        message: &MessageDescriptor,
        rules: Option<&DynamicMessage>,
        depth: usize,
    ) -> Option<Option<Value>> {
        let name = message.full_name();
        let scalar = |rng: &mut Rng, pool: &[Value]| Some(Some(rng.pick(pool)));
        match name {
            "google.protobuf.Duration" => scalar(
                rng,
                &[
                    "0s",
                    "1s",
                    "1.5s",
                    "-2s",
                    "60s",
                    "61s",
                    "59.999999999s",
                    "3600s",
                    "3600.000000001s",
                    "0.000000001s",
                    "86400s",
                ]
                .map(|s| json!(s)),
            ),
            "google.protobuf.Timestamp" => scalar(
                rng,
                &[
                    "1970-01-01T00:00:00Z",
                    "2024-02-29T12:00:00Z",
                    "2099-12-31T23:59:59.999Z",
                    "2000-01-01T00:00:00+01:00",
                    "2000-01-01T00:00:00Z",
                    "2100-01-01T00:00:00Z",
                ]
                .map(|s| json!(s)),
            ),
            "google.protobuf.FieldMask" => scalar(
                rng,
                &["", "a", "a.b,cD", "a,b.c", "b", "cD.e"].map(|s| json!(s)),
            ),
            "google.protobuf.Empty" => Some(Some(json!({}))),
            // Types every schema holds (buf/validate/validate.proto imports them).
            "google.protobuf.Any" => scalar(
                rng,
                &[
                    json!({"@type": "type.googleapis.com/google.protobuf.Duration", "value": "1s"}),
                    json!({
                        "@type": "type.googleapis.com/google.protobuf.Timestamp",
                        "value": "2024-02-29T12:00:00Z"
                    }),
                ],
            ),
            "google.protobuf.Struct" => Some(Some(free_object(rng, depth))),
            "google.protobuf.Value" => Some(Some(free_value(rng, depth))),
            "google.protobuf.ListValue" => {
                let n = rng.range(0, 3);
                Some(Some(Value::Array(
                    (0..n).map(|_| free_value(rng, depth + 1)).collect(),
                )))
            }
            _ if is_well_known(name) => {
                // A wrapper: its rules are the wrapped value's.
                let inner = message.get_field_by_name("value")?;
                Some(self.single(rng, &inner.kind(), rules, depth))
            }
            _ => None,
        }
    }

    fn rules(&self, field: &FieldDescriptor) -> Option<DynamicMessage> {
        let extension = self.field_rules.as_ref()?;
        let options = field.options();
        if !options.has_extension(extension) {
            return None;
        }
        options.get_extension(extension).as_message().cloned()
    }

    /// Whether the field's rules say `required` (it is then set more often, not always).
    fn required(&self, field: &FieldDescriptor) -> bool {
        self.rules(field).is_some_and(|rules| {
            rules
                .get_field_by_name("required")
                .is_some_and(|v| v.as_bool() == Some(true))
        })
    }
}

fn is_well_known(name: &str) -> bool {
    name.starts_with("google.protobuf.")
}

fn child(message: &DynamicMessage, name: &str) -> Option<DynamicMessage> {
    let field = message.descriptor().get_field_by_name(name)?;
    if !message.has_field(&field) {
        return None;
    }
    message.get_field(&field).as_message().cloned()
}

/// Every number and string under `message`, but not inside the rules of list items and map
/// keys and values (those are the elements', drawn separately) or CEL programs.
fn harvest(message: &DynamicMessage, edges: &mut Edges) {
    for (field, value) in message.fields() {
        match field.name() {
            "items" | "keys" | "values" | "cel" | "cel_expression" | "pattern" | "example" => {}
            name => harvest_value(name, value, edges),
        }
    }
}

/// Only the numbers of `message` itself (a list's or map's counts).
fn harvest_shallow(message: &DynamicMessage, edges: &mut Edges) {
    for (field, value) in message.fields() {
        if value.as_message().is_none() {
            harvest_value(field.name(), value, edges);
        }
    }
}

fn harvest_value(name: &str, value: &Proto, edges: &mut Edges) {
    let number = |n: i128, edges: &mut Edges| {
        edges.ints.push(n);
        if (0..=MAX_LENGTH as i128).contains(&n) {
            edges.lengths.push(n as usize);
        }
    };
    match value {
        Proto::I32(n) => number((*n).into(), edges),
        Proto::I64(n) => number((*n).into(), edges),
        Proto::U32(n) => number((*n).into(), edges),
        Proto::U64(n) => number((*n).into(), edges),
        Proto::F32(f) => edges.floats.push((*f).into()),
        Proto::F64(f) => edges.floats.push(*f),
        Proto::String(text) if name != "id" && name != "message" => edges.texts.push(text.clone()),
        Proto::Message(inner) if !is_well_known(inner.descriptor().full_name()) => {
            harvest(inner, edges);
        }
        Proto::List(items) => items
            .iter()
            .for_each(|item| harvest_value(name, item, edges)),
        _ => {}
    }
}

fn random_text(rng: &mut Rng, chars: usize, alphabet: &[char]) -> String {
    (0..chars).map(|_| rng.pick(alphabet)).collect()
}

fn string(rng: &mut Rng, edges: &Edges) -> String {
    let short = |rng: &mut Rng| {
        let n = rng.range(1, 12);
        random_text(rng, n, &NARROW)
    };
    match rng.below(10) {
        0 => String::new(),
        1..=3 if !edges.texts.is_empty() => {
            let text = rng.pick(&edges.texts);
            match rng.below(4) {
                0 => format!("{text}{}", short(rng)),
                1 => format!("{}{text}", short(rng)),
                2 => format!("{}{text}{}", short(rng), short(rng)),
                _ => text,
            }
        }
        4..=6 if !edges.lengths.is_empty() => {
            let n = rng.pick(&edges.lengths) as i64 + rng.range(0, 2) as i64 - 1;
            let alphabet: &[char] = if rng.chance(0.5) { &NARROW } else { &WIDE };
            random_text(rng, n.max(0) as usize, alphabet)
        }
        7 => rng.pick(&FORMATS).to_owned(),
        _ => short(rng),
    }
}

fn harvested(rules: Option<&DynamicMessage>) -> Edges {
    let mut edges = Edges::default();
    if let Some(rules) = rules {
        harvest(rules, &mut edges);
    }
    edges
}

/// [`int`], never outside the type's range.
fn int_in_range(rng: &mut Rng, kind: &Kind, edges: &Edges) -> Value {
    loop {
        let value = int(rng, kind, edges);
        let n: Option<i128> = match &value {
            Value::String(text) => text.parse().ok(),
            other => other.as_i64().map(i128::from),
        };
        let fits = n.is_some_and(|n| match kind {
            Kind::Int32 | Kind::Sint32 | Kind::Sfixed32 => i32::try_from(n).is_ok(),
            Kind::Uint32 | Kind::Fixed32 => u32::try_from(n).is_ok(),
            Kind::Uint64 | Kind::Fixed64 => u64::try_from(n).is_ok(),
            _ => i64::try_from(n).is_ok(),
        });
        if fits {
            return value;
        }
    }
}

fn int(rng: &mut Rng, kind: &Kind, edges: &Edges) -> Value {
    let (min, max): (i128, i128) = match kind {
        Kind::Int32 | Kind::Sint32 | Kind::Sfixed32 => (i32::MIN.into(), i32::MAX.into()),
        Kind::Uint32 | Kind::Fixed32 => (0, u32::MAX.into()),
        Kind::Uint64 | Kind::Fixed64 => (0, u64::MAX.into()),
        _ => (i64::MIN.into(), i64::MAX.into()),
    };
    let n = match rng.below(400) {
        // Out of the type's range: both engines must refuse to read it.
        0 => rng.pick(&[min - 1, max + 1]),
        1..=16 => rng.pick(&[min, max]),
        17..=250 if !edges.ints.is_empty() => rng.pick(&edges.ints) + rng.range(0, 2) as i128 - 1,
        _ => rng.range(0, 20) as i128 - 2,
    };
    let n = if n == min - 1 || n == max + 1 {
        n
    } else {
        n.clamp(min, max)
    };
    // 64-bit numbers are often written as strings in proto3 JSON; both forms must read.
    if (n.abs() > 1 << 53) || rng.chance(0.1) {
        json!(n.to_string())
    } else {
        json!(n as i64)
    }
}

fn float(rng: &mut Rng, edges: &Edges, single: bool) -> Value {
    let x = match rng.below(20) {
        0 => f64::NAN,
        1 => f64::INFINITY,
        2 => f64::NEG_INFINITY,
        3..=13 if !edges.floats.is_empty() => {
            rng.pick(&edges.floats) + rng.pick(&[0.0, 0.5, -0.5, 1e-9, -1e-9])
        }
        3..=13 if !edges.ints.is_empty() => {
            rng.pick(&edges.ints) as f64 + rng.pick(&[0.0, 0.5, -0.5])
        }
        _ => rng.range(0, 40) as f64 / 4.0 - 2.0,
    };
    let x = if single && x.is_finite() {
        (x as f32) as f64
    } else {
        x
    };
    if x.is_nan() {
        json!("NaN")
    } else if x == f64::INFINITY {
        json!("Infinity")
    } else if x == f64::NEG_INFINITY {
        json!("-Infinity")
    } else {
        json!(x)
    }
}

fn enum_value(rng: &mut Rng, enumeration: &EnumDescriptor, edges: &Edges) -> Value {
    let values: Vec<_> = enumeration.values().collect();
    match rng.below(10) {
        0 => {
            let top = values.iter().map(|v| v.number()).max().unwrap_or(0);
            json!(top.saturating_add(1))
        }
        1 if !edges.ints.is_empty() => json!(rng.pick(&edges.ints) as i64),
        2 => json!(rng.pick(&values).number()),
        _ => json!(rng.pick(&values).name()),
    }
}

fn free_value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth > 2 { 4 } else { 6 }) {
        0 => Value::Null,
        1 => json!(rng.range(0, 100) as f64 / 2.0),
        2 => json!(rng.chance(0.5)),
        3 => json!(rng.pick(&["", "x", "yes", "0600"])),
        4 => {
            let n = rng.range(0, 2);
            Value::Array((0..n).map(|_| free_value(rng, depth + 1)).collect())
        }
        _ => free_object(rng, depth + 1),
    }
}

fn free_object(rng: &mut Rng, depth: usize) -> Value {
    let n = rng.range(0, 3);
    let object: Map<String, Value> = (0..n)
        .map(|i| (format!("k{i}"), free_value(rng, depth + 1)))
        .collect();
    Value::Object(object)
}
