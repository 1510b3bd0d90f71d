//! `planton-gen explain KIND[.field.path]`: what a field is — its type, spellings, whether a
//! manifest needs it, its rules and its proto comment — like `kubectl explain`, read from the
//! same constraint model that feeds the generated schemas.

use crate::constraints::{self, FieldShape, MessageShape, Model, Printed, Type, Untranslated};
use crate::error::{Error, Result};
use crate::schema::Schema;
use std::fmt::Write as _;

/// The explanation of `target` (`CloudflareKvNamespace`, `CloudflareKvNamespace.spec`,
/// `CloudflareKvNamespace.spec.namespaceName`).
pub fn explain(schema: &Schema, target: &str) -> Result<String> {
    let (kind_name, path) = match target.split_once('.') {
        Some((kind, path)) => (kind, path),
        None => (target, ""),
    };
    let kind = crate::interface::find_kind(schema, Some(kind_name), Default::default())?;
    let model = constraints::build(&kind.message)?;
    let mut out = String::new();
    let _ = writeln!(out, "KIND:     {}", kind.display());
    let root = model
        .root()
        .ok_or_else(|| Error::Schema(format!("no model of {}", kind.name)))?;
    if path.is_empty() {
        describe_message(&mut out, &model, root);
        return Ok(out);
    }
    let mut message = root;
    let mut walked: Vec<&str> = Vec::new();
    let steps: Vec<&str> = path.split('.').collect();
    for (i, step) in steps.iter().enumerate() {
        let field = find_field(message, step).ok_or_else(|| {
            let known: Vec<&str> = message.fields.iter().map(|f| f.name.as_str()).collect();
            let at = if walked.is_empty() {
                kind.name.clone()
            } else {
                walked.join(".")
            };
            Error::Usage(format!(
                "{at} has no field `{step}`; its fields: {}",
                known.join(", ")
            ))
        })?;
        walked.push(&field.name);
        if i + 1 == steps.len() {
            describe_field(&mut out, &model, &walked.join("."), field);
            return Ok(out);
        }
        message = element_message(&model, &field.ty).ok_or_else(|| {
            Error::Usage(format!(
                "{} is of type {}, which has no fields",
                walked.join("."),
                type_name(&field.ty)
            ))
        })?;
    }
    Ok(out)
}

fn find_field<'a>(message: &'a MessageShape, name: &str) -> Option<&'a FieldShape> {
    message
        .fields
        .iter()
        .find(|f| f.name == name || f.json_name == name)
}

/// The message a field holds, or holds items or values of.
fn element_message<'a>(model: &'a Model, ty: &Type) -> Option<&'a MessageShape> {
    match ty {
        Type::Message(name) => model.message(name),
        Type::List(item) => element_message(model, &item.ty),
        Type::Map(_, value) => element_message(model, &value.ty),
        _ => None,
    }
}

fn type_name(ty: &Type) -> String {
    match ty {
        Type::Bool => "bool".into(),
        Type::String => "string".into(),
        Type::Bytes => "bytes".into(),
        Type::Int { bits, signed } => format!("{}int{bits}", if *signed { "" } else { "u" }),
        Type::Float => "number".into(),
        Type::Enum(shape) => format!("enum {}", short(&shape.full_name)),
        Type::Message(name) => format!("object {}", short(name)),
        Type::List(item) => format!("list of {}", type_name(&item.ty)),
        Type::Map(key, value) => {
            format!("map of {} to {}", type_name(&key.ty), type_name(&value.ty))
        }
    }
}

fn short(full_name: &str) -> &str {
    full_name.rsplit('.').next().unwrap_or(full_name)
}

fn describe_message(out: &mut String, model: &Model, message: &MessageShape) {
    let _ = writeln!(out, "TYPE:     object {}", message.full_name);
    rules(
        out,
        &message.rules.printed_rules(),
        &message.rules.untranslated(),
    );
    description(out, message.comment.as_deref());
    fields(out, message);
    let _ = model;
}

