//! The openAPIV3Schema of an XRD: structural (every node typed, messages inlined, maps as
//! `additionalProperties`, recursion cut), rules as OpenAPI keywords where one says the same,
//! else as `x-kubernetes-validations` CEL (see `to_cel.rs`).

use super::super::{
    Cmp, Element, Expr, FieldShape, Literal, MessageShape, Model, Pred, Printed, Rule, Type,
};
use super::to_cel::*;
use super::*;
use crate::error::{Error, Result};
use serde_json::{json, Map, Value};

pub(super) struct Unexpressed {
    pub(super) path: String,
    pub(super) rule: String,
    pub(super) reason: String,
}

/// Writes the openAPIV3Schema, collecting what it could not express and the spellings of
/// every field path.
pub(super) struct SchemaWriter<'a> {
    model: &'a Model,
    /// The descriptors, for the `default` field options the model does not carry.
    pool: prost_reflect::DescriptorPool,
    pub(super) untranslated: Vec<Unexpressed>,
    /// Proto field path (`spec.namespace_name`) → XR field paths spelling it.
    pub(super) paths: Map<String, Value>,
    /// Messages being written, outermost first (a message met again is recursion).
    stack: Vec<String>,
}

impl<'a> SchemaWriter<'a> {
    pub(super) fn new(model: &'a Model, pool: prost_reflect::DescriptorPool) -> Self {
        Self {
            model,
            pool,
            untranslated: Vec::new(),
            paths: Map::new(),
            stack: Vec::new(),
        }
    }

