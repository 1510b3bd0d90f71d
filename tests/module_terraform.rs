//! `planton-gen terraform --module`: the generated module matches its reviewed golden files,
//! parses, and — the point of it — its `validation` blocks reject exactly what `validate`
//! rejects. For a corpus of manifests (the examples and golden inputs, and mutations of them,
//! valid and invalid) the tfvars the Project Planton CLI would write (`metadata` and `spec` in
//! the proto JSON mapping with proto field names, enums by name) are converted to the
//! variables' types as Terraform does (`optional()` defaults filled, a missing non-optional
//! attribute refused), every `condition` of variables.tf is evaluated with hcl-rs (Terraform's
//! functions the conditions use implemented here), and the failing blocks, named by the path
//! and `[rule]` of their error_message, must be the violations validate reports for the rules
//! the module translates.

mod common;

use assert_cmd::Command;
use common::corpus::{apply, base_manifests, text, Mutation, Seeded};
use hcl::eval::{Context, Evaluate, FuncArgs, FuncDef, ParamType};
use hcl::{Body, Expression, Value as Hcl};
use planton_gen::Checked;
use planton_gen::Schema;
use prost_reflect::{DynamicMessage, SerializeOptions};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

const GOLDEN: &str = "golden/module/terraform";

/// Violations that are not about the value of one manifest's metadata or spec, so no
/// validation block of one module instance can see them: names derived from metadata.name
/// for other targets (`names.*`), uniqueness across the manifests of a run (`run.*`), and
/// problems reading the YAML or a value of the wrong type (`yaml.*`, `field.*`), after which
/// no message, and so no tfvars, exists at all.
const OUT_OF_SCOPE: &[&str] = &["names.", "run.", "yaml.", "field."];

fn planton() -> Command {
    let mut command = Command::cargo_bin("planton-gen").unwrap();
    command.args(["--color", "never"]);
    command
}

/// The module's files, rendered by the command line into a temporary folder.
fn module(global: &[&str], kind: &[&str]) -> BTreeMap<String, String> {
    let out = tempfile::tempdir().unwrap();
    planton()
        .args(global)
        .args(["terraform", "--module", "-q"])
        .args(kind)
        .arg("-o")
        .arg(out.path())
        .assert()
        .success();
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(out.path()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        files.insert(name, std::fs::read_to_string(&path).unwrap());
    }
    files
}

fn builtin_module() -> BTreeMap<String, String> {
    module(&[], &[])
}

fn rule_test_module() -> BTreeMap<String, String> {
    let proto = common::fixture("proto");
    module(
        &["--proto-path", proto.to_str().unwrap()],
        &["--kind", "RuleTest"],
    )
}

// ---- golden files, --check, stdout --------------------------------------------------------

#[test]
fn the_module_matches_its_golden_files() {
    let files = builtin_module();
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        ["main.tf", "outputs.tf", "variables.tf", "versions.tf"]
    );
    for (name, contents) in &files {
        expectorate::assert_contents(format!("{GOLDEN}/{name}"), contents);
    }
    let golden: BTreeSet<String> = std::fs::read_dir(common::root().join(GOLDEN))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        golden,
        files.keys().cloned().collect(),
        "stray golden files"
    );
    // Rendering twice gives the same bytes.
    assert_eq!(builtin_module(), files);
}

#[test]
fn check_passes_on_the_golden_module_and_stdout_prints_it() {
    planton()
        .args(["terraform", "--module", "--check", "-o"])
        .arg(common::root().join(GOLDEN))
        .assert()
        .success();
    let files = builtin_module();
    let joined: Vec<&str> = files.values().map(String::as_str).collect();
    planton()
        .args(["terraform", "--module"])
        .assert()
        .success()
        .stdout(joined.join("\n"));
}

#[test]
fn check_finds_drift_in_a_changed_module() {
    let dir = tempfile::tempdir().unwrap();
    for (name, contents) in builtin_module() {
        std::fs::write(dir.path().join(name), contents).unwrap();
    }
    let variables = dir.path().join("variables.tf");
    let text = std::fs::read_to_string(&variables).unwrap();
    std::fs::write(&variables, text.replace("<= 64", "<= 65")).unwrap();
    planton()
        .args(["terraform", "--module", "--check", "-o"])
        .arg(dir.path())
        .assert()
        .code(1);
}

