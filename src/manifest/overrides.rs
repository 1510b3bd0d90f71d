//! `--set PATH=VALUE`: a value applied to every manifest of the run, after the file is read
//! and before anything is validated. PATH uses proto or JSON field names (`spec.display_name`,
//! `spec.displayName`), map keys as a further segment or quoted (`metadata.labels.team`,
//! `metadata.labels["a.b"]`); VALUE is YAML (`3600`, `"0042"`, `[a, b]`). The path and the
//! value are checked against each kind's message, so a typo is a usage error, not a silently
//! ignored flag.

use super::lower::{nearest, oneof_rival, Lowering};
use super::scalar;
use crate::diagnostics::Position;
use crate::error::{Error, Result};
use crate::field_path::{FieldPath, Segment};
use crate::schema::Kind;
use crate::setting::Spelling;
use crate::yaml::{self, Node, NodeValue, Scalar};
use prost_reflect::{DynamicMessage, FieldDescriptor, Kind as FieldKind, MapKey, Value};
use std::collections::HashMap;

/// A `--set` flag as given.
#[derive(Clone, Debug)]
pub struct Override {
    /// The override as its caller wrote it (`--set x=1`, `set("x=1")`), for messages.
    pub shown: String,
    spelling: Spelling,
    segments: Vec<String>,
    value: Node,
}

/// An override checked against one kind: where it goes and what it puts there, lowered
/// once for every manifest of the kind.
#[derive(Clone, Debug)]
pub struct Resolved {
    /// The override as its caller wrote it, for messages.
    pub shown: String,
    pub path: FieldPath,
    /// Steps from the document root to the target, one per segment of `path`.
    steps: Vec<Step>,
    /// `None` clears the target (`--set spec.note=~`).
    value: Option<Value>,
}

/// One step of an override's path: a field, or an entry of the map field before it.
#[derive(Clone, Debug)]
enum Step {
    Field(FieldDescriptor),
    Entry(MapKey),
}

impl Override {
    pub fn parse(text: &str, spelling: Spelling) -> Result<Self> {
        let shown = spelling.set(text);
        let usage = |why: &str| Error::Usage(format!("{shown}: {why}"));
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
            shown,
            spelling,
            segments,
            value,
        })
    }

    /// Checks the override against `kind`: the path must name a field (or map entry) and the
    /// value must have that field's type.
    pub fn resolve(&self, kind: &Kind) -> Result<Resolved> {
        let usage =
            |why: String| Error::Usage(format!("{}: {why} (kind {})", self.shown, kind.name));
        let mut message = kind.message.clone();
        let mut path = FieldPath::root();
        let mut steps = Vec::new();
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
            steps.push(Step::Field(field.clone()));
            let last = rest.peek().is_none();
            if field.is_list() && !last {
                return Err(usage(format!(
                    "`{}` is a list; set it whole, e.g. {}",
                    field.name(),
                    self.spelling.set_quoted(&format!("{path}=[a, b]"))
                )));
            }
            if field.is_map() && !last {
                let key = rest.next().cloned().unwrap_or_default();
                let FieldKind::Message(entry) = field.kind() else {
                    return Err(usage("malformed map field".into()));
                };
                path = path.child(match entry.map_entry_key_field().kind() {
                    FieldKind::String => Segment::StringKey(key.clone()),
                    _ => Segment::OtherKey(key.clone()),
                });
                let map_key =
                    scalar::map_key(&entry.map_entry_key_field().kind(), &key).map_err(&usage)?;
                steps.push(Step::Entry(map_key));
                let value_field = entry.map_entry_value_field();
                if rest.peek().is_none() {
                    return self.finish(path, steps, |lowering, node, path| {
                        lowering.map_value(node, &value_field, path)
                    });
                }
                match value_field.kind() {
                    FieldKind::Message(inner) => message = inner,
                    _ => return Err(usage(format!("`{path}` holds a scalar, not fields"))),
                }
                continue;
            }
            if last {
                return self.finish(path, steps, |lowering, node, path| {
                    lowering.field(node, &field, path)
                });
            }
            match field.kind() {
                FieldKind::Message(inner) => message = inner,
                _ => return Err(usage(format!("`{path}` is a scalar, it has no fields"))),
            }
        }
        Err(usage("empty PATH".into()))
    }

    fn finish(
        &self,
        path: FieldPath,
        steps: Vec<Step>,
        lower: impl FnOnce(&mut Lowering, &Node, &FieldPath) -> Option<Value>,
    ) -> Result<Resolved> {
        let usage = |why: String| Error::Usage(format!("{}: {why}", self.shown));
        let mut lowering = Lowering::default();
        let value = lower(&mut lowering, &self.value, &path);
        if let Some(problem) = lowering.problems.first() {
            return Err(usage(problem.message.clone()));
        }
        Ok(Resolved {
            shown: self.shown.clone(),
            path,
            steps,
            value,
        })
    }
}

