//! The constraint model's expressions printed as Kubernetes CEL (`size(self)`,
//! `self.matches('…')`, `has(self.f)`), with literals quoted so they read back exactly.

use super::super::{Expr, Literal, Pred, Type};

/// Properties named after CEL keywords are written `__name__` in Kubernetes CEL.
const CEL_RESERVED: &[&str] = &[
    "true",
    "false",
    "null",
    "in",
    "as",
    "break",
    "const",
    "continue",
    "else",
    "for",
    "function",
    "if",
    "import",
    "let",
    "loop",
    "package",
    "namespace",
    "return",
    "var",
    "void",
    "while",
];

/// `e` of a value of `ty` held in `subject`, as Kubernetes CEL.
pub(super) fn cel(e: &Expr, ty: &Type, subject: &str) -> Option<String> {
    compose(e, &|path, p| {
        if path.is_empty() {
            pred_cel(p, ty, subject)
        } else {
            None
        }
    })
}

/// `e` as CEL: each predicate (with the field path below the subject it is about) printed by
/// `leaf`, joined with `&&`, `||` and `!`; `None` when a predicate has no CEL.
pub(super) fn compose(
    e: &Expr,
    leaf: &dyn Fn(&[String], &Pred) -> Option<String>,
) -> Option<String> {
    match e {
        Expr::Pred(path, p) => leaf(path, p),
        Expr::And(items) | Expr::Or(items) => {
            let (op, empty, nested_and) = match e {
                Expr::And(_) => (" && ", "true", false),
                _ => (" || ", "false", true),
            };
            if items.is_empty() {
                return Some(empty.into());
            }
            let parts = items
                .iter()
                .map(|i| Some(group(i, compose(i, leaf)?, nested_and)))
                .collect::<Option<Vec<_>>>()?;
            Some(parts.join(op))
        }
        Expr::Not(inner) => Some(format!("!({})", compose(inner, leaf)?)),
    }
}

/// `text` (the CEL of `e`) parenthesized where it joins an `&&` or `||` of the other kind.
pub(super) fn group(e: &Expr, text: String, parent_is_or: bool) -> String {
    match e {
        Expr::Or(items) if !parent_is_or && items.len() > 1 => format!("({text})"),
        Expr::And(items) if parent_is_or && items.len() > 1 => format!("({text})"),
        _ => text,
    }
}

pub(super) fn pred_cel(p: &Pred, ty: &Type, subject: &str) -> Option<String> {
    Some(match p {
        // Kubernetes CEL's size() of a string counts code points, as buf.validate does.
        Pred::Len(cmp, n) => format!("size({subject}) {} {n}", cmp.symbol()),
        Pred::Bytes(cmp, n) => match ty {
            // `format: byte` strings are bytes in Kubernetes CEL.
            Type::Bytes => format!("size({subject}) {} {n}", cmp.symbol()),
            _ => format!("size(bytes({subject})) {} {n}", cmp.symbol()),
        },
        Pred::Matches(pattern) => format!("{subject}.matches({})", cel_string(pattern.as_str())),
        Pred::Eq(value) => format!("{subject} == {}", cel_literal(value, ty)?),
        Pred::In(values) => {
            let values = values
                .iter()
                .map(|v| cel_literal(v, ty))
                .collect::<Option<Vec<_>>>()?;
            format!("{subject} in [{}]", values.join(", "))
        }
        Pred::Compare(cmp, value) => {
            if matches!(ty, Type::Enum(_)) {
                return None;
            }
            format!("{subject} {} {}", cmp.symbol(), cel_literal(value, ty)?)
        }
        Pred::Count(cmp, n) => format!("size({subject}) {} {n}", cmp.symbol()),
        Pred::Unique | Pred::Present => return None,
    })
}

pub(super) fn cel_literal(value: &Literal, ty: &Type) -> Option<String> {
    Some(match value {
        Literal::Bool(b) => b.to_string(),
        Literal::Int(i) if matches!(ty, Type::Float) => format!("{i}.0"),
        Literal::Int(i) => i.to_string(),
        Literal::Float(f) if f.is_finite() => {
            let text = format!("{f:?}");
            if text.contains(['.', 'e', 'E']) {
                text
            } else {
                format!("{text}.0")
            }
        }
        Literal::Float(_) => return None,
        Literal::Str(s) => cel_string(s),
        Literal::Enum(e) => cel_string(e.name.as_ref()?),
    })
}

/// A CEL string literal (single-quoted) holding exactly `text`.
pub fn cel_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// A property as Kubernetes CEL names it: `__` and CEL keywords escaped.
pub(super) fn cel_field(name: &str) -> String {
    let name = name.replace("__", "__underscores__");
    if CEL_RESERVED.contains(&name.as_str()) {
        format!("__{name}__")
    } else {
        name
    }
}

pub(super) fn has(subject: &str, field: &str) -> String {
    format!("has({subject}.{})", cel_field(field))
}
