//! Every buf.validate rule planton-gen enforces, each with a passing and a failing value.
//! The passing values are the ones in tests/fixtures/manifests/rule_test_valid.yaml (which
//! must validate clean); each failing case changes one field with `--set`.

mod common;

use common::{check_paths, fixture, pairs, test_schema};

fn valid() -> std::path::PathBuf {
    fixture("manifests/rule_test_valid.yaml")
}

#[test]
fn the_valid_fixture_passes_every_rule() {
    let checked = check_paths(&test_schema(), &[&valid()], &[]);
    assert_eq!(pairs(&checked), vec![], "{:#?}", checked.violations);
    assert_eq!(checked.manifests.len(), 1);
}

/// (override, field path, rule id) — the override breaks exactly that rule.
const FAILING: &[(&str, &str, &str)] = &[
    ("spec.s_const=other", "spec.s_const", "string.const"),
    ("spec.s_len=abcd", "spec.s_len", "string.len"),
    ("spec.s_len=ab", "spec.s_len", "string.len"),
    ("spec.s_min_len=a", "spec.s_min_len", "string.min_len"),
    ("spec.s_max_len=abcde", "spec.s_max_len", "string.max_len"),
    // Four characters but five bytes: max_bytes counts bytes.
    (
        "spec.s_max_bytes=abcé",
        "spec.s_max_bytes",
        "string.max_bytes",
    ),
    ("spec.s_pattern=Abc", "spec.s_pattern", "string.pattern"),
    ("spec.s_in=c", "spec.s_in", "string.in"),
    ("spec.s_not_in=bad", "spec.s_not_in", "string.not_in"),
    ("spec.s_email=not-an-email", "spec.s_email", "string.email"),
    ("spec.s_uri=/relative", "spec.s_uri", "string.uri"),
    ("spec.s_required=''", "spec.s_required", "required"),
    ("spec.i32_const=8", "spec.i32_const", "int32.const"),
    ("spec.i32_lt=10", "spec.i32_lt", "int32.lt"),
    ("spec.i32_lte=11", "spec.i32_lte", "int32.lte"),
    ("spec.i32_gt=-1", "spec.i32_gt", "int32.gt"),
    ("spec.i32_gte=-1", "spec.i32_gte", "int32.gte"),
    ("spec.i32_in=3", "spec.i32_in", "int32.in"),
    ("spec.i32_not_in=13", "spec.i32_not_in", "int32.not_in"),
    ("spec.i32_range=100", "spec.i32_range", "int32.gte_lt"),
    ("spec.i32_range=-1", "spec.i32_range", "int32.gte_lt"),
    ("spec.i64_range=-10", "spec.i64_range", "int64.gt_lte"),
    ("spec.i64_range=11", "spec.i64_range", "int64.gt_lte"),
    ("spec.i64_in=5000000001", "spec.i64_in", "int64.in"),
    ("spec.i64_const=1", "spec.i64_const", "int64.const"),
    ("spec.u32_range=65536", "spec.u32_range", "uint32.gte_lte"),
    ("spec.u32_not_in=22", "spec.u32_not_in", "uint32.not_in"),
    ("spec.u32_const=2", "spec.u32_const", "uint32.in"),
    ("spec.d_range=1.5", "spec.d_range", "double.gte_lte"),
    ("spec.d_gt=-0.5", "spec.d_gt", "double.gt"),
    ("spec.d_const=1.0", "spec.d_const", "double.in"),
    (
        "spec.i32_outside=5",
        "spec.i32_outside",
        "int32.gt_lt_exclusive",
    ),
    (
        "spec.color_defined=7",
        "spec.color_defined",
        "enum.defined_only",
    ),
    ("spec.color_in=COLOR_BLUE", "spec.color_in", "enum.in"),
    (
        "spec.color_not_in=COLOR_BLUE",
        "spec.color_not_in",
        "enum.not_in",
    ),
    ("spec.tags=[a, b, c, d]", "spec.tags", "repeated.max_items"),
    ("spec.tags=[a, a]", "spec.tags", "repeated.unique"),
    ("spec.tags=[a, toolong]", "spec.tags[1]", "string.max_len"),
    ("spec.items=[]", "spec.items", "repeated.min_items"),
    ("spec.items=[{weight: 1}]", "spec.items[0].name", "required"),
    (
        "spec.items=[{name: 'n', weight: -1}]",
        "spec.items[0].weight",
        "int32.gte",
    ),
    ("spec.numbers=[0, -5]", "spec.numbers[1]", "int32.gte"),
    (
        "spec.labels={a: x, b: x, c: x, d: x}",
        "spec.labels",
        "map.max_pairs",
    ),
    (
        "spec.labels={Team: x}",
        "spec.labels[\"Team\"]",
        "string.pattern",
    ),
    (
        "spec.labels.team=toolong",
        "spec.labels[\"team\"]",
        "string.max_len",
    ),
    (
        "spec.by_name={x: {name: toolongname}}",
        "spec.by_name[\"x\"].name",
        "string.max_len",
    ),
    ("spec.low=5", "spec", "spec.min_below_max"),
    ("spec.ttl=30", "spec.ttl", "ttl.zero_or_minute"),
    ("spec.hosts=[Example.com]", "spec.hosts", "hosts.lowercase"),
    ("spec.prefixed=web-one", "spec.prefixed", "prefixed.app"),
    ("spec.opt_name=ab", "spec.opt_name", "string.min_len"),
    ("spec.opt_zero=5", "spec.opt_zero", "int32.gte"),
    ("spec.defaulted=39", "spec.defaulted", "int32.gte"),
    (
        "spec.nested={name: toolongname}",
        "spec.nested.name",
        "string.max_len",
    ),
    ("spec.flag=true", "spec.flag", "bool.const"),
];

