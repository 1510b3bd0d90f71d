//! Escaping filters: every value a manifest supplies reaches a generated file through one of
//! these, which write it as a literal of the target language. Each output reads back
//! byte-exact in that language's parser (see the tests).

use std::fmt::Write as _;

/// An HCL quoted string: `\` `"` and control characters escaped, and the template sequences
/// `${` and `%{` doubled so Terraform never interpolates user text. Written here because
/// hcl-rs's serializer leaves a literal `$${` alone, which then reads back as `${`.
pub fn hcl_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // HCL reads `$${` as a literal `${` and any other `$` as itself, scanning left to
            // right; so a run of `$` that reaches a `{` needs exactly one more `$` (`$${x}`
            // is written `$$${x}`). The same holds for `%` and `%{`.
            '$' | '%' => {
                out.push(c);
                while chars.peek() == Some(&c) {
                    out.push(c);
                    chars.next();
                }
                if chars.peek() == Some(&'{') {
                    out.push(c);
                }
            }
            c if needs_unicode_escape(c) => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Control characters and the Unicode line separators: invisible or line-breaking in an
/// editor, so written as escapes wherever a format allows.
fn needs_unicode_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// A Go interpreted string literal, as Go's `strconv.Quote` writes it.
pub fn go_string(text: &str) -> String {
    crate::field_path::go_quote(text)
}

/// A YAML double-quoted scalar on one line. JSON string syntax is valid YAML; on top of it
/// the characters YAML forbids raw (DEL, C1 controls) and the BOM are escaped. Never a plain
/// scalar, so `yes`, `0x1F` or `~` stay strings for YAML 1.1 readers (kubectl's) too.
pub fn yaml_string(text: &str) -> String {
    escape_beyond_json(&json_string(text))
}

/// A TOML basic string on one line: JSON string syntax (whose escapes TOML shares) with DEL
/// and the C1 controls escaped, which TOML forbids raw. The toml crate would switch to a
/// multi-line `"""` string for text with a line break, which a line-based layout (and a
/// `#` comment) cannot hold.
pub fn toml_string(text: &str) -> String {
    escape_beyond_json(&json_string(text))
}

/// A TOML key: bare when TOML allows it bare (one or more of `A-Za-z0-9_-`), else a basic
/// string as [`toml_string`] writes it. A dotted key's parts are written one by one
/// (`env.{{ name | toml_key }}.kv_namespaces`), so a `.` in a name stays in its part.
pub fn toml_key(text: &str) -> String {
    let bare = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if bare {
        text.to_owned()
    } else {
        toml_string(text)
    }
}

/// A JSON string, written by serde_json, with U+2028 and U+2029 escaped as well: JavaScript
/// (and so JSONC parsers written in it) treats them as line breaks, which would end a `//`
/// comment holding the string.
pub fn json_string(text: &str) -> String {
    // Serializing a &str cannot fail.
    let json = serde_json::to_string(text).unwrap_or_else(|_| String::from("\"\""));
    if json.contains(['\u{2028}', '\u{2029}']) {
        json.replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029")
    } else {
        json
    }
}

