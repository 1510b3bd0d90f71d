//! The set-up commands: `init` (an example manifest that validates), `templates list` and
//! `templates export`, `completions` and `man`.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;

fn planton() -> Command {
    let mut command = Command::cargo_bin("planton-gen").unwrap();
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

fn stdout(command: &mut Command) -> String {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{command:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

const SUBCOMMANDS: &[&str] = &[
    "validate",
    "terraform",
    "pulumi",
    "crossplane",
    "wrangler",
    "all",
    "schema",
    "explain",
    "init",
    "templates",
    "completions",
    "man",
];

#[test]
fn init_prints_the_reviewed_example_of_the_built_in_kind() {
    let text = stdout(planton().args(["init", "CloudflareKvNamespace", "myapp-cache-prod"]));
    expectorate::assert_contents("tests/snapshots/init/CloudflareKvNamespace.yaml", &text);
}

#[test]
fn the_example_of_every_built_in_kind_validates_as_it_is() {
    let schema = planton_gen::Schema::builtin().unwrap();
    for kind in schema.kinds() {
        let text = planton_gen::internal::example(&schema, &kind.name, "my-example").unwrap();
        let checked = common::check_text(&schema, &text);
        assert!(
            checked.is_valid(),
            "{}: {:?}",
            kind.name,
            checked.violations
        );
        assert_eq!(checked.manifests.len(), 1);
        // Every field of every message the example nests is shown, set or commented out
        // (lists and maps of messages are shown empty).
        let model = planton_gen::internal::constraint_model(&kind.message).unwrap();
        let mut pending = vec![model.root.clone()];
        while let Some(name) = pending.pop() {
            for field in &model.message(&name).unwrap().fields {
                assert!(
                    text.contains(&format!("{}:", field.name))
                        || text.contains(&format!("{}:", field.json_name)),
                    "{}: field {} missing from\n{text}",
                    kind.name,
                    field.name
                );
                if let planton_gen::internal::Type::Message(inner) = &field.ty {
                    pending.push(inner.clone());
                }
            }
        }
    }
}

/// A name ending in `-<env>` of the environments `metadata.env` declares
/// (`(planton_gen.options.name_suffix_values)`) sets the environment, so the manifest lands
/// in that environment's wrangler section; any other ending leaves it unset.
#[test]
fn init_takes_the_environment_from_the_name_suffix() {
    for (name, env) in [
        ("myapp-cache-dev", Some("dev")),
        ("myapp-cache-staging", Some("staging")),
        ("myapp-prod", Some("prod")),
        ("myapp-cache-devx", None),
        ("dev", None),
        ("myapp-dev-cache", None),
    ] {
        let text = stdout(planton().args(["init", "CloudflareKvNamespace", name]));
        let set: Vec<&str> = text
            .lines()
            .filter_map(|line| line.strip_prefix("  env: "))
            .collect();
        assert_eq!(set, env.into_iter().collect::<Vec<_>>(), "{name}:\n{text}");
        if env.is_none() {
            assert!(
                text.contains("  # env: \"\""),
                "{name}: env should stay commented"
            );
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kv.yaml");
    std::fs::write(
        &file,
        stdout(planton().args(["init", "CloudflareKvNamespace", "myapp-cache-dev"])),
    )
    .unwrap();
    let toml = stdout(planton().arg("wrangler").arg(&file));
    assert!(
        toml.contains("[[env.dev.kv_namespaces]]") && !toml.contains("\n[[kv_namespaces]]"),
        "{toml}"
    );
}

#[test]
fn init_without_a_kind_names_the_kinds_to_choose_from() {
    // Seven built-in kinds: `init` cannot guess, and says which it could make.
    planton()
        .arg("init")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "init needs a KIND: the schema has several kinds (CloudflareD1Database, ",
        ));
}

#[test]
fn init_of_a_kind_pipes_into_validate() {
    let text = stdout(planton().args(["init", "CloudflareWorker"]));
    assert!(text.contains("name: my-cloudflare-worker"), "{text}");
    planton()
        .args(["validate", "-"])
        .write_stdin(text)
        .assert()
        .success();
}

#[test]
fn init_writes_a_file_once_and_never_over_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kv.yaml");
    planton()
        .args(["init", "CloudflareKvNamespace", "team-kv", "-o"])
        .arg(&path)
        .assert()
        .success()
        .stderr(predicate::str::contains("planton-gen validate"));
    let first = std::fs::read_to_string(&path).unwrap();
    assert!(first.contains("name: team-kv"));
    planton()
        .args(["init", "CloudflareKvNamespace", "other", "-o"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("exists"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), first);
}

#[test]
fn init_of_an_unknown_kind_lists_the_known_ones() {
    planton()
        .args(["init", "KvNamespace"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown kind `KvNamespace`; known kinds: CloudflareD1Database, CloudflareDnsZone, CloudflareKvNamespace,",
        ));
}

#[test]
fn init_explains_a_kind_it_cannot_make_valid() {
    planton()
        .args(["--proto-path", "tests/fixtures/proto", "init", "RuleTest"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "cannot make an example of RuleTest",
        ))
        .stderr(predicate::str::contains("[string.len]"));
}

#[test]
fn templates_list_names_every_template_and_where_it_comes_from() {
    let text = stdout(planton().args(["templates", "list"]));
    let templates = planton_gen::internal::Templates::builtin();
    let mut count = 0;
    for (name, _) in templates.iter() {
        count += 1;
        assert!(
            text.contains(&format!("built-in templates/{name}")),
            "{name} not listed:\n{text}"
        );
    }
    assert_eq!(
        text.lines().count(),
        count + 1,
        "one row per template and a header"
    );
    assert!(text.contains("(partial)"), "partials are marked:\n{text}");

    let dir = tempfile::tempdir().unwrap();
    let own = dir
        .path()
        .join("terraform/CloudflareKvNamespace/main.tf.tera");
    std::fs::create_dir_all(own.parent().unwrap()).unwrap();
    std::fs::write(&own, "# {{ marker }}\n").unwrap();
    let text = stdout(
        planton()
            .arg("--templates")
            .arg(dir.path())
            .args(["templates", "list"]),
    );
    let row = text
        .lines()
        .find(|l| {
            l.starts_with("terraform ")
                && l.contains(" CloudflareKvNamespace ")
                && l.contains(" main.tf ")
        })
        .unwrap();
    assert!(row.ends_with(&own.display().to_string()), "{row}");
}

#[test]
fn exported_templates_render_what_the_built_in_ones_do() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("mine");
    planton()
        .args(["templates", "export"])
        .arg(&export)
        .assert()
        .success();
    for (name, text) in planton_gen::internal::Templates::builtin().iter() {
        assert_eq!(std::fs::read_to_string(export.join(name)).unwrap(), text);
    }
    let builtin = stdout(planton().args(["terraform", "examples/kv"]));
    let from_export = stdout(
        planton()
            .arg("--templates")
            .arg(&export)
            .args(["terraform", "examples/kv"]),
    );
    assert_eq!(builtin, from_export);

    // A second export into the same folder touches nothing.
    let main = export.join("terraform/CloudflareKvNamespace/main.tf.tera");
    std::fs::write(&main, "edited").unwrap();
    planton()
        .args(["templates", "export"])
        .arg(&export)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("export into an empty folder"));
    assert_eq!(std::fs::read_to_string(&main).unwrap(), "edited");
}

#[test]
fn completions_cover_every_subcommand_and_bash_accepts_the_script() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout(planton().args(["completions", shell]));
        for subcommand in SUBCOMMANDS {
            assert!(script.contains(subcommand), "{shell}: no {subcommand}");
        }
    }
    let script = stdout(planton().args(["completions", "bash"]));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("planton-gen.bash");
    std::fs::write(&path, script).unwrap();
    let status = std::process::Command::new("bash")
        .arg("-n")
        .arg(&path)
        .status()
        .unwrap();
    assert!(status.success(), "bash -n rejected the completion script");
}

