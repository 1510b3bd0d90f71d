//! `--set PATH=VALUE`: a value applied to every manifest of the run, after the file is read
//! and before anything is validated. PATH uses proto or JSON field names (`spec.display_name`,
//! `spec.displayName`), map keys as a further segment or quoted (`metadata.labels.team`,
//! `metadata.labels["a.b"]`); VALUE is YAML (`3600`, `"0042"`, `[a, b]`). The path and the
//! value are checked against each kind's message, so a typo is a usage error, not a silently
//! ignored flag.

use super::lower::{nearest, Lowering};
use crate::diagnostics::Position;
use crate::error::{Error, Result};
use crate::field_path::{FieldPath, Segment};
use crate::schema::Kind;
use crate::yaml::{self, Node, NodeValue, Scalar};
use prost_reflect::{DynamicMessage, Kind as ProtoKind};
use serde_yaml::{Mapping, Value};
use std::collections::HashMap;

/// A `--set` flag as given.
#[derive(Clone, Debug)]
pub struct Override {
    /// The flag's text, for messages.
    pub text: String,
    segments: Vec<String>,
    value: Node,
}

/// An override checked against one kind: where it goes and what it puts there.
#[derive(Clone, Debug)]
pub struct Resolved {
    pub text: String,
    pub path: FieldPath,
    /// Keys from the document root to the target, proto names and map keys.
    keys: Vec<String>,
    value: Value,
}

impl Override {
    pub fn parse(text: &str) -> Result<Self> {
        let usage = |why: &str| Error::Usage(format!("--set {text}: {why}"));
        let (path, value) = text
            .split_once('=')
            .ok_or_else(|| usage("expected PATH=VALUE"))?;
        let segments = split_path(path).ok_or_else(|| usage("malformed PATH"))?;
        if segments.is_empty() || segments.iter().any(String::is_empty) {
            return Err(usage("malformed PATH"));
        }
        let docs = yaml::parse_stream(value)
            .map_err(|e| usage(&format!("VALUE is not YAML: {}", e.message)))?;
        let value = match docs.into_iter().next().and_then(|doc| doc.root) {
            Some(node) => node,
            None => Node {
                pos: Position::default(),
                value: NodeValue::Scalar(Scalar {
                    text: String::new(),
                    plain: true,
                    tag: None,
                }),
            },
        };
        Ok(Self {
            text: text.to_owned(),
            segments,
            value,
        })
    }

    /// Checks the override against `kind`: the path must name a field (or map entry) and the
    /// value must have that field's type.
    pub fn resolve(&self, kind: &Kind) -> Result<Resolved> {
        let usage =
            |why: String| Error::Usage(format!("--set {}: {why} (kind {})", self.text, kind.name));
        let mut message = kind.message.clone();
        let mut path = FieldPath::root();
        let mut keys = Vec::new();
        let mut rest = self.segments.iter().peekable();
        while let Some(segment) = rest.next() {
            let Some(field) = message
                .get_field_by_name(segment)
                .or_else(|| message.get_field_by_json_name(segment))
            else {
                let names: Vec<String> = message.fields().map(|f| f.name().to_owned()).collect();
                let hint = nearest(segment, names.iter().map(String::as_str))
                    .map(|n| format!("; did you mean `{n}`?"))
                    .unwrap_or_default();
                return Err(usage(format!(
                    "no field `{segment}` in {}{hint}",
                    message.name()
                )));
            };
            path = path.field(field.name());
            keys.push(field.name().to_owned());
            let last = rest.peek().is_none();
            if field.is_list() && !last {
                return Err(usage(format!(
                    "`{}` is a list; set it whole, e.g. --set '{}=[a, b]'",
                    field.name(),
                    path
                )));
            }
            if field.is_map() && !last {
                let key = rest.next().cloned().unwrap_or_default();
                let ProtoKind::Message(entry) = field.kind() else {
                    return Err(usage("malformed map field".into()));
                };
                path = path.child(match entry.map_entry_key_field().kind() {
                    ProtoKind::String => Segment::StringKey(key.clone()),
                    _ => Segment::OtherKey(key.clone()),
                });
                keys.push(key);
                let value_field = entry.map_entry_value_field();
                if rest.peek().is_none() {
                    return self.finish(kind, path, keys, |lowering, node, path| {
                        lowering.element(node, &value_field, path)
                    });
                }
                match value_field.kind() {
                    ProtoKind::Message(inner) => message = inner,
                    _ => return Err(usage(format!("`{path}` holds a scalar, not fields"))),
                }
                continue;
            }
            if last {
                return self.finish(kind, path, keys, |lowering, node, path| {
                    lowering.field(node, &field, path)
                });
            }
            match field.kind() {
                ProtoKind::Message(inner) => message = inner,
                _ => return Err(usage(format!("`{path}` is a scalar, it has no fields"))),
            }
        }
        Err(usage("empty PATH".into()))
    }

