//! Resources kept compact between building their contexts and rendering them: each render
//! context as its JSON text. A context as `serde_json` maps costs several kilobytes (every
//! small map a B-tree node); its text is a fraction of that, and a chunk's contexts are read
//! back only while the chunk renders — so a run holds every resource compactly and only the
//! chunks in flight as maps.

use crate::error::{Error, Result};
use serde_json::Value;

/// One resource's render context, packed.
pub struct Packed(Box<[u8]>);

impl Packed {
    pub fn new(context: &Value) -> Result<Self> {
        serde_json::to_vec(context)
            .map(|text| Self(text.into_boxed_slice()))
            .map_err(|e| Error::Render(format!("cannot pack a render context: {e}")))
    }

    /// The context again, as it was packed (JSON text keeps every value exactly: integers
    /// as written, floats by their shortest round-trip form).
    pub fn unpack(&self) -> Result<Value> {
        serde_json::from_slice(&self.0)
            .map_err(|e| Error::Render(format!("cannot unpack a render context: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_context_unpacks_to_the_value_it_was_packed_from() {
        let context = serde_json::json!({
            "metadata": {"name": "a-b", "labels": {"z": "1", "a": "é\n\u{0}"}},
            "spec": {"ttl": 60, "big": u64::MAX, "neg": i64::MIN, "ratio": 0.1, "on": false},
            "status": null,
            "list": [1.5e300, "x", []],
        });
        let packed = Packed::new(&context).unwrap();
        assert_eq!(packed.unpack().unwrap(), context);
    }
}
