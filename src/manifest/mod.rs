//! Manifests: YAML documents read into protobuf messages of their kind, each remembering
//! where its fields were written so violations can point at them.

mod lower;
mod overrides;
mod scalar;
pub mod source;

pub use lower::{nearest, unusable_defaults};
pub use overrides::Override;

use crate::diagnostics::ids;
use crate::diagnostics::{Position, Violation};
use crate::error::Result;
use crate::field_path::FieldPath;
use crate::schema::{Kind, Schema};
use crate::setting::Spelling;
use crate::yaml::{self, Node, NodeValue};
use lower::Lowering;
use overrides::Resolved;
use prost_reflect::DynamicMessage;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Keys a manifest may use for the resource convention's `api_version` field.
const API_VERSION_KEYS: [&str; 2] = ["apiVersion", "api_version"];
const KIND_KEY: &str = "kind";

/// Where each field of a manifest was written.
#[derive(Clone, Debug, Default)]
pub struct Positions {
    fields: HashMap<FieldPath, Position>,
    /// The document's root mapping.
    root: Position,
}

impl Positions {
    /// Where `path` was written, or — for a field the manifest does not set — the nearest
    /// enclosing field that it does.
    pub fn locate(&self, path: &FieldPath) -> Position {
        let mut current = Some(path.clone());
        while let Some(path) = current {
            if let Some(pos) = self.fields.get(&path) {
                return *pos;
            }
            current = path.parent();
        }
        self.root
    }

    /// Forgets where each field was written, keeping where the document starts: once every
    /// manifest of a run is valid, nothing reports on a field any more, and the index is a
    /// large part of a manifest's memory.
    pub fn forget_fields(&mut self) {
        self.fields = HashMap::new();
    }

    /// Forgets where each field was written except what locating `paths` and what lies
    /// inside them needs (each path, the fields around it and those within it): once a
    /// manifest's own rules are checked, only the checks across manifests and the targets'
    /// checks still report on fields, and only on a few.
    pub fn keep_only(&mut self, paths: &[FieldPath]) {
        let fields = std::mem::take(&mut self.fields);
        self.fields = fields
            .into_iter()
            .filter(|(field, _)| {
                paths
                    .iter()
                    .any(|path| path.starts_with(field) || field.starts_with(path))
            })
            .collect();
    }

    /// Where the document starts: what names a manifest (with its file) in a run.
    pub fn document(&self) -> Position {
        self.root
    }
}

/// One resource read from a manifest document.
#[derive(Clone, Debug)]
pub struct Manifest {
    /// The file as the user named it.
    pub file: String,
    pub kind: Kind,
    pub message: DynamicMessage,
    pub positions: Positions,
    /// Paths whose value came from an override, with the override as its caller wrote it.
    pub overridden: Vec<(FieldPath, String)>,
    /// What was wrong with the document's shape though it could still be read (an unknown
    /// field, left out); a manifest with problems is invalid.
    pub problems: Vec<Violation>,
    /// Its references to other manifests, resolved once the run is read (empty before).
    pub references: Vec<crate::references::Resolved>,
}

/// The path of a resource's name: the identity every manifest has, by convention of the
/// resource model (like a Kubernetes object's metadata.name).
pub const IDENTITY: [&str; 2] = ["metadata", "name"];

impl Manifest {
    /// The resource's name ([`IDENTITY`]), empty when not set.
    pub fn identity(&self) -> String {
        let [outer, inner] = IDENTITY;
        let Some(metadata) = self.message.get_field_by_name(outer) else {
            return String::new();
        };
        let name = metadata
            .as_message()
            .and_then(|m| m.get_field_by_name(inner))
            .and_then(|name| name.as_str().map(str::to_owned));
        name.unwrap_or_default()
    }

    /// A violation at `path` of this manifest, located where the field was written.
    pub fn violation(&self, path: &FieldPath, rule: &str, message: String) -> Violation {
        let pos = self.positions.locate(path);
        let from_flag = self
            .overridden
            .iter()
            .find(|(overridden, _)| path.starts_with(overridden));
        let message = match from_flag {
            Some((_, shown)) => format!("{message} (value from {shown})"),
            None => message,
        };
        Violation {
            file: self.file.clone(),
            line: pos.line,
            col: pos.col,
            field: path.to_string(),
            rule: rule.to_owned(),
            message,
            hint: Some(Violation::explain_hint(&self.kind.name, path, rule)),
        }
    }
}

