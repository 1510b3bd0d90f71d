//! Rules on the well-known message types buf.validate knows: `duration` and `timestamp`
//! (compared as nanoseconds, with protovalidate's rule ids for ranges), `any` (its type URL)
//! and `field_mask` (its paths). Each is an opaque test: other platforms see these values
//! as JSON text (`"1.5s"`, an RFC 3339 string), whose order their languages do not know.

use super::rule::{Opaque, Rule, Test};
use crate::rules::buf_validate::{
    duration_rules, timestamp_rules, AnyRules, DurationRules, FieldMaskRules, TimestampRules,
};
use prost_reflect::{DynamicMessage, ReflectMessage, Value};
use std::time::{SystemTime, UNIX_EPOCH};

const REASON: &str = "a well-known message type; other platforms see its JSON text, not its value";

/// What a rule asks of a well-known message value.
#[derive(Clone, Debug, PartialEq)]
pub enum MessageTest {
    /// A Duration or Timestamp, as nanoseconds (since the epoch, for a Timestamp).
    Nanos(Nanos),
    /// An Any's type URL is (or is not) one of these.
    TypeUrl { allowed: bool, urls: Vec<String> },
    /// A FieldMask's paths.
    Paths(Paths),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Nanos {
    Eq(i128),
    /// Below `upper` and above `lower` (each inclusive or not); with `either`, one of the
    /// two is enough (the bounds are inverted: a value must lie outside the gap).
    Range {
        lower: Option<(i128, bool)>,
        upper: Option<(i128, bool)>,
        either: bool,
    },
    In(Vec<i128>),
    NotIn(Vec<i128>),
    /// Before (or with `after`, after) the time of the check.
    Now {
        after: bool,
    },
    /// Within this many nanoseconds of the time of the check.
    Within(i128),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Paths {
    Eq(Vec<String>),
    /// Every path is one of these, or below one.
    In(Vec<String>),
    /// No path is one of these, or below one.
    NotIn(Vec<String>),
}

impl MessageTest {
    pub fn holds(&self, value: &Value) -> bool {
        let Value::Message(message) = value else {
            return true;
        };
        match self {
            MessageTest::Nanos(test) => nanos_of(message).is_none_or(|n| test.holds(n)),
            MessageTest::TypeUrl { allowed, urls } => {
                let url = field(message, "type_url")
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                urls.contains(&url) == *allowed
            }
            MessageTest::Paths(test) => test.holds(&paths_of(message)),
        }
    }
}

impl Nanos {
    fn holds(&self, n: i128) -> bool {
        match self {
            Nanos::Eq(expected) => n == *expected,
            Nanos::Range {
                lower,
                upper,
                either,
            } => {
                let above = lower.map(|(b, inclusive)| if inclusive { n >= b } else { n > b });
                let below = upper.map(|(b, inclusive)| if inclusive { n <= b } else { n < b });
                match (above, below) {
                    (Some(a), Some(b)) if *either => a || b,
                    (a, b) => a.unwrap_or(true) && b.unwrap_or(true),
                }
            }
            Nanos::In(allowed) => allowed.contains(&n),
            Nanos::NotIn(denied) => !denied.contains(&n),
            Nanos::Now { after } => {
                let now = now();
                if *after {
                    n > now
                } else {
                    n < now
                }
            }
            Nanos::Within(span) => (n - now()).abs() <= *span,
        }
    }
}

impl Paths {
    fn holds(&self, paths: &[String]) -> bool {
        let covered = |path: &String, by: &[String]| {
            by.iter()
                .any(|p| path == p || path.starts_with(&format!("{p}.")))
        };
        match self {
            Paths::Eq(expected) => paths == expected.as_slice(),
            Paths::In(allowed) => paths.iter().all(|p| covered(p, allowed)),
            Paths::NotIn(denied) => !paths.iter().any(|p| covered(p, denied)),
        }
    }
}

fn field(message: &DynamicMessage, name: &str) -> Option<Value> {
    let field = message.descriptor().get_field_by_name(name)?;
    Some(message.get_field(&field).into_owned())
}

/// A Duration's or Timestamp's `seconds` and `nanos` as one number of nanoseconds.
fn nanos(seconds: i64, nanos: i32) -> i128 {
    i128::from(seconds) * 1_000_000_000 + i128::from(nanos)
}

/// A Duration or Timestamp value, as nanoseconds.
fn nanos_of(message: &DynamicMessage) -> Option<i128> {
    let seconds = field(message, "seconds")?.as_i64()?;
    Some(nanos(seconds, field(message, "nanos")?.as_i32()?))
}

fn paths_of(message: &DynamicMessage) -> Vec<String> {
    match field(message, "paths") {
        Some(Value::List(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

fn now() -> i128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i128)
}

fn duration_nanos(d: &prost_types::Duration) -> i128 {
    nanos(d.seconds, d.nanos)
}

fn timestamp_nanos(t: &prost_types::Timestamp) -> i128 {
    nanos(t.seconds, t.nanos)
}

fn rule(id: String, message: String, test: MessageTest) -> Rule {
    Rule {
        id,
        message,
        test: Test::Opaque {
            test: Opaque::Message(test),
            reason: REASON,
        },
        presence: false,
    }
}

/// A bound: its value in nanoseconds, whether it is inclusive, and how it reads.
type Bound = (i128, bool, String);

/// The range rule of `family` (`duration`, `timestamp`), named as protovalidate names it:
/// `gt`, `lte`, `gte_lt`, or `gt_lt_exclusive` when the upper bound lies below the lower.
fn range(family: &str, lower: Option<Bound>, upper: Option<Bound>, out: &mut Vec<Rule>) {
    let side = |(_, inclusive, shown): &Bound, is_lower: bool| {
        let (name, words) = match (is_lower, inclusive) {
            (true, true) => ("gte", "greater than or equal to"),
            (true, false) => ("gt", "greater than"),
            (false, true) => ("lte", "less than or equal to"),
            (false, false) => ("lt", "less than"),
        };
        (name, format!("{words} {shown}"))
    };
    let (name, message, either) = match (&lower, &upper) {
        (None, None) => return,
        (Some(b), None) => {
            let (name, text) = side(b, true);
            (name.to_owned(), format!("must be {text}"), false)
        }
        (None, Some(b)) => {
            let (name, text) = side(b, false);
            (name.to_owned(), format!("must be {text}"), false)
        }
        (Some(low), Some(up)) => {
            let (low_name, low_text) = side(low, true);
            let (up_name, up_text) = side(up, false);
            if up.0 >= low.0 {
                let message = format!("must be {low_text} and {up_text}");
                (format!("{low_name}_{up_name}"), message, false)
            } else {
                let message = format!("must be {low_text} or {up_text}");
                (format!("{low_name}_{up_name}_exclusive"), message, true)
            }
        }
    };
    let test = MessageTest::Nanos(Nanos::Range {
        lower: lower.map(|(n, inclusive, _)| (n, inclusive)),
        upper: upper.map(|(n, inclusive, _)| (n, inclusive)),
        either,
    });
    out.push(rule(format!("{family}.{name}"), message, test));
}

fn listed(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}

pub fn duration(r: &DurationRules, out: &mut Vec<Rule>) {
    let bound =
        |d: &prost_types::Duration, inclusive| (duration_nanos(d), inclusive, d.to_string());
    if let Some(expected) = &r.r#const {
        let test = MessageTest::Nanos(Nanos::Eq(duration_nanos(expected)));
        out.push(rule(
            "duration.const".into(),
            format!("must equal {expected}"),
            test,
        ));
    }
    let lower = r.greater_than.as_ref().map(|g| match g {
        duration_rules::GreaterThan::Gt(d) => bound(d, false),
        duration_rules::GreaterThan::Gte(d) => bound(d, true),
    });
    let upper = r.less_than.as_ref().map(|l| match l {
        duration_rules::LessThan::Lt(d) => bound(d, false),
        duration_rules::LessThan::Lte(d) => bound(d, true),
    });
    range("duration", lower, upper, out);
    let shown = |list: &[prost_types::Duration]| {
        listed(&list.iter().map(ToString::to_string).collect::<Vec<_>>())
    };
    let nanos = |list: &[prost_types::Duration]| list.iter().map(duration_nanos).collect();
    if !r.r#in.is_empty() {
        let test = MessageTest::Nanos(Nanos::In(nanos(&r.r#in)));
        let message = format!("must be in list {}", shown(&r.r#in));
        out.push(rule("duration.in".into(), message, test));
    }
    if !r.not_in.is_empty() {
        let test = MessageTest::Nanos(Nanos::NotIn(nanos(&r.not_in)));
        let message = format!("must not be in list {}", shown(&r.not_in));
        out.push(rule("duration.not_in".into(), message, test));
    }
}

pub fn timestamp(r: &TimestampRules, out: &mut Vec<Rule>) {
    let bound =
        |t: &prost_types::Timestamp, inclusive| (timestamp_nanos(t), inclusive, t.to_string());
    if let Some(expected) = &r.r#const {
        let test = MessageTest::Nanos(Nanos::Eq(timestamp_nanos(expected)));
        out.push(rule(
            "timestamp.const".into(),
            format!("must equal {expected}"),
            test,
        ));
    }
    let lower = match &r.greater_than {
        Some(timestamp_rules::GreaterThan::Gt(t)) => Some(bound(t, false)),
        Some(timestamp_rules::GreaterThan::Gte(t)) => Some(bound(t, true)),
        Some(timestamp_rules::GreaterThan::GtNow(true)) => {
            let test = MessageTest::Nanos(Nanos::Now { after: true });
            out.push(rule(
                "timestamp.gt_now".into(),
                "must be in the future".into(),
                test,
            ));
            None
        }
        _ => None,
    };
    let upper = match &r.less_than {
        Some(timestamp_rules::LessThan::Lt(t)) => Some(bound(t, false)),
        Some(timestamp_rules::LessThan::Lte(t)) => Some(bound(t, true)),
        Some(timestamp_rules::LessThan::LtNow(true)) => {
            let test = MessageTest::Nanos(Nanos::Now { after: false });
            out.push(rule(
                "timestamp.lt_now".into(),
                "must be in the past".into(),
                test,
            ));
            None
        }
        _ => None,
    };
    range("timestamp", lower, upper, out);
    if let Some(within) = &r.within {
        let test = MessageTest::Nanos(Nanos::Within(duration_nanos(within)));
        let message = format!("must be within {within} of now");
        out.push(rule("timestamp.within".into(), message, test));
    }
}

pub fn any(r: &AnyRules, out: &mut Vec<Rule>) {
    if !r.r#in.is_empty() {
        let test = MessageTest::TypeUrl {
            allowed: true,
            urls: r.r#in.clone(),
        };
        let message = format!("type URL must be in the allow list {}", listed(&r.r#in));
        out.push(rule("any.in".into(), message, test));
    }
    if !r.not_in.is_empty() {
        let test = MessageTest::TypeUrl {
            allowed: false,
            urls: r.not_in.clone(),
        };
        let message = format!(
            "type URL must not be in the block list {}",
            listed(&r.not_in)
        );
        out.push(rule("any.not_in".into(), message, test));
    }
}

pub fn field_mask(r: &FieldMaskRules, out: &mut Vec<Rule>) {
    if let Some(expected) = &r.r#const {
        let test = MessageTest::Paths(Paths::Eq(expected.paths.clone()));
        let message = format!("must equal paths {}", listed(&expected.paths));
        out.push(rule("field_mask.const".into(), message, test));
    }
    if !r.r#in.is_empty() {
        let test = MessageTest::Paths(Paths::In(r.r#in.clone()));
        let message = format!("must only contain paths in {}", listed(&r.r#in));
        out.push(rule("field_mask.in".into(), message, test));
    }
    if !r.not_in.is_empty() {
        let test = MessageTest::Paths(Paths::NotIn(r.not_in.clone()));
        let message = format!("must not contain any paths in {}", listed(&r.not_in));
        out.push(rule("field_mask.not_in".into(), message, test));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverted_bounds_leave_a_gap() {
        let gap = Nanos::Range {
            lower: Some((10, false)),
            upper: Some((5, false)),
            either: true,
        };
        assert!(gap.holds(11) && gap.holds(4) && !gap.holds(7) && !gap.holds(10));
        let band = Nanos::Range {
            lower: Some((5, true)),
            upper: Some((10, false)),
            either: false,
        };
        assert!(band.holds(5) && !band.holds(10) && !band.holds(4));
    }

    #[test]
    fn paths_below_an_allowed_one_are_allowed() {
        let allowed = Paths::In(vec!["a".into(), "b.c".into()]);
        assert!(allowed.holds(&["a.x".into(), "b.c".into()]));
        assert!(!allowed.holds(&["b".into()]) && !allowed.holds(&["ab".into()]));
        let denied = Paths::NotIn(vec!["a".into()]);
        assert!(denied.holds(&["b".into()]) && !denied.holds(&["a.b".into()]));
    }
}
