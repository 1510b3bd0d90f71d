//! `planton-gen init`: a commented example manifest of a kind, built from its proto alone —
//! every field with its documentation comment, the ones a manifest must set filled in, the
//! others commented out at their zero value — and checked to validate before it is handed
//! out.
//!
//! A field marked `(planton_gen.options.name_suffix_values)` is set when the name ends in
//! `-VALUE` for one of its values (`metadata.env: dev` for `myapp-cache-dev`).
//!
//! Values of fields that must be set: the field's `(planton_gen.options.example)` (YAML text
//! for a message or a list), a `const` rule's value (`apiVersion`, `kind`), the first
//! value an `in` rule allows, an integer's lower bound, the given name for `metadata.name`
//! and for any other required text, the first non-zero value of an enum, `true`, `1`;
//! messages are filled in recursively. A kind whose rules these do
//! not satisfy gets an error that names the violations rather than an example that fails.

use crate::check::check_text;
use crate::constraints::{self, Cmp, Expr, FieldShape, Literal, Model, Pred, Type};
use crate::error::{Error, Result};
use crate::render::escape::yaml_string;
use crate::schema::Schema;
use prost_reflect::MessageDescriptor;

/// Where the name given to `init` goes: the resource convention's name field.
const NAME_PATH: [&str; 2] = ["metadata", "name"];
/// Comment lines are wrapped to this width (the indentation included).
const WIDTH: usize = 92;
/// Deepest nesting written (guards recursive messages).
const MAX_DEPTH: usize = 8;

/// The example manifest of `kind` named `name`, as YAML text that validates.
pub fn example(schema: &Schema, kind: &str, name: &str) -> Result<String> {
    let kind = crate::interface::find_kind(schema, Some(kind), Default::default())?;
    let model = constraints::build(&kind.message)?;
    let root = model
        .root()
        .ok_or_else(|| Error::Schema(format!("kind {} has no message", kind.name)))?;
    let mut out = Writer {
        model: &model,
        name,
        from_name: from_name_suffix(&kind.message, name),
        text: String::new(),
    };
    out.comment(0, root.comment.as_deref().unwrap_or(&kind.name));
    out.comment(
        0,
        &format!(
            "Written by `planton-gen init`. Fields that are commented out are optional; \
             `planton-gen explain {}.<field>` describes any of them.",
            kind.name
        ),
    );
    out.text.push('\n');
    out.fields(&root.fields, 0, false, &[]);
    let text = out.text;

    let checked = check_text(schema, "<init>", &text)?;
    if !checked.is_valid() {
        let violations: Vec<String> = checked.violations.iter().map(|v| v.human()).collect();
        return Err(Error::Schema(format!(
            "cannot make an example of {} that validates; write the manifest by hand \
             (`planton-gen explain {}` lists its fields). The attempt broke:\n{}",
            kind.name,
            kind.name,
            violations.join("\n")
        )));
    }
    Ok(text)
}

struct Writer<'a> {
    model: &'a Model,
    name: &'a str,
    /// Fields whose value the name gives away (`myapp-cache-dev` is in environment `dev`),
    /// by path.
    from_name: Vec<(Vec<String>, String)>,
    text: String,
}

/// Fields marked `(planton_gen.options.name_suffix_values)` whose values end `name` after a
/// dash, with the value found: what `init` sets beside the name itself.
fn from_name_suffix(message: &MessageDescriptor, name: &str) -> Vec<(Vec<String>, String)> {
    fn walk(
        message: &MessageDescriptor,
        name: &str,
        path: &mut Vec<String>,
        found: &mut Vec<(Vec<String>, String)>,
    ) {
        if path.len() >= MAX_DEPTH {
            return;
        }
        for field in message.fields() {
            path.push(field.name().to_owned());
            let suffix = crate::rules::name_suffix_values(&field)
                .into_iter()
                .find(|value| {
                    name.strip_suffix(value.as_str())
                        .is_some_and(|rest| rest.ends_with('-'))
                });
            if let Some(value) = suffix {
                found.push((path.clone(), value));
            } else if let (prost_reflect::Kind::Message(inner), false) =
                (field.kind(), field.is_list() || field.is_map())
            {
                walk(&inner, name, path, found);
            }
            path.pop();
        }
    }
    let mut found = Vec::new();
    walk(message, name, &mut Vec::new(), &mut found);
    found
}

