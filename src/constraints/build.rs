//! From descriptors to the model: each message's fields with their types and compiled
//! rules (see `compile`), elements of lists and maps with theirs, message-level CEL rules and
//! oneof groups. The validator evaluates exactly this model, so every platform sees the rules
//! `validate` enforces.

use super::compile::{cel_rule, Compiled, Compiler, Shape};
use super::rule::REQUIRED_MESSAGE;
use super::{
    Cmp, Element, EnumShape, Expr, FieldShape, Group, Literal, MessageShape, Model, Pred, Rule,
    RuleSet, Type, Untranslated, REQUIRED,
};
use crate::diagnostics::ids;
use crate::error::{Error, Result};
use crate::rules::{self, Ignore};
use crate::validate::cel::CelEnv;
use prost_reflect::{FieldDescriptor, Kind as FieldKind, MessageDescriptor};
use std::collections::BTreeMap;

/// The model of `message` and every message reachable from it.
pub fn build(message: &MessageDescriptor) -> Result<Model> {
    let cel = CelEnv::new()?;
    let mut messages = BTreeMap::new();
    let mut pending = vec![message.clone()];
    while let Some(message) = pending.pop() {
        if messages.contains_key(message.full_name()) {
            continue;
        }
        let shape = message_shape(&message, &cel, &mut pending)?;
        messages.insert(message.full_name().to_owned(), shape);
    }
    Ok(Model {
        root: message.full_name().to_owned(),
        messages,
    })
}

fn message_shape(
    message: &MessageDescriptor,
    cel: &CelEnv,
    pending: &mut Vec<MessageDescriptor>,
) -> Result<MessageShape> {
    let mut fields = Vec::new();
    for field in message.fields() {
        fields.push(field_shape(&field, cel, pending)?);
    }
    let options = rules::message_rules(message).unwrap_or_default();
    let this = Type::Message(message.full_name().to_owned());
    let mut message_rules = RuleSet::default();
    for option in &options.cel {
        let program = cel.compile(option.clone(), message.full_name())?;
        message_rules.rules.push(cel_rule(program, &this));
    }
    for expression in &options.cel_expression {
        let program = cel.compile_expression(expression.clone(), message.full_name())?;
        message_rules.rules.push(cel_rule(program, &this));
    }
    let groups = groups(message, &options.oneof)?;
    if !groups.is_empty() {
        message_rules.notes.push(Untranslated {
            rule: format!("{REQUIRED} / {}", MESSAGE_ONEOF),
            reason: "oneof rules are not translated yet".into(),
        });
    }
    let file = message.parent_file();
    Ok(MessageShape {
        full_name: message.full_name().to_owned(),
        comment: comment(&file, message.path()),
        fields,
        rules: message_rules,
        groups,
    })
}

/// The id of `(buf.validate.message).oneof` violations.
const MESSAGE_ONEOF: &str = "message.oneof";

/// Required oneofs, then `(buf.validate.message).oneof` groups.
fn groups(
    message: &MessageDescriptor,
    field_groups: &[crate::rules::buf_validate::MessageOneofRule],
) -> Result<Vec<Group>> {
    let mut groups = Vec::new();
    for oneof in message.oneofs().filter(|oneof| !oneof.is_synthetic()) {
        if !rules::oneof_rules(&oneof).is_some_and(|r| r.required()) {
            continue;
        }
        let fields: Vec<String> = oneof.fields().map(|f| f.name().to_owned()).collect();
        groups.push(Group {
            rule: REQUIRED.into(),
            oneof: Some(oneof.name().to_owned()),
            missing: Some(format!("exactly one of {} is required", fields.join(", "))),
            too_many: None,
            fields,
        });
    }
    for group in field_groups {
        if let Some(name) = group
            .fields
            .iter()
            .find(|name| message.get_field_by_name(name).is_none())
        {
            return Err(Error::Schema(format!(
                "{}: (buf.validate.message).oneof names unknown field `{name}`",
                message.full_name()
            )));
        }
        let names = group.fields.join(", ");
        groups.push(Group {
            rule: MESSAGE_ONEOF.into(),
            oneof: None,
            fields: group.fields.clone(),
            too_many: Some(format!("only one of {names} may be set")),
            missing: group
                .required
                .unwrap_or(false)
                .then(|| format!("one of {names} is required")),
        });
    }
    Ok(groups)
}

