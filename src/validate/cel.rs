//! CEL rules: compiled once, evaluated with protovalidate's variables — `this` (the field's
//! value or the message), `rules` (the field's type-specific rules) — and judged the way
//! protovalidate judges them: `true` or an empty string passes, `false` or a non-empty
//! string is a violation.
//!
//! Values follow protovalidate's (and CEL's protobuf) reading of a message: every field is
//! there, an unset scalar as its zero value and an unset message field as that message's
//! default, so `this.mesh.enabled` is `false` when `mesh` was never written; a Duration or
//! Timestamp is a CEL `duration` or `timestamp`, and `now` is the time of the check. `has()` alone
//! tells set from unset; as the cel crate answers `has(x.f)` and `x.f` with the same lookup,
//! each `has(x.f)` is rewritten at compile time into a call of [`HAS`], which reads the
//! presence list every message value carries under a key no field can have.

use crate::constraints::formats;
use crate::error::{Error, Result};
use crate::rules::buf_validate::Rule;
use cel::common::ast::{CallExpr, EntryExpr, Expr, IdedExpr, LiteralValue};
use cel::common::types::{CelBool, CelDouble, CelInt, CelList, CelMap, CelMapKey, CelString};
use cel::objects::{Key, Map};
use cel::{Context, DeclarationError, Env, Value as CelValue};
use prost_reflect::{
    DynamicMessage, FieldDescriptor, Kind, MapKey, MessageDescriptor, ReflectMessage, Value,
};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The function `has(x.f)` is rewritten into: a name CEL source cannot spell.
const HAS: &str = "@has";
/// The key of a message value's presence list (the names of its set fields). Messages are
/// CEL maps keyed by field name; no field name is a number, and selecting `x.f` on a real
/// map with `uint` keys is never meaningful, so this key cannot be mistaken for data.
const PRESENCE: u64 = u64::MAX;
/// How many times one message type may be expanded inside its own default value: a
/// recursive type's default is cut there, so a rule that walks more than this many levels
/// of one unset recursive type reads a missing key (protovalidate reads defaults forever).
/// Each level multiplies the default by the type's recursive fields, hence a small bound.
const RECURSION: usize = 4;
/// How deep a default value nests at most, whatever its types: mutually recursive types
/// (a cycle of several) would otherwise multiply `RECURSION` by the cycle's length.
const DEPTH: usize = 12;

/// The CEL environment shared by every rule of a run: the standard library, protovalidate's
/// functions, and the default values of the run's message types, made once each.
#[derive(Clone)]
pub struct CelEnv {
    shared: Arc<Shared>,
}

struct Shared {
    env: Arc<Env>,
    /// Default values (see [`CelEnv::message`]) by message name: a run has one schema, so a
    /// name is one type.
    defaults: Mutex<HashMap<String, CelValue>>,
}

pub struct CelRule {
    pub id: String,
    pub message: String,
    pub expression: String,
    program: IdedExpr,
    rules: Option<CelValue>,
    cel: CelEnv,
}

impl std::fmt::Debug for CelRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CelRule")
            .field("id", &self.id)
            .field("expression", &self.expression)
            .finish_non_exhaustive()
    }
}

/// What evaluating a rule concluded.
pub enum Verdict {
    Pass,
    Fail(String),
    /// The expression could not be evaluated (a type error, a missing key).
    Error(String),
}

impl CelEnv {
    pub fn new() -> Result<Self> {
        let mut env = Env::stdlib();
        // protovalidate offers CEL's extended string library (`lowerAscii`, `split`, …).
        env.add_extension(cel::extensions::strings)
            .map_err(|e| Error::Schema(format!("CEL string functions: {e}")))?;
        env.add_extension(protovalidate_library)
            .map_err(|e| Error::Schema(format!("CEL functions of protovalidate: {e}")))?;
        Ok(Self {
            shared: Arc::new(Shared {
                env: Arc::new(env),
                defaults: Mutex::new(HashMap::new()),
            }),
        })
    }

