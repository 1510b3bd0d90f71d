//! Kubernetes: the model as a Crossplane CompositeResourceDefinition whose openAPIV3Schema
//! carries the rules (keywords where OpenAPI has one, `x-kubernetes-validations` CEL
//! otherwise), so a manifest's `apiVersion`, `kind`, `metadata.name` and `spec` can be applied
//! as a composite resource (XR) and the API server judges it as `planton-gen validate` would.
//!
//! Crossplane API: the XRD is `apiextensions.crossplane.io/v2` (Crossplane v2), whose
//! `spec.scope` is `Namespaced` or `Cluster` (v2 has no claims; `LegacyCluster` is not used).
//! `--scope namespaced` gives a namespaced XR composing the namespaced managed resources of
//! the provider (`*.m.cloudflare.com`), `--scope cluster` (the default) a cluster-scoped XR
//! composing the cluster-scoped ones (`*.cloudflare.crossplane.io`); the Composition
//! templates pick the managed resource from the summary's `scope`.
//!
//! The schema is structural, as Kubernetes requires of CRDs: every node has a `type` (or
//! `x-kubernetes-preserve-unknown-fields`), messages are inlined (no `$ref`), maps are
//! `type: object` + `additionalProperties`, and a message that contains itself is cut at its
//! second appearance with `x-kubernetes-preserve-unknown-fields`. Rules OpenAPI and Kubernetes
//! CEL cannot say are listed, path by path, in the annotation [`UNTRANSLATED_ANNOTATION`].

use super::{Check, Cmp, Expr, FieldShape, Literal, MessageShape, Model, Pred, Type};
use crate::error::{Error, Result};
use crate::render::MARKER;
use crate::schema::Kind;
use serde_json::{json, Map, Value};

/// The XRD's own API version (Crossplane v2).
const XRD_API_VERSION: &str = "apiextensions.crossplane.io/v2";

/// The envelope of a resource kind, as Kubernetes has it: `spec` and `status` of the kind's
/// message become the composite resource's `spec` and `status`. Every other field of the
/// root message is Kubernetes' own business: `apiVersion` and `kind` route the request (the
/// XRD's group, version and kind hold their constants), and Kubernetes `ObjectMeta` takes the
/// place of Project Planton's `metadata` message.
const SPEC: &str = "spec";
const STATUS: &str = "status";
/// Root fields whose rules Kubernetes enforces by routing (constants of `apiVersion`/`kind`).
const ROUTED: &[&str] = &["api_version", "kind"];

/// The annotation of the XRD listing the rules `planton-gen validate` enforces that the
/// schema does not, one `path: rule — reason` per line.
pub const UNTRANSLATED_ANNOTATION: &str = "planton-gen/untranslated-rules";

/// Properties named after CEL keywords are written `__name__` in Kubernetes CEL.
const CEL_RESERVED: &[&str] = &[
    "true",
    "false",
    "null",
    "in",
    "as",
    "break",
    "const",
    "continue",
    "else",
    "for",
    "function",
    "if",
    "import",
    "let",
    "loop",
    "package",
    "namespace",
    "return",
    "var",
    "void",
    "while",
];

pub struct Xrd {
    document: Value,
    summary: Value,
}

impl Xrd {
    /// The XRD of `kind`; `options` are the `crossplane` flags (`scope` decides the XR's).
    pub fn new(model: &Model, kind: &Kind, options: &Map<String, Value>) -> Result<Self> {
        let api_version = kind.api_version.as_deref().ok_or_else(|| {
            Error::Render(format!(
                "the XRD of {} needs the kind's apiVersion (a string.const on api_version)",
                kind.name
            ))
        })?;
        let (group, version) = api_version
            .split_once('/')
            .filter(|(g, v)| !g.is_empty() && !v.is_empty() && g.contains('.'))
            .ok_or_else(|| {
                Error::Render(format!(
                    "apiVersion `{api_version}` of {} is not <group>/<version> with a DNS group; \
                     an XRD needs both",
                    kind.name
                ))
            })?;
        let scope = match options.get("scope").and_then(Value::as_str) {
            None | Some("cluster") => "Cluster",
            Some("namespaced") => "Namespaced",
            Some(other) => {
                return Err(Error::Usage(format!(
                    "--scope {other}: expected cluster or namespaced"
                )))
            }
        };
        let plural = format!("{}s", kind.name.to_lowercase());
        let name = format!("{plural}.{group}");

        let mut schema = SchemaWriter::new(model, kind.message.parent_pool().clone());
        let open_api = schema.root()?;
        let mut metadata = Map::new();
        metadata.insert("name".into(), json!(name));
        if !schema.untranslated.is_empty() {
            let lines: Vec<String> = schema
                .untranslated
                .iter()
                .map(|u| format!("{}: {} — {}", u.path, u.rule, u.reason))
                .collect();
            metadata.insert(
                "annotations".into(),
                json!({ UNTRANSLATED_ANNOTATION: lines.join("\n") }),
            );
        }
        let document = json!({
            "apiVersion": XRD_API_VERSION,
            "kind": "CompositeResourceDefinition",
            "metadata": metadata,
            "spec": {
                "scope": scope,
                "group": group,
                "names": { "kind": kind.name, "plural": plural },
                "defaultCompositionRef": { "name": name },
                "versions": [{
                    "name": version,
                    "served": true,
                    "referenceable": true,
                    "schema": { "openAPIV3Schema": open_api },
                }],
            },
        });
        let summary = json!({
            "name": name,
            "api_version": api_version,
            "group": group,
            "version": version,
            "kind": kind.name,
            "plural": plural,
            "scope": scope,
            "composition": name,
            "paths": schema.paths,
            "untranslated": schema.untranslated.iter().map(|u| json!({
                "path": u.path, "rule": u.rule, "reason": u.reason,
            })).collect::<Vec<_>>(),
        });
        Ok(Self { document, summary })
    }