#[test]
fn the_man_page_documents_every_subcommand() {
    let page = stdout(planton().arg("man"));
    assert!(page.contains(".TH planton-gen 1"), "{page}");
    for subcommand in SUBCOMMANDS {
        assert!(
            page.contains(&format!("planton\\-gen\\-{subcommand}(1)")),
            "no {subcommand}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    planton()
        .args(["man", "--out-dir"])
        .arg(dir.path())
        .assert()
        .success();
    for subcommand in SUBCOMMANDS {
        let page = dir.path().join(format!("planton-gen-{subcommand}.1"));
        let text = std::fs::read_to_string(&page).unwrap();
        assert!(
            text.contains(".SH EXAMPLES") || text.contains("Example"),
            "{page:?}"
        );
    }
}

/// Runs `planton-gen ARGS` under `script`, so stderr is a terminal, with stdin held open for
/// two seconds (a run that takes over a second); returns what the terminal showed.
fn on_a_terminal(args: &str) -> String {
    let binary = assert_cmd::cargo::cargo_bin("planton-gen");
    let inner = format!(
        "(sleep 2; cat examples/kv/dev.yaml) | {} {args}",
        binary.display()
    );
    let output = std::process::Command::new("script")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["-qec", &format!("sh -c '{inner}'"), "/dev/null"])
        .output()
        .expect("`script` (util-linux) runs commands on a pseudo-terminal");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_run_over_a_second_shows_its_stage_on_a_terminal_unless_quiet() {
    let shown = on_a_terminal("validate -");
    assert!(
        shown.contains("reading and validating 1 input"),
        "{shown:?}"
    );
    assert!(shown.contains("1 manifest in 1 file: valid"), "{shown:?}");
    let quiet = on_a_terminal("validate -q -");
    assert!(!quiet.contains("reading and validating"), "{quiet:?}");
}

#[test]
fn piped_output_never_shows_progress() {
    let output = std::process::Command::new("sh")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("-c")
        .arg(format!(
            "(sleep 2; cat examples/kv/dev.yaml) | {} validate -",
            assert_cmd::cargo::cargo_bin("planton-gen").display()
        ))
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "1 manifest in 1 file: valid\n"
    );
}

#[test]
fn every_command_help_has_an_example() {
    let mut commands: Vec<Vec<&str>> = vec![vec![]];
    commands.extend(SUBCOMMANDS.iter().map(|c| vec![*c]));
    commands.push(vec!["templates", "list"]);
    commands.push(vec!["templates", "export"]);
    for command in commands {
        let help = stdout(planton().args(&command).arg("--help"));
        assert!(
            help.contains("Example:") || help.contains("Examples:"),
            "`planton-gen {} --help` has no example:\n{help}",
            command.join(" ")
        );
    }
}

#[test]
fn templates_must_name_a_folder() {
    for path in ["README.md", "no/such/folder"] {
        planton()
            .args(["--templates", path, "terraform", "examples/kv"])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(format!(
                "{path}: --templates is not a directory"
            )));
    }
}

#[test]
fn a_template_override_that_does_not_escape_is_warned_about_where_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let main = dir
        .path()
        .join("terraform/CloudflareKvNamespace/main.tf.tera");
    std::fs::create_dir_all(main.parent().unwrap()).unwrap();
    std::fs::write(
        &main,
        "{#- section: once -#}\n# {{ marker }}\n{#- section: each -#}\n# {{ r.spec.namespace_name }}\n\
         # {{ r.spec.description | hcl_string }}\n",
    )
    .unwrap();
    planton()
        .arg("--templates")
        .arg(dir.path())
        .args(["terraform", "examples/kv"])
        .assert()
        .success()
        .stderr(predicate::str::contains(format!(
            "{}:4: `{{{{ r.spec.namespace_name }}}}` is not escaped (no escaping filter)",
            main.display()
        )))
        .stderr(predicate::str::contains("description").not());
    // The exported built-in set is clean.
    let export = dir.path().join("export");
    planton()
        .args(["templates", "export"])
        .arg(&export)
        .assert()
        .success();
    planton()
        .arg("--templates")
        .arg(&export)
        .args(["terraform", "examples/kv"])
        .assert()
        .success()
        .stderr(predicate::str::contains("not escaped").not());
}
