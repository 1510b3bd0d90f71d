//! A compiled rule: the one form of a buf.validate rule. The validator evaluates it on a
//! value; every platform formatter prints it, or lists it as a rule only `validate` enforces.
//! A rule's id and the words of its message are written once, where it is compiled.

use super::evaluate::Subject;
use super::formats::Format;
use super::{Expr, Printed, Untranslated};
use crate::validate::cel::{CelRule, Verdict};
use cel::Value as CelValue;
use prost_reflect::Value;
use std::fmt;
use std::sync::Arc;

/// The id of buf.validate's `required` rule (a field, an element, a oneof).
pub const REQUIRED: &str = "required";
pub const REQUIRED_MESSAGE: &str = "is required";

#[derive(Debug, Clone)]
pub struct Rule {
    /// The rule id violations carry (`string.max_len`, `required`, a CEL rule's id).
    pub id: String,
    /// What a value must be, as a sentence tail (`must be at most 64 characters`).
    pub message: String,
    pub test: Test,
    /// The `required` rule of a value without presence ("not the zero value"): the validator
    /// judges it by presence before any other rule, platforms print it like any other.
    pub presence: bool,
}

#[derive(Debug, Clone)]
pub enum Test {
    /// A predicate evaluated here and printed by every platform; `report` says what a
    /// violation adds to the message.
    Expr { expr: Expr, report: Report },
    /// A CEL program, evaluated by the interpreter as protovalidate does; printed where the
    /// expression falls within the translatable subset (else why not).
    Cel {
        program: Arc<CelRule>,
        printed: Result<Expr, String>,
    },
    /// A test evaluated here that no platform can be given, and why.
    Opaque { test: Opaque, reason: &'static str },
}

/// What a violation's message says beyond the rule's own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    /// The rule's words alone.
    Plain,
    /// `…, got N`.
    Got(Measure),
    /// `N is not a defined value`: an enum number, instead of the rule's words.
    Undefined,
}

/// What of a value a violation quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Length in Unicode code points.
    Chars,
    /// Length in bytes.
    Bytes,
    /// Items of a list, entries of a map.
    Count,
    /// The number itself.
    Value,
}

/// Tests of a value that only the validator can carry out.
#[derive(Debug, Clone)]
pub enum Opaque {
    /// Not an infinity or NaN.
    Finite,
    /// A well-known string format. With `empty_rule`, the empty string breaks the rule
    /// `<id>_empty` instead, as protovalidate reports it.
    Format {
        format: Format,
        empty_rule: bool,
    },
    BytesEq(Vec<u8>),
    BytesMatch(Pattern),
    BytesPrefix(Vec<u8>),
    BytesSuffix(Vec<u8>),
    BytesContains(Vec<u8>),
    BytesIn(Vec<Vec<u8>>),
    BytesNotIn(Vec<Vec<u8>>),
    /// A well-known bytes format, by the lengths it may have (an IPv4 address is 4 bytes,
    /// an IPv6 address or a UUID 16). Empty bytes break `<id>_empty` instead.
    BytesLengths(Vec<usize>),
    /// A rule on a well-known message value (a Duration, Timestamp, Any or FieldMask).
    Message(super::message_rules::MessageTest),
}

/// One broken rule: its id and the violation's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub rule: String,
    pub message: String,
}

impl Rule {
    /// A rule whose predicate every platform prints, reported in its own words.
    pub fn printable(id: impl Into<String>, message: impl Into<String>, expr: Expr) -> Self {
        Rule {
            id: id.into(),
            message: message.into(),
            test: Test::Expr {
                expr,
                report: Report::Plain,
            },
            presence: false,
        }
    }

    /// The rule as platforms print it, when they can.
    pub fn printed(&self) -> Option<Printed> {
        let expr = match &self.test {
            Test::Expr { expr, .. } => expr,
            Test::Cel {
                printed: Ok(expr), ..
            } => expr,
            Test::Cel { .. } | Test::Opaque { .. } => return None,
        };
        Some(Printed {
            rule: self.id.clone(),
            message: self.message.clone(),
            expr: expr.clone(),
        })
    }

    /// Why no platform prints the rule, when none does.
    pub fn unprinted(&self) -> Option<Untranslated> {
        let reason = match &self.test {
            Test::Expr { .. } | Test::Cel { printed: Ok(_), .. } => return None,
            Test::Cel {
                program,
                printed: Err(reason),
            } => format!("CEL `{}`: {reason}", program.expression),
            Test::Opaque { reason, .. } => (*reason).to_owned(),
        };
        Some(Untranslated {
            rule: self.id.clone(),
            reason,
        })
    }

    /// `expr` becomes "`zero`, or `expr`" wherever the rule is printed: buf.validate's
    /// `ignore: IGNORE_IF_ZERO_VALUE`.
    pub(super) fn unless(&mut self, zero: &Expr) {
        let expr = match &mut self.test {
            Test::Expr { expr, .. } => expr,
            Test::Cel {
                printed: Ok(expr), ..
            } => expr,
            Test::Cel { .. } | Test::Opaque { .. } => return,
        };
        *expr = Expr::Or(vec![zero.clone(), expr.clone()]);
    }