    /// What the Composition templates need to know of the XRD: `name`, `api_version`,
    /// `group`, `version`, `kind`, `plural`, `scope` (`Cluster`|`Namespaced`), `composition`
    /// (the name the XRD's defaultCompositionRef expects), `paths` (each proto field path
    /// below `spec`/`status`, e.g. `spec.namespace_name`, to the XR field paths that spell
    /// it) and `untranslated` (`{path, rule, reason}`).
    pub fn summary(&self) -> Value {
        self.summary.clone()
    }

    /// The XRD as YAML: the generated-file marker, then the document with its keys sorted.
    pub fn to_yaml(&self) -> Result<String> {
        let text = serde_yaml::to_string(&sorted(&self.document))
            .map_err(|e| Error::Render(format!("XRD: {e}")))?;
        Ok(format!("# {MARKER}\n{text}"))
    }
}

/// `value` as YAML with every mapping's keys in byte order, whatever order serde_json keeps.
fn sorted(value: &Value) -> serde_yaml::Value {
    match value {
        Value::Null => serde_yaml::Value::Null,
        Value::Bool(b) => serde_yaml::Value::Bool(*b),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                serde_yaml::Value::Number(i.into())
            } else if let Some(u) = n.as_u64() {
                serde_yaml::Value::Number(u.into())
            } else {
                serde_yaml::Value::Number(n.as_f64().unwrap_or_default().into())
            }
        }
        Value::String(s) => serde_yaml::Value::String(s.clone()),
        Value::Array(items) => serde_yaml::Value::Sequence(items.iter().map(sorted).collect()),
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let mut mapping = serde_yaml::Mapping::new();
            for key in keys {
                mapping.insert(serde_yaml::Value::String(key.clone()), sorted(&map[key]));
            }
            serde_yaml::Value::Mapping(mapping)
        }
    }
}

struct Unexpressed {
    path: String,
    rule: String,
    reason: String,
}

/// Writes the openAPIV3Schema, collecting what it could not express and the spellings of
/// every field path.
struct SchemaWriter<'a> {
    model: &'a Model,
    /// The descriptors, for the `default` field options the model does not carry.
    pool: prost_reflect::DescriptorPool,
    untranslated: Vec<Unexpressed>,
    /// Proto field path (`spec.namespace_name`) → XR field paths spelling it.
    paths: Map<String, Value>,
    /// Messages being written, outermost first (a message met again is recursion).
    stack: Vec<String>,
}

impl<'a> SchemaWriter<'a> {
    fn new(model: &'a Model, pool: prost_reflect::DescriptorPool) -> Self {
        Self {
            model,
            pool,
            untranslated: Vec::new(),
            paths: Map::new(),
            stack: Vec::new(),
        }
    }

