//! The part of a human report under a violation's `file:line:col: …` line: as rustc does, the
//! source line with a caret under the key or value the violation is about, then the hint.
//!
//! ```text
//! infra/kv/dev.yaml:7:3: spec.ttl_seconds: must be 0 (no expiry) or at least 60 seconds … [ttl_seconds.min_expiration]
//!   |
//! 7 |   ttl_seconds: 30
//!   |   ^^^^^^^^^^^
//!   |
//!   = help: `planton-gen explain CloudflareKvNamespace.spec.ttl_seconds` shows …
//! ```

use super::Violation;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::collections::HashMap;

/// The text of the files violations point into, as the run read it (nothing is read again:
/// a pipe or a device cannot be, and a file may have changed since).
#[derive(Debug, Default)]
pub struct Sources {
    files: HashMap<String, Option<Lines>>,
}

/// A file's text and where each of its lines starts.
#[derive(Debug)]
struct Lines {
    text: String,
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: String) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { text, starts }
    }

    /// Line `number` (from 1), without its line ending.
    fn get(&self, number: usize) -> Option<&str> {
        let start = *self.starts.get(number.checked_sub(1)?)?;
        let end = self
            .starts
            .get(number)
            .map_or(self.text.len(), |next| next - 1);
        Some(self.text.get(start..end)?.trim_end_matches('\r'))
    }
}

impl Sources {
    pub fn new() -> Self {
        Self::default()
    }

    /// The text read from an input, under the name violations give it.
    pub fn insert(&mut self, name: &str, text: String) {
        self.files.insert(name.to_owned(), Some(Lines::new(text)));
    }

    fn line(&mut self, file: &str, number: usize) -> Option<&str> {
        self.files.get(file)?.as_ref()?.get(number)
    }
}

/// The excerpt and hint of `violation`, `None` when its source cannot be shown (and it has
/// no hint). `styled` adds terminal colours.
pub fn render(violation: &Violation, sources: &mut Sources, styled: bool) -> Option<String> {
    let line = sources.line(&violation.file, violation.line).map(printable);
    let hint = violation.hint.as_deref();
    if line.is_none() && hint.is_none() {
        return None;
    }
    let mut group = Group::with_level(Level::ERROR);
    if let Some(line) = &line {
        let span = token_span(line, violation.col);
        let mut caret = AnnotationKind::Primary.span(span.clone());
        let before = &line[..span.start];
        if let Some(label) = missing_label(violation, before, &line[span]) {
            caret = caret.label(super::terminal_safe(&label).into_owned());
        }
        group = group.element(
            Snippet::source(line.as_str())
                .line_start(violation.line)
                .annotation(caret),
        );
    }
    if let Some(hint) = hint {
        group = group.element(Level::HELP.message(super::terminal_safe(hint).into_owned()));
    }
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    Some(renderer.render(&[group]))
}

/// What the caret stands for when it is not under the field itself — a field that is
/// missing is located at the key that should hold it, or at the start of its mapping — so
/// the caret under `spec` or `apiVersion` is not read as blaming that key.
fn missing_label(violation: &Violation, before: &str, token: &str) -> Option<String> {
    let same = |a: &str, b: &str| {
        let fold = |s: &str| {
            s.trim_matches(|c| c == '"' || c == '\'')
                .chars()
                .filter(|c| *c != '_')
                .flat_map(char::to_lowercase)
                .collect::<String>()
        };
        fold(a) == fold(b)
    };
    let steps: Vec<&str> = violation
        .field
        .split('.')
        .map(|step| step.split('[').next().unwrap_or(step))
        .filter(|step| !step.is_empty())
        .collect();
    let Some(last) = steps.last() else {
        // Document-level: a missing `kind` or `apiVersion`.
        return violation
            .message
            .starts_with("missing")
            .then(|| "in the manifest that starts here".to_owned());
    };
    // The caret under the field's value (`ttl_seconds: abc`) or under the field itself.
    let key = before
        .trim_end()
        .strip_suffix(':')
        .map(|k| k.rsplit(['{', ',', ' ', '-']).next().unwrap_or(k));
    if same(token, last) || key.is_some_and(|k| same(k, last)) || violation.field.ends_with(']') {
        return None;
    }
    match steps.len() {
        1 => Some(format!("`{last}` is not in the manifest that starts here")),
        n if same(token, steps[n - 2]) => Some(format!("`{last}` goes under this key")),
        _ => Some(format!("`{last}` is not in the mapping that starts here")),
    }
}

