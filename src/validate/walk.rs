//! Walking a message and evaluating its kind's model: `required` and `ignore` as protovalidate
//! defines them, each value's compiled rules, elements of lists and maps, oneof groups, and
//! descent into nested messages. What a rule means lives in `constraints`; this is the order
//! of the walk only.

use crate::constraints::{
    Element, FieldShape, MessageShape, Model, RuleSet, Subject, Type, REQUIRED, REQUIRED_MESSAGE,
};
use crate::field_path::{FieldPath, Segment};
use crate::rules::Ignore;
use prost_reflect::{
    DynamicMessage, FieldDescriptor, Kind as FieldKind, MapKey, ReflectMessage, Value,
};

/// One broken rule, before it is located in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub path: FieldPath,
    pub rule: String,
    pub message: String,
}

pub struct Walker<'a> {
    pub model: &'a Model,
    pub findings: Vec<Finding>,
}

impl Walker<'_> {
    fn report(&mut self, path: &FieldPath, rule: impl Into<String>, message: impl Into<String>) {
        self.findings.push(Finding {
            path: path.clone(),
            rule: rule.into(),
            message: message.into(),
        });
    }

    pub fn message(&mut self, message: &DynamicMessage, path: &FieldPath) {
        let descriptor = message.descriptor();
        let Some(shape) = self.model.message(descriptor.full_name()) else {
            return;
        };
        for (field, field_shape) in descriptor.fields().zip(&shape.fields) {
            if field_shape.ignore == Ignore::Always {
                continue;
            }
            let set = message.has_field(&field);
            // Most fields of most messages have no rules and are unset: nothing to do, and
            // no path to build for them.
            if !set && !field_shape.constrains_unset() {
                continue;
            }
            let field_path = path.field(field.name());
            if !set {
                self.unset_field(field_shape, &field, &field_path);
                continue;
            }
            let value = message.get_field(&field);
            // A set field is judged even at its zero value: with presence, protovalidate's
            // IGNORE_IF_ZERO_VALUE ignores only an unset field; without, zero is unset.
            let kind = field.kind();
            self.value(
                &field_shape.rules,
                &field_shape.ty,
                &value,
                &kind,
                &field_path,
            );
            // Nested messages are validated by their own rules whenever they are set.
            match &*value {
                Value::Message(inner) => self.message(inner, &field_path),
                Value::List(items) => {
                    for (i, item) in items.iter().enumerate() {
                        if let Value::Message(inner) = item {
                            self.message(inner, &field_path.index(i));
                        }
                    }
                }
                Value::Map(entries) => {
                    for (key, value) in sorted(entries) {
                        if let Value::Message(inner) = value {
                            self.message(inner, &field_path.child(key_segment(key)));
                        }
                    }
                }
                _ => {}
            }
        }
        self.groups(message, shape, path);
        self.rules(&shape.rules, Subject::Message(message), path);
    }

    /// An unset field: `required` breaks, a field with presence or ignored when zero has
    /// nothing to check, and any other (a proto3 scalar, list or map) is judged by its zero
    /// value.
    fn unset_field(&mut self, shape: &FieldShape, field: &FieldDescriptor, path: &FieldPath) {
        if shape.required {
            self.report(path, REQUIRED, REQUIRED_MESSAGE);
        } else if !field.supports_presence() && shape.ignore != Ignore::IfZeroValue {
            let kind = field.kind();
            let zero = Value::default_value_for_field(field);
            self.value(&shape.rules, &shape.ty, &zero, &kind, path);
        }
    }

    /// A value's own rules, then those of its items, keys and values.
    fn value(
        &mut self,
        rules: &RuleSet,
        ty: &Type,
        value: &Value,
        kind: &FieldKind,
        path: &FieldPath,
    ) {
        self.rules(rules, Subject::Value(value), path);
        match (ty, value, kind) {
            (Type::List(item), Value::List(items), _) if item.is_constrained() => {
                for (i, value) in items.iter().enumerate() {
                    self.element(item, value, kind, &path.index(i));
                }
            }
            (Type::Map(key, val), Value::Map(entries), FieldKind::Message(entry))
                if key.is_constrained() || val.is_constrained() =>
            {
                let key_kind = entry.map_entry_key_field().kind();
                let value_kind = entry.map_entry_value_field().kind();
                for (k, v) in sorted(entries) {
                    let entry_path = path.child(key_segment(k));
                    self.element(key, &Value::from(k.clone()), &key_kind, &entry_path);
                    self.element(val, v, &value_kind, &entry_path);
                }
            }
            _ => {}
        }
    }

    /// Rules on an element: a list item, a map key or value.
    fn element(&mut self, element: &Element, value: &Value, kind: &FieldKind, path: &FieldPath) {
        if element.ignore == Ignore::Always || !element.is_constrained() {
            return;
        }
        if is_zero(value, kind) {
            if element.required {
                self.report(path, REQUIRED, REQUIRED_MESSAGE);
                return;
            }
            if element.ignore == Ignore::IfZeroValue {
                return;
            }
        }
        self.value(&element.rules, &element.ty, value, kind, path);
    }

    /// Every rule of `rules` but `required`, which presence decides before.
    fn rules(&mut self, rules: &RuleSet, subject: Subject, path: &FieldPath) {
        let mut cel_this = None;
        for rule in rules.rules.iter().filter(|r| !r.presence) {
            if let Some(broken) = rule.evaluate(subject, &mut cel_this) {
                self.report(path, broken.rule, broken.message);
            }
        }
    }

    fn groups(&mut self, message: &DynamicMessage, shape: &MessageShape, path: &FieldPath) {
        let descriptor = message.descriptor();
        for group in &shape.groups {
            let set = group
                .fields
                .iter()
                .filter(|name| {
                    descriptor
                        .get_field_by_name(name)
                        .is_some_and(|f| message.has_field(&f))
                })
                .count();
            let broken = match (set, &group.too_many, &group.missing) {
                (2.., Some(message), _) | (0, _, Some(message)) => message,
                _ => continue,
            };
            let at = match &group.oneof {
                Some(name) => path.child(Segment::Oneof(name.clone())),
                None => path.clone(),
            };
            self.report(&at, group.rule.clone(), broken.clone());
        }
    }
}

/// Map entries by key, so violations come out in the same order on every run.
fn sorted(entries: &std::collections::HashMap<MapKey, Value>) -> Vec<(&MapKey, &Value)> {
    let mut sorted: Vec<_> = entries.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    sorted
}

fn is_zero(value: &Value, kind: &FieldKind) -> bool {
    match value {
        Value::Message(_) => false,
        other => *other == Value::default_value(kind),
    }
}

fn key_segment(key: &MapKey) -> Segment {
    match key {
        MapKey::String(text) => Segment::StringKey(text.clone()),
        MapKey::Bool(v) => Segment::OtherKey(v.to_string()),
        MapKey::I32(v) => Segment::OtherKey(v.to_string()),
        MapKey::I64(v) => Segment::OtherKey(v.to_string()),
        MapKey::U32(v) => Segment::OtherKey(v.to_string()),
        MapKey::U64(v) => Segment::OtherKey(v.to_string()),
    }
}
