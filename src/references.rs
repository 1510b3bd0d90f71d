//! References between manifests (foreign keys). A `ValueFromRef` in a manifest names another
//! manifest — its kind, `metadata.name`, optionally its `metadata.env` — and a field of it
//! (`status.outputs.namespace_id`); the field that holds the reference may supply the kind
//! and the path it leaves out (`default_kind`, `default_kind_field_path`). Resolution finds
//! the manifest in the run, or the value in `--outputs` for one outside it, and reports what
//! cannot be resolved as violations. Templates then see each reference's `resolved` object
//! and write the target's own reference expression (`model`).
//!
//! Nothing here knows a kind: references are recognized by the shared message type and the
//! field options of the resource model, as a manifest's name is by its `metadata.name`.

use crate::diagnostics::Violation;
use crate::field_path::{FieldPath, Segment};
use crate::manifest::Manifest;
use crate::schema::Kind;
use prost_reflect::{
    DynamicMessage, FieldDescriptor, Kind as FieldKind, MessageDescriptor, ReflectMessage, Value,
};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The message a reference is written as.
pub const VALUE_FROM_REF: &str = "org.project_planton.shared.foreignkey.v1.ValueFromRef";
/// Its fields.
const REF_KIND: &str = "kind";
const REF_ENV: &str = "env";
const REF_NAME: &str = "name";
const REF_FIELD_PATH: &str = "field_path";
/// Where a manifest's environment and annotations are (the resource model's metadata).
const ENV_PATH: [&str; 2] = ["metadata", "env"];
const ANNOTATIONS_PATH: [&str; 2] = ["metadata", "annotations"];

/// Rule ids of the violations resolution reports.
pub mod ids {
    /// No manifest of the kind and name in the run, and no value for it in `--outputs`.
    pub const UNRESOLVED: &str = "reference.unresolved";
    /// The reference names a kind the field does not take, or no kind of the schema.
    pub const KIND: &str = "reference.kind";
    /// The referenced kind has no such field.
    pub const FIELD_PATH: &str = "reference.field_path";
    /// The referenced manifest is in another environment than the reference names.
    pub const ENV: &str = "reference.env";
    /// Manifests that refer to each other in a circle.
    pub const CYCLE: &str = "reference.cycle";
}

/// One reference as a manifest wrote it, with the defaults of the field that holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// Where the `ValueFromRef` is (`spec.kv_bindings[0]`, `spec.zone_id.value_from`).
    pub path: FieldPath,
    /// The kind named, or the field's default kind.
    pub kind: Option<String>,
    /// Whether the reference named its kind itself.
    pub kind_written: bool,
    /// The field's `default_kind`, if any.
    pub default_kind: Option<String>,
    pub env: String,
    pub name: String,
    /// The path named, or the field's default path (empty when neither).
    pub field_path: String,
    /// The field's `default_kind_field_path`.
    pub default_path: Option<String>,
}

/// A reference resolved: what templates see as `resolved` in the reference's context.
#[derive(Clone, Debug, Serialize)]
pub struct Resolved {
    #[serde(skip)]
    pub path: FieldPath,
    pub kind: String,
    pub name: String,
    pub env: String,
    pub field_path: String,
    /// Names derived from the referenced name (`snake`, `camel`, `kebab`, `shouty`,
    /// `shouty_base`), as the referenced resource's own `names`: how the targets name it.
    pub names: Option<crate::model::ResourceNames>,
    /// The referenced manifest's `metadata.annotations` (empty outside the run): what its
    /// targets read besides its names (a wrangler binding's `planton-gen/binding`).
    pub annotations: BTreeMap<String, String>,
    /// Whether the referenced manifest is in this run.
    pub in_run: bool,
    /// Whether a target can refer to the resource itself: it is in the run and the path is
    /// the field's default one, whose value is the resource's id.
    pub native: bool,
    /// The value at `field_path` in the referenced manifest (its `status.outputs`, or an
    /// outputs file), empty when unknown.
    pub value: String,
    /// The index of the referenced manifest in the run.
    #[serde(skip)]
    pub target: Option<usize>,
}

