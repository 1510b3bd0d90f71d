//! Compiling rules: the buf.validate options of a message become a plan — typed checks with
//! regexes and CEL programs built once per message type per run, never per manifest.

use super::cel::CelRule;
use super::number::NumberRules;
use crate::error::{Error, Result};
use crate::rules::buf_validate::{
    field_rules::Type, BytesRules, EnumRules, MessageOneofRule, StringRules,
};
use crate::rules::{self, FieldRules, Ignore};
use prost_reflect::{FieldDescriptor, Kind, MessageDescriptor, OneofDescriptor};
use regex::Regex;

/// Everything to check on one message type.
pub struct MessagePlan {
    pub fields: Vec<FieldPlan>,
    pub cel: Vec<CelRule>,
    /// Oneofs marked `(buf.validate.oneof).required`.
    pub required_oneofs: Vec<OneofDescriptor>,
    /// `(buf.validate.message).oneof` groups.
    pub field_groups: Vec<MessageOneofRule>,
}

pub struct FieldPlan {
    pub field: FieldDescriptor,
    pub rules: Rules,
}

/// The rules of a field, or of the items, keys or values of a repeated or map field.
pub struct Rules {
    pub required: bool,
    pub ignore: Ignore,
    pub value: ValueRules,
    pub cel: Vec<CelRule>,
}

pub enum ValueRules {
    None,
    Number(NumberRules),
    Bool(Option<bool>),
    String(Box<StringPlan>),
    Bytes(Box<BytesPlan>),
    Enum(EnumRules),
    Repeated(Box<RepeatedPlan>),
    Map(Box<MapPlan>),
}

pub struct StringPlan {
    pub rules: StringRules,
    pub pattern: Option<Regex>,
}

pub struct BytesPlan {
    pub rules: BytesRules,
    pub pattern: Option<Regex>,
}

pub struct RepeatedPlan {
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique: bool,
    pub items: Option<Rules>,
}

pub struct MapPlan {
    pub min_pairs: Option<u64>,
    pub max_pairs: Option<u64>,
    pub keys: Option<Rules>,
    pub values: Option<Rules>,
}

impl MessagePlan {
    pub fn compile(message: &MessageDescriptor, cel: &super::cel::CelEnv) -> Result<Self> {
        let mut fields = Vec::new();
        for field in message.fields() {
            let Some(field_rules) = rules::field_rules(&field) else {
                continue;
            };
            let context = Context { field: &field, cel };
            let rules = context.rules(field_rules, Shape::of(&field))?;
            fields.push(FieldPlan { field, rules });
        }
        let message_rules = rules::message_rules(message).unwrap_or_default();
        let mut cel_rules = Vec::new();
        for rule in message_rules.cel {
            cel_rules.push(cel.compile(rule, message.full_name())?);
        }
        for expression in message_rules.cel_expression {
            cel_rules.push(cel.compile_expression(expression, message.full_name())?);
        }
        let required_oneofs = message
            .oneofs()
            .filter(|oneof| !oneof.is_synthetic())
            .filter(|oneof| rules::oneof_rules(oneof).is_some_and(|r| r.required()))
            .collect();
        for group in &message_rules.oneof {
            for name in &group.fields {
                if message.get_field_by_name(name).is_none() {
                    return Err(Error::Schema(format!(
                        "{}: (buf.validate.message).oneof names unknown field `{name}`",
                        message.full_name()
                    )));
                }
            }
        }
        Ok(Self {
            fields,
            cel: cel_rules,
            required_oneofs,
            field_groups: message_rules.oneof,
        })
    }
}

/// Which part of a field a set of rules applies to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// The whole field, which is repeated.
    List,
    /// The whole field, which is a map.
    Map,
    /// One value: a singular field, a list item, a map key or value.
    Single,
}

