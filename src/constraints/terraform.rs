//! Terraform: the model as `variable "<field>"` blocks with `object({...})` types and one
//! `validation` block per translated rule.

use super::Model;
use crate::error::{Error, Result};

/// The module's `variables.tf`.
pub fn variables_tf(model: &Model) -> Result<String> {
    Err(Error::Render(format!(
        "the Terraform module for {} is not written yet",
        model.root
    )))
}