/// `\uXXXX` for the characters JSON allows raw but YAML and TOML do not (DEL, C1 controls,
/// U+FFFE, U+FFFF) or that are invisible (BOM), in a JSON string.
fn escape_beyond_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        let forbidden = c == '\u{7F}'
            || ('\u{80}'..='\u{9F}').contains(&c)
            || matches!(c, '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}');
        if forbidden {
            let _ = write!(out, "\\u{:04X}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &[&str] = &[
        "",
        "plain",
        "quote \" backslash \\ end",
        "${var.x} %{ if true }x%{ endif }",
        "$${already} %%{escaped} $$${x} $ % {",
        "line\nbreak\r\ntab\tnul\u{0}del\u{7f}c1\u{85}",
        "ls\u{2028}ps\u{2029}bom\u{FEFF}non\u{FFFE}\u{FFFF}\u{10FFFF}",
        "emoji 😀 rtl \u{202E}abc é 中文 */ --> `tick`",
        "yes",
        "~",
        "0x1F",
        "- item",
        "key: value # comment",
    ];

    #[test]
    fn hcl_strings_read_back_exactly() {
        for text in HOSTILE {
            let source = format!("k = {}\n", hcl_string(text));
            let body: hcl::Body =
                hcl::from_str(&source).unwrap_or_else(|e| panic!("{source}: {e}"));
            let attribute = body.attributes().next().unwrap();
            match attribute.expr() {
                hcl::Expression::String(s) => assert_eq!(s, text, "{source}"),
                hcl::Expression::TemplateExpr(t) => panic!("{source} became a template: {t:?}"),
                other => panic!("{source}: {other:?}"),
            }
        }
    }

    #[test]
    fn hcl_strings_never_interpolate() {
        assert_eq!(hcl_string("${x}"), r#""$${x}""#);
        assert_eq!(hcl_string("%{x}"), r#""%%{x}""#);
        assert_eq!(hcl_string("$${x}"), r#""$$${x}""#);
        assert_eq!(hcl_string("%%%{x}"), r#""%%%%{x}""#);
        assert_eq!(hcl_string("$ {x}"), r#""$ {x}""#);
    }

    #[test]
    fn yaml_strings_read_back_exactly() {
        for text in HOSTILE {
            let source = format!("k: {}\n", yaml_string(text));
            let value: std::collections::BTreeMap<String, String> =
                serde_yaml_ng::from_str(&source).unwrap_or_else(|e| panic!("{source}: {e}"));
            assert_eq!(value["k"], *text, "{source}");
            assert!(!yaml_string(text).contains('\n'));
        }
    }

    #[test]
    fn toml_strings_read_back_exactly() {
        for text in HOSTILE {
            assert!(!toml_string(text).contains('\n'));
            let source = format!("k = {}\n", toml_string(text));
            let value: toml::Table =
                toml::from_str(&source).unwrap_or_else(|e| panic!("{source}: {e}"));
            assert_eq!(value["k"].as_str(), Some(*text), "{source}");
        }
    }

    #[test]
    fn toml_keys_are_bare_when_toml_allows_and_read_back_exactly() {
        assert_eq!(toml_key("dev"), "dev");
        assert_eq!(toml_key("pre-prod_2"), "pre-prod_2");
        assert_eq!(toml_key("1"), "1");
        assert_eq!(toml_key(""), "\"\"");
        assert_eq!(toml_key("a.b"), "\"a.b\"");
        assert_eq!(toml_key("é"), "\"é\"");
        for text in HOSTILE
            .iter()
            .chain(&["dev", "a.b", "a b", "x=1", "[y]", "#", ""])
        {
            let source = format!("[env.{}]\nk = 1\n", toml_key(text));
            let value: toml::Table =
                toml::from_str(&source).unwrap_or_else(|e| panic!("{source}: {e}"));
            let env = value["env"].as_table().unwrap();
            assert_eq!(
                env.keys().map(String::as_str).collect::<Vec<_>>(),
                vec![*text],
                "{source}"
            );
        }
    }

    #[test]
    fn json_strings_read_back_exactly() {
        for text in HOSTILE {
            assert!(!json_string(text).contains(['\n', '\u{2028}', '\u{2029}']));
            let back: String = serde_json::from_str(&json_string(text)).unwrap();
            assert_eq!(back, *text);
        }
    }

    #[test]
    fn go_strings_are_single_line_literals() {
        assert_eq!(go_string("a\"b\\c\n"), r#""a\"b\\c\n""#);
        assert_eq!(go_string("é😀"), "\"é😀\"");
        assert_eq!(go_string("\u{2028}\u{7f}"), r#""\u2028\x7f""#);
        for text in HOSTILE {
            assert!(!go_string(text).contains('\n'));
        }
    }
}
