//! JSON Schema (2020-12) for manifests, as an editor sees them: one `$defs` entry per message,
//! both field-name spellings accepted (never both at once), `null` wherever the proto JSON
//! mapping reads it as "unset", and each translated rule as the keyword that says the same.
//! A rule JSON Schema cannot say is named in the field's `$comment`.

use super::{Cmp, Expr, FieldShape, Literal, MessageShape, Model, Pred, Printed, Type};
use crate::schema::Kind;
use serde_json::{json, Map, Value};

const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The schema of manifests of each of `models`' kinds: a `$ref` for one kind, `oneOf` for
/// several (their `kind` constants keep the branches apart).
pub fn document(models: &[(&Kind, Model)]) -> Value {
    let mut defs = Map::new();
    for (_, model) in models {
        for message in model.messages.values() {
            defs.entry(message.full_name.clone())
                .or_insert_with(|| message_schema(message));
        }
    }
    let reference = |model: &Model| json!({ "$ref": format!("#/$defs/{}", model.root) });
    let mut root = Map::new();
    root.insert("$schema".into(), json!(DIALECT));
    match models {
        [(kind, model)] => {
            root.insert("title".into(), json!(kind.display()));
            if let Some(comment) = model.root().and_then(|m| m.comment.clone()) {
                root.insert("description".into(), json!(comment));
            }
            root.insert("$ref".into(), reference(model)["$ref"].clone());
        }
        _ => {
            let titles: Vec<String> = models.iter().map(|(k, _)| k.display()).collect();
            root.insert("title".into(), json!(titles.join(", ")));
            let branches: Vec<Value> = models.iter().map(|(_, m)| reference(m)).collect();
            root.insert("oneOf".into(), Value::Array(branches));
        }
    }
    root.insert("$defs".into(), Value::Object(defs));
    Value::Object(root)
}

fn message_schema(message: &MessageShape) -> Value {
    let mut properties = Map::new();
    let mut all_of = Vec::new();
    for field in &message.fields {
        let schema = field_schema(field);
        let spellings = field.spellings();
        for spelling in &spellings {
            properties.insert((*spelling).to_owned(), schema.clone());
        }
        if spellings.len() > 1 {
            all_of.push(json!({ "not": { "required": spellings } }));
        }
        if field.must_be_present {
            all_of.push(any_present(&spellings));
        }
    }
    let mut comments = Vec::new();
    for check in &message.rules.printed_rules() {
        match message_check(message, &check.expr) {
            Some(schema) => all_of.push(schema),
            None => comments.push(check.rule.clone()),
        }
    }
    comments.extend(message.rules.untranslated().iter().map(|u| u.rule.clone()));
    let mut schema = Map::new();
    schema.insert("type".into(), json!("object"));
    if let Some(comment) = &message.comment {
        schema.insert("description".into(), json!(comment));
    }
    schema.insert("properties".into(), Value::Object(properties));
    schema.insert("additionalProperties".into(), json!(false));
    if !all_of.is_empty() {
        schema.insert("allOf".into(), Value::Array(all_of));
    }
    if !comments.is_empty() {
        schema.insert("$comment".into(), json!(not_expressed(&comments)));
    }
    Value::Object(schema)
}

fn not_expressed(rules: &[String]) -> String {
    format!(
        "rules planton-gen validate enforces that this schema does not express: {}",
        rules.join(", ")
    )
}

fn any_present(spellings: &[&str]) -> Value {
    match spellings {
        [one] => json!({ "required": [one] }),
        _ => {
            let branches: Vec<Value> = spellings
                .iter()
                .map(|s| json!({ "required": [s] }))
                .collect();
            json!({ "anyOf": branches })
        }
    }
}

/// A field's schema: its value's, and `null` too unless a manifest needs the field (the proto
/// JSON mapping reads `null` as "unset").
fn field_schema(field: &FieldShape) -> Value {
    let (value, unexpressed) = value_schema(&field.ty, &field.rules.printed_rules());
    let mut comments: Vec<String> = unexpressed;
    comments.extend(field.rules.untranslated().iter().map(|u| u.rule.clone()));
    let mut schema = if field.must_be_present {
        value
    } else {
        json!({ "anyOf": [{ "type": "null" }, value] })
    };
    if let Value::Object(map) = &mut schema {
        if let Some(comment) = &field.comment {
            map.insert("description".into(), json!(comment));
        }
        if !comments.is_empty() {
            map.insert("$comment".into(), json!(not_expressed(&comments)));
        }
    }
    schema
}

