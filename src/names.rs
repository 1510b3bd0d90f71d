//! Names derived from a resource's `metadata.name` for the languages planton-gen writes:
//! Terraform labels, Go identifiers, Kubernetes object names and JavaScript bindings. Each is
//! made valid for its language here, once, so templates never have to.

use heck::{ToKebabCase, ToLowerCamelCase, ToShoutySnakeCase, ToSnakeCase};
use serde::Serialize;

/// Longest Kubernetes object name (an RFC 1123 label).
const KUBERNETES_NAME_MAX: usize = 63;

/// Words Go reserves; a Go identifier equal to one gets a trailing underscore.
const GO_KEYWORDS: &[&str] = &[
    "break",
    "case",
    "chan",
    "const",
    "continue",
    "default",
    "defer",
    "else",
    "fallthrough",
    "for",
    "func",
    "go",
    "goto",
    "if",
    "import",
    "interface",
    "map",
    "package",
    "range",
    "return",
    "select",
    "struct",
    "switch",
    "type",
    "var",
];

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Names {
    /// `my_kv_prod`: a Terraform block label or HCL identifier.
    pub snake: String,
    /// `myKvProd`: a Go identifier.
    pub camel: String,
    /// `my-kv-prod`: a Kubernetes object name (RFC 1123 label, at most 63 characters).
    pub kebab: String,
    /// `MY_KV_PROD`: a JavaScript identifier, as wrangler bindings are written.
    pub shouty: String,
}

impl Names {
    /// The names for `name`, or `None` when it has no letter or digit to build them from.
    pub fn derive(name: &str) -> Option<Self> {
        if !name.chars().any(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
        let snake = identifier(&ascii(name).to_snake_case(), '_', "r_");
        let mut camel = identifier(&ascii(name).to_lower_camel_case(), '\0', "r");
        if GO_KEYWORDS.contains(&camel.as_str()) {
            camel.push('_');
        }
        let shouty = identifier(&ascii(name).to_shouty_snake_case(), '_', "R_");
        let mut kebab: String = ascii(name)
            .to_kebab_case()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        kebab.truncate(KUBERNETES_NAME_MAX);
        let kebab = kebab.trim_matches('-').to_owned();
        Some(Self {
            snake,
            camel,
            kebab,
            shouty,
        })
    }

    /// Each name with the language it is for, for messages about collisions.
    pub fn forms(&self) -> [(&'static str, &str); 4] {
        [
            ("names.snake", &self.snake),
            ("names.camel", &self.camel),
            ("names.kebab", &self.kebab),
            ("names.shouty", &self.shouty),
        ]
    }
}

/// Non-ASCII characters become word separators: every target accepts ASCII identifiers.
fn ascii(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii() { c } else { ' ' })
        .collect()
}

/// Keeps ASCII letters, digits and `separator` (`'\0'` for none) and makes sure the result
/// starts with a letter or underscore, prefixing `prefix` when it would start with a digit.
fn identifier(converted: &str, separator: char, prefix: &str) -> String {
    let kept: String = converted
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == separator)
        .collect();
    if kept.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{prefix}{kept}")
    } else {
        kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derives_each_form() {
        let names = Names::derive("myapp-config-prod").unwrap();
        assert_eq!(names.snake, "myapp_config_prod");
        assert_eq!(names.camel, "myappConfigProd");
        assert_eq!(names.kebab, "myapp-config-prod");
        assert_eq!(names.shouty, "MYAPP_CONFIG_PROD");
    }

    #[test]
    fn makes_names_valid_in_their_language() {
        let names = Names::derive("1st kv/../é!").unwrap();
        assert_eq!(names.snake, "r_1st_kv");
        assert_eq!(names.camel, "r1stKv");
        assert_eq!(names.kebab, "1st-kv");
        assert_eq!(names.shouty, "R_1ST_KV");
        assert_eq!(Names::derive("range").unwrap().camel, "range_");
        assert_eq!(Names::derive(&"a".repeat(80)).unwrap().kebab.len(), 63);
        assert!(Names::derive("../..").is_none());
        assert!(Names::derive("").is_none());
    }

    #[test]
    fn different_spellings_collide() {
        assert_eq!(Names::derive("my-kv"), Names::derive("my_kv"));
    }
}
