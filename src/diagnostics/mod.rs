//! Violations — everything wrong with a manifest, located in its source — and the ways the
//! command line prints them (human with an excerpt of the source, short, JSON lines, GitHub
//! workflow commands).

#[cfg(feature = "cli")]
pub mod excerpt;
pub mod ids;

use crate::field_path::{FieldPath, Segment};
use serde::Serialize;
use std::fmt::Write as _;

/// A line and column in a source file, both counted from 1 (columns in characters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    pub line: usize,
    pub col: usize,
}

/// One thing wrong with one manifest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// The manifest file as the user named it (`<stdin>` for `-`).
    pub file: String,
    pub line: usize,
    pub col: usize,
    /// Field path in protovalidate notation; empty for the document itself.
    pub field: String,
    /// buf.validate rule id (`string.max_len`, `required`, a CEL rule's id) or one of
    /// planton-gen's own ids for input that is not a well-formed manifest (`yaml.syntax`).
    pub rule: String,
    pub message: String,
    /// Where to read more (`planton-gen explain Kind.field`), shown under the excerpt in the
    /// human format; not part of the JSON contract.
    #[serde(skip)]
    pub hint: Option<String>,
}

impl Violation {
    /// `hint` for a violation of `kind` at `path`: the `planton-gen explain` line for the
    /// field (list indices and map keys dropped), or for its parent when the field itself is
    /// unknown.
    pub fn explain_hint(kind: &str, path: &FieldPath, rule: &str) -> String {
        let mut steps: Vec<&str> = path
            .segments()
            .iter()
            .filter_map(|segment| match segment {
                Segment::Field(name) => Some(name.as_str()),
                _ => None,
            })
            .collect();
        let unknown = rule == ids::FIELD_UNKNOWN;
        if unknown {
            steps.pop();
        }
        let mut target = kind.to_owned();
        for step in steps {
            target.push('.');
            target.push_str(step);
        }
        let what = if unknown {
            "lists the fields it takes"
        } else {
            "shows the field's type, rules and documentation"
        };
        format!("`planton-gen explain {target}` {what}")
    }

    fn location(&self) -> String {
        format!("{}:{}:{}", self.file, self.line, self.col)
    }

    /// `file:line:col: field.path: message [rule_id]` (without the location when a template
    /// refused something it could not place).
    pub fn human(&self) -> String {
        self.human_with(["", ""], ["", ""])
    }

    /// [`Self::human`] with `around_location` and `around_rule` (opening, closing) written
    /// around those parts: the command line's terminal styles.
    pub fn human_with(&self, around_location: [&str; 2], around_rule: [&str; 2]) -> String {
        let mut text = String::new();
        // Each part is made terminal-safe on its own: the styles around them are escape
        // sequences meant for the terminal.
        if !self.file.is_empty() {
            let [open, close] = around_location;
            let _ = write!(text, "{open}{}{close}: ", terminal_safe(&self.location()));
        }
        if !self.field.is_empty() {
            let _ = write!(text, "{}: ", terminal_safe(&self.field));
        }
        let [open, close] = around_rule;
        let _ = write!(
            text,
            "{} {open}[{}]{close}",
            terminal_safe(&self.message),
            self.rule
        );
        text
    }

    /// One JSON object with keys file, line, col, field, rule, message.
    pub fn json(&self) -> String {
        // Serializing a struct of strings and integers cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A GitHub Actions workflow command that annotates the line in a pull request.
    pub fn github(&self) -> String {
        let mut text = String::new();
        if !self.field.is_empty() {
            let _ = write!(text, "{}: ", self.field);
        }
        let _ = write!(text, "{} [{}]", self.message, self.rule);
        format!(
            "::error file={},line={},col={}::{}",
            escape_github_property(&self.file),
            self.line,
            self.col,
            escape_github_data(&text)
        )
    }
}

/// A GitHub Actions workflow command that annotates a whole file (no line): what `--check`
/// reports for a generated file that differs.
pub fn github_file_error(file: &str, title: &str, message: &str) -> String {
    format!(
        "::error file={},title={}::{}",
        escape_github_property(file),
        escape_github_property(title),
        escape_github_data(message)
    )
}

/// Texts listed in a message, each quoted (`"", "apac", "weur"`), so an empty or spaced
/// value is visible.
pub fn quoted_list(items: &[String]) -> String {
    let quoted: Vec<String> = items
        .iter()
        .map(|item| serde_json::to_string(item).unwrap_or_default())
        .collect();
    quoted.join(", ")
}

/// Workflow-command data escaping: `%`, CR and LF would otherwise end or corrupt the command.
fn escape_github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Property values additionally escape the separators `:` and `,`.
fn escape_github_property(text: &str) -> String {
    escape_github_data(text)
        .replace(':', "%3A")
        .replace(',', "%2C")
}

/// `text` as it may reach a terminal: characters that act on it or hide what it shows are
/// written as visible escapes (`\u{202e}`): controls (C0, DEL, C1), format characters
/// (bidirectional overrides and isolates, zero-width spaces and joiners, the BOM, soft
/// hyphen) and the line and paragraph separators. A manifest's text can then neither move
/// the cursor nor make a message read differently from what it says.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = acts_on_terminal;
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Whether `c` is one [`terminal_safe`] escapes.
pub fn acts_on_terminal(c: char) -> bool {
    use unicode_general_category::{get_general_category, GeneralCategory as Cat};
    matches!(
        get_general_category(c),
        Cat::Control | Cat::Format | Cat::LineSeparator | Cat::ParagraphSeparator
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Violation {
        Violation {
            file: "infra/app/dev.yaml".into(),
            line: 6,
            col: 3,
            field: "spec.display_name".into(),
            rule: "example.rule".into(),
            message: "must be at most 64 characters, got 65".into(),
            hint: None,
        }
    }

    #[test]
    fn human_format() {
        assert_eq!(
            sample().human(),
            "infra/app/dev.yaml:6:3: spec.display_name: must be at most 64 characters, got 65 [example.rule]"
        );
    }

    #[test]
    fn json_format_has_the_contract_keys() {
        let value: serde_json::Value = serde_json::from_str(&sample().json()).unwrap();
        assert_eq!(value["file"], "infra/app/dev.yaml");
        assert_eq!(value["line"], 6);
        assert_eq!(value["col"], 3);
        assert_eq!(value["field"], "spec.display_name");
        assert_eq!(value["rule"], "example.rule");
    }

    #[test]
    fn listed_values_are_quoted_so_empty_ones_show() {
        let values = vec![String::new(), "apac".to_owned(), "a \"b\"".to_owned()];
        assert_eq!(quoted_list(&values), r#""", "apac", "a \"b\"""#);
    }

    #[test]
    fn github_format_escapes_separators_and_newlines() {
        let mut violation = sample();
        violation.file = "a,b:c.yaml".into();
        violation.message = "50% bad\nreally".into();
        assert_eq!(
            violation.github(),
            "::error file=a%2Cb%3Ac.yaml,line=6,col=3::spec.display_name: 50%25 bad%0Areally [example.rule]"
        );
    }
}
