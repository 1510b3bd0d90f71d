//! The filters and functions templates may use. Escaping filters turn a value into a literal
//! of the target language; `number` and `ident` pass through only values that are already
//! safe (and fail on anything else); `pad` and `max_length` lay out aligned columns; `warn`
//! and `fail` let a template report on a manifest; `claim` finds duplicates in one pass.

use super::escape;
use crate::diagnostics::Violation;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tera::{Result, Tera, Value};

/// Filters whose output can be written into a file as is.
pub const ESCAPING_FILTERS: &[&str] = &[
    "hcl_string",
    "go_string",
    "yaml_string",
    "toml_string",
    "toml_key",
    "json_string",
    "number",
    "ident",
];
/// Filters that only add layout to what an escaping filter produced.
pub const LAYOUT_FILTERS: &[&str] = &["pad"];

/// Warnings and failures the templates reported during a render, and the keys they claimed.
#[derive(Clone, Default)]
pub struct Feedback(Arc<Mutex<State>>);

#[derive(Default)]
struct State {
    /// Each with the [`Position`] of the render that reported it, so that what parallel
    /// renders report comes out in the order of the file, whatever the scheduling.
    warnings: Vec<(u64, String)>,
    failures: Vec<(u64, Violation)>,
    /// (set, key) → the owner that claimed the key first.
    claims: HashMap<(String, String), String>,
}

impl Feedback {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        match self.0.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Claims `key` in `set` for `owner`: `None` when it was free, else who holds it. A
    /// template checks a whole run for duplicates in one pass with it, where a list it
    /// rebuilds on every step would take quadratic time.
    fn claim(&self, set: &str, key: &str, owner: &str) -> Option<String> {
        let mut state = self.state();
        let entry = state.claims.entry((set.to_owned(), key.to_owned()));
        match entry {
            std::collections::hash_map::Entry::Occupied(held) => Some(held.get().clone()),
            std::collections::hash_map::Entry::Vacant(free) => {
                free.insert(owner.to_owned());
                None
            }
        }
    }

    fn warn(&self, message: &str) {
        let at = Position::current();
        self.state().warnings.push((at, printable(message)));
    }

    fn fail(&self, refusal: Violation) {
        let at = Position::current();
        self.state().failures.push((at, refusal));
    }

    /// (warnings, failures), in the order of the renders that reported them (and, within
    /// one render, in the order reported).
    pub fn take(&self) -> (Vec<String>, Vec<Violation>) {
        let mut state = self.state();
        let mut warnings = std::mem::take(&mut state.warnings);
        let mut failures = std::mem::take(&mut state.failures);
        // Stable: one render runs on one thread, in order.
        warnings.sort_by_key(|(at, _)| *at);
        failures.sort_by_key(|(at, _)| *at);
        (
            warnings.into_iter().map(|(_, w)| w).collect(),
            failures.into_iter().map(|(_, f)| f).collect(),
        )
    }
}

/// Where in a target's output the render running on this thread is: set before every Tera
/// render (a render runs on one thread from start to end), read by `warn` and `fail`.
pub struct Position;

thread_local! {
    static POSITION: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

impl Position {
    /// The render of chunk `chunk` of section `section` of the target's `file`-th file.
    pub fn set(file: usize, section: usize, chunk: usize) {
        let at = ((file as u64 & 0xFFFF) << 48)
            | ((section as u64 & 0xFFFF) << 32)
            | (chunk as u64 & 0xFFFF_FFFF);
        POSITION.with(|p| p.set(at));
    }

    fn current() -> u64 {
        POSITION.with(std::cell::Cell::get)
    }
}

/// Messages go to a terminal: control and format characters from manifests (newlines,
/// escape sequences, bidirectional overrides) are shown as escapes instead of acting on it.
fn printable(message: &str) -> String {
    crate::diagnostics::terminal_safe(message).into_owned()
}

/// `fail(message=…, at=r.source, field=…, rule=…)`: a refusal located at the manifest
/// whose `source` is `at` (file, line, col), about `field`, under the rule id `rule`.
fn refusal(args: &HashMap<String, Value>) -> Violation {
    let arg = |name: &str| args.get(name).and_then(Value::as_str).unwrap_or_default();
    let at = args.get("at");
    let number = |key: &str| {
        at.and_then(|a| a.get(key))
            .and_then(Value::as_u64)
            .map_or(0, |n| n as usize)
    };
    let rule = match arg("rule") {
        "" => "template.refused",
        rule => rule,
    };
    Violation {
        file: printable(
            at.and_then(|a| a.get("file"))
                .and_then(Value::as_str)
                .unwrap_or_default(),
        ),
        line: number("line"),
        col: number("col"),
        field: printable(arg("field")),
        rule: printable(rule),
        message: match arg("message") {
            "" => "(no message)".to_owned(),
            message => printable(message),
        },
        hint: None,
    }
}

fn text(value: &Value, filter: &str) -> Result<String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(tera::Error::msg(format!(
            "`{filter}` expects text, got {other}"
        ))),
    }
}

