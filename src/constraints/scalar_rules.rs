//! buf.validate's standard rules, one function per rule family, each rule with its id, its
//! message and its test. This is the only place those ids and messages are written.

use super::formats::Format;
use super::numbers::{order, Bound, NumberRules};
use super::{Cmp, EnumShape, Expr, Literal, Measure, Opaque, Pattern, Pred, Report, Rule, Test};
use crate::rules::buf_validate::bytes_rules::WellKnown as BytesWellKnown;
use crate::rules::buf_validate::string_rules::WellKnown;
use crate::rules::buf_validate::{BytesRules, EnumRules, KnownRegex, StringRules};
use std::cmp::Ordering;

/// A schema error's text: a pattern that does not compile.
pub type Refusal = String;

fn got(id: impl Into<String>, message: String, expr: Expr, measure: Measure) -> Rule {
    Rule {
        id: id.into(),
        message,
        test: Test::Expr {
            expr,
            report: Report::Got(measure),
        },
        presence: false,
    }
}

fn opaque(
    id: impl Into<String>,
    message: impl Into<String>,
    test: Opaque,
    reason: &'static str,
) -> Rule {
    Rule {
        id: id.into(),
        message: message.into(),
        test: Test::Opaque { test, reason },
        presence: false,
    }
}

fn pattern(source: &str) -> Result<Pattern, Refusal> {
    Pattern::new(source).map_err(|e| format!("pattern `{source}`: {e}"))
}

const FORMAT_REASON: &str =
    "a well-known format; its grammar is not a regular expression every platform shares";
const BYTES_REASON: &str =
    "bytes travel base64-encoded; their content is not checked on other platforms";
const FINITE_REASON: &str = "JSON, HCL and YAML numbers have no infinity or NaN to refuse";

pub fn string(r: &StringRules, rules: &mut Vec<Rule>) -> Result<(), Refusal> {
    if let Some(expected) = &r.r#const {
        rules.push(Rule::printable(
            "string.const",
            format!("must equal `{expected}`"),
            Expr::this(Pred::Eq(Literal::Str(expected.clone()))),
        ));
    }
    string_lengths(r, rules);
    string_patterns(r, rules)?;
    string_lists(r, rules);
    if let Some(format) = r.well_known.as_ref().and_then(|w| format(w, r.strict)) {
        let test = Opaque::Format {
            format,
            empty_rule: format.has_empty_rule(),
        };
        let id = format!("string.{}", format.name());
        let message = format!("must be {}", format.noun());
        rules.push(opaque(id, message, test, FORMAT_REASON));
    }
    Ok(())
}

fn string_lengths(r: &StringRules, rules: &mut Vec<Rule>) {
    let lengths = [
        ("string.len", r.len, Cmp::Eq, "exactly", Measure::Chars),
        (
            "string.min_len",
            r.min_len,
            Cmp::Ge,
            "at least",
            Measure::Chars,
        ),
        (
            "string.max_len",
            r.max_len,
            Cmp::Le,
            "at most",
            Measure::Chars,
        ),
        (
            "string.len_bytes",
            r.len_bytes,
            Cmp::Eq,
            "exactly",
            Measure::Bytes,
        ),
        (
            "string.min_bytes",
            r.min_bytes,
            Cmp::Ge,
            "at least",
            Measure::Bytes,
        ),
        (
            "string.max_bytes",
            r.max_bytes,
            Cmp::Le,
            "at most",
            Measure::Bytes,
        ),
    ];
    for (id, limit, cmp, words, measure) in lengths {
        if let Some(n) = limit {
            let (pred, unit) = match measure {
                Measure::Chars => (Pred::Len(cmp, n), "characters"),
                _ => (Pred::Bytes(cmp, n), "bytes"),
            };
            let message = format!("must be {words} {n} {unit}");
            rules.push(got(id, message, Expr::this(pred), measure));
        }
    }
}

