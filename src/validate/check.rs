//! Walking a message and applying its plan: required and ignore semantics as protovalidate
//! defines them, type-specific rules, CEL rules, and descent into nested messages.

use super::cel::{message_value, value_of, CelEnv, CelRule, Verdict};
use super::formats;
use super::number::Number;
use super::plan::{BytesPlan, MapPlan, MessagePlan, RepeatedPlan, Rules, StringPlan, ValueRules};
use crate::field_path::{FieldPath, Segment};
use crate::rules::buf_validate::{string_rules::WellKnown, EnumRules};
use crate::rules::Ignore;
use prost_reflect::{DynamicMessage, Kind, MapKey, ReflectMessage, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// One broken rule, before it is located in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub path: FieldPath,
    pub rule: String,
    pub message: String,
}

pub struct Checker<'a> {
    pub plans: &'a HashMap<String, Arc<MessagePlan>>,
    pub cel: &'a CelEnv,
    pub findings: Vec<Finding>,
}

impl Checker<'_> {
    fn report(&mut self, path: &FieldPath, rule: impl Into<String>, message: impl Into<String>) {
        self.findings.push(Finding {
            path: path.clone(),
            rule: rule.into(),
            message: message.into(),
        });
    }

    pub fn message(&mut self, message: &DynamicMessage, path: &FieldPath) {
        let descriptor = message.descriptor();
        let plan = self.plans.get(descriptor.full_name()).cloned();
        let plan_rules = |number: u32| {
            plan.as_ref()
                .and_then(|p| p.fields.iter().find(|f| f.field.number() == number))
        };
        for field in descriptor.fields() {
            let field_plan = plan_rules(field.number());
            // Most fields of most messages have no rules and are unset: nothing to do, and
            // no path to build for them.
            if field_plan.is_none() && !message.has_field(&field) {
                continue;
            }
            let field_path = path.field(field.name());
            if let Some(field_plan) = field_plan {
                if field_plan.rules.ignore == Ignore::Always {
                    continue;
                }
                if !self.field(message, field_plan, &field_path) {
                    continue;
                }
            }
            // Nested messages are validated by their own rules whenever they are set.
            if !message.has_field(&field) {
                continue;
            }
            match &*message.get_field(&field) {
                Value::Message(inner) => self.message(inner, &field_path),
                Value::List(items) => {
                    for (i, item) in items.iter().enumerate() {
                        if let Value::Message(inner) = item {
                            self.message(inner, &field_path.index(i));
                        }
                    }
                }
                Value::Map(entries) => {
                    let mut entries: Vec<_> = entries.iter().collect();
                    entries.sort_by(|a, b| a.0.cmp(b.0));
                    for (key, value) in entries {
                        if let Value::Message(inner) = value {
                            self.message(inner, &field_path.child(key_segment(key)));
                        }
                    }
                }
                _ => {}
            }
        }
        let Some(plan) = plan else { return };
        for oneof in &plan.required_oneofs {
            if !oneof.fields().any(|f| message.has_field(&f)) {
                let oneof_path = path.child(Segment::Oneof(oneof.name().to_owned()));
                let list: Vec<String> = oneof.fields().map(|f| f.name().to_owned()).collect();
                self.report(
                    &oneof_path,
                    "required",
                    format!("exactly one of {} is required", list.join(", ")),
                );
            }
        }
        for group in &plan.field_groups {
            let set = group
                .fields
                .iter()
                .filter(|name| {
                    descriptor
                        .get_field_by_name(name)
                        .is_some_and(|f| message.has_field(&f))
                })
                .count();
            let names = group.fields.join(", ");
            if set > 1 {
                self.report(
                    path,
                    "message.oneof",
                    format!("only one of {names} may be set"),
                );
            } else if set == 0 && group.required.unwrap_or(false) {
                self.report(path, "message.oneof", format!("one of {names} is required"));
            }
        }
        if !plan.cel.is_empty() {
            let this = message_value(message);
            for rule in &plan.cel {
                self.cel_rule(rule, this.clone(), path);
            }
        }
    }

    /// Applies a field's rules; returns whether nested validation should go on.
    fn field(
        &mut self,
        message: &DynamicMessage,
        plan: &super::plan::FieldPlan,
        path: &FieldPath,
    ) -> bool {
        let field = &plan.field;
        let rules = &plan.rules;
        if !message.has_field(field) {
            if rules.required {
                self.report(path, "required", "is required");
                return false;
            }
            if field.supports_presence() || rules.ignore == Ignore::IfZeroValue {
                return false;
            }
            // An unset proto3 scalar, list or map is judged by its zero value.
        }
        let value = message.get_field(field);
        self.value(rules, &value, &field.kind(), path);
        true
    }

    /// Type-specific and CEL rules on one value.
    fn value(&mut self, rules: &Rules, value: &Value, kind: &Kind, path: &FieldPath) {
        match &rules.value {
            ValueRules::None => {}
            ValueRules::Number(number_rules) => {
                if let Some(number) = Number::of(value) {
                    for (rule, message) in number_rules.check(number) {
                        self.report(path, rule, message);
                    }
                }
            }
            ValueRules::Bool(Some(expected)) => {
                if value.as_bool() != Some(*expected) {
                    self.report(path, "bool.const", format!("must be {expected}"));
                }
            }
            ValueRules::Bool(None) => {}
            ValueRules::String(plan) => {
                if let Some(text) = value.as_str() {
                    self.string(plan, text, path);
                }
            }
            ValueRules::Bytes(plan) => {
                if let Some(bytes) = value.as_bytes() {
                    self.bytes(plan, bytes, path);
                }
            }
            ValueRules::Enum(enum_rules) => {
                if let Some(number) = value.as_enum_number() {
                    self.enumeration(enum_rules, number, kind, path);
                }
            }
            ValueRules::Repeated(plan) => {
                if let Some(items) = value.as_list() {
                    self.repeated(plan, items, kind, path);
                }
            }
            ValueRules::Map(plan) => {
                if let Some(entries) = value.as_map() {
                    self.map(plan, entries, kind, path);
                }
            }
        }
        if !rules.cel.is_empty() {
            let this = value_of(value);
            for rule in &rules.cel {
                self.cel_rule(rule, this.clone(), path);
            }
        }
    }

    /// Rules on an element: a list item, a map key or value.
    fn element(&mut self, rules: &Rules, value: &Value, kind: &Kind, path: &FieldPath) {
        if rules.ignore == Ignore::Always {
            return;
        }
        if is_zero(value, kind) {
            if rules.required {
                self.report(path, "required", "is required");
                return;
            }
            if rules.ignore == Ignore::IfZeroValue {
                return;
            }
        }
        self.value(rules, value, kind, path);
    }

    fn cel_rule(&mut self, rule: &CelRule, this: cel::Value, path: &FieldPath) {
        match self.cel.evaluate(rule, this) {
            Verdict::Pass => {}
            Verdict::Fail(message) | Verdict::Error(message) => {
                self.report(path, rule.id.clone(), message);
            }
        }
    }

    fn string(&mut self, plan: &StringPlan, text: &str, path: &FieldPath) {
        let r = &plan.rules;
        let chars = text.chars().count() as u64;
        let bytes = text.len() as u64;
        if let Some(expected) = &r.r#const {
            if text != expected {
                self.report(path, "string.const", format!("must equal `{expected}`"));
            }
        }
        if let Some(len) = r.len {
            if chars != len {
                self.report(
                    path,
                    "string.len",
                    format!("must be exactly {len} characters, got {chars}"),
                );
            }
        }
        if let Some(min) = r.min_len {
            if chars < min {
                self.report(
                    path,
                    "string.min_len",
                    format!("must be at least {min} characters, got {chars}"),
                );
            }
        }
        if let Some(max) = r.max_len {
            if chars > max {
                self.report(
                    path,
                    "string.max_len",
                    format!("must be at most {max} characters, got {chars}"),
                );
            }
        }
        if let Some(len) = r.len_bytes {
            if bytes != len {
                self.report(
                    path,
                    "string.len_bytes",
                    format!("must be exactly {len} bytes, got {bytes}"),
                );
            }
        }
        if let Some(min) = r.min_bytes {
            if bytes < min {
                self.report(
                    path,
                    "string.min_bytes",
                    format!("must be at least {min} bytes, got {bytes}"),
                );
            }
        }
        if let Some(max) = r.max_bytes {
            if bytes > max {
                self.report(
                    path,
                    "string.max_bytes",
                    format!("must be at most {max} bytes, got {bytes}"),
                );
            }
        }
        if let Some(pattern) = &plan.pattern {
            if !pattern.is_match(text) {
                self.report(
                    path,
                    "string.pattern",
                    format!("must match the pattern `{}`", pattern.as_str()),
                );
            }
        }
        if let Some(prefix) = &r.prefix {
            if !text.starts_with(prefix.as_str()) {
                self.report(path, "string.prefix", format!("must start with `{prefix}`"));
            }
        }
        if let Some(suffix) = &r.suffix {
            if !text.ends_with(suffix.as_str()) {
                self.report(path, "string.suffix", format!("must end with `{suffix}`"));
            }
        }
        if let Some(needle) = &r.contains {
            if !text.contains(needle.as_str()) {
                self.report(path, "string.contains", format!("must contain `{needle}`"));
            }
        }
        if let Some(needle) = &r.not_contains {
            if text.contains(needle.as_str()) {
                self.report(
                    path,
                    "string.not_contains",
                    format!("must not contain `{needle}`"),
                );
            }
        }
        if !r.r#in.is_empty() && !r.r#in.iter().any(|allowed| allowed == text) {
            self.report(
                path,
                "string.in",
                format!(
                    "must be one of: {}",
                    crate::diagnostics::quoted_list(&r.r#in)
                ),
            );
        }
        if r.not_in.iter().any(|denied| denied == text) {
            self.report(
                path,
                "string.not_in",
                format!(
                    "must not be one of: {}",
                    crate::diagnostics::quoted_list(&r.not_in)
                ),
            );
        }
        if let Some(well_known) = &r.well_known {
            self.well_known(well_known, text, path);
        }
    }

    fn well_known(&mut self, well_known: &WellKnown, text: &str, path: &FieldPath) {
        let (name, what, valid, has_empty_rule): (&str, &str, fn(&str) -> bool, bool) =
            match well_known {
                WellKnown::Email(true) => ("email", "an email address", formats::is_email, true),
                WellKnown::Hostname(true) => ("hostname", "a hostname", formats::is_hostname, true),
                WellKnown::Ip(true) => ("ip", "an IP address", formats::is_ip, true),
                WellKnown::Ipv4(true) => ("ipv4", "an IPv4 address", formats::is_ipv4, true),
                WellKnown::Ipv6(true) => ("ipv6", "an IPv6 address", formats::is_ipv6, true),
                WellKnown::Uri(true) => ("uri", "an absolute URI", formats::is_uri, true),
                WellKnown::UriRef(true) => {
                    ("uri_ref", "a URI reference", formats::is_uri_ref, false)
                }
                WellKnown::Address(true) => (
                    "address",
                    "a hostname or IP address",
                    |t| formats::is_hostname(t) || formats::is_ip(t),
                    true,
                ),
                WellKnown::Uuid(true) => ("uuid", "a UUID", formats::is_uuid, true),
                WellKnown::Tuuid(true) => {
                    ("tuuid", "a UUID without hyphens", formats::is_tuuid, true)
                }
                _ => return,
            };
        if text.is_empty() && has_empty_rule {
            self.report(
                path,
                format!("string.{name}_empty"),
                format!("must be {what}, got an empty string"),
            );
        } else if !valid(text) {
            self.report(path, format!("string.{name}"), format!("must be {what}"));
        }
    }

    fn bytes(&mut self, plan: &BytesPlan, value: &[u8], path: &FieldPath) {
        let r = &plan.rules;
        let len = value.len() as u64;
        if let Some(expected) = &r.r#const {
            if value != expected.as_slice() {
                self.report(path, "bytes.const", "must equal the constant value");
            }
        }
        if let Some(exact) = r.len {
            if len != exact {
                self.report(
                    path,
                    "bytes.len",
                    format!("must be exactly {exact} bytes, got {len}"),
                );
            }
        }
        if let Some(min) = r.min_len {
            if len < min {
                self.report(
                    path,
                    "bytes.min_len",
                    format!("must be at least {min} bytes, got {len}"),
                );
            }
        }
        if let Some(max) = r.max_len {
            if len > max {
                self.report(
                    path,
                    "bytes.max_len",
                    format!("must be at most {max} bytes, got {len}"),
                );
            }
        }
        if let Some(pattern) = &plan.pattern {
            let matches = std::str::from_utf8(value).is_ok_and(|text| pattern.is_match(text));
            if !matches {
                self.report(
                    path,
                    "bytes.pattern",
                    format!("must match the pattern `{}`", pattern.as_str()),
                );
            }
        }
        if let Some(prefix) = &r.prefix {
            if !value.starts_with(prefix) {
                self.report(path, "bytes.prefix", "must start with the given prefix");
            }
        }
        if let Some(suffix) = &r.suffix {
            if !value.ends_with(suffix) {
                self.report(path, "bytes.suffix", "must end with the given suffix");
            }
        }
        if let Some(needle) = &r.contains {
            if !needle.is_empty() && !value.windows(needle.len()).any(|w| w == needle.as_slice()) {
                self.report(path, "bytes.contains", "must contain the given bytes");
            }
        }
        if !r.r#in.is_empty() && !r.r#in.iter().any(|allowed| allowed.as_slice() == value) {
            self.report(path, "bytes.in", "must be one of the allowed values");
        }
        if r.not_in.iter().any(|denied| denied.as_slice() == value) {
            self.report(path, "bytes.not_in", "must not be one of the denied values");
        }
    }

    fn enumeration(&mut self, rules: &EnumRules, number: i32, kind: &Kind, path: &FieldPath) {
        if let Some(expected) = rules.r#const {
            if number != expected {
                self.report(
                    path,
                    "enum.const",
                    format!("must be {}", enum_name(kind, expected)),
                );
            }
        }
        if rules.defined_only.unwrap_or(false) {
            let defined = kind
                .as_enum()
                .is_some_and(|e| e.get_value(number).is_some());
            if !defined {
                self.report(
                    path,
                    "enum.defined_only",
                    format!("{number} is not a defined value"),
                );
            }
        }
        if !rules.r#in.is_empty() && !rules.r#in.contains(&number) {
            let names: Vec<String> = rules.r#in.iter().map(|n| enum_name(kind, *n)).collect();
            self.report(
                path,
                "enum.in",
                format!("must be one of: {}", names.join(", ")),
            );
        }
        if rules.not_in.contains(&number) {
            let names: Vec<String> = rules.not_in.iter().map(|n| enum_name(kind, *n)).collect();
            self.report(
                path,
                "enum.not_in",
                format!("must not be one of: {}", names.join(", ")),
            );
        }
    }

    fn repeated(&mut self, plan: &RepeatedPlan, items: &[Value], kind: &Kind, path: &FieldPath) {
        let count = items.len() as u64;
        if let Some(min) = plan.min_items {
            if count < min {
                self.report(
                    path,
                    "repeated.min_items",
                    format!("must have at least {min} items, got {count}"),
                );
            }
        }
        if let Some(max) = plan.max_items {
            if count > max {
                self.report(
                    path,
                    "repeated.max_items",
                    format!("must have at most {max} items, got {count}"),
                );
            }
        }
        if plan.unique {
            let duplicate = items
                .iter()
                .enumerate()
                .any(|(i, item)| items[..i].contains(item));
            if duplicate {
                self.report(path, "repeated.unique", "items must be unique");
            }
        }
        if let Some(item_rules) = &plan.items {
            for (i, item) in items.iter().enumerate() {
                self.element(item_rules, item, kind, &path.index(i));
            }
        }
    }

    fn map(
        &mut self,
        plan: &MapPlan,
        entries: &HashMap<MapKey, Value>,
        kind: &Kind,
        path: &FieldPath,
    ) {
        let count = entries.len() as u64;
        if let Some(min) = plan.min_pairs {
            if count < min {
                self.report(
                    path,
                    "map.min_pairs",
                    format!("must have at least {min} entries, got {count}"),
                );
            }
        }
        if let Some(max) = plan.max_pairs {
            if count > max {
                self.report(
                    path,
                    "map.max_pairs",
                    format!("must have at most {max} entries, got {count}"),
                );
            }
        }
        let Kind::Message(entry) = kind else { return };
        let key_kind = entry.map_entry_key_field().kind();
        let value_kind = entry.map_entry_value_field().kind();
        // Sorted, so violations come out in the same order on every run.
        let mut sorted: Vec<_> = entries.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(b.0));
        for (key, value) in sorted {
            let entry_path = path.child(key_segment(key));
            if let Some(key_rules) = &plan.keys {
                let key_value: Value = key.clone().into();
                self.element(key_rules, &key_value, &key_kind, &entry_path);
            }
            if let Some(value_rules) = &plan.values {
                self.element(value_rules, value, &value_kind, &entry_path);
            }
        }
    }
}

fn is_zero(value: &Value, kind: &Kind) -> bool {
    match value {
        Value::Message(_) => false,
        other => *other == Value::default_value(kind),
    }
}

fn enum_name(kind: &Kind, number: i32) -> String {
    kind.as_enum()
        .and_then(|e| e.get_value(number))
        .map_or_else(|| number.to_string(), |v| v.name().to_owned())
}

pub fn key_segment(key: &MapKey) -> Segment {
    match key {
        MapKey::String(text) => Segment::StringKey(text.clone()),
        MapKey::Bool(v) => Segment::OtherKey(v.to_string()),
        MapKey::I32(v) => Segment::OtherKey(v.to_string()),
        MapKey::I64(v) => Segment::OtherKey(v.to_string()),
        MapKey::U32(v) => Segment::OtherKey(v.to_string()),
        MapKey::U64(v) => Segment::OtherKey(v.to_string()),
    }
}