/// The line with control and format characters (escape sequences, bidirectional overrides,
/// zero-width characters a manifest could carry) replaced, so showing it cannot act on the
/// terminal or read differently from the file; tabs stay (the renderer expands them). One
/// character for one keeps every column where it was.
fn printable(line: &str) -> String {
    line.chars()
        .map(|c| {
            if c != '\t' && super::acts_on_terminal(c) {
                char::REPLACEMENT_CHARACTER
            } else {
                c
            }
        })
        .collect()
}

/// The byte range of the token starting at column `col` (characters, from 1): a quoted
/// scalar up to its closing quote, a key up to its colon, a plain value up to a comment or a
/// flow separator. A position past the token's end (the end of a line) is an empty range
/// there, which the renderer shows as one caret.
fn token_span(line: &str, col: usize) -> std::ops::Range<usize> {
    let start = line
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    let rest = &line[start..];
    let length = match rest.chars().next() {
        Some(quote @ ('"' | '\'')) => quoted_length(rest, quote),
        Some('[' | '{') => flow_length(rest),
        // A comment (a file with nothing else): the whole comment.
        Some('#') => rest.trim_end().len(),
        // A sequence entry (`- item`): the dash.
        Some('-') if rest[1..].starts_with([' ', '\t']) || rest.len() == 1 => 1,
        Some(_) => plain_length(rest),
        None => 0,
    };
    start..start + length.max(rest.chars().next().map_or(0, char::len_utf8))
}

/// Length of a quoted scalar including both quotes (to the end of the line when it is not
/// closed there): `\"` escapes a double quote, `''` a single one.
fn quoted_length(rest: &str, quote: char) -> usize {
    let mut chars = rest.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        if quote == '"' && c == '\\' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                chars.next();
                continue;
            }
            return i + c.len_utf8();
        }
    }
    rest.trim_end().len()
}

/// Length of a flow collection up to its closing bracket (quoted text skipped), or to the
/// end of the line when it closes on a later one.
fn flow_length(rest: &str) -> usize {
    let mut depth = 0usize;
    let mut quote = None;
    for (i, c) in rest.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
    }
    rest.trim_end().len()
}