/// What loading one file produced.
#[derive(Debug, Default)]
pub struct Loaded {
    pub manifests: Vec<Manifest>,
    pub violations: Vec<Violation>,
    /// YAML documents in the file meant as manifests, counting those that could not become
    /// one (not those skipped).
    pub documents: usize,
    pub skipped: Skipped,
}

/// Documents of files found by walking a folder that are not manifests of this run, and
/// left out: a folder of a monorepo holds CI workflows, kustomizations and manifests of
/// kinds the schema does not have.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Skipped {
    /// Documents that are no resource manifest at all (no `kind`, another API's kind).
    pub documents: usize,
    /// Files of which nothing was read (every document skipped).
    pub files: usize,
    /// Manifests of kinds of the same family the schema does not have (`KIND (apiVersion)`,
    /// counted): a proto given with `--proto-path` would let the run read them.
    pub other_kinds: std::collections::BTreeMap<String, usize>,
}

impl Skipped {
    pub fn is_empty(&self) -> bool {
        self.documents == 0 && self.other_kinds.is_empty()
    }

    pub fn add(&mut self, other: Skipped) {
        self.documents += other.documents;
        self.files += other.files;
        for (kind, count) in other.other_kinds {
            *self.other_kinds.entry(kind).or_default() += count;
        }
    }
}

/// Why a document of a found file is not one of the run's manifests.
enum Skip {
    NotManifest,
    OtherKind(String),
}

/// Reads manifest files against a schema, applying `--set` overrides.
pub struct Loader<'a> {
    schema: &'a Schema,
    overrides: Vec<Override>,
    /// Overrides checked against each kind met so far, by message name. Documents load in
    /// parallel, so the cache is shared behind a lock.
    resolved: Mutex<HashMap<String, Arc<Vec<Resolved>>>>,
    defaults: lower::Defaults,
    /// Bytes of text aliases may add to one file.
    aliases: yaml::AliasBudget,
    /// How messages name the run's settings.
    spelling: Spelling,
    /// Documents this loader may parse in all (a run's budget), counted as they are parsed.
    budget: yaml::DocumentBudget,
}

impl<'a> Loader<'a> {
    pub fn new(schema: &'a Schema, overrides: Vec<Override>) -> Self {
        Self {
            schema,
            overrides,
            resolved: Mutex::new(HashMap::new()),
            defaults: lower::Defaults::default(),
            aliases: yaml::AliasBudget::default(),
            spelling: Spelling::default(),
            budget: yaml::DocumentBudget::new(usize::MAX),
        }
    }

    /// Stops loading (with an error) once the files loaded hold more than `documents`
    /// YAML documents in all: counted as each document is parsed, so a run over budget
    /// stops within a document of it, whatever the files' sizes.
    pub fn with_max_documents(mut self, documents: usize) -> Self {
        self.budget = yaml::DocumentBudget::new(documents);
        self
    }

    /// Lets aliases add up to `bytes` of text to one file (`--limit alias-bytes`).
    pub fn with_alias_bytes(mut self, bytes: usize) -> Self {
        self.aliases.bytes = bytes;
        self
    }

    /// Names the run's settings in messages the way its caller gave them; the alias budget's
    /// error says how to raise it.
    pub fn with_spelling(mut self, spelling: Spelling) -> Self {
        self.spelling = spelling;
        self.aliases.raise = format!(" (raise it with {})", spelling.limit("alias-bytes"));
        self
    }

    /// Loads every document of one file. Fails only when a `--set` flag does not fit a
    /// kind the file uses; everything wrong with the file itself is a violation.
    pub fn load(&self, file: &str, text: &str) -> Result<Loaded> {
        self.load_file(file, text, false)
    }