    /// Evaluates the rule. `cel_this` caches the subject as CEL sees it, shared by the
    /// subject's CEL rules.
    pub fn evaluate(&self, subject: Subject, cel_this: &mut Option<CelValue>) -> Option<Broken> {
        let broken = |message: String| {
            Some(Broken {
                rule: self.id.clone(),
                message,
            })
        };
        match &self.test {
            Test::Expr { expr, report } => {
                if expr.holds(subject) {
                    None
                } else {
                    broken(report.message(&self.message, subject))
                }
            }
            Test::Cel { program, .. } => {
                let this = cel_this
                    .get_or_insert_with(|| subject.cel(program.env()))
                    .clone();
                match program.evaluate(this) {
                    Verdict::Pass => None,
                    Verdict::Fail(message) | Verdict::Error(message) => broken(message),
                }
            }
            Test::Opaque { test, .. } => {
                let Subject::Value(value) = subject else {
                    return None;
                };
                match test.judge(value) {
                    Judgement::Holds => None,
                    Judgement::Fails => broken(self.message.clone()),
                    Judgement::Empty => Some(Broken {
                        rule: format!("{}_empty", self.id),
                        message: match test {
                            Opaque::BytesLengths(_) => format!("{}, got no bytes", self.message),
                            _ => format!("{}, got an empty string", self.message),
                        },
                    }),
                }
            }
        }
    }
}

impl Report {
    fn message(self, words: &str, subject: Subject) -> String {
        let Subject::Value(value) = subject else {
            return words.to_owned();
        };
        let got = match self {
            Report::Plain => return words.to_owned(),
            Report::Undefined => {
                let number = value.as_enum_number().unwrap_or_default();
                return format!("{number} is not a defined value");
            }
            Report::Got(measure) => measure.of(value),
        };
        format!("{words}, got {got}")
    }
}

impl Measure {
    fn of(self, value: &Value) -> String {
        match (self, value) {
            (Measure::Chars, Value::String(text)) => text.chars().count().to_string(),
            (Measure::Bytes, Value::String(text)) => text.len().to_string(),
            (Measure::Bytes, Value::Bytes(bytes)) => bytes.len().to_string(),
            (Measure::Count, Value::List(items)) => items.len().to_string(),
            (Measure::Count, Value::Map(entries)) => entries.len().to_string(),
            (Measure::Value, Value::F32(v)) => f64::from(*v).to_string(),
            (Measure::Value, Value::F64(v)) => v.to_string(),
            (_, other) => {
                super::evaluate::integer(other).map_or_else(String::new, |i| i.to_string())
            }
        }
    }
}

enum Judgement {
    Holds,
    Fails,
    /// An empty string where a format has a rule of its own for it.
    Empty,
}

impl Opaque {
    fn judge(&self, value: &Value) -> Judgement {
        let holds = match (self, value) {
            (Opaque::Finite, Value::F32(v)) => v.is_finite(),
            (Opaque::Finite, Value::F64(v)) => v.is_finite(),
            (Opaque::Format { format, empty_rule }, Value::String(text)) => {
                if text.is_empty() && *empty_rule {
                    return Judgement::Empty;
                }
                format.admits(text)
            }
            (Opaque::BytesEq(expected), Value::Bytes(b)) => b.as_ref() == expected.as_slice(),
            (Opaque::BytesMatch(pattern), Value::Bytes(b)) => {
                std::str::from_utf8(b).is_ok_and(|text| pattern.is_match(text))
            }
            (Opaque::BytesPrefix(prefix), Value::Bytes(b)) => b.starts_with(prefix),
            (Opaque::BytesSuffix(suffix), Value::Bytes(b)) => b.ends_with(suffix),
            (Opaque::BytesContains(needle), Value::Bytes(b)) => {
                needle.is_empty() || b.windows(needle.len()).any(|w| w == needle.as_slice())
            }
            (Opaque::BytesIn(allowed), Value::Bytes(b)) => {
                allowed.iter().any(|a| a.as_slice() == b.as_ref())
            }
            (Opaque::BytesNotIn(denied), Value::Bytes(b)) => {
                !denied.iter().any(|d| d.as_slice() == b.as_ref())
            }
            (Opaque::BytesLengths(lengths), Value::Bytes(b)) => {
                if b.is_empty() {
                    return Judgement::Empty;
                }
                lengths.contains(&b.len())
            }
            (Opaque::Message(test), value) => test.holds(value),
            // A test of another type's values has nothing to say about this one.
            _ => true,
        };
        if holds {
            Judgement::Holds
        } else {
            Judgement::Fails
        }
    }
}

/// A regular expression (RE2 syntax, as buf.validate specifies), compiled once; compared
/// and printed as its source.
#[derive(Clone)]
pub struct Pattern {
    regex: regex::Regex,
}

impl Pattern {
    pub fn new(source: &str) -> Result<Self, regex::Error> {
        Ok(Pattern {
            regex: regex::Regex::new(source)?,
        })
    }

    pub fn as_str(&self) -> &str {
        self.regex.as_str()
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.regex.is_match(text)
    }
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The rules of one value (a field, a list item, a map key or value, a message), in the
/// order buf.validate lists them, and notes on what a schema of one manifest cannot check.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    /// Checks that are not rules of the value (uniqueness across a run, oneof groups).
    pub notes: Vec<Untranslated>,
}

impl RuleSet {
    /// The rules platforms print.
    pub fn printed_rules(&self) -> Vec<Printed> {
        self.rules.iter().filter_map(Rule::printed).collect()
    }

    /// What platforms cannot print: rules, then notes.
    pub fn untranslated(&self) -> Vec<Untranslated> {
        let mut all: Vec<Untranslated> = self.rules.iter().filter_map(Rule::unprinted).collect();
        all.extend(self.notes.iter().cloned());
        all
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty() && self.notes.is_empty()
    }
}