/// Length of a plain key or value: up to `: ` (or a colon ending the line), ` #`, or a flow
/// separator, without trailing spaces.
fn plain_length(rest: &str) -> usize {
    let bytes = rest.as_bytes();
    let mut end = rest.len();
    for (i, &b) in bytes.iter().enumerate() {
        let next = bytes.get(i + 1).copied();
        let stop = match b {
            b':' => next.is_none_or(|n| n == b' ' || n == b'\t'),
            b'#' => i > 0 && matches!(bytes[i - 1], b' ' | b'\t'),
            b',' | b']' | b'}' => true,
            _ => false,
        };
        if stop {
            end = i;
            break;
        }
    }
    rest[..end].trim_end().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span_text(line: &str, col: usize) -> &str {
        &line[token_span(line, col)]
    }

    #[test]
    fn spans_cover_the_token_at_the_column() {
        assert_eq!(span_text("  ttl_seconds: 30", 3), "ttl_seconds");
        assert_eq!(span_text("  ttl_seconds: 30 # short", 16), "30");
        assert_eq!(span_text("  name: \"a: b # c\" # note", 9), "\"a: b # c\"");
        assert_eq!(span_text("  name: 'it''s' # x", 9), "'it''s'");
        assert_eq!(span_text("  name: \"open", 9), "\"open");
        assert_eq!(span_text("  name: \"esc \\\" q\"", 9), "\"esc \\\" q\"");
        assert_eq!(span_text("labels: {a: 1, b: 2}", 13), "1");
        assert_eq!(span_text("tags: [x, y]", 7), "[x, y]");
        assert_eq!(span_text("[team, app]: cache", 1), "[team, app]");
        assert_eq!(
            span_text("k: {a: \"}\", b: [1]} # c", 4),
            "{a: \"}\", b: [1]}"
        );
        assert_eq!(span_text("a: [[[[", 4), "[[[[");
        assert_eq!(
            span_text("# Nothing: but a comment", 1),
            "# Nothing: but a comment"
        );
        assert_eq!(span_text("- apiVersion: v1", 1), "-");
        assert_eq!(span_text("  -", 3), "-");
        assert_eq!(span_text("  -1", 3), "-1");
        assert_eq!(span_text("  url: http://x:80/a", 8), "http://x:80/a");
        assert_eq!(span_text("  é: ü", 6), "ü");
    }

    #[test]
    fn a_position_past_the_end_is_one_caret_wide_or_empty() {
        assert_eq!(token_span("spec:", 6), 5..5);
        assert_eq!(token_span("", 1), 0..0);
        assert_eq!(span_text("spec: ", 6), " ");
    }

    #[test]
    fn lines_are_found_by_number_without_their_endings() {
        let lines = Lines::new("a\r\nb\n\nlast".into());
        assert_eq!(lines.get(1), Some("a"));
        assert_eq!(lines.get(2), Some("b"));
        assert_eq!(lines.get(3), Some(""));
        assert_eq!(lines.get(4), Some("last"));
        assert_eq!(lines.get(5), None);
        assert_eq!(lines.get(0), None);
    }

    #[test]
    fn control_characters_are_not_shown() {
        assert_eq!(printable("a\u{1b}[31mb\tc"), "a\u{fffd}[31mb\tc");
    }

    #[test]
    fn the_excerpt_points_at_the_key_and_carries_the_hint() {
        let mut sources = Sources::new();
        sources.insert("<stdin>", "spec:\n  ttl_seconds: 30\n".into());
        let violation = Violation {
            file: "<stdin>".into(),
            line: 2,
            col: 3,
            field: "spec.ttl_seconds".into(),
            rule: "int32.gte".into(),
            message: "must be at least 60".into(),
            hint: Some("see the docs".into()),
        };
        let text = render(&violation, &mut sources, false).unwrap();
        let expected = "  |\n2 |   ttl_seconds: 30\n  |   ^^^^^^^^^^^\n  |\n  = help: see the docs";
        assert_eq!(text, expected);
    }

    #[test]
    fn a_caret_not_under_the_field_says_what_it_stands_for() {
        let at = |field: &str, message: &str| Violation {
            file: String::new(),
            line: 1,
            col: 1,
            field: field.into(),
            rule: crate::constraints::REQUIRED.into(),
            message: message.into(),
            hint: None,
        };
        let label = |field: &str, before: &str, token: &str| {
            missing_label(
                &at(field, crate::constraints::REQUIRED_MESSAGE),
                before,
                token,
            )
        };
        assert_eq!(
            label("spec.namespace_name", "", "spec").as_deref(),
            Some("`namespace_name` goes under this key")
        );
        assert_eq!(
            label("spec", "", "apiVersion").as_deref(),
            Some("`spec` is not in the manifest that starts here")
        );
        assert_eq!(
            label("a.items[0].type", "  - ", "kind").as_deref(),
            Some("`type` is not in the mapping that starts here")
        );
        // Under the field itself, under its value, or a list item: nothing to add.
        assert_eq!(label("spec.ttl_seconds", "  ", "ttl_seconds"), None);
        assert_eq!(label("spec.ttl_seconds", "  ttlSeconds: ", "abc"), None);
        assert_eq!(label("spec.ttl_seconds", "  ", "ttlSeconds"), None);
        assert_eq!(label("metadata.labels[\"a\"]", "    ", "a"), None);
        let kind = missing_label(&at("", "missing `kind`; known kinds: X"), "", "apiVersion");
        assert_eq!(kind.as_deref(), Some("in the manifest that starts here"));
        assert_eq!(missing_label(&at("", "not YAML"), "", "x"), None);
    }

    #[test]
    fn nothing_to_show_is_none() {
        let violation = Violation {
            file: "/nonexistent/file.yaml".into(),
            line: 1,
            col: 1,
            field: String::new(),
            rule: crate::diagnostics::ids::YAML_SYNTAX.into(),
            message: "bad".into(),
            hint: None,
        };
        assert_eq!(render(&violation, &mut Sources::new(), false), None);
    }
}