    fn finish(
        &self,
        kind: &Kind,
        path: FieldPath,
        keys: Vec<String>,
        lower: impl FnOnce(&mut Lowering, &Node, &FieldPath) -> Value,
    ) -> Result<Resolved> {
        let usage = |why: String| Error::Usage(format!("--set {}: {why}", self.text));
        let mut lowering = Lowering::default();
        let value = lower(&mut lowering, &self.value, &path);
        if let Some(problem) = lowering.problems.first() {
            return Err(usage(problem.message.clone()));
        }
        // The value must also survive the real decoder in the context of the whole kind.
        let mut probe = value.clone();
        for key in keys.iter().rev() {
            let mut mapping = Mapping::new();
            mapping.insert(Value::String(key.clone()), probe);
            probe = Value::Mapping(mapping);
        }
        DynamicMessage::deserialize(kind.message.clone(), &probe)
            .map_err(|e| usage(e.to_string()))?;
        Ok(Resolved {
            text: self.text.clone(),
            path,
            keys,
            value,
        })
    }
}

impl Resolved {
    /// Puts the value into a lowered manifest, creating enclosing mappings as needed, and
    /// gives new entries the position of their nearest enclosing one.
    pub fn apply(
        &self,
        root: &mut Value,
        positions: &mut HashMap<FieldPath, Position>,
        root_pos: Position,
    ) {
        let mut node = root;
        let mut pos = root_pos;
        let mut prefix = FieldPath::root();
        for (depth, (key, segment)) in self.keys.iter().zip(self.path.segments()).enumerate() {
            prefix = prefix.child(segment.clone());
            pos = *positions.entry(prefix.clone()).or_insert(pos);
            if !matches!(node, Value::Mapping(_)) {
                *node = Value::Mapping(Mapping::new());
            }
            let Value::Mapping(mapping) = node else {
                return;
            };
            let key = Value::String(key.clone());
            if depth + 1 == self.keys.len() {
                mapping.insert(key, self.value.clone());
                return;
            }
            node = mapping.entry(key).or_insert(Value::Null);
        }
    }
}

/// `a.b["c.d"].e` → `[a, b, c.d, e]`.
fn split_path(path: &str) -> Option<Vec<String>> {
    let mut segments = Vec::new();
    let mut current = String::new();
    let mut chars = path.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '.' => segments.push(std::mem::take(&mut current)),
            '[' => {
                if !current.is_empty() {
                    segments.push(std::mem::take(&mut current));
                }
                let rest = &path[i + 1..];
                let end = rest.find(']')?;
                let inner = &rest[..end];
                let key = if inner.starts_with('"') {
                    serde_json::from_str::<String>(inner).ok()?
                } else {
                    inner.to_owned()
                };
                segments.push(key);
                for _ in 0..=end {
                    chars.next();
                }
                if chars.peek().is_some_and(|(_, c)| *c == '.') {
                    chars.next();
                }
            }
            _ => current.push(c),
        }
    }
    if !current.is_empty() || path.ends_with('.') {
        segments.push(current);
    }
    Some(segments)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_dotted_and_bracketed_paths() {
        assert_eq!(split_path("spec.size").unwrap(), ["spec", "size"]);
        assert_eq!(
            split_path(r#"metadata.labels["a.b"]"#).unwrap(),
            ["metadata", "labels", "a.b"]
        );
        assert_eq!(split_path(r#"a["k"].c"#).unwrap(), ["a", "k", "c"]);
        assert_eq!(split_path("a.").unwrap(), ["a", ""]);
    }

    #[test]
    fn rejects_flags_without_a_value() {
        assert!(matches!(Override::parse("spec.size"), Err(Error::Usage(_))));
        assert!(matches!(Override::parse("=3"), Err(Error::Usage(_))));
    }
}