impl Writer<'_> {
    /// The fields of one message at `depth`; `off` comments every line out (an optional
    /// message shown for reference).
    fn fields(&mut self, fields: &[FieldShape], depth: usize, off: bool, path: &[&str]) {
        for (i, field) in fields.iter().enumerate() {
            if depth == 0 && i > 0 {
                self.text.push('\n');
            }
            let mut here = path.to_vec();
            here.push(&field.name);
            if let Some(comment) = &field.comment {
                self.comment(depth, comment);
            }
            // The name is set whatever the rules say: every manifest needs one.
            // So is a field the name gives away, and the messages holding it.
            let named = NAME_PATH.starts_with(&here) || self.leads_to_given(&here);
            let set = !off && (field.must_be_present || named);
            self.field(field, depth, !set, &here);
        }
    }

    fn field(&mut self, field: &FieldShape, depth: usize, off: bool, path: &[&str]) {
        // The envelope is spelled as Kubernetes spells it (`apiVersion`), the rest by proto
        // name (`ttl_seconds`), as the bundled examples are; both spellings are accepted.
        let key = if depth == 0 {
            &field.json_name
        } else {
            &field.name
        };
        let line = |value: &str| format!("{key}: {value}");
        // The proto's example, when the field is set: a value its rules accept where the
        // name or a zero would not (an account id, a date, a message or list).
        if let (false, Some(example)) = (off, &field.example) {
            match &field.ty {
                Type::Message(full_name) => {
                    if let Some(message) = self.model.message(full_name) {
                        self.line(depth, off, &format!("{key}:"));
                        let given = example_fields(example);
                        self.example_fields(&message.fields, &given, depth + 1, path);
                        return;
                    }
                }
                Type::List(_) | Type::Map(..) => {
                    self.line(depth, off, &line(example));
                    return;
                }
                _ => {
                    self.line(depth, off, &line(&text(example)));
                    return;
                }
            }
        }
        match &field.ty {
            Type::Message(full_name) => {
                let Some(message) = self.model.message(full_name) else {
                    return;
                };
                if depth >= MAX_DEPTH || message.fields.is_empty() {
                    self.line(depth, off, &line("{}"));
                    return;
                }
                self.line(depth, off, &format!("{key}:"));
                self.fields(&message.fields, depth + 1, off, path);
            }
            Type::List(_) => self.line(depth, off, &line("[]")),
            Type::Map(..) => self.line(depth, off, &line("{}")),
            scalar => {
                let value = match (off, self.given(path)) {
                    (true, _) => zero(scalar),
                    (false, Some(given)) => text(given),
                    (false, None) => self.required_value(field, scalar),
                };
                self.line(depth, off, &line(&value));
            }
        }
    }

    /// The fields of a message the proto's example gives (`given`: field name → YAML value):
    /// those set as given, the others shown commented out, with their comments.
    fn example_fields(
        &mut self,
        fields: &[FieldShape],
        given: &[(String, String)],
        depth: usize,
        path: &[&str],
    ) {
        for field in fields {
            let mut here = path.to_vec();
            here.push(&field.name);
            if let Some(comment) = &field.comment {
                self.comment(depth, comment);
            }
            let value = given
                .iter()
                .find(|(name, _)| *name == field.name || *name == field.json_name);
            match value {
                Some((_, value)) => self.line(depth, false, &format!("{}: {value}", field.name)),
                None => self.field(field, depth, true, &here),
            }
        }
    }

    /// The value the name gives the field at `path`, if any.
    fn given(&self, path: &[&str]) -> Option<&str> {
        self.from_name
            .iter()
            .find(|(at, _)| at.iter().map(String::as_str).eq(path.iter().copied()))
            .map(|(_, value)| value.as_str())
    }

    /// Whether `path` is a field the name gives a value, or a message holding one.
    fn leads_to_given(&self, path: &[&str]) -> bool {
        self.from_name
            .iter()
            .any(|(at, _)| at.len() >= path.len() && at.iter().zip(path).all(|(a, p)| a == p))
    }

    fn required_value(&self, field: &FieldShape, ty: &Type) -> String {
        if let Some(value) = constant(field) {
            return value;
        }
        match ty {
            // The name, and any other text that must be set (a title, an identifier), start
            // as the name given.
            Type::String | Type::Bytes => text(self.name),
            Type::Bool => "true".into(),
            Type::Int { .. } | Type::Float => "1".into(),
            Type::Enum(shape) => shape
                .values
                .iter()
                .find(|(_, number)| *number != 0)
                .map(|(name, _)| name.clone())
                .unwrap_or_else(|| "0".into()),
            _ => zero(ty),
        }
    }

    fn line(&mut self, depth: usize, off: bool, text: &str) {
        let indent = "  ".repeat(depth);
        let mark = if off { "# " } else { "" };
        self.text.push_str(&format!("{indent}{mark}{text}\n"));
    }

    /// A documentation comment, wrapped to [`WIDTH`].
    fn comment(&mut self, depth: usize, text: &str) {
        let indent = "  ".repeat(depth);
        let mark = "# ";
        let room = WIDTH.saturating_sub(indent.len() + mark.len()).max(30);
        let mut current = String::new();
        for word in text.split_whitespace() {
            if !current.is_empty() && current.len() + 1 + word.len() > room {
                self.text.push_str(&format!("{indent}{mark}{current}\n"));
                current.clear();
            }
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
        if !current.is_empty() {
            self.text.push_str(&format!("{indent}{mark}{current}\n"));
        }
    }
}