    /// [`Loader::load`] for a file found by walking a folder (`found`): its documents that
    /// are not manifests of this run are skipped, and so is the whole file when it is not
    /// YAML and names none of the schema's kinds (a Helm template, say).
    pub fn load_file(&self, file: &str, text: &str, found: bool) -> Result<Loaded> {
        // Text handed over directly (not read by `source::read`) may still start with one.
        let text = text.strip_prefix(source::BOM).unwrap_or(text);
        let mut loaded = Loaded::default();
        let at = |pos: Position, rule: &str, message: String| Violation {
            file: file.to_owned(),
            line: pos.line,
            col: pos.col,
            field: String::new(),
            rule: rule.to_owned(),
            message,
            hint: None,
        };
        let documents = match yaml::parse_stream_within(text, &self.aliases, Some(&self.budget)) {
            Ok(documents) => documents,
            Err(yaml::ParseError::OverBudget) => {
                return Err(crate::limits::exceeded(
                    &format!("the run holds more than {} manifests", self.budget.max()),
                    "manifests",
                    self.spelling,
                ))
            }
            Err(yaml::ParseError::Yaml(error)) => {
                if found && !self.mentions_a_kind(text) {
                    loaded.skipped.documents = 1;
                    loaded.skipped.files = 1;
                    return Ok(loaded);
                }
                loaded
                    .violations
                    .push(at(error.pos, error.rule, error.message));
                return Ok(loaded);
            }
        };
        // An empty document (a trailing `---`, a comment block) is no manifest.
        let mut roots: Vec<&Node> = documents.iter().filter_map(|d| d.root.as_ref()).collect();
        if found {
            let before = roots.len();
            roots.retain(|root| match self.skip(root) {
                None => true,
                Some(Skip::NotManifest) => {
                    loaded.skipped.documents += 1;
                    false
                }
                Some(Skip::OtherKind(kind)) => {
                    *loaded.skipped.other_kinds.entry(kind).or_default() += 1;
                    false
                }
            });
            if roots.is_empty() && before > 0 {
                loaded.skipped.files = 1;
                return Ok(loaded);
            }
        }
        loaded.documents = roots.len();
        // Documents are independent: lowered and decoded in parallel, collected in order.
        let results: Vec<_> = roots
            .par_iter()
            .map(|root| self.load_document(file, root))
            .collect();
        for result in results {
            match result? {
                Ok(manifest) => loaded.manifests.push(manifest),
                Err(mut violations) => loaded.violations.append(&mut violations),
            }
        }
        if roots.is_empty() {
            loaded.violations.push(at(
                Position { line: 1, col: 1 },
                ids::MANIFEST_EMPTY,
                "no manifest here: the file holds no YAML document".into(),
            ));
        }
        Ok(loaded)
    }

