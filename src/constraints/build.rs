//! From descriptors and their compiled rules (the validator's plans) to the neutral model.
//! Reusing `validate::plan` means the model sees exactly the rules `validate` enforces, and a
//! rule planton-gen cannot enforce fails here too.

use super::cel_subset;
use super::{
    Check, Cmp, Element, EnumLiteral, EnumShape, Expr, FieldShape, Literal, MessageShape, Model,
    Pred, Type, Untranslated,
};
use crate::diagnostics::ids;
use crate::error::Result;
use crate::rules::buf_validate::{EnumRules, StringRules};
use crate::rules::Ignore;
use crate::validate::cel::{CelEnv, CelRule};
use crate::validate::number::{Number, NumberRules};
use crate::validate::plan::{BytesPlan, MessagePlan, Rules, ValueRules};
use prost_reflect::{FieldDescriptor, Kind, MessageDescriptor};
use std::collections::BTreeMap;

/// The model of `message` and every message reachable from it.
pub fn build(message: &MessageDescriptor) -> Result<Model> {
    let cel = CelEnv::default();
    let mut messages = BTreeMap::new();
    let mut pending = vec![message.clone()];
    while let Some(message) = pending.pop() {
        if messages.contains_key(message.full_name()) {
            continue;
        }
        let plan = MessagePlan::compile(&message, &cel)?;
        let shape = message_shape(&message, &plan, &mut pending);
        messages.insert(message.full_name().to_owned(), shape);
    }
    Ok(Model {
        root: message.full_name().to_owned(),
        messages,
    })
}

fn message_shape(
    message: &MessageDescriptor,
    plan: &MessagePlan,
    pending: &mut Vec<MessageDescriptor>,
) -> MessageShape {
    let mut fields = Vec::new();
    for field in message.fields() {
        let rules = plan
            .fields
            .iter()
            .find(|f| f.field.number() == field.number())
            .map(|f| &f.rules);
        fields.push(field_shape(&field, rules, pending));
    }
    let mut checks = Vec::new();
    let mut untranslated = Vec::new();
    for rule in &plan.cel {
        cel(
            rule,
            &Type::Message(message.full_name().to_owned()),
            &mut checks,
            &mut untranslated,
        );
    }
    if !plan.required_oneofs.is_empty() || !plan.field_groups.is_empty() {
        untranslated.push(Untranslated {
            rule: "required / message.oneof".into(),
            reason: "oneof rules are not translated yet".into(),
        });
    }
    let file = message.parent_file();
    MessageShape {
        full_name: message.full_name().to_owned(),
        comment: comment(&file, message.path()),
        fields,
        checks,
        untranslated,
    }
}

fn field_shape(
    field: &FieldDescriptor,
    rules: Option<&Rules>,
    pending: &mut Vec<MessageDescriptor>,
) -> FieldShape {
    let ty = field_type(field, rules, pending);
    let explicit_presence = field.supports_presence();
    let mut checks = Vec::new();
    let mut untranslated = Vec::new();
    let mut required = false;
    if let Some(rules) = rules.filter(|r| r.ignore != Ignore::Always) {
        required = rules.required;
        // Item, key and value rules live in the element types; these are the field's own.
        value_checks(rules, &ty, &mut checks, &mut untranslated);
        if required && !explicit_presence {
            checks.insert(0, not_zero(&ty));
        }
        if rules.ignore == Ignore::IfZeroValue {
            if let Some(zero) = is_zero(&ty) {
                for check in &mut checks {
                    if check.rule != "required" {
                        check.expr = Expr::Or(vec![zero.clone(), check.expr.clone()]);
                    }
                }
            }
        }
    }
    if crate::rules::unique_in_run(field) {
        untranslated.push(Untranslated {
            rule: ids::RUN_UNIQUE.into(),
            reason: "unique among the manifests of one run; a schema sees one manifest at a time"
                .into(),
        });
    }
    let must_be_present = required
        || (!explicit_presence
            && checks.iter().any(|c| match &ty {
                Type::List(_) | Type::Map(..) => {
                    c.expr.holds_for_zero(&Literal::Int(0)) == Some(false)
                }
                _ => ty
                    .zero()
                    .is_some_and(|zero| c.expr.holds_for_zero(&zero) == Some(false)),
            }));
    let file = field.parent_message().parent_file();
    FieldShape {
        name: field.name().to_owned(),
        json_name: field.json_name().to_owned(),
        comment: comment(&file, field.path()),
        ty,
        explicit_presence,
        must_be_present,
        checks,
        untranslated,
    }
}