/// The value a rule on the field itself points to, as YAML: a `const`, the first of an
/// `in` list, the lower bound of a `gte`/`gt` on an integer.
fn constant(field: &FieldShape) -> Option<String> {
    field
        .rules
        .printed_rules()
        .iter()
        .find_map(|check| match &check.expr {
            Expr::Pred(path, pred) if path.is_empty() => match pred {
                Pred::Eq(literal) => Some(literal_yaml(literal)),
                Pred::In(literals) => literals.first().map(literal_yaml),
                Pred::Compare(Cmp::Ge, Literal::Int(n)) => Some(n.to_string()),
                Pred::Compare(Cmp::Gt, Literal::Int(n)) => Some((n + 1).to_string()),
                _ => None,
            },
            _ => None,
        })
}

/// The fields an example of a message sets (YAML flow text such as `{value: abc}`), each
/// with its scalar value as YAML; nothing for what is not a mapping of scalars (init's own
/// check then reports the field).
fn example_fields(example: &str) -> Vec<(String, String)> {
    use yaml_rust2::Yaml;
    let Ok(documents) = yaml_rust2::YamlLoader::load_from_str(example) else {
        return Vec::new();
    };
    let Some(Yaml::Hash(entries)) = documents.into_iter().next() else {
        return Vec::new();
    };
    entries
        .into_iter()
        .filter_map(|(key, value)| {
            let key = key.as_str()?.to_owned();
            let value = match value {
                Yaml::String(text) => self::text(&text),
                Yaml::Integer(number) => number.to_string(),
                Yaml::Real(number) => number,
                Yaml::Boolean(flag) => flag.to_string(),
                _ => return None,
            };
            Some((key, value))
        })
        .collect()
}

fn literal_yaml(literal: &Literal) -> String {
    match literal {
        Literal::Bool(b) => b.to_string(),
        Literal::Int(i) => i.to_string(),
        Literal::Float(f) => f.to_string(),
        Literal::Str(s) => text(s),
        Literal::Enum(e) => e.name.clone().unwrap_or_else(|| e.number.to_string()),
    }
}

/// A text value as YAML: plain when it is unmistakably a string (`my-cache`,
/// `cloudflare.project-planton.org/v1`), quoted by the YAML escaper otherwise.
fn text(value: &str) -> String {
    const WORDS: &[&str] = &["y", "yes", "n", "no", "true", "false", "on", "off", "null"];
    let plain = value.starts_with(|c: char| c.is_ascii_alphabetic())
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        && !WORDS.contains(&value.to_ascii_lowercase().as_str());
    if plain {
        value.to_owned()
    } else {
        yaml_string(value)
    }
}

fn zero(ty: &Type) -> String {
    ty.zero()
        .map_or_else(|| "null".into(), |zero| literal_yaml(&zero))
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn text_is_plain_only_when_it_cannot_be_read_as_anything_else() {
        assert_eq!(text("my-cache"), "my-cache");
        assert_eq!(
            text("cloudflare.project-planton.org/v1"),
            "cloudflare.project-planton.org/v1"
        );
        for quoted in [
            "", "yes", "No", "null", "1.0", "a: b", "x #y", "-x", "é", "a b",
        ] {
            assert!(
                text(quoted).starts_with('"'),
                "{quoted:?} gave {}",
                text(quoted)
            );
        }
    }
}