fn string_filter(
    name: &'static str,
    escape: fn(&str) -> String,
) -> impl Fn(&Value, &HashMap<String, Value>) -> Result<Value> + Send + Sync {
    move |value, _| Ok(Value::String(escape(&text(value, name)?)))
}

pub fn register(tera: &mut Tera) -> Feedback {
    register_escapes(tera);
    tera.register_filter("number", number);
    tera.register_filter("ident", ident);
    tera.register_filter("pad", pad);
    tera.register_filter("max_length", max_length);
    tera.register_filter("unless", unless);
    tera.register_tester("matching", cached_matching());
    // Tera's own `map` and `filter` copy the whole list before looking at it; over every
    // resource of a run that copy was most of a render's peak memory. Same names, same
    // meaning, copying only what they return.
    tera.register_filter("map", map_attribute);
    tera.register_filter("filter", filter_by_attribute);
    register_feedback(tera)
}

/// A format's string escaper.
type Escape = fn(&str) -> String;

/// Each format's string escaper, as a filter of its name.
fn register_escapes(tera: &mut Tera) {
    let escapes: [(&'static str, Escape); 6] = [
        ("hcl_string", escape::hcl_string),
        ("go_string", escape::go_string),
        ("yaml_string", escape::yaml_string),
        ("toml_string", escape::toml_string),
        ("toml_key", escape::toml_key),
        ("json_string", escape::json_string),
    ];
    for (name, escape) in escapes {
        tera.register_filter(name, string_filter(name, escape));
    }
}

/// `warn`, `fail` and `claim`: what a template tells the run, collected in one `Feedback`.
fn register_feedback(tera: &mut Tera) -> Feedback {
    let feedback = Feedback::default();
    let warnings = feedback.clone();
    tera.register_function("warn", move |args: &HashMap<String, Value>| {
        let message = args.get("message").and_then(Value::as_str);
        warnings.warn(message.unwrap_or("(no message)"));
        Ok(Value::String(String::new()))
    });
    let failures = feedback.clone();
    tera.register_function("fail", move |args: &HashMap<String, Value>| {
        failures.fail(refusal(args));
        Ok(Value::String(String::new()))
    });
    let claims = feedback.clone();
    tera.register_function("claim", move |args: &HashMap<String, Value>| {
        let arg = |name: &str| {
            args.get(name)
                .map(|v| text(v, "claim"))
                .transpose()
                .map(Option::unwrap_or_default)
        };
        let held = claims.claim(&arg("set")?, &arg("key")?, &arg("owner")?);
        Ok(Value::String(held.unwrap_or_default()))
    });
    feedback
}

/// `value | number`: a number or bool as it is, anything else an error.
fn number(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    match value {
        Value::Number(_) | Value::Bool(_) => Ok(value.clone()),
        other => Err(tera::Error::msg(format!(
            "`number` expects a number, got {other}"
        ))),
    }
}

/// `value | ident`: an identifier (letters, digits, `_`, `-`; not starting with a digit).
fn ident(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    let text = text(value, "ident")?;
    let valid = text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if valid {
        Ok(Value::String(text))
    } else {
        Err(tera::Error::msg(format!(
            "`ident` expects an identifier, got {text:?}"
        )))
    }
}

/// `text | pad(width=N)`: spaces after the text up to N characters.
fn pad(value: &Value, args: &HashMap<String, Value>) -> Result<Value> {
    let text = text(value, "pad")?;
    let width = args.get("width").and_then(Value::as_u64).unwrap_or(0) as usize;
    let len = text.chars().count();
    Ok(Value::String(format!(
        "{text}{}",
        " ".repeat(width.saturating_sub(len))
    )))
}

/// `value | unless(value=X)`: the value, or an empty string when it equals X.
fn unless(value: &Value, args: &HashMap<String, Value>) -> Result<Value> {
    if args.get("value") == Some(value) {
        Ok(Value::String(String::new()))
    } else {
        Ok(value.clone())
    }
}

/// `list | max_length`: characters of the longest string in the list.
fn max_length(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    let longest = value
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(0);
    Ok(Value::from(longest))
}

/// `list | map(attribute="a.b")`: the attribute of every item, skipping items where it is
/// missing or null.
fn map_attribute(value: &Value, args: &HashMap<String, Value>) -> Result<Value> {
    let (items, attribute) = list_and_attribute("map", value, args)?;
    Ok(Value::Array(
        items
            .iter()
            .filter_map(|item| attribute_of(item, attribute))
            .filter(|found| !found.is_null())
            .cloned()
            .collect(),
    ))
}

/// `list | filter(attribute="a.b", value=V)`: the items whose attribute equals `V`, or,
/// without `value`, whose attribute is present and not null.
fn filter_by_attribute(value: &Value, args: &HashMap<String, Value>) -> Result<Value> {
    let (items, attribute) = list_and_attribute("filter", value, args)?;
    let wanted = args.get("value").unwrap_or(&Value::Null);
    Ok(Value::Array(
        items
            .iter()
            .filter(|item| {
                let found = attribute_of(item, attribute).unwrap_or(&Value::Null);
                if wanted.is_null() {
                    !found.is_null()
                } else {
                    found == wanted
                }
            })
            .cloned()
            .collect(),
    ))
}

fn list_and_attribute<'v>(
    filter: &str,
    value: &'v Value,
    args: &'v HashMap<String, Value>,
) -> Result<(&'v [Value], &'v str)> {
    let Value::Array(items) = value else {
        return Err(tera::Error::msg(format!(
            "`{filter}` expects a list, got {value}"
        )));
    };
    let Some(Value::String(attribute)) = args.get("attribute") else {
        return Err(tera::Error::msg(format!(
            "`{filter}` needs an `attribute` text argument"
        )));
    };
    Ok((items, attribute))
}