    fn load_document(
        &self,
        file: &str,
        root: &Node,
    ) -> Result<std::result::Result<Manifest, Vec<Violation>>> {
        let at = |pos: Position, path: &FieldPath, rule: &str, message: String| Violation {
            file: file.to_owned(),
            line: pos.line,
            col: pos.col,
            field: path.to_string(),
            rule: rule.to_owned(),
            message,
            hint: None,
        };
        let root_path = FieldPath::root();
        let (kind, wrong_version) = match self.select_kind(root) {
            Ok((kind, wrong_version)) => (kind.clone(), wrong_version),
            Err((pos, rule, message)) => {
                return Ok(Err(vec![at(pos, &root_path, rule, message)]));
            }
        };
        let at = |pos: Position, path: &FieldPath, rule: &str, message: String| Violation {
            hint: Some(Violation::explain_hint(&kind.name, path, rule)),
            ..at(pos, path, rule, message)
        };
        let mut lowering = Lowering::with_defaults(self.defaults.clone());
        let lowered = lowering.message(root, &kind.message, &root_path);
        // An unknown or repeated key was left out of the message, so the rest of the
        // manifest can still be validated; a value of the wrong type cannot.
        let mut problems: Vec<Violation> = lowering
            .problems
            .iter()
            .map(|p| at(p.pos, &p.path, p.rule, p.message.clone()))
            .collect();
        // Reported where the reference reports it — `api_version` breaks its `string.const`
        // — but in words that say which versions the kind has.
        if let Some((pos, message)) = wrong_version {
            let path = FieldPath::root().field(crate::schema::API_VERSION_FIELD);
            problems.push(at(pos, &path, "string.const", message));
        }
        let decodable = lowering.problems.iter().all(|p| {
            matches!(
                p.rule,
                ids::FIELD_UNKNOWN | ids::FIELD_DUPLICATE | ids::YAML_AMBIGUOUS
            )
        });
        if !decodable {
            return Ok(Err(problems));
        }
        // The root is a mapping (the kind was read from it), so it always lowers.
        let mut message = lowered.unwrap_or_else(|| DynamicMessage::new(kind.message.clone()));
        let mut positions = Positions {
            fields: lowering.positions,
            root: root.pos,
        };
        let mut overridden = Vec::new();
        for resolved in self.resolved_for(&kind)?.iter() {
            let applied = resolved.apply(&mut message, &mut positions.fields, root.pos);
            if let Err(why) = applied {
                let pos = positions.locate(&resolved.path);
                let why = format!("{why} (value from {})", resolved.shown);
                problems.push(at(pos, &resolved.path, ids::FIELD_TYPE, why));
                return Ok(Err(problems));
            }
            overridden.push((resolved.path.clone(), resolved.shown.clone()));
        }
        Ok(Ok(Manifest {
            file: file.to_owned(),
            kind,
            message,
            positions,
            overridden,
            problems,
            references: Vec::new(),
        }))
    }

    /// The kind named by the document's apiVersion and kind, or why there is none. A kind
    /// known in one version but named with another is still that kind, so the rest of the
    /// manifest is validated as the reference validates it; the wrong version comes back
    /// with where it was written and what to say about it.
    #[allow(clippy::type_complexity)]
    fn select_kind(
        &self,
        root: &Node,
    ) -> std::result::Result<(&'a Kind, Option<(Position, String)>), (Position, &'static str, String)>
    {
        let NodeValue::Map(entries) = &root.value else {
            return Err((
                root.pos,
                ids::MANIFEST_NOT_MAPPING,
                format!(
                    "a manifest must be a mapping with apiVersion, kind, metadata and spec; found {}",
                    root.describe()
                ),
            ));
        };
        let scalar = |keys: &[&str]| {
            entries.iter().find_map(|(k, v)| {
                let key = k.as_scalar()?;
                keys.contains(&key.text.as_str())
                    .then(|| (v.pos, v.as_scalar().map(|s| s.text.clone())))
            })
        };
        let known = || Kind::list(self.schema.kinds());
        let Some((kind_pos, Some(kind))) = scalar(&[KIND_KEY]) else {
            return Err((
                root.pos,
                ids::MANIFEST_KIND,
                format!("missing `kind`; known kinds: {}", known()),
            ));
        };
        let Some((version_pos, Some(version))) = scalar(&API_VERSION_KEYS) else {
            if let [only] = self.kinds_named(&kind).as_slice() {
                if let Some(version) = &only.api_version {
                    let message = format!("missing `apiVersion`; kind {kind} has {version}");
                    return Ok((only, Some((root.pos, message))));
                }
            }
            return Err((
                root.pos,
                ids::MANIFEST_API_VERSION,
                format!("missing `apiVersion`; known kinds: {}", known()),
            ));
        };
        if let Some(found) = self.schema.find_kind(&version, &kind) {
            return Ok((found, None));
        }
        let same_name = self.kinds_named(&kind);
        if !same_name.is_empty() {
            let versions: Vec<&str> = same_name
                .iter()
                .filter_map(|k| k.api_version.as_deref())
                .collect();
            let message = format!(
                "kind {kind} has no apiVersion `{version}`; use {}",
                versions.join(" or ")
            );
            if let [only] = same_name.as_slice() {
                return Ok((only, Some((version_pos, message))));
            }
            return Err((
                version_pos,
                ids::MANIFEST_API_VERSION,
                format!(
                    "kind {kind} has no apiVersion `{version}`; use {}",
                    versions.join(" or ")
                ),
            ));
        }
        let hint = nearest(&kind, self.schema.kinds().iter().map(|k| k.name.as_str()))
            .map(|n| format!("did you mean `{n}`? "))
            .unwrap_or_default();
        Err((
            kind_pos,
            ids::MANIFEST_KIND,
            format!("unknown kind `{kind}`; {hint}known kinds: {}", known()),
        ))
    }