fn field_shape(
    field: &FieldDescriptor,
    cel: &CelEnv,
    pending: &mut Vec<MessageDescriptor>,
) -> Result<FieldShape> {
    let compiled = match rules::field_rules(field) {
        Some(options) => Some(Compiler { field, cel }.field(options)?),
        None => None,
    };
    let explicit_presence = field.supports_presence();
    let (ty, own) = field_type(field, compiled, pending);
    let (required, ignore, mut rule_set) = own;
    if ignore != Ignore::Always {
        if required && !explicit_presence {
            rule_set.rules.insert(0, not_zero(&ty));
        }
        // With presence, IGNORE_IF_ZERO_VALUE ignores only an unset field (as protovalidate
        // does), which every platform already lets through.
        if ignore == Ignore::IfZeroValue && !explicit_presence {
            if let Some(zero) = is_zero(&ty) {
                for rule in rule_set.rules.iter_mut().filter(|r| !r.presence) {
                    rule.unless(&zero);
                }
            }
        }
    }
    if rules::unique_in_run(field) {
        rule_set.notes.push(Untranslated {
            rule: ids::RUN_UNIQUE.into(),
            reason: "unique among the manifests of one run; a schema sees one manifest at a time"
                .into(),
        });
    }
    let zero_fails = |check: &super::Printed| match &ty {
        Type::List(_) | Type::Map(..) => check.expr.holds_for_zero(&Literal::Int(0)) == Some(false),
        _ => ty
            .zero()
            .is_some_and(|zero| check.expr.holds_for_zero(&zero) == Some(false)),
    };
    let must_be_present =
        required || (!explicit_presence && rule_set.printed_rules().iter().any(zero_fails));
    let file = field.parent_message().parent_file();
    Ok(FieldShape {
        name: field.name().to_owned(),
        json_name: field.json_name().to_owned(),
        comment: comment(&file, field.path()),
        ty,
        explicit_presence,
        must_be_present,
        required,
        ignore,
        rules: rule_set,
        example: crate::rules::example(field),
        refers_to: crate::rules::default_kind(field).map(|kind| {
            let path = crate::rules::default_kind_field_path(field).unwrap_or_default();
            (kind, path)
        }),
    })
}

/// `this` is the zero value of `ty`.
fn is_zero(ty: &Type) -> Option<Expr> {
    match ty {
        Type::List(_) | Type::Map(..) => Some(Expr::this(Pred::Count(Cmp::Eq, 0))),
        _ => ty.zero().map(|zero| Expr::this(Pred::Eq(zero))),
    }
}

/// buf.validate's `required` on a value without presence: not the zero value.
fn not_zero(ty: &Type) -> Rule {
    let expr = match ty {
        Type::List(_) | Type::Map(..) => Expr::this(Pred::Count(Cmp::Ge, 1)),
        _ => is_zero(ty).map_or(Expr::And(Vec::new()), Expr::negate),
    };
    Rule {
        presence: true,
        ..Rule::printable(REQUIRED, REQUIRED_MESSAGE, expr)
    }
}

/// What a field's own rules come to: `required`, `ignore`, the rules (none when ignored).
type Own = (bool, Ignore, RuleSet);

fn own(compiled: Option<&Compiled>) -> Own {
    match compiled {
        None => (false, Ignore::Unspecified, RuleSet::default()),
        Some(c) if c.ignore == Ignore::Always => (false, Ignore::Always, RuleSet::default()),
        Some(c) => (
            c.required,
            c.ignore,
            RuleSet {
                rules: c.rules.clone(),
                notes: Vec::new(),
            },
        ),
    }
}

