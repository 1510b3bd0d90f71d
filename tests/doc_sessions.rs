//! Every shell session in the documentation runs as written, against the built binary:
//! README.md, docs/flows/*.md, docs/guides/*.md and docs/interfaces/*.md. A flow that drifts
//! from the tool fails here. (docs/benchmarks.md's measuring commands are not run: they build
//! planton-gen in release mode and take minutes.)
//!
//! # Marking a block
//!
//! A fenced block is run when the line right before it is a marker:
//!
//! ```text
//! <!-- doc-test: SESSION [OPTION ...] -->
//! ```
//!
//! or, with hidden set-up lines (shell commands run before the block, which must succeed):
//!
//! ```text
//! <!-- doc-test: SESSION [OPTION ...]
//! mkdir -p infra && cp -r "$REPO/examples/kv" infra/kv
//! -->
//! ```
//!
//! - The marked blocks of one document with the same SESSION name are one shell session: one
//!   bash process, in a fresh empty folder, running the blocks in document order. `cd`, shell
//!   variables and files carry over from one block to the next, as in a reader's terminal.
//!   Nothing is shared between sessions or documents.
//! - ```` ```console ```` blocks are transcripts: `$ command` lines, each followed by what it
//!   prints (stdout and stderr together), which must match. A line `…` (alone, indentation
//!   aside) stands for any number of lines, and `…` within a line for any text. `$ cat FILE`
//!   steps before a block's first other command declare input: FILE is written with the
//!   text that follows, then shown. A command's exit status counts where the transcript shows
//!   it (`$ echo $?`).
//! - ```` ```sh ```` (or `bash`) blocks run as a script under `set -e -o pipefail`: every
//!   command must succeed, unless the marker says `exit=N`: then the block must stop the
//!   session with status N (so it is the session's last block).
//! - Other options:
//!   - `file=PATH`: the block (any language) is a file the reader writes: it is written to
//!     PATH at that point of the session, not run.
//!   - `run` (with `file=`): the file is then made executable and run; it must exit 0.
//!   - `patch=PATH`: the block is a unified diff the reader applies to PATH (with `patch`).
//!   - `shows=PATH`: the block shows a file the session made (in full, or shortened with `…`);
//!     PATH must match it as console output does.
//! - Every block (and its set-up) must end in the folder it started in: a `cd dir` that does
//!   not come back would run the reader's next block in the wrong place. Use `( cd dir && … )`
//!   or the tool's own `-C dir` / `-chdir=dir`.
//! - Set-up lines are for what the document says in prose ("copied to `infra/kv/`", "after
//!   ttl_seconds changed to 600"). `$REPO` is this repository, to copy examples/kv from:
//!   nothing outside the session folder and the repository is read.
//!
//! # Environment
//!
//! PATH holds the built `planton-gen` first, then stubs of the tools the docs call besides
//! planton-gen (terraform, pulumi, go, kubectl, wrangler, cargo: bash scripts in
//! tests/doc_stubs/), then the system's. Each stub appends its command line to `calls.log` in
//! its folder, fails as the real tool does where a flow depends on it (a missing folder, no
//! configuration there, `terraform plan` before `init`, a required variable not given,
//! `pulumi up` without `go mod tidy`, no Pulumi.yaml where pulumi runs), and prints what a
//! later step reads: `terraform output -json` and `pulumi stack output --json` print the ids
//! of the namespaces in the folder's outputs.tf / main.go (after `apply` / `up`),
//! `kubectl get … -o jsonpath` those of the objects applied earlier, and
//! `cargo install --root R` puts the built planton-gen in R/bin. The ids are the placeholder
//! ids the documents show. bash, git, patch, timeout, sed, awk, md5sum and the like are the
//! system's. HOME is a folder of the session, `NO_COLOR=1`, `LC_ALL=C.UTF-8`, and
//! `CF_ACCOUNT`, `CF_ACCOUNT_ID` and `CF_API_TOKEN` hold placeholders.
//!
//! Every ```` ```sh ```` or ```` ```console ```` block of those documents that mentions
//! planton-gen must be marked (`every_block_that_runs_planton_gen_is_marked`), so a new
//! document cannot escape. `DOC_SESSIONS=pulumi cargo test --test doc_sessions` runs only the
//! sessions whose `document#session` contains `pulumi`; with `DOC_SESSIONS_KEEP=1` each
//! session's folder (work/, home/, stubs/ with session.sh and calls.log) is kept and named.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// README.md, docs/flows/*.md, docs/guides/*.md and docs/interfaces/*.md, as paths relative
/// to the repository.
fn documents() -> Vec<String> {
    let mut docs = vec!["README.md".to_owned()];
    for dir in ["docs/flows", "docs/guides", "docs/interfaces"] {
        let mut found: Vec<String> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".md"))
            .map(|name| format!("{dir}/{name}"))
            .collect();
        found.sort();
        docs.extend(found);
    }
    docs
}

