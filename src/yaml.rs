//! The YAML layer: a stream of documents parsed into trees that remember where every node
//! starts. serde's YAML path loses positions and lets a duplicate key silently win, and both
//! matter for manifests, so planton-gen reads YAML through yaml-rust2's event parser.

use crate::diagnostics::ids;
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
/// Default for the most bytes of scalar text that aliases may add to one file: a long
/// anchored string repeated by thousands of aliases is as much a bomb as a deep one.
pub const DEFAULT_MAX_ALIAS_BYTES: usize = 1024 * 1024;

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

    /// Bytes of scalar text in this tree (keys included).
    fn text_bytes(&self) -> usize {
        match &self.value {
            NodeValue::Scalar(scalar) => scalar.text.len(),
            NodeValue::Seq(items) => items.iter().map(Node::text_bytes).sum(),
            NodeValue::Map(entries) => entries
                .iter()
                .map(|(k, v)| k.text_bytes() + v.text_bytes())
                .sum(),
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
    /// `None` for an empty document (only comments, or `---` alone).
    pub root: Option<Node>,
}

/// Why a YAML stream could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub pos: Position,
    /// `yaml.syntax`, `yaml.character`, `yaml.tag`, `yaml.duplicate_key`, `yaml.alias_limit`,
    /// `yaml.depth`, `yaml.key`.
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

/// Parses every document of a YAML stream, with the default alias budget.
pub fn parse_stream(source: &str) -> Result<Vec<Document>, YamlError> {
    parse_stream_within(source, &AliasBudget::default(), None).map_err(|error| match error {
        ParseError::Yaml(error) => error,
        // Without a budget there is nothing to exceed.
        ParseError::OverBudget => YamlError {
            pos: Position { line: 1, col: 1 },
            rule: ids::YAML_SYNTAX,
            message: "document budget exceeded".into(),
        },
    })
}

/// Documents a run may parse in all, shared by the files it parses in parallel.
#[derive(Debug)]
pub struct DocumentBudget {
    seen: std::sync::atomic::AtomicUsize,
    max: usize,
}

impl DocumentBudget {
    pub fn new(max: usize) -> Self {
        Self {
            seen: std::sync::atomic::AtomicUsize::new(0),
            max,
        }
    }

    pub fn max(&self) -> usize {
        self.max
    }

    /// Counts one more document; false once there are more than the budget allows.
    fn take(&self) -> bool {
        self.seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < self.max
    }
}

/// Why a stream was not parsed: the text is not acceptable YAML, or the run's document
/// budget ran out while parsing it (which stops the run, not only this file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    Yaml(YamlError),
    OverBudget,
}

impl From<YamlError> for ParseError {
    fn from(error: YamlError) -> Self {
        ParseError::Yaml(error)
    }
}

/// The text aliases may add to one stream, and how the caller can raise it (said in the
/// error, e.g. ` (raise it with --limit alias-bytes=N)`).
#[derive(Debug, Clone)]
pub struct AliasBudget {
    pub bytes: usize,
    pub raise: String,
}

impl Default for AliasBudget {
    fn default() -> Self {
        Self {
            bytes: DEFAULT_MAX_ALIAS_BYTES,
            raise: String::new(),
        }
    }
}

