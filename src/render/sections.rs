//! The per-resource template contract: a target file's template is a sequence of sections,
//! each starting at a marker line —
//!
//! ```text
//! {#- section: once -#}                     rendered once per file, over the run's summary
//! {#- section: each -#}                     rendered once per resource, in name order
//! {#- section: each, grouped by EXPR -#}    once per resource, resources ordered by EXPR
//! {#- section: kinds -#}                    (run-level templates) every kind's part, in turn
//! ```
//!
//! Text before the first marker (imports, `set`s, the file's comment) is the prelude of every
//! section. A template without markers renders once, over the summary (files that do not
//! depend on resources: versions.tf, go.mod). No section ever sees every resource's whole
//! context, so what a run holds while rendering grows with one resource, not with the run.

use crate::error::{Error, Result};

/// An `each` section renders for a chunk of resources at a time: its text is wrapped in a
/// loop over `chunk` (each item's `r` and `place`), so the cost of starting a render is paid
/// once per chunk, and what a render holds is one chunk of contexts, never the run's.
pub const CHUNK: usize = 256;

/// Ends each grouping key a group template renders (a character no key holds).
pub const KEY_END: char = '\u{1e}';

/// What an `each` section's text is wrapped in (on its first and last line, so that line
/// numbers stay the file's; error excerpts show the file's text without them).
const LOOP_OPEN: &str = "{%- for r in chunk %}{% set place = places[loop.index0] %}";
const LOOP_CLOSE: &str = "{% endfor %}";
const LOOP_OPEN_PLAIN: &str = "{%- for r in chunk %}";
/// What a grouping expression is wrapped in, before it, on the marker's line.
const GROUP_OPEN: &str = "{%- for r in chunk %}{{ ";

/// One section of a template file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub kind: SectionKind,
    /// The section's template text: the file's prelude, then the section's own lines.
    pub text: String,
    /// Lines of the prelude at the top of `text`.
    pub prelude_lines: usize,
    /// The line of the file where the section's own lines start (1-based).
    pub body_line: usize,
    /// Characters put before the body's first line (the loop of an `each` section).
    pub opening: usize,
    /// Where the grouping expression starts on the marker's line (0-based).
    pub group_offset: usize,
}

impl Section {
    /// How the section's lines map to the file's.
    pub fn lines(&self) -> Lines {
        Lines {
            prelude: self.prelude_lines,
            body: self.body_line,
            opening: self.opening,
            offset: 0,
        }
    }

    /// The same for the grouping key's template, whose one line after the prelude is on the
    /// marker's line.
    pub fn marker_lines(&self) -> Lines {
        Lines {
            prelude: self.prelude_lines,
            body: self.body_line - 1,
            opening: GROUP_OPEN.len(),
            offset: self.group_offset,
        }
    }
}

/// A section template's lines: the prelude's are the file's first lines, the rest start at
/// line `body` of the file; on the first of them, the file's text starts after `opening`
/// characters of wrapping, at column `offset` of the file's line.
#[derive(Debug, Clone, Copy)]
pub struct Lines {
    prelude: usize,
    body: usize,
    opening: usize,
    offset: usize,
}

impl Lines {
    pub fn file_line(self, line: usize) -> usize {
        if line <= self.prelude {
            line
        } else {
            line - self.prelude + self.body - 1
        }
    }

    /// A Tera parse error's ` --> L:C` and `L | ` gutter lines, renumbered to the file's.
    pub fn renumber(self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for line in text.split_inclusive('\n') {
            out.push_str(&self.renumber_line(line));
        }
        out
    }