    fn message(&self, name: &str) -> Result<&'a MessageShape> {
        self.model
            .message(name)
            .ok_or_else(|| Error::Render(format!("XRD: message {name} is not in the model")))
    }

    /// The `(org.project_planton.shared.options.default)` of a field: the loader fills an
    /// unset field with it before validating, so such a field is never missing.
    fn default_of(&self, message: &str, field: &str) -> Option<String> {
        let field = self
            .pool
            .get_message_by_name(message)?
            .get_field_by_name(field)?;
        crate::rules::default_value(&field)
    }

    fn unexpressed(&mut self, path: &str, rule: &str, reason: impl Into<String>) {
        self.untranslated.push(Unexpressed {
            path: path.to_owned(),
            rule: rule.to_owned(),
            reason: reason.into(),
        });
    }

    /// The schema of the composite resource: `spec` and `status` from the root message.
    pub(super) fn root(&mut self) -> Result<Value> {
        let root = self.message(&self.model.root)?;
        let mut properties = Map::new();
        let mut required = Vec::new();
        for field in &root.fields {
            let envelope = field.name == SPEC || field.name == STATUS;
            if !envelope {
                if !ROUTED.contains(&field.name.as_str()) {
                    let mut rules = Vec::new();
                    self.rule_ids(field, &mut Vec::new(), &mut rules)?;
                    if !rules.is_empty() {
                        self.unexpressed(
                            &field.name,
                            &rules.join(", "),
                            "not part of the composite resource (Kubernetes has its own \
                             metadata, ObjectMeta)",
                        );
                    }
                }
                continue;
            }
            let Type::Message(message) = &field.ty else {
                return Err(Error::Render(format!(
                    "XRD: `{}` of {} is not a message",
                    field.name, root.full_name
                )));
            };
            let schema = self.message_schema(message, &field.name, field.comment.as_deref())?;
            properties.insert(field.name.clone(), schema);
            if field.must_be_present {
                required.push(json!(field.name));
            }
            // `required` is said by the `required` list above.
            let beyond_presence = field.rules.rules.iter().filter(|r| !r.presence);
            for check in beyond_presence.filter_map(Rule::printed) {
                self.unexpressed(&field.name, &check.rule, "a rule on the whole message");
            }
            for u in &field.rules.untranslated() {
                self.unexpressed(&field.name, &u.rule, u.reason.clone());
            }
        }
        for check in &root.rules.printed_rules() {
            self.unexpressed(
                "",
                &check.rule,
                "a rule of the whole resource; the XR schema has no node for it",
            );
        }
        for u in &root.rules.untranslated() {
            self.unexpressed("", &u.rule, u.reason.clone());
        }
        let mut schema = Map::new();
        schema.insert("type".into(), json!("object"));
        if let Some(comment) = &root.comment {
            schema.insert("description".into(), json!(comment));
        }
        schema.insert("properties".into(), Value::Object(properties));
        if !required.is_empty() {
            schema.insert("required".into(), Value::Array(required));
        }
        Ok(Value::Object(schema))
    }

    /// The rule ids of a field and of every message below it (for fields left out).
    fn rule_ids(
        &self,
        field: &FieldShape,
        seen: &mut Vec<String>,
        out: &mut Vec<String>,
    ) -> Result<()> {
        let mut add = |rule: &str| {
            if !out.iter().any(|r| r == rule) {
                out.push(rule.to_owned());
            }
        };
        field
            .rules
            .printed_rules()
            .iter()
            .for_each(|c| add(&c.rule));
        field.rules.untranslated().iter().for_each(|u| add(&u.rule));
        let mut elements = Vec::new();
        match &field.ty {
            Type::List(item) => elements.push(item.as_ref()),
            Type::Map(key, value) => elements.extend([key.as_ref(), value.as_ref()]),
            _ => {}
        }
        for element in &elements {
            element
                .rules
                .printed_rules()
                .iter()
                .for_each(|c| add(&c.rule));
            element
                .rules
                .untranslated()
                .iter()
                .for_each(|u| add(&u.rule));
        }
        let mut messages: Vec<&Type> = vec![&field.ty];
        messages.extend(elements.iter().map(|e| &e.ty));
        for ty in messages {
            if let Type::Message(name) = ty {
                if seen.contains(name) {
                    continue;
                }
                seen.push(name.clone());
                let message = self.message(name)?;
                for check in &message.rules.printed_rules() {
                    if !out.contains(&check.rule) {
                        out.push(check.rule.clone());
                    }
                }
                for field in &message.fields {
                    self.rule_ids(field, seen, out)?;
                }
            }
        }
        Ok(())
    }

    /// A message inlined at `path`, or cut with `x-kubernetes-preserve-unknown-fields` when it
    /// is already being written (recursion) or has a JSON form of its own (well-known types).
    fn message_schema(&mut self, name: &str, path: &str, comment: Option<&str>) -> Result<Value> {
        if let Some(mut schema) = well_known(name) {
            if let (Some(comment), Value::Object(map)) = (comment, &mut schema) {
                map.insert("description".into(), json!(comment));
            }
            return Ok(schema);
        }
        let message = self.message(name)?;
        let description = comment.or(message.comment.as_deref());
        if self.stack.iter().any(|n| n == name) {
            return Ok(self.recursion_cut(name, path, description));
        }
        self.stack.push(name.to_owned());
        let mut object = Object::default();
        for field in &message.fields {
            self.property(name, path, field, &mut object)?;
        }
        for check in &message.rules.printed_rules() {
            match self.message_rule(message, &check.expr) {
                Some(rule) => object
                    .rules
                    .push(json!({ "rule": rule, "message": check.message })),
                None => self.unexpressed(path, &check.rule, "no Kubernetes CEL form"),
            }
        }
        for u in &message.rules.untranslated() {
            self.unexpressed(path, &u.rule, u.reason.clone());
        }
        self.stack.pop();
        let Object {
            properties,
            required,
            rules,
        } = object;
        let mut schema = Map::new();
        schema.insert("type".into(), json!("object"));
        if let Some(description) = description {
            schema.insert("description".into(), json!(description));
        }
        schema.insert("properties".into(), Value::Object(properties));
        if !required.is_empty() {
            schema.insert("required".into(), Value::Array(required));
        }
        if !rules.is_empty() {
            schema.insert("x-kubernetes-validations".into(), Value::Array(rules));
        }
        Ok(Value::Object(schema))
    }

    /// A message that contains itself: the schema stops and accepts anything below.
    fn recursion_cut(&mut self, name: &str, path: &str, description: Option<&str>) -> Value {
        self.unexpressed(
            path,
            "(recursion)",
            format!("{name} contains itself; the schema stops here and accepts anything below"),
        );
        let mut schema = Map::new();
        schema.insert("type".into(), json!("object"));
        if let Some(description) = description {
            schema.insert("description".into(), json!(description));
        }
        schema.insert("x-kubernetes-preserve-unknown-fields".into(), json!(true));
        Value::Object(schema)
    }

    /// A field of message `name` at `path`: its schema under its JSON name (the lowerCamelCase
    /// name of the proto JSON mapping, as Kubernetes APIs spell fields), and the rule that
    /// makes it required.
    fn property(
        &mut self,
        name: &str,
        path: &str,
        field: &FieldShape,
        object: &mut Object,
    ) -> Result<()> {
        let field_path = format!("{path}.{}", field.name);
        let spelling = xr_name(field);
        let spelled: Vec<Value> = self
            .spellings_of(path)
            .iter()
            .map(|p| json!(format!("{p}.{spelling}")))
            .collect();
        self.paths.insert(field_path.clone(), Value::Array(spelled));
        let default = self.default_of(name, &field.name);
        let mut schema = self.field_schema(field, &field_path)?;
        if let (Some(default), Value::Object(map)) = (&default, &mut schema) {
            // Not a Kubernetes `default`: unset reads as the default in `validate`, and the
            // XRD keeps the XR as its author wrote it; here it is simply allowed.
            let text = match map.get("description").and_then(Value::as_str) {
                Some(d) if d.ends_with(['.', '!', '?']) => format!("{d} Default: {default}."),
                Some(d) => format!("{d}. Default: {default}."),
                None => format!("Default: {default}."),
            };
            map.insert("description".into(), json!(text));
        }
        object.properties.insert(spelling.to_owned(), schema);
        if field.must_be_present && default.is_none() {
            object.required.push(json!(spelling));
        }
        Ok(())
    }

    /// The XR field paths spelling the proto field path `path` (`spec` → `["spec"]`).
    fn spellings_of(&self, path: &str) -> Vec<String> {
        match self.paths.get(path).and_then(Value::as_array) {
            Some(paths) => paths
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            None => vec![path.to_owned()],
        }
    }

    fn field_schema(&mut self, field: &FieldShape, path: &str) -> Result<Value> {
        let mut schema = self.value_schema(
            &field.ty,
            &field.rules.printed_rules(),
            path,
            field.comment.as_deref(),
        )?;
        for u in &field.rules.untranslated() {
            self.unexpressed(path, &u.rule, u.reason.clone());
        }
        if let (Some(comment), Value::Object(map)) = (&field.comment, &mut schema) {
            map.insert("description".into(), json!(comment));
        }
        Ok(schema)
    }

    /// The schema of a value of `ty` meeting `checks`.
    fn value_schema(
        &mut self,
        ty: &Type,
        checks: &[Printed],
        path: &str,
        comment: Option<&str>,
    ) -> Result<Value> {
        let mut node = Node::default();
        match ty {
            Type::Bool => node.set("type", json!("boolean")),
            Type::String => node.set("type", json!("string")),
            Type::Bytes => {
                node.set("type", json!("string"));
                node.set("format", json!("byte"));
            }
            Type::Int { bits, signed } => {
                node.set("type", json!("integer"));
                node.set("format", json!(if *bits == 64 { "int64" } else { "int32" }));
                match (bits, signed) {
                    (64, true) => {}
                    (64, false) => node.merge(&kw(&[("minimum", json!(0))])),
                    _ => {
                        let (min, max) = ty.int_range().unwrap_or((0, 0));
                        node.merge(&kw(&[("minimum", number(min)), ("maximum", number(max))]));
                    }
                }
            }
            Type::Float => node.set("type", json!("number")),
            Type::Enum(shape) => {
                // Kubernetes sees enum values by name only: numbers are not accepted.
                node.set("type", json!("string"));
                let names: Vec<Value> = shape.values.iter().map(|(n, _)| json!(n)).collect();
                node.set("enum", Value::Array(names));
            }
            Type::Message(name) => {
                let schema = self.message_schema(name, path, comment)?;
                return self.with_checks(schema, ty, checks, path);
            }
            Type::List(item) => self.list_schema(item, path, &mut node)?,
            Type::Map(key, value) => self.map_schema(key, value, path, &mut node)?,
        }
        let schema = node.into_value();
        self.with_checks(schema, ty, checks, path)
    }

    fn list_schema(&mut self, item: &Element, path: &str, node: &mut Node) -> Result<()> {
        node.set("type", json!("array"));
        let item_path = format!("{path}[]");
        let items = self.value_schema(&item.ty, &item.rules.printed_rules(), &item_path, None)?;
        for u in &item.rules.untranslated() {
            self.unexpressed(&item_path, &u.rule, u.reason.clone());
        }
        node.set("items", items);
        Ok(())
    }

    /// A map: values as `additionalProperties`, keys (always strings in JSON) checked by CEL.
    fn map_schema(
        &mut self,
        key: &Element,
        value: &Element,
        path: &str,
        node: &mut Node,
    ) -> Result<()> {
        node.set("type", json!("object"));
        let value_path = format!("{path}[*]");
        let values =
            self.value_schema(&value.ty, &value.rules.printed_rules(), &value_path, None)?;
        for u in &value.rules.untranslated() {
            self.unexpressed(&value_path, &u.rule, u.reason.clone());
        }
        node.set("additionalProperties", values);
        let key_path = format!("{path}{{key}}");
        let subject = match key.ty {
            Type::String => Some("k"),
            Type::Int { .. } => {
                node.rules.push(json!({
                    "rule": "self.all(k, k.matches('^-?[0-9]+$'))",
                    "message": "keys must be integers",
                }));
                Some("int(k)")
            }
            Type::Bool => {
                node.rules.push(json!({
                    "rule": "self.all(k, k == 'true' || k == 'false')",
                    "message": "keys must be true or false",
                }));
                None
            }
            _ => None,
        };
        for check in &key.rules.printed_rules() {
            match subject.and_then(|s| cel(&check.expr, &key.ty, s)) {
                Some(rule) => node.rules.push(json!({
                    "rule": format!("self.all(k, {rule})"),
                    "message": format!("keys {}", check.message),
                })),
                None => self.unexpressed(&key_path, &check.rule, "no Kubernetes CEL form"),
            }
        }
        for u in &key.rules.untranslated() {
            self.unexpressed(&key_path, &u.rule, u.reason.clone());
        }
        Ok(())
    }

    /// `schema` with `checks` added: as OpenAPI keywords where a check is a plain predicate
    /// (or `&&` of them), as `x-kubernetes-validations` CEL otherwise.
    fn with_checks(
        &mut self,
        schema: Value,
        ty: &Type,
        checks: &[Printed],
        path: &str,
    ) -> Result<Value> {
        let Value::Object(map) = schema else {
            return Ok(schema);
        };
        let mut node = Node::from(map);
        for check in checks {
            let expr = simplify(&check.expr, ty);
            if let Some(keywords) = keywords(&expr, ty) {
                for k in &keywords {
                    node.merge(k);
                }
                continue;
            }
            let rule = match ty {
                Type::Message(name) => self
                    .model
                    .message(name)
                    .and_then(|m| self.message_rule(m, &expr)),
                _ => cel(&expr, ty, "self"),
            };
            match rule {
                Some(rule) => node
                    .rules
                    .push(json!({ "rule": rule, "message": check.message })),
                None => self.unexpressed(
                    path,
                    &check.rule,
                    "no OpenAPI keyword or Kubernetes CEL form",
                ),
            }
        }
        Ok(node.into_value())
    }

    /// A message-level rule as Kubernetes CEL on the message's object (`self`): each field
    /// read by its JSON name, its zero value standing in when it is not set.
    fn message_rule(&self, message: &MessageShape, e: &Expr) -> Option<String> {
        compose(e, &|path, p| self.path_rule(message, path, p, "self"))
    }

    /// `pred` of the field at `path` below the message value `subject`.
    fn path_rule(
        &self,
        message: &MessageShape,
        path: &[String],
        p: &Pred,
        subject: &str,
    ) -> Option<String> {
        let Some((first, rest)) = path.split_first() else {
            return pred_cel(p, &Type::Message(message.full_name.clone()), subject);
        };
        let field = message.fields.iter().find(|f| &f.name == first)?;
        // What the rule says when the field is not set: it reads as its zero value.
        let absent = match (p, rest.is_empty()) {
            (Pred::Present, _) => false,
            (_, true) => match &field.ty {
                Type::List(_) | Type::Map(..) => p.holds_for_zero(&Literal::Int(0))?,
                ty => p.holds_for_zero(&ty.zero()?)?,
            },
            // A field of an unset message field: its zero value too.
            (_, false) => self.holds_below_absent(field, rest, p)?,
        };
        let spelling = xr_name(field);
        if rest.is_empty() && matches!(p, Pred::Present) && field.explicit_presence {
            return Some(has(subject, spelling));
        }
        let access = format!("{subject}.{}", cel_field(spelling));
        let present = if rest.is_empty() {
            match p {
                // Without presence, `has()` in protovalidate means "not the zero value".
                Pred::Present => match &field.ty {
                    Type::List(_) | Type::Map(..) => format!("size({access}) != 0"),
                    ty => format!("{access} != {}", cel_literal(&ty.zero()?, ty)?),
                },
                _ => pred_cel(p, &field.ty, &access)?,
            }
        } else {
            let Type::Message(name) = &field.ty else {
                return None;
            };
            let inner = self.model.message(name)?;
            self.path_rule(inner, rest, p, &access)?
        };
        Some(format!(
            "({} ? {present} : {absent})",
            has(subject, spelling)
        ))
    }

    /// Whether `p` holds for the field at `rest` below `field` when `field` (a message) is
    /// not set.
    fn holds_below_absent(&self, field: &FieldShape, rest: &[String], p: &Pred) -> Option<bool> {
        let Type::Message(name) = &field.ty else {
            return None;
        };
        let message = self.model.message(name)?;
        let (first, rest) = rest.split_first()?;
        let inner = message.fields.iter().find(|f| &f.name == first)?;
        match (p, rest.is_empty()) {
            (Pred::Present, _) => Some(false),
            (_, true) => match &inner.ty {
                Type::List(_) | Type::Map(..) => p.holds_for_zero(&Literal::Int(0)),
                ty => p.holds_for_zero(&ty.zero()?),
            },
            (_, false) => self.holds_below_absent(inner, rest, p),
        }
    }
}