/// Parses every document of a YAML stream; aliases may add at most `aliases.bytes` of
/// scalar text (and [`MAX_ALIAS_NODES`] nodes), and each document parsed is counted against
/// `budget` as it ends, so a run over its budget stops within a document of it.
pub fn parse_stream_within(
    source: &str,
    aliases: &AliasBudget,
    budget: Option<&DocumentBudget>,
) -> Result<Vec<Document>, ParseError> {
    // The scanner takes a NUL for the end of the stream and accepts other characters YAML
    // forbids; either would silently change what the file says, so they stop it here.
    if let Some(error) = forbidden_character(source) {
        return Err(error.into());
    }
    let bounds = Bounds::of(source);
    let mut parser = Parser::new_from_str(source);
    let mut builder = Builder {
        max_alias_bytes: aliases.bytes,
        raise_alias_bytes: &aliases.raise,
        ..Builder::default()
    };
    loop {
        let (event, mark) = parser.next_token().map_err(|error| YamlError {
            pos: bounds.position(error.marker()),
            rule: ids::YAML_SYNTAX,
            message: error.info().to_owned(),
        })?;
        if event == Event::StreamEnd {
            break;
        }
        let ends_document = event == Event::DocumentEnd;
        builder.on_event(event, bounds.position(&mark))?;
        // An empty document (a trailing `---`) is no manifest and costs nothing.
        let counted = ends_document && builder.documents.last().is_some_and(|d| d.root.is_some());
        if counted && budget.is_some_and(|budget| !budget.take()) {
            return Err(ParseError::OverBudget);
        }
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
struct Builder<'a> {
    documents: Vec<Document>,
    stack: Vec<Open>,
    root: Option<Node>,
    /// Anchored nodes by anchor id, with their size, for alias expansion.
    anchors: HashMap<usize, Node>,
    alias_nodes: usize,
    alias_bytes: usize,
    max_alias_bytes: usize,
    /// How the caller raises `max_alias_bytes`, for the error.
    raise_alias_bytes: &'a str,
}

impl Builder<'_> {
    fn on_event(&mut self, event: Event, pos: Position) -> Result<(), YamlError> {
        match event {
            Event::DocumentStart => {
                self.root = None;
            }
            Event::DocumentEnd => {
                // An empty document (`---` followed by nothing) parses as an empty plain
                // scalar; it holds no manifest.
                let root = self.root.take().filter(|node| {
                    !matches!(&node.value, NodeValue::Scalar(s) if s.plain && s.text.is_empty())
                });
                self.documents.push(Document { root });
            }
            Event::Scalar(text, style, anchor, tag) => {
                let tag = tag.as_ref().map(short_tag);
                let plain = style == TScalarStyle::Plain;
                check_scalar_tag(tag.as_deref(), &text, pos)?;
                let node = Node {
                    pos,
                    value: NodeValue::Scalar(Scalar { text, plain, tag }),
                };
                self.finish(node, anchor)?;
            }
            Event::Alias(id) => self.on_alias(id, pos)?,
            Event::SequenceStart(anchor, tag) => {
                check_collection_tag(tag.as_ref().map(short_tag).as_deref(), "seq", pos)?;
                self.push(
                    Open::Seq {
                        pos,
                        anchor,
                        items: Vec::new(),
                    },
                    pos,
                )?;
            }
            Event::MappingStart(anchor, tag) => {
                check_collection_tag(tag.as_ref().map(short_tag).as_deref(), "map", pos)?;
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
            Event::SequenceEnd | Event::MappingEnd => self.close()?,
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
        Ok(())
    }

    /// An alias: a copy of its anchored node, counted against the alias budget.
    fn on_alias(&mut self, id: usize, pos: Position) -> Result<(), YamlError> {
        let node = self.anchors.get(&id).cloned().ok_or_else(|| YamlError {
            pos,
            rule: ids::YAML_SYNTAX,
            message: "alias to an unknown anchor".into(),
        })?;
        self.alias_nodes += node.size();
        self.alias_bytes += node.text_bytes();
        if self.alias_bytes > self.max_alias_bytes {
            return Err(YamlError {
                pos,
                rule: ids::YAML_ALIAS_LIMIT,
                message: format!(
                    "aliases expand to more than {} of text; refusing what looks like an alias \
                     bomb{}",
                    human_bytes(self.max_alias_bytes),
                    self.raise_alias_bytes
                ),
            });
        }
        if self.alias_nodes > MAX_ALIAS_NODES {
            return Err(YamlError {
                pos,
                rule: ids::YAML_ALIAS_LIMIT,
                message: format!(
                    "aliases expand to more than {MAX_ALIAS_NODES} nodes; refusing what looks \
                     like an alias bomb"
                ),
            });
        }
        // The copy keeps the anchored node's positions: diagnostics then point at the text
        // that actually holds the value.
        self.finish(node, 0)
    }

    /// The end of a sequence or mapping: the open collection becomes a node.
    fn close(&mut self) -> Result<(), YamlError> {
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
                // A block mapping's start mark lies past its first key; the key itself is
                // where a reader looks.
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
        self.finish(node, anchor)
    }

    fn push(&mut self, open: Open, pos: Position) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(YamlError {
                pos,
                rule: ids::YAML_DEPTH,
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
                            rule: ids::YAML_KEY,
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
                rule: ids::YAML_DUPLICATE_KEY,
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

/// The first character YAML 1.2 does not allow in a stream (outside its printable set: C0
/// controls but tab, line feed and carriage return; DEL; C1 controls; U+FFFE and U+FFFF),
/// located. NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR are text to YAML 1.2 but line
/// breaks to YAML 1.1 readers (kubectl, PyYAML), so they are refused too, as ambiguous.
fn forbidden_character(source: &str) -> Option<YamlError> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r')
            || ('\u{20}'..='\u{7e}').contains(&c)
            || (('\u{a0}'..='\u{fffd}').contains(&c) && !matches!(c, '\u{2028}' | '\u{2029}'))
            || c >= '\u{10000}'
    };
    let offset = source.find(|c: char| !allowed(c))?;
    let c = source[offset..].chars().next()?;
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    let name = match c {
        '\0' => " (NUL)".to_owned(),
        '\u{7f}' => " (DEL)".to_owned(),
        '\u{85}' => " (NEXT LINE)".to_owned(),
        '\u{2028}' => " (LINE SEPARATOR)".to_owned(),
        '\u{2029}' => " (PARAGRAPH SEPARATOR)".to_owned(),
        _ => String::new(),
    };
    let line_break = matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}');
    Some(YamlError {
        pos: Position { line, col },
        rule: if line_break {
            ids::YAML_AMBIGUOUS
        } else {
            ids::YAML_CHARACTER
        },
        message: format!(
            "character U+{:04X}{name} {}; if the value needs it, write it as an escape inside \
             double quotes (\"{}\")",
            c as u32,
            if line_break {
                "is a line break to YAML 1.1 readers (kubectl, PyYAML) and text to YAML 1.2"
            } else {
                "is not allowed in YAML text"
            },
            if (c as u32) <= 0xff {
                format!("\\x{:02x}", c as u32)
            } else {
                format!("\\u{:04x}", c as u32)
            }
        ),
    })
}

/// How a YAML 1.1 reader — sigs.k8s.io/yaml (go-yaml v2) as kubectl and Project Planton's
/// CLI use it, or PyYAML — reads a plain scalar that YAML 1.2's core schema (planton-gen's
/// reading) reads otherwise, and how to write it so every reader agrees; `None` when they
/// agree. Dates (`2024-09-23`) and floats in exponent form (`1e-9`, as JSON writes them)
/// are not flagged: go-yaml reads them as planton-gen does; only PyYAML reads them otherwise
/// (a timestamp, text), and refusing every JSON-written float would be worse.
pub fn yaml11_reading(text: &str) -> Option<String> {
    const ELSEWHERE: &str = "YAML 1.1 readers (kubectl, Project Planton's CLI)";
    let boolean = match text {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => Some(true),
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => Some(false),
        _ => None,
    };
    if let Some(value) = boolean {
        return Some(format!(
            "`{text}` is the boolean {value} to {ELSEWHERE} and text to YAML 1.2; quote it \
             ('{text}') for text, or write {value}"
        ));
    }
    // Most scalars are text that no reader takes for anything else: cheap checks first,
    // and the advice is only written for the few that are ambiguous.
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let quote = format!("quote it ('{text}') for text");
    // go-yaml drops underscores before reading a number (PyYAML too, for most forms).
    if text.contains('_') {
        let plain = text.replace('_', "");
        let number = go_number(&plain).map(|n| n.to_string()).or_else(|| {
            let float = plain.parse::<f64>().ok().filter(|x| x.is_finite())?;
            Some(format!("{float}"))
        });
        if let Some(number) = number {
            return Some(format!(
                "`{text}` is the number {number} to {ELSEWHERE}, which drop the underscores, \
                 and text to YAML 1.2; write {number}, or {quote}"
            ));
        }
        return None;
    }
    if let Some(rest) = unsigned.strip_prefix('0') {
        let digits = !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit());
        if digits {
            let decimal: i128 = rest.parse().ok()?;
            let octal = i128::from_str_radix(rest, 8).ok();
            if octal == Some(decimal) {
                // `00`, `07`: the same number either way.
                return None;
            }
            let elsewhere = match octal {
                Some(n) => format!("as octal, {n}"),
                None => "as text (PyYAML) or a float (kubectl)".to_owned(),
            };
            return Some(format!(
                "`{text}` has a leading zero: {ELSEWHERE} read it {elsewhere}; YAML 1.2 as \
                 {decimal}; write the number without the zero, or {quote}"
            ));
        }
        // Go reads `0b`, `0X`, `0O`, `0B` and signed prefixes; YAML 1.2 only unsigned `0x`
        // and `0o`.
        let signed = unsigned != text;
        if signed || rest.starts_with(['b', 'B', 'X', 'O']) {
            if let Some(number) = go_number(text) {
                return Some(format!(
                    "`{text}` is the number {number} to {ELSEWHERE} and text to YAML 1.2; \
                     write {number}, or {quote}"
                ));
            }
        }
        if let Some(octal) = rest.strip_prefix('o') {
            let n = i128::from_str_radix(octal, 8).ok()?;
            return Some(format!(
                "`{text}` is octal, {n}, to YAML 1.2 and kubectl but text to PyYAML (YAML \
                 1.1); write {n}, or {quote}"
            ));
        }
    }
    if is_sexagesimal(unsigned) {
        return Some(format!(
            "`{text}` is a base-60 number to YAML 1.1 readers (PyYAML reads `1:20` as 80) and \
             text to YAML 1.2; {quote}"
        ));
    }
    None
}

/// The integer Go's `strconv.ParseInt(text, 0, 64)` reads — what go-yaml v2 makes of a plain
/// scalar that looks like a number: a sign, then `0x`/`0X`, `0o`/`0O`, `0b`/`0B` or a
/// leading `0` (octal), or decimal.
fn go_number(text: &str) -> Option<i128> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (radix, digits) = match unsigned.get(..2) {
        Some("0x" | "0X") => (16, &unsigned[2..]),
        Some("0o" | "0O") => (8, &unsigned[2..]),
        Some("0b" | "0B") => (2, &unsigned[2..]),
        _ if unsigned.len() > 1 && unsigned.starts_with('0') => (8, &unsigned[1..]),
        _ => (10, unsigned),
    };
    if digits.is_empty() || digits.starts_with(['+', '-']) {
        return None;
    }
    let n = i128::from_str_radix(digits, radix).ok()?;
    let n = if negative { -n } else { n };
    i64::try_from(n).is_ok().then_some(n)
}

