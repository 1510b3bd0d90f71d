//! The numeric rules of all twelve numeric types, brought to one shape: integers compared as
//! i128 (every int32..uint64 fits), floats as f64. Rule ids keep the type's name
//! (`int32.gte`, `double.gt_lt`), as protovalidate reports them.

use crate::rules::buf_validate::field_rules::Type;
use prost_reflect::{Kind, Value};
use std::cmp::Ordering;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    Int(i128),
    Float(f64),
}

impl Number {
    pub fn of(value: &Value) -> Option<Self> {
        Some(match value {
            Value::I32(v) => Number::Int((*v).into()),
            Value::I64(v) => Number::Int((*v).into()),
            Value::U32(v) => Number::Int((*v).into()),
            Value::U64(v) => Number::Int((*v).into()),
            Value::F32(v) => Number::Float((*v).into()),
            Value::F64(v) => Number::Float(*v),
            _ => return None,
        })
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        match (self, other) {
            (Number::Int(a), Number::Int(b)) => a.partial_cmp(b),
            (Number::Float(a), Number::Float(b)) => a.partial_cmp(b),
            // Int with Float never happens within one field; compare as floats anyway.
            (Number::Int(a), Number::Float(b)) => (*a as f64).partial_cmp(b),
            (Number::Float(a), Number::Int(b)) => a.partial_cmp(&(*b as f64)),
        }
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Int(v) => write!(f, "{v}"),
            Number::Float(v) => write!(f, "{v}"),
        }
    }
}

/// One bound of a range, exclusive (`gt`, `lt`) or inclusive (`gte`, `lte`).
#[derive(Clone, Copy, Debug)]
pub struct Bound {
    pub value: Number,
    pub inclusive: bool,
}

#[derive(Clone, Debug)]
pub struct NumberRules {
    /// `int32`, `double`, ...: the prefix of every rule id.
    pub type_name: &'static str,
    pub constant: Option<Number>,
    pub lower: Option<Bound>,
    pub upper: Option<Bound>,
    pub allowed: Vec<Number>,
    pub denied: Vec<Number>,
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

fn int<T: Into<i128>>(v: T) -> Number {
    Number::Int(v.into())
}

fn float<T: Into<f64>>(v: T) -> Number {
    Number::Float(v.into())
}

impl NumberRules {
    /// The numeric rules in `rules` if they fit a field of `kind`.
    pub fn from_rules(rules: Type, kind: &Kind) -> Option<Self> {
        Some(match (rules, kind) {
            (Type::Float(r), Kind::Float) => {
                let finite = r.finite.unwrap_or(false);
                NumberRules {
                    finite,
                    ..number_rules!(r, "float", float_rules, float::<f32>)
                }
            }
            (Type::Double(r), Kind::Double) => {
                let finite = r.finite.unwrap_or(false);
                NumberRules {
                    finite,
                    ..number_rules!(r, "double", double_rules, float::<f64>)
                }
            }
            (Type::Int32(r), Kind::Int32) => number_rules!(r, "int32", int32_rules, int::<i32>),
            (Type::Int64(r), Kind::Int64) => number_rules!(r, "int64", int64_rules, int::<i64>),
            (Type::Uint32(r), Kind::Uint32) => {
                number_rules!(r, "uint32", u_int32_rules, int::<u32>)
            }
            (Type::Uint64(r), Kind::Uint64) => {
                number_rules!(r, "uint64", u_int64_rules, int::<u64>)
            }
            (Type::Sint32(r), Kind::Sint32) => {
                number_rules!(r, "sint32", s_int32_rules, int::<i32>)
            }
            (Type::Sint64(r), Kind::Sint64) => {
                number_rules!(r, "sint64", s_int64_rules, int::<i64>)
            }
            (Type::Fixed32(r), Kind::Fixed32) => {
                number_rules!(r, "fixed32", fixed32_rules, int::<u32>)
            }
            (Type::Fixed64(r), Kind::Fixed64) => {
                number_rules!(r, "fixed64", fixed64_rules, int::<u64>)
            }
            (Type::Sfixed32(r), Kind::Sfixed32) => {
                number_rules!(r, "sfixed32", s_fixed32_rules, int::<i32>)
            }
            (Type::Sfixed64(r), Kind::Sfixed64) => {
                number_rules!(r, "sfixed64", s_fixed64_rules, int::<i64>)
            }
            _ => return None,
        })
    }

