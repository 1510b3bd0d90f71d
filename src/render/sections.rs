//! The per-resource template contract: a target file's template is a sequence of sections,
//! each starting at a marker line —
//!
//! ```text
//! {#- section: once -#}                     rendered once per file, over the run's summary
//! {#- section: each -#}                     rendered once per resource, in name order
//! {#- section: each, grouped by EXPR -#}    once per resource, resources ordered by EXPR
//! ```
//!
//! Text before the first marker (imports, `set`s, the file's comment) is the prelude of every
//! section. A template without markers renders once, over the summary (files that do not
//! depend on resources: versions.tf, go.mod). No section ever sees every resource's whole
//! context, so what a run holds while rendering grows with one resource, not with the run.

use crate::error::{Error, Result};

/// One section of a template file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub kind: SectionKind,
    /// The section's template text: the file's prelude, then the section's own lines.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SectionKind {
    /// Rendered once, with `run` (the summary), `options`, `marker`, `kind`.
    Once,
    /// Rendered for every resource with `r` and `place` as well; with a grouping expression,
    /// resources are ordered by its value (stable: name order within a group). `group` is
    /// the template that renders the value: the prelude, then `{{ EXPRESSION }}`.
    Each { group: Option<String> },
}

/// Splits a template at its section markers; `None` when it has none.
pub fn split(name: &str, text: &str) -> Result<Option<Vec<Section>>> {
    let mut prelude = String::new();
    let mut sections: Vec<Section> = Vec::new();
    let mut current: Option<(SectionKind, String)> = None;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        match marker(line) {
            Some(Ok(kind)) => {
                if let Some((kind, body)) = current.take() {
                    sections.push(section(kind, &prelude, &body));
                }
                current = Some((kind, String::new()));
            }
            Some(Err(why)) => {
                return Err(Error::Render(format!(
                    "{name}:{}: {why} (markers: `{{#- section: once -#}}`, `{{#- section: \
                     each -#}}`, `{{#- section: each, grouped by EXPRESSION -#}}`)",
                    number + 1
                )))
            }
            None => match &mut current {
                Some((_, body)) => body.push_str(line),
                None => prelude.push_str(line),
            },
        }
    }
    match current {
        None => Ok(None),
        Some((kind, body)) => {
            sections.push(section(kind, &prelude, &body));
            Ok(Some(sections))
        }
    }
}

fn section(kind: SectionKind, prelude: &str, body: &str) -> Section {
    let kind = match kind {
        SectionKind::Each {
            group: Some(expression),
        } => SectionKind::Each {
            group: Some(format!("{prelude}{{{{ {expression} }}}}")),
        },
        other => other,
    };
    Section {
        kind,
        text: format!("{prelude}{body}"),
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
                    {#- section: each -#}\nrow\n";
        let sections = split("t", text).unwrap().unwrap();
        let kinds: Vec<&SectionKind> = sections.iter().map(|s| &s.kind).collect();
        assert_eq!(
            kinds,
            [
                &SectionKind::Once,
                &SectionKind::Each {
                    group: Some("{% import \"m\" as m %}\n{{ r.metadata.env }}".into())
                },
                &SectionKind::Each { group: None },
            ]
        );
        assert_eq!(sections[0].text, "{% import \"m\" as m %}\nhead\n");
        assert_eq!(sections[1].text, "{% import \"m\" as m %}\n{{ r.x }}\n");
    }

    #[test]
    fn a_file_without_markers_is_whole_and_a_bad_marker_is_an_error() {
        assert_eq!(split("t", "# {{ marker }}\n").unwrap(), None);
        let error = split("t", "x\n{#- section: every -#}\n").unwrap_err().to_string();
        assert!(error.contains("t:2: `{#- section: every -#}` is not a section marker"));
        // A comment that merely mentions sections is text.
        assert_eq!(split("t", "{# sections are nice #}\n").unwrap(), None);
    }
}
