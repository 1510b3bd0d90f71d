//! Manifests for the agreement tests (JSON Schema, Terraform module, Crossplane XRD): the
//! examples and golden inputs, a seeded generator, and one-key mutations of a manifest.

use serde_json::{json, Value};
use std::path::PathBuf;

/// Every manifest of `examples/kv` and `golden/*/input`, named `file#index`, in path order.
pub fn example_manifests() -> Vec<(String, Value)> {
    let root = super::root();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join("examples/kv"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    for case in std::fs::read_dir(root.join("golden")).unwrap() {
        let input = case.unwrap().path().join("input");
        if input.is_dir() {
            paths.extend(std::fs::read_dir(input).unwrap().map(|e| e.unwrap().path()));
        }
    }
    paths.retain(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")));
    paths.sort();
    let mut manifests = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let documents = serde_yaml_ng::Deserializer::from_str(&text)
            .map(|d| <Value as serde::Deserialize>::deserialize(d).unwrap())
            .filter(|v| !v.is_null());
        // The interfaces these feed (--module, --xrd) are the KV namespace's; the golden
        // cases also hold the other kinds.
        let documents = documents.enumerate().filter(|(_, d)| {
            d.get("kind").and_then(Value::as_str) == Some("CloudflareKvNamespace")
        });
        for (i, document) in documents {
            let name = format!("{}#{i}", path.strip_prefix(&root).unwrap().display());
            manifests.push((name, document));
        }
    }
    assert!(manifests.len() >= 8, "found {} manifests", manifests.len());
    manifests
}

/// The manifests of [`example_manifests`] without their names.
pub fn base_manifests() -> Vec<Value> {
    example_manifests().into_iter().map(|(_, m)| m).collect()
}

/// A small deterministic generator (no dependency on the platform's RNG).
pub struct Seeded(pub u64);

impl Seeded {
    pub fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// `unit` repeated `n` times, as a JSON string.
pub fn text(unit: &str, n: usize) -> Value {
    json!(unit.repeat(n))
}

/// One change to a manifest: (section — `""` for the top level —, key, new value or `None`
/// to remove the key).
pub type Mutation = (&'static str, &'static str, Option<Value>);

pub fn apply(manifest: &mut Value, (section, key, value): &Mutation) {
    let target = if section.is_empty() {
        manifest
    } else {
        manifest
            .as_object_mut()
            .unwrap()
            .entry(section.to_string())
            .or_insert_with(|| json!({}))
    };
    let Some(object) = target.as_object_mut() else {
        return;
    };
    match value {
        Some(value) => {
            object.insert(key.to_string(), value.clone());
        }
        None => {
            object.remove(*key);
        }
    }
}