    fn message(&self, name: &str) -> Result<&'a MessageShape> {
        self.model
            .message(name)
            .ok_or_else(|| Error::Render(format!("XRD: message {name} is not in the model")))
    }

    /// The `(org.project_planton.shared.options.default)` of a field: the loader fills an
    /// unset field with it before validating, so such a field is never missing.
    fn default_of(&self, message: &str, field: &str) -> Option<String> {
        let field = self
            .pool
            .get_message_by_name(message)?
            .get_field_by_name(field)?;
        crate::rules::default_value(&field)
    }

    fn unexpressed(&mut self, path: &str, rule: &str, reason: impl Into<String>) {
        self.untranslated.push(Unexpressed {
            path: path.to_owned(),
            rule: rule.to_owned(),
            reason: reason.into(),
        });
    }

    /// The schema of the composite resource: `spec` and `status` from the root message.
    fn root(&mut self) -> Result<Value> {
        let root = self.message(&self.model.root)?;
        let mut properties = Map::new();
        let mut required = Vec::new();
        for field in &root.fields {
            let envelope = field.name == SPEC || field.name == STATUS;
            if !envelope {
                if !ROUTED.contains(&field.name.as_str()) {
                    let mut rules = Vec::new();
                    self.rule_ids(field, &mut Vec::new(), &mut rules)?;
                    if !rules.is_empty() {
                        self.unexpressed(
                            &field.name,
                            &rules.join(", "),
                            "not part of the composite resource (Kubernetes has its own \
                             metadata, ObjectMeta)",
                        );
                    }
                }
                continue;
            }
            let Type::Message(message) = &field.ty else {
                return Err(Error::Render(format!(
                    "XRD: `{}` of {} is not a message",
                    field.name, root.full_name
                )));
            };
            let schema = self.message_schema(message, &field.name, field.comment.as_deref())?;
            properties.insert(field.name.clone(), schema);
            if field.must_be_present {
                required.push(json!(field.name));
            }
            for check in &field.checks {
                if check.rule != "required" {
                    self.unexpressed(&field.name, &check.rule, "a rule on the whole message");
                }
            }
            for u in &field.untranslated {
                self.unexpressed(&field.name, &u.rule, u.reason.clone());
            }
        }
        for check in &root.checks {
            self.unexpressed(
                "",
                &check.rule,
                "a rule of the whole resource; the XR schema has no node for it",
            );
        }
        for u in &root.untranslated {
            self.unexpressed("", &u.rule, u.reason.clone());
        }
        let mut schema = Map::new();
        schema.insert("type".into(), json!("object"));
        if let Some(comment) = &root.comment {
            schema.insert("description".into(), json!(comment));
        }
        schema.insert("properties".into(), Value::Object(properties));
        if !required.is_empty() {
            schema.insert("required".into(), Value::Array(required));
        }
        Ok(Value::Object(schema))
    }

    /// The rule ids of a field and of every message below it (for fields left out).
    fn rule_ids(
        &self,
        field: &FieldShape,
        seen: &mut Vec<String>,
        out: &mut Vec<String>,
    ) -> Result<()> {
        let mut add = |rule: &str| {
            if !out.iter().any(|r| r == rule) {
                out.push(rule.to_owned());
            }
        };
        field.checks.iter().for_each(|c| add(&c.rule));
        field.untranslated.iter().for_each(|u| add(&u.rule));
        let mut elements = Vec::new();
        match &field.ty {
            Type::List(item) => elements.push(item.as_ref()),
            Type::Map(key, value) => elements.extend([key.as_ref(), value.as_ref()]),
            _ => {}
        }
        for element in &elements {
            element.checks.iter().for_each(|c| add(&c.rule));
            element.untranslated.iter().for_each(|u| add(&u.rule));
        }
        let mut messages: Vec<&Type> = vec![&field.ty];
        messages.extend(elements.iter().map(|e| &e.ty));
        for ty in messages {
            if let Type::Message(name) = ty {
                if seen.contains(name) {
                    continue;
                }
                seen.push(name.clone());
                let message = self.message(name)?;
                for check in &message.checks {
                    if !out.contains(&check.rule) {
                        out.push(check.rule.clone());
                    }
                }
                for field in &message.fields {
                    self.rule_ids(field, seen, out)?;
                }
            }
        }
        Ok(())
    }

    /// A message inlined at `path`, or cut with `x-kubernetes-preserve-unknown-fields` when it
    /// is already being written (recursion) or has a JSON form of its own (well-known types).
    fn message_schema(&mut self, name: &str, path: &str, comment: Option<&str>) -> Result<Value> {
        if let Some(mut schema) = well_known(name) {
            if let (Some(comment), Value::Object(map)) = (comment, &mut schema) {
                map.insert("description".into(), json!(comment));
            }
            return Ok(schema);
        }
        let message = self.message(name)?;
        let description = comment.or(message.comment.as_deref());
        if self.stack.iter().any(|n| n == name) {
            self.unexpressed(
                path,
                "(recursion)",
                format!("{name} contains itself; the schema stops here and accepts anything below"),
            );
            let mut schema = Map::new();
            schema.insert("type".into(), json!("object"));
            if let Some(description) = description {
                schema.insert("description".into(), json!(description));
            }
            schema.insert("x-kubernetes-preserve-unknown-fields".into(), json!(true));
            return Ok(Value::Object(schema));
        }
        self.stack.push(name.to_owned());
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut rules = Vec::new();
        for field in &message.fields {
            let field_path = format!("{path}.{}", field.name);
            let spellings = field.spellings();
            let parents = self.spellings_of(path);
            let spelled: Vec<Value> = parents
                .iter()
                .flat_map(|p| spellings.iter().map(move |s| json!(format!("{p}.{s}"))))
                .collect();
            self.paths.insert(field_path.clone(), Value::Array(spelled));
            let default = self.default_of(name, &field.name);
            let mut schema = self.field_schema(field, &field_path)?;
            if let (Some(default), Value::Object(map)) = (&default, &mut schema) {
                // Not a Kubernetes `default`: the API server would fill it under the proto
                // spelling even when the JSON one is set. Unset reads as the default in
                // `validate`; here it is simply allowed.
                let text = match map.get("description").and_then(Value::as_str) {
                    Some(d) if d.ends_with(['.', '!', '?']) => format!("{d} Default: {default}."),
                    Some(d) => format!("{d}. Default: {default}."),
                    None => format!("Default: {default}."),
                };
                map.insert("description".into(), json!(text));
            }
            for spelling in &spellings {
                properties.insert((*spelling).to_owned(), schema.clone());
            }
            if let [proto, json_name] = spellings.as_slice() {
                rules.push(json!({
                    "rule": format!("!({} && {})", has("self", proto), has("self", json_name)),
                    "message": format!("set {proto} or {json_name}, not both"),
                }));
            }
            if field.must_be_present && default.is_none() {
                match spellings.as_slice() {
                    [one] => required.push(json!(one)),
                    _ => {
                        let message = field
                            .checks
                            .iter()
                            .find(|c| c.rule == "required")
                            .map_or("is required", |c| c.message.as_str());
                        let any: Vec<String> = spellings.iter().map(|s| has("self", s)).collect();
                        rules.push(json!({
                            "rule": any.join(" || "),
                            "message": format!("{} (or {}) {message}", spellings[0], spellings[1..].join(", ")),
                        }));
                    }
                }
            }
        }
        for check in &message.checks {
            match self.message_rule(message, &check.expr) {
                Some(rule) => rules.push(json!({ "rule": rule, "message": check.message })),
                None => self.unexpressed(path, &check.rule, "no Kubernetes CEL form"),
            }
        }
        for u in &message.untranslated {
            self.unexpressed(path, &u.rule, u.reason.clone());
        }
        self.stack.pop();
        let mut schema = Map::new();
        schema.insert("type".into(), json!("object"));
        if let Some(description) = description {
            schema.insert("description".into(), json!(description));
        }
        schema.insert("properties".into(), Value::Object(properties));
        if !required.is_empty() {
            schema.insert("required".into(), Value::Array(required));
        }
        if !rules.is_empty() {
            schema.insert("x-kubernetes-validations".into(), Value::Array(rules));
        }
        Ok(Value::Object(schema))
    }

    /// The XR field paths spelling the proto field path `path` (`spec` → `["spec"]`).
    fn spellings_of(&self, path: &str) -> Vec<String> {
        match self.paths.get(path).and_then(Value::as_array) {
            Some(paths) => paths
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            None => vec![path.to_owned()],
        }
    }

    fn field_schema(&mut self, field: &FieldShape, path: &str) -> Result<Value> {
        let mut schema =
            self.value_schema(&field.ty, &field.checks, path, field.comment.as_deref())?;
        for u in &field.untranslated {
            self.unexpressed(path, &u.rule, u.reason.clone());
        }
        if let (Some(comment), Value::Object(map)) = (&field.comment, &mut schema) {
            map.insert("description".into(), json!(comment));
        }
        Ok(schema)
    }

    /// The schema of a value of `ty` meeting `checks`.
    fn value_schema(
        &mut self,
        ty: &Type,
        checks: &[Check],
        path: &str,
        comment: Option<&str>,
    ) -> Result<Value> {
        let mut node = Node::default();
        match ty {
            Type::Bool => node.set("type", json!("boolean")),
            Type::String => node.set("type", json!("string")),
            Type::Bytes => {
                node.set("type", json!("string"));
                node.set("format", json!("byte"));
            }
            Type::Int { bits, signed } => {
                node.set("type", json!("integer"));
                node.set("format", json!(if *bits == 64 { "int64" } else { "int32" }));
                match (bits, signed) {
                    (64, true) => {}
                    (64, false) => node.merge(&kw(&[("minimum", json!(0))])),
                    _ => {
                        let (min, max) = ty.int_range().unwrap_or((0, 0));
                        node.merge(&kw(&[("minimum", number(min)), ("maximum", number(max))]));
                    }
                }
            }
            Type::Float => node.set("type", json!("number")),
            Type::Enum(shape) => {
                // Kubernetes sees enum values by name only: numbers are not accepted.
                node.set("type", json!("string"));
                let names: Vec<Value> = shape.values.iter().map(|(n, _)| json!(n)).collect();
                node.set("enum", Value::Array(names));
            }
            Type::Message(name) => {
                let schema = self.message_schema(name, path, comment)?;
                return self.with_checks(schema, ty, checks, path);
            }
            Type::List(item) => {
                node.set("type", json!("array"));
                let items =
                    self.value_schema(&item.ty, &item.checks, &format!("{path}[]"), None)?;
                for u in &item.untranslated {
                    self.unexpressed(&format!("{path}[]"), &u.rule, u.reason.clone());
                }
                node.set("items", items);
            }
            Type::Map(key, value) => {
                node.set("type", json!("object"));
                let values =
                    self.value_schema(&value.ty, &value.checks, &format!("{path}[*]"), None)?;
                for u in &value.untranslated {
                    self.unexpressed(&format!("{path}[*]"), &u.rule, u.reason.clone());
                }
                node.set("additionalProperties", values);
                let key_path = format!("{path}{{key}}");
                let subject = match key.ty {
                    Type::String => Some("k"),
                    Type::Int { .. } => {
                        node.rules.push(json!({
                            "rule": "self.all(k, k.matches('^-?[0-9]+$'))",
                            "message": "keys must be integers",
                        }));
                        Some("int(k)")
                    }
                    Type::Bool => {
                        node.rules.push(json!({
                            "rule": "self.all(k, k == 'true' || k == 'false')",
                            "message": "keys must be true or false",
                        }));
                        None
                    }
                    _ => None,
                };
                for check in &key.checks {
                    match subject.and_then(|s| cel(&check.expr, &key.ty, s)) {
                        Some(rule) => node.rules.push(json!({
                            "rule": format!("self.all(k, {rule})"),
                            "message": format!("keys {}", check.message),
                        })),
                        None => self.unexpressed(&key_path, &check.rule, "no Kubernetes CEL form"),
                    }
                }
                for u in &key.untranslated {
                    self.unexpressed(&key_path, &u.rule, u.reason.clone());
                }
            }
        }
        let schema = node.into_value();
        self.with_checks(schema, ty, checks, path)
    }

    /// `schema` with `checks` added: as OpenAPI keywords where a check is a plain predicate
    /// (or `&&` of them), as `x-kubernetes-validations` CEL otherwise.
    fn with_checks(
        &mut self,
        schema: Value,
        ty: &Type,
        checks: &[Check],
        path: &str,
    ) -> Result<Value> {
        let Value::Object(map) = schema else {
            return Ok(schema);
        };
        let mut node = Node::from(map);
        for check in checks {
            let expr = simplify(&check.expr, ty);
            if let Some(keywords) = keywords(&expr, ty) {
                for k in &keywords {
                    node.merge(k);
                }
                continue;
            }
            let rule = match ty {
                Type::Message(name) => self
                    .model
                    .message(name)
                    .and_then(|m| self.message_rule(m, &expr)),
                _ => cel(&expr, ty, "self"),
            };
            match rule {
                Some(rule) => node
                    .rules
                    .push(json!({ "rule": rule, "message": check.message })),
                None => self.unexpressed(
                    path,
                    &check.rule,
                    "no OpenAPI keyword or Kubernetes CEL form",
                ),
            }
        }
        Ok(node.into_value())
    }

    /// A message-level rule as Kubernetes CEL on the message's object (`self`): each field
    /// read through whichever spelling is set, its zero value standing in when none is.
    fn message_rule(&self, message: &MessageShape, e: &Expr) -> Option<String> {
        match e {
            Expr::Pred(path, p) => self.path_rule(message, path, p, "self"),
            Expr::And(items) | Expr::Or(items) => {
                let (op, empty, nested_and) = match e {
                    Expr::And(_) => (" && ", "true", false),
                    _ => (" || ", "false", true),
                };
                if items.is_empty() {
                    return Some(empty.into());
                }
                let parts = items
                    .iter()
                    .map(|i| {
                        let text = self.message_rule(message, i)?;
                        Some(group(i, text, nested_and))
                    })
                    .collect::<Option<Vec<_>>>()?;
                Some(parts.join(op))
            }
            Expr::Not(inner) => Some(format!("!({})", self.message_rule(message, inner)?)),
        }
    }

    /// `pred` of the field at `path` below the message value `subject`.
    fn path_rule(
        &self,
        message: &MessageShape,
        path: &[String],
        p: &Pred,
        subject: &str,
    ) -> Option<String> {
        let Some((first, rest)) = path.split_first() else {
            return pred_cel(p, &Type::Message(message.full_name.clone()), subject);
        };
        let field = message.fields.iter().find(|f| &f.name == first)?;
        // What the rule says when no spelling is set: the field reads as its zero value.
        let absent = match (p, rest.is_empty()) {
            (Pred::Present, _) => false,
            (_, true) => match &field.ty {
                Type::List(_) | Type::Map(..) => p.holds_for_zero(&Literal::Int(0))?,
                ty => p.holds_for_zero(&ty.zero()?)?,
            },
            // A field of an unset message field: its zero value too.
            (_, false) => self.holds_below_absent(field, rest, p)?,
        };
        if rest.is_empty() && matches!(p, Pred::Present) && field.explicit_presence {
            let any: Vec<String> = field.spellings().iter().map(|s| has(subject, s)).collect();
            return Some(if any.len() > 1 {
                format!("({})", any.join(" || "))
            } else {
                any.join("")
            });
        }
        let mut text = absent.to_string();
        for spelling in field.spellings().iter().rev() {
            let access = format!("{subject}.{}", cel_field(spelling));
            let present = if rest.is_empty() {
                match p {
                    // Without presence, `has()` in protovalidate means "not the zero value".
                    Pred::Present => match &field.ty {
                        Type::List(_) | Type::Map(..) => format!("size({access}) != 0"),
                        ty => format!("{access} != {}", cel_literal(&ty.zero()?, ty)?),
                    },
                    _ => pred_cel(p, &field.ty, &access)?,
                }
            } else {
                let Type::Message(name) = &field.ty else {
                    return None;
                };
                let inner = self.model.message(name)?;
                self.path_rule(inner, rest, p, &access)?
            };
            text = format!("({} ? {present} : {text})", has(subject, spelling));
        }
        Some(text)
    }

    /// Whether `p` holds for the field at `rest` below `field` when `field` (a message) is
    /// not set.
    fn holds_below_absent(&self, field: &FieldShape, rest: &[String], p: &Pred) -> Option<bool> {
        let Type::Message(name) = &field.ty else {
            return None;
        };
        let message = self.model.message(name)?;
        let (first, rest) = rest.split_first()?;
        let inner = message.fields.iter().find(|f| &f.name == first)?;
        match (p, rest.is_empty()) {
            (Pred::Present, _) => Some(false),
            (_, true) => match &inner.ty {
                Type::List(_) | Type::Map(..) => p.holds_for_zero(&Literal::Int(0)),
                ty => p.holds_for_zero(&ty.zero()?),
            },
            (_, false) => self.holds_below_absent(inner, rest, p),
        }
    }
}

