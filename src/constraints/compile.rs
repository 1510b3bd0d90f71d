//! From a field's `(buf.validate.field)` options to rules: checks that each rule set fits the
//! field it is declared on, compiles patterns and CEL programs once, and refuses (as a schema
//! error) any rule planton-gen cannot enforce, so no rule is ever skipped silently.

use super::numbers::NumberRules;
use super::{cel_subset, message_rules, scalar_rules, EnumShape, Rule, Test, Type};
use crate::error::{Error, Result};
use crate::rules::buf_validate::field_rules::Type as RuleType;
use crate::rules::buf_validate::{MapRules, RepeatedRules};
use crate::rules::{self, FieldRules, Ignore};
use crate::validate::cel::CelEnv;
use prost_reflect::{FieldDescriptor, Kind as FieldKind};
use std::sync::Arc;

/// The rules of a field, or of the items, keys or values of a repeated or map field.
pub struct Compiled {
    pub required: bool,
    pub ignore: Ignore,
    /// Type-specific rules, then CEL rules, in declaration order.
    pub rules: Vec<Rule>,
    pub items: Option<Box<Compiled>>,
    pub keys: Option<Box<Compiled>>,
    pub values: Option<Box<Compiled>>,
}

/// Which part of a field a set of rules applies to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// The whole field, which is repeated.
    List,
    /// The whole field, which is a map.
    Map,
    /// One value: a singular field, a list item, a map key or value.
    Single,
}

impl Shape {
    pub fn of(field: &FieldDescriptor) -> Self {
        if field.is_map() {
            Shape::Map
        } else if field.is_list() {
            Shape::List
        } else {
            Shape::Single
        }
    }
}

pub struct Compiler<'a> {
    /// The field the rules are declared on (for messages and element kinds).
    pub field: &'a FieldDescriptor,
    pub cel: &'a CelEnv,
}

impl Compiler<'_> {
    fn schema_error(&self, what: String) -> Error {
        Error::Schema(format!("{}: {what}", self.field.full_name()))
    }

    /// The field's own rules.
    pub fn field(&self, field_rules: FieldRules) -> Result<Compiled> {
        // A predefined rule (an extension of a rule message) would be dropped when the
        // rules are decoded: refused loudly instead.
        if let Some(name) = rules::predefined_rules(self.field).first() {
            return Err(
                self.schema_error(format!("predefined rule `({name})` is not supported yet"))
            );
        }
        self.compile(field_rules, Shape::of(self.field), &self.field.kind())
    }

    fn compile(&self, field_rules: FieldRules, shape: Shape, kind: &FieldKind) -> Result<Compiled> {
        let cel = self.cel_rules(&field_rules, shape, kind)?;
        let mut compiled = Compiled {
            required: field_rules.required.unwrap_or(false),
            ignore: Ignore::try_from(field_rules.ignore.unwrap_or_default()).unwrap_or_default(),
            rules: Vec::new(),
            items: None,
            keys: None,
            values: None,
        };
        if let Some(rules) = field_rules.r#type {
            self.type_rules(rules, shape, kind, &mut compiled)?;
        }
        compiled.rules.extend(cel);
        Ok(compiled)
    }

    /// The CEL rules of `field_rules`, with the type-specific rules bound to `rules` as
    /// protovalidate binds them.
    fn cel_rules(
        &self,
        field_rules: &FieldRules,
        shape: Shape,
        kind: &FieldKind,
    ) -> Result<Vec<Rule>> {
        let bound = rules::type_rules_message(self.field, field_rules)
            .map(|message| self.cel.message(&message));
        // A whole list's or map's CEL is judged on the list or map; element rules do not
        // change how it translates.
        let value_type = super::build::bare_type(kind, shape);
        let mut programs = Vec::new();
        for option in &field_rules.cel {
            programs.push(self.cel.compile(option.clone(), self.field.full_name())?);
        }
        for expression in &field_rules.cel_expression {
            programs.push(
                self.cel
                    .compile_expression(expression.clone(), self.field.full_name())?,
            );
        }
        let compiled = programs
            .into_iter()
            .map(|program| cel_rule(program.with_rules(bound.clone()), &value_type))
            .collect();
        Ok(compiled)
    }

    fn type_rules(
        &self,
        rules: RuleType,
        shape: Shape,
        kind: &FieldKind,
        compiled: &mut Compiled,
    ) -> Result<()> {
        let name = rules_name(&rules);
        let mismatch = || {
            self.schema_error(format!(
                "`{name}` rules do not fit a field of type {}",
                describe(kind, shape)
            ))
        };
        let refused = |what: String| self.schema_error(what);
        let out = &mut compiled.rules;
        match (rules, shape) {
            (RuleType::Repeated(repeated), Shape::List) => {
                self.list_rules(*repeated, kind, compiled)?;
            }
            (RuleType::Map(map), Shape::Map) => {
                let FieldKind::Message(entry) = kind else {
                    return Err(mismatch());
                };
                self.map_rules(*map, entry, compiled)?;
            }
            (_, Shape::List | Shape::Map) => return Err(mismatch()),
            (RuleType::String(rules), Shape::Single) if *kind == FieldKind::String => {
                scalar_rules::string(&rules, out).map_err(refused)?;
            }
            (RuleType::Bytes(rules), Shape::Single) if *kind == FieldKind::Bytes => {
                scalar_rules::bytes(&rules, out).map_err(refused)?;
            }
            (RuleType::Bool(rules), Shape::Single) if *kind == FieldKind::Bool => {
                scalar_rules::boolean(rules.r#const, out);
            }
            (RuleType::Duration(rules), Shape::Single) if is_message(kind, DURATION) => {
                message_rules::duration(&rules, out);
            }
            (RuleType::Timestamp(rules), Shape::Single) if is_message(kind, TIMESTAMP) => {
                message_rules::timestamp(&rules, out);
            }
            (RuleType::Any(rules), Shape::Single) if is_message(kind, ANY) => {
                message_rules::any(&rules, out);
            }
            (RuleType::FieldMask(rules), Shape::Single) if is_message(kind, FIELD_MASK) => {
                message_rules::field_mask(&rules, out);
            }
            (RuleType::Enum(rules), Shape::Single) => {
                let FieldKind::Enum(descriptor) = kind else {
                    return Err(mismatch());
                };
                scalar_rules::enumeration(&rules, &EnumShape::of(descriptor), out);
            }
            (rules, Shape::Single) => match NumberRules::from_rules(rules, kind) {
                Some(number) => scalar_rules::number(&number, out),
                None => return Err(mismatch()),
            },
        }
        Ok(())
    }

    fn list_rules(
        &self,
        rules: RepeatedRules,
        kind: &FieldKind,
        compiled: &mut Compiled,
    ) -> Result<()> {
        let bounds = [
            ("repeated.min_items", rules.min_items),
            ("repeated.max_items", rules.max_items),
        ];
        scalar_rules::count(bounds, "items", &mut compiled.rules);
        if rules.unique.unwrap_or(false) {
            scalar_rules::unique(&mut compiled.rules);
        }
        if let Some(items) = rules.items {
            compiled.items = Some(Box::new(self.compile(*items, Shape::Single, kind)?));
        }
        Ok(())
    }

    fn map_rules(
        &self,
        rules: MapRules,
        entry: &prost_reflect::MessageDescriptor,
        compiled: &mut Compiled,
    ) -> Result<()> {
        let bounds = [
            ("map.min_pairs", rules.min_pairs),
            ("map.max_pairs", rules.max_pairs),
        ];
        scalar_rules::count(bounds, "entries", &mut compiled.rules);
        if let Some(keys) = rules.keys {
            let key_kind = entry.map_entry_key_field().kind();
            compiled.keys = Some(Box::new(self.compile(*keys, Shape::Single, &key_kind)?));
        }
        if let Some(values) = rules.values {
            let value_kind = entry.map_entry_value_field().kind();
            compiled.values = Some(Box::new(self.compile(
                *values,
                Shape::Single,
                &value_kind,
            )?));
        }
        Ok(())
    }
}