impl Resolved {
    /// Puts the value into a lowered manifest, creating enclosing messages and map entries
    /// as needed, and gives new entries the position of their nearest enclosing one. Fails
    /// when it would set a second field of a oneof the manifest already sets.
    pub fn apply(
        &self,
        message: &mut DynamicMessage,
        positions: &mut HashMap<FieldPath, Position>,
        root_pos: Position,
    ) -> std::result::Result<(), String> {
        let mut pos = root_pos;
        let mut prefix = FieldPath::root();
        for segment in self.path.segments() {
            prefix = prefix.child(segment.clone());
            pos = *positions.entry(prefix.clone()).or_insert(pos);
        }
        put(message, &self.steps, self.value.as_ref())
    }
}

/// Sets `value` at `steps` below `message`.
fn put(
    message: &mut DynamicMessage,
    steps: &[Step],
    value: Option<&Value>,
) -> std::result::Result<(), String> {
    let Some((Step::Field(field), rest)) = steps.split_first() else {
        return Err("an override path starts with a field".into());
    };
    // Clearing a field sets nothing, so no oneof can end up with two fields.
    if value.is_some() || !rest.is_empty() {
        if let Some(rival) = oneof_rival(message, field) {
            return Err(rival);
        }
    }
    match (rest.split_first(), value) {
        (None, Some(value)) => message
            .try_set_field(field, value.clone())
            .map_err(|e| e.to_string()),
        (None, None) => {
            message.clear_field(field);
            Ok(())
        }
        (Some((Step::Entry(key), after)), _) => put_entry(message, field, key, after, value),
        (Some((Step::Field(_), _)), _) => match message.get_field_mut(field) {
            Value::Message(inner) => put(inner, rest, value),
            _ => Err(format!("`{}` is not a message", field.name())),
        },
    }
}

/// Sets `value` in the entry `key` of the map `field`, or below it.
fn put_entry(
    message: &mut DynamicMessage,
    field: &FieldDescriptor,
    key: &MapKey,
    after: &[Step],
    value: Option<&Value>,
) -> std::result::Result<(), String> {
    let FieldKind::Message(entry) = field.kind() else {
        return Err(format!("`{}` is not a map", field.name()));
    };
    let Value::Map(map) = message.get_field_mut(field) else {
        return Err(format!("`{}` is not a map", field.name()));
    };
    if after.is_empty() {
        match value {
            Some(value) => map.insert(key.clone(), value.clone()),
            None => map.remove(key),
        };
        return Ok(());
    }
    let FieldKind::Message(inner) = entry.map_entry_value_field().kind() else {
        return Err(format!("the values of `{}` hold no fields", field.name()));
    };
    let slot = map
        .entry(key.clone())
        .or_insert_with(|| Value::Message(DynamicMessage::new(inner)));
    match slot {
        Value::Message(inner) => put(inner, after, value),
        _ => Err(format!("the values of `{}` hold no fields", field.name())),
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
        assert!(matches!(
            Override::parse("spec.size", Spelling::Flags),
            Err(Error::Usage(_))
        ));
        assert!(matches!(
            Override::parse("=3", Spelling::Flags),
            Err(Error::Usage(_))
        ));
    }
}