/// JSON forms of the well-known types the proto JSON mapping gives a form of their own.
fn well_known(name: &str) -> Option<Value> {
    let scalar = |ty: &str| json!({ "type": ty });
    Some(match name.strip_prefix("google.protobuf.")? {
        "Timestamp" => json!({ "type": "string", "format": "date-time" }),
        "Duration" | "FieldMask" => scalar("string"),
        "StringValue" => scalar("string"),
        "BytesValue" => json!({ "type": "string", "format": "byte" }),
        "BoolValue" => scalar("boolean"),
        "Int32Value" | "UInt32Value" => json!({ "type": "integer", "format": "int32" }),
        "Int64Value" | "UInt64Value" => json!({ "type": "integer", "format": "int64" }),
        "FloatValue" | "DoubleValue" => scalar("number"),
        "Struct" | "Any" | "Empty" => {
            json!({ "type": "object", "x-kubernetes-preserve-unknown-fields": true })
        }
        "ListValue" => json!({
            "type": "array",
            "items": { "x-kubernetes-preserve-unknown-fields": true },
        }),
        "Value" => json!({ "x-kubernetes-preserve-unknown-fields": true }),
        _ => return None,
    })
}

/// A schema node: its keywords, value validations that could not be merged into them (kept
/// in `allOf`, which structural schemas allow for value validations) and its CEL rules.
#[derive(Default)]
struct Node {
    map: Map<String, Value>,
    all_of: Vec<Value>,
    rules: Vec<Value>,
}