/// `pattern`, `prefix`, `suffix`, `contains`, `not_contains`: all RE2 matches.
fn string_patterns(r: &StringRules, rules: &mut Vec<Rule>) -> Result<(), Refusal> {
    if let Some(source) = &r.pattern {
        rules.push(Rule::printable(
            "string.pattern",
            format!("must match the pattern `{source}`"),
            Expr::this(Pred::Matches(pattern(source)?)),
        ));
    }
    let affixes = [
        ("string.prefix", &r.prefix, "must start with", "^", ""),
        ("string.suffix", &r.suffix, "must end with", "", "$"),
        ("string.contains", &r.contains, "must contain", "", ""),
    ];
    for (id, affix, words, before, after) in affixes {
        if let Some(affix) = affix {
            let source = format!("{before}{}{after}", regex::escape(affix));
            rules.push(Rule::printable(
                id,
                format!("{words} `{affix}`"),
                Expr::this(Pred::Matches(pattern(&source)?)),
            ));
        }
    }
    if let Some(needle) = &r.not_contains {
        rules.push(Rule::printable(
            "string.not_contains",
            format!("must not contain `{needle}`"),
            Expr::negate(Expr::this(Pred::Matches(pattern(&regex::escape(needle))?))),
        ));
    }
    Ok(())
}

