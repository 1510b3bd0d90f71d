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

    /// Reads a path written in this notation (as templates name the field a check reports
    /// on): `a.b`, `[2]`, and map keys quoted as JSON strings (`["team"]`; Go's quoting
    /// agrees with JSON's for every key but those with control or unprintable characters).
    /// `None` for text that is not such a path.
    pub fn parse(text: &str) -> Option<Self> {
        let mut segments = Vec::new();
        let mut rest = text;
        while !rest.is_empty() {
            if let Some(inner) = rest.strip_prefix('[') {
                let (segment, after) = if inner.starts_with('"') {
                    let mut keys = serde_json::Deserializer::from_str(inner).into_iter::<String>();
                    let key = keys.next()?.ok()?;
                    let used = keys.byte_offset();
                    (Segment::StringKey(key), &inner[used..])
                } else {
                    let end = inner.find(']')?;
                    let index = inner[..end].parse().ok()?;
                    (Segment::Index(index), &inner[end..])
                };
                segments.push(segment);
                rest = after.strip_prefix(']')?;
            } else {
                let name = match segments.is_empty() {
                    true => rest,
                    false => rest.strip_prefix('.')?,
                };
                let end = name.find(['.', '[']).unwrap_or(name.len());
                let field = &name[..end];
                let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
                if field.is_empty() || !field.chars().all(word) {
                    return None;
                }
                segments.push(Segment::Field(field.to_owned()));
                rest = &name[end..];
            }
        }
        Some(Self(segments))
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
                Segment::StringKey(key) => write!(f, "[{}]", go_quote(key))?,
                Segment::OtherKey(key) => write!(f, "[{key}]")?,
            }
        }
        Ok(())
    }
}

/// A string quoted the way Go's `strconv.Quote` does, which is how protovalidate prints map
/// keys: printable characters as they are, `\n`-style escapes for the usual controls, `\xNN`
/// for other bytes below 0x80, `\uXXXX`/`\UXXXXXXXX` for everything else.
pub fn go_quote(text: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if is_go_printable(c) => out.push(c),
            c if (c as u32) < 0x80 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if (c as u32) <= 0xFFFF => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

/// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
fn is_go_printable(c: char) -> bool {
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    if c == ' ' {
        return true;
    }
    !matches!(
        get_general_category(c),
        G::SpaceSeparator
            | G::LineSeparator
            | G::ParagraphSeparator
            | G::Control
            | G::Format
            | G::Surrogate
            | G::PrivateUse
            | G::Unassigned
    )
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
        let key = |k: &str| {
            FieldPath::root()
                .child(Segment::StringKey(k.into()))
                .to_string()
        };
        assert_eq!(key("bell\u{7}"), r#"["bell\a"]"#);
        assert_eq!(key("c\u{1}\u{7f}"), r#"["c\x01\x7f"]"#);
        assert_eq!(key("nb\u{a0}\u{2028}é😀"), r#"["nb\u00a0\u2028é😀"]"#);
        assert_eq!(key("pua\u{f0000}"), r#"["pua\U000f0000"]"#);
    }

    #[test]
    fn parses_what_it_displays() {
        let path = FieldPath::root()
            .field("metadata")
            .field("annotations")
            .child(Segment::StringKey("planton-gen/binding \"x\"".into()))
            .field("list")
            .index(3);
        assert_eq!(FieldPath::parse(&path.to_string()), Some(path));
        assert_eq!(FieldPath::parse(""), Some(FieldPath::root()));
        let json_quoted = FieldPath::parse(r#"metadata.labels["a\u0001b"]"#).unwrap();
        assert_eq!(
            json_quoted.segments().last(),
            Some(&Segment::StringKey("a\u{1}b".into()))
        );
        for bad in [
            "a..b",
            ".a",
            "a.",
            "a[",
            "a[x]",
            "a[\"k\"",
            "a[\"k\"]b",
            "a b",
            "a-b",
        ] {
            assert_eq!(FieldPath::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn parent_and_prefix() {
        let path = FieldPath::root().field("spec").field("size");
        let parent = path.parent().unwrap();
        assert_eq!(parent.to_string(), "spec");
        assert!(path.starts_with(&parent));
        assert!(!parent.starts_with(&path));
        assert_eq!(FieldPath::root().parent(), None);
    }
}
