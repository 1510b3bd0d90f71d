//! The escaping rule, checked: every `{{ … }}` of a template must end in an escaping filter of
//! its target language (or be one of the few forms that print only fixed or already-checked
//! text), so no value a manifest holds reaches a generated file unescaped. The built-in
//! templates are held to it by a test; templates from `--templates` are checked at run time
//! and each miss is a warning that names the file and line.

use super::functions::{ESCAPING_FILTERS, LAYOUT_FILTERS};

/// Variables the engine itself fills with fixed ASCII text.
const SAFE_VARIABLES: &[&str] = &["marker"];
/// Functions that print nothing (they report to stderr).
const SILENT_FUNCTIONS: &[&str] = &["warn(", "fail("];

/// Every `{{ … }}` of `text`: the byte offset of its `{{` and the expression between the
/// braces (without the `-` of whitespace control). Scanned by hand: there is no pattern
/// that could fail to compile and silently report nothing.
fn interpolations(text: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let mut rest = 0;
    while let Some(open) = text[rest..].find("{{").map(|i| rest + i) {
        let inner = open + 2;
        let Some(close) = text[inner..].find("}}").map(|i| inner + i) else {
            break;
        };
        let expression = &text[inner..close];
        let expression = expression.strip_prefix('-').unwrap_or(expression);
        let expression = expression.strip_suffix('-').unwrap_or(expression);
        found.push((open, expression));
        rest = close + 2;
    }
    found
}

/// Whether `head` calls a macro (`name::name(`), whose output is checked where the macro is
/// defined.
fn is_macro_call(head: &str) -> bool {
    let word = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_alphanumeric() || c == '_');
    head.split_once('(')
        .and_then(|(callee, _)| callee.split_once("::"))
        .is_some_and(|(module, name)| word(module) && word(name))
}

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
    interpolations(text)
        .into_iter()
        .filter_map(|(start, expression)| {
            let why = why_unsafe(expression)?;
            Some(Unescaped {
                line: text[..start].matches('\n').count() + 1,
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
        if is_macro_call(head)
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

/// `text` without its Tera comments (`{# … #}`), which say anything and run nothing.
pub fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{#") {
        out.push_str(&rest[..start]);
        match rest[start..].find("#}") {
            Some(end) => rest = &rest[start + end + 2..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
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
