//! CEL rules: compiled once, evaluated with protovalidate's variables — `this` (the field's
//! value or the message), `rules` (the field's type-specific rules) — and judged the way
//! protovalidate judges them: `true` or an empty string passes, `false` or a non-empty
//! string is a violation.

use crate::error::{Error, Result};
use crate::rules::buf_validate::Rule;
use cel::objects::{Key, Map};
use cel::{Context, Env, Program, Value as CelValue};
use prost_reflect::{DynamicMessage, MapKey, ReflectMessage, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// The CEL environment shared by every rule of a run.
pub struct CelEnv {
    env: Arc<Env>,
}

impl Default for CelEnv {
    fn default() -> Self {
        Self {
            env: Arc::new(Env::stdlib()),
        }
    }
}

pub struct CelRule {
    pub id: String,
    pub message: String,
    pub expression: String,
    program: Program,
    rules: Option<CelValue>,
    env: Arc<Env>,
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
    pub fn compile(&self, rule: Rule, owner: &str) -> Result<CelRule> {
        let expression = rule.expression.unwrap_or_default();
        let program = self.env.compile(&expression).map_err(|e| {
            Error::Schema(format!(
                "{owner}: CEL rule `{}` does not parse: {e}",
                rule.id.as_deref().unwrap_or("")
            ))
        })?;
        Ok(CelRule {
            id: rule.id.unwrap_or_default(),
            message: rule.message.unwrap_or_default(),
            expression,
            program,
            rules: None,
            env: self.env.clone(),
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
}

impl CelRule {
    /// Runs the program with `this` bound to the value or message the rule is about.
    pub fn evaluate(&self, this: CelValue) -> Verdict {
        let mut context = Context::with_env(self.env.clone());
        context.add_variable_from_value("this", this);
        if let Some(rules) = &self.rules {
            context.add_variable_from_value("rules", rules.clone());
        }
        match self.program.execute(&context) {
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
}

/// A message as CEL sees it: a map from proto field names to values. Scalars, lists and
/// maps are always present (with their zero value when unset); message fields only when set,
/// so `has(this.spec)` tells whether a manifest wrote it.
pub fn message_value(message: &DynamicMessage) -> CelValue {
    let mut fields: HashMap<Key, CelValue> = HashMap::new();
    for field in message.descriptor().fields() {
        let is_message = field.kind().as_message().is_some() && !field.is_list() && !field.is_map();
        if (is_message || field.containing_oneof().is_some()) && !message.has_field(&field) {
            continue;
        }
        let value = message.get_field(&field);
        fields.insert(
            Key::String(Arc::new(field.name().to_owned())),
            value_of(&value),
        );
    }
    CelValue::Map(Map {
        map: Arc::new(fields),
    })
}

/// A field value as a CEL value.
pub fn value_of(value: &Value) -> CelValue {
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
        Value::Message(m) => message_value(m),
        Value::List(items) => CelValue::List(Arc::new(items.iter().map(value_of).collect())),
        Value::Map(entries) => {
            let map: HashMap<Key, CelValue> = entries
                .iter()
                .map(|(k, v)| (key_of(k), value_of(v)))
                .collect();
            CelValue::Map(Map { map: Arc::new(map) })
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(expression: &str) -> CelRule {
        CelEnv::default()
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
}
