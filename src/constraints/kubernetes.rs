//! Kubernetes: the model as a Crossplane CompositeResourceDefinition whose openAPIV3Schema
//! carries the rules (keywords where OpenAPI has one, `x-kubernetes-validations` CEL
//! otherwise).

use super::Model;
use crate::error::{Error, Result};
use crate::schema::Kind;
use serde_json::{Map, Value};

pub struct Xrd {
    document: Value,
}

impl Xrd {
    pub fn new(model: &Model, kind: &Kind, options: &Map<String, Value>) -> Result<Self> {
        let _ = (kind, options);
        Err(Error::Render(format!(
            "the XRD for {} is not written yet",
            model.root
        )))
    }

    /// What the Composition templates need to know of the XRD: group, version, kind,
    /// plural, scope.
    pub fn summary(&self) -> Value {
        self.document.clone()
    }

    pub fn to_yaml(&self) -> Result<String> {
        serde_yaml::to_string(&self.document).map_err(|e| Error::Render(format!("XRD: {e}")))
    }
}
