//! The YAML layer: a stream of documents parsed into trees that remember where every node
//! starts. serde's YAML path loses positions and lets a duplicate key silently win, and both
//! matter for manifests, so planton-gen reads YAML through yaml-rust2's event parser.

use crate::diagnostics::Position;
use std::collections::HashMap;
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Deepest nesting accepted; far beyond any manifest, and keeps later recursive passes (and
/// dropping the tree) well inside the stack.
pub const MAX_DEPTH: usize = 128;
/// Most nodes that aliases may add to one file: stops "billion laughs" expansion while allowing
/// ordinary reuse of anchors.
pub const MAX_ALIAS_NODES: usize = 100_000;

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub pos: Position,
    pub value: NodeValue,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeValue {
    Scalar(Scalar),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scalar {
    pub text: String,
    /// A plain (unquoted, non-block) scalar; only these resolve to null, bool or numbers.
    pub plain: bool,
    /// `!!str` and friends, normalized to the short suffix (`str`, `int`, ...).
    pub tag: Option<String>,
}

impl Node {
    /// The scalar's text when this node is a scalar.
    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.value {
            NodeValue::Scalar(scalar) => Some(scalar),
            _ => None,
        }
    }

    /// Number of nodes in this tree, counting itself.
    fn size(&self) -> usize {
        match &self.value {
            NodeValue::Scalar(_) => 1,
            NodeValue::Seq(items) => 1 + items.iter().map(Node::size).sum::<usize>(),
            NodeValue::Map(entries) => {
                1 + entries
                    .iter()
                    .map(|(k, v)| k.size() + v.size())
                    .sum::<usize>()
            }
        }
    }

    /// What kind of YAML value this is, for error messages.
    pub fn describe(&self) -> &'static str {
        match &self.value {
            NodeValue::Scalar(s) if s.plain && is_null(&s.text) => "null",
            NodeValue::Scalar(_) => "a scalar",
            NodeValue::Seq(_) => "a sequence",
            NodeValue::Map(_) => "a mapping",
        }
    }
}

/// Whether a plain scalar spells null in the YAML 1.2 core schema.
pub fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// One document of a stream.
#[derive(Debug)]
pub struct Document {
    /// Where the document's content starts (its first line for an empty document).
    pub start: Position,
    /// `None` for an empty document (only comments, or `---` alone).
    pub root: Option<Node>,
}

/// Why a YAML stream could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub pos: Position,
    /// `yaml.syntax`, `yaml.duplicate_key`, `yaml.alias_limit`, `yaml.depth`, `yaml.key`.
    pub rule: &'static str,
    pub message: String,
}

/// The last place inside a text, for turning yaml-rust2's markers into positions that a
/// reader can find. At the end of a text without a final line break the scanner reports the
/// line after the last one (an error there, or a null node such as an empty last `-` item);
/// such places are moved to just after the last character of the last line.
struct Bounds {
    lines: usize,
    last_line_chars: usize,
}

impl Bounds {
    fn of(source: &str) -> Self {
        // Lines as YAML counts them: `\r\n`, `\r` and `\n` each end one.
        let mut lines = 1;
        let mut last_line_chars = 0;
        let mut chars = source.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' | '\n' => {
                    if c == '\r' && chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    lines += 1;
                    last_line_chars = 0;
                }
                _ => last_line_chars += 1,
            }
        }
        Bounds {
            lines,
            last_line_chars,
        }
    }

    fn position(&self, mark: &Marker) -> Position {
        let line = mark.line();
        if (1..=self.lines).contains(&line) {
            return Position {
                line,
                col: mark.col() + 1,
            };
        }
        Position {
            line: self.lines,
            col: self.last_line_chars + 1,
        }
    }
}

/// Parses every document of a YAML stream.
pub fn parse_stream(source: &str) -> Result<Vec<Document>, YamlError> {
    let bounds = Bounds::of(source);
    let mut parser = Parser::new_from_str(source);
    let mut builder = Builder::default();
    loop {
        let (event, mark) = parser.next_token().map_err(|error| YamlError {
            pos: bounds.position(error.marker()),
            rule: "yaml.syntax",
            message: error.info().to_owned(),
        })?;
        if event == Event::StreamEnd {
            break;
        }
        builder.on_event(event, bounds.position(&mark))?;
    }
    Ok(builder.documents)
}

