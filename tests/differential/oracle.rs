//! Driving tests/oracle/oracle.py (protovalidate) as a child process.

use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const INSTALL: &str = "The differential test needs the protovalidate oracle. Install it with\n    \
     python3 -m venv /tmp/ovenv && /tmp/ovenv/bin/pip install -r tests/oracle/requirements.txt\n\
     and run the test with PLANTON_ORACLE_PYTHON=/tmp/ovenv/bin/python (Python >= 3.11); \
     see tests/oracle/README.md.";

pub struct Oracle {
    python: String,
    script: PathBuf,
    descriptor_set: PathBuf,
}

/// (field path, rule id) pairs, with their multiplicity.
pub type Pairs = BTreeMap<(String, String), usize>;

impl Oracle {
    /// Checks that the oracle starts and accepts the descriptor set; panics with
    /// installation instructions when it does not.
    pub fn start(descriptor_set: &Path) -> Self {
        let python = std::env::var("PLANTON_ORACLE_PYTHON").unwrap_or_else(|_| "python3".into());
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/oracle.py");
        let output = Command::new(&python)
            .arg(&script)
            .arg("--check-only")
            .arg(descriptor_set)
            .output()
            .unwrap_or_else(|e| panic!("cannot start the oracle with `{python}`: {e}\n{INSTALL}"));
        let stderr = String::from_utf8_lossy(&output.stderr);
        match output.status.code() {
            Some(0) => {}
            Some(3) => panic!(
                "the oracle found buf.validate options that the official validate.proto does \
                 not know, so protovalidate cannot judge this schema:\n{stderr}"
            ),
            _ => panic!(
                "the oracle (`{python} {}`) failed to start ({}):\n{stderr}\n{INSTALL}",
                script.display(),
                output.status
            ),
        }
        Self {
            python,
            script,
            descriptor_set: descriptor_set.to_path_buf(),
        }
    }

    /// Validates every message, each of its own type (one oracle process for all of them).
    /// Each result is the violations' pairs, or the oracle's error for that message.
    pub fn validate_typed(&self, messages: &[(&str, &Value)]) -> Vec<Result<Pairs, String>> {
        let mut child = Command::new(&self.python)
            .arg(&self.script)
            .arg(&self.descriptor_set)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start the oracle: {e}\n{INSTALL}"));
        let mut stdin = child.stdin.take().expect("oracle stdin");
        let input: String = messages
            .iter()
            .map(|(type_name, m)| {
                let line = serde_json::json!({"type": type_name, "message": m});
                format!("{line}\n")
            })
            .collect();
        // Written from a thread: the oracle answers line by line, and both pipes are finite.
        let writer = std::thread::spawn(move || {
            let result = stdin.write_all(input.as_bytes());
            drop(stdin);
            result
        });
        let stdout = child.stdout.take().expect("oracle stdout");
        let lines: Vec<String> = BufReader::new(stdout)
            .lines()
            .collect::<Result<_, _>>()
            .expect("read the oracle's output");
        let output = child.wait_with_output().expect("wait for the oracle");
        let write_result = writer.join().expect("oracle writer thread");
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() || write_result.is_err() || lines.len() != messages.len() {
            panic!(
                "the oracle failed ({}; {} answers for {} messages; write: {:?}):\n{stderr}\n{INSTALL}",
                output.status,
                lines.len(),
                messages.len(),
                write_result.err()
            );
        }
        if !stderr.trim().is_empty() {
            eprintln!("oracle stderr:\n{stderr}");
        }
        lines
            .iter()
            .map(|line| {
                let value: Value = serde_json::from_str(line)
                    .unwrap_or_else(|e| panic!("oracle answered non-JSON `{line}`: {e}"));
                if let Some(error) = value.get("error") {
                    return Err(error.as_str().unwrap_or_default().to_owned());
                }
                let mut pairs = Pairs::new();
                for v in value["violations"].as_array().expect("violations array") {
                    let field = v["field"].as_str().expect("field").to_owned();
                    let rule = v["rule"].as_str().expect("rule").to_owned();
                    *pairs.entry((field, rule)).or_default() += 1;
                }
                Ok(pairs)
            })
            .collect()
    }
}