fn string_lists(r: &StringRules, rules: &mut Vec<Rule>) {
    let texts = |list: &[String]| list.iter().map(|s| Literal::Str(s.clone())).collect();
    let quoted = crate::diagnostics::quoted_list;
    if !r.r#in.is_empty() {
        rules.push(Rule::printable(
            "string.in",
            format!("must be one of: {}", quoted(&r.r#in)),
            Expr::this(Pred::In(texts(&r.r#in))),
        ));
    }
    if !r.not_in.is_empty() {
        rules.push(Rule::printable(
            "string.not_in",
            format!("must not be one of: {}", quoted(&r.not_in)),
            Expr::negate(Expr::this(Pred::In(texts(&r.not_in)))),
        ));
    }
}

/// The format a well-known rule turned on asks for (`None` for `email: false`, ...);
/// `strict` (default true) chooses the RFC or the loose form of a header regex.
fn format(well_known: &WellKnown, strict: Option<bool>) -> Option<Format> {
    let strict = strict.unwrap_or(true);
    Some(match well_known {
        WellKnown::Email(true) => Format::Email,
        WellKnown::Hostname(true) => Format::Hostname,
        WellKnown::Ip(true) => Format::Ip,
        WellKnown::Ipv4(true) => Format::Ipv4,
        WellKnown::Ipv6(true) => Format::Ipv6,
        WellKnown::Uri(true) => Format::Uri,
        WellKnown::UriRef(true) => Format::UriRef,
        WellKnown::Address(true) => Format::Address,
        WellKnown::Uuid(true) => Format::Uuid,
        WellKnown::Tuuid(true) => Format::Tuuid,
        WellKnown::IpWithPrefixlen(true) => Format::IpWithPrefixlen,
        WellKnown::Ipv4WithPrefixlen(true) => Format::Ipv4WithPrefixlen,
        WellKnown::Ipv6WithPrefixlen(true) => Format::Ipv6WithPrefixlen,
        WellKnown::IpPrefix(true) => Format::IpPrefix,
        WellKnown::Ipv4Prefix(true) => Format::Ipv4Prefix,
        WellKnown::Ipv6Prefix(true) => Format::Ipv6Prefix,
        WellKnown::HostAndPort(true) => Format::HostAndPort,
        WellKnown::Ulid(true) => Format::Ulid,
        WellKnown::ProtobufFqn(true) => Format::ProtobufFqn,
        WellKnown::ProtobufDotFqn(true) => Format::ProtobufDotFqn,
        WellKnown::WellKnownRegex(regex) => match KnownRegex::try_from(*regex) {
            Ok(KnownRegex::HttpHeaderName) => Format::HeaderName { strict },
            Ok(KnownRegex::HttpHeaderValue) => Format::HeaderValue { strict },
            _ => return None,
        },
        _ => return None,
    })
}

pub fn bytes(r: &BytesRules, rules: &mut Vec<Rule>) -> Result<(), Refusal> {
    if let Some(expected) = &r.r#const {
        let test = Opaque::BytesEq(expected.to_vec());
        rules.push(opaque(
            "bytes.const",
            "must equal the constant value",
            test,
            BYTES_REASON,
        ));
    }
    let lengths = [
        ("bytes.len", r.len, Cmp::Eq, "exactly"),
        ("bytes.min_len", r.min_len, Cmp::Ge, "at least"),
        ("bytes.max_len", r.max_len, Cmp::Le, "at most"),
    ];
    for (id, limit, cmp, words) in lengths {
        if let Some(n) = limit {
            let message = format!("must be {words} {n} bytes");
            rules.push(got(
                id,
                message,
                Expr::this(Pred::Bytes(cmp, n)),
                Measure::Bytes,
            ));
        }
    }
    if let Some(source) = &r.pattern {
        let message = format!("must match the pattern `{source}`");
        let test = Opaque::BytesMatch(pattern(source)?);
        rules.push(opaque("bytes.pattern", message, test, BYTES_REASON));
    }
    let contents = [
        (
            "bytes.prefix",
            &r.prefix,
            "must start with the given prefix",
            Opaque::BytesPrefix as fn(Vec<u8>) -> Opaque,
        ),
        (
            "bytes.suffix",
            &r.suffix,
            "must end with the given suffix",
            Opaque::BytesSuffix,
        ),
        (
            "bytes.contains",
            &r.contains,
            "must contain the given bytes",
            Opaque::BytesContains,
        ),
    ];
    for (id, content, message, test) in contents {
        if let Some(content) = content {
            rules.push(opaque(id, message, test(content.to_vec()), BYTES_REASON));
        }
    }
    let list = |values: &[Vec<u8>]| values.to_vec();
    if !r.r#in.is_empty() {
        let test = Opaque::BytesIn(list(&r.r#in));
        rules.push(opaque(
            "bytes.in",
            "must be one of the allowed values",
            test,
            BYTES_REASON,
        ));
    }
    if !r.not_in.is_empty() {
        let test = Opaque::BytesNotIn(list(&r.not_in));
        let message = "must not be one of the denied values";
        rules.push(opaque("bytes.not_in", message, test, BYTES_REASON));
    }
    let format = match r.well_known {
        Some(BytesWellKnown::Ip(true)) => Some(("ip", "an IP address", vec![4, 16])),
        Some(BytesWellKnown::Ipv4(true)) => Some(("ipv4", "an IPv4 address", vec![4])),
        Some(BytesWellKnown::Ipv6(true)) => Some(("ipv6", "an IPv6 address", vec![16])),
        Some(BytesWellKnown::Uuid(true)) => Some(("uuid", "a UUID", vec![16])),
        _ => None,
    };
    if let Some((name, noun, lengths)) = format {
        let message = format!("must be {noun} ({} bytes)", join_lengths(&lengths));
        let test = Opaque::BytesLengths(lengths);
        rules.push(opaque(format!("bytes.{name}"), message, test, BYTES_REASON));
    }
    Ok(())
}

fn join_lengths(lengths: &[usize]) -> String {
    let words: Vec<String> = lengths.iter().map(usize::to_string).collect();
    words.join(" or ")
}

pub fn boolean(expected: Option<bool>, rules: &mut Vec<Rule>) {
    if let Some(expected) = expected {
        rules.push(Rule::printable(
            "bool.const",
            format!("must be {expected}"),
            Expr::this(Pred::Eq(Literal::Bool(expected))),
        ));
    }
}

pub fn enumeration(r: &EnumRules, shape: &EnumShape, rules: &mut Vec<Rule>) {
    let literals = |numbers: &[i32]| -> Vec<Literal> {
        numbers
            .iter()
            .map(|n| Literal::Enum(shape.literal(*n)))
            .collect()
    };
    let names = |numbers: &[i32]| -> String {
        let names: Vec<String> = numbers
            .iter()
            .map(|n| Literal::Enum(shape.literal(*n)).to_string())
            .collect();
        names.join(", ")
    };
    if let Some(expected) = r.r#const {
        let literal = Literal::Enum(shape.literal(expected));
        rules.push(Rule::printable(
            "enum.const",
            format!("must be {literal}"),
            Expr::this(Pred::Eq(literal)),
        ));
    }
    if r.defined_only.unwrap_or(false) {
        let defined: Vec<i32> = shape.values.iter().map(|(_, n)| *n).collect();
        rules.push(Rule {
            id: "enum.defined_only".into(),
            message: "must be one of the values the enum defines".into(),
            test: Test::Expr {
                expr: Expr::this(Pred::In(literals(&defined))),
                report: Report::Undefined,
            },
            presence: false,
        });
    }
    if !r.r#in.is_empty() {
        rules.push(Rule::printable(
            "enum.in",
            format!("must be one of: {}", names(&r.r#in)),
            Expr::this(Pred::In(literals(&r.r#in))),
        ));
    }
    if !r.not_in.is_empty() {
        rules.push(Rule::printable(
            "enum.not_in",
            format!("must not be one of: {}", names(&r.not_in)),
            Expr::negate(Expr::this(Pred::In(literals(&r.not_in)))),
        ));
    }
}

pub fn number(r: &NumberRules, rules: &mut Vec<Rule>) {
    let id = |rule: &str| format!("{}.{rule}", r.type_name);
    if let Some(constant) = &r.constant {
        let expr = Expr::this(Pred::Eq(constant.clone()));
        rules.push(got(
            id("const"),
            format!("must equal {constant}"),
            expr,
            Measure::Value,
        ));
    }
    if let Some((name, message, expr)) = range(r.lower.as_ref(), r.upper.as_ref()) {
        rules.push(got(id(&name), message, expr, Measure::Value));
    }
    let list = |numbers: &[Literal]| {
        let items: Vec<String> = numbers.iter().map(Literal::to_string).collect();
        format!("[{}]", items.join(", "))
    };
    if !r.allowed.is_empty() {
        let message = format!("must be one of {}", list(&r.allowed));
        let expr = Expr::this(Pred::In(r.allowed.clone()));
        rules.push(got(id("in"), message, expr, Measure::Value));
    }
    if !r.denied.is_empty() {
        rules.push(Rule::printable(
            id("not_in"),
            format!("must not be one of {}", list(&r.denied)),
            Expr::negate(Expr::this(Pred::In(r.denied.clone()))),
        ));
    }
    if r.finite {
        let message = "must be a finite number";
        rules.push(opaque(id("finite"), message, Opaque::Finite, FINITE_REASON));
    }
}

/// The range rule, named the way protovalidate names it: `gt`, `lte`, `gte_lt`, or
/// `gt_lt_exclusive` when the upper bound lies below the lower one (a value must then be
/// outside the gap).
fn range(lower: Option<&Bound>, upper: Option<&Bound>) -> Option<(String, String, Expr)> {
    let side = |b: &Bound, is_lower: bool| {
        let (cmp, name, words) = match (is_lower, b.inclusive) {
            (true, true) => (Cmp::Ge, "gte", "greater than or equal to"),
            (true, false) => (Cmp::Gt, "gt", "greater than"),
            (false, true) => (Cmp::Le, "lte", "less than or equal to"),
            (false, false) => (Cmp::Lt, "lt", "less than"),
        };
        let expr = Expr::this(Pred::Compare(cmp, b.value.clone()));
        (name, format!("{words} {}", b.value), expr)
    };
    Some(match (lower, upper) {
        (None, None) => return None,
        (Some(b), None) => {
            let (name, text, expr) = side(b, true);
            (name.to_owned(), format!("must be {text}"), expr)
        }
        (None, Some(b)) => {
            let (name, text, expr) = side(b, false);
            (name.to_owned(), format!("must be {text}"), expr)
        }
        (Some(lower), Some(upper)) => {
            let (low_name, low_text, low) = side(lower, true);
            let (up_name, up_text, up) = side(upper, false);
            let name = format!("{low_name}_{up_name}");
            let ordered = matches!(
                order(&upper.value, &lower.value),
                Some(Ordering::Greater | Ordering::Equal)
            );
            if ordered {
                let message = format!("must be {low_text} and {up_text}");
                (name, message, Expr::And(vec![low, up]))
            } else {
                let message = format!("must be {low_text} or {up_text}");
                (
                    format!("{name}_exclusive"),
                    message,
                    Expr::Or(vec![low, up]),
                )
            }
        }
    })
}

/// A list's or map's size bounds, `[(min rule, min), (max rule, max)]`, counted in `noun`.
pub fn count(bounds: [(&str, Option<u64>); 2], noun: &str, rules: &mut Vec<Rule>) {
    let [(min_id, min), (max_id, max)] = bounds;
    if let Some(min) = min {
        let message = format!("must have at least {min} {noun}");
        let expr = Expr::this(Pred::Count(Cmp::Ge, min));
        rules.push(got(min_id, message, expr, Measure::Count));
    }
    if let Some(max) = max {
        let message = format!("must have at most {max} {noun}");
        let expr = Expr::this(Pred::Count(Cmp::Le, max));
        rules.push(got(max_id, message, expr, Measure::Count));
    }
}

pub fn unique(rules: &mut Vec<Rule>) {
    rules.push(Rule::printable(
        "repeated.unique",
        "items must be unique",
        Expr::this(Pred::Unique),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constraints::Subject;
    use prost_reflect::Value;

    fn int_rules(lower: Option<(i128, bool)>, upper: Option<(i128, bool)>) -> Vec<Rule> {
        let bound = |(v, inclusive): (i128, bool)| Bound {
            value: Literal::Int(v),
            inclusive,
        };
        let rules = NumberRules {
            type_name: "int32",
            constant: None,
            lower: lower.map(bound),
            upper: upper.map(bound),
            allowed: vec![],
            denied: vec![],
            finite: false,
        };
        let mut out = Vec::new();
        number(&rules, &mut out);
        out
    }

    /// (rule id, message) of every rule `value` breaks.
    fn broken(rules: &[Rule], value: Value) -> Vec<(String, String)> {
        rules
            .iter()
            .filter_map(|r| r.evaluate(Subject::Value(&value), &mut None))
            .map(|b| (b.rule, b.message))
            .collect()
    }

    fn ids(rules: &[Rule], value: Value) -> Vec<String> {
        broken(rules, value).into_iter().map(|(id, _)| id).collect()
    }

    #[test]
    fn range_rule_ids_follow_protovalidate() {
        let gte = int_rules(Some((0, true)), None);
        assert_eq!(ids(&gte, Value::I32(-1)), ["int32.gte"]);
        assert!(ids(&gte, Value::I32(0)).is_empty());
        let range = int_rules(Some((0, false)), Some((10, false)));
        assert_eq!(
            broken(&range, Value::I32(10)),
            [(
                "int32.gt_lt".to_owned(),
                "must be greater than 0 and less than 10, got 10".to_owned()
            )]
        );
        assert!(ids(&range, Value::I32(5)).is_empty());
        let outside = int_rules(Some((10, true)), Some((0, true)));
        assert_eq!(ids(&outside, Value::I32(5)), ["int32.gte_lte_exclusive"]);
        assert!(ids(&outside, Value::I32(11)).is_empty());
        assert!(ids(&outside, Value::I32(-3)).is_empty());
    }

    #[test]
    fn nan_fails_every_bound() {
        let rules = NumberRules {
            type_name: "double",
            constant: None,
            lower: Some(Bound {
                value: Literal::Float(0.0),
                inclusive: true,
            }),
            upper: None,
            allowed: vec![],
            denied: vec![],
            finite: true,
        };
        let mut out = Vec::new();
        number(&rules, &mut out);
        assert_eq!(
            ids(&out, Value::F64(f64::NAN)),
            ["double.gte", "double.finite"]
        );
        assert!(ids(&out, Value::F64(1.5)).is_empty());
    }

    #[test]
    fn an_empty_string_breaks_the_format_s_empty_rule() {
        let rules = StringRules {
            well_known: Some(WellKnown::Email(true)),
            ..Default::default()
        };
        let mut out = Vec::new();
        string(&rules, &mut out).unwrap();
        let empty = Value::String(String::new());
        assert_eq!(
            broken(&out, empty),
            [(
                "string.email_empty".to_owned(),
                "must be an email address, got an empty string".to_owned()
            )]
        );
        let wrong = Value::String("not-an-address".into());
        assert_eq!(ids(&out, wrong), ["string.email"]);
        assert!(ids(&out, Value::String("ops@example.com".into())).is_empty());
        // A URI reference may be empty; no rule of its own for it.
        let mut out = Vec::new();
        let uri_ref = StringRules {
            well_known: Some(WellKnown::UriRef(true)),
            ..Default::default()
        };
        string(&uri_ref, &mut out).unwrap();
        assert!(ids(&out, Value::String(String::new())).is_empty());
    }

    #[test]
    fn lengths_count_code_points_or_bytes_and_say_what_they_got() {
        let rules = StringRules {
            max_len: Some(2),
            max_bytes: Some(3),
            ..Default::default()
        };
        let mut out = Vec::new();
        string(&rules, &mut out).unwrap();
        assert_eq!(
            broken(&out, Value::String("éé".into())),
            [(
                "string.max_bytes".to_owned(),
                "must be at most 3 bytes, got 4".to_owned()
            )]
        );
        assert_eq!(
            broken(&out, Value::String("abc".into())),
            [(
                "string.max_len".to_owned(),
                "must be at most 2 characters, got 3".to_owned()
            )]
        );
    }

    #[test]
    fn every_rule_prints_or_says_why_not() {
        let rules = StringRules {
            min_len: Some(1),
            well_known: Some(WellKnown::Hostname(true)),
            ..Default::default()
        };
        let mut out = Vec::new();
        string(&rules, &mut out).unwrap();
        let set = crate::constraints::RuleSet {
            rules: out,
            notes: vec![],
        };
        let printed: Vec<String> = set.printed_rules().into_iter().map(|c| c.rule).collect();
        let unprinted: Vec<String> = set.untranslated().into_iter().map(|u| u.rule).collect();
        assert_eq!(printed, ["string.min_len"]);
        assert_eq!(unprinted, ["string.hostname"]);
    }
}