fn read(doc: &str) -> String {
    std::fs::read_to_string(root().join(doc)).unwrap()
}

#[derive(Debug, Clone, PartialEq)]
struct Marker {
    session: String,
    options: BTreeMap<String, String>,
    setup: Vec<String>,
}

#[derive(Debug, Clone)]
struct Block {
    /// `doc:line` of the opening fence.
    at: String,
    lang: String,
    body: String,
    marker: Option<Marker>,
}

const OPTIONS: &[&str] = &["file", "run", "patch", "shows", "exit"];

fn parse_marker(head: &str, setup: Vec<String>, at: &str) -> Marker {
    let mut words = head.split_whitespace();
    let session = words
        .next()
        .unwrap_or_else(|| panic!("{at}: doc-test marker without a session name"))
        .to_owned();
    let mut options = BTreeMap::new();
    for word in words {
        let (key, value) = word.split_once('=').unwrap_or((word, ""));
        assert!(
            OPTIONS.contains(&key),
            "{at}: unknown doc-test option `{key}` (known: {OPTIONS:?})"
        );
        assert!(
            !value.contains(['\'', '"', '$', '`', '\\']),
            "{at}: `{word}`: a path in a marker must be plain"
        );
        options.insert(key.to_owned(), value.to_owned());
    }
    Marker {
        session,
        options,
        setup,
    }
}

/// Every fenced block of a Markdown text, with the marker before it, if any.
fn blocks(doc: &str, text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks = Vec::new();
    let mut pending: Option<Marker> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let at = format!("{doc}:{}", i + 1);
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("<!-- doc-test:") {
            assert!(pending.is_none(), "{at}: two doc-test markers in a row");
            let (head, setup) = match rest.split_once("-->") {
                Some((head, _)) => (head.to_owned(), Vec::new()),
                None => {
                    let mut setup = Vec::new();
                    loop {
                        i += 1;
                        let line = lines
                            .get(i)
                            .unwrap_or_else(|| panic!("{at}: doc-test marker never closed"));
                        if line.trim() == "-->" {
                            break;
                        }
                        setup.push((*line).to_owned());
                    }
                    (rest.to_owned(), setup)
                }
            };
            pending = Some(parse_marker(&head, setup, &at));
        } else if let Some(lang) = trimmed.strip_prefix("```") {
            let indent = &line[..line.len() - trimmed.len()];
            let mut body = String::new();
            loop {
                i += 1;
                let line = lines
                    .get(i)
                    .unwrap_or_else(|| panic!("{at}: code block never closed"));
                if line.trim() == "```" {
                    break;
                }
                body.push_str(line.strip_prefix(indent).unwrap_or(line));
                body.push('\n');
            }
            blocks.push(Block {
                at,
                lang: lang.trim().to_owned(),
                body,
                marker: pending.take(),
            });
        } else if pending.is_some() {
            panic!("{at}: a doc-test marker must stand right before a code block");
        }
        i += 1;
    }
    assert!(pending.is_none(), "{doc}: a doc-test marker at the end");
    blocks
}

