//! The generate commands: check every manifest, and only when all are valid render the
//! requested targets in memory. Writing or printing is the caller's (see [`crate::output`]).

use crate::check::{check, Checked};
use crate::error::Result;
use crate::render::{self, Rendered, Target, Templates};
use crate::schema::Schema;
use serde_json::{Map, Value};
use std::path::PathBuf;

/// What a generate run produced: the check, and — when every manifest is valid — each
/// target's files.
#[derive(Debug)]
pub struct Generated {
    pub checked: Checked,
    pub targets: Vec<(&'static Target, Rendered)>,
}

pub fn generate(
    schema: &Schema,
    inputs: &[PathBuf],
    overrides: &[String],
    templates: &Templates,
    targets: &[&'static Target],
    options: &Map<String, Value>,
) -> Result<Generated> {
    let checked = check(schema, inputs, overrides)?;
    let mut generated = Generated {
        checked,
        targets: Vec::new(),
    };
    if !generated.checked.is_valid() {
        return Ok(generated);
    }
    for target in targets {
        let rendered = render::render(templates, target, &generated.checked.manifests, options)?;
        generated.targets.push((target, rendered));
    }
    Ok(generated)
}
