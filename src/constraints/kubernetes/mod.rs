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

mod schema;
mod to_cel;
mod yaml_out;

use super::Model;
use crate::error::{Error, Result};
use crate::options::Scope;
use crate::render::MARKER;
use crate::schema::Kind;
use schema::*;
use serde_json::{json, Map, Value};
pub use to_cel::cel_string;

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

pub struct Xrd {
    document: Value,
    summary: Value,
}

impl Xrd {
    /// The XRD of `kind`, for composite resources of `scope`.
    pub fn new(model: &Model, kind: &Kind, scope: Scope) -> Result<Self> {
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
        let scope = match scope {
            Scope::Cluster => "Cluster",
            Scope::Namespaced => "Namespaced",
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
        Ok(format!(
            "# {MARKER}\n{}",
            yaml_out::document(&sorted(&self.document))
        ))
    }
}

/// `value` with every mapping's keys in byte order, whatever order serde_json keeps.
fn sorted(value: &Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let mut out = Map::new();
            for key in keys {
                out.insert(key.clone(), sorted(&map[key]));
            }
            Value::Object(out)
        }
        scalar => scalar.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::schema::*;
    use super::*;
    use crate::constraints::{
        Cmp, Element, EnumLiteral, EnumShape, Expr, FieldShape, Literal, MessageShape, Pattern,
        Pred, Rule, RuleSet, Type,
    };
    use crate::rules::Ignore;

    fn field(name: &str, json_name: &str, ty: Type, checks: Vec<Rule>) -> FieldShape {
        FieldShape {
            name: name.into(),
            json_name: json_name.into(),
            comment: None,
            explicit_presence: matches!(ty, Type::Message(_)),
            ty,
            must_be_present: false,
            required: false,
            ignore: Ignore::Unspecified,
            rules: rule_set(checks),
            example: None,
            refers_to: None,
        }
    }

    fn check(expr: Expr) -> Rule {
        Rule::printable("r", "m", expr)
    }

    fn rule_set(rules: Vec<Rule>) -> RuleSet {
        RuleSet {
            rules,
            notes: Vec::new(),
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
                            rules: rule_set(vec![check(Expr::this(Pred::Compare(
                                Cmp::Gt,
                                Literal::Int(0),
                            )))]),
                            ..Element::plain(int.clone())
                        }),
                        Box::new(Element::plain(Type::String)),
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
                        Expr::this(Pred::Matches(Pattern::new("^a'b\\d$").unwrap())),
                    ]))],
                ),
            ],
            rules: rule_set(vec![check(Expr::Or(vec![
                Expr::Pred(
                    vec!["min_size".into()],
                    Pred::Compare(Cmp::Le, Literal::Int(10)),
                ),
                Expr::Pred(vec!["max_size".into()], Pred::Present),
            ]))]),
            groups: vec![],
        };
        let mut root_spec = field("spec", "spec", Type::Message("t.Spec".into()), vec![]);
        root_spec.must_be_present = true;
        let root = MessageShape {
            full_name: "t.Root".into(),
            comment: None,
            fields: vec![root_spec],
            rules: RuleSet::default(),
            groups: vec![],
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
    fn message_rules_read_json_names_and_zero_when_unset() {
        let model = model();
        let mut writer = SchemaWriter::new(&model, prost_reflect::DescriptorPool::new());
        let schema = writer.root().unwrap();
        let spec = &schema["properties"]["spec"];
        let names: Vec<&String> = spec["properties"].as_object().unwrap().keys().collect();
        assert!(names.iter().all(|n| !n.contains('_')), "{names:?}");
        assert!(spec["properties"].get("min_size").is_none());
        let rules = rules(spec);
        assert!(rules.iter().all(|r| !r.contains('_')), "{rules:?}");
        let rule = rules
            .into_iter()
            .find(|r| r.contains("minSize") && !r.starts_with('!'))
            .unwrap();
        assert!(holds(&rule, json!({})), "{rule}");
        assert!(!holds(&rule, json!({ "minSize": 11 })), "{rule}");
        assert!(
            holds(&rule, json!({ "minSize": 11, "maxSize": 5 })),
            "{rule}"
        );
        assert!(
            !holds(&rule, json!({ "minSize": 11, "maxSize": 0 })),
            "{rule}"
        );
        assert!(holds(&rule, json!({ "minSize": 10 })), "{rule}");
        let paths = &writer.paths;
        assert_eq!(paths["spec.min_size"], json!(["spec.minSize"]));
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