/// One unit of a session: a piece of script that ends by printing the step marker.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    /// Runs under `set -e`; must succeed, or stop the session with `exit`.
    Script { body: String, exit: i32 },
    /// A console command and the output it must print.
    Command { command: String, expected: String },
}

#[derive(Debug)]
struct Session {
    name: String,
    /// (where, step)
    steps: Vec<(String, Step)>,
}

fn heredoc(command: &str, content: &str) -> String {
    assert!(
        !content.contains(EOF),
        "a block holds the heredoc delimiter"
    );
    format!("{command} <<'{EOF}'\n{content}{EOF}\n")
}

const EOF: &str = "@@DOC_EOF@@";

/// Ends a block: a reader's shell must be back in the folder it was in, or the next block
/// runs elsewhere (`cd dir` without coming back).
const SAME_FOLDER: &str = "[ \"$PWD\" = \"$__doc_root\" ] || { echo \"the block ends in $PWD, not in the folder it started in: a cd that does not come back\"; exit 97; }\n";
const STEP: &str = "@@doc-step@@";

fn write_file(path: &str, content: &str) -> String {
    assert!(
        !path.contains(['\'', '"', '$', '`', '\\']),
        "`{path}`: a path to write must be plain"
    );
    format!(
        "mkdir -p \"$(dirname '{path}')\"\n{}",
        heredoc(&format!("cat > '{path}'"), content)
    )
}

/// The steps of one marked block.
fn steps(block: &Block, marker: &Marker) -> Vec<(String, Step)> {
    let at = &block.at;
    let mut steps = Vec::new();
    if !marker.setup.is_empty() {
        steps.push((
            format!("{at} (set-up in its marker)"),
            Step::Script {
                body: marker.setup.join("\n") + "\n" + SAME_FOLDER,
                exit: 0,
            },
        ));
    }
    let option = |key: &str| marker.options.get(key).map(String::as_str);
    let exit = option("exit").map_or(0, |n| {
        n.parse()
            .unwrap_or_else(|_| panic!("{at}: exit={n} is not a number"))
    });
    if let Some(path) = option("file") {
        let mut body = write_file(path, &block.body);
        if option("run").is_some() {
            body.push_str(&format!("chmod +x '{path}'\n./'{path}'\n"));
        }
        body.push_str(SAME_FOLDER);
        steps.push((at.clone(), Step::Script { body, exit }));
    } else if let Some(path) = option("patch") {
        let body = heredoc(
            &format!("patch --quiet --no-backup-if-mismatch '{path}'"),
            &block.body,
        );
        steps.push((at.clone(), Step::Script { body, exit }));
    } else if let Some(path) = option("shows") {
        steps.push((
            at.clone(),
            Step::Command {
                command: format!("cat '{path}'"),
                expected: block.body.clone(),
            },
        ));
    } else {
        match block.lang.as_str() {
            "sh" | "bash" => steps.push((
                at.clone(),
                Step::Script {
                    body: block.body.clone() + SAME_FOLDER,
                    exit,
                },
            )),
            "console" => {
                let mut commands: Vec<(String, String)> = Vec::new();
                for line in block.body.lines() {
                    match line.strip_prefix("$ ") {
                        Some(command) => commands.push((command.to_owned(), String::new())),
                        None => {
                            let (_, output) = commands
                                .last_mut()
                                .unwrap_or_else(|| panic!("{at}: output before any `$ `"));
                            output.push_str(line);
                            output.push('\n');
                        }
                    }
                }
                let mut inputs = true;
                for (command, expected) in commands {
                    match command.strip_prefix("cat ") {
                        Some(path) if inputs => steps.push((
                            format!("{at} (`$ cat {path}` writes it)"),
                            Step::Script {
                                body: write_file(path, &expected),
                                exit: 0,
                            },
                        )),
                        _ => inputs = false,
                    }
                    steps.push((at.clone(), Step::Command { command, expected }));
                }
                steps.push((
                    format!("{at} (end of the block)"),
                    Step::Script {
                        body: SAME_FOLDER.to_owned(),
                        exit: 0,
                    },
                ));
            }
            other => panic!("{at}: a ```{other} block runs only with file=, patch= or shows="),
        }
    }
    let script = option("file").is_some()
        || (matches!(block.lang.as_str(), "sh" | "bash")
            && option("patch").is_none()
            && option("shows").is_none());
    assert!(
        exit == 0 || script,
        "{at}: exit= is for sh blocks and files"
    );
    assert!(
        option("run").is_none() || option("file").is_some(),
        "{at}: run goes with file="
    );
    steps
}

