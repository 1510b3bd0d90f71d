//! One case per error class of docs/errors.md: the real binary runs on a small input from
//! tests/fixtures/errors (the current directory, so paths in reports are relative) that
//! triggers exactly that class, and its exit code, stdout and stderr are compared with
//! tests/snapshots/errors/<case>.txt.
//!
//! Re-bless with `EXPECTORATE=overwrite cargo test --features cli --test errors`, then read
//! every changed snapshot: it must say what the class means, name the right field and rule
//! id, and put the caret under the right token.
//!
//! A case marked `REPORTED` records what planton-gen prints today although it looked wrong or
//! confusing (reported to the maintainers): its snapshot is not the intended output. Re-bless
//! it once the behaviour is fixed.

use assert_cmd::Command;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// One run of planton-gen and what its report must contain.
struct Case {
    /// The class it triggers; also the snapshot's file name.
    name: &'static str,
    args: Vec<&'static str>,
    exit: i32,
    /// Text the report must contain whatever the snapshot says (a rule id, usually).
    expect: &'static str,
}

fn case(name: &'static str, args: &[&'static str], exit: i32, expect: &'static str) -> Case {
    Case {
        name,
        args: args.to_vec(),
        exit,
        expect,
    }
}

/// `planton-gen validate FILE`, which must report a violation (exit 1).
fn invalid(name: &'static str, file: &'static str, expect: &'static str) -> Case {
    case(name, &["validate", "--color", "never", file], 1, expect)
}

/// Whether stdout is part of the snapshot. Only runs that succeed print generated files
/// there, which are other tests' concern.
#[derive(Clone, Copy, PartialEq)]
enum Stdout {
    Compare,
    Ignore,
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/errors")
}

/// Runs planton-gen in `dir` and returns the report as the snapshot holds it: the command,
/// the exit code, stdout and stderr, with `dir` itself (a temporary directory) replaced by
/// `<tmp>`.
fn report(dir: &Path, args: &[&str], stdout: Stdout) -> (Option<i32>, String) {
    let output = Command::cargo_bin("planton-gen")
        .unwrap()
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("COLUMNS", "100")
        .args(args)
        .output()
        .unwrap();
    let code = output.status.code();
    let shown_code = code.map_or_else(|| "none (killed by a signal)".to_owned(), |c| c.to_string());
    let out = match stdout {
        Stdout::Compare => String::from_utf8_lossy(&output.stdout).into_owned(),
        Stdout::Ignore => "(generated output, not compared)\n".to_owned(),
    };
    let err = String::from_utf8_lossy(&output.stderr).into_owned();
    let text = format!(
        "$ planton-gen {}\nexit: {shown_code}\n--- stdout\n{out}--- stderr\n{err}",
        args.join(" ")
    );
    let dir = dir.display().to_string();
    (code, text.replace(&dir, "<tmp>"))
}

/// Runs every case in `dir`, compares each with its snapshot and fails once at the end,
/// naming every case that did not match.
fn check_all(dir: &Path, cases: &[Case], stdout: Stdout) {
    assert_no_failures(failures(dir, cases, stdout));
}

/// The ways the `cases` run in `dir` failed, one line each.
fn failures(dir: &Path, cases: &[Case], stdout: Stdout) -> Vec<String> {
    cases
        .iter()
        .flat_map(|case| check(dir, case, stdout))
        .collect()
}