/// YAML 1.1's base-60 numbers: `190:20:30`, `1:20.5` — digits, then `:` groups of one or
/// two digits below 60, the last one optionally with a fraction.
fn is_sexagesimal(text: &str) -> bool {
    let mut groups = text.split(':');
    let Some(first) = groups.next() else {
        return false;
    };
    let rest: Vec<&str> = groups.collect();
    if rest.is_empty()
        || first.is_empty()
        || !first.chars().all(|c| c.is_ascii_digit() || c == '_')
        || first.starts_with('_')
    {
        return false;
    }
    let last = rest.len() - 1;
    rest.iter().enumerate().all(|(i, group)| {
        let (whole, fraction) = match group.split_once('.') {
            Some((whole, fraction)) if i == last => (whole, Some(fraction)),
            Some(_) => return false,
            None => (*group, None),
        };
        let small = (1..=2).contains(&whole.len())
            && whole.chars().all(|c| c.is_ascii_digit())
            && whole.parse::<u8>().is_ok_and(|n| n < 60);
        small && fraction.is_none_or(|f| f.chars().all(|c| c.is_ascii_digit() || c == '_'))
    }) && (first.starts_with(|c: char| c != '0') || rest.last().is_some_and(|g| g.contains('.')))
}

/// The YAML 1.2 core schema's tags a scalar may carry, each checked against the text it
/// tags; any other tag (`!!binary`, `!!timestamp`, `!custom`) would be dropped by a reader
/// that does not know it, so it is refused rather than read as plain text.
fn check_scalar_tag(tag: Option<&str>, text: &str, pos: Position) -> Result<(), YamlError> {
    let fits = match tag {
        None | Some("!") | Some("str") => return Ok(()),
        Some("null") => is_null(text),
        Some("bool") => matches!(text, "true" | "True" | "TRUE" | "false" | "False" | "FALSE"),
        Some("int") => core_int(text).is_some(),
        Some("float") => core_float(text).is_some(),
        Some(other) => return Err(unsupported_tag(other, pos)),
    };
    if fits {
        Ok(())
    } else {
        Err(YamlError {
            pos,
            rule: ids::YAML_TAG,
            message: format!(
                "`{text}` is not a valid !!{} value",
                tag.unwrap_or_default()
            ),
        })
    }
}