fn describe_field(out: &mut String, model: &Model, path: &str, field: &FieldShape) {
    let _ = writeln!(out, "FIELD:    {path}");
    if field.json_name != field.name {
        let _ = writeln!(out, "SPELLING: {} or {}", field.name, field.json_name);
    }
    let _ = writeln!(out, "TYPE:     {}", type_name(&field.ty));
    if let Type::Enum(shape) = &field.ty {
        let values: Vec<String> = shape
            .values
            .iter()
            .map(|(name, number)| format!("{name} ({number})"))
            .collect();
        let _ = writeln!(out, "VALUES:   {}", values.join(", "));
    }
    let _ = writeln!(
        out,
        "REQUIRED: {}",
        if field.must_be_present {
            "yes, a manifest without it is invalid"
        } else {
            "no"
        }
    );
    if let Some((kind, path)) = &field.refers_to {
        let _ = writeln!(out, "REFERS:   {}", refers(model, &field.ty, kind, path));
    }
    rules(
        out,
        &field.rules.printed_rules(),
        &field.rules.untranslated(),
    );
    for (what, element) in elements(&field.ty) {
        if !element.rules.printed_rules().is_empty() || !element.rules.untranslated().is_empty() {
            let _ = writeln!(out, "RULES OF EACH {what}:");
            rule_lines(
                out,
                &element.rules.printed_rules(),
                &element.rules.untranslated(),
            );
        }
    }
    description(out, field.comment.as_deref());
    if let Some(message) = element_message(model, &field.ty) {
        fields(out, message);
    }
}

/// What a field carrying `default_kind` holds: references written one way or another, or
/// (a plain value) the referenced value itself.
fn refers(model: &Model, ty: &Type, kind: &str, path: &str) -> String {
    let reading = if path.is_empty() {
        String::new()
    } else {
        format!(", reading its {path}")
    };
    let found = "looked for in the run, else its value in --outputs";
    let holds_ref = |name: &str| {
        name == crate::references::VALUE_FROM_REF
            || model.message(name).is_some_and(|m| {
                m.fields.iter().any(|f| {
                    matches!(&f.ty, Type::Message(inner) if inner == crate::references::VALUE_FROM_REF)
                })
            })
    };
    match ty {
        Type::List(element) => match &element.ty {
            Type::Message(name) if name == crate::references::VALUE_FROM_REF => format!(
                "each entry names a {kind} by metadata.name (`- name: …`){reading}; {found}"
            ),
            _ => format!("a {kind}{reading}"),
        },
        Type::Message(name) if name == crate::references::VALUE_FROM_REF => {
            format!("a {kind} by metadata.name (`name: …`){reading}; {found}")
        }
        Type::Message(name) if holds_ref(name) => format!(
            "a {kind} by metadata.name (`value_from: {{name: …}}`){reading}, or the value \
             itself (`value: …`); {found}"
        ),
        _ => format!(
            "holds a {kind}'s {path} itself: the schema marks the field as that value, but a \
             plain value cannot name a manifest, so nothing is resolved"
        ),
    }
}

fn elements(ty: &Type) -> Vec<(&'static str, &constraints::Element)> {
    match ty {
        Type::List(item) => vec![("ITEM", item.as_ref())],
        Type::Map(key, value) => vec![("KEY", key.as_ref()), ("VALUE", value.as_ref())],
        _ => Vec::new(),
    }
}

fn rules(out: &mut String, checks: &[Printed], untranslated: &[Untranslated]) {
    if checks.is_empty() && untranslated.is_empty() {
        return;
    }
    let _ = writeln!(out, "RULES:");
    rule_lines(out, checks, untranslated);
}

fn rule_lines(out: &mut String, checks: &[Printed], untranslated: &[Untranslated]) {
    let width = checks
        .iter()
        .map(|c| c.rule.len())
        .chain(untranslated.iter().map(|u| u.rule.len()))
        .max()
        .unwrap_or(0);
    for check in checks {
        let _ = writeln!(out, "  {:width$}  {}", check.rule, check.message);
    }
    for rule in untranslated {
        let _ = writeln!(
            out,
            "  {:width$}  enforced by validate only: {}",
            rule.rule, rule.reason
        );
    }
}

fn description(out: &mut String, comment: Option<&str>) {
    if let Some(comment) = comment {
        let _ = writeln!(out, "DESCRIPTION:");
        for line in wrap(comment, 76) {
            let _ = writeln!(out, "  {line}");
        }
    }
}

fn fields(out: &mut String, message: &MessageShape) {
    if message.fields.is_empty() {
        return;
    }
    let _ = writeln!(out, "FIELDS:");
    let rows: Vec<(String, String)> = message
        .fields
        .iter()
        .map(|f| {
            let required = if f.must_be_present { ", required" } else { "" };
            (f.name.clone(), format!("<{}{required}>", type_name(&f.ty)))
        })
        .collect();
    let width = rows.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    for ((name, ty), field) in rows.iter().zip(&message.fields) {
        let _ = writeln!(out, "  {name:width$}  {ty}");
        if let Some(first) = field.comment.as_deref().map(first_sentence) {
            let _ = writeln!(out, "  {:width$}    {first}", "");
        }
    }
}

fn first_sentence(text: &str) -> &str {
    match text.find(". ") {
        Some(end) => &text[..=end],
        None => text,
    }
}

/// `text` in lines of at most `width` characters, broken at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}
