//! Every interpolation in every template must end in an escaping filter (or be one of the few
//! proven-safe forms), so no value a user wrote can reach a generated file unescaped.

use planton_gen::render::functions::{ESCAPING_FILTERS, LAYOUT_FILTERS};
use planton_gen::render::Templates;

/// Variables the engine itself fills with fixed ASCII text.
const SAFE_VARIABLES: &[&str] = &["marker"];
/// Functions that print nothing (they report to stderr).
const SILENT_FUNCTIONS: &[&str] = &["warn(", "fail("];

/// The filters of a Tera expression, outermost last, without their arguments.
fn filters(expression: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0;
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

/// Why an interpolation is unsafe, if it is.
fn unsafe_interpolation(expression: &str) -> Option<String> {
    let expression = expression.trim();
    let filters = filters(expression);
    let head = expression.split('|').next().unwrap_or("").trim();
    if filters.is_empty() {
        // A macro's output is checked where the macro is defined (every template is scanned).
        let macro_call = regex::Regex::new(r"^\w+::\w+\(").unwrap().is_match(head);
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

fn scan(text: &str) -> Vec<String> {
    let interpolation = regex::Regex::new(r"(?s)\{\{-?(.*?)-?\}\}").unwrap();
    interpolation
        .captures_iter(text)
        .filter_map(|c| {
            let expression = c.get(1).unwrap().as_str();
            unsafe_interpolation(expression).map(|why| format!("{{{{{expression}}}}}: {why}"))
        })
        .collect()
}

#[test]
fn the_scanner_catches_bare_and_badly_filtered_interpolations() {
    assert_eq!(scan("{{ r.spec.description }}").len(), 1);
    assert_eq!(scan("{{ r.spec.description | upper }}").len(), 1);
    assert_eq!(
        scan("{{ r.spec.description | hcl_string | upper }}").len(),
        1
    );
    assert_eq!(scan("{{ x | default(value='|') }}").len(), 1);
    assert!(scan("{{ r.spec.description | upper | hcl_string }}").is_empty());
    assert!(scan("{{- r.names.snake | ident | pad(width=w) -}}").is_empty());
    assert!(scan("{{ marker }} {{ warn(message=m) }}").is_empty());
    assert!(scan("{{ wrangler::entry(r=r) }} {{- self::binding(r=r) }}").is_empty());
}

#[test]
fn every_template_escapes_every_interpolation() {
    let mut problems = Vec::new();
    let templates = Templates::builtin();
    let mut count = 0;
    for (name, text) in templates.iter() {
        count += 1;
        for problem in scan(text) {
            problems.push(format!("templates/{name}: {problem}"));
        }
    }
    assert!(count >= 4, "templates are missing: {count}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
