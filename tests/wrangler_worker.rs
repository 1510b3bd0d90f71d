//! A Worker's complete wrangler configuration: one folder per Worker (its environments
//! together), KV bindings named as the namespaces' own wrangler bindings, ids from
//! `--outputs`, read back with a TOML parser and as JSONC.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn planton(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("planton-gen").unwrap();
    command.current_dir(dir).args(["--color", "never"]);
    command
}

/// The bundled family example, plus the same Worker and cache namespace in `dev`.
fn two_environments() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/cloudflare");
    for entry in std::fs::read_dir(&from).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let worker = std::fs::read_to_string(from.join("worker.yaml")).unwrap();
    let dev = worker
        .replace("myapp-api-prod", "myapp-api-dev")
        .replace("env: prod", "env: dev")
        .replace("LOG_LEVEL: info", "LOG_LEVEL: debug")
        .replace("    - name: myapp-sessions-prod\n", "")
        .replace("myapp-cache-prod", "myapp-cache-dev");
    std::fs::write(dir.path().join("worker-dev.yaml"), dev).unwrap();
    std::fs::write(
        dir.path().join("kv-dev.yaml"),
        "apiVersion: cloudflare.project-planton.org/v1\nkind: CloudflareKvNamespace\n\
         metadata:\n  name: myapp-cache-dev\n  env: dev\nspec:\n  namespace_name: myapp-cache-dev\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("tf.json"),
        r#"{
  "myapp_cache_prod_namespace_id": {"value": "0f2ac74b498b48028cb68387c421e279", "type": "string", "sensitive": false},
  "myapp_sessions_prod_namespace_id": {"value": "1f2ac74b498b48028cb68387c421e279", "type": "string", "sensitive": false},
  "myapp_cache_dev_namespace_id": {"value": "2f2ac74b498b48028cb68387c421e279", "type": "string", "sensitive": false}
}"#,
    )
    .unwrap();
    dir
}

#[test]
fn a_worker_gets_one_configuration_with_its_environments_and_resolved_ids() {
    let dir = two_environments();
    planton(dir.path())
        .args(["wrangler", "--outputs", "tf.json", "-o", "out", "."])
        .assert()
        .success();
    let text = std::fs::read_to_string(dir.path().join("out/myapp-api/wrangler.toml")).unwrap();
    let config: toml::Table = text.parse().unwrap();
    assert_eq!(config["name"].as_str(), Some("myapp-api-prod"), "{text}");
    assert_eq!(config["main"].as_str(), Some("index.js"));
    assert_eq!(config["compatibility_date"].as_str(), Some("2025-01-15"));
    assert_eq!(
        config["routes"][0]["pattern"].as_str(),
        Some("api.example.com/*")
    );
    assert_eq!(config["vars"]["LOG_LEVEL"].as_str(), Some("info"));
    let bindings: Vec<(&str, &str)> = config["kv_namespaces"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["binding"].as_str().unwrap(), b["id"].as_str().unwrap()))
        .collect();
    assert_eq!(
        bindings,
        [
            ("MYAPP_CACHE", "0f2ac74b498b48028cb68387c421e279"),
            ("MYAPP_SESSIONS", "1f2ac74b498b48028cb68387c421e279")
        ]
    );
    // The dev Worker restates what wrangler does not inherit.
    let dev = &config["env"]["dev"];
    assert_eq!(dev["name"].as_str(), Some("myapp-api-dev"));
    assert_eq!(dev["vars"]["LOG_LEVEL"].as_str(), Some("debug"));
    assert_eq!(
        dev["kv_namespaces"][0]["id"].as_str(),
        Some("2f2ac74b498b48028cb68387c421e279")
    );
    assert_eq!(dev["kv_namespaces"].as_array().unwrap().len(), 1);
}

#[test]
fn the_jsonc_configuration_says_the_same() {
    let dir = two_environments();
    planton(dir.path())
        .args([
            "wrangler",
            "--format",
            "jsonc",
            "--outputs",
            "tf.json",
            "-o",
            "out",
            ".",
        ])
        .assert()
        .success();
    let jsonc = std::fs::read_to_string(dir.path().join("out/myapp-api/wrangler.jsonc")).unwrap();
    planton(dir.path())
        .args(["wrangler", "--outputs", "tf.json", "-o", "toml", "."])
        .assert()
        .success();
    let toml_text =
        std::fs::read_to_string(dir.path().join("toml/myapp-api/wrangler.toml")).unwrap();
    // Comments out (none of them sits inside a string here), then JSON.
    let json: String = jsonc
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let from_jsonc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let from_toml: serde_json::Value =
        serde_json::to_value(toml_text.parse::<toml::Table>().unwrap()).unwrap();
    assert_eq!(from_jsonc, from_toml);
}

#[test]
fn without_an_output_folder_the_configurations_are_named_not_printed() {
    let dir = two_environments();
    planton(dir.path())
        .args(["wrangler", "--outputs", "tf.json", "."])
        .assert()
        .success()
        .stdout(predicate::str::contains("[[kv_namespaces]]"))
        .stdout(predicate::str::contains("compatibility_date").not())
        .stderr(predicate::str::contains(
            "note: wrangler: 1 file in a folder of its own, written only with -o DIR: \
             myapp-api/wrangler.toml",
        ));
}

#[test]
fn a_variable_named_like_a_binding_is_refused_where_it_is_bound() {
    let dir = two_environments();
    let path = dir.path().join("worker.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("LOG_LEVEL: info", "MYAPP_CACHE: x")).unwrap();
    planton(dir.path())
        .args(["validate", "--error-format", "short", "."])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "./worker.yaml:14:7: spec.kv_bindings[0]: wrangler: binding MYAPP_CACHE of \
             namespace myapp-cache-prod is already the name of variable MYAPP_CACHE in this \
             Worker; give the namespace a distinct annotation planton-gen/binding \
             [wrangler.binding_unique]",
        ));
}

#[test]
fn a_worker_taken_out_of_the_run_loses_its_configuration_and_nothing_else() {
    let dir = two_environments();
    planton(dir.path())
        .args(["-q", "wrangler", "-o", "out", "."])
        .assert()
        .success();
    // Somebody's own files beside the configuration, and another target's output nested
    // in the folder, stay.
    let config = dir.path().join("out/myapp-api/wrangler.toml");
    std::fs::write(
        dir.path().join("out/myapp-api/index.js"),
        "export default {};\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("out/terraform")).unwrap();
    let other = dir.path().join("out/terraform/main.tf");
    std::fs::write(&other, "# Code generated by planton-gen. DO NOT EDIT.\n").unwrap();
    std::fs::remove_file(dir.path().join("worker.yaml")).unwrap();
    std::fs::remove_file(dir.path().join("worker-dev.yaml")).unwrap();
    planton(dir.path())
        .args(["wrangler", "-o", "out", "--check", "."])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "extra: out/myapp-api/wrangler.toml (generated earlier, no longer produced)",
        ));
    planton(dir.path())
        .args(["-q", "wrangler", "-o", "out", "."])
        .assert()
        .success();
    assert!(!config.exists());
    assert!(dir.path().join("out/myapp-api/index.js").exists());
    assert!(other.exists());
}
