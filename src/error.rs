//! The one error of the library. Two of its variants are about manifests and exit with 1 on
//! the command line: [`Error::Invalid`] (manifests break their rules) and [`Error::Refused`]
//! (a target cannot express a manifest). The others stop a run before any manifest could be
//! judged, or while writing, and exit with 2.
//!
//! `Display` and `Debug` both print what the command line prints — for violations one line
//! each, `file:line:col: field.path: message [rule_id]` — so a build script's
//! `fn main() -> Result<(), Box<dyn Error>>` fails with the same lines as the CLI.

use crate::diagnostics::Violation;
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

#[derive(thiserror::Error)]
pub enum Error {
    /// Manifests break their rules (their schema's, or a target's checks); nothing was
    /// rendered or written. `sources` holds the text of every input with violations, for
    /// reports that show the lines they point at; `warnings` are what the run also found,
    /// kept so that a failure does not hide them.
    #[error("{}", lines(violations))]
    Invalid {
        violations: Vec<Violation>,
        sources: BTreeMap<String, String>,
        warnings: Vec<String>,
    },
    /// The templates refused some manifests for a target (e.g. wrangler without ids under
    /// `require_ids`), each located at its manifest with a rule id; nothing was written.
    /// `warnings` are what the templates also said in that render, kept so a refusal does
    /// not hide them.
    #[error("{}", lines(refusals))]
    Refused {
        refusals: Vec<Violation>,
        warnings: Vec<String>,
    },
    /// Reading an input failed.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A directory argument held no `*.yaml`/`*.yml` file.
    #[error("{}: no manifests found (looked for *.yaml and *.yml files)", path.display())]
    NoManifests { path: PathBuf },
    /// A .proto tree given with `--proto-path` did not compile.
    #[error("cannot compile .proto files: {0}")]
    Proto(String),
    /// The descriptors compiled but make no sense as a schema (an unsupported rule, a CEL
    /// expression that does not parse, two kinds with one apiVersion and kind).
    #[error("schema: {0}")]
    Schema(String),
    /// A template could not be rendered.
    #[error("render: {0}")]
    Render(String),
    /// No kind of the run has templates for a target (`all` leaves such a target out).
    #[error("render: {0}")]
    NoTemplates(String),
    /// Writing an output failed, or would overwrite a file planton-gen did not generate.
    #[error("{}: {message}", path.display())]
    Output { path: PathBuf, message: String },
    /// A setting's value is wrong (an override naming a field no kind has, a run over its
    /// limits, ...).
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// Whether the error is about the manifests (exit 1) rather than the run (exit 2).
    pub fn is_about_manifests(&self) -> bool {
        matches!(self, Error::Invalid { .. } | Error::Refused { .. })
    }
}

/// The same text as `Display`: `main` and `?` print an error with `Debug`, and a derived
/// dump of the violations is not what a person should read.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

fn lines(violations: &[Violation]) -> String {
    let lines: Vec<String> = violations.iter().map(Violation::human).collect();
    lines.join("\n")
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