/// `this` is the zero value of `ty`.
fn is_zero(ty: &Type) -> Option<Expr> {
    match ty {
        Type::List(_) | Type::Map(..) => Some(Expr::this(Pred::Count(Cmp::Eq, 0))),
        _ => ty.zero().map(|zero| Expr::this(Pred::Eq(zero))),
    }
}

/// buf.validate's `required` on a field without presence: not the zero value.
fn not_zero(ty: &Type) -> Check {
    let expr = match ty {
        Type::List(_) | Type::Map(..) => Expr::this(Pred::Count(Cmp::Ge, 1)),
        _ => is_zero(ty).map_or(Expr::And(Vec::new()), Expr::negate),
    };
    Check {
        rule: "required".into(),
        message: "is required".into(),
        expr,
    }
}

fn field_type(
    field: &FieldDescriptor,
    rules: Option<&Rules>,
    pending: &mut Vec<MessageDescriptor>,
) -> Type {
    let (items, keys, values) = match rules.map(|r| &r.value) {
        Some(ValueRules::Repeated(plan)) => (plan.items.as_ref(), None, None),
        Some(ValueRules::Map(plan)) => (None, plan.keys.as_ref(), plan.values.as_ref()),
        _ => (None, None, None),
    };
    if field.is_map() {
        if let Kind::Message(entry) = field.kind() {
            let key = element(&entry.map_entry_key_field().kind(), keys, pending);
            let value = element(&entry.map_entry_value_field().kind(), values, pending);
            return Type::Map(Box::new(key), Box::new(value));
        }
    }
    if field.is_list() {
        return Type::List(Box::new(element(&field.kind(), items, pending)));
    }
    scalar_type(&field.kind(), pending)
}

fn element(kind: &Kind, rules: Option<&Rules>, pending: &mut Vec<MessageDescriptor>) -> Element {
    let ty = scalar_type(kind, pending);
    let mut checks = Vec::new();
    let mut untranslated = Vec::new();
    if let Some(rules) = rules.filter(|r| r.ignore != Ignore::Always) {
        value_checks(rules, &ty, &mut checks, &mut untranslated);
        if rules.required {
            checks.insert(0, not_zero(&ty));
        }
        if rules.ignore == Ignore::IfZeroValue {
            if let Some(zero) = is_zero(&ty) {
                for check in &mut checks {
                    check.expr = Expr::Or(vec![zero.clone(), check.expr.clone()]);
                }
            }
        }
    }
    Element {
        ty,
        checks,
        untranslated,
    }
}

fn scalar_type(kind: &Kind, pending: &mut Vec<MessageDescriptor>) -> Type {
    match kind {
        Kind::Bool => Type::Bool,
        Kind::String => Type::String,
        Kind::Bytes => Type::Bytes,
        Kind::Int32 | Kind::Sint32 | Kind::Sfixed32 => Type::Int {
            bits: 32,
            signed: true,
        },
        Kind::Int64 | Kind::Sint64 | Kind::Sfixed64 => Type::Int {
            bits: 64,
            signed: true,
        },
        Kind::Uint32 | Kind::Fixed32 => Type::Int {
            bits: 32,
            signed: false,
        },
        Kind::Uint64 | Kind::Fixed64 => Type::Int {
            bits: 64,
            signed: false,
        },
        Kind::Float | Kind::Double => Type::Float,
        Kind::Enum(descriptor) => Type::Enum(EnumShape {
            full_name: descriptor.full_name().to_owned(),
            values: descriptor
                .values()
                .map(|v| (v.name().to_owned(), v.number()))
                .collect(),
        }),
        Kind::Message(message) => {
            pending.push(message.clone());
            Type::Message(message.full_name().to_owned())
        }
    }
}

