//! The neutral constraint model: a kind's message tree with every buf.validate rule turned
//! into a predicate that no platform owns. One translation (`build`, `cel_subset`) feeds every
//! platform; each platform module (`json_schema`, `terraform`, `kubernetes`) only formats it,
//! and lists by rule id what it could not express, so no rule is ever dropped silently.

mod build;
mod cel_subset;
mod compile;
mod evaluate;
pub(crate) mod formats;
pub mod json_schema;
pub mod kubernetes;
mod message_rules;
mod numbers;
mod rule;
mod scalar_rules;
pub mod terraform;

pub use build::build;
pub use evaluate::Subject;
pub use rule::{Measure, Opaque, Pattern, Report, Rule, RuleSet, Test, REQUIRED, REQUIRED_MESSAGE};

use crate::rules::Ignore;
use std::collections::BTreeMap;

/// A kind's messages, reachable from its root, by full name.
#[derive(Debug, Clone)]
pub struct Model {
    pub root: String,
    pub messages: BTreeMap<String, MessageShape>,
}

impl Model {
    pub fn message(&self, full_name: &str) -> Option<&MessageShape> {
        self.messages.get(full_name)
    }

    pub fn root(&self) -> Option<&MessageShape> {
        self.message(&self.root)
    }
}

#[derive(Debug, Clone)]
pub struct MessageShape {
    pub full_name: String,
    pub comment: Option<String>,
    pub fields: Vec<FieldShape>,
    /// Message-level rules (CEL); their printed predicates name fields by path.
    pub rules: RuleSet,
    /// "At most / exactly one of these fields": required oneofs, then
    /// `(buf.validate.message).oneof` groups.
    pub groups: Vec<Group>,
}

/// Fields of a message of which at most one may be set, and perhaps one must be.
#[derive(Debug, Clone)]
pub struct Group {
    pub rule: String,
    /// The oneof's name, when the group is a proto oneof (violations are located at it).
    pub oneof: Option<String>,
    pub fields: Vec<String>,
    /// The message when more than one is set (`None`: a proto oneof cannot).
    pub too_many: Option<String>,
    /// The message when none is set (`None`: none is allowed).
    pub missing: Option<String>,
}

#[derive(Debug, Clone)]
pub struct FieldShape {
    /// The proto name (`namespace_name`).
    pub name: String,
    /// The JSON name (`namespaceName`); manifests may use either.
    pub json_name: String,
    pub comment: Option<String>,
    pub ty: Type,
    /// Messages and `optional` scalars: absent is not the same as zero, and rules apply only
    /// to a value that is there.
    pub explicit_presence: bool,
    /// A manifest without the field (or, for a field without explicit presence, with its zero
    /// value) breaks a rule: `required`, or a rule the zero value fails.
    pub must_be_present: bool,
    /// buf.validate's `required`.
    pub required: bool,
    pub ignore: Ignore,
    /// Rules on the value, effective as buf.validate applies them: `required` of a field
    /// without presence is here as "not the zero value", and `ignore: IGNORE_IF_ZERO_VALUE`
    /// is folded into what platforms print as "zero, or …".
    pub rules: RuleSet,
    /// `(planton_gen.options.example)`: the value `init` writes, as YAML.
    pub example: Option<String>,
    /// For a field holding references: the kind and the path they read when they name
    /// none (`default_kind`, `default_kind_field_path` of foreign_key.proto).
    pub refers_to: Option<(String, String)>,
}

impl FieldShape {
    /// Whether an unset field can break a rule or hide rules below it.
    pub fn constrains_unset(&self) -> bool {
        self.required || !self.rules.rules.is_empty()
    }

    /// Whether manifests may spell the field two ways.
    pub fn spellings(&self) -> Vec<&str> {
        if self.json_name == self.name {
            vec![self.name.as_str()]
        } else {
            vec![self.name.as_str(), self.json_name.as_str()]
        }
    }
}