#[test]
fn every_rule_fails_on_a_bad_value() {
    let schema = test_schema();
    let mut wrong = Vec::new();
    for (set, field, rule) in FAILING {
        let checked = check_paths(&schema, &[&valid()], &[set]);
        let expected = vec![(field.to_string(), rule.to_string())];
        if pairs(&checked) != expected {
            wrong.push(format!(
                "--set {set}: expected {expected:?}, got {:?}",
                pairs(&checked)
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The library names an override the way a build script wrote it; the command line's
/// `--set` spelling is pinned by tests/cli.rs.
#[test]
fn violations_from_set_name_the_override() {
    let checked = check_paths(&test_schema(), &[&valid()], &["spec.s_len=abcd"]);
    assert!(checked.violations[0]
        .message
        .ends_with("(value from set(\"spec.s_len=abcd\"))"));
}

#[test]
fn a_required_oneof_must_have_a_member() {
    let text = std::fs::read_to_string(valid())
        .unwrap()
        .replace("  target_port: 443\n", "");
    let checked = common::check_text(&test_schema(), &text);
    assert_eq!(
        pairs(&checked),
        vec![("spec.target".into(), "required".into())]
    );
}

#[test]
fn unset_optional_fields_skip_their_rules_and_defaults_fill_in() {
    // opt_name is unset in the fixture (min_len 3 would fail on ""), and `defaulted`
    // (gte 40) passes only because the default "42" is filled before validation.
    let checked = check_paths(&test_schema(), &[&valid()], &[]);
    let spec = &checked.manifests[0].message;
    let spec = spec.get_field_by_name("spec").unwrap();
    let spec = spec.as_message().unwrap();
    assert_eq!(
        spec.get_field_by_name("defaulted").unwrap().as_i32(),
        Some(42)
    );
}

/// On a field with presence, protovalidate's IGNORE_IF_ZERO_VALUE ignores the field only when
/// it is unset: set to 0, it is judged (the differential test pins this against the reference).
#[test]
fn ignore_if_zero_value_on_an_optional_field_ignores_only_unset() {
    let unset = check_paths(&test_schema(), &[&valid()], &[]);
    assert_eq!(pairs(&unset), Vec::<(String, String)>::new());
    let zero = check_paths(&test_schema(), &[&valid()], &["spec.opt_zero=0"]);
    assert_eq!(
        pairs(&zero),
        vec![("spec.opt_zero".to_owned(), "int32.gte".to_owned())]
    );
}

#[test]
fn ignore_if_zero_value_skips_empty_strings() {
    let checked = check_paths(
        &test_schema(),
        &[&valid()],
        &["spec.s_email=''", "spec.s_uri=''"],
    );
    assert_eq!(pairs(&checked), vec![]);
}

#[test]
fn implicit_scalars_are_judged_by_their_zero_value() {
    // s_const has no ignore option: an empty value must still equal "fixed".
    let checked = check_paths(&test_schema(), &[&valid()], &["spec.s_const=''"]);
    assert_eq!(
        pairs(&checked),
        vec![("spec.s_const".into(), "string.const".into())]
    );
}