/// Where a reference to a manifest outside the run finds its value: `--outputs` files.
pub trait Outside {
    /// The value of `field` (a path under `status.outputs`, without that prefix) of the
    /// manifest of `kind` named `name`.
    fn value_of(&self, kind: &str, name: &str, field: &str) -> Option<String>;
}

/// No values outside the run.
pub struct Nothing;

impl Outside for Nothing {
    fn value_of(&self, _: &str, _: &str, _: &str) -> Option<String> {
        None
    }
}

/// The references `message` holds, in field order.
pub fn find(message: &DynamicMessage) -> Vec<Reference> {
    let mut found = Vec::new();
    walk(
        message,
        &FieldPath::root(),
        &Defaults::default(),
        &mut found,
        0,
    );
    found
}

/// The paths of `message`'s fields that hold references (through singular messages; a list
/// or map ends the path): where positions must be kept to report on references.
pub fn reference_fields(message: &MessageDescriptor) -> Vec<FieldPath> {
    fn holds_reference(message: &MessageDescriptor, depth: usize) -> bool {
        depth <= MAX_DEPTH
            && (message.full_name() == VALUE_FROM_REF
                || message.fields().any(|field| match field.kind() {
                    FieldKind::Message(inner) => holds_reference(&inner, depth + 1),
                    _ => false,
                }))
    }
    fn collect(
        message: &MessageDescriptor,
        at: &FieldPath,
        out: &mut Vec<FieldPath>,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        for field in message.fields() {
            let FieldKind::Message(inner) = field.kind() else {
                continue;
            };
            if !holds_reference(&inner, depth + 1) {
                continue;
            }
            let path = at.field(field.name());
            if field.is_list() || field.is_map() || inner.full_name() == VALUE_FROM_REF {
                out.push(path);
            } else {
                collect(&inner, &path, out, depth + 1);
            }
        }
    }
    let mut out = Vec::new();
    collect(message, &FieldPath::root(), &mut out, 0);
    out
}

/// Deepest nesting searched (guards recursive messages).
const MAX_DEPTH: usize = 8;

#[derive(Clone, Default)]
struct Defaults {
    kind: Option<String>,
    path: Option<String>,
}

fn walk(
    message: &DynamicMessage,
    at: &FieldPath,
    defaults: &Defaults,
    found: &mut Vec<Reference>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    if message.descriptor().full_name() == VALUE_FROM_REF {
        found.push(reference(message, at, defaults));
        return;
    }
    for (field, value) in message.fields() {
        if !matches!(field.kind(), FieldKind::Message(_)) {
            continue;
        }
        let defaults = field_defaults(&field).unwrap_or_else(|| defaults.clone());
        let path = at.field(field.name());
        match value {
            Value::Message(inner) => walk(inner, &path, &defaults, found, depth + 1),
            Value::List(items) => {
                for (index, item) in items.iter().enumerate() {
                    if let Value::Message(inner) = item {
                        walk(inner, &path.index(index), &defaults, found, depth + 1);
                    }
                }
            }
            Value::Map(entries) => {
                let mut entries: Vec<_> = entries.iter().collect();
                entries.sort_by(|a, b| format!("{:?}", a.0).cmp(&format!("{:?}", b.0)));
                for (key, item) in entries {
                    if let (Value::Message(inner), Some(key)) = (item, key.as_str()) {
                        walk(
                            inner,
                            &path.child(Segment::StringKey(key.to_owned())),
                            &defaults,
                            found,
                            depth + 1,
                        );
                    }
                }
            }
            _ => {}
        }
    }
}

/// The defaults a field declares for the references it holds, if it declares any.
fn field_defaults(field: &FieldDescriptor) -> Option<Defaults> {
    let kind = crate::rules::default_kind(field);
    let path = crate::rules::default_kind_field_path(field);
    (kind.is_some() || path.is_some()).then_some(Defaults { kind, path })
}