/// The name a field has in the XR: its proto JSON name (lowerCamelCase), as Kubernetes APIs
/// name fields. `validate` reads either spelling; the XR takes this one only.
fn xr_name(field: &FieldShape) -> &str {
    &field.json_name
}

/// JSON forms of the well-known types the proto JSON mapping gives a form of their own.
pub(super) fn well_known(name: &str) -> Option<Value> {
    let scalar = |ty: &str| json!({ "type": ty });
    Some(match name.strip_prefix("google.protobuf.")? {
        "Timestamp" => json!({ "type": "string", "format": "date-time" }),
        "Duration" | "FieldMask" => scalar("string"),
        "StringValue" => scalar("string"),
        "BytesValue" => json!({ "type": "string", "format": "byte" }),
        "BoolValue" => scalar("boolean"),
        "Int32Value" | "UInt32Value" => json!({ "type": "integer", "format": "int32" }),
        "Int64Value" | "UInt64Value" => json!({ "type": "integer", "format": "int64" }),
        "FloatValue" | "DoubleValue" => scalar("number"),
        "Struct" | "Any" | "Empty" => {
            json!({ "type": "object", "x-kubernetes-preserve-unknown-fields": true })
        }
        "ListValue" => json!({
            "type": "array",
            "items": { "x-kubernetes-preserve-unknown-fields": true },
        }),
        "Value" => json!({ "x-kubernetes-preserve-unknown-fields": true }),
        _ => return None,
    })
}