/// The schema of a present value of `ty` meeting `checks`, and the rules it could not say.
fn value_schema(ty: &Type, checks: &[Printed]) -> (Value, Vec<String>) {
    let mut all_of = vec![type_schema(ty)];
    let mut unexpressed = Vec::new();
    for check in checks {
        match expr(&check.expr, ty) {
            Some(schema) => all_of.push(schema),
            None => unexpressed.push(check.rule.clone()),
        }
    }
    (merge(all_of), unexpressed)
}

/// One schema meaning "all of `parts`": keywords side by side where no two parts share one
/// (`{"type": "string", "maxLength": 64}`), else an `allOf`.
fn merge(mut parts: Vec<Value>) -> Value {
    if parts.len() == 1 {
        return parts.remove(0);
    }
    let mut merged = Map::new();
    for part in &parts {
        let Value::Object(map) = part else {
            return json!({ "allOf": parts });
        };
        if map.keys().any(|k| merged.contains_key(k)) {
            return json!({ "allOf": parts });
        }
        merged.extend(map.clone());
    }
    Value::Object(merged)
}

fn type_schema(ty: &Type) -> Value {
    match ty {
        Type::Bool => json!({ "type": "boolean" }),
        Type::String => json!({ "type": "string" }),
        Type::Bytes => json!({ "type": "string", "contentEncoding": "base64" }),
        Type::Int { bits, .. } => {
            let (min, max) = ty.int_range().unwrap_or((0, 0));
            let number =
                json!({ "type": "integer", "minimum": number(min), "maximum": number(max) });
            if *bits == 64 {
                // The proto JSON mapping writes 64-bit integers as strings.
                json!({ "anyOf": [number, { "type": "string", "pattern": "^-?[0-9]+$" }] })
            } else {
                number
            }
        }
        Type::Float => json!({ "type": "number" }),
        Type::Enum(shape) => {
            let names: Vec<&str> = shape.values.iter().map(|(n, _)| n.as_str()).collect();
            json!({ "anyOf": [
                { "enum": names },
                { "type": "integer", "minimum": i32::MIN, "maximum": i32::MAX }
            ] })
        }
        Type::Message(name) => json!({ "$ref": format!("#/$defs/{name}") }),
        Type::List(item) => {
            let (items, _) = value_schema(&item.ty, &item.rules.printed_rules());
            json!({ "type": "array", "items": items })
        }
        Type::Map(key, value) => {
            let (values, _) = value_schema(&value.ty, &value.rules.printed_rules());
            let keys = match key.ty {
                Type::String => value_schema(&key.ty, &key.rules.printed_rules()).0,
                Type::Bool => json!({ "enum": ["true", "false"] }),
                _ => json!({ "pattern": "^-?[0-9]+$" }),
            };
            json!({ "type": "object", "propertyNames": keys, "additionalProperties": values })
        }
    }
}

fn number(value: i128) -> Value {
    match i64::try_from(value) {
        Ok(v) => json!(v),
        Err(_) => match u64::try_from(value) {
            Ok(v) => json!(v),
            Err(_) => json!(value as f64),
        },
    }
}

fn literal(value: &Literal) -> Vec<Value> {
    match value {
        Literal::Bool(b) => vec![json!(b)],
        Literal::Int(i) => vec![number(*i)],
        Literal::Float(f) => vec![json!(f)],
        Literal::Str(s) => vec![json!(s)],
        // A manifest may spell an enum value by name or by number.
        Literal::Enum(e) => match &e.name {
            Some(name) => vec![json!(name), json!(e.number)],
            None => vec![json!(e.number)],
        },
    }
}