/// The type-specific and CEL rules of `rules` as checks on a value of `ty`.
fn value_checks(
    rules: &Rules,
    ty: &Type,
    checks: &mut Vec<Check>,
    untranslated: &mut Vec<Untranslated>,
) {
    match &rules.value {
        ValueRules::None => {}
        ValueRules::Number(number) => number_checks(number, checks, untranslated),
        ValueRules::Bool(Some(expected)) => checks.push(check(
            "bool.const",
            format!("must be {expected}"),
            Expr::this(Pred::Eq(Literal::Bool(*expected))),
        )),
        ValueRules::Bool(None) => {}
        ValueRules::String(plan) => string_checks(&plan.rules, checks, untranslated),
        ValueRules::Bytes(plan) => bytes_checks(plan, checks, untranslated),
        ValueRules::Enum(rules) => {
            if let Type::Enum(shape) = ty {
                enum_checks(rules, shape, checks);
            }
        }
        ValueRules::Repeated(plan) => {
            let bounds = [
                ("repeated.min_items", plan.min_items),
                ("repeated.max_items", plan.max_items),
            ];
            count_checks(bounds, "items", checks);
            if plan.unique {
                checks.push(check(
                    "repeated.unique",
                    "items must be unique".into(),
                    Expr::this(Pred::Unique),
                ));
            }
        }
        ValueRules::Map(plan) => {
            let bounds = [
                ("map.min_pairs", plan.min_pairs),
                ("map.max_pairs", plan.max_pairs),
            ];
            count_checks(bounds, "entries", checks);
        }
    }
    for rule in &rules.cel {
        cel(rule, ty, checks, untranslated);
    }
}

fn check(rule: &str, message: String, expr: Expr) -> Check {
    Check {
        rule: rule.to_owned(),
        message,
        expr,
    }
}

fn cel(rule: &CelRule, ty: &Type, checks: &mut Vec<Check>, untranslated: &mut Vec<Untranslated>) {
    match cel_subset::translate(&rule.expression, ty) {
        Ok(expr) => checks.push(Check {
            rule: rule.id.clone(),
            message: if rule.message.is_empty() {
                format!("must satisfy `{}`", rule.expression)
            } else {
                rule.message.clone()
            },
            expr,
        }),
        Err(reason) => untranslated.push(Untranslated {
            rule: rule.id.clone(),
            reason: format!("CEL `{}`: {reason}", rule.expression),
        }),
    }
}

fn literal(number: Number) -> Literal {
    match number {
        Number::Int(i) => Literal::Int(i),
        Number::Float(f) => Literal::Float(f),
    }
}

fn number_checks(
    rules: &NumberRules,
    checks: &mut Vec<Check>,
    untranslated: &mut Vec<Untranslated>,
) {
    let id = |rule: &str| format!("{}.{rule}", rules.type_name);
    if let Some(constant) = rules.constant {
        checks.push(check(
            &id("const"),
            format!("must equal {constant}"),
            Expr::this(Pred::Eq(literal(constant))),
        ));
    }
    let bound = |b: &crate::validate::number::Bound, lower: bool| {
        let cmp = match (lower, b.inclusive) {
            (true, true) => Cmp::Ge,
            (true, false) => Cmp::Gt,
            (false, true) => Cmp::Le,
            (false, false) => Cmp::Lt,
        };
        let name = match cmp {
            Cmp::Ge => "gte",
            Cmp::Gt => "gt",
            Cmp::Le => "lte",
            _ => "lt",
        };
        let text = match cmp {
            Cmp::Ge => format!("greater than or equal to {}", b.value),
            Cmp::Gt => format!("greater than {}", b.value),
            Cmp::Le => format!("less than or equal to {}", b.value),
            _ => format!("less than {}", b.value),
        };
        (name, text, Expr::this(Pred::Compare(cmp, literal(b.value))))
    };
    match (&rules.lower, &rules.upper) {
        (None, None) => {}
        (Some(b), None) => {
            let (name, text, expr) = bound(b, true);
            checks.push(check(&id(name), format!("must be {text}"), expr));
        }
        (None, Some(b)) => {
            let (name, text, expr) = bound(b, false);
            checks.push(check(&id(name), format!("must be {text}"), expr));
        }
        (Some(lower), Some(upper)) => {
            let (low_name, low_text, low) = bound(lower, true);
            let (up_name, up_text, up) = bound(upper, false);
            let name = format!("{low_name}_{up_name}");
            if upper.value >= lower.value {
                checks.push(check(
                    &id(&name),
                    format!("must be {low_text} and {up_text}"),
                    Expr::And(vec![low, up]),
                ));
            } else {
                checks.push(check(
                    &id(&format!("{name}_exclusive")),
                    format!("must be {low_text} or {up_text}"),
                    Expr::Or(vec![low, up]),
                ));
            }
        }
    }
    if !rules.allowed.is_empty() {
        let list: Vec<String> = rules.allowed.iter().map(Number::to_string).collect();
        checks.push(check(
            &id("in"),
            format!("must be one of [{}]", list.join(", ")),
            Expr::this(Pred::In(
                rules.allowed.iter().copied().map(literal).collect(),
            )),
        ));
    }
    if !rules.denied.is_empty() {
        let list: Vec<String> = rules.denied.iter().map(Number::to_string).collect();
        checks.push(check(
            &id("not_in"),
            format!("must not be one of [{}]", list.join(", ")),
            Expr::negate(Expr::this(Pred::In(
                rules.denied.iter().copied().map(literal).collect(),
            ))),
        ));
    }
    if rules.finite {
        untranslated.push(Untranslated {
            rule: id("finite"),
            reason: "JSON, HCL and YAML numbers have no infinity or NaN to refuse".into(),
        });
    }
}

