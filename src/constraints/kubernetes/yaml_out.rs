//! Writing the XRD as YAML, in the block layout kubectl and libyaml-based tools write: keys
//! in the order given (the caller sorts them), a list under a key at the key's indentation,
//! text plain where a YAML reader reads it back as the same text, single-quoted where plain
//! would be misread, a literal block (`|-`) for text of several lines, and double-quoted
//! (with escapes) where neither can hold it. Every string reads back exactly; the layout
//! matches what serde_yaml wrote before, so generated XRDs did not change.

use serde_json::Value;

/// `value` as a YAML document (no `---`), ending in a line break.
pub fn document(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => mapping(&mut out, map, 0),
        Value::Array(items) if !items.is_empty() => sequence(&mut out, items, 0),
        scalar => {
            out.push_str(&inline(scalar, 0));
            out.push('\n');
        }
    }
    out
}

fn mapping(out: &mut String, map: &serde_json::Map<String, Value>, indent: usize) {
    for (i, (key, value)) in map.iter().enumerate() {
        // The first entry of a mapping that is a list item sits on the dash's line.
        if i > 0 || !out.ends_with("- ") {
            pad(out, indent);
        }
        out.push_str(&text(key, indent));
        out.push(':');
        entry_value(out, value, indent);
    }
}

fn sequence(out: &mut String, items: &[Value], indent: usize) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 || !out.ends_with("- ") {
            pad(out, indent);
        }
        out.push_str("- ");
        match item {
            Value::Object(map) if !map.is_empty() => mapping(out, map, indent + 2),
            Value::Array(inner) if !inner.is_empty() => sequence(out, inner, indent + 2),
            scalar => {
                out.push_str(&inline(scalar, indent + 2));
                out.push('\n');
            }
        }
    }
}

/// What follows `key:` — a nested block on the next lines, or an inline value.
fn entry_value(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            mapping(out, map, indent + 2);
        }
        // A list under a key is not indented further (`versions:\n- name: v1`).
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            sequence(out, items, indent);
        }
        scalar => {
            out.push(' ');
            out.push_str(&inline(scalar, indent + 2));
            out.push('\n');
        }
    }
}

fn pad(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// A scalar (or an empty collection) as it follows `key: ` or `- `.
fn inline(value: &Value, indent: usize) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => text(s, indent),
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}

/// A string: plain, single-quoted, a literal block, or double-quoted.
fn text(s: &str, indent: usize) -> String {
    if s.contains('\n') && literal_allowed(s) {
        return literal(s, indent);
    }
    if plain_allowed(s) {
        return s.to_owned();
    }
    if s.chars().all(printable) && !s.contains('\n') {
        return format!("'{}'", s.replace('\'', "''"));
    }
    // The renderer's YAML escaper, the one every template uses.
    crate::render::escape::yaml_string(s)
}

/// Whether a YAML reader reads `s`, written plain in block context, back as the string `s`.
fn plain_allowed(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let last = s.chars().last().unwrap_or(first);
    let indicator_start = matches!(
        first,
        '#' | ','
            | '['
            | ']'
            | '{'
            | '}'
            | '&'
            | '*'
            | '!'
            | '|'
            | '>'
            | '\''
            | '"'
            | '%'
            | '@'
            | '`'
    );
    // `-`, `?` and `:` start a block entry, a key or a value only when a space follows.
    let second = s.chars().nth(1);
    let dash_like = matches!(first, '-' | '?' | ':') && second.is_none_or(|c| c == ' ');
    !indicator_start
        && !dash_like
        && !first.is_whitespace()
        && !last.is_whitespace()
        && !s.starts_with("---")
        && !s.starts_with("...")
        && !s.contains(": ")
        && !s.ends_with(':')
        && !s.contains(" #")
        && s.chars().all(|c| printable(c) && c != '\n' && c != '\t')
        && !resolves_to_non_string(s)
}

/// Whether a plain scalar `s` would be read as null, a boolean or a number (YAML 1.1 forms
/// included: readers differ, and quoting costs nothing).
fn resolves_to_non_string(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "y", "Y",
        "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
        ".inf", ".Inf", ".INF", "-.inf", "-.Inf", "-.INF", "+.inf", ".nan", ".NaN", ".NAN",
    ];
    if WORDS.contains(&s) {
        return true;
    }
    let digits = s.trim_start_matches(['+', '-']);
    let numeric = digits.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && digits
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '+' | '-' | ':'));
    numeric && (s.parse::<f64>().is_ok() || digits.chars().filter(char::is_ascii_digit).count() > 0)
}

/// Characters YAML can hold outside escapes (and a reader keeps as they are).
fn printable(c: char) -> bool {
    !crate::diagnostics::acts_on_terminal(c) || c == '\n'
}

/// A literal block keeps text exactly when no line is empty-but-spaced, no line starts with
/// a space (the block's indentation would swallow it), and every character is printable.
fn literal_allowed(s: &str) -> bool {
    !s.starts_with(' ')
        && s.chars().all(printable)
        && !s
            .split('\n')
            .any(|line| line.starts_with(' ') || line.ends_with(' '))
        && !s.ends_with("\n\n")
}

fn literal(s: &str, indent: usize) -> String {
    let (body, chomp) = match s.strip_suffix('\n') {
        Some(body) => (body, ""),
        None => (s, "-"),
    };
    let mut out = format!("|{chomp}");
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            out.extend(std::iter::repeat_n(' ', indent));
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Reads `text` back with yaml-rust2 (an independent reader) as a single document.
    fn read_back(text: &str) -> yaml_rust2::Yaml {
        let mut docs = yaml_rust2::YamlLoader::load_from_str(text)
            .unwrap_or_else(|e| panic!("not YAML: {e}\n{text}"));
        docs.remove(0)
    }

    #[test]
    fn layout_is_block_style_with_lists_under_their_key() {
        let value = json!({"a": {"b": [{"c": 1, "d": "x"}, "w"], "e": {}}, "f": []});
        assert_eq!(
            document(&value),
            "a:\n  b:\n  - c: 1\n    d: x\n  - w\n  e: {}\nf: []\n"
        );
    }

    #[test]
    fn every_string_reads_back_as_itself() {
        let strings = [
            "",
            "plain text",
            "a: b",
            "x #y",
            "#x",
            "!x",
            "- x",
            "-x",
            "? q",
            ":x",
            "x:",
            "yes",
            "No",
            "null",
            "~",
            "1",
            "1.5",
            "0x1f",
            "1e3",
            ".inf",
            "it's",
            "'q'",
            "\"q\"",
            " lead",
            "trail ",
            "two\nlines",
            "end\n",
            "tab\there",
            "bell\u{7}",
            "bidi\u{202e}",
            "é ü 😀",
            "---",
            "...x",
            "a\n b",
            "{x}",
            "[x]",
            "%x",
            "@x",
            "`x`",
            "a, b",
            "x|y",
        ];
        for s in strings {
            let text = document(&json!({ "k": s, "list": [s] }));
            let doc = read_back(&text);
            assert_eq!(doc["k"].as_str(), Some(s), "{s:?} became:\n{text}");
            assert_eq!(doc["list"][0].as_str(), Some(s), "{s:?} in a list:\n{text}");
        }
    }

    #[test]
    fn numbers_and_booleans_stay_typed() {
        let doc = read_back(&document(&json!({"n": 64, "b": true, "z": null})));
        assert_eq!(doc["n"].as_i64(), Some(64));
        assert_eq!(doc["b"].as_bool(), Some(true));
        assert!(doc["z"].is_null());
    }
}