/// A schema node: its keywords, value validations that could not be merged into them (kept
/// in `allOf`, which structural schemas allow for value validations) and its CEL rules.
/// The parts of an object schema collected field by field.
#[derive(Default)]
struct Object {
    properties: Map<String, Value>,
    required: Vec<Value>,
    /// `x-kubernetes-validations`.
    rules: Vec<Value>,
}

#[derive(Default)]
pub(super) struct Node {
    map: Map<String, Value>,
    all_of: Vec<Value>,
    rules: Vec<Value>,
}

impl From<Map<String, Value>> for Node {
    fn from(mut map: Map<String, Value>) -> Self {
        let take = |map: &mut Map<String, Value>, key: &str| match map.remove(key) {
            Some(Value::Array(items)) => items,
            _ => Vec::new(),
        };
        let all_of = take(&mut map, "allOf");
        let rules = take(&mut map, "x-kubernetes-validations");
        Node { map, all_of, rules }
    }
}

impl Node {
    fn set(&mut self, key: &str, value: Value) {
        self.map.insert(key.to_owned(), value);
    }

    /// Adds keywords, tightening a bound already there; a keyword that cannot be combined
    /// (a second `pattern`) goes to `allOf`.
    fn merge(&mut self, keywords: &Map<String, Value>) {
        let mut rest = Map::new();
        for (key, value) in keywords {
            match key.as_str() {
                "exclusiveMinimum" | "exclusiveMaximum" => {}
                "minimum" | "maximum" => {
                    let lower = key == "minimum";
                    let flag = if lower {
                        "exclusiveMinimum"
                    } else {
                        "exclusiveMaximum"
                    };
                    let exclusive = keywords.get(flag).and_then(Value::as_bool).unwrap_or(false);
                    let current = self.map.get(key).and_then(Value::as_f64);
                    let current_exclusive =
                        self.map.get(flag).and_then(Value::as_bool).unwrap_or(false);
                    let new = value.as_f64().unwrap_or(0.0);
                    let tighter = match current {
                        None => true,
                        Some(c) if lower => {
                            new > c || (new == c && exclusive && !current_exclusive)
                        }
                        Some(c) => new < c || (new == c && exclusive && !current_exclusive),
                    };
                    if tighter {
                        self.map.insert(key.clone(), value.clone());
                        if exclusive {
                            self.map.insert(flag.into(), json!(true));
                        } else {
                            self.map.remove(flag);
                        }
                    }
                }
                "minLength" | "minItems" | "minProperties" | "maxLength" | "maxItems"
                | "maxProperties" => {
                    let lower = key.starts_with("min");
                    let new = value.as_u64().unwrap_or(0);
                    let keep = match self.map.get(key).and_then(Value::as_u64) {
                        None => true,
                        Some(c) => (lower && new > c) || (!lower && new < c),
                    };
                    if keep {
                        self.map.insert(key.clone(), value.clone());
                    }
                }
                "enum" => {
                    let new = value.as_array().cloned().unwrap_or_default();
                    let merged = match self.map.get(key).and_then(Value::as_array) {
                        None => new,
                        Some(current) => current
                            .iter()
                            .filter(|v| new.contains(v))
                            .cloned()
                            .collect(),
                    };
                    self.map.insert(key.clone(), Value::Array(merged));
                }
                _ if !self.map.contains_key(key) || self.map.get(key) == Some(value) => {
                    self.map.insert(key.clone(), value.clone());
                }
                _ => {
                    rest.insert(key.clone(), value.clone());
                }
            }
        }
        if !rest.is_empty() && !self.all_of.contains(&Value::Object(rest.clone())) {
            self.all_of.push(Value::Object(rest));
        }
    }

