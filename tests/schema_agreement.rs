//! The JSON Schema `planton-gen schema` prints agrees with `planton-gen validate`: on the
//! golden and example manifests and on seeded mutations of them (valid and invalid), the
//! schema accepts every manifest validate accepts, and rejects every manifest validate
//! rejects for a rule the schema expresses.

mod common;

use common::corpus::{apply, base_manifests, text, Mutation, Seeded};
use planton_gen::internal as interface;
use planton_gen::Schema;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// Violations that are not about one manifest's shape or field values, so no schema of one
/// document can express them: names shared across manifests or unusable as identifiers.
const BEYOND_A_SCHEMA: &[&str] = &[
    "names.invalid",
    "names.collision",
    "run.unique",
    // A reference names another manifest of the run: one document alone cannot say.
    "reference.unresolved",
    "reference.kind",
    "reference.field_path",
    "reference.env",
    "reference.cycle",
];

fn schema_document() -> Value {
    let schema = Schema::builtin().unwrap();
    serde_json::from_str(&interface::json_schema(&schema, None).unwrap()).unwrap()
}

/// Rule ids the schema says (in `$comment`) it does not express.
fn unexpressed(schema: &Value, found: &mut BTreeSet<String>) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::String(comment)) = map.get("$comment") {
                if let Some((_, list)) = comment.split_once(": ") {
                    found.extend(list.split(", ").map(str::to_owned));
                }
            }
            map.values().for_each(|v| unexpressed(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| unexpressed(v, found)),
        _ => {}
    }
}

/// Changes to a manifest, each valid or invalid on its own.
fn mutations() -> Vec<Mutation> {
    vec![
        ("spec", "namespace_name", Some(json!(""))),
        ("spec", "namespace_name", Some(text("n", 64))),
        ("spec", "namespace_name", Some(text("n", 65))),
        ("spec", "namespace_name", Some(text("é", 64))),
        ("spec", "namespace_name", Some(text("😀", 65))),
        ("spec", "namespace_name", Some(Value::Null)),
        ("spec", "namespace_name", None),
        ("spec", "namespaceName", Some(json!("via-json-name"))),
        ("spec", "ttl_seconds", Some(json!(-1))),
        ("spec", "ttl_seconds", Some(json!(0))),
        ("spec", "ttl_seconds", Some(json!(1))),
        ("spec", "ttl_seconds", Some(json!(59))),
        ("spec", "ttl_seconds", Some(json!(60))),
        ("spec", "ttl_seconds", Some(json!(2147483647))),
        ("spec", "ttl_seconds", Some(json!(2147483648_i64))),
        ("spec", "ttl_seconds", Some(json!(1.5))),
        ("spec", "ttlSeconds", Some(json!(30))),
        ("spec", "ttl_seconds", Some(Value::Null)),
        ("spec", "description", Some(text("d", 256))),
        ("spec", "description", Some(text("d", 257))),
        ("spec", "description", Some(text("ü", 257))),
        ("spec", "description", Some(json!(123))),
        ("spec", "description", None),
        ("spec", "unknown_field", Some(json!(1))),
        (
            "metadata",
            "labels",
            Some(json!({"team": "kv", "tier": "1"})),
        ),
        ("metadata", "labels", Some(json!({"team": 1}))),
        ("metadata", "tags", Some(json!(["a", "b"]))),
        (
            "metadata",
            "relationships",
            Some(json!([{"kind": "CloudflareKvNamespace", "name": "x", "type": "depends_on"}])),
        ),
        (
            "metadata",
            "relationships",
            Some(json!([{"kind": 1801, "name": "x", "type": 4}])),
        ),
        (
            "metadata",
            "relationships",
            Some(json!([{"kind": "CloudflareKvNamespace", "type": "uses"}])),
        ),
        (
            "metadata",
            "relationships",
            Some(json!([{"kind": "unspecified", "name": "x", "type": "uses"}])),
        ),
        (
            "metadata",
            "relationships",
            Some(json!([{"kind": 99999, "name": "x", "type": "runs_on"}])),
        ),
        (
            "metadata",
            "relationships",
            Some(json!([{"kind": "NoSuchKind", "name": "x", "type": "uses"}])),
        ),
        (
            "metadata",
            "relationships",
            Some(json!([{"name": "x", "type": "unspecified"}])),
        ),
        ("metadata", "env", Some(json!("staging"))),
        ("", "kind", Some(json!("CloudflareKvNamespaces"))),
        (
            "",
            "apiVersion",
            Some(json!("cloudflare.project-planton.org/v2")),
        ),
        ("", "spec", None),
        (
            "",
            "status",
            Some(json!({"outputs": {"namespace_id": "0f2ac74b498b48028cb68387c421e279"}})),
        ),
    ]
}