/// The type of a field, or of the items, keys or values of a repeated or map field.
#[derive(Debug, Clone)]
pub enum Type {
    Bool,
    String,
    Bytes,
    Int { bits: u8, signed: bool },
    Float,
    Enum(EnumShape),
    Message(String),
    List(Box<Element>),
    Map(Box<Element>, Box<Element>),
}

impl Type {
    /// The value an unset field without presence has.
    pub fn zero(&self) -> Option<Literal> {
        Some(match self {
            Type::Bool => Literal::Bool(false),
            Type::String | Type::Bytes => Literal::Str(String::new()),
            Type::Int { .. } => Literal::Int(0),
            Type::Float => Literal::Float(0.0),
            Type::Enum(shape) => Literal::Enum(shape.literal(0)),
            Type::Message(_) | Type::List(_) | Type::Map(..) => return None,
        })
    }

    /// The smallest and largest value of an integer type.
    pub fn int_range(&self) -> Option<(i128, i128)> {
        match self {
            Type::Int { bits, signed } => Some(if *signed {
                (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
            } else {
                (0, (1i128 << bits) - 1)
            }),
            Type::Enum(_) => Some((i32::MIN.into(), i32::MAX.into())),
            _ => None,
        }
    }
}

/// A list item, map key or map value.
#[derive(Debug, Clone)]
pub struct Element {
    pub ty: Type,
    pub required: bool,
    pub ignore: Ignore,
    pub rules: RuleSet,
}

impl Element {
    /// An element without rules.
    pub fn plain(ty: Type) -> Self {
        Element {
            ty,
            required: false,
            ignore: Ignore::Unspecified,
            rules: RuleSet::default(),
        }
    }

    pub fn is_constrained(&self) -> bool {
        self.required || self.ignore != Ignore::Unspecified || !self.rules.rules.is_empty()
    }
}

#[derive(Debug, Clone)]
pub struct EnumShape {
    pub full_name: String,
    /// (name, number) in declaration order.
    pub values: Vec<(String, i32)>,
}

impl EnumShape {
    pub fn of(descriptor: &prost_reflect::EnumDescriptor) -> Self {
        EnumShape {
            full_name: descriptor.full_name().to_owned(),
            values: descriptor
                .values()
                .map(|v| (v.name().to_owned(), v.number()))
                .collect(),
        }
    }

    pub fn literal(&self, number: i32) -> EnumLiteral {
        EnumLiteral {
            number,
            name: self
                .values
                .iter()
                .find(|(_, n)| *n == number)
                .map(|(name, _)| name.clone()),
        }
    }
}

/// One rule as platforms print it: a predicate every formatter understands.
#[derive(Debug, Clone)]
pub struct Printed {
    /// The rule id violations carry (`string.max_len`, `required`, a CEL rule's id).
    pub rule: String,
    /// What a value must be, as a sentence tail (`must be at most 64 characters`).
    pub message: String,
    pub expr: Expr,
}

/// A rule no platform can be given, kept so every formatter can list it.
#[derive(Debug, Clone)]
pub struct Untranslated {
    pub rule: String,
    pub reason: String,
}

/// A condition on a value (`this`), or on fields of a message value.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `pred` holds for the value at `path` below `this` (empty: `this` itself).
    Pred(Vec<String>, Pred),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
}

impl Expr {
    pub fn this(pred: Pred) -> Self {
        Expr::Pred(Vec::new(), pred)
    }

    pub fn negate(expr: Expr) -> Self {
        Expr::Not(Box::new(expr))
    }