impl From<Map<String, Value>> for Node {
    fn from(mut map: Map<String, Value>) -> Self {
        let take = |map: &mut Map<String, Value>, key: &str| match map.remove(key) {
            Some(Value::Array(items)) => items,
            _ => Vec::new(),
        };
        let all_of = take(&mut map, "allOf");
        let rules = take(&mut map, "x-kubernetes-validations");
        Node { map, all_of, rules }
    }
}

impl Node {
    fn set(&mut self, key: &str, value: Value) {
        self.map.insert(key.to_owned(), value);
    }

    /// Adds keywords, tightening a bound already there; a keyword that cannot be combined
    /// (a second `pattern`) goes to `allOf`.
    fn merge(&mut self, keywords: &Map<String, Value>) {
        let mut rest = Map::new();
        for (key, value) in keywords {
            match key.as_str() {
                "exclusiveMinimum" | "exclusiveMaximum" => {}
                "minimum" | "maximum" => {
                    let lower = key == "minimum";
                    let flag = if lower {
                        "exclusiveMinimum"
                    } else {
                        "exclusiveMaximum"
                    };
                    let exclusive = keywords.get(flag).and_then(Value::as_bool).unwrap_or(false);
                    let current = self.map.get(key).and_then(Value::as_f64);
                    let current_exclusive =
                        self.map.get(flag).and_then(Value::as_bool).unwrap_or(false);
                    let new = value.as_f64().unwrap_or(0.0);
                    let tighter = match current {
                        None => true,
                        Some(c) if lower => {
                            new > c || (new == c && exclusive && !current_exclusive)
                        }
                        Some(c) => new < c || (new == c && exclusive && !current_exclusive),
                    };
                    if tighter {
                        self.map.insert(key.clone(), value.clone());
                        if exclusive {
                            self.map.insert(flag.into(), json!(true));
                        } else {
                            self.map.remove(flag);
                        }
                    }
                }
                "minLength" | "minItems" | "minProperties" | "maxLength" | "maxItems"
                | "maxProperties" => {
                    let lower = key.starts_with("min");
                    let new = value.as_u64().unwrap_or(0);
                    let keep = match self.map.get(key).and_then(Value::as_u64) {
                        None => true,
                        Some(c) => (lower && new > c) || (!lower && new < c),
                    };
                    if keep {
                        self.map.insert(key.clone(), value.clone());
                    }
                }
                "enum" => {
                    let new = value.as_array().cloned().unwrap_or_default();
                    let merged = match self.map.get(key).and_then(Value::as_array) {
                        None => new,
                        Some(current) => current
                            .iter()
                            .filter(|v| new.contains(v))
                            .cloned()
                            .collect(),
                    };
                    self.map.insert(key.clone(), Value::Array(merged));
                }
                _ if !self.map.contains_key(key) || self.map.get(key) == Some(value) => {
                    self.map.insert(key.clone(), value.clone());
                }
                _ => {
                    rest.insert(key.clone(), value.clone());
                }
            }
        }
        if !rest.is_empty() && !self.all_of.contains(&Value::Object(rest.clone())) {
            self.all_of.push(Value::Object(rest));
        }
    }