/// The sessions of one document, in order of their first block.
fn sessions(doc: &str, text: &str) -> Vec<Session> {
    let mut sessions: Vec<Session> = Vec::new();
    for block in blocks(doc, text) {
        let Some(marker) = &block.marker else {
            continue;
        };
        let steps = steps(&block, marker);
        match sessions.iter_mut().find(|s| s.name == marker.session) {
            Some(session) => session.steps.extend(steps),
            None => sessions.push(Session {
                name: marker.session.clone(),
                steps,
            }),
        }
    }
    for session in &sessions {
        for (at, step) in &session.steps[..session.steps.len() - 1] {
            if let Step::Script { exit, .. } = step {
                assert_eq!(*exit, 0, "{at}: a block with exit= must end its session");
            }
        }
    }
    sessions
}

/// The script of a session: every step ends by printing `STEP status`.
fn script(session: &Session) -> String {
    let mut script = String::from("exec 2>&1 </dev/null\n__doc_status=0\n__doc_root=$PWD\n");
    for (_, step) in &session.steps {
        match step {
            Step::Script { body, .. } => {
                script.push_str("set -e -o pipefail\n");
                script.push_str(body);
                script.push_str(&format!("\nset +e +o pipefail\nprintf '{STEP} 0\\n'\n"));
            }
            Step::Command { command, .. } => {
                // `$?` is the previous command's status, not the step marker's.
                let command = command.replace("$?", "$__doc_status");
                script.push_str(&format!(
                    "{command}\n__doc_status=$?\nprintf '{STEP} %s\\n' \"$__doc_status\"\n"
                ));
            }
        }
    }
    script.push_str("exit 0\n");
    script
}

/// Whether `actual` is what `expected` shows: `…` alone on a line is any lines, `…` in a line
/// any text.
fn output_matches(expected: &str, actual: &str) -> bool {
    if !actual.is_empty() && !actual.ends_with('\n') {
        return false;
    }
    let want: Vec<&str> = expected.lines().collect();
    let have: Vec<&str> = actual.lines().collect();
    // reach[i][j]: want[..i] matches have[..j].
    let mut reach = vec![vec![false; have.len() + 1]; want.len() + 1];
    reach[0][0] = true;
    for i in 0..=want.len() {
        for j in 0..=have.len() {
            if !reach[i][j] || i == want.len() {
                continue;
            }
            if want[i].trim() == "…" {
                reach[i + 1][j..].fill(true);
            } else if j < have.len() && line_matches(want[i], have[j]) {
                reach[i + 1][j + 1] = true;
            }
        }
    }
    reach[want.len()][have.len()]
}

fn line_matches(pattern: &str, line: &str) -> bool {
    let parts: Vec<&str> = pattern.split('…').collect();
    let [first, middle @ .., last] = parts.as_slice() else {
        return pattern == line;
    };
    if !line.starts_with(first) {
        return false;
    }
    let mut at = first.len();
    for part in middle {
        match line[at..].find(part) {
            Some(found) => at += found + part.len(),
            None => return false,
        }
    }
    line.len() >= at + last.len() && line.ends_with(last)
}