    fn renumber_line(self, line: &str) -> String {
        if let Some(at) = line.find(" --> ") {
            let (head, rest) = line.split_at(at + 5);
            if let Some((number, tail)) = rest.split_once(':') {
                if let Ok(number) = number.parse::<usize>() {
                    // The wrapping sits before the first line's own text.
                    let tail = match tail.trim_end().parse::<usize>() {
                        Ok(col) if number == self.prelude + 1 && col > self.opening => {
                            let end = &tail[tail.trim_end().len()..];
                            format!("{}{end}", col - self.opening + self.offset)
                        }
                        _ => tail.to_owned(),
                    };
                    return format!("{head}{}:{tail}", self.file_line(number));
                }
            }
        }
        let trimmed = line.trim_start();
        if let Some((number, tail)) = trimmed.split_once(" |") {
            if let Ok(number) = number.parse::<usize>() {
                let indent = &line[..line.len() - trimmed.len()];
                let tail = tail
                    .replacen(LOOP_OPEN, "", 1)
                    .replacen(LOOP_OPEN_PLAIN, "", 1);
                let tail = match tail.trim_end().strip_suffix(LOOP_CLOSE) {
                    Some(text) => format!("{text}{}", &tail[tail.trim_end().len()..]),
                    None => tail,
                };
                return format!("{indent}{} |{tail}", self.file_line(number));
            }
        }
        line.to_owned()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SectionKind {
    /// Rendered once, with `run` (the summary), `options`, `marker`, `kind`.
    Once,
    /// Rendered for every resource with `r` and `place` as well; with a grouping expression,
    /// resources are ordered by its value (stable: name order within a group). `group` is
    /// the template that renders the values of a chunk of resources (see [`CHUNK`]), each
    /// followed by [`KEY_END`].
    Each { group: Option<String> },
    /// Where the kinds' parts of a file go, in a run-level template (one directly under
    /// `templates/<target>/`): each kind's template of the same file, rendered in turn. The
    /// text after the marker is a `once` section again.
    Kinds,
}

/// Splits a template at its section markers; `None` when it has none.
pub fn split(name: &str, text: &str) -> Result<Option<Vec<Section>>> {
    let mut prelude = String::new();
    let mut sections: Vec<Section> = Vec::new();
    // (kind, body, first line of the body, where a grouping expression starts on its line)
    let mut current: Option<(SectionKind, String, usize, usize)> = None;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        match marker(line) {
            Some(Ok(SectionKind::Kinds)) => {
                if let Some((kind, body, start, offset)) = current.take() {
                    sections.push(section(kind, &prelude, &body, start, offset));
                }
                sections.push(section(SectionKind::Kinds, &prelude, "", number + 1, 0));
                current = Some((SectionKind::Once, String::new(), number + 2, 0));
            }
            Some(Ok(kind)) => {
                if let Some((kind, body, start, offset)) = current.take() {
                    sections.push(section(kind, &prelude, &body, start, offset));
                }
                let offset = match &kind {
                    SectionKind::Each {
                        group: Some(expression),
                    } => line.find(expression.as_str()).unwrap_or(0),
                    _ => 0,
                };
                current = Some((kind, String::new(), number + 2, offset));
            }
            Some(Err(why)) => {
                return Err(Error::Render(format!(
                    "{name}:{}: {why} (markers: `{{#- section: once -#}}`, `{{#- section: \
                     each -#}}`, `{{#- section: each, grouped by EXPRESSION -#}}`, `{{#- \
                     section: kinds -#}}`)",
                    number + 1
                )))
            }
            None => match &mut current {
                Some((_, body, _, _)) => body.push_str(line),
                None => prelude.push_str(line),
            },
        }
    }
    match current {
        None => Ok(None),
        Some((kind, body, start, offset)) => {
            sections.push(section(kind, &prelude, &body, start, offset));
            Ok(Some(sections))
        }
    }
}

fn section(
    kind: SectionKind,
    prelude: &str,
    body: &str,
    body_line: usize,
    group_offset: usize,
) -> Section {
    let kind = match kind {
        SectionKind::Each {
            group: Some(expression),
        } => SectionKind::Each {
            group: Some(format!(
                "{prelude}{GROUP_OPEN}{expression} }}}}{KEY_END}{{% endfor %}}"
            )),
        },
        other => other,
    };
    // An `each` section loops over its chunk on the body's first line, so the file's line
    // numbers still hold.
    let opening = match &kind {
        SectionKind::Once | SectionKind::Kinds => "",
        // `place` is set only where the section reads it: a `set` per resource is not free.
        SectionKind::Each { .. } if !body.contains("place") => LOOP_OPEN_PLAIN,
        SectionKind::Each { .. } => LOOP_OPEN,
    };
    let close = if opening.is_empty() { "" } else { LOOP_CLOSE };
    Section {
        kind,
        text: format!("{prelude}{opening}{body}{close}"),
        prelude_lines: prelude.matches('\n').count(),
        body_line,
        opening: opening.len(),
        group_offset,
    }
}

/// The section a marker line opens, an error for a line that looks like a marker but is not
/// one, `None` for any other line.
fn marker(line: &str) -> Option<std::result::Result<SectionKind, String>> {
    let inner = line
        .trim()
        .strip_prefix("{#")?
        .strip_suffix("#}")?
        .trim_matches('-')
        .trim();
    let spec = inner.strip_prefix("section:")?.trim();
    Some(match spec.split_once(',') {
        None if spec == "once" => Ok(SectionKind::Once),
        None if spec == "each" => Ok(SectionKind::Each { group: None }),
        None if spec == "kinds" => Ok(SectionKind::Kinds),
        Some(("each", rest)) => match rest.trim().strip_prefix("grouped by ") {
            Some(expression) if !expression.trim().is_empty() => Ok(SectionKind::Each {
                group: Some(expression.trim().to_owned()),
            }),
            _ => Err(format!("`{}` is not a section marker", line.trim())),
        },
        _ => Err(format!("`{}` is not a section marker", line.trim())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_splits_at_its_markers_and_every_section_gets_the_prelude() {
        let text = "{% import \"m\" as m %}\n{#- section: once -#}\nhead\n\
                    {#- section: each, grouped by r.metadata.env -#}\n{{ r.x }}\n\
                    {#- section: each -#}\n{{ place.index }}\n";
        let sections = split("t", text).unwrap().unwrap();
        let kinds: Vec<&SectionKind> = sections.iter().map(|s| &s.kind).collect();
        assert_eq!(
            kinds,
            [
                &SectionKind::Once,
                &SectionKind::Each {
                    group: Some(
                        "{% import \"m\" as m %}\n{%- for r in chunk %}\
                         {{ r.metadata.env }}\u{1e}{% endfor %}"
                            .into()
                    )
                },
                &SectionKind::Each { group: None },
            ]
        );
        assert_eq!(sections[0].text, "{% import \"m\" as m %}\nhead\n");
        // A body that does not read `place` is not given one (a `set` per resource saved).
        assert_eq!(
            sections[1].text,
            "{% import \"m\" as m %}\n{%- for r in chunk %}{{ r.x }}\n{% endfor %}"
        );
        assert_eq!(
            sections[2].text,
            "{% import \"m\" as m %}\n{%- for r in chunk %}\
             {% set place = places[loop.index0] %}{{ place.index }}\n{% endfor %}"
        );
        // Line 2 of the second section's text is line 5 of the file.
        assert_eq!(sections[1].lines().file_line(2), 5);
        assert_eq!(sections[1].lines().file_line(1), 1);
        let error = " --> 2:7\n  |\n2 | {{ r.x }\n";
        assert_eq!(
            sections[1].lines().renumber(error),
            " --> 5:7\n  |\n5 | {{ r.x }\n"
        );
    }

    #[test]
    fn a_file_without_markers_is_whole_and_a_bad_marker_is_an_error() {
        assert_eq!(split("t", "# {{ marker }}\n").unwrap(), None);
        let error = split("t", "x\n{#- section: every -#}\n")
            .unwrap_err()
            .to_string();
        assert!(error.contains("t:2: `{#- section: every -#}` is not a section marker"));
        // A comment that merely mentions sections is text.
        assert_eq!(split("t", "{# sections are nice #}\n").unwrap(), None);
    }

    /// The column of a parse error is the file's, whatever wraps the section's text.
    fn parse_error_position(text: &str, section: usize) -> String {
        let sections = split("t", text).unwrap().unwrap();
        let mut tera = tera::Tera::default();
        let error = tera
            .add_raw_template("t", &sections[section].text)
            .unwrap_err();
        let cause = std::error::Error::source(&error).unwrap().to_string();
        let renumbered = sections[section].lines().renumber(&cause);
        let at = renumbered.split(" --> ").nth(1).unwrap();
        at.lines().next().unwrap().trim().to_owned()
    }

    #[test]
    fn error_columns_are_the_files_in_every_kind_of_section() {
        // `{{ r.x | }}` fails at column 10 of line 3 of the file.
        let once = "x\n{#- section: once -#}\n{{ r.x | }}\n";
        assert_eq!(parse_error_position(once, 0), "3:10");
        let each = "x\n{#- section: each -#}\n{{ r.x | }}\n";
        assert_eq!(parse_error_position(each, 0), "3:10");
        let with_place = "x\n{#- section: each -#}\n{{ r.x | }}{{ place.index }}\n";
        assert_eq!(parse_error_position(with_place, 0), "3:10");
    }
}