/// The schema saying `expr` of a value of `ty`; `None` when JSON Schema cannot say it.
fn expr(e: &Expr, ty: &Type) -> Option<Value> {
    match e {
        Expr::Pred(path, p) if path.is_empty() => pred(p, ty),
        Expr::Pred(..) => None,
        Expr::And(items) => {
            Some(json!({ "allOf": items.iter().map(|i| expr(i, ty)).collect::<Option<Vec<_>>>()? }))
        }
        Expr::Or(items) if items.is_empty() => Some(json!(false)),
        Expr::Or(items) => {
            Some(json!({ "anyOf": items.iter().map(|i| expr(i, ty)).collect::<Option<Vec<_>>>()? }))
        }
        Expr::Not(inner) if **inner == Expr::this(Pred::Eq(Literal::Str(String::new()))) => {
            Some(json!({ "minLength": 1 }))
        }
        Expr::Not(inner) => Some(json!({ "not": expr(inner, ty)? })),
    }
}

fn pred(p: &Pred, ty: &Type) -> Option<Value> {
    Some(match p {
        Pred::Len(cmp, n) => bounds(*cmp, *n, "minLength", "maxLength"),
        Pred::Bytes(..) | Pred::Present => return None,
        Pred::Matches(pattern) => json!({ "pattern": pattern.as_str() }),
        Pred::Eq(value) => json!({ "enum": literal(value) }),
        Pred::In(values) => json!({ "enum": values.iter().flat_map(literal).collect::<Vec<_>>() }),
        Pred::Compare(cmp, value) => {
            let [value] = literal(value).try_into().ok()?;
            match cmp {
                Cmp::Lt => json!({ "exclusiveMaximum": value }),
                Cmp::Le => json!({ "maximum": value }),
                Cmp::Eq => json!({ "const": value }),
                Cmp::Ge => json!({ "minimum": value }),
                Cmp::Gt => json!({ "exclusiveMinimum": value }),
            }
        }
        Pred::Count(cmp, n) => match ty {
            Type::List(_) => bounds(*cmp, *n, "minItems", "maxItems"),
            Type::Map(..) => bounds(*cmp, *n, "minProperties", "maxProperties"),
            _ => return None,
        },
        Pred::Unique => json!({ "uniqueItems": true }),
    })
}

/// `count cmp n` as a pair of inclusive bounds.
fn bounds(cmp: Cmp, n: u64, min: &str, max: &str) -> Value {
    let mut schema = Map::new();
    match cmp {
        Cmp::Lt if n == 0 => return json!(false),
        Cmp::Lt => {
            schema.insert(max.into(), json!(n - 1));
        }
        Cmp::Le => {
            schema.insert(max.into(), json!(n));
        }
        Cmp::Eq => {
            schema.insert(min.into(), json!(n));
            schema.insert(max.into(), json!(n));
        }
        Cmp::Ge => {
            schema.insert(min.into(), json!(n));
        }
        Cmp::Gt => {
            schema.insert(min.into(), json!(n + 1));
        }
    }
    Value::Object(schema)
}

/// A message-level rule about one field (`this.f op literal`, `has(this.f)`), said of every
/// spelling, with the field's zero value standing in when it is absent.
fn message_check(message: &MessageShape, e: &Expr) -> Option<Value> {
    match e {
        Expr::Pred(path, p) => {
            let [name] = path.as_slice() else { return None };
            let field = message.fields.iter().find(|f| &f.name == name)?;
            let spellings = field.spellings();
            let absent = json!({ "not": any_present(&spellings) });
            let mut branches = Vec::new();
            let holds_when_absent = match p {
                Pred::Present => false,
                _ => field
                    .ty
                    .zero()
                    .and_then(|zero| p.holds_for_zero(&zero))
                    .unwrap_or(false),
            };
            if holds_when_absent {
                branches.push(absent);
            }
            for spelling in spellings {
                let value = match p {
                    Pred::Present => json!({ "not": { "type": "null" } }),
                    _ => pred(p, &field.ty)?,
                };
                branches.push(json!({ "required": [spelling], "properties": { spelling: value } }));
            }
            Some(json!({ "anyOf": branches }))
        }
        Expr::And(items) => Some(
            json!({ "allOf": items.iter().map(|i| message_check(message, i)).collect::<Option<Vec<_>>>()? }),
        ),
        Expr::Or(items) if items.is_empty() => Some(json!(false)),
        Expr::Or(items) => Some(
            json!({ "anyOf": items.iter().map(|i| message_check(message, i)).collect::<Option<Vec<_>>>()? }),
        ),
        Expr::Not(inner) => Some(json!({ "not": message_check(message, inner)? })),
    }
}