    pub fn compile(&self, rule: Rule, owner: &str) -> Result<CelRule> {
        let expression = rule.expression.unwrap_or_default();
        let mut program = self.shared.env.parser().parse(&expression).map_err(|e| {
            Error::Schema(format!(
                "{owner}: CEL rule `{}` does not parse: {e}",
                rule.id.as_deref().unwrap_or("")
            ))
        })?;
        rewrite_presence_tests(&mut program);
        Ok(CelRule {
            id: rule.id.unwrap_or_default(),
            message: rule.message.unwrap_or_default(),
            expression,
            program,
            rules: None,
            cel: self.clone(),
        })
    }

    /// A `cel_expression` shorthand: the expression is its own id.
    pub fn compile_expression(&self, expression: String, owner: &str) -> Result<CelRule> {
        self.compile(
            Rule {
                id: Some(expression.clone()),
                message: None,
                expression: Some(expression),
            },
            owner,
        )
    }

    /// A message as CEL sees it: a map from proto field names to values, every field there —
    /// an unset scalar as its zero value, an unset message field as that message's default
    /// (null for a wrapper type, as in CEL) — and the presence list `has()` reads.
    /// Well-known types read as CEL's own values (a wrapper as its value, a `Struct` as a
    /// map, a `Value` as what it holds).
    pub fn message(&self, message: &DynamicMessage) -> CelValue {
        self.shared.message(message, &mut Vec::new())
    }

    /// A field value as a CEL value.
    pub fn value(&self, value: &Value) -> CelValue {
        self.shared.value(value, &mut Vec::new())
    }
}

impl Shared {
    /// `expanding` lists the message types whose defaults are being built around this one,
    /// to cut recursive types.
    fn message(&self, message: &DynamicMessage, expanding: &mut Vec<String>) -> CelValue {
        if let Some(value) = self.well_known(message, expanding) {
            return value;
        }
        let mut fields: HashMap<Key, CelValue> = HashMap::new();
        let mut present = Vec::new();
        for field in message.descriptor().fields() {
            let set = message.has_field(&field);
            if set {
                present.push(CelValue::String(Arc::new(field.name().to_owned())));
            }
            let value = match singular_message(&field) {
                Some(descriptor) if !set => self.unset_message(&descriptor, expanding),
                _ => Some(self.value(&message.get_field(&field), expanding)),
            };
            if let Some(value) = value {
                fields.insert(Key::String(Arc::new(field.name().to_owned())), value);
            }
        }
        fields.insert(Key::Uint(PRESENCE), CelValue::List(Arc::new(present)));
        CelValue::Map(Map {
            map: Arc::new(fields),
        })
    }

    fn value(&self, value: &Value, expanding: &mut Vec<String>) -> CelValue {
        match value {
            Value::Bool(v) => CelValue::Bool(*v),
            Value::I32(v) => CelValue::Int((*v).into()),
            Value::I64(v) => CelValue::Int(*v),
            Value::U32(v) => CelValue::UInt((*v).into()),
            Value::U64(v) => CelValue::UInt(*v),
            Value::F32(v) => CelValue::Float((*v).into()),
            Value::F64(v) => CelValue::Float(*v),
            Value::String(v) => CelValue::String(Arc::new(v.clone())),
            Value::Bytes(v) => CelValue::Bytes(Arc::new(v.to_vec())),
            Value::EnumNumber(v) => CelValue::Int((*v).into()),
            Value::Message(m) => self.message(m, expanding),
            Value::List(items) => CelValue::List(Arc::new(
                items.iter().map(|v| self.value(v, expanding)).collect(),
            )),
            Value::Map(entries) => {
                let map: HashMap<Key, CelValue> = entries
                    .iter()
                    .map(|(k, v)| (key_of(k), self.value(v, expanding)))
                    .collect();
                CelValue::Map(Map { map: Arc::new(map) })
            }
        }
    }