fn reference(message: &DynamicMessage, at: &FieldPath, defaults: &Defaults) -> Reference {
    let text = |name: &str| {
        message
            .get_field_by_name(name)
            .and_then(|value| value.as_str().map(str::to_owned))
            .unwrap_or_default()
    };
    let written_kind = message
        .descriptor()
        .get_field_by_name(REF_KIND)
        .and_then(|field| {
            let number = message.get_field(&field).as_enum_number()?;
            let FieldKind::Enum(kinds) = field.kind() else {
                return None;
            };
            (number != 0).then(|| {
                kinds
                    .get_value(number)
                    .map_or_else(|| number.to_string(), |value| value.name().to_owned())
            })
        });
    let field_path = text(REF_FIELD_PATH);
    Reference {
        path: at.clone(),
        kind_written: written_kind.is_some(),
        kind: written_kind.or_else(|| defaults.kind.clone()),
        default_kind: defaults.kind.clone(),
        env: text(REF_ENV),
        name: text(REF_NAME),
        field_path: if field_path.is_empty() {
            defaults.path.clone().unwrap_or_default()
        } else {
            field_path
        },
        default_path: defaults.path.clone(),
    }
}

/// What resolving a run's references gave: each manifest's resolved references, and the
/// violations (with the index of the manifest they are about).
#[derive(Debug, Default)]
pub struct Resolution {
    pub resolved: Vec<Vec<Resolved>>,
    pub violations: Vec<(usize, Violation)>,
}

/// Resolves every reference of `manifests` (of a schema whose kinds are `kinds`), against
/// the run and `outside`.
pub fn resolve(manifests: &[Manifest], kinds: &[Kind], outside: &dyn Outside) -> Resolution {
    let mut by_name: HashMap<(&str, String), usize> = HashMap::new();
    let mut names_of_kind: HashMap<&str, Vec<String>> = HashMap::new();
    for (index, manifest) in manifests.iter().enumerate() {
        let name = manifest.identity();
        names_of_kind
            .entry(manifest.kind.name.as_str())
            .or_default()
            .push(name.clone());
        // The first of two manifests with one name wins; the duplicate is reported already.
        by_name
            .entry((manifest.kind.name.as_str(), name))
            .or_insert(index);
    }
    let kinds: BTreeMap<&str, &MessageDescriptor> = kinds
        .iter()
        .map(|kind| (kind.name.as_str(), &kind.message))
        .collect();
    let resolver = Resolver {
        manifests,
        by_name,
        names_of_kind,
        kinds,
        outside,
    };
    let mut resolution = Resolution {
        resolved: vec![Vec::new(); manifests.len()],
        violations: Vec::new(),
    };
    for (index, manifest) in manifests.iter().enumerate() {
        for reference in find(&manifest.message) {
            match resolver.resolve(manifest, &reference) {
                Ok(resolved) => resolution.resolved[index].push(resolved),
                Err(violation) => resolution.violations.push((index, *violation)),
            }
        }
    }
    resolution
        .violations
        .extend(cycles(manifests, &resolution.resolved));
    resolution
}

/// What resolving one reference looks in: the run's manifests by kind and name, the schema's
/// kinds, and the values outside the run.
struct Resolver<'a> {
    manifests: &'a [Manifest],
    by_name: HashMap<(&'a str, String), usize>,
    names_of_kind: HashMap<&'a str, Vec<String>>,
    kinds: BTreeMap<&'a str, &'a MessageDescriptor>,
    outside: &'a dyn Outside,
}