#[test]
fn the_schema_and_validate_agree_on_valid_and_invalid_manifests() {
    let document = schema_document();
    let validator = jsonschema::validator_for(&document).unwrap();
    let mut not_said = BTreeSet::new();
    unexpressed(&document, &mut not_said);
    let schema = Schema::builtin().unwrap();

    let bases = base_manifests();
    let mutations = mutations();
    let mut cases: Vec<Value> = bases.clone();
    let mut rng = Seeded(7);
    for base in &bases {
        for mutation in &mutations {
            let mut case = base.clone();
            apply(&mut case, mutation);
            cases.push(case);
        }
    }
    for _ in 0..600 {
        let mut case = bases[rng.next(bases.len())].clone();
        for _ in 0..1 + rng.next(3) {
            apply(&mut case, &mutations[rng.next(mutations.len())]);
        }
        cases.push(case);
    }

    let (mut valid, mut invalid) = (0, 0);
    for case in &cases {
        let yaml = serde_yaml_ng::to_string(case).unwrap();
        let checked = common::check_text(&schema, &yaml);
        let accepted = validator.is_valid(case);
        let rules: BTreeSet<&str> = checked.violations.iter().map(|v| v.rule.as_str()).collect();
        if checked.is_valid() {
            valid += 1;
            assert!(
                accepted,
                "validate accepts but the schema rejects:\n{yaml}\n{:?}",
                validator
                    .iter_errors(case)
                    .map(|e| format!("{} at {}", e, e.instance_path()))
                    .collect::<Vec<_>>()
            );
        } else {
            invalid += 1;
        }
        let expressed: Vec<&&str> = rules
            .iter()
            .filter(|r| !BEYOND_A_SCHEMA.contains(r) && !not_said.contains(**r))
            .collect();
        if !expressed.is_empty() {
            assert!(
                !accepted,
                "validate rejects ({expressed:?}) but the schema accepts:\n{yaml}"
            );
        }
    }
    // The corpus holds both kinds in numbers.
    assert!(
        valid >= 100 && invalid >= 300,
        "valid {valid}, invalid {invalid}"
    );
}

#[test]
fn the_schema_says_which_rules_it_does_not_express() {
    // Besides uniqueness across manifests, the built-in kinds leave unsaid only the two
    // message rules of an R2 bucket's custom domain (`has()` of a message field under a
    // condition), which `validate` enforces; every other CEL rule translates.
    let mut not_said = BTreeSet::new();
    unexpressed(&schema_document(), &mut not_said);
    assert_eq!(
        not_said,
        BTreeSet::from([
            "custom_domain_domain_required".to_owned(),
            "custom_domain_zone_id_required".to_owned(),
            "run.unique".to_owned()
        ])
    );

    // A fixture kind with rules JSON Schema cannot say lists them.
    let schema = common::test_schema();
    let text = interface::json_schema(&schema, None).unwrap();
    let document: Value = serde_json::from_str(&text).unwrap();
    unexpressed(&document, &mut not_said);
    assert!(
        not_said.iter().any(|r| r.starts_with("string.")),
        "{not_said:?}"
    );
}

#[test]
fn one_kind_or_all_kinds() {
    let schema = common::test_schema();
    let one: Value = serde_json::from_str(
        &interface::json_schema(&schema, Some("CloudflareKvNamespace")).unwrap(),
    )
    .unwrap();
    assert!(one["$ref"]
        .as_str()
        .unwrap()
        .ends_with(".CloudflareKvNamespace"));
    assert_eq!(
        one["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let all: Value = serde_json::from_str(&interface::json_schema(&schema, None).unwrap()).unwrap();
    assert!(all["oneOf"].as_array().unwrap().len() > 1);
    let error = interface::json_schema(&schema, Some("Nope"))
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("unknown kind `Nope`; known kinds:"),
        "{error}"
    );
}

#[test]
fn the_built_in_schema_is_pinned() {
    // Reviewed by reading; re-bless with EXPECTORATE=overwrite after reading the diff.
    let schema = Schema::builtin().unwrap();
    let text = interface::json_schema(&schema, Some("CloudflareKvNamespace")).unwrap();
    expectorate::assert_contents("golden/schema/CloudflareKvNamespace.schema.json", &text);
}