fn string_checks(r: &StringRules, checks: &mut Vec<Check>, untranslated: &mut Vec<Untranslated>) {
    let text = |s: &str| Literal::Str(s.to_owned());
    if let Some(expected) = &r.r#const {
        checks.push(check(
            "string.const",
            format!("must equal `{expected}`"),
            Expr::this(Pred::Eq(text(expected))),
        ));
    }
    let lengths = [
        ("string.len", r.len, Cmp::Eq, "exactly", "characters", false),
        (
            "string.min_len",
            r.min_len,
            Cmp::Ge,
            "at least",
            "characters",
            false,
        ),
        (
            "string.max_len",
            r.max_len,
            Cmp::Le,
            "at most",
            "characters",
            false,
        ),
        (
            "string.len_bytes",
            r.len_bytes,
            Cmp::Eq,
            "exactly",
            "bytes",
            true,
        ),
        (
            "string.min_bytes",
            r.min_bytes,
            Cmp::Ge,
            "at least",
            "bytes",
            true,
        ),
        (
            "string.max_bytes",
            r.max_bytes,
            Cmp::Le,
            "at most",
            "bytes",
            true,
        ),
    ];
    for (rule, limit, cmp, words, unit, bytes) in lengths {
        if let Some(n) = limit {
            let pred = if bytes {
                Pred::Bytes(cmp, n)
            } else {
                Pred::Len(cmp, n)
            };
            checks.push(check(
                rule,
                format!("must be {words} {n} {unit}"),
                Expr::this(pred),
            ));
        }
    }
    if let Some(pattern) = &r.pattern {
        checks.push(check(
            "string.pattern",
            format!("must match the pattern `{pattern}`"),
            Expr::this(Pred::Matches(pattern.clone())),
        ));
    }
    let escaped = |s: &str| regex::escape(s);
    if let Some(prefix) = &r.prefix {
        checks.push(check(
            "string.prefix",
            format!("must start with `{prefix}`"),
            Expr::this(Pred::Matches(format!("^{}", escaped(prefix)))),
        ));
    }
    if let Some(suffix) = &r.suffix {
        checks.push(check(
            "string.suffix",
            format!("must end with `{suffix}`"),
            Expr::this(Pred::Matches(format!("{}$", escaped(suffix)))),
        ));
    }
    if let Some(needle) = &r.contains {
        checks.push(check(
            "string.contains",
            format!("must contain `{needle}`"),
            Expr::this(Pred::Matches(escaped(needle))),
        ));
    }
    if let Some(needle) = &r.not_contains {
        checks.push(check(
            "string.not_contains",
            format!("must not contain `{needle}`"),
            Expr::negate(Expr::this(Pred::Matches(escaped(needle)))),
        ));
    }
    if !r.r#in.is_empty() {
        checks.push(check(
            "string.in",
            format!(
                "must be one of: {}",
                crate::diagnostics::quoted_list(&r.r#in)
            ),
            Expr::this(Pred::In(r.r#in.iter().map(|s| text(s)).collect())),
        ));
    }
    if !r.not_in.is_empty() {
        checks.push(check(
            "string.not_in",
            format!(
                "must not be one of: {}",
                crate::diagnostics::quoted_list(&r.not_in)
            ),
            Expr::negate(Expr::this(Pred::In(
                r.not_in.iter().map(|s| text(s)).collect(),
            ))),
        ));
    }
    if let Some(well_known) = &r.well_known {
        let name = format!("{well_known:?}");
        let name = name.split('(').next().unwrap_or_default();
        untranslated.push(Untranslated {
            rule: format!("string.{}", heck::ToSnakeCase::to_snake_case(name)),
            reason:
                "a well-known format; its grammar is not a regular expression every platform shares"
                    .into(),
        });
    }
}

fn bytes_checks(plan: &BytesPlan, checks: &mut Vec<Check>, untranslated: &mut Vec<Untranslated>) {
    let r = &plan.rules;
    let lengths = [
        ("bytes.len", r.len, Cmp::Eq, "exactly"),
        ("bytes.min_len", r.min_len, Cmp::Ge, "at least"),
        ("bytes.max_len", r.max_len, Cmp::Le, "at most"),
    ];
    for (rule, limit, cmp, words) in lengths {
        if let Some(n) = limit {
            checks.push(check(
                rule,
                format!("must be {words} {n} bytes"),
                Expr::this(Pred::Bytes(cmp, n)),
            ));
        }
    }
    let set = [
        ("bytes.const", r.r#const.is_some()),
        ("bytes.pattern", r.pattern.is_some()),
        ("bytes.prefix", r.prefix.is_some()),
        ("bytes.suffix", r.suffix.is_some()),
        ("bytes.contains", r.contains.is_some()),
        ("bytes.in", !r.r#in.is_empty()),
        ("bytes.not_in", !r.not_in.is_empty()),
    ];
    for (rule, _) in set.iter().filter(|(_, on)| *on) {
        untranslated.push(Untranslated {
            rule: (*rule).to_owned(),
            reason: "bytes travel base64-encoded; their content is not checked on other platforms"
                .into(),
        });
    }
}

fn enum_checks(rules: &EnumRules, shape: &EnumShape, checks: &mut Vec<Check>) {
    let literals = |numbers: &[i32]| -> Vec<Literal> {
        numbers
            .iter()
            .map(|n| Literal::Enum(shape.literal(*n)))
            .collect()
    };
    let names = |numbers: &[i32]| -> String {
        numbers
            .iter()
            .map(|n| shape.literal(*n).name.unwrap_or_else(|| n.to_string()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(expected) = rules.r#const {
        let EnumLiteral { name, number } = shape.literal(expected);
        checks.push(check(
            "enum.const",
            format!("must be {}", name.unwrap_or_else(|| number.to_string())),
            Expr::this(Pred::Eq(Literal::Enum(shape.literal(expected)))),
        ));
    }
    if rules.defined_only.unwrap_or(false) {
        let defined: Vec<i32> = shape.values.iter().map(|(_, n)| *n).collect();
        checks.push(check(
            "enum.defined_only",
            "must be one of the values the enum defines".into(),
            Expr::this(Pred::In(literals(&defined))),
        ));
    }
    if !rules.r#in.is_empty() {
        checks.push(check(
            "enum.in",
            format!("must be one of: {}", names(&rules.r#in)),
            Expr::this(Pred::In(literals(&rules.r#in))),
        ));
    }
    if !rules.not_in.is_empty() {
        checks.push(check(
            "enum.not_in",
            format!("must not be one of: {}", names(&rules.not_in)),
            Expr::negate(Expr::this(Pred::In(literals(&rules.not_in)))),
        ));
    }
}

/// A list's or map's size bounds, `[(min rule, min), (max rule, max)]`, counted in `noun`.
fn count_checks(bounds: [(&str, Option<u64>); 2], noun: &str, checks: &mut Vec<Check>) {
    let [(min_rule, min), (max_rule, max)] = bounds;
    if let Some(min) = min {
        let message = format!("must have at least {min} {noun}");
        checks.push(check(
            min_rule,
            message,
            Expr::this(Pred::Count(Cmp::Ge, min)),
        ));
    }
    if let Some(max) = max {
        let message = format!("must have at most {max} {noun}");
        checks.push(check(
            max_rule,
            message,
            Expr::this(Pred::Count(Cmp::Le, max)),
        ));
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