    /// What an unset message field of type `descriptor` reads as; `None` where a recursive
    /// type's default is cut.
    fn unset_message(
        &self,
        descriptor: &MessageDescriptor,
        expanding: &mut Vec<String>,
    ) -> Option<CelValue> {
        let name = descriptor.full_name();
        match name {
            "google.protobuf.Duration" => {
                return Some(CelValue::Duration(chrono::TimeDelta::zero()))
            }
            "google.protobuf.Timestamp" => {
                return Some(CelValue::Timestamp(
                    chrono::DateTime::UNIX_EPOCH.fixed_offset(),
                ))
            }
            "google.protobuf.Value" => return Some(CelValue::Null),
            "google.protobuf.Struct" => return Some(empty_map()),
            "google.protobuf.ListValue" => return Some(CelValue::List(Arc::new(Vec::new()))),
            _ if is_wrapper(name) => return Some(CelValue::Null),
            _ => {}
        }
        if expanding.len() >= DEPTH || expanding.iter().filter(|n| *n == name).count() >= RECURSION
        {
            return None;
        }
        // Only a default built from the top is cached, so that a type's default is the same
        // value wherever it is read.
        let top = expanding.is_empty();
        if top {
            if let Some(value) = self.cached_defaults().get(name) {
                return Some(value.clone());
            }
        }
        expanding.push(name.to_owned());
        let value = self.message(&DynamicMessage::new(descriptor.clone()), expanding);
        expanding.pop();
        if top {
            self.cached_defaults()
                .insert(name.to_owned(), value.clone());
        }
        Some(value)
    }

    /// The cache of defaults; a panic elsewhere while it was held leaves it usable (each
    /// entry is inserted whole).
    fn cached_defaults(&self) -> std::sync::MutexGuard<'_, HashMap<String, CelValue>> {
        self.defaults
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The CEL value of a set message of a well-known type that CEL reads as one of its own
    /// values.
    fn well_known(
        &self,
        message: &DynamicMessage,
        expanding: &mut Vec<String>,
    ) -> Option<CelValue> {
        let descriptor = message.descriptor();
        let name = descriptor.full_name();
        let field = |field: &str| {
            descriptor
                .get_field_by_name(field)
                .map(|f| message.get_field(&f).into_owned())
        };
        Some(match name {
            _ if is_wrapper(name) => self.value(&field("value")?, expanding),
            "google.protobuf.Struct" | "google.protobuf.ListValue" => {
                let inner = field(if name.ends_with("Struct") {
                    "fields"
                } else {
                    "values"
                })?;
                self.value(&inner, expanding)
            }
            "google.protobuf.Duration" | "google.protobuf.Timestamp" => {
                let seconds = field("seconds")?.as_i64()?;
                let nanos = field("nanos")?.as_i32()?;
                if name.ends_with("Duration") {
                    let delta = chrono::TimeDelta::try_seconds(seconds)?
                        .checked_add(&chrono::TimeDelta::nanoseconds(nanos.into()))?;
                    CelValue::Duration(delta)
                } else {
                    let nanos = u32::try_from(nanos).ok()?;
                    let time = chrono::DateTime::from_timestamp(seconds, nanos)?;
                    CelValue::Timestamp(time.fixed_offset())
                }
            }
            "google.protobuf.Value" => {
                let set = descriptor.fields().find(|f| message.has_field(f));
                match set {
                    None => CelValue::Null,
                    Some(f) if f.name() == "null_value" => CelValue::Null,
                    Some(f) => self.value(&message.get_field(&f), expanding),
                }
            }
            _ => return None,
        })
    }
}

impl CelRule {
    /// Runs the program with `this` bound to the value or message the rule is about.
    pub fn evaluate(&self, this: CelValue) -> Verdict {
        let mut context = Context::with_env(self.cel.shared.env.clone());
        context.add_variable_from_value("this", this);
        // protovalidate's `now`: the time of the check, one value per evaluation.
        context.add_variable_from_value(
            "now",
            CelValue::Timestamp(chrono::Utc::now().fixed_offset()),
        );
        if let Some(rules) = &self.rules {
            context.add_variable_from_value("rules", rules.clone());
        }
        match CelValue::resolve(&self.program, &context) {
            Ok(CelValue::Bool(true)) => Verdict::Pass,
            Ok(CelValue::Bool(false)) => Verdict::Fail(if self.message.is_empty() {
                format!("does not satisfy `{}`", self.expression)
            } else {
                self.message.clone()
            }),
            Ok(CelValue::String(text)) if text.is_empty() => Verdict::Pass,
            Ok(CelValue::String(text)) => Verdict::Fail(text.to_string()),
            Ok(other) => Verdict::Error(format!(
                "CEL rule `{}` returned {other:?}; a rule must return a bool or a string",
                self.expression
            )),
            Err(error) => Verdict::Error(format!(
                "CEL rule `{}` could not be evaluated: {error}",
                self.expression
            )),
        }
    }

