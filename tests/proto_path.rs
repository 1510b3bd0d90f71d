//! `--proto-path`: a monorepo's own .proto tree compiles at run time, its files win over the
//! built-in ones, and the built-in buf.validate and Project Planton files fill in the rest.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

fn planton() -> Command {
    let mut command = Command::cargo_bin("planton-gen").unwrap();
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const WIDGET_PROTO: &str = r#"syntax = "proto3";
package acme.widget.v1;
import "buf/validate/validate.proto";
import "org/project_planton/shared/metadata.proto";
message Widget {
  string api_version = 1 [(buf.validate.field).string.const = "acme.example/v1"];
  string kind = 2 [(buf.validate.field).string.const = "Widget"];
  org.project_planton.shared.CloudResourceMetadata metadata = 3 [(buf.validate.field).required = true];
  WidgetSpec spec = 4 [(buf.validate.field).required = true];
}
message WidgetSpec {
  int32 replicas = 1 [(buf.validate.field).int32 = {gte: 1, lte: 5}];
}
"#;

const WIDGET: &str =
    "apiVersion: acme.example/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  replicas: 9\n";

#[test]
fn a_new_kind_resolves_buf_validate_and_planton_imports_from_the_built_in_set() {
    let tree = tempfile::tempdir().unwrap();
    write(tree.path(), "acme/widget/v1/widget.proto", WIDGET_PROTO);
    write(tree.path(), "deploy/w.yaml", WIDGET);
    planton()
        .arg("--proto-path")
        .arg(tree.path())
        .args(["validate", "--color", "never"])
        .arg(tree.path().join("deploy"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("w.yaml:6:3: spec.replicas: must be greater than or equal to 1 and less than or equal to 5, got 9 [int32.gte_lte]"));
}

#[test]
fn a_tree_with_its_own_validate_proto_and_planton_files_wins_over_the_built_in_ones() {
    let tree = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The monorepo vendors buf/validate and the Project Planton tree, with a stricter limit.
    let validate = std::fs::read_to_string(root.join("proto/buf/validate/validate.proto")).unwrap();
    write(tree.path(), "buf/validate/validate.proto", &validate);
    let spec_path = "org/project_planton/provider/cloudflare/cloudflarekvnamespace/v1/spec.proto";
    let spec = std::fs::read_to_string(root.join("proto").join(spec_path))
        .unwrap()
        .replace("string.max_len = 64", "string.max_len = 10");
    assert!(spec.contains("max_len = 10"));
    write(tree.path(), spec_path, &spec);
    planton()
        .arg("--proto-path")
        .arg(tree.path())
        .args(["validate", "--color", "never", "examples/kv/dev.yaml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "spec.namespace_name: must be at most 10 characters, got 17 [string.max_len]",
        ));
}

#[test]
fn a_tree_that_does_not_compile_is_an_error_with_its_position() {
    let tree = tempfile::tempdir().unwrap();
    write(
        tree.path(),
        "acme/v1/bad.proto",
        "syntax = \"proto3\";\npackage acme.v1;\nmessage X { string a = 1 }\n",
    );
    planton()
        .arg("--proto-path")
        .arg(tree.path())
        .args(["validate", "examples/kv/"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.proto:3:26: expected ';'"));
}

#[test]
fn a_missing_proto_path_is_an_io_error() {
    planton()
        .args(["--proto-path", "no/such/dir", "validate", "examples/kv/"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/dir"));
}
