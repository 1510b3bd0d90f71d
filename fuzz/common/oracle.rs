//! The fuzzing oracles, shared by the cargo-fuzz targets (`fuzz/fuzz_targets/`) and the
//! regression test (`tests/fuzz_regressions.rs`), so a saved input replays exactly the code
//! that found it.
//!
//! - [`manifest_bytes`]: any bytes. Reading, validating and checking across manifests never
//!   panics, every violation points into the file, and — when the input reads cleanly — the
//!   verdict agrees with a prediction made independently from the loaded values.
//! - [`check_text`]: a manifest text. As above, and when the manifests are valid every target
//!   renders (or refuses exactly when a template rule says it must), and every string the
//!   manifests hold reads back exactly with the target language's own parser: HCL (hcl-rs),
//!   YAML (serde_yaml_ng), TOML (toml), JSON(C) (serde_json) and Go string literals.
//!
//! Any disagreement is a panic: that is what the fuzzer reports.

#![allow(dead_code)]

use planton_gen::internal::{self as render, Loader, Names, Templates, Validator};
use planton_gen::{Error, Manifest, Schema, Violation};
use prost_reflect::{DynamicMessage, MapKey, ReflectMessage, Value as Field};
use regex::Regex;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

/// Set by the fuzz targets: findings already reported (listed in fuzz/README.md) do not stop
/// the run, so fuzzing goes on to new ones. The regression test leaves it unset: every saved
/// input must pass strictly once the finding is fixed.
pub static TOLERATE_KNOWN: AtomicBool = AtomicBool::new(false);

// No finding is open at the moment; the next one found gets its escape hatch here.
#[allow(dead_code)]
fn tolerated(finding: &'static str) -> bool {
    static SEEN: std::sync::Mutex<BTreeSet<&str>> = std::sync::Mutex::new(BTreeSet::new());
    let tolerate = TOLERATE_KNOWN.load(Ordering::Relaxed);
    if tolerate {
        let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
        if seen.insert(finding) {
            eprintln!(
                "planton-gen-fuzz: known finding {finding} hit (tolerated, see fuzz/README.md)"
            );
        }
    }
    tolerate
}

pub const API_VERSION: &str = "cloudflare.project-planton.org/v1";
pub const KIND: &str = "CloudflareKvNamespace";
const EXTERNAL_NAME: &str = "crossplane.io/external-name";
const DESCRIPTION_KEY: &str = "planton-gen/description";
const TTL_KEY: &str = "planton-gen/ttl-seconds";
const BINDING_KEY: &str = "planton-gen/binding";
const MANAGED_BY: &str = "app.kubernetes.io/managed-by";

/// The built-in schema, compiled once per process.
pub fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| match Schema::builtin() {
        Ok(schema) => schema,
        Err(error) => panic!("the built-in schema does not compile: {error}"),
    })
}

fn templates() -> &'static Templates {
    static TEMPLATES: OnceLock<Templates> = OnceLock::new();
    TEMPLATES.get_or_init(Templates::builtin)
}

fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}")))
}

/// Kubernetes qualified names and label values, as the crossplane template spells them.
fn qualified_name(key: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = regex(
        &RE,
        "^([a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$",
    );
    let prefix = key.split('/').next().unwrap_or_default();
    re.is_match(key) && prefix.chars().count() <= 253
}

fn label_value(value: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(&RE, "^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$").is_match(value)
}

fn js_identifier(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(&RE, "^[A-Za-z_$][A-Za-z0-9_$]*$").is_match(text)
}

fn hex32(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(&RE, "^[0-9a-fA-F]{32}$").is_match(text)
}

fn rfc1123_label(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(&RE, "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$").is_match(text) && text.len() <= 63
}

fn ascii_identifier(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(&RE, "^[A-Za-z_][A-Za-z0-9_]*$").is_match(text)
}

/// The command-line options a render gets (crossplane's and wrangler's flags).
#[derive(Clone, Debug)]
pub struct Options {
    pub account_id: Option<String>,
    pub account_ref: Option<String>,
    pub namespaced: bool,
    pub namespace: Option<String>,
    pub provider_config: String,
    pub orphan: bool,
    pub jsonc: bool,
    pub require_ids: bool,
    pub default_env: String,
}

impl Default for Options {
    /// The command line's defaults, plus an account id.
    fn default() -> Self {
        Self {
            account_id: Some("a".into()),
            account_ref: None,
            namespaced: false,
            namespace: None,
            provider_config: "default".into(),
            orphan: false,
            jsonc: false,
            require_ids: false,
            default_env: "prod".into(),
        }
    }
}