    pub fn with_rules(mut self, rules: Option<CelValue>) -> Self {
        self.rules = rules;
        self
    }

    /// The environment the rule was compiled in, which turns values into CEL's.
    pub fn env(&self) -> &CelEnv {
        &self.cel
    }
}

/// The message type of a field that holds one message (not a list or map of them).
fn singular_message(field: &FieldDescriptor) -> Option<MessageDescriptor> {
    match field.kind() {
        Kind::Message(descriptor) if !field.is_list() && !field.is_map() => Some(descriptor),
        _ => None,
    }
}

fn is_wrapper(name: &str) -> bool {
    matches!(
        name,
        "google.protobuf.DoubleValue"
            | "google.protobuf.FloatValue"
            | "google.protobuf.Int64Value"
            | "google.protobuf.UInt64Value"
            | "google.protobuf.Int32Value"
            | "google.protobuf.UInt32Value"
            | "google.protobuf.BoolValue"
            | "google.protobuf.StringValue"
            | "google.protobuf.BytesValue"
    )
}

fn empty_map() -> CelValue {
    CelValue::Map(Map {
        map: Arc::new(HashMap::new()),
    })
}

fn key_of(key: &MapKey) -> Key {
    match key {
        MapKey::Bool(v) => Key::Bool(*v),
        MapKey::I32(v) => Key::Int((*v).into()),
        MapKey::I64(v) => Key::Int(*v),
        MapKey::U32(v) => Key::Uint((*v).into()),
        MapKey::U64(v) => Key::Uint(*v),
        MapKey::String(v) => Key::String(Arc::new(v.clone())),
    }
}

/// Rewrites every `has(x.f)` below `expr` into `@has(x, "f")`.
fn rewrite_presence_tests(expr: &mut IdedExpr) {
    let id = expr.id;
    match &mut expr.expr {
        Expr::Select(select) => {
            rewrite_presence_tests(&mut select.operand);
            if select.test {
                let operand = std::mem::take(&mut *select.operand);
                let field = std::mem::take(&mut select.field);
                expr.expr = Expr::Call(CallExpr {
                    func_name: HAS.to_owned(),
                    target: None,
                    args: vec![
                        operand,
                        IdedExpr {
                            id,
                            expr: Expr::Literal(LiteralValue::String(field.into())),
                        },
                    ],
                });
            }
        }
        Expr::Call(call) => {
            if let Some(target) = &mut call.target {
                rewrite_presence_tests(target);
            }
            call.args.iter_mut().for_each(rewrite_presence_tests);
        }
        Expr::Comprehension(comprehension) => {
            let c = &mut **comprehension;
            for part in [
                &mut c.iter_range,
                &mut c.accu_init,
                &mut c.loop_cond,
                &mut c.loop_step,
                &mut c.result,
            ] {
                rewrite_presence_tests(part);
            }
        }
        Expr::List(list) => list.elements.iter_mut().for_each(rewrite_presence_tests),
        Expr::Map(map) => map.entries.iter_mut().for_each(|e| entry(&mut e.expr)),
        Expr::Struct(s) => s.entries.iter_mut().for_each(|e| entry(&mut e.expr)),
        Expr::Unspecified | Expr::Ident(_) | Expr::Literal(_) => {}
    }
    fn entry(entry: &mut EntryExpr) {
        match entry {
            EntryExpr::StructField(field) => rewrite_presence_tests(&mut field.value),
            EntryExpr::MapEntry(pair) => {
                rewrite_presence_tests(&mut pair.key);
                rewrite_presence_tests(&mut pair.value);
            }
        }
    }
}