impl Shape {
    fn of(field: &FieldDescriptor) -> Self {
        if field.is_map() {
            Shape::Map
        } else if field.is_list() {
            Shape::List
        } else {
            Shape::Single
        }
    }
}

struct Context<'a> {
    /// The field the rules are declared on (for messages and element kinds).
    field: &'a FieldDescriptor,
    cel: &'a super::cel::CelEnv,
}

impl Context<'_> {
    fn schema_error(&self, what: String) -> Error {
        Error::Schema(format!("{}: {what}", self.field.full_name()))
    }

    fn rules(&self, field_rules: FieldRules, shape: Shape) -> Result<Rules> {
        self.rules_for(field_rules, shape, &self.field.kind())
    }

    fn rules_for(&self, field_rules: FieldRules, shape: Shape, kind: &Kind) -> Result<Rules> {
        let mut cel = Vec::new();
        let type_rules = rules::type_rules_message(self.field, &field_rules)
            .map(|message| super::cel::message_value(&message));
        for rule in field_rules.cel {
            cel.push(
                self.cel
                    .compile(rule, self.field.full_name())?
                    .with_rules(type_rules.clone()),
            );
        }
        for expression in field_rules.cel_expression {
            cel.push(
                self.cel
                    .compile_expression(expression, self.field.full_name())?
                    .with_rules(type_rules.clone()),
            );
        }
        let ignore = Ignore::try_from(field_rules.ignore.unwrap_or_default()).unwrap_or_default();
        let value = match field_rules.r#type {
            None => ValueRules::None,
            Some(rules) => self.value_rules(rules, shape, kind)?,
        };
        Ok(Rules {
            required: field_rules.required.unwrap_or(false),
            ignore,
            value,
            cel,
        })
    }

    fn value_rules(&self, rules: Type, shape: Shape, kind: &Kind) -> Result<ValueRules> {
        let name = rules_name(&rules);
        let mismatch = || {
            self.schema_error(format!(
                "`{name}` rules do not fit a field of type {}",
                describe(kind, shape)
            ))
        };
        match (rules, shape) {
            (Type::Repeated(repeated), Shape::List) => {
                let items = match repeated.items {
                    Some(items) => Some(self.rules_for(*items, Shape::Single, kind)?),
                    None => None,
                };
                Ok(ValueRules::Repeated(Box::new(RepeatedPlan {
                    min_items: repeated.min_items,
                    max_items: repeated.max_items,
                    unique: repeated.unique.unwrap_or(false),
                    items,
                })))
            }
            (Type::Map(map), Shape::Map) => {
                let Kind::Message(entry) = kind else {
                    return Err(mismatch());
                };
                let keys = match map.keys {
                    Some(keys) => Some(self.rules_for(
                        *keys,
                        Shape::Single,
                        &entry.map_entry_key_field().kind(),
                    )?),
                    None => None,
                };
                let values = match map.values {
                    Some(values) => Some(self.rules_for(
                        *values,
                        Shape::Single,
                        &entry.map_entry_value_field().kind(),
                    )?),
                    None => None,
                };
                Ok(ValueRules::Map(Box::new(MapPlan {
                    min_pairs: map.min_pairs,
                    max_pairs: map.max_pairs,
                    keys,
                    values,
                })))
            }
            (_, Shape::List | Shape::Map) => Err(mismatch()),
            (Type::String(rules), Shape::Single) if *kind == Kind::String => {
                unsupported_string_rules(&rules).map_or(Ok(()), |rule| {
                    Err(self.schema_error(format!("rule string.{rule} is not supported yet")))
                })?;
                let pattern = self.regex(rules.pattern.as_deref())?;
                Ok(ValueRules::String(Box::new(StringPlan { rules, pattern })))
            }
            (Type::Bytes(rules), Shape::Single) if *kind == Kind::Bytes => {
                let pattern = self.regex(rules.pattern.as_deref())?;
                Ok(ValueRules::Bytes(Box::new(BytesPlan { rules, pattern })))
            }
            (Type::Bool(rules), Shape::Single) if *kind == Kind::Bool => {
                Ok(ValueRules::Bool(rules.r#const))
            }
            (Type::Enum(rules), Shape::Single) if matches!(kind, Kind::Enum(_)) => {
                Ok(ValueRules::Enum(rules))
            }
            (rules, Shape::Single) => match NumberRules::from_rules(rules, kind) {
                Some(number) => Ok(ValueRules::Number(number)),
                None => match name {
                    "any" | "duration" | "timestamp" | "field_mask" => {
                        Err(self.schema_error(format!("`{name}` rules are not supported yet")))
                    }
                    _ => Err(mismatch()),
                },
            },
        }
    }

    fn regex(&self, pattern: Option<&str>) -> Result<Option<Regex>> {
        pattern
            .map(|p| Regex::new(p).map_err(|e| self.schema_error(format!("pattern `{p}`: {e}"))))
            .transpose()
    }
}

/// The FieldRules member name of a type-specific rule set (`string`, `int32`, ...).
pub fn rules_name(rules: &Type) -> &'static str {
    match rules {
        Type::Float(_) => "float",
        Type::Double(_) => "double",
        Type::Int32(_) => "int32",
        Type::Int64(_) => "int64",
        Type::Uint32(_) => "uint32",
        Type::Uint64(_) => "uint64",
        Type::Sint32(_) => "sint32",
        Type::Sint64(_) => "sint64",
        Type::Fixed32(_) => "fixed32",
        Type::Fixed64(_) => "fixed64",
        Type::Sfixed32(_) => "sfixed32",
        Type::Sfixed64(_) => "sfixed64",
        Type::Bool(_) => "bool",
        Type::String(_) => "string",
        Type::Bytes(_) => "bytes",
        Type::Enum(_) => "enum",
        Type::Repeated(_) => "repeated",
        Type::Map(_) => "map",
        Type::Any(_) => "any",
        Type::Duration(_) => "duration",
        Type::FieldMask(_) => "field_mask",
        Type::Timestamp(_) => "timestamp",
    }
}