impl Options {
    pub fn to_map(&self) -> Map<String, Value> {
        let value = serde_json::json!({
            "account_id": self.account_id,
            "account_ref": self.account_ref,
            "scope": if self.namespaced { "namespaced" } else { "cluster" },
            "namespace": self.namespace,
            "provider_config": self.provider_config,
            "deletion_policy": if self.orphan { "Orphan" } else { "Delete" },
            "format": if self.jsonc { "jsonc" } else { "toml" },
            "require_ids": self.require_ids,
            "default_env": self.default_env,
        });
        match value {
            Value::Object(map) => map,
            _ => unreachable!(),
        }
    }

    /// The first line of a saved input: `# fuzz-options: {...}` (a YAML comment) gives the
    /// options the render target used, so the input replays exactly.
    pub fn header(&self) -> String {
        format!("# fuzz-options: {}\n", Value::Object(self.to_map()))
    }

    /// The options a text's first line names (see [`Options::header`]).
    pub fn from_header(text: &str) -> Option<Options> {
        let line = text.lines().next()?.strip_prefix("# fuzz-options: ")?;
        let value: Value = serde_json::from_str(line).ok()?;
        let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
        let is = |key: &str, wanted: &str| text(key).as_deref() == Some(wanted);
        Some(Options {
            account_id: text("account_id"),
            account_ref: text("account_ref"),
            namespaced: is("scope", "namespaced"),
            namespace: text("namespace"),
            provider_config: text("provider_config").unwrap_or_default(),
            orphan: is("deletion_policy", "Orphan"),
            jsonc: is("format", "jsonc"),
            require_ids: value.get("require_ids").and_then(Value::as_bool) == Some(true),
            default_env: text("default_env").unwrap_or_default(),
        })
    }

    /// The option variants the regression test replays every saved input with.
    pub fn variants() -> Vec<Options> {
        vec![
            Options::default(),
            Options {
                account_id: None,
                account_ref: Some("acct \"${x}\"\n".into()),
                namespaced: true,
                namespace: Some("team-a".into()),
                provider_config: "pc \\ \u{2028}".into(),
                orphan: true,
                jsonc: true,
                require_ids: false,
                default_env: "staging".into(),
            },
        ]
    }
}

/// What one loaded manifest says, read from its message (not from the render context).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Resource {
    pub api_version: String,
    pub kind: String,
    pub has_metadata: bool,
    pub has_spec: bool,
    pub name: String,
    pub env: String,
    pub labels: BTreeMap<String, String>,
    pub annotations: BTreeMap<String, String>,
    /// Every relationship has a kind, a name and a type (their `required` rules).
    pub relationships_ok: bool,
    pub namespace_name: String,
    pub description: String,
    pub ttl: i64,
    pub namespace_id: String,
}

fn sub(message: &DynamicMessage, name: &str) -> Option<DynamicMessage> {
    let field = message.descriptor().get_field_by_name(name)?;
    if !message.has_field(&field) {
        return None;
    }
    message.get_field(&field).as_message().cloned()
}

