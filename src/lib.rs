#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]
//! planton-gen: Project Planton manifests in, validated, Infrastructure-as-Code out.
//!
//! The pipeline, one module per stage (docs/architecture.md draws it): `schema` (descriptor
//! pool and resource kinds) → `manifest` (YAML documents into messages, with positions) →
//! `validate` (buf.validate rules, CEL, checks across manifests) → `model` (render
//! contexts) → `render` (Tera templates per target) → `output` (files under `-o`, written
//! together, or compared). [`Generator`] drives it, from the command line and from build
//! scripts alike; everything a caller needs is re-exported here, and the modules are
//! private.
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     let out = std::path::PathBuf::from(std::env::var("OUT_DIR")?);
//!     planton_gen::Generator::new()
//!         .manifest("infra/kv")
//!         .target(planton_gen::Target::Terraform)
//!         .out_dir(out.join("terraform"))
//!         .for_build_script()
//!         .generate()?;
//!     Ok(())
//! }
//! ```

mod check;
#[cfg(feature = "cli")]
mod cli;
mod constraints;
mod diagnostics;
mod error;
mod explain;
mod field_path;
mod generator;
mod init;
mod interface;
mod limits;
mod manifest;
mod model;
mod names;
mod options;
mod output;
mod outputs;
mod references;
mod render;
mod rules;
mod schema;
mod setting;
mod validate;
mod yaml;

pub use check::Checked;
pub use diagnostics::{Position, Violation};
pub use error::{Error, Result};
pub use generator::{Generated, Generator, Interface, Stage};
pub use limits::Limits;
pub use manifest::Manifest;
pub use options::{
    Account, CrossplaneOptions, DeletionPolicy, PulumiOptions, Scope, TargetOptions,
    WranglerFormat, WranglerOptions,
};
pub use output::{Drift, Written};
pub use render::{OutputFile, Rendered, Target, UnknownTarget};
pub use schema::{Kind, Schema};

/// Hooks for planton-gen's own binary, tests, benchmarks and fuzz targets: stages of the
/// pipeline reached one at a time. Not part of the public API; anything here may change.
#[doc(hidden)]
pub mod internal {
    pub use crate::check::{check, check_with, Options, TargetChecks};
    #[cfg(feature = "cli")]
    pub use crate::cli::main as cli_main;
    pub use crate::constraints::{build as constraint_model, kubernetes::cel_string, Type};
    pub use crate::init::example;
    pub use crate::interface::{crossplane_xrd, json_schema, terraform_module};
    pub use crate::manifest::Loader;
    pub use crate::names::Names;
    pub use crate::output::Lock;
    pub use crate::render::{
        contexts, escape, lint::unescaped, lint::without_comments, render, render_contexts,
        targets, OutputFile, Stdout, Templates,
    };
    pub use crate::validate::check_across;
    pub use crate::validate::Validator;
    pub use crate::yaml::parse_stream;
}
