//! The numeric rules of all twelve numeric types, brought to one shape: integers as i128
//! (every int32..uint64 fits), floats as f64. Rule ids keep the type's name (`int32.gte`,
//! `double.gt_lt`), as protovalidate reports them.

use super::Literal;
use crate::rules::buf_validate::field_rules::Type as RuleType;
use prost_reflect::Kind as FieldKind;
use std::cmp::Ordering;

/// One bound of a range, exclusive (`gt`, `lt`) or inclusive (`gte`, `lte`).
#[derive(Clone, Debug)]
pub struct Bound {
    pub value: Literal,
    pub inclusive: bool,
}

#[derive(Clone, Debug)]
pub struct NumberRules {
    /// `int32`, `double`, ...: the prefix of every rule id.
    pub type_name: &'static str,
    pub constant: Option<Literal>,
    pub lower: Option<Bound>,
    pub upper: Option<Bound>,
    pub allowed: Vec<Literal>,
    pub denied: Vec<Literal>,
    pub finite: bool,
}

macro_rules! number_rules {
    ($rules:expr, $name:literal, $module:ident, $convert:expr) => {{
        use crate::rules::buf_validate::$module::{GreaterThan, LessThan};
        let rules = $rules;
        let convert = $convert;
        NumberRules {
            type_name: $name,
            constant: rules.r#const.map(convert),
            lower: rules.greater_than.map(|bound| match bound {
                GreaterThan::Gt(v) => Bound {
                    value: convert(v),
                    inclusive: false,
                },
                GreaterThan::Gte(v) => Bound {
                    value: convert(v),
                    inclusive: true,
                },
            }),
            upper: rules.less_than.map(|bound| match bound {
                LessThan::Lt(v) => Bound {
                    value: convert(v),
                    inclusive: false,
                },
                LessThan::Lte(v) => Bound {
                    value: convert(v),
                    inclusive: true,
                },
            }),
            allowed: rules.r#in.into_iter().map(convert).collect(),
            denied: rules.not_in.into_iter().map(convert).collect(),
            finite: false,
        }
    }};
}

fn int<T: Into<i128>>(v: T) -> Literal {
    Literal::Int(v.into())
}

fn float<T: Into<f64>>(v: T) -> Literal {
    Literal::Float(v.into())
}

impl NumberRules {
    /// The numeric rules in `rules` if they fit a field of `kind`.
    pub fn from_rules(rules: RuleType, kind: &FieldKind) -> Option<Self> {
        Some(match (rules, kind) {
            (RuleType::Float(r), FieldKind::Float) => {
                let finite = r.finite.unwrap_or(false);
                NumberRules {
                    finite,
                    ..number_rules!(r, "float", float_rules, float::<f32>)
                }
            }
            (RuleType::Double(r), FieldKind::Double) => {
                let finite = r.finite.unwrap_or(false);
                NumberRules {
                    finite,
                    ..number_rules!(r, "double", double_rules, float::<f64>)
                }
            }
            (RuleType::Int32(r), FieldKind::Int32) => {
                number_rules!(r, "int32", int32_rules, int::<i32>)
            }
            (RuleType::Int64(r), FieldKind::Int64) => {
                number_rules!(r, "int64", int64_rules, int::<i64>)
            }
            (RuleType::Uint32(r), FieldKind::Uint32) => {
                number_rules!(r, "uint32", u_int32_rules, int::<u32>)
            }
            (RuleType::Uint64(r), FieldKind::Uint64) => {
                number_rules!(r, "uint64", u_int64_rules, int::<u64>)
            }
            (RuleType::Sint32(r), FieldKind::Sint32) => {
                number_rules!(r, "sint32", s_int32_rules, int::<i32>)
            }
            (RuleType::Sint64(r), FieldKind::Sint64) => {
                number_rules!(r, "sint64", s_int64_rules, int::<i64>)
            }
            (RuleType::Fixed32(r), FieldKind::Fixed32) => {
                number_rules!(r, "fixed32", fixed32_rules, int::<u32>)
            }
            (RuleType::Fixed64(r), FieldKind::Fixed64) => {
                number_rules!(r, "fixed64", fixed64_rules, int::<u64>)
            }
            (RuleType::Sfixed32(r), FieldKind::Sfixed32) => {
                number_rules!(r, "sfixed32", s_fixed32_rules, int::<i32>)
            }
            (RuleType::Sfixed64(r), FieldKind::Sfixed64) => {
                number_rules!(r, "sfixed64", s_fixed64_rules, int::<i64>)
            }
            _ => return None,
        })
    }
}

/// The order of two numbers (`None` with NaN).
pub fn order(a: &Literal, b: &Literal) -> Option<Ordering> {
    match (a, b) {
        (Literal::Int(a), Literal::Int(b)) => a.partial_cmp(b),
        (Literal::Float(a), Literal::Float(b)) => a.partial_cmp(b),
        (Literal::Int(a), Literal::Float(b)) => (*a as f64).partial_cmp(b),
        (Literal::Float(a), Literal::Int(b)) => a.partial_cmp(&(*b as f64)),
        _ => None,
    }
}