impl Resolver<'_> {
    /// `reference` of `manifest` resolved, or the violation saying why it cannot be.
    fn resolve(
        &self,
        manifest: &Manifest,
        reference: &Reference,
    ) -> Result<Resolved, Box<Violation>> {
        let Resolver {
            manifests,
            by_name,
            names_of_kind,
            kinds,
            outside,
        } = self;
        let fail = |path: &FieldPath, rule: &str, message: String| {
            Box::new(manifest.violation(path, rule, message))
        };
        let at = |field: &str| reference.path.field(field);
        let Some(kind) = reference.kind.clone() else {
            return Err(fail(
                &at(REF_KIND),
                ids::KIND,
                "the reference names no kind, and its field has no default kind; set `kind`".into(),
            ));
        };
        if let (true, Some(default)) = (reference.kind_written, &reference.default_kind) {
            if *default != kind {
                return Err(fail(
                    &at(REF_KIND),
                    ids::KIND,
                    format!("this field refers to a {default}, not a {kind}"),
                ));
            }
        }
        let Some(descriptor) = kinds.get(kind.as_str()).copied().cloned() else {
            return Err(fail(
                &at(REF_KIND),
                ids::KIND,
                format!("no kind {kind} is known to this schema"),
            ));
        };
        if reference.field_path.is_empty() {
            return Err(fail(
                &at(REF_FIELD_PATH),
                ids::FIELD_PATH,
                format!(
                    "the reference names no field of {kind}, and its field has no default; set \
                     `field_path` (for example `{}`)",
                    scalar_paths(&descriptor)
                        .first()
                        .map_or("status.outputs.<field>", |p| p)
                ),
            ));
        }
        let paths = scalar_paths(&descriptor);
        if !paths.contains(&reference.field_path) {
            let hint =
                crate::manifest::nearest(&reference.field_path, paths.iter().map(String::as_str))
                    .map(|near| format!("; did you mean `{near}`?"))
                    .unwrap_or_default();
            let field =
                if reference.field_path == reference.default_path.clone().unwrap_or_default() {
                    at(REF_NAME)
                } else {
                    at(REF_FIELD_PATH)
                };
            return Err(fail(
                &field,
                ids::FIELD_PATH,
                format!("{kind} has no text field `{}`{hint}", reference.field_path),
            ));
        }
        let target = by_name
            .get(&(kind.as_str(), reference.name.clone()))
            .copied();
        let native_path = reference.default_path.as_deref() == Some(reference.field_path.as_str());
        let segments: Vec<&str> = reference.field_path.split('.').collect();
        let (value, in_run, env, annotations) = match target {
            Some(target) => {
                let referenced = &manifests[target];
                let env = text_at(&referenced.message, &ENV_PATH);
                if !reference.env.is_empty() && env != reference.env {
                    return Err(fail(
                        &at(REF_ENV),
                        ids::ENV,
                        format!(
                            "{kind} `{}` ({}:{}) is in environment `{env}`, not `{}`",
                            reference.name,
                            referenced.file,
                            referenced.positions.document().line,
                            reference.env
                        ),
                    ));
                }
                (
                    text_at(&referenced.message, &segments),
                    true,
                    env,
                    annotations(referenced),
                )
            }
            None => {
                let outputs = segments
                    .strip_prefix(&["status", "outputs"])
                    .map(|rest| rest.join("."));
                let value =
                    outputs.and_then(|field| outside.value_of(&kind, &reference.name, &field));
                match value {
                    Some(value) => (value, false, reference.env.clone(), BTreeMap::new()),
                    None => {
                        let hint = names_of_kind
                            .get(kind.as_str())
                            .and_then(|names| {
                                crate::manifest::nearest(
                                    &reference.name,
                                    names.iter().map(String::as_str),
                                )
                            })
                            .map(|near| format!("did you mean `{near}`? "))
                            .unwrap_or_default();
                        return Err(fail(
                            &at(REF_NAME),
                            ids::UNRESOLVED,
                            format!(
                                "no {kind} named `{}` in this run; {hint}A manifest outside the run \
                                 needs its `{}` in an --outputs file",
                                reference.name, reference.field_path
                            ),
                        ));
                    }
                }
            }
        };
        Ok(Resolved {
            path: reference.path.clone(),
            names: crate::model::resource_names(&reference.name, &env),
            annotations,
            kind,
            name: reference.name.clone(),
            env: reference.env.clone(),
            field_path: reference.field_path.clone(),
            in_run,
            native: in_run && native_path,
            value,
            target,
        })
    }
}

