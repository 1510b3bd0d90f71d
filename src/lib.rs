#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]
//! planton-gen: Project Planton manifests in, validated, Infrastructure-as-Code out.
//!
//! The pipeline, one module per stage: [`schema`] (descriptor pool and resource kinds) →
//! [`manifest`] (YAML documents into messages, with positions) → [`validate`] (buf.validate
//! rules, CEL, checks across manifests) → violations reported through [`diagnostics`].

pub mod check;
#[cfg(feature = "cli")]
pub mod cli;
pub mod constraints;
pub mod diagnostics;
pub mod error;
pub mod explain;
pub mod field_path;
pub mod generator;
pub mod init;
pub mod interface;
pub mod limits;
pub mod manifest;
pub mod model;
pub mod names;
pub mod output;
pub mod outputs;
pub mod render;
pub mod rules;
pub mod schema;
pub mod validate;
pub mod yaml;

pub use diagnostics::{Position, Violation};
pub use error::{Error, Result};
pub use generator::{GenerateError, Generator, Stage};
pub use limits::Limits;
pub use manifest::{Loader, Manifest};
pub use schema::{Kind, Schema};
pub use validate::Validator;