fn describe(kind: &Kind, shape: Shape) -> String {
    let element = match kind {
        Kind::Message(m) => m.full_name().to_owned(),
        Kind::Enum(e) => e.full_name().to_owned(),
        other => format!("{other:?}").to_lowercase(),
    };
    match shape {
        Shape::List => format!("repeated {element}"),
        Shape::Map => "map".to_owned(),
        Shape::Single => element,
    }
}

/// The first string rule that is set but not implemented, if any.
fn unsupported_string_rules(rules: &StringRules) -> Option<&'static str> {
    use crate::rules::buf_validate::string_rules::WellKnown;
    if rules.strict.is_some() {
        return Some("strict");
    }
    match rules.well_known {
        Some(WellKnown::IpWithPrefixlen(_)) => Some("ip_with_prefixlen"),
        Some(WellKnown::Ipv4WithPrefixlen(_)) => Some("ipv4_with_prefixlen"),
        Some(WellKnown::Ipv6WithPrefixlen(_)) => Some("ipv6_with_prefixlen"),
        Some(WellKnown::IpPrefix(_)) => Some("ip_prefix"),
        Some(WellKnown::Ipv4Prefix(_)) => Some("ipv4_prefix"),
        Some(WellKnown::Ipv6Prefix(_)) => Some("ipv6_prefix"),
        Some(WellKnown::HostAndPort(_)) => Some("host_and_port"),
        Some(WellKnown::Ulid(_)) => Some("ulid"),
        Some(WellKnown::ProtobufFqn(_)) => Some("protobuf_fqn"),
        Some(WellKnown::ProtobufDotFqn(_)) => Some("protobuf_dot_fqn"),
        Some(WellKnown::WellKnownRegex(_)) => Some("well_known_regex"),
        _ => None,
    }
}
