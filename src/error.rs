//! Errors that stop a run before any manifest could be judged (exit code 2 on the command
//! line). Problems *in* manifests are not errors but [`crate::Violation`]s.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
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
    /// The templates refused some manifests for this run (e.g. `--require-ids` and a
    /// namespace without an id), each located at its manifest with a rule id; like a
    /// violation, this exits with 1.
    /// `warnings` are what the templates also said in that render, kept so a refusal does
    /// not hide them.
    #[error("{}", refusals.iter().map(|v| v.human()).collect::<Vec<_>>().join("\n"))]
    Refused {
        refusals: Vec<crate::diagnostics::Violation>,
        warnings: Vec<String>,
    },
    /// Writing an output failed, or would overwrite a file planton-gen did not generate.
    #[error("{}: {message}", path.display())]
    Output { path: PathBuf, message: String },
    /// A flag's value is wrong (`--set` naming a field no kind has, ...).
    #[error("{0}")]
    Usage(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
