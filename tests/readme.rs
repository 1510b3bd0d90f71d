//! The README's examples run as written. Every ```console block after a
//! `<!-- readme-test: NAME -->` line is a shell session: `$ command` lines and the output each
//! prints (stdout and stderr together). The session runs in an empty folder with the built
//! `planton-gen` first on PATH; a `$ cat FILE` shows a file, so FILE is written with what
//! follows before the session starts. The set-up block's first command runs too.

use std::path::Path;

struct Session {
    name: String,
    /// (command, expected output)
    steps: Vec<(String, String)>,
}

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

fn sessions(readme: &str) -> Vec<Session> {
    let mut sessions = Vec::new();
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        let Some(name) = line
            .strip_prefix("<!-- readme-test: ")
            .and_then(|rest| rest.strip_suffix(" -->"))
        else {
            continue;
        };
        assert_eq!(lines.next(), Some("```console"), "{name}: no console block");
        let mut steps: Vec<(String, String)> = Vec::new();
        for line in lines.by_ref().take_while(|l| *l != "```") {
            match line.strip_prefix("$ ") {
                Some(command) => steps.push((command.to_owned(), String::new())),
                None => {
                    let (_, output) = steps.last_mut().expect("output before any command");
                    output.push_str(line);
                    output.push('\n');
                }
            }
        }
        sessions.push(Session {
            name: name.to_owned(),
            steps,
        });
    }
    sessions
}

const END: &str = "@@readme-step-end@@";

/// Runs the session; returns each command's output.
fn run(session: &Session, dir: &Path) -> Vec<String> {
    let mut script = String::new();
    for (command, output) in &session.steps {
        if let Some(file) = command.strip_prefix("cat ") {
            let path = dir.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, output).unwrap();
        }
        // `$?` means the previous command's status, not the marker's.
        let command = command.replace("$?", "$status");
        script.push_str(&format!("{command} 2>&1; status=$?; echo {END}\n"));
    }
    let binary = assert_cmd::cargo::cargo_bin("planton-gen");
    let path = format!(
        "{}:{}",
        binary.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(&script)
        .current_dir(dir)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    text.split(&format!("{END}\n")).map(str::to_owned).collect()
}

#[test]
fn every_readme_session_prints_what_the_readme_shows() {
    let sessions = sessions(&readme());
    let names: Vec<&str> = sessions.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["quick-start", "mistakes"], "sessions found");
    let mut failures = Vec::new();
    for session in &sessions {
        let dir = tempfile::tempdir().unwrap();
        let outputs = run(session, dir.path());
        for (i, (command, expected)) in session.steps.iter().enumerate() {
            let actual = outputs.get(i).map(String::as_str).unwrap_or("<not run>");
            if actual != expected {
                failures.push(format!(
                    "{}: `{command}`\n--- README\n{expected}--- actual\n{actual}",
                    session.name
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_set_up_is_two_commands_and_the_first_one_works() {
    let readme = readme();
    let block = readme
        .split("## Set up (two commands on a fresh machine)\n\n```sh\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("the set-up block");
    let commands: Vec<&str> = block
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .collect();
    assert_eq!(
        commands,
        [
            "cargo run --release -- all -o out/ examples/kv/",
            "cargo test"
        ]
    );
    // The first one, with the binary this test run built and a scratch output folder.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("planton-gen"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["all", "-q", "-o"])
        .arg(&out)
        .arg("examples/kv/")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    for target in ["terraform", "pulumi", "crossplane", "wrangler"] {
        assert!(out.join(target).is_dir(), "no {target} output");
    }
}

#[test]
fn the_session_parser_reads_commands_outputs_and_files() {
    let text = "x\n<!-- readme-test: t -->\n```console\n$ cat a/b.yaml\nk: v\n$ echo $?\n0\n```\n";
    let sessions = sessions(text);
    assert_eq!(sessions.len(), 1);
    assert_eq!(
        sessions[0].steps,
        [
            ("cat a/b.yaml".to_owned(), "k: v\n".to_owned()),
            ("echo $?".to_owned(), "0\n".to_owned())
        ]
    );
    let dir = tempfile::tempdir().unwrap();
    let outputs = run(&sessions[0], dir.path());
    assert_eq!(outputs[0], "k: v\n");
    assert_eq!(outputs[1], "0\n");
}