fn check_collection_tag(tag: Option<&str>, expected: &str, pos: Position) -> Result<(), YamlError> {
    match tag {
        None | Some("!") => Ok(()),
        Some(tag) if tag == expected => Ok(()),
        Some(other) => Err(unsupported_tag(other, pos)),
    }
}

fn unsupported_tag(tag: &str, pos: Position) -> YamlError {
    let shown = if tag.starts_with('!') {
        tag.to_owned()
    } else {
        format!("!!{tag}")
    };
    YamlError {
        pos,
        rule: ids::YAML_TAG,
        message: format!(
            "tag `{shown}` is not supported; manifests use the YAML 1.2 core schema \
             (!!str, !!int, !!float, !!bool, !!null, !!map, !!seq)"
        ),
    }
}

/// An integer of the YAML 1.2 core schema (`12`, `-3`, `0o17`, `0x1f`), as i128 so that
/// values beyond 64 bits are still told apart from text.
pub fn core_int(text: &str) -> Option<i128> {
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, text.strip_prefix('+').unwrap_or(text)),
    };
    let (radix, digits) = if let Some(octal) = digits.strip_prefix("0o") {
        (8, octal)
    } else if let Some(hex) = digits.strip_prefix("0x") {
        (16, hex)
    } else {
        (10, digits)
    };
    if digits.is_empty()
        || (radix != 10 && sign == -1)
        || !digits.chars().all(|c| c.is_digit(radix))
    {
        return None;
    }
    i128::from_str_radix(digits, radix).ok().map(|n| sign * n)
}