    /// Whether a document found by walking is to be skipped, and why: it is not a mapping
    /// with a `kind`, or its kind is none of the schema's and its apiVersion's group is none
    /// of the schema's. A near miss of a kind (`CloudflareKvNamespce`) is read, and reported,
    /// when the document has no apiVersion or one of the schema's domain; under a foreign
    /// group it is skipped like any other foreign kind. A kind of a group that shares its
    /// domain with one of the schema's (`aws.project-planton.org` beside
    /// `cloudflare.project-planton.org`) is counted by name, as a kind the run could read
    /// with its proto.
    fn skip(&self, root: &Node) -> Option<Skip> {
        let NodeValue::Map(entries) = &root.value else {
            return Some(Skip::NotManifest);
        };
        let scalar = |keys: &[&str]| {
            entries.iter().find_map(|(k, v)| {
                let key = k.as_scalar()?;
                keys.contains(&key.text.as_str())
                    .then(|| v.as_scalar().map(|s| s.text.clone()))
                    .flatten()
            })
        };
        let Some(kind) = scalar(&[KIND_KEY]) else {
            return Some(Skip::NotManifest);
        };
        if !self.kinds_named(&kind).is_empty() {
            return None;
        }
        let names = self.schema.kinds().iter().map(|k| k.name.as_str());
        let near_miss = nearest(&kind, names).is_some();
        let Some(version) = scalar(&API_VERSION_KEYS) else {
            // No apiVersion to say whose document it is: a kind close to one of ours is
            // taken for a misspelt manifest.
            return (!near_miss).then_some(Skip::NotManifest);
        };
        let group = |version: &str| version.split_once('/').map(|(group, _)| group.to_owned());
        let domain = |group: &str| group.split_once('.').map(|(_, rest)| rest.to_owned());
        let groups: Vec<String> = self
            .schema
            .kinds()
            .iter()
            .filter_map(|k| k.api_version.as_deref().and_then(group))
            .collect();
        // An apiVersion without a version part (`cloudflare.project-planton.org`) is taken
        // for its group, so that a manifest missing only `/v1` is still reported.
        let own = group(&version).unwrap_or_else(|| version.clone());
        if groups.contains(&own) {
            return None;
        }
        let family =
            domain(&own).is_some_and(|d| groups.iter().any(|g| domain(g).as_ref() == Some(&d)));
        // A near miss of a foreign group is someone else's kind that merely looks like ours:
        // the `WorkersKVNamespace` objects `crossplane -o` writes beside the manifests.
        if near_miss && family {
            return None;
        }
        Some(match family {
            true => Skip::OtherKind(format!("{kind} ({version})")),
            false => Skip::NotManifest,
        })
    }

    /// Whether `text` names one of the schema's kinds or apiVersions anywhere: a file found
    /// by walking that is not YAML is read as a broken manifest only then.
    fn mentions_a_kind(&self, text: &str) -> bool {
        self.schema.kinds().iter().any(|k| {
            text.contains(k.name.as_str())
                || k.api_version.as_deref().is_some_and(|v| text.contains(v))
        })
    }

    fn kinds_named(&self, name: &str) -> Vec<&'a Kind> {
        self.schema
            .kinds()
            .iter()
            .filter(|k| k.name == name)
            .collect()
    }

    fn resolved_for(&self, kind: &Kind) -> Result<Arc<Vec<Resolved>>> {
        let key = kind.message.full_name();
        let mut cache = match self.resolved.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(resolved) = cache.get(key) {
            return Ok(resolved.clone());
        }
        let resolved = Arc::new(
            self.overrides
                .iter()
                .map(|o| o.resolve(kind))
                .collect::<Result<Vec<_>>>()?,
        );
        cache.insert(key.to_owned(), resolved.clone());
        Ok(resolved)
    }
}
