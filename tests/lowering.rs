//! Lowering a manifest straight into its message: values read as proto3 JSON reads them,
//! and every value that cannot be read is a problem located where it was written.
//! Each case edits one line of tests/fixtures/manifests/rule_test_valid.yaml.

mod common;

use common::{check_paths, check_text, fixture, test_schema};
use planton_gen::Checked;

fn valid() -> String {
    std::fs::read_to_string(fixture("manifests/rule_test_valid.yaml")).unwrap()
}

/// The valid fixture with `from` (which must occur once) replaced by `to`, checked.
fn edited(from: &str, to: &str) -> Checked {
    let text = valid();
    assert_eq!(text.matches(from).count(), 1, "`{from}` occurs once");
    check_text(&test_schema(), &text.replacen(from, to, 1))
}

/// (field, rule, line, column, message) of every violation.
fn found(checked: &Checked) -> Vec<(String, String, usize, usize, String)> {
    checked
        .violations
        .iter()
        .map(|v| {
            (
                v.field.clone(),
                v.rule.clone(),
                v.line,
                v.col,
                v.message.clone(),
            )
        })
        .collect()
}

/// The line of the valid fixture that starts with `prefix`, 1-based.
fn line_of(prefix: &str) -> usize {
    valid()
        .lines()
        .position(|line| line.starts_with(prefix))
        .unwrap()
        + 1
}

#[test]
fn numbers_may_be_text_or_integral_floats_and_enums_numbers() {
    for (from, to) in [
        ("i32_range: 99", "i32_range: \"99\""),
        ("i64_in: 5000000000", "i64_in: \"5000000000\""),
        ("i32_lte: 10", "i32_lte: 1e1"),
        ("i32_gt: 0", "i32_gt: 0.0"),
        ("d_range: 1.0", "d_range: \"1.0\""),
        ("color_defined: COLOR_RED", "color_defined: 1"),
    ] {
        let checked = edited(from, to);
        assert_eq!(found(&checked), vec![], "{to}");
    }
}

#[test]
fn a_value_no_reader_accepts_is_a_located_field_type_problem() {
    let line = line_of("  i32_gt:");
    let checked = edited("i32_gt: 0", "i32_gt: \"1.5\"");
    let [(field, rule, at, col, message)] = &found(&checked)[..] else {
        panic!("{:#?}", checked.violations)
    };
    assert_eq!(
        (field.as_str(), rule.as_str(), *at, *col),
        ("spec.i32_gt", "field.type", line, 11)
    );
    assert!(message.contains("expected an integer (int32)"), "{message}");

    let line = line_of("  color_in:");
    let checked = edited("color_in: COLOR_GREEN", "color_in: 99999999999");
    let [(field, rule, at, _, message)] = &found(&checked)[..] else {
        panic!("{:#?}", checked.violations)
    };
    assert_eq!(
        (field.as_str(), rule.as_str(), *at),
        ("spec.color_in", "field.type", line)
    );
    assert!(message.contains("out of range"), "{message}");
}

#[test]
fn null_is_no_list_element_and_no_map_value() {
    let line = line_of("  numbers:");
    let checked = edited("numbers: [0, 1, 2]", "numbers: [0, ~, 2]");
    assert_eq!(
        found(&checked),
        vec![(
            "spec.numbers[1]".to_owned(),
            "field.type".to_owned(),
            line,
            16,
            "null is not allowed in a list".to_owned()
        )]
    );
    // A message element used to read as an empty message.
    let checked = edited("    - name: one\n      weight: 1\n", "    - null\n");
    let [(field, rule, _, _, message)] = &found(&checked)[..] else {
        panic!("{:#?}", checked.violations)
    };
    assert_eq!(
        (field.as_str(), rule.as_str(), message.as_str()),
        (
            "spec.items[0]",
            "field.type",
            "null is not allowed in a list"
        )
    );
    let checked = edited("    team: infra", "    team: ~");
    let [(field, rule, _, _, message)] = &found(&checked)[..] else {
        panic!("{:#?}", checked.violations)
    };
    assert!(field.starts_with("spec.labels"), "{field}");
    assert_eq!(
        (rule.as_str(), message.as_str()),
        ("field.type", "null is not allowed as a map value")
    );
}

#[test]
fn a_second_field_of_a_oneof_is_refused_from_the_file_and_from_set() {
    let checked = edited(
        "  target_port: 443\n",
        "  target_port: 443\n  target_host: h\n",
    );
    let [(field, rule, _, _, message)] = &found(&checked)[..] else {
        panic!("{:#?}", checked.violations)
    };
    assert_eq!(
        (field.as_str(), rule.as_str()),
        ("spec.target_host", "field.type")
    );
    assert!(message.contains("oneof `target`"), "{message}");

    let valid = fixture("manifests/rule_test_valid.yaml");
    let checked = check_paths(&test_schema(), &[&valid], &["spec.target_host=h"]);
    let [(field, rule, _, _, message)] = &found(&checked)[..] else {
        panic!("{:#?}", checked.violations)
    };
    assert_eq!(
        (field.as_str(), rule.as_str()),
        ("spec.target_host", "field.type")
    );
    assert!(
        message.ends_with("(value from set(\"spec.target_host=h\"))"),
        "{message}"
    );
}

#[test]
fn set_values_are_lowered_like_the_file() {
    let valid = fixture("manifests/rule_test_valid.yaml");
    let checked = check_paths(
        &test_schema(),
        &[&valid],
        &[
            "spec.numbers=[\"3\", 4.0]",
            "spec.labels.ops=x",
            "spec.nested.weight=2",
        ],
    );
    assert_eq!(found(&checked), vec![]);
    let message = &checked.manifests[0].message;
    let spec = message.get_field_by_name("spec").unwrap();
    let spec = spec.as_message().unwrap();
    let numbers = spec.get_field_by_name("numbers").unwrap();
    let numbers: Vec<i32> = numbers
        .as_list()
        .unwrap()
        .iter()
        .map(|n| n.as_i32().unwrap())
        .collect();
    assert_eq!(numbers, [3, 4]);
    let labels = spec.get_field_by_name("labels").unwrap();
    assert_eq!(labels.as_map().unwrap().len(), 2);
}