/// The value at a dotted path (`metadata.env`, `items.0`) inside `item`.
fn attribute_of<'v>(item: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(item, |at, step| match at {
        Value::Object(fields) => fields.get(step),
        Value::Array(items) => step.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    })
}

/// Tera's `matching` test compiles its regular expression on every evaluation, which made a
/// template that checks each of 10,000 manifests spend most of its time compiling the same
/// pattern. This one keeps every compiled pattern for the run.
fn cached_matching() -> impl Fn(Option<&Value>, &[Value]) -> Result<bool> + Send + Sync {
    let cache: Mutex<HashMap<String, regex::Regex>> = Mutex::new(HashMap::new());
    move |value: Option<&Value>, params: &[Value]| {
        let (Some(Value::String(text)), [Value::String(pattern)]) = (value, params) else {
            return Err(tera::Error::msg(
                "`matching` tests a string against one pattern string",
            ));
        };
        let mut cache = match cache.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        if !cache.contains_key(pattern) {
            let compiled = regex::Regex::new(pattern).map_err(|e| {
                tera::Error::msg(format!("`matching`: invalid regular expression: {e}"))
            })?;
            cache.insert(pattern.clone(), compiled);
        }
        Ok(cache.get(pattern).is_some_and(|re| re.is_match(text)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn args(pairs: &[(&str, Value)]) -> HashMap<String, Value> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect()
    }

    fn list() -> Value {
        json!([
            {"m": {"env": "prod"}, "n": 1},
            {"m": {"env": ""}, "n": 2},
            {"m": {"env": null}, "n": 3},
            {"m": {}, "n": 4},
            {"m": {"env": "prod"}, "n": 5},
        ])
    }

    #[test]
    fn map_takes_a_dotted_attribute_and_skips_missing_and_null() {
        let got = map_attribute(&list(), &args(&[("attribute", json!("m.env"))])).unwrap();
        assert_eq!(got, json!(["prod", "", "prod"]));
        let nested = json!([{"a": [10, 20]}, {"a": []}]);
        let got = map_attribute(&nested, &args(&[("attribute", json!("a.1"))])).unwrap();
        assert_eq!(got, json!([20]));
    }

    #[test]
    fn filter_keeps_equal_items_or_present_ones_without_a_value() {
        let by_value = args(&[("attribute", json!("m.env")), ("value", json!("prod"))]);
        let got = filter_by_attribute(&list(), &by_value).unwrap();
        assert_eq!(got.as_array().unwrap().len(), 2);
        assert_eq!(got[1]["n"], json!(5));
        let present = filter_by_attribute(&list(), &args(&[("attribute", json!("m.env"))]));
        let ns: Vec<&Value> = present
            .as_ref()
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|v| &v["n"])
            .collect();
        assert_eq!(ns, [&json!(1), &json!(2), &json!(5)]);
    }

    #[test]
    fn map_and_filter_explain_misuse() {
        let error = map_attribute(&json!("text"), &args(&[("attribute", json!("a"))]));
        assert!(error.unwrap_err().to_string().contains("expects a list"));
        let error = filter_by_attribute(&list(), &HashMap::new());
        assert!(error.unwrap_err().to_string().contains("`attribute`"));
    }
}
