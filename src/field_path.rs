//! Field paths in the notation protovalidate uses for violations: proto field names joined by
//! `.`, list indices as `[2]`, map keys as `["team"]` (string keys quoted) or `[7]`.

use std::fmt;

/// One step from a message into its contents.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Segment {
    /// A field, by its proto name.
    Field(String),
    /// An element of a repeated field.
    Index(usize),
    /// An entry of a map field with string keys.
    StringKey(String),
    /// An entry of a map field with integer or bool keys, already formatted.
    OtherKey(String),
    /// A oneof, by name (for "one of these must be set").
    Oneof(String),
}

/// Where in a manifest something is, from the document root.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldPath(Vec<Segment>);

impl FieldPath {
    pub fn root() -> Self {
        Self::default()
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    pub fn segments(&self) -> &[Segment] {
        &self.0
    }

    /// This path extended by one segment.
    pub fn child(&self, segment: Segment) -> Self {
        let mut segments = self.0.clone();
        segments.push(segment);
        Self(segments)
    }

    pub fn field(&self, name: &str) -> Self {
        self.child(Segment::Field(name.to_owned()))
    }

    pub fn index(&self, index: usize) -> Self {
        self.child(Segment::Index(index))
    }

    /// The enclosing path, `None` at the root.
    pub fn parent(&self) -> Option<Self> {
        let (_, rest) = self.0.split_last()?;
        Some(Self(rest.to_vec()))
    }

    /// Whether `self` is `other` or lies inside it.
    pub fn starts_with(&self, other: &FieldPath) -> bool {
        self.0.starts_with(&other.0)
    }
}

impl FromIterator<Segment> for FieldPath {
    fn from_iter<I: IntoIterator<Item = Segment>>(iter: I) -> Self {
        Self(iter.into_iter().collect())
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Field(name) | Segment::Oneof(name) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(name)?;
                }
                Segment::Index(index) => write!(f, "[{index}]")?,
                // JSON string quoting matches the Go-style quoting protovalidate prints for
                // every key a manifest can realistically hold.
                Segment::StringKey(key) => {
                    let quoted = serde_json::to_string(key).map_err(|_| fmt::Error)?;
                    write!(f, "[{quoted}]")?
                }
                Segment::OtherKey(key) => write!(f, "[{key}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_like_protovalidate() {
        let path = FieldPath::root()
            .field("metadata")
            .field("labels")
            .child(Segment::StringKey("team \"a\"".into()));
        assert_eq!(path.to_string(), r#"metadata.labels["team \"a\""]"#);
        let path = FieldPath::root()
            .field("spec")
            .field("items")
            .index(2)
            .field("name");
        assert_eq!(path.to_string(), "spec.items[2].name");
        assert_eq!(FieldPath::root().to_string(), "");
    }

    #[test]
    fn parent_and_prefix() {
        let path = FieldPath::root().field("spec").field("ttl_seconds");
        let parent = path.parent().unwrap();
        assert_eq!(parent.to_string(), "spec");
        assert!(path.starts_with(&parent));
        assert!(!parent.starts_with(&path));
        assert_eq!(FieldPath::root().parent(), None);
    }
}