fn assert_no_failures(failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The ways `case` failed, as lines naming it.
fn check(dir: &Path, case: &Case, stdout: Stdout) -> Vec<String> {
    let (code, text) = report(dir, &case.args, stdout);
    let mut failures = Vec::new();
    if code != Some(case.exit) {
        failures.push(format!(
            "{}: exit code {code:?}, expected {}",
            case.name, case.exit
        ));
    }
    if !text.contains(case.expect) {
        failures.push(format!("{}: report lacks {:?}", case.name, case.expect));
    }
    if text.contains("panicked") {
        failures.push(format!("{}: planton-gen panicked", case.name));
    }
    let snapshot = format!("tests/snapshots/errors/{}.txt", case.name);
    let compared = catch_unwind(AssertUnwindSafe(|| {
        expectorate::assert_contents(&snapshot, &text)
    }));
    if compared.is_err() {
        failures.push(format!(
            "{}: differs from {snapshot} (diff above)",
            case.name
        ));
    }
    failures
}

// ---- planton-gen's own ids: the input is not a well-formed manifest ----

#[test]
fn file_errors() {
    let mut found = failures(
        &fixtures(),
        &[invalid(
            "file_utf8",
            "file_utf8.yaml",
            "file_utf8.yaml:8:19: file is not valid UTF-8 text [file.utf8]",
        )],
        Stdout::Compare,
    );
    // Over 32 MiB: a sparse file in a temporary directory, so writing it costs nothing.
    let dir = tempfile::tempdir().unwrap();
    let huge = std::fs::File::create(dir.path().join("huge.yaml")).unwrap();
    huge.set_len(33 * 1024 * 1024).unwrap();
    found.extend(failures(
        dir.path(),
        &[invalid(
            "file_too_large",
            "huge.yaml",
            "huge.yaml:1:1: file is 33 MiB; manifests are limited to 32 MiB (raise it with --limit file-size=N) [file.too_large]",
        )],
        Stdout::Compare,
    ));
    assert_no_failures(found);
}

#[test]
fn yaml_errors() {
    check_all(
        &fixtures(),
        &[
            invalid(
                "yaml_syntax",
                "yaml_syntax.yaml",
                "yaml_syntax.yaml:8:22: mapping values are not allowed in this context [yaml.syntax]",
            ),
            // REPORTED: the tab is at 7:1, but the parser's position (6:19, under `cache`) is
            // what is shown.
            invalid("yaml_syntax_tab", "yaml_syntax_tab.yaml", "[yaml.syntax]"),
            // The summary counts the documents written, decodable or not.
            invalid(
                "yaml_duplicate_key",
                "yaml_duplicate_key.yaml",
                "yaml_duplicate_key.yaml:9:3: duplicate key `ttl_seconds` (first at line 7, column 3)",
            ),
            invalid(
                "yaml_alias_limit",
                "yaml_alias_limit.yaml",
                "[yaml.alias_limit]",
            ),
            // The caret runs from the too-deep `[` to its closing bracket.
            invalid("yaml_depth", "yaml_depth.yaml", "[yaml.depth]"),
            invalid(
                "yaml_key",
                "yaml_key.yaml",
                "yaml_key.yaml:6:5: a mapping key must be a scalar, found a sequence [yaml.key]",
            ),
            // A NUL is not the end of the file: the file stops here, located.
            invalid(
                "yaml_character",
                "yaml_character.yaml",
                "yaml_character.yaml:6:24: character U+0000 (NUL) is not allowed in YAML text",
            ),
            // Plain scalars a YAML 1.1 reader (kubectl, Project Planton's CLI) reads
            // otherwise: each located at its value, the rest of the manifest still judged.
            invalid(
                "yaml_ambiguous",
                "yaml_ambiguous.yaml",
                "yaml_ambiguous.yaml:12:16: spec.ttl_seconds: `0600` has a leading zero",
            ),
            // A raw LINE SEPARATOR stops the file where it is, like a forbidden character.
            invalid(
                "yaml_ambiguous_line_break",
                "yaml_ambiguous_line_break.yaml",
                "yaml_ambiguous_line_break.yaml:8:23: character U+2028 (LINE SEPARATOR) is a \
                 line break to YAML 1.1 readers",
            ),
            invalid(
                "yaml_tag",
                "yaml_tag.yaml",
                "tag `!!binary` is not supported; manifests use the YAML 1.2 core schema",
            ),
        ],
        Stdout::Compare,
    );
}

#[test]
fn manifest_errors() {
    check_all(
        &fixtures(),
        &[
            // The caret is under the whole comment (the file has nothing else).
            invalid("manifest_empty", "manifest_empty.yaml", "[manifest.empty]"),
            // The caret is under the sequence entry's dash.
            invalid(
                "manifest_not_mapping",
                "manifest_not_mapping.yaml",
                "found a sequence [manifest.not_mapping]",
            ),
            // The caret is under the unknown value.
            invalid(
                "manifest_kind",
                "manifest_kind.yaml",
                "did you mean `CloudflareKvNamespace`?",
            ),
            // The caret stands at the mapping that lacks the field; its label says so.
            invalid(
                "manifest_kind_missing",
                "manifest_kind_missing.yaml",
                "missing `kind`",
            ),
            // The caret is under the unknown value.
            invalid(
                "manifest_api_version",
                "manifest_api_version.yaml",
                "use cloudflare.project-planton.org/v1 [string.const]",
            ),
            // The caret stands at the mapping that lacks the field; its label says so.
            invalid(
                "manifest_api_version_missing",
                "manifest_api_version_missing.yaml",
                "missing `apiVersion`",
            ),
        ],
        Stdout::Compare,
    );
}

#[test]
fn field_errors() {
    check_all(
        &fixtures(),
        &[
            invalid(
                "field_unknown",
                "field_unknown.yaml",
                "did you mean `description`? [field.unknown]",
            ),
            invalid(
                "field_duplicate",
                "field_duplicate.yaml",
                "field_duplicate.yaml:9:3: spec.ttl_seconds:",
            ),
            invalid(
                "field_type",
                "field_type.yaml",
                "field_type.yaml:7:16: spec.ttl_seconds: expected a number (int32)",
            ),
            invalid(
                "field_type_number_for_string",
                "field_type_number_for_string.yaml",
                "quote it to use it as text",
            ),
            invalid(
                "field_type_list_for_message",
                "field_type_list_for_message.yaml",
                "field_type_list_for_message.yaml:5:7: spec: expected a mapping",
            ),
            invalid(
                "field_range",
                "field_range.yaml",
                "field_range.yaml:7:16: spec.ttl_seconds: 2147483648 is out of range for int32",
            ),
            invalid(
                "field_enum",
                "field_enum.yaml",
                "field_enum.yaml:8:13: metadata.relationships[0].type: `calls`",
            ),
        ],
        Stdout::Compare,
    );
}

#[test]
fn name_and_run_errors() {
    check_all(
        &fixtures(),
        &[
            // Required by the schema, so said as `required` (and not also as a name that
            // gives no identifiers).
            invalid(
                "name_missing",
                "name_missing.yaml",
                "name_missing.yaml:3:1: metadata.name: is required [required]",
            ),
            invalid(
                "names_invalid",
                "names_invalid.yaml",
                "names_invalid.yaml:4:3: metadata.name: `..` cannot name generated resources",
            ),
            invalid(
                "names_collision",
                "names_collision.yaml",
                "(names_collision.yaml:4:3) both become `my_kv`",
            ),
            invalid(
                "run_unique_name",
                "run_unique_name.yaml",
                "run_unique_name.yaml:13:3: metadata.name: `cache` is already",
            ),
            invalid(
                "run_unique_namespace_name",
                "run_unique_namespace_name.yaml",
                "run_unique_namespace_name.yaml:15:3: spec.namespace_name: `cache` is already",
            ),
        ],
        Stdout::Compare,
    );
}

// ---- rules of the built-in CloudflareKvNamespace schema (buf.validate) ----

#[test]
fn schema_rules() {
    check_all(
        &fixtures(),
        &[
            invalid(
                "required",
                "required.yaml",
                "required.yaml:5:1: spec.namespace_name: is required [required]",
            ),
            // The caret stands at the mapping that lacks the field; its label says so.
            invalid(
                "required_message",
                "required_message.yaml",
                "spec: is required [required]",
            ),
            // The caret stands at the mapping that lacks the field; its label says so.
            invalid(
                "required_enum",
                "required_enum.yaml",
                "metadata.relationships[0].type: is required [required]",
            ),
            invalid(
                "string_max_len",
                "string_max_len.yaml",
                "string_max_len.yaml:6:3: spec.namespace_name: must be at most 64 characters, got 65 [string.max_len]",
            ),
            // -1 also breaks the CEL rule (0 or at least 60): both are reported.
            invalid(
                "int32_gte",
                "int32_gte.yaml",
                "int32_gte.yaml:7:3: spec.ttl_seconds: must be greater than or equal to 0, got -1 [int32.gte]",
            ),
            invalid(
                "cel_rule",
                "cel_rule.yaml",
                "cel_rule.yaml:7:3: spec.ttl_seconds: must be 0 (no expiry) or at least 60 seconds, Cloudflare's minimum expiration [ttl_seconds.min_expiration]",
            ),
        ],
        Stdout::Compare,
    );
}

#[test]
fn error_formats() {
    check_all(
        &fixtures(),
        &[
            case(
                "format_json",
                &[
                    "validate",
                    "--color",
                    "never",
                    "--error-format",
                    "json",
                    "cel_rule.yaml",
                ],
                1,
                r#"{"file":"cel_rule.yaml","line":7,"col":3,"field":"spec.ttl_seconds","rule":"ttl_seconds.min_expiration""#,
            ),
            case(
                "format_github",
                &[
                    "validate",
                    "--color",
                    "never",
                    "--error-format",
                    "github",
                    "cel_rule.yaml",
                ],
                1,
                "::error file=cel_rule.yaml,line=7,col=3::spec.ttl_seconds:",
            ),
            case(
                "format_short",
                &[
                    "validate",
                    "--color",
                    "never",
                    "--error-format",
                    "short",
                    "cel_rule.yaml",
                ],
                1,
                "cel_rule.yaml:7:3: spec.ttl_seconds:",
            ),
        ],
        Stdout::Compare,
    );
}

// ---- refusals from the built-in templates (exit 1, nothing written) ----
// Each is located at the field it names (file:line:col), with a rule id (`wrangler.*`,
// `crossplane.*`), and follows --error-format like a violation.

#[test]
fn template_refusals() {
    check_all(
        &fixtures(),
        &[
            case(
                "wrangler_require_ids",
                &[
                    "wrangler",
                    "--color",
                    "never",
                    "--require-ids",
                    "wrangler_require_ids.yaml",
                ],
                1,
                "status.outputs.namespace_id is empty",
            ),
            // The same refusal with --error-format json: one object on stdout.
            case(
                "wrangler_require_ids_json",
                &[
                    "wrangler",
                    "--color",
                    "never",
                    "--error-format",
                    "json",
                    "--require-ids",
                    "wrangler_require_ids.yaml",
                ],
                1,
                "status.outputs.namespace_id is empty",
            ),
            case(
                "wrangler_binding_invalid",
                &[
                    "wrangler",
                    "--color",
                    "never",
                    "wrangler_binding_invalid.yaml",
                ],
                1,
                "must be a JavaScript identifier",
            ),
            case(
                "wrangler_binding_underivable",
                &[
                    "wrangler",
                    "--color",
                    "never",
                    "wrangler_binding_underivable.yaml",
                ],
                1,
                "metadata.name: wrangler: no binding can be derived from metadata.name",
            ),
            case(
                "wrangler_binding_duplicate",
                &[
                    "wrangler",
                    "--color",
                    "never",
                    "wrangler_binding_duplicate.yaml",
                ],
                1,
                "[wrangler.binding_unique]",
            ),
            case(
                "wrangler_id_invalid",
                &["wrangler", "--color", "never", "wrangler_id_invalid.yaml"],
                1,
                "must be the 32 hexadecimal digits",
            ),
            case(
                "crossplane_annotation_description",
                &[
                    "crossplane",
                    "--color",
                    "never",
                    "--account-id",
                    "0123456789abcdef0123456789abcdef",
                    "crossplane_annotation_description.yaml",
                ],
                1,
                r#"metadata.annotations["planton-gen/description"]: crossplane: planton-gen writes this annotation"#,
            ),
            case(
                "crossplane_annotation_ttl_seconds",
                &[
                    "crossplane",
                    "--color",
                    "never",
                    "--account-id",
                    "0123456789abcdef0123456789abcdef",
                    "crossplane_annotation_ttl_seconds.yaml",
                ],
                1,
                r#"metadata.annotations["planton-gen/ttl-seconds"]: crossplane: planton-gen writes this annotation"#,
            ),
            case(
                "crossplane_external_name",
                &[
                    "crossplane",
                    "--color",
                    "never",
                    "--account-id",
                    "0123456789abcdef0123456789abcdef",
                    "crossplane_external_name.yaml",
                ],
                1,
                "differs from status.outputs.namespace_id",
            ),
            case(
                "crossplane_label_annotation_clash",
                &[
                    "crossplane",
                    "--color",
                    "never",
                    "--account-id",
                    "0123456789abcdef0123456789abcdef",
                    "crossplane_label_annotation_clash.yaml",
                ],
                1,
                "cannot become an annotation either",
            ),
            case(
                "crossplane_zone_id",
                &[
                    "crossplane",
                    "--color",
                    "never",
                    "--account-id",
                    "0123456789abcdef0123456789abcdef",
                    "crossplane_zone_id.yaml",
                ],
                1,
                "[crossplane.zone_id]",
            ),
        ],
        Stdout::Compare,
    );
}

/// `validate` runs every target's checks: each refusal of a generating command is reported
/// by `validate` on the same file, with the same location, field, message and rule id (the
/// violation lines alike, the summary aside). `--require-ids` is a flag of `wrangler` only.
#[test]
fn validate_reports_what_every_target_refuses() {
    let refused = [
        ("wrangler", "wrangler_binding_invalid.yaml"),
        ("wrangler", "wrangler_binding_underivable.yaml"),
        ("wrangler", "wrangler_binding_duplicate.yaml"),
        ("wrangler", "wrangler_id_invalid.yaml"),
        ("crossplane", "crossplane_annotation_description.yaml"),
        ("crossplane", "crossplane_annotation_ttl_seconds.yaml"),
        ("crossplane", "crossplane_external_name.yaml"),
        ("crossplane", "crossplane_label_annotation_clash.yaml"),
        ("terraform", "wrangler_id_invalid.yaml"),
    ];
    let violations = |args: &[&str]| -> (Option<i32>, Vec<String>) {
        let (code, text) = report(&fixtures(), args, Stdout::Ignore);
        let located = regex::Regex::new(r"^\S+\.yaml:\d+:\d+: .*\[[a-z_.]+\]$").unwrap();
        let lines = text
            .lines()
            .filter(|line| located.is_match(line))
            .map(str::to_owned)
            .collect();
        (code, lines)
    };
    for (target, file) in refused {
        let generated = violations(&[target, "--color", "never", file]);
        let validated = violations(&["validate", "--color", "never", file]);
        assert_eq!(generated.0, Some(1), "{target} {file}");
        assert!(
            !generated.1.is_empty(),
            "{target} {file}: no violation line"
        );
        assert_eq!(validated, generated, "validate and {target} on {file}");
    }
}

// ---- warnings (exit 0; stdout is the generated output, compared by other tests) ----

#[test]
fn warnings() {
    check_all(
        &fixtures(),
        &[
            case(
                "warning_wrangler_without_id",
                &["wrangler", "--color", "never", "valid.yaml"],
                0,
                "warning: cache: status.outputs.namespace_id is empty",
            ),
            case(
                "warning_crossplane_without_account",
                &["crossplane", "--color", "never", "valid.yaml"],
                0,
                "warning: crossplane: no --account-id or --account-ref given",
            ),
            // A kind one target has no templates for is validated and left out of it.
            case(
                "warning_kind_without_templates",
                &[
                    "terraform",
                    "--color",
                    "never",
                    "--proto-path",
                    "no_templates_for_kind",
                    "endpoint.yaml",
                    "valid.yaml",
                ],
                0,
                "terraform: skipped 1 manifest of kind Endpoint",
            ),
            case(
                "warning_crossplane_labels",
                &[
                    "crossplane",
                    "--color",
                    "never",
                    "--account-id",
                    "0123456789abcdef0123456789abcdef",
                    "warning_labels.yaml",
                ],
                0,
                "written as an annotation instead",
            ),
        ],
        Stdout::Ignore,
    );
}

// ---- errors that stop the run (exit 2) ----

#[test]
fn run_stopping_errors() {
    check_all(
        &fixtures(),
        &[
            case("path_missing", &["validate", "--color", "never", "does-not-exist.yaml"], 2, "planton-gen: error: does-not-exist.yaml: No such file or directory",
            ),
            case("directory_without_manifests", &["validate", "--color", "never", "no_manifests"], 2, "planton-gen: error: no_manifests: no manifests found",
            ),
            // An account id every target would write as it is, and Cloudflare refuse.
            case(
                "account_id_invalid",
                &[
                    "crossplane",
                    "--color",
                    "never",
                    "--account-id",
                    "12",
                    "valid.yaml",
                ],
                2,
                "`12` is not a Cloudflare account id (32 hexadecimal digits",
            ),
            case(
                "set_unknown_field",
                &[
                    "validate",
                    "--color",
                    "never",
                    "--set",
                    "spec.ttl_secs=60",
                    "valid.yaml",
                ],
                2,
                "did you mean `ttl_seconds`?",
            ),
            case(
                "set_bad_value",
                &[
                    "validate",
                    "--color",
                    "never",
                    "--set",
                    "spec.ttl_seconds=soon",
                    "valid.yaml",
                ],
                2,
                "--set spec.ttl_seconds=soon: expected a number (int32)",
            ),
            case(
                "set_out_of_range",
                &[
                    "validate",
                    "--color",
                    "never",
                    "--set",
                    "spec.ttl_seconds=2147483648",
                    "valid.yaml",
                ],
                2,
                "out of range for int32",
            ),
            case(
                "set_without_value",
                &[
                    "validate",
                    "--color",
                    "never",
                    "--set",
                    "spec.ttl_seconds",
                    "valid.yaml",
                ],
                2,
                "expected PATH=VALUE",
            ),
            case(
                "proto_path_syntax",
                &[
                    "validate",
                    "--color",
                    "never",
                    "--proto-path",
                    "proto_path_syntax",
                    "valid.yaml",
                ],
                2,
                "proto_path_syntax/broken/v1/broken.proto:7:3:",
            ),
            case(
                "proto_path_import",
                &[
                    "validate",
                    "--color",
                    "never",
                    "--proto-path",
                    "proto_path_import",
                    "valid.yaml",
                ],
                2,
                "proto_path_import/broken/v1/broken.proto:5:1: import 'broken/v1/missing.proto' not found",
            ),
            case(
                "proto_path_not_a_directory",
                &[
                    "validate",
                    "--color",
                    "never",
                    "--proto-path",
                    "no-such-dir",
                    "valid.yaml",
                ],
                2,
                "no-such-dir: --proto-path is not a directory",
            ),
            case(
                "schema_unsupported_rule",
                &[
                    "validate",
                    "--color",
                    "never",
                    "--proto-path",
                    "schema_unsupported_rule",
                    "endpoint.yaml",
                ],
                2,
                "predefined rule `(errors_test.v1.slug)` is not supported yet",
            ),
            case(
                "schema_cel_parse",
                &[
                    "validate",
                    "--color",
                    "never",
                    "--proto-path",
                    "schema_cel_parse",
                    "endpoint.yaml",
                ],
                2,
                "CEL rule `port.range` does not parse",
            ),
            case(
                "schema_rule_type",
                &[
                    "validate",
                    "--color",
                    "never",
                    "--proto-path",
                    "schema_rule_type",
                    "endpoint.yaml",
                ],
                2,
                "`string` rules do not fit a field of type int32",
            ),
            case(
                "schema_two_kinds",
                &[
                    "validate",
                    "--color",
                    "never",
                    "--proto-path",
                    "schema_two_kinds",
                    "endpoint.yaml",
                ],
                2,
                "two messages declare kind Endpoint",
            ),
            case(
                "no_templates_for_kind",
                &[
                    "terraform",
                    "--color",
                    "never",
                    "--proto-path",
                    "no_templates_for_kind",
                    "endpoint.yaml",
                ],
                2,
                "no terraform templates for kind Endpoint",
            ),
            case(
                "template_render",
                &[
                    "wrangler",
                    "--color",
                    "never",
                    "--templates",
                    "template_render",
                    "valid.yaml",
                ],
                2,
                "wrangler/CloudflareKvNamespace/wrangler.kv.toml.tera",
            ),
            // The file is named as read (template_parse/wrangler/…). REPORTED: the position
            // (5:1, Tera's parser reaching the end of the input) is past the file's last line.
            case(
                "template_parse",
                &[
                    "wrangler",
                    "--color",
                    "never",
                    "--templates",
                    "template_parse",
                    "valid.yaml",
                ],
                2,
                "wrangler/CloudflareKvNamespace/wrangler.kv.toml.tera",
            ),
            // valid.yaml is a file, so nothing can be created under it.
            case(
                "output_write_fails",
                &[
                    "terraform",
                    "--color",
                    "never",
                    "-o",
                    "valid.yaml/out",
                    "valid.yaml",
                ],
                2,
                "planton-gen: error: valid.yaml/out:",
            ),
            case(
                "all_without_out",
                &["all", "--color", "never", "valid.yaml"],
                2,
                "`all` writes one folder per target and needs -o DIR",
            ),
            case(
                "unknown_kind",
                &[
                    "crossplane",
                    "--color",
                    "never",
                    "--xrd",
                    "--kind",
                    "KvNamespace",
                ],
                2,
                "unknown kind `KvNamespace`; known kinds: CloudflareD1Database, CloudflareDnsZone, CloudflareKvNamespace,",
            ),
            case(
                "usage_no_manifest",
                &["validate", "--color", "never"],
                2,
                "<MANIFEST>",
            ),
        ],
        Stdout::Compare,
    );
}

/// A file at the output path without planton-gen's marker is never overwritten. Run in a
/// temporary directory, so a regression cannot overwrite a fixture.
#[test]
fn output_file_without_marker() {
    let dir = tempfile::tempdir().unwrap();
    let hand_written = "main = \"src/index.js\"\n";
    std::fs::create_dir(dir.path().join("out")).unwrap();
    std::fs::write(dir.path().join("out/wrangler.kv.toml"), hand_written).unwrap();
    std::fs::copy(fixtures().join("valid.yaml"), dir.path().join("valid.yaml")).unwrap();
    check_all(
        dir.path(),
        &[case(
            "output_unmarked",
            &["wrangler", "--color", "never", "-o", "out", "valid.yaml"],
            2,
            "out/wrangler.kv.toml: exists and was not generated by planton-gen",
        )],
        Stdout::Compare,
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out/wrangler.kv.toml")).unwrap(),
        hand_written,
        "the hand-written file was changed"
    );
}
