//! The documentation stays true to the tool: every error class of docs/errors.md has its
//! entry in the troubleshooting guide, relative links lead to files that exist, and every
//! `planton-gen COMMAND` and `--flag` the docs show is one the command line has.

use regex::Regex;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// README.md, templates/README.md and every Markdown file under docs/.
fn documents() -> Vec<PathBuf> {
    let mut files = vec![root().join("README.md"), root().join("templates/README.md")];
    let mut pending = vec![root().join("docs")];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// planton-gen's own rule ids named in docs/errors.md (input that is not a well-formed
/// manifest, names across a run, template refusals) — buf.validate's ids are the schema's.
fn documented_rule_ids() -> BTreeSet<String> {
    let id = Regex::new(
        r"`((?:file|yaml|manifest|field|names|run|reference|wrangler|crossplane)\.[a-z_]+)`",
    )
    .unwrap();
    id.captures_iter(&read(&root().join("docs/errors.md")))
        .map(|found| found[1].to_owned())
        .collect()
}

#[test]
fn every_error_class_has_a_troubleshooting_entry() {
    let guide = read(&root().join("docs/guides/troubleshooting.md"));
    let ids = documented_rule_ids();
    assert!(ids.len() > 20, "found only {ids:?}");
    let missing: Vec<&String> = ids
        .iter()
        .filter(|id| !guide.contains(&format!("`{id}`")) && !guide.contains(&format!("[{id}]")))
        .collect();
    assert!(missing.is_empty(), "not in troubleshooting.md: {missing:?}");
}

#[test]
fn relative_links_lead_to_files_that_exist() {
    let link = Regex::new(r"\]\(([^)#\s]+)(#[^)]*)?\)").unwrap();
    let mut broken = Vec::new();
    for document in documents() {
        for found in link.captures_iter(&read(&document)) {
            let target = &found[1];
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let path = document.parent().unwrap().join(target);
            if !path.exists() {
                broken.push(format!("{}: {target}", document.display()));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn commands_and_flags_in_the_docs_exist() {
    let binary = assert_cmd::cargo::cargo_bin("planton-gen");
    let help = |args: &[&str]| {
        let output = std::process::Command::new(&binary)
            .args(args)
            .arg("--help")
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    let top = help(&[]);
    let subcommands: BTreeSet<String> = top
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect();
    assert!(subcommands.contains("validate") && subcommands.contains("init"));
    let mut flags: BTreeSet<String> = BTreeSet::new();
    let flag = Regex::new(r"--[a-z][a-z-]*").unwrap();
    for subcommand in subcommands.iter().chain(std::iter::once(&String::new())) {
        let text = help(&[subcommand.as_str()]);
        flags.extend(flag.find_iter(&text).map(|m| m.as_str().to_owned()));
    }
    for nested in [["templates", "list"], ["templates", "export"]] {
        flags.extend(
            flag.find_iter(&help(&nested))
                .map(|m| m.as_str().to_owned()),
        );
    }

    // `planton-gen WORD` as a command: in a code block (at a line start, after `$ `, a pipe
    // or `&&`) or in inline code, skipping global flags and their values.
    let globals = r"((?: +--?[a-z-]+(?: +[^\s`-][^\s`]*)?)*)";
    let in_block = Regex::new(&format!(
        r"(?m)(?:^|\$ |\| |&& )planton-gen{globals} +([a-z][a-z-]*)"
    ))
    .unwrap();
    let inline = Regex::new(&format!(r"`planton-gen{globals} +([a-z][a-z-]*)")).unwrap();
    let code = Regex::new(r"(?s)```[a-z]*\n(.*?)```").unwrap();
    let mut unknown = Vec::new();
    for document in documents() {
        let text = read(&document);
        let name = document.strip_prefix(root()).unwrap().display().to_string();
        if name.starts_with("docs/benchmarks") || name.starts_with("docs/decisions") {
            continue; // history: may name commands as they were
        }
        let blocks: Vec<String> = code.captures_iter(&text).map(|b| b[1].to_owned()).collect();
        let invocations = blocks
            .iter()
            .flat_map(|block| in_block.captures_iter(block))
            .chain(inline.captures_iter(&text));
        for found in invocations {
            let word = &found[2];
            if !subcommands.contains(word) {
                unknown.push(format!("{name}: planton-gen {word}"));
            }
        }
        for block in &blocks {
            for line in block.lines().filter(|l| l.contains("planton-gen")) {
                for used in flag.find_iter(line) {
                    let used = used.as_str();
                    // Flags of other tools on the same line (cargo, terraform, ...).
                    let theirs = line
                        .split("planton-gen")
                        .next()
                        .is_some_and(|before| before.contains(used));
                    if !flags.contains(used) && !theirs && !OTHER_TOOLS_FLAGS.contains(&used) {
                        unknown.push(format!("{name}: {used} in `{line}`"));
                    }
                }
            }
        }
    }
    assert!(unknown.is_empty(), "not in --help:\n{}", unknown.join("\n"));
}

/// Flags of other tools that appear on the same line as a planton-gen command in the docs.
const OTHER_TOOLS_FLAGS: &[&str] = &[
    "--release",
    "--features",
    "--path",
    "--locked",
    "--root",
    "--git",
    "--rev",
    "--test",
    "--bench",
    "--name-only",
    "--diff-filter",
    "--exit-code",
    "--chdir",
    "--short",
];

/// A user's clone has nothing beside it: no file of the repository may read or name the
/// team's reference folder next to the checkout.
#[test]
fn nothing_refers_to_a_folder_beside_the_repository() {
    let needle = concat!("..", "/shared");
    let mut found = Vec::new();
    let mut pending = vec![root()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                if !matches!(name.as_str(), "target" | ".git" | "node_modules") {
                    pending.push(path);
                }
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                if text.contains(needle) {
                    found.push(path.display().to_string());
                }
            }
        }
    }
    assert!(found.is_empty(), "these files refer to {needle}: {found:?}");
}