/// A collection under construction.
enum Open {
    Seq {
        pos: Position,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        pos: Position,
        anchor: usize,
        entries: Vec<(Node, Node)>,
        pending_key: Option<Node>,
    },
}

#[derive(Default)]
struct Builder {
    documents: Vec<Document>,
    stack: Vec<Open>,
    document_start: Option<Position>,
    root: Option<Node>,
    /// Anchored nodes by anchor id, with their size, for alias expansion.
    anchors: HashMap<usize, Node>,
    alias_nodes: usize,
}

impl Builder {
    fn on_event(&mut self, event: Event, pos: Position) -> Result<(), YamlError> {
        match event {
            Event::DocumentStart => {
                self.document_start = Some(pos);
                self.root = None;
            }
            Event::DocumentEnd => {
                let start = self.document_start.take().unwrap_or(pos);
                // An empty document (`---` followed by nothing) parses as an empty plain
                // scalar; it holds no manifest.
                let root = self.root.take().filter(|node| {
                    !matches!(&node.value, NodeValue::Scalar(s) if s.plain && s.text.is_empty())
                });
                self.documents.push(Document {
                    start: root.as_ref().map_or(start, |node| node.pos),
                    root,
                });
            }
            Event::Scalar(text, style, anchor, tag) => {
                let node = Node {
                    pos,
                    value: NodeValue::Scalar(Scalar {
                        text,
                        plain: style == TScalarStyle::Plain,
                        tag: tag.as_ref().map(short_tag),
                    }),
                };
                self.finish(node, anchor)?;
            }
            Event::Alias(id) => {
                let node = self.anchors.get(&id).cloned().ok_or_else(|| YamlError {
                    pos,
                    rule: "yaml.syntax",
                    message: "alias to an unknown anchor".into(),
                })?;
                self.alias_nodes += node.size();
                if self.alias_nodes > MAX_ALIAS_NODES {
                    return Err(YamlError {
                        pos,
                        rule: "yaml.alias_limit",
                        message: format!(
                            "aliases expand to more than {MAX_ALIAS_NODES} nodes; \
                             refusing what looks like an alias bomb"
                        ),
                    });
                }
                // The copy keeps the anchored node's positions: diagnostics then point at
                // the text that actually holds the value.
                self.finish(node, 0)?;
            }
            Event::SequenceStart(anchor, _) => {
                self.push(
                    Open::Seq {
                        pos,
                        anchor,
                        items: Vec::new(),
                    },
                    pos,
                )?;
            }
            Event::MappingStart(anchor, _) => {
                self.push(
                    Open::Map {
                        pos,
                        anchor,
                        entries: Vec::new(),
                        pending_key: None,
                    },
                    pos,
                )?;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor) = match self.stack.pop() {
                    Some(Open::Seq { pos, anchor, items }) => (
                        Node {
                            pos,
                            value: NodeValue::Seq(items),
                        },
                        anchor,
                    ),
                    Some(Open::Map {
                        pos,
                        anchor,
                        entries,
                        ..
                    }) => {
                        check_duplicate_keys(&entries)?;
                        // A block mapping's start mark lies past its first key; the key
                        // itself is where a reader looks.
                        let pos = entries.first().map_or(pos, |(key, _)| pos.min(key.pos));
                        (
                            Node {
                                pos,
                                value: NodeValue::Map(entries),
                            },
                            anchor,
                        )
                    }
                    None => return Ok(()),
                };
                self.finish(node, anchor)?;
            }
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
        Ok(())
    }

    fn push(&mut self, open: Open, pos: Position) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(YamlError {
                pos,
                rule: "yaml.depth",
                message: format!("nested deeper than {MAX_DEPTH} levels"),
            });
        }
        self.stack.push(open);
        Ok(())
    }

    /// Places a completed node into its parent (or makes it the document root).
    fn finish(&mut self, node: Node, anchor: usize) -> Result<(), YamlError> {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Open::Seq { items, .. }) => items.push(node),
            Some(Open::Map {
                entries,
                pending_key,
                ..
            }) => match pending_key.take() {
                None => {
                    if node.as_scalar().is_none() {
                        return Err(YamlError {
                            pos: node.pos,
                            rule: "yaml.key",
                            message: format!(
                                "a mapping key must be a scalar, found {}",
                                node.describe()
                            ),
                        });
                    }
                    *pending_key = Some(node);
                }
                Some(key) => entries.push((key, node)),
            },
        }
        Ok(())
    }
}