    fn into_value(self) -> Value {
        let mut map = self.map;
        if !self.all_of.is_empty() {
            map.insert("allOf".into(), Value::Array(self.all_of));
        }
        if !self.rules.is_empty() {
            map.insert("x-kubernetes-validations".into(), Value::Array(self.rules));
        }
        Value::Object(map)
    }
}

fn kw(pairs: &[(&str, Value)]) -> Map<String, Value> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

fn number(value: i128) -> Value {
    match (i64::try_from(value), u64::try_from(value)) {
        (Ok(v), _) => json!(v),
        (_, Ok(v)) => json!(v),
        _ => json!(value as f64),
    }
}

/// buf.validate's `required` of a string (`!(this == '')`) said the OpenAPI way.
fn simplify(e: &Expr, ty: &Type) -> Expr {
    if let (Expr::Not(inner), Type::String) = (e, ty) {
        if let Expr::Pred(path, Pred::Eq(Literal::Str(s))) = inner.as_ref() {
            if path.is_empty() && s.is_empty() {
                return Expr::this(Pred::Len(Cmp::Ge, 1));
            }
        }
    }
    e.clone()
}

/// The OpenAPI keywords saying `e` of a value of `ty`: a predicate of the value itself, or an
/// `&&` of such; `None` for anything else (it becomes CEL).
fn keywords(e: &Expr, ty: &Type) -> Option<Vec<Map<String, Value>>> {
    match e {
        Expr::Pred(path, p) if path.is_empty() => Some(vec![pred_keywords(p, ty)?]),
        Expr::And(items) => {
            let mut all = Vec::new();
            for item in items {
                all.extend(keywords(item, ty)?);
            }
            Some(all)
        }
        _ => None,
    }
}

fn pred_keywords(p: &Pred, ty: &Type) -> Option<Map<String, Value>> {
    Some(match (p, ty) {
        (Pred::Len(cmp, n), Type::String) => bounds(*cmp, *n, "minLength", "maxLength")?,
        (Pred::Matches(pattern), Type::String) => kw(&[("pattern", json!(pattern))]),
        (Pred::Eq(value), _) => kw(&[("enum", json!([openapi_literal(value, ty)?]))]),
        (Pred::In(values), _) => {
            let values = values
                .iter()
                .map(|v| openapi_literal(v, ty))
                .collect::<Option<Vec<_>>>()?;
            kw(&[("enum", Value::Array(values))])
        }
        (Pred::Compare(cmp, value), Type::Int { .. } | Type::Float) => {
            let value = openapi_literal(value, ty)?;
            match cmp {
                Cmp::Lt => kw(&[("maximum", value), ("exclusiveMaximum", json!(true))]),
                Cmp::Le => kw(&[("maximum", value)]),
                Cmp::Eq => kw(&[("enum", json!([value]))]),
                Cmp::Ge => kw(&[("minimum", value)]),
                Cmp::Gt => kw(&[("minimum", value), ("exclusiveMinimum", json!(true))]),
            }
        }
        (Pred::Count(cmp, n), Type::List(_)) => bounds(*cmp, *n, "minItems", "maxItems")?,
        (Pred::Count(cmp, n), Type::Map(..)) => bounds(*cmp, *n, "minProperties", "maxProperties")?,
        // A set list holds each scalar once; the API server refuses duplicates.
        (Pred::Unique, Type::List(item)) if scalar(&item.ty) => {
            kw(&[("x-kubernetes-list-type", json!("set"))])
        }
        _ => return None,
    })
}