    fn into_value(self) -> Value {
        let mut map = self.map;
        if !self.all_of.is_empty() {
            map.insert("allOf".into(), Value::Array(self.all_of));
        }
        if !self.rules.is_empty() {
            map.insert("x-kubernetes-validations".into(), Value::Array(self.rules));
        }
        Value::Object(map)
    }
}

pub(super) fn kw(pairs: &[(&str, Value)]) -> Map<String, Value> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

pub(super) fn number(value: i128) -> Value {
    match (i64::try_from(value), u64::try_from(value)) {
        (Ok(v), _) => json!(v),
        (_, Ok(v)) => json!(v),
        _ => json!(value as f64),
    }
}

/// buf.validate's `required` of a string (`!(this == '')`) said the OpenAPI way.
pub(super) fn simplify(e: &Expr, ty: &Type) -> Expr {
    if let (Expr::Not(inner), Type::String) = (e, ty) {
        if let Expr::Pred(path, Pred::Eq(Literal::Str(s))) = inner.as_ref() {
            if path.is_empty() && s.is_empty() {
                return Expr::this(Pred::Len(Cmp::Ge, 1));
            }
        }
    }
    e.clone()
}

/// The OpenAPI keywords saying `e` of a value of `ty`: a predicate of the value itself, or an
/// `&&` of such; `None` for anything else (it becomes CEL).
pub(super) fn keywords(e: &Expr, ty: &Type) -> Option<Vec<Map<String, Value>>> {
    match e {
        Expr::Pred(path, p) if path.is_empty() => Some(vec![pred_keywords(p, ty)?]),
        Expr::And(items) => {
            let mut all = Vec::new();
            for item in items {
                all.extend(keywords(item, ty)?);
            }
            Some(all)
        }
        _ => None,
    }
}