fn text(message: Option<&DynamicMessage>, name: &str) -> String {
    message
        .and_then(|m| m.get_field_by_name(name))
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn string_map(message: Option<&DynamicMessage>, name: &str) -> BTreeMap<String, String> {
    let Some(value) = message.and_then(|m| m.get_field_by_name(name)) else {
        return BTreeMap::new();
    };
    match &*value {
        Field::Map(map) => map
            .iter()
            .filter_map(|(k, v)| match (k, v) {
                (MapKey::String(k), Field::String(v)) => Some((k.clone(), v.clone())),
                _ => None,
            })
            .collect(),
        _ => BTreeMap::new(),
    }
}

fn number(value: &Field) -> i64 {
    match value {
        Field::I32(n) | Field::EnumNumber(n) => i64::from(*n),
        Field::I64(n) => *n,
        Field::U32(n) => i64::from(*n),
        _ => 0,
    }
}

pub fn extract(manifest: &Manifest) -> Resource {
    let root = &manifest.message;
    let metadata = sub(root, "metadata");
    let spec = sub(root, "spec");
    let outputs = sub(root, "status").and_then(|s| sub(&s, "outputs"));
    let relationships_ok = match metadata
        .as_ref()
        .and_then(|m| m.get_field_by_name("relationships"))
    {
        Some(value) => match &*value {
            Field::List(items) => items.iter().all(|item| match item.as_message() {
                Some(r) => {
                    let get = |f: &str| r.get_field_by_name(f).map(|v| number(&v)).unwrap_or(0);
                    get("kind") != 0 && get("type") != 0 && !text(Some(r), "name").is_empty()
                }
                None => false,
            }),
            _ => true,
        },
        None => true,
    };
    Resource {
        api_version: text(Some(root), "api_version"),
        kind: text(Some(root), "kind"),
        has_metadata: metadata.is_some(),
        has_spec: spec.is_some(),
        name: text(metadata.as_ref(), "name"),
        env: text(metadata.as_ref(), "env"),
        labels: string_map(metadata.as_ref(), "labels"),
        annotations: string_map(metadata.as_ref(), "annotations"),
        relationships_ok,
        namespace_name: text(spec.as_ref(), "namespace_name"),
        description: text(spec.as_ref(), "description"),
        ttl: spec
            .as_ref()
            .and_then(|s| s.get_field_by_name("ttl_seconds"))
            .map(|v| number(&v))
            .unwrap_or(0),
        namespace_id: text(outputs.as_ref(), "namespace_id"),
    }
}

/// Whether manifests with these values are valid, decided from the schema's rules as written
/// in the .proto files and the README (not with planton-gen's validator).
pub fn predict_valid(resources: &[Resource]) -> bool {
    let each = resources.iter().all(|r| {
        r.api_version == API_VERSION
            && r.kind == KIND
            && r.has_metadata
            && r.has_spec
            && r.relationships_ok
            && Names::derive(&r.name).is_some()
            && (1..=64).contains(&r.namespace_name.chars().count())
            && r.description.chars().count() <= 256
            && (r.ttl == 0 || r.ttl >= 60)
    });
    if !each {
        return false;
    }
    let mut names = BTreeSet::new();
    let mut titles = BTreeSet::new();
    // (form, derived name) -> metadata.name
    let mut derived: BTreeMap<(&str, String), &str> = BTreeMap::new();
    for r in resources {
        if !names.insert(r.name.as_str()) || !titles.insert(r.namespace_name.as_str()) {
            return false;
        }
        let Some(forms) = Names::derive(&r.name) else {
            return false;
        };
        for (form, name) in forms.forms() {
            if let Some(other) = derived.insert((form, name.to_owned()), r.name.as_str()) {
                if other != r.name {
                    return false;
                }
            }
        }
    }
    true
}

/// Target `manifest`: arbitrary bytes.
pub fn manifest_bytes(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = planton_gen::internal::parse_stream(text);
    let options = Options::from_header(text).unwrap_or_default();
    check_text(text, &options, None);
}

/// What [`check_text`] found.
pub struct Checked {
    pub resources: Vec<Resource>,
    pub violations: Vec<Violation>,
    /// The input read without a problem of its shape (syntax, unknown fields, types).
    pub clean: bool,
}

/// Loads, validates and (when valid) renders `text` with `options`, checking every oracle.
/// `expect_valid`: the caller built the text inside (or outside) the valid space.
pub fn check_text(text: &str, options: &Options, expect_valid: Option<bool>) -> Checked {
    let parsed = planton_gen::internal::parse_stream(text);
    let loader = Loader::new(schema(), vec![]);
    let loaded = loader
        .load("fuzz.yaml", text)
        .unwrap_or_else(|e| panic!("Loader::load failed without any --set: {e}"));
    if parsed.is_err() {
        assert!(
            loaded.manifests.is_empty() && !loaded.violations.is_empty(),
            "parse_stream failed but the loader read manifests: {:?}",
            loaded.violations
        );
    }
    let mut violations = loaded.violations.clone();
    let mut validator = Validator::new();
    let mut clean = loaded.violations.is_empty();
    for manifest in &loaded.manifests {
        clean &= manifest.problems.is_empty();
        violations.extend(manifest.problems.iter().cloned());
        violations.extend(
            validator
                .check(manifest)
                .unwrap_or_else(|e| panic!("the built-in schema failed to validate: {e}")),
        );
    }
    violations.extend(planton_gen::internal::check_across(&loaded.manifests));

    // Lines as YAML counts them: `\r\n`, `\r` and `\n` each end one.
    let lines = text.replace("\r\n", "\n").split(['\n', '\r']).count();
    for v in &violations {
        assert!(
            v.line >= 1 && v.col >= 1 && v.line <= lines,
            "violation outside the file ({lines} lines): {v:?}"
        );
        assert!(!v.rule.is_empty() && !v.message.is_empty(), "{v:?}");
    }

    let resources: Vec<Resource> = loaded.manifests.iter().map(extract).collect();
    if clean && !loaded.manifests.is_empty() {
        let predicted = predict_valid(&resources);
        assert_eq!(
            predicted,
            violations.is_empty(),
            "validity predicted {predicted}, but the violations are {violations:#?}\nfor {resources:#?}"
        );
    }
    if let Some(expected) = expect_valid {
        assert_eq!(
            violations.is_empty(),
            expected,
            "expected valid = {expected}; violations {violations:#?}\nfor {text:?}"
        );
    }
    if violations.is_empty() && !loaded.manifests.is_empty() {
        render_all(&loaded.manifests, &resources, options);
    }
    Checked {
        resources,
        violations,
        clean,
    }
}

/// One resource with what every target derives from it, in render order.
struct Expected<'a> {
    r: &'a Resource,
    names: Names,
    /// The wrangler binding (annotation or SHOUTY name without the env suffix), if derivable.
    binding: Option<String>,
}