    /// Whether the zero value `zero` satisfies the condition, where that can be told
    /// without the platform (`None` for conditions on fields of a message).
    pub fn holds_for_zero(&self, zero: &Literal) -> Option<bool> {
        match self {
            Expr::Pred(path, pred) if path.is_empty() => pred.holds_for_zero(zero),
            Expr::Pred(..) => None,
            Expr::And(items) => items.iter().try_fold(true, |all, e| {
                e.holds_for_zero(zero).map(|holds| all && holds)
            }),
            Expr::Or(items) => items.iter().try_fold(false, |any, e| {
                e.holds_for_zero(zero).map(|holds| any || holds)
            }),
            Expr::Not(inner) => inner.holds_for_zero(zero).map(|holds| !holds),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Lt,
    Le,
    Eq,
    Ge,
    Gt,
}

impl Cmp {
    pub fn holds<T: PartialOrd>(self, left: T, right: T) -> bool {
        match self {
            Cmp::Lt => left < right,
            Cmp::Le => left <= right,
            Cmp::Eq => left == right,
            Cmp::Ge => left >= right,
            Cmp::Gt => left > right,
        }
    }

    /// The operator in C-like languages (CEL, HCL).
    pub fn symbol(self) -> &'static str {
        match self {
            Cmp::Lt => "<",
            Cmp::Le => "<=",
            Cmp::Eq => "==",
            Cmp::Ge => ">=",
            Cmp::Gt => ">",
        }
    }

    /// `size op n` with the operands swapped (`n op size`).
    pub fn flipped(self) -> Self {
        match self {
            Cmp::Lt => Cmp::Gt,
            Cmp::Le => Cmp::Ge,
            Cmp::Eq => Cmp::Eq,
            Cmp::Ge => Cmp::Le,
            Cmp::Gt => Cmp::Lt,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Pred {
    /// Length of a string in Unicode code points.
    Len(Cmp, u64),
    /// Length of a string in UTF-8 bytes, or of a bytes value.
    Bytes(Cmp, u64),
    /// An RE2 pattern found somewhere in the string (not anchored).
    Matches(Pattern),
    Eq(Literal),
    In(Vec<Literal>),
    /// A number compared with a literal.
    Compare(Cmp, Literal),
    /// Number of items of a list or entries of a map.
    Count(Cmp, u64),
    /// No two items of a list are equal.
    Unique,
    /// The field at the path is set (CEL `has()`).
    Present,
}

impl Pred {
    /// Whether the zero value `zero` satisfies the predicate (`None`: cannot tell).
    pub fn holds_for_zero(&self, zero: &Literal) -> Option<bool> {
        Some(match self {
            Pred::Len(cmp, n) | Pred::Bytes(cmp, n) | Pred::Count(cmp, n) => cmp.holds(0, *n),
            Pred::Matches(pattern) => pattern.is_match(""),
            Pred::Eq(literal) => literal.same(zero),
            Pred::In(literals) => literals.iter().any(|l| l.same(zero)),
            Pred::Compare(cmp, literal) => match (zero, literal) {
                (Literal::Int(a), Literal::Int(b)) => cmp.holds(a, b),
                (Literal::Float(a), Literal::Float(b)) => cmp.holds(a, b),
                (Literal::Float(a), Literal::Int(b)) => cmp.holds(*a, *b as f64),
                (Literal::Int(a), Literal::Float(b)) => cmp.holds(*a as f64, *b),
                _ => return None,
            },
            Pred::Unique => true,
            Pred::Present => false,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Enum(EnumLiteral),
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumLiteral {
    pub number: i32,
    /// `None` for a number the enum does not define.
    pub name: Option<String>,
}

impl Literal {
    /// Equality as the proto value sees it (an enum by number, numbers across int/float).
    pub fn same(&self, other: &Literal) -> bool {
        match (self, other) {
            (Literal::Enum(a), Literal::Enum(b)) => a.number == b.number,
            (Literal::Enum(a), Literal::Int(b)) | (Literal::Int(b), Literal::Enum(a)) => {
                i128::from(a.number) == *b
            }
            (Literal::Int(a), Literal::Float(b)) | (Literal::Float(b), Literal::Int(a)) => {
                *a as f64 == *b
            }
            _ => self == other,
        }
    }
}

impl std::fmt::Display for Literal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Literal::Bool(b) => write!(f, "{b}"),
            Literal::Int(i) => write!(f, "{i}"),
            Literal::Float(x) => write!(f, "{x}"),
            Literal::Str(s) => write!(f, "{s:?}"),
            Literal::Enum(e) => match &e.name {
                Some(name) => write!(f, "{name}"),
                None => write!(f, "{}", e.number),
            },
        }
    }
}
