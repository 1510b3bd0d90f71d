//! Validation throughput: 10,000 CloudflareKvNamespace manifests in one stream — loading
//! (YAML → message), rule checking, and both together as `planton-gen validate` runs them.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use planton_gen::internal::Loader;
use planton_gen::internal::Validator;
use planton_gen::Schema;
use std::hint::black_box;

const MANIFESTS: usize = 10_000;

/// A deterministic corpus resembling real manifests (names, TTLs, descriptions, labels).
fn corpus() -> String {
    let mut text = String::new();
    for i in 0..MANIFESTS {
        let ttl = [0, 60, 300, 1800, 3600][i % 5];
        text.push_str(&format!(
            "apiVersion: cloudflare.project-planton.org/v1\n\
             kind: CloudflareKvNamespace\n\
             metadata:\n  name: app{i}-cache-prod\n  env: prod\n  labels:\n    team: platform\n\
             spec:\n  namespace_name: app{i}-cache-prod\n  ttl_seconds: {ttl}\n  \
             description: \"Cached API responses for app {i} (production)\"\n---\n"
        ));
    }
    text
}

fn bench(c: &mut Criterion) {
    let schema = Schema::builtin().unwrap();
    let text = corpus();
    let mut group = c.benchmark_group("validate_10k");
    group.sample_size(10);
    group.throughput(Throughput::Elements(MANIFESTS as u64));

    group.bench_function("load", |b| {
        b.iter(|| {
            let loader = Loader::new(&schema, Vec::new());
            black_box(loader.load("bench.yaml", &text).unwrap())
        })
    });

    let loader = Loader::new(&schema, Vec::new());
    let loaded = loader.load("bench.yaml", &text).unwrap();
    assert_eq!(loaded.manifests.len(), MANIFESTS);
    assert!(loaded.violations.is_empty());
    group.bench_function("rules", |b| {
        let mut validator = Validator::new();
        b.iter(|| black_box(validator.validate(&loaded.manifests).unwrap()))
    });

    group.bench_function("load_and_rules", |b| {
        b.iter(|| {
            let loader = Loader::new(&schema, Vec::new());
            let loaded = loader.load("bench.yaml", &text).unwrap();
            let mut validator = Validator::new();
            black_box(validator.validate(&loaded.manifests).unwrap())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