    /// Every rule `value` breaks, as (rule id, message).
    pub fn check(&self, value: Number) -> Vec<(String, String)> {
        let mut broken = Vec::new();
        let id = |rule: &str| format!("{}.{rule}", self.type_name);
        if let Some(constant) = self.constant {
            if value != constant {
                broken.push((id("const"), format!("must equal {constant}, got {value}")));
            }
        }
        if let Some((rule, message)) = self.check_range(value) {
            broken.push((id(&rule), message));
        }
        if !self.allowed.is_empty() && !self.allowed.contains(&value) {
            broken.push((
                id("in"),
                format!("must be one of {}, got {value}", list(&self.allowed)),
            ));
        }
        if self.denied.contains(&value) {
            broken.push((
                id("not_in"),
                format!("must not be one of {}", list(&self.denied)),
            ));
        }
        if self.finite {
            if let Number::Float(f) = value {
                if !f.is_finite() {
                    broken.push((id("finite"), "must be a finite number".into()));
                }
            }
        }
        broken
    }

    /// The range rule, named the way protovalidate names it: `gt`, `lte`, `gte_lt`, or
    /// `gt_lt_exclusive` when the upper bound lies below the lower one (a value must then be
    /// outside the gap).
    fn check_range(&self, value: Number) -> Option<(String, String)> {
        let above = |b: &Bound| {
            if b.inclusive {
                value >= b.value
            } else {
                value > b.value
            }
        };
        let below = |b: &Bound| {
            if b.inclusive {
                value <= b.value
            } else {
                value < b.value
            }
        };
        let lower_name = |b: &Bound| if b.inclusive { "gte" } else { "gt" };
        let upper_name = |b: &Bound| if b.inclusive { "lte" } else { "lt" };
        let lower_text = |b: &Bound| {
            if b.inclusive {
                format!("greater than or equal to {}", b.value)
            } else {
                format!("greater than {}", b.value)
            }
        };
        let upper_text = |b: &Bound| {
            if b.inclusive {
                format!("less than or equal to {}", b.value)
            } else {
                format!("less than {}", b.value)
            }
        };
        match (&self.lower, &self.upper) {
            (None, None) => None,
            (Some(lower), None) => (!above(lower)).then(|| {
                (
                    lower_name(lower).to_owned(),
                    format!("must be {}, got {value}", lower_text(lower)),
                )
            }),
            (None, Some(upper)) => (!below(upper)).then(|| {
                (
                    upper_name(upper).to_owned(),
                    format!("must be {}, got {value}", upper_text(upper)),
                )
            }),
            (Some(lower), Some(upper)) => {
                let name = format!("{}_{}", lower_name(lower), upper_name(upper));
                if upper.value >= lower.value {
                    (!(above(lower) && below(upper))).then(|| {
                        (
                            name,
                            format!(
                                "must be {} and {}, got {value}",
                                lower_text(lower),
                                upper_text(upper)
                            ),
                        )
                    })
                } else {
                    (!(above(lower) || below(upper))).then(|| {
                        (
                            format!("{name}_exclusive"),
                            format!(
                                "must be {} or {}, got {value}",
                                lower_text(lower),
                                upper_text(upper)
                            ),
                        )
                    })
                }
            }
        }
    }
}

fn list(numbers: &[Number]) -> String {
    let items: Vec<String> = numbers.iter().map(Number::to_string).collect();
    format!("[{}]", items.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(lower: Option<(i128, bool)>, upper: Option<(i128, bool)>) -> NumberRules {
        let bound = |(v, inclusive): (i128, bool)| Bound {
            value: Number::Int(v),
            inclusive,
        };
        NumberRules {
            type_name: "int32",
            constant: None,
            lower: lower.map(bound),
            upper: upper.map(bound),
            allowed: vec![],
            denied: vec![],
            finite: false,
        }
    }

    fn ids(rules: &NumberRules, v: i128) -> Vec<String> {
        rules
            .check(Number::Int(v))
            .into_iter()
            .map(|(id, _)| id)
            .collect()
    }

    #[test]
    fn range_rule_ids_follow_protovalidate() {
        let gte = rules(Some((0, true)), None);
        assert_eq!(ids(&gte, -1), ["int32.gte"]);
        assert!(ids(&gte, 0).is_empty());
        let range = rules(Some((0, false)), Some((10, false)));
        assert_eq!(ids(&range, 10), ["int32.gt_lt"]);
        assert!(ids(&range, 5).is_empty());
        let outside = rules(Some((10, true)), Some((0, true)));
        assert_eq!(ids(&outside, 5), ["int32.gte_lte_exclusive"]);
        assert!(ids(&outside, 11).is_empty());
        assert!(ids(&outside, -3).is_empty());
    }

    #[test]
    fn nan_fails_every_bound() {
        let mut r = rules(None, None);
        r.type_name = "double";
        r.lower = Some(Bound {
            value: Number::Float(0.0),
            inclusive: true,
        });
        let broken = r.check(Number::Float(f64::NAN));
        assert_eq!(broken[0].0, "double.gte");
    }
}