/// `name` without a trailing `-<env>`, `_<env>` or `.<env>` (README: "The binding is
/// `metadata.name` without its `-<env>` suffix").
fn without_env<'a>(name: &'a str, env: &str) -> &'a str {
    if env.is_empty() {
        return name;
    }
    for separator in ['-', '_', '.'] {
        if let Some(base) = name.strip_suffix(&format!("{separator}{env}")) {
            if !base.is_empty() {
                return base;
            }
        }
    }
    name
}

fn render_all(manifests: &[Manifest], resources: &[Resource], options: &Options) {
    let mut expected: Vec<Expected> = resources
        .iter()
        .map(|r| {
            let names = Names::derive(&r.name).unwrap_or_else(|| panic!("valid name {:?}", r.name));
            let binding = match r.annotations.get(BINDING_KEY) {
                Some(b) => Some(b.clone()),
                None => Names::derive(without_env(&r.name, &r.env)).map(|n| n.shouty),
            };
            Expected { r, names, binding }
        })
        .collect();
    // Templates see resources sorted by metadata.name (then file; one file here).
    expected.sort_by(|a, b| a.r.name.cmp(&b.r.name));
    for e in &expected {
        let n = &e.names;
        assert!(
            ascii_identifier(&n.snake),
            "snake {:?} of {:?}",
            n.snake,
            e.r.name
        );
        assert!(
            ascii_identifier(&n.camel),
            "camel {:?} of {:?}",
            n.camel,
            e.r.name
        );
        assert!(
            ascii_identifier(&n.shouty),
            "shouty {:?} of {:?}",
            n.shouty,
            e.r.name
        );
        assert!(
            rfc1123_label(&n.kebab),
            "kebab {:?} of {:?}",
            n.kebab,
            e.r.name
        );
    }

    let map = options.to_map();
    for target in planton_gen::Target::ALL {
        let refusal = match target {
            planton_gen::Target::Crossplane => crossplane_refusal(&expected),
            planton_gen::Target::Wrangler => wrangler_refusal(&expected, options),
            _ => None,
        };
        let result = render::render(templates(), target, manifests, &map);
        let rendered = match (result, refusal) {
            (Ok(rendered), None) => rendered,
            (Err(Error::Refused { refusals, .. }), Some(_)) => {
                assert!(!refusals.is_empty());
                continue;
            }
            (Ok(_), Some(why)) => panic!("{}: rendered, but must refuse: {why}", target.name()),
            (Err(error), _) => panic!(
                "{}: valid manifests failed to render: {error}\nresources {resources:#?}\noptions {options:?}",
                target.name()
            ),
        };
        let file = |path: &str| -> &str {
            rendered
                .files
                .iter()
                .find(|f| f.path == path)
                .map(|f| f.contents.as_str())
                .unwrap_or_else(|| panic!("{}: no {path} in {:?}", target.name(), rendered.files))
        };
        match target.name() {
            "terraform" => {
                for f in &rendered.files {
                    if let Err(e) = hcl::parse(&f.contents) {
                        panic!("terraform {}: not HCL: {e}\n{}", f.path, f.contents);
                    }
                }
                terraform(&expected, file("main.tf"), file("outputs.tf"));
                let imports = rendered.files.iter().find(|f| f.path == "imports.tf");
                terraform_imports(&expected, imports.map(|f| f.contents.as_str()));
            }
            "pulumi" => {
                pulumi(&expected, file("main.go"));
                yaml_documents(file("Pulumi.yaml"));
            }
            "crossplane" => crossplane(&expected, options, &rendered.files[0].contents),
            "wrangler" if options.jsonc => {
                wrangler(&expected, options, jsonc(file("wrangler.kv.jsonc")))
            }
            "wrangler" => {
                let source = file("wrangler.kv.toml");
                let table: toml::Table = toml::from_str(source)
                    .unwrap_or_else(|e| panic!("wrangler.kv.toml: not TOML: {e}\n{source}"));
                let value = serde_json::to_value(&table).unwrap_or_else(|e| panic!("{e}"));
                wrangler(&expected, options, value)
            }
            other => panic!("a target the fuzzer does not know: {other}"),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Terraform

fn hcl_string(expr: &hcl::Expression) -> &str {
    match expr {
        hcl::Expression::String(s) => s,
        other => panic!("not a plain HCL string: {other:?}"),
    }
}

fn terraform(expected: &[Expected], main: &str, outputs: &str) {
    let body: hcl::Body = hcl::from_str(main).unwrap_or_else(|e| panic!("main.tf: {e}\n{main}"));
    let resources: Vec<&hcl::Block> = body
        .blocks()
        .filter(|b| b.identifier() == "resource")
        .collect();
    assert_eq!(resources.len(), expected.len(), "{main}");
    for (block, e) in resources.iter().zip(expected) {
        let labels: Vec<&str> = block.labels().iter().map(|l| l.as_str()).collect();
        assert_eq!(
            labels,
            ["cloudflare_workers_kv_namespace", e.names.snake.as_str()],
            "{main}"
        );
        let title = block
            .body()
            .attributes()
            .find(|a| a.key() == "title")
            .unwrap_or_else(|| panic!("no title: {main}"));
        assert_eq!(
            hcl_string(title.expr()),
            e.r.namespace_name,
            "title in\n{main}"
        );
    }

    let body: hcl::Body =
        hcl::from_str(outputs).unwrap_or_else(|e| panic!("outputs.tf: {e}\n{outputs}"));
    let output = |name: &str| -> &hcl::Body {
        body.blocks()
            .find(|b| {
                b.identifier() == "output" && b.labels().first().map(|l| l.as_str()) == Some(name)
            })
            .map(|b| b.body())
            .unwrap_or_else(|| panic!("no output {name:?} in\n{outputs}"))
    };
    let attribute = |body: &'_ hcl::Body, key: &str| -> hcl::Expression {
        body.attributes()
            .find(|a| a.key() == key)
            .map(|a| a.expr().clone())
            .unwrap_or_else(|| panic!("no {key} in\n{outputs}"))
    };
    for e in expected {
        let description = attribute(
            output(&format!("{}_namespace_id", e.names.snake)),
            "description",
        );
        assert_eq!(
            hcl_string(&description),
            format!("Id of the Workers KV namespace {}.", e.r.namespace_name),
            "{outputs}"
        );
    }
    let hcl::Expression::Object(all) = attribute(output("namespaces"), "value") else {
        panic!("output namespaces is no object:\n{outputs}");
    };
    assert_eq!(all.len(), expected.len(), "{outputs}");
    for ((key, value), e) in all.iter().zip(expected) {
        match key {
            hcl::ObjectKey::Identifier(id) => assert_eq!(id.as_str(), e.names.snake),
            other => panic!("key {other:?} in\n{outputs}"),
        }
        let hcl::Expression::Object(fields) = value else {
            panic!("{value:?}");
        };
        let field = |name: &str| {
            fields
                .iter()
                .find(|(k, _)| matches!(k, hcl::ObjectKey::Identifier(i) if i.as_str() == name))
                .map(|(_, v)| v)
                .unwrap_or_else(|| panic!("no {name} in {fields:?}"))
        };
        assert_eq!(
            hcl_string(field("description")),
            e.r.description,
            "{outputs}"
        );
        match field("ttl_seconds") {
            hcl::Expression::Number(n) => assert_eq!(n.as_i64(), Some(e.r.ttl), "{outputs}"),
            other => panic!("ttl_seconds {other:?}"),
        }
    }
}

fn terraform_imports(expected: &[Expected], imports: Option<&str>) {
    let ids: Vec<&Expected> = expected
        .iter()
        .filter(|e| !e.r.namespace_id.is_empty())
        .collect();
    let Some(source) = imports else {
        assert!(ids.is_empty(), "no imports.tf though ids are known");
        return;
    };
    let body: hcl::Body =
        hcl::from_str(source).unwrap_or_else(|e| panic!("imports.tf: {e}\n{source}"));
    let blocks: Vec<&hcl::Block> = body
        .blocks()
        .filter(|b| b.identifier() == "import")
        .collect();
    assert_eq!(blocks.len(), ids.len(), "{source}");
    for (block, e) in blocks.iter().zip(ids) {
        let id = block
            .body()
            .attributes()
            .find(|a| a.key() == "id")
            .unwrap_or_else(|| panic!("{source}"));
        let hcl::Expression::FuncCall(call) = id.expr() else {
            panic!("import id {:?}", id.expr());
        };
        let Some(hcl::Expression::Array(parts)) = call.args.get(1) else {
            panic!("import id {call:?}");
        };
        assert_eq!(parts.len(), 2, "{source}");
        assert_eq!(hcl_string(&parts[1]), e.r.namespace_id, "{source}");
    }
}

// ---------------------------------------------------------------------------------------
// Pulumi (Go)

/// Decodes a Go interpreted string literal (per the Go spec).
pub fn decode_go(literal: &str) -> String {
    let inner = &literal[1..literal.len() - 1];
    let mut out = String::new();
    let mut chars = inner.chars();
    let hex = |chars: &mut std::str::Chars, n: usize| {
        let digits: String = chars.take(n).collect();
        u32::from_str_radix(&digits, 16).unwrap_or_else(|e| panic!("{literal}: {e}"))
    };
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let escaped = chars
            .next()
            .unwrap_or_else(|| panic!("{literal}: trailing \\"));
        let push = |out: &mut String, code: u32| {
            out.push(char::from_u32(code).unwrap_or_else(|| panic!("{literal}: \\{code:x}")))
        };
        match escaped {
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\u{b}'),
            '\\' => out.push('\\'),
            '"' => out.push('"'),
            'x' => {
                let code = hex(&mut chars, 2);
                // \x in a Go string is a byte; go_string only writes it for ASCII.
                assert!(
                    code < 0x80,
                    "{literal}: \\x{code:02x} is not a whole character"
                );
                push(&mut out, code)
            }
            'u' => {
                let code = hex(&mut chars, 4);
                push(&mut out, code)
            }
            'U' => {
                let code = hex(&mut chars, 8);
                push(&mut out, code)
            }
            other => panic!("{literal}: unexpected escape \\{other}"),
        }
    }
    out
}

fn pulumi(expected: &[Expected], main: &str) {
    static LITERAL: OnceLock<Regex> = OnceLock::new();
    let literal = regex(&LITERAL, r#""(?:[^"\\\n]|\\.)*""#);
    for line in main.lines() {
        let code = line.trim_start();
        if code.starts_with("//") {
            // A comment holds one literal and nothing after it.
            let rest = code.split_once(": ").map(|(_, r)| r).unwrap_or_default();
            if rest.starts_with('"') {
                assert!(
                    literal.find(rest).map(|m| m.as_str()) == Some(rest),
                    "comment line with more than a literal: {line:?}"
                );
            }
        }
    }
    let decoded: Vec<String> = literal
        .find_iter(main)
        .map(|m| decode_go(m.as_str()))
        .collect();
    assert_eq!(
        main.matches("cloudflare.NewWorkersKvNamespace(").count(),
        expected.len(),
        "{main}"
    );
    for e in expected {
        let r = e.r;
        let mut wanted = vec![r.name.clone(), r.namespace_name.clone()];
        if !r.description.is_empty() {
            wanted.push(r.description.clone());
        }
        if !r.namespace_id.is_empty() {
            wanted.push(r.namespace_id.clone());
        }
        wanted.push(format!(
            "{}NamespaceId",
            e.names.camel.trim_end_matches('_')
        ));
        for w in wanted {
            assert!(
                decoded.contains(&w),
                "{w:?} not in main.go's literals {decoded:?}\n{main}"
            );
        }
        assert!(
            main.contains(&format!("\t\t{}Namespace, err := ", e.names.camel)),
            "no variable for {:?}\n{main}",
            e.names.camel
        );
    }
}

// ---------------------------------------------------------------------------------------
// Crossplane (YAML)

fn yaml_documents(stream: &str) -> Vec<serde_yaml_ng::Value> {
    serde_yaml_ng::Deserializer::from_str(stream)
        .map(|doc| {
            <serde_yaml_ng::Value as serde::Deserialize>::deserialize(doc)
                .unwrap_or_else(|e| panic!("not YAML: {e}\n{stream}"))
        })
        .filter(|v| !v.is_null())
        .collect()
}

fn crossplane_refusal(expected: &[Expected]) -> Option<String> {
    for e in expected {
        let r = e.r;
        for (key, value) in &r.labels {
            if qualified_name(key)
                && !label_value(value)
                && (r.annotations.contains_key(key)
                    || [EXTERNAL_NAME, DESCRIPTION_KEY, TTL_KEY].contains(&key.as_str()))
            {
                return Some(format!("label {key:?} cannot become an annotation"));
            }
        }
        for (key, value) in &r.annotations {
            if !qualified_name(key) {
                continue;
            }
            if key == DESCRIPTION_KEY || key == TTL_KEY {
                return Some(format!("annotation {key:?} is planton-gen's"));
            }
            if key == EXTERNAL_NAME && !r.namespace_id.is_empty() && *value != r.namespace_id {
                return Some("external-name differs from the id".into());
            }
        }
    }
    None
}

fn string_mapping(value: &serde_yaml_ng::Value, what: &str) -> BTreeMap<String, String> {
    match value {
        serde_yaml_ng::Value::Null => BTreeMap::new(),
        serde_yaml_ng::Value::Mapping(m) => m
            .iter()
            .map(|(k, v)| match (k.as_str(), v.as_str()) {
                (Some(k), Some(v)) => (k.to_owned(), v.to_owned()),
                _ => panic!("{what}: {k:?}: {v:?} is not string: string"),
            })
            .collect(),
        other => panic!("{what} is {other:?}"),
    }
}

fn crossplane(expected: &[Expected], options: &Options, stream: &str) {
    let objects = yaml_documents(stream);
    assert_eq!(objects.len(), expected.len(), "{stream}");
    for (object, e) in objects.iter().zip(expected) {
        let r = e.r;
        let api = if options.namespaced {
            "workers.cloudflare.m.cloudflare.com/v1alpha1"
        } else {
            "workers.cloudflare.crossplane.io/v1alpha1"
        };
        assert_eq!(object["apiVersion"].as_str(), Some(api), "{stream}");
        assert_eq!(
            object["kind"].as_str(),
            Some("WorkersKVNamespace"),
            "{stream}"
        );
        let metadata = &object["metadata"];
        assert_eq!(
            metadata["name"].as_str(),
            Some(e.names.kebab.as_str()),
            "{stream}"
        );
        let namespace = options
            .namespace
            .as_deref()
            .filter(|n| options.namespaced && !n.is_empty());
        assert_eq!(metadata["namespace"].as_str(), namespace, "{stream}");

        let mut labels: BTreeMap<String, String> = r
            .labels
            .iter()
            .filter(|(k, v)| qualified_name(k) && label_value(v))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if !r.labels.contains_key(MANAGED_BY) {
            labels.insert(MANAGED_BY.into(), "planton-gen".into());
        }
        assert_eq!(
            string_mapping(&metadata["labels"], "labels"),
            labels,
            "{stream}"
        );

        let mut annotations: BTreeMap<String, String> = BTreeMap::new();
        let mut add = |k: &str, v: &str| {
            let old = annotations.insert(k.to_owned(), v.to_owned());
            assert!(old.is_none(), "annotation {k:?} twice (not refused)");
        };
        if !r.namespace_id.is_empty() {
            add(EXTERNAL_NAME, &r.namespace_id);
        }
        for (k, v) in &r.annotations {
            if qualified_name(k) && (k != EXTERNAL_NAME || r.namespace_id.is_empty()) {
                add(k, v);
            }
        }
        for (k, v) in &r.labels {
            if qualified_name(k) && !label_value(v) {
                add(k, v);
            }
        }
        if !r.description.is_empty() {
            add(DESCRIPTION_KEY, &r.description);
        }
        add(TTL_KEY, &r.ttl.to_string());
        assert_eq!(
            string_mapping(&metadata["annotations"], "annotations"),
            annotations,
            "{stream}"
        );

        let spec = &object["spec"];
        let provider = &spec["forProvider"];
        assert_eq!(
            provider["title"].as_str(),
            Some(r.namespace_name.as_str()),
            "{stream}"
        );
        let account_id = options.account_id.as_deref().filter(|a| !a.is_empty());
        let account_ref = options.account_ref.as_deref().filter(|a| !a.is_empty());
        assert_eq!(provider["accountId"].as_str(), account_id, "{stream}");
        let account_ref = if account_id.is_some() {
            None
        } else {
            account_ref
        };
        assert_eq!(
            provider["accountIdRef"]["name"].as_str(),
            account_ref,
            "{stream}"
        );
        assert_eq!(
            spec["providerConfigRef"]["name"].as_str(),
            Some(options.provider_config.as_str()),
            "{stream}"
        );
        if options.namespaced {
            assert!(spec["deletionPolicy"].is_null(), "{stream}");
        } else {
            let policy = if options.orphan { "Orphan" } else { "Delete" };
            assert_eq!(spec["deletionPolicy"].as_str(), Some(policy), "{stream}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// wrangler (TOML and JSONC)

fn effective_env<'a>(r: &'a Resource, options: &'a Options) -> &'a str {
    if r.env.is_empty() {
        &options.default_env
    } else {
        &r.env
    }
}

fn wrangler_refusal(expected: &[Expected], options: &Options) -> Option<String> {
    let mut seen = BTreeSet::new();
    for e in expected {
        let r = e.r;
        if let Some(binding) = r.annotations.get(BINDING_KEY) {
            if !js_identifier(binding) {
                return Some(format!("binding {binding:?} is no JavaScript identifier"));
            }
        }
        let Some(binding) = e.binding.clone() else {
            return Some(format!("no binding derivable from {:?}", r.name));
        };
        if !seen.insert((effective_env(r, options).to_owned(), binding.clone())) {
            return Some(format!("binding {binding:?} twice in one environment"));
        }
        if r.namespace_id.is_empty() {
            if options.require_ids {
                return Some("no id and --require-ids".into());
            }
        } else if !hex32(&r.namespace_id) {
            return Some(format!("id {:?} is not 32 hex digits", r.namespace_id));
        }
    }
    None
}

/// JSONC without its comments (string-aware), parsed as JSON.
fn jsonc(source: &str) -> Value {
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                '\\' => out.extend(chars.next()),
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match (c, chars.peek()) {
            ('"', _) => {
                in_string = true;
                out.push(c);
            }
            ('/', Some('/')) => {
                // JavaScript ends a line comment at \n, \r, U+2028 and U+2029.
                while let Some(&next) = chars.peek() {
                    if matches!(next, '\n' | '\r' | '\u{2028}' | '\u{2029}') {
                        break;
                    }
                    chars.next();
                }
            }
            ('/', Some('*')) => panic!("block comment in generated JSONC:\n{source}"),
            _ => out.push(c),
        }
    }
    serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("wrangler.kv.jsonc: not JSONC: {e}\n{source}"))
}

/// The kv_namespaces array of `value` as (binding, id) pairs.
fn entries(value: &Value, source: &Value) -> Vec<(String, Option<String>)> {
    let Some(items) = value.as_array() else {
        panic!("kv_namespaces is no array: {source}");
    };
    items
        .iter()
        .map(|item| {
            let object = item.as_object().unwrap_or_else(|| panic!("{source}"));
            for key in object.keys() {
                assert!(key == "binding" || key == "id", "key {key:?} in {source}");
            }
            let binding = object["binding"]
                .as_str()
                .unwrap_or_else(|| panic!("{source}"));
            let id = object
                .get("id")
                .map(|v| v.as_str().unwrap_or_else(|| panic!("{source}")));
            (binding.to_owned(), id.map(str::to_owned))
        })
        .collect()
}

fn wrangler(expected: &[Expected], options: &Options, document: Value) {
    let mut top = Vec::new();
    let mut envs: BTreeMap<&str, Vec<(String, Option<String>)>> = BTreeMap::new();
    for e in expected {
        let r = e.r;
        let binding = e
            .binding
            .clone()
            .unwrap_or_else(|| panic!("no binding derivable for {:?}", r.name));
        let id = Some(r.namespace_id.clone()).filter(|i| !i.is_empty());
        if r.env.is_empty() || r.env == options.default_env {
            top.push((binding, id));
        } else {
            envs.entry(r.env.as_str()).or_default().push((binding, id));
        }
    }
    let object = document.as_object().unwrap_or_else(|| panic!("{document}"));
    for key in object.keys() {
        assert!(
            key == "kv_namespaces" || key == "env",
            "key {key:?} in {document}"
        );
    }
    let actual_top = object
        .get("kv_namespaces")
        .map(|v| entries(v, &document))
        .unwrap_or_default();
    assert_eq!(actual_top, top, "top level of {document}");
    let actual_envs: BTreeMap<&str, Vec<(String, Option<String>)>> = match object.get("env") {
        None => BTreeMap::new(),
        Some(Value::Object(envs)) => envs
            .iter()
            .map(|(name, env)| {
                let env = env.as_object().unwrap_or_else(|| panic!("{document}"));
                assert_eq!(env.len(), 1, "{document}");
                (name.as_str(), entries(&env["kv_namespaces"], &document))
            })
            .collect(),
        Some(other) => panic!("env is {other}"),
    };
    assert_eq!(actual_envs, envs, "environments of {document}");
}
