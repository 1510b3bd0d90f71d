//! The escaping rule, checked: every `{{ … }}` of a template must end in an escaping filter of
//! its target language (or be one of the few forms that print only fixed or already-checked
//! text), so no value a manifest holds reaches a generated file unescaped. The built-in
//! templates are held to it by a test; templates from `--templates` are checked at run time
//! and each miss is a warning that names the file and line.

use super::functions::{ESCAPING_FILTERS, LAYOUT_FILTERS};
use regex::Regex;
use std::sync::LazyLock;

/// Variables the engine itself fills with fixed ASCII text.
const SAFE_VARIABLES: &[&str] = &["marker"];
/// Functions that print nothing (they report to stderr).
const SILENT_FUNCTIONS: &[&str] = &["warn(", "fail("];

static INTERPOLATION: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?s)\{\{-?(.*?)-?\}\}").ok());
static MACRO_CALL: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"^\w+::\w+\(").ok());

/// An interpolation that breaks the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unescaped {
    /// Line of the template the interpolation starts on, from 1.
    pub line: usize,
    /// The interpolation as written, without its braces.
    pub expression: String,
    pub why: String,
}

/// Every interpolation of `text` that does not end in an escaping filter.
pub fn unescaped(text: &str) -> Vec<Unescaped> {
    let Some(interpolation) = INTERPOLATION.as_ref() else {
        return Vec::new();
    };
    interpolation
        .captures_iter(text)
        .filter_map(|found| {
            let whole = found.get(0)?;
            let expression = found.get(1)?.as_str();
            let why = why_unsafe(expression)?;
            Some(Unescaped {
                line: text[..whole.start()].matches('\n').count() + 1,
                expression: expression.trim().to_owned(),
                why,
            })
        })
        .collect()
}

/// Why an interpolation is unsafe, if it is.
fn why_unsafe(expression: &str) -> Option<String> {
    let expression = expression.trim();
    let filters = filters(expression);
    let head = expression.split('|').next().unwrap_or("").trim();
    if filters.is_empty() {
        // A macro's output is checked where the macro is defined (every template is checked).
        let macro_call = MACRO_CALL.as_ref().is_some_and(|re| re.is_match(head));
        if macro_call
            || SAFE_VARIABLES.contains(&head)
            || SILENT_FUNCTIONS.iter().any(|f| head.starts_with(f))
        {
            return None;
        }
        return Some("no escaping filter".into());
    }
    let last = filters
        .iter()
        .rev()
        .find(|f| !LAYOUT_FILTERS.contains(&f.as_str()))?;
    if ESCAPING_FILTERS.contains(&last.as_str()) {
        None
    } else {
        Some(format!("ends in `{last}`, not an escaping filter"))
    }
}

/// The filters of a Tera expression, outermost last, without their arguments.
fn filters(expression: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut current = String::new();
    for c in expression.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'' | '`') => quote = Some(c),
            (None, '(' | '[') => depth += 1,
            (None, ')' | ']') => depth -= 1,
            (None, '|') if depth == 0 => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current);
    parts
        .into_iter()
        .skip(1)
        .map(|f| f.trim().split('(').next().unwrap_or("").trim().to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::unescaped;

    fn count(text: &str) -> usize {
        unescaped(text).len()
    }

    #[test]
    fn bare_and_badly_filtered_interpolations_are_found() {
        assert_eq!(count("{{ r.spec.description }}"), 1);
        assert_eq!(count("{{ r.spec.description | upper }}"), 1);
        assert_eq!(count("{{ r.spec.description | hcl_string | upper }}"), 1);
        assert_eq!(count("{{ x | default(value='|') }}"), 1);
        assert_eq!(count("{{ r.spec.description | upper | hcl_string }}"), 0);
        assert_eq!(count("{{- r.names.snake | ident | pad(width=w) -}}"), 0);
        assert_eq!(count("{{ marker }} {{ warn(message=m) }}"), 0);
        assert_eq!(
            count("{{ wrangler::entry(r=r) }} {{- self::binding(r=r) }}"),
            0
        );
    }

    #[test]
    fn findings_carry_their_line_and_reason() {
        let found = unescaped("# {{ marker }}\n\ntitle = {{\n  r.spec.title }}\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 3);
        assert_eq!(found[0].expression, "r.spec.title");
        assert_eq!(found[0].why, "no escaping filter");
    }
}
