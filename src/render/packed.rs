//! Resources kept compact between building their contexts and rendering them: in a large
//! run, each render context as its JSON text. A context as `serde_json` maps costs several kilobytes (every
//! small map a B-tree node); its text is a fraction of that, and a chunk's contexts are read
//! back only while the chunk renders — so a run holds every resource compactly and only the
//! chunks in flight as maps.

use crate::error::{Error, Result};
use serde_json::Value;

/// How many resources a run renders from maps; above it, contexts are packed. Unpacking
/// costs time in every target (a quarter more for four targets), so only a run large enough
/// for its contexts' memory to matter (~6 KB each as maps) pays it.
pub const PACK_ABOVE: usize = 16_384;

/// One resource's render context as a run keeps it until it renders.
pub enum Packed {
    /// As maps, ready to render (a run of at most [`PACK_ABOVE`] resources).
    Map(Value),
    /// As JSON text.
    Text(Box<[u8]>),
}

impl Packed {
    /// `context`, packed when `pack`.
    pub fn new(context: Value, pack: bool) -> Result<Self> {
        if !pack {
            return Ok(Self::Map(context));
        }
        serde_json::to_vec(&context)
            .map(|text| Self::Text(text.into_boxed_slice()))
            .map_err(|e| Error::Render(format!("cannot pack a render context: {e}")))
    }

    /// The context, for a run that keeps it as maps (unpacked if it was packed).
    pub fn into_value(self) -> Result<Value> {
        match self {
            Self::Map(value) => Ok(value),
            text => text.unpack(),
        }
    }

    /// The context again, as it was packed (JSON text keeps every value exactly: integers
    /// as written, floats by their shortest round-trip form).
    pub fn unpack(&self) -> Result<Value> {
        match self {
            Self::Map(value) => Ok(value.clone()),
            Self::Text(text) => serde_json::from_slice(text)
                .map_err(|e| Error::Render(format!("cannot unpack a render context: {e}"))),
        }
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
        for pack in [false, true] {
            let packed = Packed::new(context.clone(), pack).unwrap();
            assert_eq!(packed.unpack().unwrap(), context);
            assert_eq!(matches!(packed, Packed::Text(_)), pack);
        }
    }
}