/// The paths of every singular text field of a kind (`spec.namespace_name`,
/// `status.outputs.namespace_id`): what a reference may read.
fn scalar_paths(message: &MessageDescriptor) -> Vec<String> {
    fn collect(message: &MessageDescriptor, prefix: &str, out: &mut Vec<String>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        for field in message.fields() {
            if field.is_list() || field.is_map() {
                continue;
            }
            let path = if prefix.is_empty() {
                field.name().to_owned()
            } else {
                format!("{prefix}.{}", field.name())
            };
            match field.kind() {
                FieldKind::String => out.push(path),
                FieldKind::Message(inner) => collect(&inner, &path, out, depth + 1),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    collect(message, "", &mut out, 0);
    out
}

/// The `metadata.annotations` of a manifest.
fn annotations(manifest: &Manifest) -> BTreeMap<String, String> {
    let [outer, inner] = ANNOTATIONS_PATH;
    let Some(metadata) = manifest.message.get_field_by_name(outer) else {
        return BTreeMap::new();
    };
    let Some(Value::Map(entries)) = metadata
        .as_message()
        .and_then(|m| m.get_field_by_name(inner))
        .map(|v| v.into_owned())
    else {
        return BTreeMap::new();
    };
    entries
        .into_iter()
        .filter_map(|(key, value)| Some((key.as_str()?.to_owned(), value.as_str()?.to_owned())))
        .collect()
}

/// The text at `path` in `message`, empty when unset.
fn text_at(message: &DynamicMessage, path: &[&str]) -> String {
    crate::outputs::string_at(message, path).unwrap_or_default()
}

/// A violation for every manifest on a circle of references within the run (each circle
/// reported once, at the reference that closes it from its first manifest).
fn cycles(manifests: &[Manifest], resolved: &[Vec<Resolved>]) -> Vec<(usize, Violation)> {
    // Iterative depth-first search: 0 unvisited, 1 on the stack, 2 done.
    let mut state = vec![0u8; manifests.len()];
    let mut violations = Vec::new();
    let mut reported: BTreeSet<Vec<usize>> = BTreeSet::new();
    for start in 0..manifests.len() {
        if state[start] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = 1;
        while let Some((node, next)) = stack.last().copied() {
            let edges = &resolved[node];
            if next >= edges.len() {
                state[node] = 2;
                stack.pop();
                continue;
            }
            if let Some(top) = stack.last_mut() {
                top.1 += 1;
            }
            let Some(target) = edges[next].target else {
                continue;
            };
            match state[target] {
                0 => {
                    state[target] = 1;
                    stack.push((target, 0));
                }
                1 => {
                    let from = stack.iter().position(|(n, _)| *n == target).unwrap_or(0);
                    let mut circle: Vec<usize> = stack[from..].iter().map(|(n, _)| *n).collect();
                    let mut key = circle.clone();
                    key.sort_unstable();
                    if reported.insert(key) {
                        circle.push(target);
                        let shown: Vec<String> = circle
                            .iter()
                            .map(|i| {
                                format!(
                                    "{} `{}`",
                                    manifests[*i].kind.name,
                                    manifests[*i].identity()
                                )
                            })
                            .collect();
                        let manifest = &manifests[node];
                        violations.push((
                            node,
                            manifest.violation(
                                &edges[next].path.field(REF_NAME),
                                ids::CYCLE,
                                format!("references go round in a circle: {}", shown.join(" → ")),
                            ),
                        ));
                    }
                }
                _ => {}
            }
        }
    }
    violations
}

/// The kinds of a run in the order their resources are declared: a kind after the kinds its
/// manifests refer to, otherwise by name (a circle between kinds keeps name order).
pub fn kind_order<'a>(manifests: impl IntoIterator<Item = &'a Manifest>) -> Vec<String> {
    let mut needs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for manifest in manifests {
        let entry = needs.entry(manifest.kind.name.clone()).or_default();
        for reference in manifest.references.iter().filter(|r| r.in_run) {
            if reference.kind != manifest.kind.name {
                entry.insert(reference.kind.clone());
            }
        }
    }
    let mut order = Vec::new();
    let mut placed: BTreeSet<String> = BTreeSet::new();
    while placed.len() < needs.len() {
        let ready = needs
            .iter()
            .find(|(kind, wanted)| {
                !placed.contains(*kind)
                    && wanted
                        .iter()
                        .all(|w| placed.contains(w) || !needs.contains_key(w))
            })
            .map(|(kind, _)| kind.clone())
            .or_else(|| needs.keys().find(|k| !placed.contains(*k)).cloned());
        let Some(kind) = ready else {
            break;
        };
        placed.insert(kind.clone());
        order.push(kind);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> (crate::schema::Schema, Vec<Manifest>) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let schema = crate::schema::Schema::load(&[], Default::default()).unwrap();
        let checked =
            crate::check::check(&schema, &[root.join("examples/cloudflare")], &[]).unwrap();
        assert!(checked.is_valid(), "{:?}", checked.violations);
        (schema, checked.manifests)
    }

    #[test]
    fn kinds_are_ordered_after_the_kinds_they_refer_to() {
        let (_, manifests) = example();
        let order = kind_order(&manifests);
        let at = |kind: &str| order.iter().position(|k| k == kind).unwrap();
        assert!(
            at("CloudflareKvNamespace") < at("CloudflareWorker"),
            "{order:?}"
        );
        assert!(
            at("CloudflareDnsZone") < at("CloudflareR2Bucket"),
            "{order:?}"
        );
        assert!(
            at("CloudflareDnsZone") < at("CloudflareLoadBalancer"),
            "{order:?}"
        );
        assert_eq!(order.len(), 7);
    }

    #[test]
    fn a_circle_of_references_is_reported_once() {
        let (_, manifests) = example();
        let index = |name: &str| manifests.iter().position(|m| m.identity() == name).unwrap();
        let (worker, cache) = (index("myapp-api-prod"), index("myapp-cache-prod"));
        let mut resolved: Vec<Vec<Resolved>> =
            manifests.iter().map(|m| m.references.clone()).collect();
        assert!(resolved[worker].iter().any(|r| r.target == Some(cache)));
        assert!(cycles(&manifests, &resolved).is_empty());
        // Were the namespace to refer back to the Worker, the two would go round.
        let mut back = resolved[worker][0].clone();
        back.target = Some(worker);
        resolved[cache].push(back);
        let found = cycles(&manifests, &resolved);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1.rule, ids::CYCLE);
        assert!(
            found[0].1.message.contains(
                "CloudflareWorker `myapp-api-prod` → CloudflareKvNamespace `myapp-cache-prod` → \
                 CloudflareWorker `myapp-api-prod`"
            ) || found[0].1.message.contains(
                "CloudflareKvNamespace `myapp-cache-prod` → CloudflareWorker `myapp-api-prod` → \
                 CloudflareKvNamespace `myapp-cache-prod`"
            ),
            "{}",
            found[0].1.message
        );
    }

    #[test]
    fn references_are_found_through_lists_and_oneofs_with_their_fields_defaults() {
        let (_, manifests) = example();
        let by_kind = |kind: &str| manifests.iter().find(|m| m.kind.name == kind).unwrap();
        let worker = find(&by_kind("CloudflareWorker").message);
        assert_eq!(worker.len(), 2);
        assert_eq!(worker[1].path.to_string(), "spec.kv_bindings[1]");
        assert_eq!(worker[1].kind.as_deref(), Some("CloudflareKvNamespace"));
        assert!(!worker[1].kind_written);
        assert_eq!(worker[1].field_path, "status.outputs.namespace_id");
        let bucket = find(&by_kind("CloudflareR2Bucket").message);
        assert_eq!(bucket.len(), 1);
        assert_eq!(
            bucket[0].path.to_string(),
            "spec.custom_domain.zone_id.value_from"
        );
        assert_eq!(bucket[0].kind.as_deref(), Some("CloudflareDnsZone"));
        let fields = reference_fields(&by_kind("CloudflareR2Bucket").kind.message);
        assert_eq!(
            fields.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["spec.custom_domain.zone_id.value_from"]
        );
    }
}