/// The field's type, with the rules of its items, keys and values in it, and its own rules.
fn field_type(
    field: &FieldDescriptor,
    compiled: Option<Compiled>,
    pending: &mut Vec<MessageDescriptor>,
) -> (Type, Own) {
    let own_rules = own(compiled.as_ref());
    let (items, keys, values) = match compiled {
        Some(c) => (c.items, c.keys, c.values),
        None => (None, None, None),
    };
    let kind = field.kind();
    let ty = if field.is_map() {
        match &kind {
            FieldKind::Message(entry) => {
                let key = element(&entry.map_entry_key_field().kind(), keys, pending);
                let value = element(&entry.map_entry_value_field().kind(), values, pending);
                Type::Map(Box::new(key), Box::new(value))
            }
            _ => value_type(&kind),
        }
    } else if field.is_list() {
        Type::List(Box::new(element(&kind, items, pending)))
    } else {
        reach(&kind, pending);
        value_type(&kind)
    };
    (ty, own_rules)
}

fn element(
    kind: &FieldKind,
    compiled: Option<Box<Compiled>>,
    pending: &mut Vec<MessageDescriptor>,
) -> Element {
    reach(kind, pending);
    let ty = value_type(kind);
    let Some(compiled) = compiled else {
        return Element::plain(ty);
    };
    let (required, ignore, mut rule_set) = own(Some(&compiled));
    if ignore != Ignore::Always {
        if required {
            rule_set.rules.insert(0, not_zero(&ty));
        }
        if ignore == Ignore::IfZeroValue {
            if let Some(zero) = is_zero(&ty) {
                for rule in &mut rule_set.rules {
                    rule.unless(&zero);
                }
            }
        }
    }
    Element {
        ty,
        required,
        ignore,
        rules: rule_set,
    }
}

/// Queues a message type for its own shape.
fn reach(kind: &FieldKind, pending: &mut Vec<MessageDescriptor>) {
    if let FieldKind::Message(message) = kind {
        pending.push(message.clone());
    }
}

/// The type of one value of `kind`.
pub(super) fn value_type(kind: &FieldKind) -> Type {
    match kind {
        FieldKind::Bool => Type::Bool,
        FieldKind::String => Type::String,
        FieldKind::Bytes => Type::Bytes,
        FieldKind::Int32 | FieldKind::Sint32 | FieldKind::Sfixed32 => Type::Int {
            bits: 32,
            signed: true,
        },
        FieldKind::Int64 | FieldKind::Sint64 | FieldKind::Sfixed64 => Type::Int {
            bits: 64,
            signed: true,
        },
        FieldKind::Uint32 | FieldKind::Fixed32 => Type::Int {
            bits: 32,
            signed: false,
        },
        FieldKind::Uint64 | FieldKind::Fixed64 => Type::Int {
            bits: 64,
            signed: false,
        },
        FieldKind::Float | FieldKind::Double => Type::Float,
        FieldKind::Enum(descriptor) => Type::Enum(EnumShape::of(descriptor)),
        FieldKind::Message(message) => Type::Message(message.full_name().to_owned()),
    }
}

/// The type of a field of `kind` and `shape`, without rules (for translating its CEL).
pub(super) fn bare_type(kind: &FieldKind, shape: Shape) -> Type {
    match (shape, kind) {
        (Shape::Map, FieldKind::Message(entry)) => Type::Map(
            Box::new(Element::plain(value_type(
                &entry.map_entry_key_field().kind(),
            ))),
            Box::new(Element::plain(value_type(
                &entry.map_entry_value_field().kind(),
            ))),
        ),
        (Shape::List, kind) => Type::List(Box::new(Element::plain(value_type(kind)))),
        (_, kind) => value_type(kind),
    }
}

/// The leading comment of the declaration at `path` in `file`, trimmed, lines joined. The
/// built-in schema is decoded without comments; they come from its documented copy.
fn comment(file: &prost_reflect::FileDescriptor, path: &[i32]) -> Option<String> {
    let documented;
    let file = match file.file_descriptor_proto().source_code_info {
        Some(_) => file,
        None => {
            documented = crate::schema::documented_builtin_file(file.name())?;
            &documented
        }
    };
    let info = file.file_descriptor_proto().source_code_info.as_ref()?;
    let location = info.location.iter().find(|l| l.path == path)?;
    let text = location.leading_comments.as_deref()?;
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    (!lines.is_empty()).then(|| lines.join(" "))
}