struct Workspace {
    temp: tempfile::TempDir,
    work: PathBuf,
    home: PathBuf,
    stubs: PathBuf,
}

fn workspace() -> Workspace {
    let temp = tempfile::tempdir().unwrap();
    let work = temp.path().join("work");
    let home = temp.path().join("home");
    let stubs = temp.path().join("stubs");
    for dir in [&work, &home, &stubs] {
        std::fs::create_dir_all(dir).unwrap();
    }
    for (name, text) in STUBS {
        let path = stubs.join(name);
        std::fs::write(&path, text).unwrap();
        if !name.ends_with(".sh") {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }
    Workspace {
        temp,
        work,
        home,
        stubs,
    }
}

/// Runs the session; returns (each finished step's output and status, the output after the
/// last finished step, the shell's exit status).
fn run(session: &Session) -> (Vec<(String, i32)>, String, Option<i32>) {
    let space = workspace();
    let binary = assert_cmd::cargo::cargo_bin("planton-gen");
    let path = format!(
        "{}:{}:{}",
        binary.parent().unwrap().display(),
        space.stubs.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let script_path = space.stubs.join("session.sh");
    std::fs::write(&script_path, script(session)).unwrap();
    let mut command = std::process::Command::new("timeout");
    command
        .arg("120")
        .arg("bash")
        .arg("--noprofile")
        .arg("--norc")
        .arg(&script_path)
        .current_dir(&space.work)
        .env_clear()
        .env("PATH", path)
        .env("HOME", &space.home)
        .env("NO_COLOR", "1")
        .env("LC_ALL", "C.UTF-8")
        .env("TERM", "dumb")
        .env("REPO", root())
        .env("DOC_STUBS", &space.stubs)
        .env("PLANTON_GEN_BIN", &binary)
        .env("CF_ACCOUNT", ACCOUNT)
        .env("CF_ACCOUNT_ID", ACCOUNT)
        .env("CF_API_TOKEN", "placeholder-api-token")
        .env("GIT_AUTHOR_NAME", "Doc Test")
        .env("GIT_AUTHOR_EMAIL", "doc-test@example.com")
        .env("GIT_COMMITTER_NAME", "Doc Test")
        .env("GIT_COMMITTER_EMAIL", "doc-test@example.com")
        .env("GIT_CONFIG_NOSYSTEM", "1");
    if let Ok(tmp) = std::env::var("TMPDIR") {
        command.env("TMPDIR", tmp);
    }
    let output = command.output().unwrap();
    if std::env::var_os("DOC_SESSIONS_KEEP").is_some() {
        let kept = space.temp.keep();
        eprintln!("{}: kept in {}", session.name, kept.display());
    }
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let mut finished = Vec::new();
    let mut rest = text.as_str();
    while let Some(found) = rest.find(STEP) {
        let (out, after) = rest.split_at(found);
        let after = &after[STEP.len()..];
        let (status, after) = after.split_once('\n').unwrap_or((after, ""));
        finished.push((out.to_owned(), status.trim().parse().unwrap_or(-1)));
        rest = after;
    }
    (finished, rest.to_owned(), output.status.code())
}

const ACCOUNT: &str = "0123456789abcdef0123456789abcdef";

/// Runs a session and returns what differs from the document.
fn check(doc: &str, session: &Session) -> Vec<String> {
    let (finished, rest, status) = run(session);
    let mut failures = Vec::new();
    let name = format!("{doc} session `{}`", session.name);
    for (i, (at, step)) in session.steps.iter().enumerate() {
        let Some((output, _)) = finished.get(i) else {
            let status = status.map_or("a signal".to_owned(), |s| s.to_string());
            let expected_stop = matches!(step, Step::Script { exit, .. }
                if i + 1 == session.steps.len() && status == exit.to_string());
            if !expected_stop {
                failures.push(format!(
                    "{name}: {at}: the shell stopped with exit status {status} in:\n{}\n--- output\n{rest}",
                    describe(step)
                ));
            }
            return failures;
        };
        match step {
            Step::Command { command, expected } => {
                if !output_matches(expected, output) {
                    failures.push(format!(
                        "{name}: {at}: `$ {command}`\n--- document\n{expected}--- actual\n{output}"
                    ));
                }
            }
            Step::Script { exit, .. } if *exit != 0 => failures.push(format!(
                "{name}: {at}: expected to stop with exit status {exit}, but succeeded:\n{output}"
            )),
            Step::Script { .. } => {}
        }
    }
    if status != Some(0) {
        failures.push(format!("{name}: the shell ended with {status:?}\n{rest}"));
    }
    failures
}

fn describe(step: &Step) -> String {
    match step {
        Step::Script { body, .. } => body.clone(),
        Step::Command { command, .. } => format!("$ {command}"),
    }
}

/// Every session of every document.
fn all_sessions() -> Vec<(String, Session)> {
    documents()
        .into_iter()
        .flat_map(|doc| {
            let text = read(&doc);
            sessions(&doc, &text)
                .into_iter()
                .map(move |session| (doc.clone(), session))
        })
        .collect()
}

/// Runs `work` over `items` on a few threads (the sessions mostly wait for processes).
fn in_parallel<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let threads = 4;
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::SeqCst);
                        let Some(item) = items.get(i) else { break };
                        done.push((i, work(item)));
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

#[test]
fn every_documented_session_runs_as_written() {
    let sessions = all_sessions();
    // DOC_SESSIONS=TEXT runs only the sessions whose `doc#name` contains TEXT.
    let only = std::env::var("DOC_SESSIONS").unwrap_or_default();
    let names: Vec<String> = sessions
        .iter()
        .map(|(doc, s)| format!("{doc}#{}", s.name))
        .collect();
    if only.is_empty() {
        for expected in [
            "README.md#quick-start",
            "README.md#mistakes",
            "docs/flows/deploy-and-wire-ids.md#flow",
            "docs/flows/generated-files-in-git.md#flow",
            "docs/guides/pulumi.md#guide",
        ] {
            assert!(
                names.iter().any(|n| n == expected),
                "no session {expected}: {names:?}"
            );
        }
    }
    let sessions: Vec<&(String, Session)> = sessions
        .iter()
        .zip(&names)
        .filter(|(_, name)| name.contains(&only))
        .map(|(session, _)| session)
        .collect();
    let started = std::time::Instant::now();
    let failures: Vec<String> = in_parallel(&sessions, |(doc, session)| check(doc, session))
        .into_iter()
        .flatten()
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(
        started.elapsed() < Duration::from_secs(120),
        "the documented sessions took {:?}",
        started.elapsed()
    );
}

#[test]
fn every_block_that_runs_planton_gen_is_marked() {
    let mut unmarked = Vec::new();
    let mut marked = 0;
    for doc in documents() {
        for block in blocks(&doc, &read(&doc)) {
            let shell = matches!(block.lang.as_str(), "sh" | "bash" | "shell" | "console");
            if block.marker.is_some() {
                marked += 1;
            } else if shell && block.body.contains("planton-gen") {
                unmarked.push(format!("{}: ```{}", block.at, block.lang));
            }
        }
    }
    assert!(
        unmarked.is_empty(),
        "blocks that run planton-gen without a `<!-- doc-test: SESSION -->` marker:\n{}",
        unmarked.join("\n")
    );
    assert!(marked > 40, "only {marked} marked blocks");
}

#[test]
fn the_set_up_is_two_commands_and_the_first_one_works() {
    let readme = read("README.md");
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
        .current_dir(root())
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

// The runner itself: it must be able to fail.

const SAMPLE: &str = r#"Intro.

<!-- doc-test: s
printf 'k: v\n' > given.yaml
-->
```console
$ cat a/b.yaml
x: 1
$ (exit 3)
$ echo $?
3
$ cat given.yaml
k: v
$ printf 'one\ntwo\nthree\nfour\n'
one
…
four
```

<!-- doc-test: s file=notes/n.txt -->
```text
hello
```

<!-- doc-test: s shows=notes/n.txt -->
```text
h…o
```

<!-- doc-test: s -->
```sh
cd notes
test -f n.txt
cd ..
kept=yes
```

<!-- doc-test: s exit=4 -->
```sh
test "$kept" = yes   # from the block before
exit 4
```
"#;

#[test]
fn the_runner_reads_markers_runs_sessions_and_passes_a_true_document() {
    let sessions = sessions("sample.md", SAMPLE);
    assert_eq!(sessions.len(), 1);
    let steps: Vec<&Step> = sessions[0].steps.iter().map(|(_, s)| s).collect();
    assert!(
        matches!(steps[0], Step::Script { body, exit: 0 } if body.starts_with("printf 'k: v\\n' > given.yaml\n")),
        "{:?}",
        steps[0]
    );
    assert!(
        matches!(steps[1], Step::Script { body, .. } if body.contains("cat > 'a/b.yaml'") && body.contains("x: 1\n"))
    );
    assert_eq!(steps.len(), 12, "{steps:#?}");
    assert_eq!(check("sample.md", &sessions[0]), Vec::<String>::new());
}

#[test]
fn the_runner_reports_wrong_output_failed_commands_and_wrong_exit_codes() {
    let wrong_output = SAMPLE.replace("$ echo $?\n3\n", "$ echo $?\n0\n");
    let failures = check("sample.md", &sessions("sample.md", &wrong_output)[0]);
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert!(failures[0].contains("`$ echo $?`"), "{failures:?}");

    let failing_command = SAMPLE.replace("test -f n.txt\ncd ..", "test -f no-such-file\ncd ..");
    let failures = check("sample.md", &sessions("sample.md", &failing_command)[0]);
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert!(
        failures[0].contains("stopped with exit status 1") && failures[0].contains("no-such-file"),
        "{failures:?}"
    );

    let wrong_exit = SAMPLE.replace("exit=4", "exit=5");
    let failures = check("sample.md", &sessions("sample.md", &wrong_exit)[0]);
    assert!(failures[0].contains("exit status 4"), "{failures:?}");

    let wrong_file = SAMPLE.replace("h…o\n", "h…x\n");
    let failures = check("sample.md", &sessions("sample.md", &wrong_file)[0]);
    assert!(
        failures[0].contains("`$ cat 'notes/n.txt'`"),
        "{failures:?}"
    );

    let no_way_back = SAMPLE.replace("cd ..\n", "");
    let failures = check("sample.md", &sessions("sample.md", &no_way_back)[0]);
    assert!(
        failures[0].contains("a cd that does not come back")
            && failures[0].contains("sample.md:31"),
        "{failures:?}"
    );
}

#[test]
fn ellipses_stand_for_lines_and_text() {
    assert!(output_matches("a\n…\nd\n", "a\nb\nc\nd\n"));
    assert!(output_matches("a\n…\nd\n", "a\nd\n"));
    assert!(output_matches("…\n", ""));
    assert!(output_matches("  …\nz\n", "x\ny\nz\n"));
    assert!(output_matches("wrote … files\n", "wrote 5 files\n"));
    assert!(!output_matches("a\n…\nd\n", "a\nb\n"));
    assert!(!output_matches("a\n", "a\nb\n"));
    assert!(!output_matches("a\n", "a"));
    assert!(!output_matches("wrote … files\n", "wrote 5 file\n"));
    assert!(!output_matches("x…y…z\n", "xzy\n"));
}

#[test]
fn markers_must_sit_on_a_block_and_name_known_options() {
    let dangling = std::panic::catch_unwind(|| blocks("d.md", "<!-- doc-test: s -->\ntext\n"));
    assert!(dangling.is_err());
    let unknown = std::panic::catch_unwind(|| {
        blocks("d.md", "<!-- doc-test: s fast -->\n```sh\ntrue\n```\n")
    });
    assert!(unknown.is_err());
    let indented = blocks(
        "d.md",
        "1. step\n   <!-- doc-test: s -->\n   ```sh\n   true\n   ```\n",
    );
    assert_eq!(indented[0].body, "true\n");
    assert_eq!(indented[0].marker.as_ref().unwrap().session, "s");
}

/// The stubs of external tools, written into each session's PATH. `lib.sh` is shared.
const STUBS: &[(&str, &str)] = &[
    ("lib.sh", include_str!("doc_stubs/lib.sh")),
    ("terraform", include_str!("doc_stubs/terraform")),
    ("pulumi", include_str!("doc_stubs/pulumi")),
    ("go", include_str!("doc_stubs/go")),
    ("kubectl", include_str!("doc_stubs/kubectl")),
    ("wrangler", include_str!("doc_stubs/wrangler")),
    ("cargo", include_str!("doc_stubs/cargo")),
];

#[test]
fn the_stubs_fail_where_the_real_tools_would() {
    let session = |body: &str| Session {
        name: "stubs".to_owned(),
        steps: vec![(
            "stub test".to_owned(),
            Step::Script {
                body: body.to_owned(),
                exit: 0,
            },
        )],
    };
    let stops = |body: &str| {
        let (finished, rest, status) = run(&session(body));
        assert!(finished.is_empty(), "`{body}` succeeded");
        (rest, status)
    };
    // A folder without configuration, a missing variable, pulumi up before go mod tidy.
    let (out, status) = stops("mkdir empty\nterraform -chdir=empty plan\n");
    assert!(
        out.contains("No configuration files") && status == Some(1),
        "{out}"
    );
    let (out, _) = stops(
        "planton-gen terraform -q -o tf \"$REPO/examples/kv\"\nterraform -chdir=tf plan -var cloudflare_account_id=x -var cloudflare_api_token=y\n",
    );
    assert!(out.contains("run:\n  terraform init"), "{out}");
    let (out, _) = stops(
        "planton-gen terraform -q -o tf \"$REPO/examples/kv\"\nterraform -chdir=tf init\nterraform -chdir=tf plan -var cloudflare_account_id=x\n",
    );
    assert!(out.contains("\"cloudflare_api_token\" is not set"), "{out}");
    let (out, _) = stops(
        "planton-gen pulumi -q -o p \"$REPO/examples/kv\"\npulumi -C p stack init dev\npulumi -C p config set accountId x\npulumi -C p up\n",
    );
    assert!(out.contains("go.sum"), "{out}");
    let (out, _) = stops("pulumi stack init dev\n");
    assert!(out.contains("no Pulumi.yaml"), "{out}");
    // After apply, the outputs name each namespace with the documents' placeholder ids.
    let (finished, rest, _) = run(&session(
        "planton-gen terraform -q -o tf \"$REPO/examples/kv\"\nterraform -chdir=tf init >/dev/null\nterraform -chdir=tf apply -var cloudflare_account_id=x -var cloudflare_api_token=y >/dev/null\nterraform -chdir=tf output -json\n",
    ));
    let (out, _) = finished.first().unwrap_or_else(|| panic!("{rest}"));
    let outputs: serde_json::Value = serde_json::from_str(out).unwrap();
    assert_eq!(
        outputs["myapp_cache_prod_namespace_id"]["value"],
        "5b1e0c7d2f8a4e3c9d6b7a8f0e1d2c3b"
    );
    assert_eq!(outputs.as_object().unwrap().len(), 6, "{out}");
}