fn scalar(ty: &Type) -> bool {
    !matches!(ty, Type::Message(_) | Type::List(_) | Type::Map(..))
}

/// `count cmp n` as inclusive bounds (`None` for `< 0`, which nothing meets: CEL says it).
fn bounds(cmp: Cmp, n: u64, min: &str, max: &str) -> Option<Map<String, Value>> {
    Some(match cmp {
        Cmp::Lt => kw(&[(max, json!(n.checked_sub(1)?))]),
        Cmp::Le => kw(&[(max, json!(n))]),
        Cmp::Eq => kw(&[(min, json!(n)), (max, json!(n))]),
        Cmp::Ge => kw(&[(min, json!(n))]),
        Cmp::Gt => kw(&[(min, json!(n.checked_add(1)?))]),
    })
}

/// A literal as the XR holds it: enum values by name, numbers as the field's type.
fn openapi_literal(value: &Literal, ty: &Type) -> Option<Value> {
    Some(match value {
        Literal::Bool(b) => json!(b),
        Literal::Int(i) if matches!(ty, Type::Float) => json!(*i as f64),
        Literal::Int(i) => number(*i),
        Literal::Float(f) if f.is_finite() => json!(f),
        Literal::Float(_) => return None,
        Literal::Str(s) => json!(s),
        Literal::Enum(e) => json!(e.name.as_ref()?),
    })
}

/// `e` of a value of `ty` held in `subject`, as Kubernetes CEL.
fn cel(e: &Expr, ty: &Type, subject: &str) -> Option<String> {
    match e {
        Expr::Pred(path, p) if path.is_empty() => pred_cel(p, ty, subject),
        Expr::Pred(..) => None,
        Expr::And(items) | Expr::Or(items) => {
            let (op, empty, nested_and) = match e {
                Expr::And(_) => (" && ", "true", false),
                _ => (" || ", "false", true),
            };
            if items.is_empty() {
                return Some(empty.into());
            }
            let parts = items
                .iter()
                .map(|i| Some(group(i, cel(i, ty, subject)?, nested_and)))
                .collect::<Option<Vec<_>>>()?;
            Some(parts.join(op))
        }
        Expr::Not(inner) => Some(format!("!({})", cel(inner, ty, subject)?)),
    }
}

/// `text` (the CEL of `e`) parenthesized where it joins an `&&` or `||` of the other kind.
fn group(e: &Expr, text: String, parent_is_or: bool) -> String {
    match e {
        Expr::Or(items) if !parent_is_or && items.len() > 1 => format!("({text})"),
        Expr::And(items) if parent_is_or && items.len() > 1 => format!("({text})"),
        _ => text,
    }
}

fn pred_cel(p: &Pred, ty: &Type, subject: &str) -> Option<String> {
    Some(match p {
        // Kubernetes CEL's size() of a string counts code points, as buf.validate does.
        Pred::Len(cmp, n) => format!("size({subject}) {} {n}", cmp.symbol()),
        Pred::Bytes(cmp, n) => match ty {
            // `format: byte` strings are bytes in Kubernetes CEL.
            Type::Bytes => format!("size({subject}) {} {n}", cmp.symbol()),
            _ => format!("size(bytes({subject})) {} {n}", cmp.symbol()),
        },
        Pred::Matches(pattern) => format!("{subject}.matches({})", cel_string(pattern)),
        Pred::Eq(value) => format!("{subject} == {}", cel_literal(value, ty)?),
        Pred::In(values) => {
            let values = values
                .iter()
                .map(|v| cel_literal(v, ty))
                .collect::<Option<Vec<_>>>()?;
            format!("{subject} in [{}]", values.join(", "))
        }
        Pred::Compare(cmp, value) => {
            if matches!(ty, Type::Enum(_)) {
                return None;
            }
            format!("{subject} {} {}", cmp.symbol(), cel_literal(value, ty)?)
        }
        Pred::Count(cmp, n) => format!("size({subject}) {} {n}", cmp.symbol()),
        Pred::Unique | Pred::Present => return None,
    })
}

fn cel_literal(value: &Literal, ty: &Type) -> Option<String> {
    Some(match value {
        Literal::Bool(b) => b.to_string(),
        Literal::Int(i) if matches!(ty, Type::Float) => format!("{i}.0"),
        Literal::Int(i) => i.to_string(),
        Literal::Float(f) if f.is_finite() => {
            let text = format!("{f:?}");
            if text.contains(['.', 'e', 'E']) {
                text
            } else {
                format!("{text}.0")
            }
        }
        Literal::Float(_) => return None,
        Literal::Str(s) => cel_string(s),
        Literal::Enum(e) => cel_string(e.name.as_ref()?),
    })
}

/// A CEL string literal (single-quoted) holding exactly `text`.
pub fn cel_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// A property as Kubernetes CEL names it: `__` and CEL keywords escaped.
fn cel_field(name: &str) -> String {
    let name = name.replace("__", "__underscores__");
    if CEL_RESERVED.contains(&name.as_str()) {
        format!("__{name}__")
    } else {
        name
    }
}