#[test]
fn every_file_parses() {
    for files in [builtin_module(), rule_test_module()] {
        for (name, text) in files {
            let body: Body =
                hcl::from_str(&text).unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
            assert!(body.iter().next().is_some(), "{name} is empty");
            assert!(text.starts_with("# Code generated by planton-gen. DO NOT EDIT.\n"));
            assert!(text.ends_with("}\n") && !text.ends_with("\n\n"), "{name}");
        }
    }
}

// ---- the variables and their validation blocks -------------------------------------------

/// One `validation` block: its condition and what its error_message names.
struct Validation {
    path: String,
    rule: String,
    condition: Expression,
}

/// One `variable` block of variables.tf.
struct Variable {
    name: String,
    ty: Expression,
    /// No `default`: Terraform refuses a run without a value.
    required: bool,
    validations: Vec<Validation>,
}

/// The variables of variables.tf, and the rule ids its `# not translated:` comments name.
fn variables(text: &str) -> (Vec<Variable>, BTreeSet<String>) {
    let body: Body = hcl::from_str(text).unwrap();
    let mut variables = Vec::new();
    for block in body.blocks().filter(|b| b.identifier() == "variable") {
        let name = block.labels()[0].as_str().to_owned();
        let attribute = |b: &hcl::Block, key: &str| {
            b.body()
                .attributes()
                .find(|a| a.key() == key)
                .map(|a| a.expr().clone())
        };
        let mut validations = Vec::new();
        for v in block
            .body()
            .blocks()
            .filter(|b| b.identifier() == "validation")
        {
            let Some(Expression::String(message)) = attribute(v, "error_message") else {
                panic!("{name}: an error_message that is not a plain string");
            };
            let (path, rest) = message.split_once(": ").unwrap();
            let rule = rest.rsplit_once(" [").unwrap().1.trim_end_matches(']');
            validations.push(Validation {
                path: path.to_owned(),
                rule: rule.to_owned(),
                condition: attribute(v, "condition").unwrap(),
            });
        }
        variables.push(Variable {
            ty: attribute(block, "type").unwrap(),
            required: attribute(block, "default").is_none(),
            name,
            validations,
        });
    }
    let untranslated = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("# not translated: "))
        .map(|l| l.split(" (").next().unwrap().to_owned())
        .collect();
    (variables, untranslated)
}

/// Terraform's functions the conditions call, as Terraform defines them.
fn context(var: Hcl) -> Context<'static> {
    fn length(args: FuncArgs) -> Result<Hcl, String> {
        match &args[0] {
            Hcl::Array(items) => Ok(items.len().into()),
            Hcl::Object(entries) => Ok(entries.len().into()),
            // Terraform counts grapheme clusters there, which buf.validate never does: the
            // generated conditions must count code points some other way.
            Hcl::String(_) => Err("length() of a string in a generated condition".into()),
            other => Err(format!("length() of {other:?}")),
        }
    }
    fn regexall(args: FuncArgs) -> Result<Hcl, String> {
        let pattern = compiled(args[0].as_str().unwrap())?;
        let text = args[1].as_str().unwrap();
        // Without capture groups a list of the matches; with them, Terraform gives each
        // match as a list of its groups (an object for named ones): the count is the same.
        let matches: Vec<Hcl> = if pattern.captures_len() > 1 {
            pattern
                .captures_iter(text)
                .map(|c| {
                    Hcl::Array(
                        c.iter()
                            .skip(1)
                            .map(|g| g.map_or(Hcl::Null, |g| Hcl::String(g.as_str().into())))
                            .collect(),
                    )
                })
                .collect()
        } else {
            pattern
                .find_iter(text)
                .map(|m| Hcl::String(m.as_str().to_owned()))
                .collect()
        };
        Ok(Hcl::Array(matches))
    }
    fn contains(args: FuncArgs) -> Result<Hcl, String> {
        let list = args[0].as_array().unwrap();
        Ok(Hcl::Bool(list.iter().any(|item| same(item, &args[1]))))
    }
    fn distinct(args: FuncArgs) -> Result<Hcl, String> {
        let mut out: Vec<Hcl> = Vec::new();
        for item in args[0].as_array().unwrap() {
            if !out.iter().any(|o| same(o, item)) {
                out.push(item.clone());
            }
        }
        Ok(Hcl::Array(out))
    }
    fn alltrue(args: FuncArgs) -> Result<Hcl, String> {
        let list = args[0].as_array().unwrap();
        Ok(Hcl::Bool(list.iter().all(|b| b.as_bool() == Some(true))))
    }
    fn floor(args: FuncArgs) -> Result<Hcl, String> {
        let n = args[0].as_number().unwrap().as_f64().unwrap();
        Ok(Hcl::from(n.floor() as i64))
    }
    let mut ctx = Context::new();
    ctx.declare_func("length", FuncDef::new(length, [ParamType::Any]));
    ctx.declare_func(
        "regexall",
        FuncDef::new(regexall, [ParamType::String, ParamType::String]),
    );
    ctx.declare_func(
        "contains",
        FuncDef::new(
            contains,
            [ParamType::array_of(ParamType::Any), ParamType::Any],
        ),
    );
    ctx.declare_func(
        "distinct",
        FuncDef::new(distinct, [ParamType::array_of(ParamType::Any)]),
    );
    ctx.declare_func(
        "alltrue",
        FuncDef::new(alltrue, [ParamType::array_of(ParamType::Bool)]),
    );
    ctx.declare_func("floor", FuncDef::new(floor, [ParamType::Number]));
    ctx.declare_var("var", var);
    ctx
}