/// `@has(x, "f")`: whether the message `x` has its field `f` set, or the map `x` the key
/// `"f"`.
fn has_field(operand: &CelMap<'_>, field: &CelString<'_>) -> CelBool {
    let entries = operand.inner();
    match entries.get(&CelMapKey::from(PRESENCE)) {
        Some(present) => present.downcast_ref::<CelList>().is_some_and(|present| {
            present.inner().iter().any(|name| {
                name.downcast_ref::<CelString>()
                    .is_some_and(|name| name.inner() == field.inner())
            })
        }),
        None => entries.contains_key(&CelMapKey::from(field.inner())),
    }
    .into()
}

/// The functions protovalidate adds to CEL, and `@has`.
fn protovalidate_library(env: &mut Env) -> std::result::Result<(), DeclarationError> {
    cel::add_overload!(env, fn has_field: (CelMap, CelString) -> CelBool, name = "@has")?;
    cel::add_member_overload!(env, fn is_email: (CelString) -> CelBool, name = "isEmail")?;
    cel::add_member_overload!(env, fn is_hostname: (CelString) -> CelBool, name = "isHostname")?;
    cel::add_member_overload!(env, fn is_ip: (CelString) -> CelBool, name = "isIp")?;
    cel::add_member_overload!(env, fn is_ip_version: (CelString, CelInt) -> CelBool,
        name = "isIp")?;
    cel::add_member_overload!(env, fn is_ip_prefix: (CelString) -> CelBool, name = "isIpPrefix")?;
    cel::add_member_overload!(env, fn is_ip_prefix_version: (CelString, CelInt) -> CelBool,
        name = "isIpPrefix")?;
    cel::add_member_overload!(env, fn is_ip_prefix_strict: (CelString, CelBool) -> CelBool,
        name = "isIpPrefix")?;
    cel::add_member_overload!(env,
        fn is_ip_prefix_version_strict: (CelString, CelInt, CelBool) -> CelBool,
        name = "isIpPrefix")?;
    cel::add_member_overload!(env, fn is_uri: (CelString) -> CelBool, name = "isUri")?;
    cel::add_member_overload!(env, fn is_uri_ref: (CelString) -> CelBool, name = "isUriRef")?;
    cel::add_member_overload!(env, fn is_host_and_port: (CelString, CelBool) -> CelBool,
        name = "isHostAndPort")?;
    cel::add_member_overload!(env, fn is_nan: (CelDouble) -> CelBool, name = "isNan")?;
    cel::add_member_overload!(env, fn is_inf: (CelDouble) -> CelBool, name = "isInf")?;
    cel::add_member_overload!(env, fn is_inf_sign: (CelDouble, CelInt) -> CelBool,
        name = "isInf")?;
    cel::add_member_overload!(env, fn unique: (CelList) -> CelBool, name = "unique")?;
    Ok(())
}

fn is_email(this: &CelString<'_>) -> CelBool {
    formats::is_email(this.inner()).into()
}

fn is_hostname(this: &CelString<'_>) -> CelBool {
    formats::is_hostname(this.inner()).into()
}

fn is_ip(this: &CelString<'_>) -> CelBool {
    formats::is_ip(this.inner()).into()
}

fn is_ip_version(this: &CelString<'_>, version: &CelInt) -> CelBool {
    formats::is_ip_version(this.inner(), *version.inner()).into()
}

fn is_ip_prefix(this: &CelString<'_>) -> CelBool {
    formats::is_ip_prefix(this.inner(), 0, false).into()
}

fn is_ip_prefix_version(this: &CelString<'_>, version: &CelInt) -> CelBool {
    formats::is_ip_prefix(this.inner(), *version.inner(), false).into()
}

fn is_ip_prefix_strict(this: &CelString<'_>, strict: &CelBool) -> CelBool {
    formats::is_ip_prefix(this.inner(), 0, *strict.inner()).into()
}

fn is_ip_prefix_version_strict(
    this: &CelString<'_>,
    version: &CelInt,
    strict: &CelBool,
) -> CelBool {
    formats::is_ip_prefix(this.inner(), *version.inner(), *strict.inner()).into()
}

fn is_uri(this: &CelString<'_>) -> CelBool {
    formats::is_uri(this.inner()).into()
}

fn is_uri_ref(this: &CelString<'_>) -> CelBool {
    formats::is_uri_ref(this.inner()).into()
}