pub(super) fn pred_keywords(p: &Pred, ty: &Type) -> Option<Map<String, Value>> {
    Some(match (p, ty) {
        (Pred::Len(cmp, n), Type::String) => bounds(*cmp, *n, "minLength", "maxLength")?,
        (Pred::Matches(pattern), Type::String) => kw(&[("pattern", json!(pattern.as_str()))]),
        (Pred::Eq(value), _) => kw(&[("enum", json!([openapi_literal(value, ty)?]))]),
        (Pred::In(values), _) => {
            let values = values
                .iter()
                .map(|v| openapi_literal(v, ty))
                .collect::<Option<Vec<_>>>()?;
            kw(&[("enum", Value::Array(values))])
        }
        (Pred::Compare(cmp, value), Type::Int { .. } | Type::Float) => {
            let value = openapi_literal(value, ty)?;
            match cmp {
                Cmp::Lt => kw(&[("maximum", value), ("exclusiveMaximum", json!(true))]),
                Cmp::Le => kw(&[("maximum", value)]),
                Cmp::Eq => kw(&[("enum", json!([value]))]),
                Cmp::Ge => kw(&[("minimum", value)]),
                Cmp::Gt => kw(&[("minimum", value), ("exclusiveMinimum", json!(true))]),
            }
        }
        (Pred::Count(cmp, n), Type::List(_)) => bounds(*cmp, *n, "minItems", "maxItems")?,
        (Pred::Count(cmp, n), Type::Map(..)) => bounds(*cmp, *n, "minProperties", "maxProperties")?,
        // A set list holds each scalar once; the API server refuses duplicates.
        (Pred::Unique, Type::List(item)) if scalar(&item.ty) => {
            kw(&[("x-kubernetes-list-type", json!("set"))])
        }
        _ => return None,
    })
}