fn has(subject: &str, field: &str) -> String {
    format!("has({subject}.{})", cel_field(field))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constraints::{Element, EnumLiteral, EnumShape};

    fn field(name: &str, json_name: &str, ty: Type, checks: Vec<Check>) -> FieldShape {
        FieldShape {
            name: name.into(),
            json_name: json_name.into(),
            comment: None,
            explicit_presence: matches!(ty, Type::Message(_)),
            ty,
            must_be_present: false,
            checks,
            untranslated: Vec::new(),
        }
    }

    fn check(expr: Expr) -> Check {
        Check {
            rule: "r".into(),
            message: "m".into(),
            expr,
        }
    }

    fn model() -> Model {
        let int = Type::Int {
            bits: 32,
            signed: true,
        };
        let mode = EnumShape {
            full_name: "t.Mode".into(),
            values: vec![("MODE_UNSPECIFIED".into(), 0), ("MODE_A".into(), 1)],
        };
        let unspecified = Literal::Enum(EnumLiteral {
            number: 0,
            name: Some("MODE_UNSPECIFIED".into()),
        });
        let spec = MessageShape {
            full_name: "t.Spec".into(),
            comment: None,
            fields: vec![
                field("min_size", "minSize", int.clone(), vec![]),
                field("max_size", "maxSize", int.clone(), vec![]),
                field("child", "child", Type::Message("t.Spec".into()), vec![]),
                field(
                    "when",
                    "when",
                    Type::Message("google.protobuf.Timestamp".into()),
                    vec![],
                ),
                field(
                    "by_port",
                    "byPort",
                    Type::Map(
                        Box::new(Element {
                            ty: int.clone(),
                            checks: vec![check(Expr::this(Pred::Compare(
                                Cmp::Gt,
                                Literal::Int(0),
                            )))],
                            untranslated: vec![],
                        }),
                        Box::new(Element {
                            ty: Type::String,
                            checks: vec![],
                            untranslated: vec![],
                        }),
                    ),
                    vec![],
                ),
                field(
                    "mode",
                    "mode",
                    Type::Enum(mode),
                    vec![check(Expr::negate(Expr::this(Pred::Eq(unspecified))))],
                ),
                field(
                    "name",
                    "name",
                    Type::String,
                    vec![check(Expr::Or(vec![
                        Expr::this(Pred::Eq(Literal::Str(String::new()))),
                        Expr::this(Pred::Matches("^a'b\\d$".into())),
                    ]))],
                ),
            ],
            checks: vec![check(Expr::Or(vec![
                Expr::Pred(
                    vec!["min_size".into()],
                    Pred::Compare(Cmp::Le, Literal::Int(10)),
                ),
                Expr::Pred(vec!["max_size".into()], Pred::Present),
            ]))],
            untranslated: vec![],
        };
        let mut root_spec = field("spec", "spec", Type::Message("t.Spec".into()), vec![]);
        root_spec.must_be_present = true;
        let root = MessageShape {
            full_name: "t.Root".into(),
            comment: None,
            fields: vec![root_spec],
            checks: vec![],
            untranslated: vec![],
        };
        Model {
            root: "t.Root".into(),
            messages: [("t.Root".into(), root), ("t.Spec".into(), spec)]
                .into_iter()
                .collect(),
        }
    }

    fn holds(rule: &str, value: Value) -> bool {
        let program = cel::Program::compile(rule).unwrap();
        let mut context = cel::Context::default();
        context.add_variable("self", value).unwrap();
        match program.execute(&context) {
            Ok(cel::Value::Bool(b)) => b,
            other => panic!("{rule}: {other:?}"),
        }
    }

    fn rules(node: &Value) -> Vec<String> {
        node["x-kubernetes-validations"]
            .as_array()
            .map(|rules| {
                rules
                    .iter()
                    .map(|r| r["rule"].as_str().unwrap().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn message_rules_read_either_spelling_and_zero_when_unset() {
        let model = model();
        let mut writer = SchemaWriter::new(&model, prost_reflect::DescriptorPool::new());
        let schema = writer.root().unwrap();
        let spec = &schema["properties"]["spec"];
        let rule = rules(spec)
            .into_iter()
            .find(|r| r.contains("min_size") && !r.starts_with('!'))
            .unwrap();
        assert!(holds(&rule, json!({})), "{rule}");
        assert!(!holds(&rule, json!({ "minSize": 11 })), "{rule}");
        assert!(
            holds(&rule, json!({ "minSize": 11, "max_size": 5 })),
            "{rule}"
        );
        assert!(
            !holds(&rule, json!({ "min_size": 11, "maxSize": 0 })),
            "{rule}"
        );
        assert!(holds(&rule, json!({ "min_size": 10 })), "{rule}");
    }

    #[test]
    fn recursion_well_known_types_maps_and_enums() {
        let model = model();
        let mut writer = SchemaWriter::new(&model, prost_reflect::DescriptorPool::new());
        let schema = writer.root().unwrap();
        let spec = &schema["properties"]["spec"]["properties"];
        let cut = &spec["child"];
        assert_eq!(cut["x-kubernetes-preserve-unknown-fields"], json!(true));
        assert_eq!(cut["type"], "object");
        assert!(writer
            .untranslated
            .iter()
            .any(|u| u.rule == "(recursion)" && u.path == "spec.child"));
        assert_eq!(spec["when"]["format"], "date-time");

        let by_port = &spec["byPort"];
        assert_eq!(by_port["additionalProperties"]["type"], "string");
        let keys = rules(by_port);
        let positive = keys.iter().find(|r| r.contains("int(k) > 0")).unwrap();
        assert!(holds(positive, json!({ "1": "a" })));
        assert!(!holds(positive, json!({ "0": "a" })));
        let integers = keys.iter().find(|r| r.contains("matches")).unwrap();
        assert!(!holds(integers, json!({ "x": "a" })));

        let mode = &spec["mode"];
        assert_eq!(mode["type"], "string");
        let rule = &rules(mode)[0];
        assert!(!holds(rule, json!("MODE_UNSPECIFIED")));
        assert!(holds(rule, json!("MODE_A")));

        let name = &rules(&spec["name"])[0];
        assert!(holds(name, json!("")));
        assert!(holds(name, json!("a'b7")));
        assert!(!holds(name, json!("ab7")));
    }
}