fn is_host_and_port(this: &CelString<'_>, port_required: &CelBool) -> CelBool {
    formats::is_host_and_port(this.inner(), *port_required.inner()).into()
}

fn is_nan(this: &CelDouble) -> CelBool {
    this.inner().is_nan().into()
}

fn is_inf(this: &CelDouble) -> CelBool {
    this.inner().is_infinite().into()
}

/// `isInf(sign)`: a positive sign asks for +∞, a negative one for −∞, zero for either.
fn is_inf_sign(this: &CelDouble, sign: &CelInt) -> CelBool {
    let x = *this.inner();
    match sign.inner().signum() {
        1 => x == f64::INFINITY,
        -1 => x == f64::NEG_INFINITY,
        _ => x.is_infinite(),
    }
    .into()
}

/// Whether no two items of the list are equal.
fn unique(this: &CelList<'_>) -> CelBool {
    let items = this.inner();
    items
        .iter()
        .enumerate()
        .all(|(i, item)| {
            !items[..i]
                .iter()
                .any(|earlier| earlier.equals(item.as_ref()))
        })
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(expression: &str) -> CelRule {
        CelEnv::new()
            .unwrap()
            .compile(
                Rule {
                    id: Some("r".into()),
                    message: Some("m".into()),
                    expression: Some(expression.into()),
                },
                "test",
            )
            .unwrap()
    }

    #[test]
    fn booleans_and_strings_decide() {
        let minimum = rule("this == 0 || this >= 60");
        assert!(matches!(minimum.evaluate(CelValue::Int(0)), Verdict::Pass));
        assert!(matches!(minimum.evaluate(CelValue::Int(60)), Verdict::Pass));
        assert!(matches!(minimum.evaluate(CelValue::Int(30)), Verdict::Fail(m) if m == "m"));
        let text = rule("this.startsWith('a') ? '' : 'must start with a'");
        let value = CelValue::String(Arc::new("b".into()));
        assert!(matches!(text.evaluate(value), Verdict::Fail(m) if m == "must start with a"));
    }

    #[test]
    fn the_functions_real_rules_use_are_there() {
        let list = CelValue::List(Arc::new(vec![
            CelValue::String(Arc::new("ab".into())),
            CelValue::String(Arc::new("ac".into())),
        ]));
        for expression in [
            "size(this) == 2",
            "this.all(x, x.startsWith('a'))",
            "this.filter(x, x.contains('c')).size() == 1",
            "this.all(x, x.matches('^a[bc]$'))",
        ] {
            assert!(
                matches!(rule(expression).evaluate(list.clone()), Verdict::Pass),
                "{expression}"
            );
        }
    }

    #[test]
    fn evaluation_errors_are_reported() {
        assert!(matches!(
            rule("this.nothing == 1").evaluate(CelValue::Int(1)),
            Verdict::Error(_)
        ));
    }

    /// A message type compiled from `source` (a file `t.proto` in package `t`).
    fn message_type(source: &str, name: &str) -> MessageDescriptor {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("t.proto"), source).unwrap();
        let files = protox::compile(["t.proto"], [dir.path()]).unwrap();
        let pool = prost_reflect::DescriptorPool::from_file_descriptor_set(files).unwrap();
        pool.get_message_by_name(name).unwrap()
    }

    const SPEC: &str = r#"
        syntax = "proto3";
        package t;
        import "google/protobuf/wrappers.proto";
        import "google/protobuf/struct.proto";
        message Mesh { bool enabled = 1; int32 kind = 2; Mesh inner = 3; }
        message Spec {
          string name = 1;
          Mesh mesh = 2;
          map<string, string> labels = 3;
          google.protobuf.Int32Value count = 4;
          oneof choice { string host = 5; int64 port = 6; }
          optional int32 replicas = 7;
          google.protobuf.Struct extra = 8;
          repeated string tags = 9;
        }
    "#;

    fn judge(expression: &str, message: &DynamicMessage) -> bool {
        let rule = rule(expression);
        match rule.evaluate(rule.env().message(message)) {
            Verdict::Pass => true,
            Verdict::Fail(_) => false,
            Verdict::Error(e) => panic!("{expression}: {e}"),
        }
    }

    #[test]
    fn an_unset_message_field_reads_as_its_default_and_has_tells_it_apart() {
        let spec = message_type(SPEC, "t.Spec");
        let empty = DynamicMessage::new(spec.clone());
        // The KubernetesNamespace shape: a rule that walks into an optional sub-message.
        assert!(judge("!this.mesh.enabled || this.mesh.kind != 0", &empty));
        assert!(judge("this.mesh.inner.kind == 0", &empty));
        assert!(judge("!has(this.mesh) && !has(this.mesh.inner)", &empty));
        // Unset scalars, oneof members and optional fields read as zero values.
        assert!(judge(
            "this.name == '' && this.host == '' && this.port == 0",
            &empty
        ));
        assert!(judge("this.replicas == 0 && !has(this.replicas)", &empty));
        // Wrappers read as null when unset; a Struct as an empty map.
        assert!(judge("this.count == null && size(this.extra) == 0", &empty));

        let mut set = DynamicMessage::new(spec.clone());
        let mesh = DynamicMessage::new(message_type(SPEC, "t.Mesh"));
        set.set_field_by_name("mesh", Value::Message(mesh));
        set.set_field_by_name("name", Value::String("a".into()));
        set.set_field_by_name("port", Value::I64(0));
        set.set_field_by_name("replicas", Value::I32(0));
        set.set_field_by_name(
            "labels",
            Value::Map([(MapKey::String("team".into()), Value::String("x".into()))].into()),
        );
        // A set empty message is present; so is a oneof member or an optional field set to
        // its zero value; a scalar without presence is present when not zero.
        assert!(judge("has(this.mesh) && !this.mesh.enabled", &set));
        assert!(judge(
            "has(this.port) && !has(this.host) && has(this.replicas)",
            &set
        ));
        assert!(judge("has(this.name) && !has(this.tags)", &set));
        // On a map, `has` asks for a key.
        assert!(judge(
            "has(this.labels.team) && !has(this.labels.other)",
            &set
        ));
    }

    #[test]
    fn protovalidate_functions_are_there() {
        let text = |t: &str| CelValue::String(Arc::new(t.into()));
        let cases = [
            ("this.isEmail()", text("ops@example.com"), true),
            ("this.isHostname()", text("-bad.example"), false),
            (
                "this.isIp() && this.isIp(4) && !this.isIp(6)",
                text("10.0.0.1"),
                true,
            ),
            ("this.isIpPrefix(4, true)", text("10.0.0.0/8"), true),
            ("this.isIpPrefix(true)", text("10.0.0.1/8"), false),
            ("this.isIpPrefix()", text("10.0.0.1/8"), true),
            ("this.isIpPrefix(6)", text("fd00::/08"), false),
            (
                "this.isUri() && !this.isUriRef() == false",
                text("https://x.io/a"),
                true,
            ),
            ("this.isHostAndPort(true)", text("[::1]:8080"), true),
            ("this.isHostAndPort(true)", text("example.com"), false),
            ("this.isHostAndPort(false)", text("example.com"), true),
            ("this.isHostAndPort(true)", text("example.com:080"), false),
            ("this.isNan()", CelValue::Float(f64::NAN), true),
            ("this.isInf(-1)", CelValue::Float(f64::INFINITY), false),
            ("this.isInf()", CelValue::Float(f64::NEG_INFINITY), true),
        ];
        for (expression, value, expected) in cases {
            let verdict = rule(expression).evaluate(value.clone());
            let passed = match verdict {
                Verdict::Pass => true,
                Verdict::Fail(_) => false,
                Verdict::Error(e) => panic!("{expression} on {value:?}: {e}"),
            };
            assert_eq!(passed, expected, "{expression} on {value:?}");
        }
        let list = |items: &[i64]| {
            CelValue::List(Arc::new(items.iter().map(|i| CelValue::Int(*i)).collect()))
        };
        assert!(matches!(
            rule("this.unique()").evaluate(list(&[1, 2, 3])),
            Verdict::Pass
        ));
        assert!(matches!(
            rule("this.unique()").evaluate(list(&[1, 2, 1])),
            Verdict::Fail(_)
        ));
    }
}