/// A float of the YAML 1.2 core schema (`1.5`, `-2e3`, `.inf`, `.nan`).
pub fn core_float(text: &str) -> Option<f64> {
    match text {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    let numeric = text
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'));
    if numeric && text.chars().any(|c| c.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

/// `1048576` → `1 MiB`, for limits in messages.
pub fn human_bytes(bytes: usize) -> String {
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
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
        assert_eq!(docs[2].root.as_ref().unwrap().pos.line, 5);
        assert!(parse_stream("").unwrap().is_empty());
    }

    #[test]
    fn rejects_duplicate_keys_at_the_second_one() {
        let error = parse_stream("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(error.rule, ids::YAML_DUPLICATE_KEY);
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
        assert_eq!(error.rule, ids::YAML_ALIAS_LIMIT);
    }

    #[test]
    fn a_forbidden_character_stops_the_file_where_it_is() {
        // A NUL used to end the stream silently: what followed it was never read.
        let error = parse_stream("a: ns1\0 rest\nttl: 5\n---\nb: 2\n").unwrap_err();
        assert_eq!(error.rule, ids::YAML_CHARACTER);
        assert_eq!(error.pos, Position { line: 1, col: 7 });
        assert!(error.message.contains("U+0000 (NUL)"), "{}", error.message);
        let in_comment = parse_stream("a: 1\n# note \0\nb: 2\n").unwrap_err();
        assert_eq!(in_comment.pos, Position { line: 2, col: 8 });
        for (text, col) in [
            ("a: x\u{1}", 5),
            ("a: x\u{7f}", 5),
            ("a: \u{9b}", 4),
            ("a: \u{fffe}", 4),
        ] {
            let error = parse_stream(text).unwrap_err();
            assert_eq!(
                (error.rule, error.pos.col),
                (ids::YAML_CHARACTER, col),
                "{text:?}"
            );
        }
        // What YAML allows stays text: tab, no-break space, BOM, astral planes (NEL, which
        // YAML 1.1 reads as a line break, is refused as ambiguous; see below), and NEL
        // written as an escape.
        let ok = root("a: \"x\ty\\N\u{a0}\u{feff}\u{1f600}\"\n");
        let NodeValue::Map(entries) = &ok.value else {
            panic!()
        };
        assert_eq!(
            entries[0].1.as_scalar().unwrap().text,
            "x\ty\u{85}\u{a0}\u{feff}\u{1f600}"
        );
    }

    #[test]
    fn core_tags_are_checked_and_others_refused() {
        for good in [
            "a: !!str 5",
            "a: !!int 0x1f",
            "a: !!float -1.5e3",
            "a: !!bool True",
            "a: !!null ~",
            "a: !!seq [1]",
            "a: !!map {b: 1}",
            "a: ! text",
        ] {
            assert!(parse_stream(good).is_ok(), "{good}");
        }
        for (bad, needle) in [
            ("a: !!null ns", "`ns` is not a valid !!null value"),
            ("a: !!int abc", "`abc` is not a valid !!int value"),
            ("a: !!bool yes", "`yes` is not a valid !!bool value"),
            ("a: !!binary aGVsbG8=", "tag `!!binary` is not supported"),
            ("a: !custom x", "tag `!custom` is not supported"),
            ("a: !!set {x}", "tag `!!set` is not supported"),
            ("a: !!map [1]", "tag `!!map` is not supported"),
        ] {
            let error = parse_stream(bad).unwrap_err();
            assert_eq!(error.rule, ids::YAML_TAG, "{bad}");
            assert!(error.message.contains(needle), "{bad}: {}", error.message);
            // At the tagged value (its tag is just before it).
            assert_eq!(error.pos.line, 1, "{bad}");
            assert!(error.pos.col >= 4, "{bad}: {:?}", error.pos);
        }
    }

    #[test]
    fn aliases_are_budgeted_in_bytes_too() {
        // Few nodes, much text: 200 aliases of a 10 KB string add 2 MB.
        let mut text = format!("big: &b \"{}\"\nlist:\n", "x".repeat(10_000));
        for _ in 0..200 {
            text.push_str("  - *b\n");
        }
        let error = parse_stream(&text).unwrap_err();
        assert_eq!(error.rule, ids::YAML_ALIAS_LIMIT);
        assert!(error.message.contains("1 MiB of text"), "{}", error.message);
        assert!(parse_stream_within(
            &text,
            &AliasBudget {
                bytes: 4 * 1024 * 1024,
                raise: String::new()
            },
            None
        )
        .is_ok());
    }

    #[test]
    fn a_shared_document_budget_stops_parsing_once_spent() {
        let small = || AliasBudget {
            bytes: 1024,
            raise: String::new(),
        };
        let budget = DocumentBudget::new(3);
        assert_eq!(
            parse_stream_within("a: 1\n---\nb: 2\n", &small(), Some(&budget))
                .unwrap()
                .len(),
            2
        );
        assert_eq!(
            parse_stream_within("c: 1\n---\nd: 2\n", &small(), Some(&budget)).unwrap_err(),
            ParseError::OverBudget
        );
    }

    #[test]
    fn refuses_deep_nesting() {
        let deep = "[".repeat(10_000);
        let error = parse_stream(&deep).unwrap_err();
        assert!(error.rule == ids::YAML_DEPTH || error.rule == ids::YAML_SYNTAX);
    }

    #[test]
    fn reports_syntax_errors_with_position() {
        let error = parse_stream("a: [1, 2\nb: 3\n").unwrap_err();
        assert_eq!(error.rule, ids::YAML_SYNTAX);
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

    #[test]
    fn scalars_yaml_1_1_reads_otherwise() {
        let ambiguous = [
            "0600",
            "-0600",
            "+017",
            "089",
            "0o17",
            "0b101",
            "-0x1F",
            "+0x10",
            "1_000",
            "1_000.5",
            "1:20",
            "190:20:30",
            "1:20.5",
            "y",
            "Y",
            "yes",
            "Yes",
            "YES",
            "n",
            "N",
            "no",
            "No",
            "NO",
            "on",
            "On",
            "ON",
            "off",
            "Off",
            "OFF",
            "00_7",
            "01_0",
            "0x1_F",
            "0b_1",
            "0X1F",
            "0O17",
            "0B101",
            "-0o17",
        ];
        for text in ambiguous {
            assert!(yaml11_reading(text).is_some(), "{text} should be ambiguous");
        }
        let agreed = [
            "0",
            "00",
            "07",
            "600",
            "-5",
            "0x1F",
            "1.5",
            "1.0e+3",
            ".inf",
            "true",
            "False",
            "null",
            "~",
            "",
            "yesterday",
            "no-cache",
            "1:60",
            "12:30:",
            "0:20",
            "_1",
            "a_b",
            "v1.2.3",
            "2024-09-23",
            "1e3",
            "1e-9",
            "-",
            "+",
            "0x",
            "0b",
            "٣",
            "1.2.3",
            "0.5",
        ];
        for text in agreed {
            assert_eq!(yaml11_reading(text), None, "{text} reads the same");
        }
        let signed = yaml11_reading("-0o17").unwrap();
        assert!(signed.contains("the number -15") && signed.contains("text to YAML 1.2"));
        let unsigned = yaml11_reading("0o17").unwrap();
        assert!(unsigned.contains("to YAML 1.2 and kubectl but text to PyYAML"));
        let octal = yaml11_reading("0600").unwrap();
        assert!(octal.contains("as octal, 384; YAML 1.2 as 600"), "{octal}");
    }

    #[test]
    fn line_breaks_of_yaml_1_1_are_ambiguous_characters() {
        for c in ['\u{85}', '\u{2028}', '\u{2029}'] {
            let error = forbidden_character(&format!("a: b{c}c\n")).unwrap();
            assert_eq!(error.rule, ids::YAML_AMBIGUOUS, "U+{:04X}", c as u32);
            assert_eq!((error.pos.line, error.pos.col), (1, 5));
        }
        assert_eq!(
            forbidden_character("a: \"b\\u2028c\"\n").map(|e| e.rule),
            None
        );
    }
}