fn check_duplicate_keys(entries: &[(Node, Node)]) -> Result<(), YamlError> {
    let mut seen: HashMap<&str, Position> = HashMap::with_capacity(entries.len());
    for (key, _) in entries {
        let Some(scalar) = key.as_scalar() else {
            continue;
        };
        if let Some(first) = seen.insert(&scalar.text, key.pos) {
            return Err(YamlError {
                pos: key.pos,
                rule: "yaml.duplicate_key",
                message: format!(
                    "duplicate key `{}` (first at line {}, column {}); YAML readers disagree \
                     on which one wins",
                    scalar.text, first.line, first.col
                ),
            });
        }
    }
    Ok(())
}

/// `!!str` (or its expanded form) → `str`; other tags keep their full spelling.
fn short_tag(tag: &Tag) -> String {
    if tag.handle == "!!" || tag.handle == "tag:yaml.org,2002:" {
        tag.suffix.clone()
    } else {
        format!("{}{}", tag.handle, tag.suffix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(source: &str) -> Node {
        parse_stream(source).unwrap().remove(0).root.unwrap()
    }

    #[test]
    fn records_positions_of_keys_and_values() {
        let node = root("a: 1\nb:\n  c: \"x\"\n");
        let NodeValue::Map(entries) = &node.value else {
            panic!("not a map")
        };
        assert_eq!(entries[0].0.pos, Position { line: 1, col: 1 });
        assert_eq!(entries[1].0.pos, Position { line: 2, col: 1 });
        let NodeValue::Map(inner) = &entries[1].1.value else {
            panic!("not a map")
        };
        assert_eq!(inner[0].0.pos, Position { line: 3, col: 3 });
        assert_eq!(inner[0].1.pos, Position { line: 3, col: 6 });
        assert!(!inner[0].1.as_scalar().unwrap().plain);
    }

    #[test]
    fn splits_a_stream_into_documents() {
        let docs = parse_stream("a: 1\n---\n# only a comment\n---\nb: 2\n").unwrap();
        assert_eq!(docs.len(), 3);
        assert!(docs[1].root.is_none());
        assert_eq!(docs[2].start.line, 5);
        assert!(parse_stream("").unwrap().is_empty());
    }

    #[test]
    fn rejects_duplicate_keys_at_the_second_one() {
        let error = parse_stream("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(error.rule, "yaml.duplicate_key");
        assert_eq!(error.pos, Position { line: 3, col: 1 });
        assert!(error.message.contains("line 1"));
    }

    #[test]
    fn expands_aliases_within_budget_and_refuses_bombs() {
        let node = root("x: &a {k: v}\ny: *a\n");
        let NodeValue::Map(entries) = &node.value else {
            panic!()
        };
        assert_eq!(entries[0].1, entries[1].1);

        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let p = i - 1;
            bomb.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let error = parse_stream(&bomb).unwrap_err();
        assert_eq!(error.rule, "yaml.alias_limit");
    }

    #[test]
    fn refuses_deep_nesting() {
        let deep = "[".repeat(10_000);
        let error = parse_stream(&deep).unwrap_err();
        assert!(error.rule == "yaml.depth" || error.rule == "yaml.syntax");
    }

    #[test]
    fn reports_syntax_errors_with_position() {
        let error = parse_stream("a: [1, 2\nb: 3\n").unwrap_err();
        assert_eq!(error.rule, "yaml.syntax");
        assert!(error.pos.line >= 1);
    }

    #[test]
    fn places_at_an_unterminated_end_stay_inside_the_text() {
        // An empty last item is a null node that the scanner puts on the line after the end.
        let docs = parse_stream("a:\n  -").unwrap();
        let root = docs[0].root.as_ref().unwrap();
        let NodeValue::Map(entries) = &root.value else {
            panic!("a mapping")
        };
        let NodeValue::Seq(items) = &entries[0].1.value else {
            panic!("a sequence")
        };
        assert_eq!(items[0].pos, Position { line: 2, col: 4 });

        let error = parse_stream(":\r\nm").unwrap_err();
        assert_eq!(error.pos, Position { line: 2, col: 2 });
    }
}