/// `pattern` compiled once per thread (a debug build compiles slowly).
fn compiled(pattern: &str) -> Result<regex::Regex, String> {
    thread_local! {
        static CACHE: std::cell::RefCell<BTreeMap<String, regex::Regex>> =
            const { std::cell::RefCell::new(BTreeMap::new()) };
    }
    CACHE.with(|cache| {
        if let Some(re) = cache.borrow().get(pattern) {
            return Ok(re.clone());
        }
        let re = regex::Regex::new(pattern).map_err(|e| e.to_string())?;
        cache.borrow_mut().insert(pattern.to_owned(), re.clone());
        Ok(re)
    })
}

/// Equality as Terraform's `==` sees it (numbers by value).
fn same(a: &Hcl, b: &Hcl) -> bool {
    match (a, b) {
        (Hcl::Number(x), Hcl::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

fn from_json(value: &Value) -> Hcl {
    match value {
        Value::Null => Hcl::Null,
        Value::Bool(b) => Hcl::Bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Hcl::from(i),
            None => Hcl::from(n.as_f64().unwrap()),
        },
        Value::String(s) => Hcl::String(s.clone()),
        Value::Array(items) => Hcl::Array(items.iter().map(from_json).collect()),
        Value::Object(map) => {
            Hcl::Object(map.iter().map(|(k, v)| (k.clone(), from_json(v))).collect())
        }
    }
}

/// `value` converted to the type constraint `ty` as Terraform converts a variable's value:
/// `optional()` attributes absent (or null) take their default, an absent non-optional
/// attribute is refused (its path goes to `missing`), attributes the type lacks are dropped.
fn convert(ty: &Expression, value: Option<&Value>, path: &str, missing: &mut Vec<String>) -> Hcl {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Hcl::Null;
    };
    match ty {
        Expression::Variable(name) => match (name.as_str(), value) {
            ("string", Value::String(_)) | ("number", Value::Number(_)) => from_json(value),
            ("bool", Value::Bool(_)) | ("any", _) => from_json(value),
            // Terraform converts a number (an enum number the CLI wrote) to a string.
            ("string", Value::Number(n)) => Hcl::String(n.to_string()),
            (ty, value) => panic!("{path}: cannot convert {value} to {ty}"),
        },
        Expression::FuncCall(call) => match (call.name.name.as_str(), value) {
            ("list", Value::Array(items)) => Hcl::Array(
                items
                    .iter()
                    .map(|item| convert(&call.args[0], Some(item), &format!("{path}[*]"), missing))
                    .collect(),
            ),
            ("map", Value::Object(map)) => Hcl::Object(
                map.iter()
                    .map(|(k, v)| {
                        let v = convert(&call.args[0], Some(v), &format!("{path}[*]"), missing);
                        (k.clone(), v)
                    })
                    .collect(),
            ),
            ("object", Value::Object(map)) => {
                let Expression::Object(attributes) = &call.args[0] else {
                    panic!("{path}: object() without attributes");
                };
                let mut out = hcl::Map::new();
                for (key, attribute) in attributes {
                    let key = key.to_string();
                    let at = format!("{path}.{key}");
                    let given = map.get(&key).filter(|v| !v.is_null());
                    let converted = match attribute {
                        Expression::FuncCall(o) if o.name.name.as_str() == "optional" => {
                            match (given, o.args.get(1)) {
                                (Some(v), _) => convert(&o.args[0], Some(v), &at, missing),
                                (None, Some(default)) => default.evaluate(&Context::new()).unwrap(),
                                (None, None) => Hcl::Null,
                            }
                        }
                        ty => {
                            if !map.contains_key(&key) {
                                missing.push(at.clone());
                            }
                            convert(ty, given, &at, missing)
                        }
                    };
                    out.insert(key, converted);
                }
                Hcl::Object(out)
            }
            (name, value) => panic!("{path}: cannot convert {value} to {name}(...)"),
        },
        other => panic!("{path}: unexpected type expression {other:?}"),
    }
}

/// The tfvars of a manifest's message, as the Project Planton CLI writes them: each variable's
/// field in the proto JSON mapping with proto field names and enum names; with
/// `skip_defaults`, fields holding their zero value left out (protojson's default).
fn tfvars(
    message: &DynamicMessage,
    names: &[&str],
    skip_defaults: bool,
) -> BTreeMap<String, Value> {
    let options = SerializeOptions::new()
        .use_proto_field_name(true)
        .stringify_64_bit_integers(false)
        .skip_default_fields(skip_defaults);
    let whole = message
        .serialize_with_options(serde_json::value::Serializer, &options)
        .unwrap();
    names
        .iter()
        .filter_map(|n| whole.get(*n).map(|v| ((*n).to_owned(), v.clone())))
        .collect()
}

/// `spec.items[2].name`, `metadata.labels["a"]` → `spec.items[*].name`, `metadata.labels[*]`.
fn wildcard(path: &str) -> String {
    let pattern = compiled(r#"\[(?:-?[0-9]+|true|false|"(?:[^"\\]|\\.)*")\]"#).unwrap();
    pattern.replace_all(path, "[*]").into_owned()
}

/// Checks every manifest of `checked` against the module's variables.tf; returns the
/// (path, rule) pairs of the validation blocks that failed at least once.
fn agree(
    (variables, untranslated): &(Vec<Variable>, BTreeSet<String>),
    checked: &Checked,
    label: &str,
    seen: &mut BTreeSet<(String, String)>,
) -> usize {
    let translated: BTreeSet<(String, String)> = variables
        .iter()
        .flat_map(|v| {
            v.validations
                .iter()
                .map(|c| (c.path.clone(), c.rule.clone()))
        })
        .collect();
    let names: Vec<&str> = variables.iter().map(|v| v.name.as_str()).collect();
    // Violations of a manifest are matched by its metadata.name's position in the file.
    assert_eq!(checked.manifests.len(), 1, "{label}: one manifest per case");
    let manifest = &checked.manifests[0];

    let mut expected: BTreeSet<(String, String)> = BTreeSet::new();
    for v in &checked.violations {
        let key = (wildcard(&v.field), v.rule.clone());
        let root_required = v.rule == "required"
            && variables
                .iter()
                .any(|var| var.required && var.name == v.field);
        if translated.contains(&key) || root_required {
            expected.insert(key);
        } else if untranslated.contains(&v.rule)
            || OUT_OF_SCOPE.iter().any(|p| v.rule.starts_with(p))
        {
            continue;
        } else {
            panic!("{label}: violation {key:?} is neither translated nor listed as not translated");
        }
    }

    let mut failures = 0;
    for skip_defaults in [false, true] {
        let values = tfvars(&manifest.message, &names, skip_defaults);
        let mut failed: BTreeSet<(String, String)> = BTreeSet::new();
        let mut refused: Vec<String> = Vec::new();
        let mut converted = hcl::Map::new();
        for variable in variables {
            let value = values.get(&variable.name);
            if value.is_none() && variable.required {
                // "No value for required variable": Terraform stops before any validation.
                failed.insert((variable.name.clone(), "required".into()));
                continue;
            }
            let mut missing = Vec::new();
            let hcl_value = convert(&variable.ty, value, &variable.name, &mut missing);
            if !missing.is_empty() {
                // Terraform refuses the value; no validation block of the variable runs.
                refused.extend(missing);
                continue;
            }
            converted.insert(variable.name.clone(), hcl_value);
        }
        let ctx = context(Hcl::Object(converted.clone()));
        for variable in variables.iter().filter(|v| converted.contains_key(&v.name)) {
            for validation in &variable.validations {
                let result = validation
                    .condition
                    .evaluate(&ctx)
                    .unwrap_or_else(|e| panic!("{label}: {}: {e}", validation.path));
                match result {
                    Hcl::Bool(true) => {}
                    Hcl::Bool(false) => {
                        failed.insert((validation.path.clone(), validation.rule.clone()));
                    }
                    other => panic!("{label}: {} gave {other:?}", validation.path),
                }
            }
        }
        let yaml = || serde_json::to_string_pretty(&values).unwrap();
        // A refused attribute is one validate refuses too (a required field left out).
        for path in &refused {
            assert!(
                expected.iter().any(|(p, _)| p == path),
                "{label}: Terraform refuses the value without {path}, validate accepts it:\n{}",
                yaml()
            );
        }
        // Where Terraform converted the value, its validations say what validate says.
        let judged: BTreeSet<(String, String)> = expected
            .iter()
            .filter(|(path, _)| {
                converted
                    .keys()
                    .any(|n| path == n || path.starts_with(&format!("{n}.")))
                    || variables.iter().any(|v| v.required && &v.name == path)
            })
            .cloned()
            .collect();
        assert_eq!(
            failed,
            judged,
            "{label} (zero values {}): failing validation blocks differ from validate's violations\n{}",
            if skip_defaults { "left out" } else { "written" },
            yaml()
        );
        failures += failed.len() + refused.len();
        seen.extend(failed);
    }
    failures
}

// ---- corpora ------------------------------------------------------------------------------

fn relationship(kind: Option<&str>, name: Option<&str>, ty: Option<&str>) -> Value {
    let mut r = serde_json::Map::new();
    for (key, value) in [("kind", kind), ("name", name), ("type", ty)] {
        if let Some(value) = value {
            r.insert(key.into(), json!(value));
        }
    }
    json!([Value::Object(r)])
}

/// (section, key, new value or None to remove).
fn mutations() -> Vec<Mutation> {
    let ok = Some;
    vec![
        ("metadata", "name", ok(json!(""))),
        ("spec", "namespace_name", ok(json!(""))),
        ("spec", "namespace_name", ok(text("n", 64))),
        ("spec", "namespace_name", ok(text("n", 65))),
        ("spec", "namespace_name", ok(text("é", 64))),
        ("spec", "namespace_name", ok(text("é", 65))),
        ("spec", "namespace_name", ok(text("😀", 65))),
        // One grapheme cluster, 65 code points: buf.validate counts code points.
        (
            "spec",
            "namespace_name",
            ok(json!(format!("e{}", "\u{301}".repeat(64)))),
        ),
        // Line breaks count too (`.` alone would not match them).
        ("spec", "namespace_name", ok(text("a\n", 33))),
        ("spec", "namespace_name", ok(text("\r\n", 32))),
        ("spec", "namespace_name", None),
        ("spec", "ttl_seconds", ok(json!(-1))),
        ("spec", "ttl_seconds", ok(json!(0))),
        ("spec", "ttl_seconds", ok(json!(1))),
        ("spec", "ttl_seconds", ok(json!(30))),
        ("spec", "ttl_seconds", ok(json!(59))),
        ("spec", "ttl_seconds", ok(json!(60))),
        ("spec", "ttl_seconds", ok(json!(2147483647))),
        ("spec", "ttl_seconds", None),
        ("spec", "description", ok(text("d", 256))),
        ("spec", "description", ok(text("d", 257))),
        ("spec", "description", ok(text("ü", 257))),
        ("spec", "description", ok(text("😀", 256))),
        ("spec", "description", None),
        ("metadata", "labels", ok(json!({"team": "kv", "tier": "1"}))),
        ("metadata", "annotations", ok(json!({"a": ""}))),
        ("metadata", "tags", ok(json!(["a", "b", "a"]))),
        ("metadata", "env", ok(json!("staging"))),
        (
            "metadata",
            "relationships",
            ok(relationship(
                Some("CloudflareKvNamespace"),
                Some("x"),
                Some("depends_on"),
            )),
        ),
        (
            "metadata",
            "relationships",
            ok(json!([{"kind": 1801, "name": "x", "type": 4}])),
        ),
        (
            "metadata",
            "relationships",
            ok(json!([{"kind": 99999, "name": "x", "type": 2}])),
        ),
        (
            "metadata",
            "relationships",
            ok(relationship(None, Some("x"), Some("uses"))),
        ),
        (
            "metadata",
            "relationships",
            ok(relationship(Some("CloudflareWorker"), None, Some("uses"))),
        ),
        (
            "metadata",
            "relationships",
            ok(relationship(Some("CloudflareWorker"), Some("x"), None)),
        ),
        (
            "metadata",
            "relationships",
            ok(relationship(None, None, None)),
        ),
        (
            "metadata",
            "relationships",
            ok(relationship(
                Some("unspecified"),
                Some(""),
                Some("unspecified"),
            )),
        ),
        (
            "metadata",
            "relationships",
            ok(json!([
                {"kind": "CloudflareWorker", "name": "a", "type": "uses"},
                {"kind": "CloudflareR2Bucket", "type": "runs_on"}
            ])),
        ),
        ("", "spec", None),
        (
            "",
            "status",
            ok(json!({"outputs": {"namespace_id": "0f2ac74b498b48028cb68387c421e279"}})),
        ),
    ]
}

#[test]
fn the_validation_blocks_reject_what_validate_rejects() {
    let variables_tf = &builtin_module()["variables.tf"];
    let parsed = variables(variables_tf);
    let schema = Schema::builtin().unwrap();
    let bases = base_manifests();
    let mutations = mutations();
    let mut cases: Vec<Value> = bases.clone();
    for base in &bases {
        for mutation in &mutations {
            let mut case = base.clone();
            apply(&mut case, mutation);
            cases.push(case);
        }
    }
    let mut rng = Seeded(11);
    for _ in 0..300 {
        let mut case = bases[rng.next(bases.len())].clone();
        for _ in 0..1 + rng.next(4) {
            apply(&mut case, &mutations[rng.next(mutations.len())]);
        }
        cases.push(case);
    }
    let mut seen = BTreeSet::new();
    let (mut valid, mut caught) = (0, 0);
    for (i, case) in cases.iter().enumerate() {
        let yaml = serde_yaml_ng::to_string(case).unwrap();
        let checked = common::check_text(&schema, &yaml);
        if checked.is_valid() {
            valid += 1;
        }
        if agree(&parsed, &checked, &format!("case {i}:\n{yaml}"), &mut seen) > 0 {
            caught += 1;
        }
    }
    assert!(
        valid >= 100 && caught >= 300,
        "valid {valid}, caught {caught}"
    );
    // Every validation block of the module failed for some manifest of the corpus.
    let (variables, _) = variables(variables_tf);
    for v in variables.iter().flat_map(|v| &v.validations) {
        assert!(
            seen.contains(&(v.path.clone(), v.rule.clone())),
            "no manifest of the corpus trips {} [{}]",
            v.path,
            v.rule
        );
    }
}

/// `planton-gen validate --error-format json` reports the violations the library check gives,
/// which the test above compares with (checked on a few mutated files).
#[test]
fn the_command_line_reports_the_same_violations() {
    let schema = Schema::builtin().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let base = &base_manifests()[0];
    for (i, mutation) in mutations().iter().enumerate().step_by(5) {
        let mut case = base.clone();
        apply(&mut case, mutation);
        let yaml = serde_yaml_ng::to_string(&case).unwrap();
        let path = dir.path().join(format!("case{i}.yaml"));
        std::fs::write(&path, &yaml).unwrap();
        let output = planton()
            .args(["validate", "--error-format", "json"])
            .arg(&path)
            .output()
            .unwrap();
        let from_cli: BTreeSet<(String, String)> = String::from_utf8(output.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .map(|v| {
                (
                    v["field"].as_str().unwrap().to_owned(),
                    v["rule"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let from_lib: BTreeSet<(String, String)> =
            common::pairs(&common::check_paths(&schema, &[path.as_path()], &[]))
                .into_iter()
                .collect();
        assert_eq!(from_cli, from_lib, "{yaml}");
    }
}

/// The test-only kind of tests/fixtures/proto exercises every rule planton-gen enforces; the
/// valid fixture with one value broken per case must trip exactly the matching block.
#[test]
fn every_translated_rule_of_the_rule_test_kind_agrees_with_validate() {
    let variables_tf = &rule_test_module()["variables.tf"];
    let parsed = variables(variables_tf);
    let schema = common::test_schema();
    let valid: PathBuf = common::fixture("manifests/rule_test_valid.yaml");
    let mut seen = BTreeSet::new();
    let mut cases = vec![vec![]];
    cases.extend(RULE_TEST_OVERRIDES.iter().map(|o| vec![*o]));
    for overrides in &cases {
        let checked = common::check_paths(&schema, &[valid.as_path()], overrides);
        agree(&parsed, &checked, &format!("{overrides:?}"), &mut seen);
    }
    let (variables, untranslated) = variables(variables_tf);
    for v in variables.iter().flat_map(|v| &v.validations) {
        assert!(
            seen.contains(&(v.path.clone(), v.rule.clone())),
            "no case trips {} [{}]",
            v.path,
            v.rule
        );
    }
    // What the module leaves to validate, by rule id.
    let expected: BTreeSet<String> = [
        "spec.min_below_max",
        "required / message.oneof",
        "string.email",
        "string.uri",
        "hosts.lowercase",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    assert_eq!(untranslated, expected);
}

/// `--set` overrides of tests/fixtures/manifests/rule_test_valid.yaml, each breaking rules.
const RULE_TEST_OVERRIDES: &[&str] = &[
    "metadata.name=",
    "spec.s_const=other",
    "spec.s_len=abcd",
    "spec.s_len=ab",
    "spec.s_len=é😀x",
    "spec.s_min_len=a",
    "spec.s_max_len=abcde",
    "spec.s_max_bytes=abcé",
    "spec.s_max_bytes=😀",
    "spec.s_max_bytes=ab€",
    "spec.s_pattern=Abc",
    "spec.s_pattern=abc-",
    "spec.s_in=c",
    "spec.s_not_in=bad",
    "spec.s_required=''",
    "spec.i32_const=8",
    "spec.i32_lt=10",
    "spec.i32_lte=11",
    "spec.i32_gt=-1",
    "spec.i32_gte=-1",
    "spec.i32_in=3",
    "spec.i32_not_in=13",
    "spec.i32_range=100",
    "spec.i32_range=-1",
    "spec.i64_range=-10",
    "spec.i64_range=11",
    "spec.i64_in=5000000001",
    "spec.i64_const=1",
    "spec.u32_range=65536",
    "spec.u32_not_in=22",
    "spec.u32_const=2",
    "spec.d_range=1.5",
    "spec.d_gt=-0.5",
    "spec.d_const=1.0",
    "spec.i32_outside=5",
    "spec.color_defined=7",
    "spec.color_in=COLOR_BLUE",
    "spec.color_not_in=COLOR_BLUE",
    "spec.tags=[a, b, c, d]",
    "spec.tags=[a, a]",
    "spec.tags=[a, toolong]",
    "spec.tags=[a, '']",
    "spec.items=[]",
    "spec.items=[{weight: 1}]",
    "spec.items=[{name: '', weight: 1}]",
    "spec.items=[{name: 'n', weight: -1}]",
    "spec.items=[{name: ninechars}]",
    "spec.numbers=[1, -1]",
    "spec.labels={a: x, b: v, c: z, d: w}",
    "spec.labels={Team: x}",
    "spec.labels={team: toolong}",
    "spec.by_name={x: {weight: -1, name: 'n'}}",
    "spec.by_name={x: {name: ''}}",
    "spec.by_name={x: {name: ninechars}}",
    "spec.ttl=30",
    "spec.ttl=0",
    "spec.prefixed=other",
    "spec.prefixed=''",
    "spec.opt_name=ab",
    "spec.opt_zero=5",
    "spec.opt_zero=0",
    "spec.defaulted=39",
    "spec.nested={name: ''}",
    "spec.nested={name: ninechars, weight: -2}",
    "spec.flag=true",
    "spec.hosts=[Example.com]",
    "spec.low=5",
    "metadata.relationships=[{kind: unspecified, name: x, type: uses}]",
    "metadata.relationships=[{kind: CloudflareWorker, name: '', type: unspecified}]",
    "metadata.relationships=[{kind: CloudflareWorker, type: uses}]",
];

#[test]
fn the_module_names_what_it_does_not_translate() {
    let (_, untranslated) = variables(&builtin_module()["variables.tf"]);
    assert_eq!(
        untranslated,
        BTreeSet::from(["run.unique".to_owned()]),
        "the built-in kind leaves only uniqueness across manifests to validate"
    );
}
