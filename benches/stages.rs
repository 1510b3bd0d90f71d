//! The pipeline's stages, one benchmark each, over a seeded in-memory corpus of 1,000
//! CloudflareKvNamespace manifests shaped like `scripts/bench/corpus.py`'s (one namespace per
//! app and environment, named `app{n}-{purpose}-{env}`, labels, TTLs, descriptions, about
//! 70 % with a `status.outputs.namespace_id`, 10 % written with JSON field names):
//!
//! - `load`: YAML text → manifests (parse, positions, decode into messages);
//! - `validate`: buf.validate rules and CEL for every manifest, then the checks across them;
//! - `check`: both, from files on disk, as every command runs them (`check::check`);
//! - `render/<target>`: one target's templates over every manifest, with the options
//!   `planton-gen all --account-id …` passes.
//!
//! Only the public library API is used. `cargo bench --bench stages` (add `-- render` to run a
//! subset); whole-process figures come from `scripts/bench/run`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use planton_gen::internal::Loader;
use planton_gen::internal::Validator;
use planton_gen::internal::{self as render, Templates};
use planton_gen::Schema;
use serde_json::{json, Map, Value};
use std::hint::black_box;
use std::path::PathBuf;

const MANIFESTS: usize = 1_000;
const PER_FILE: usize = 100;
const SEED: u64 = 20261124;

const ENVS: [&str; 3] = ["prod", "staging", "dev"];
const PURPOSES: [&str; 8] = [
    "config",
    "cache",
    "session",
    "flags",
    "assets",
    "ratelimit",
    "tokens",
    "queue",
];
const TEAMS: [&str; 6] = [
    "platform", "payments", "search", "identity", "growth", "edge",
];
const TIERS: [&str; 3] = ["frontend", "backend", "data"];
const TTLS: [u32; 5] = [0, 60, 300, 1800, 3600];
const SPICE: [&str; 5] = [
    " (\\\"primary\\\")",
    " \\\\ fallback",
    " — café edition",
    " for ${tenant}",
    " 100% hot",
];

/// splitmix64: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

fn manifest(rng: &mut Rng, i: usize) -> String {
    let (app, env) = (i / ENVS.len(), ENVS[i % ENVS.len()]);
    let purpose = PURPOSES[(app * 7 + app / PURPOSES.len()) % PURPOSES.len()];
    let name = format!("app{app}-{purpose}-{env}");
    let json_names = rng.chance(10);
    let mut text = format!(
        "apiVersion: cloudflare.project-planton.org/v1\nkind: CloudflareKvNamespace\n\
         metadata:\n  name: {name}\n  env: {env}\n  labels:\n    team: {}\n    tier: {}\n",
        TEAMS[rng.below(TEAMS.len())],
        TIERS[rng.below(TIERS.len())]
    );
    if rng.chance(30) {
        text.push_str(&format!(
            "    cost-center: \"cc-{}\"\n",
            1000 + rng.below(9000)
        ));
    }
    if rng.chance(5) {
        text.push_str(&format!(
            "  annotations:\n    owner: team-{}@example.com\n",
            TEAMS[rng.below(TEAMS.len())]
        ));
    }
    let mut description = format!("{purpose} data for app {app} ({env})");
    if rng.chance(10) {
        description.push_str(SPICE[rng.below(SPICE.len())]);
    }
    let (nn, ttl, id) = if json_names {
        ("namespaceName", "ttlSeconds", "namespaceId")
    } else {
        ("namespace_name", "ttl_seconds", "namespace_id")
    };
    text.push_str(&format!(
        "spec:\n  {nn}: {name}\n  {ttl}: {}\n  description: \"{description}\"\n",
        TTLS[rng.below(TTLS.len())]
    ));
    if rng.chance(70) {
        text.push_str(&format!(
            "status:\n  outputs:\n    {id}: {:016x}{:016x}\n",
            rng.next(),
            rng.next()
        ));
    }
    text
}

/// The corpus as files of `PER_FILE` manifests each (text, in memory).
fn corpus() -> Vec<String> {
    let mut rng = Rng(SEED);
    let docs: Vec<String> = (0..MANIFESTS).map(|i| manifest(&mut rng, i)).collect();
    docs.chunks(PER_FILE)
        .map(|chunk| chunk.join("---\n"))
        .collect()
}

/// The options `planton-gen all --account-id …` gives the templates.
fn options() -> Map<String, Value> {
    let value = json!({
        "scope": "cluster",
        "namespace": null,
        "account_id": "0123456789abcdef0123456789abcdef",
        "account_ref": null,
        "provider_config": "default",
        "deletion_policy": "Delete",
        "format": "toml",
        "require_ids": false,
        "default_env": "prod",
    });
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

// `Loader::load` takes `&mut self` or `&self` depending on the version; `mut` suits both.
#[allow(unused_mut)]
fn load_all(schema: &Schema, files: &[String]) -> Vec<planton_gen::Manifest> {
    let mut loader = Loader::new(schema, Vec::new());
    let mut manifests = Vec::with_capacity(MANIFESTS);
    for (n, text) in files.iter().enumerate() {
        let loaded = loader.load(&format!("kv-{n:05}.yaml"), text).unwrap();
        assert!(loaded.violations.is_empty(), "{:?}", loaded.violations);
        manifests.extend(loaded.manifests);
    }
    manifests
}

fn bench(c: &mut Criterion) {
    let schema = Schema::builtin().unwrap();
    let files = corpus();
    let manifests = load_all(&schema, &files);
    assert_eq!(manifests.len(), MANIFESTS);
    assert!(Validator::new().validate(&manifests).unwrap().is_empty());

    let dir = tempfile::tempdir().unwrap();
    for (n, text) in files.iter().enumerate() {
        std::fs::write(dir.path().join(format!("kv-{n:05}.yaml")), text).unwrap();
    }
    let inputs = vec![PathBuf::from(dir.path())];

    let mut group = c.benchmark_group("stages_1k");
    group.sample_size(10);
    group.throughput(Throughput::Elements(MANIFESTS as u64));

    group.bench_function("load", |b| b.iter(|| black_box(load_all(&schema, &files))));
    group.bench_function("validate", |b| {
        b.iter(|| {
            let mut validator = Validator::new();
            black_box(validator.validate(&manifests).unwrap())
        })
    });
    group.bench_function("check", |b| {
        b.iter(|| {
            let checked = planton_gen::internal::check(&schema, &inputs, &[]).unwrap();
            assert!(checked.is_valid());
            black_box(checked)
        })
    });

    let templates = Templates::builtin();
    let options = options();
    for target in planton_gen::Target::ALL {
        group.bench_function(format!("render/{}", target.name()), |b| {
            b.iter(|| black_box(render::render(&templates, target, &manifests, &options).unwrap()))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