const DURATION: &str = "google.protobuf.Duration";
const TIMESTAMP: &str = "google.protobuf.Timestamp";
const ANY: &str = "google.protobuf.Any";
const FIELD_MASK: &str = "google.protobuf.FieldMask";

fn is_message(kind: &FieldKind, name: &str) -> bool {
    matches!(kind, FieldKind::Message(m) if m.full_name() == name)
}

/// A compiled CEL program as a rule of a value of type `ty`: printed where it translates.
pub fn cel_rule(program: crate::validate::cel::CelRule, ty: &Type) -> Rule {
    let printed = cel_subset::translate(&program.expression, ty);
    Rule {
        id: program.id.clone(),
        message: if program.message.is_empty() {
            format!("must satisfy `{}`", program.expression)
        } else {
            program.message.clone()
        },
        test: Test::Cel {
            program: Arc::new(program),
            printed,
        },
        presence: false,
    }
}

/// The FieldRules member name of a type-specific rule set (`string`, `int32`, ...).
fn rules_name(rules: &RuleType) -> &'static str {
    match rules {
        RuleType::Float(_) => "float",
        RuleType::Double(_) => "double",
        RuleType::Int32(_) => "int32",
        RuleType::Int64(_) => "int64",
        RuleType::Uint32(_) => "uint32",
        RuleType::Uint64(_) => "uint64",
        RuleType::Sint32(_) => "sint32",
        RuleType::Sint64(_) => "sint64",
        RuleType::Fixed32(_) => "fixed32",
        RuleType::Fixed64(_) => "fixed64",
        RuleType::Sfixed32(_) => "sfixed32",
        RuleType::Sfixed64(_) => "sfixed64",
        RuleType::Bool(_) => "bool",
        RuleType::String(_) => "string",
        RuleType::Bytes(_) => "bytes",
        RuleType::Enum(_) => "enum",
        RuleType::Repeated(_) => "repeated",
        RuleType::Map(_) => "map",
        RuleType::Any(_) => "any",
        RuleType::Duration(_) => "duration",
        RuleType::FieldMask(_) => "field_mask",
        RuleType::Timestamp(_) => "timestamp",
    }
}

fn describe(kind: &FieldKind, shape: Shape) -> String {
    let element = match kind {
        FieldKind::Message(m) => m.full_name().to_owned(),
        FieldKind::Enum(e) => e.full_name().to_owned(),
        other => format!("{other:?}").to_lowercase(),
    };
    match shape {
        Shape::List => format!("repeated {element}"),
        Shape::Map => "map".to_owned(),
        Shape::Single => element,
    }
}