pub(super) fn scalar(ty: &Type) -> bool {
    !matches!(ty, Type::Message(_) | Type::List(_) | Type::Map(..))
}

/// `count cmp n` as inclusive bounds (`None` for `< 0`, which nothing meets: CEL says it).
pub(super) fn bounds(cmp: Cmp, n: u64, min: &str, max: &str) -> Option<Map<String, Value>> {
    Some(match cmp {
        Cmp::Lt => kw(&[(max, json!(n.checked_sub(1)?))]),
        Cmp::Le => kw(&[(max, json!(n))]),
        Cmp::Eq => kw(&[(min, json!(n)), (max, json!(n))]),
        Cmp::Ge => kw(&[(min, json!(n))]),
        Cmp::Gt => kw(&[(min, json!(n.checked_add(1)?))]),
    })
}

/// A literal as the XR holds it: enum values by name, numbers as the field's type.
pub(super) fn openapi_literal(value: &Literal, ty: &Type) -> Option<Value> {
    Some(match value {
        Literal::Bool(b) => json!(b),
        Literal::Int(i) if matches!(ty, Type::Float) => json!(*i as f64),
        Literal::Int(i) => number(*i),
        Literal::Float(f) if f.is_finite() => json!(f),
        Literal::Float(_) => return None,
        Literal::Str(s) => json!(s),
        Literal::Enum(e) => json!(e.name.as_ref()?),
    })
}
