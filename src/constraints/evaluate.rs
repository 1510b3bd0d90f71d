//! Evaluating the model's predicates on a manifest's values, as buf.validate defines them:
//! lengths in code points or bytes, RE2 matches anywhere in the text, numbers compared
//! exactly (integers as i128, floats as f64, NaN failing every comparison).

use super::{Cmp, Expr, Literal, Pred};
use crate::validate::cel::CelEnv;
use cel::Value as CelValue;
use prost_reflect::{DynamicMessage, ReflectMessage, Value};

/// What a rule is about: one value, or a whole message (message-level rules).
#[derive(Clone, Copy)]
pub enum Subject<'a> {
    Value(&'a Value),
    Message(&'a DynamicMessage),
}

impl Subject<'_> {
    /// The subject as CEL's `this`.
    pub fn cel(self, env: &CelEnv) -> CelValue {
        match self {
            Subject::Value(value) => env.value(value),
            Subject::Message(message) => env.message(message),
        }
    }
}

impl Expr {
    pub fn holds(&self, subject: Subject) -> bool {
        match self {
            Expr::Pred(path, pred) => match (path.split_last(), subject) {
                (None, Subject::Value(value)) => pred.holds(value),
                (None, Subject::Message(_)) => false,
                (Some((last, parents)), subject) => at_path(subject, parents, last, pred),
            },
            Expr::And(items) => items.iter().all(|e| e.holds(subject)),
            Expr::Or(items) => items.iter().any(|e| e.holds(subject)),
            Expr::Not(inner) => !inner.holds(subject),
        }
    }
}

/// `pred` of the field `last` of the message at `parents` below `subject`. An unset message
/// on the way reads as its default, as in CEL; `Present` asks whether `last` is set.
fn at_path(subject: Subject, parents: &[String], last: &str, pred: &Pred) -> bool {
    let mut message = match subject {
        Subject::Message(message) => message.clone(),
        Subject::Value(Value::Message(message)) => message.clone(),
        Subject::Value(_) => return false,
    };
    for name in parents {
        let Some(field) = message.descriptor().get_field_by_name(name) else {
            return false;
        };
        message = match message.get_field(&field).as_message() {
            Some(inner) => inner.clone(),
            None => return false,
        };
    }
    let Some(field) = message.descriptor().get_field_by_name(last) else {
        return false;
    };
    match pred {
        Pred::Present => message.has_field(&field),
        pred => pred.holds(&message.get_field(&field)),
    }
}

impl Pred {
    pub fn holds(&self, value: &Value) -> bool {
        match self {
            Pred::Len(cmp, n) => match value {
                Value::String(text) => cmp.holds(text.chars().count() as u64, *n),
                _ => true,
            },
            Pred::Bytes(cmp, n) => match value {
                Value::String(text) => cmp.holds(text.len() as u64, *n),
                Value::Bytes(bytes) => cmp.holds(bytes.len() as u64, *n),
                _ => true,
            },
            Pred::Matches(pattern) => value.as_str().is_none_or(|text| pattern.is_match(text)),
            Pred::Eq(literal) => equals(value, literal),
            Pred::In(literals) => literals.iter().any(|l| equals(value, l)),
            Pred::Compare(cmp, literal) => compare(value, *cmp, literal),
            Pred::Count(cmp, n) => match value {
                Value::List(items) => cmp.holds(items.len() as u64, *n),
                Value::Map(entries) => cmp.holds(entries.len() as u64, *n),
                _ => true,
            },
            Pred::Unique => match value {
                Value::List(items) => items
                    .iter()
                    .enumerate()
                    .all(|(i, item)| !items[..i].contains(item)),
                _ => true,
            },
            // Presence is a question about a field of a message (see `at_path`).
            Pred::Present => true,
        }
    }
}

/// An integer value (or enum number) as i128.
pub(super) fn integer(value: &Value) -> Option<i128> {
    Some(match value {
        Value::I32(v) => (*v).into(),
        Value::I64(v) => (*v).into(),
        Value::U32(v) => (*v).into(),
        Value::U64(v) => (*v).into(),
        Value::EnumNumber(v) => (*v).into(),
        _ => return None,
    })
}

fn float(value: &Value) -> Option<f64> {
    match value {
        Value::F32(v) => Some((*v).into()),
        Value::F64(v) => Some(*v),
        _ => None,
    }
}

fn equals(value: &Value, literal: &Literal) -> bool {
    match (value, literal) {
        (Value::Bool(a), Literal::Bool(b)) => a == b,
        (Value::String(a), Literal::Str(b)) => a == b,
        (value, Literal::Enum(e)) => integer(value) == Some(e.number.into()),
        (value, Literal::Int(i)) => match float(value) {
            Some(f) => f == *i as f64,
            None => integer(value) == Some(*i),
        },
        (value, Literal::Float(x)) => match float(value) {
            Some(f) => f == *x,
            None => integer(value).is_some_and(|i| i as f64 == *x),
        },
        _ => false,
    }
}

fn compare(value: &Value, cmp: Cmp, literal: &Literal) -> bool {
    match (float(value), literal) {
        (Some(f), Literal::Float(x)) => cmp.holds(f, *x),
        (Some(f), Literal::Int(i)) => cmp.holds(f, *i as f64),
        (None, Literal::Int(i)) => integer(value).is_some_and(|v| cmp.holds(v, *i)),
        (None, Literal::Float(x)) => integer(value).is_some_and(|v| cmp.holds(v as f64, *x)),
        _ => false,
    }
}
