//! Differential test: planton-gen's validator against protovalidate, the reference buf.validate
//! engine (driven through tests/oracle/oracle.py).
//!
//! A seeded generator draws manifests whose fields sit on and across every rule's boundary.
//! Each manifest is written as a YAML file for planton-gen (JSON text is YAML) and sent as
//! proto3 JSON to the oracle; for every manifest the SETS of (field path, rule id) pairs must
//! be equal.
//!
//! Run with
//!     PLANTON_ORACLE_PYTHON=/tmp/ovenv/bin/python \
//!         cargo test --test differential -- --include-ignored --nocapture
//! Knobs: PLANTON_DIFF_SEED (decimal or 0x-hex), PLANTON_DIFF_CASES (per kind, default 300),
//! PLANTON_DIFF_DIR (keep the generated manifests, and the descriptor set `schema.binpb` given
//! to the oracle, in `$PLANTON_DIFF_DIR/<kind>/` instead of a temporary directory).

mod differential {
    pub mod generator;
    pub mod oracle;
    pub mod rng;
}

use differential::generator;
use differential::oracle::{Oracle, Pairs};
use differential::rng::Rng;
use planton_gen::Schema;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

const DEFAULT_SEED: u64 = 0x9E1A_7042_D1FF_5EED;
const DEFAULT_CASES: usize = 300;
/// At most this many disagreeing cases are printed per kind.
const SHOWN: usize = 10;

/// Rule ids planton-gen uses for input that is not a well-formed manifest; the generator
/// must never produce one.
const SHAPE_PREFIXES: [&str; 4] = ["field.", "manifest.", "yaml.", "file."];
/// planton-gen's own checks across manifests (unique values, usable and distinct derived
/// names); protovalidate has no equivalent.
fn is_run_level(rule: &str) -> bool {
    rule == "run.unique" || rule.starts_with("names.")
}

fn seed() -> u64 {
    match std::env::var("PLANTON_DIFF_SEED") {
        Ok(text) => {
            let text = text.trim();
            let parsed = match text.strip_prefix("0x") {
                Some(hex) => u64::from_str_radix(hex, 16),
                None => text.parse(),
            };
            parsed.unwrap_or_else(|e| panic!("PLANTON_DIFF_SEED=`{text}`: {e}"))
        }
        Err(_) => DEFAULT_SEED,
    }
}

fn cases() -> usize {
    std::env::var("PLANTON_DIFF_CASES").map_or(DEFAULT_CASES, |text| {
        text.trim()
            .parse()
            .unwrap_or_else(|e| panic!("PLANTON_DIFF_CASES=`{text}`: {e}"))
    })
}

fn schema() -> Schema {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/proto");
    Schema::with_proto_paths(&[fixtures]).expect("load the schema with tests/fixtures/proto")
}

struct KindSpec {
    /// Short name, used in file names and output.
    label: &'static str,
    type_name: &'static str,
    generate: fn(&mut Rng, usize) -> Value,
    /// Turns a manifest into what the oracle must judge: planton-gen fills `default` options
    /// before validating; protovalidate knows nothing of them.
    oracle_view: fn(&Value) -> Value,
    /// The corpus must make protovalidate report at least this many distinct rule ids.
    min_rule_ids: usize,
}

fn differential(kind: &KindSpec) {
    let started = Instant::now();
    let seed = seed() ^ fnv1a(kind.label);
    let count = cases();
    println!(
        "[{}] seed {:#x} (PLANTON_DIFF_SEED={:#x}), {count} cases",
        kind.label,
        seed,
        self::seed()
    );

    // Generate.
    let mut rng = Rng::new(seed);
    let manifests: Vec<Value> = (0..count).map(|i| (kind.generate)(&mut rng, i)).collect();

    // Write one manifest per file.
    let temp = tempfile::tempdir().expect("temporary directory");
    let dir = match std::env::var_os("PLANTON_DIFF_DIR") {
        Some(dir) => PathBuf::from(dir).join(kind.label),
        None => temp.path().to_path_buf(),
    };
    std::fs::create_dir_all(&dir).expect("create the manifest directory");
    let paths: Vec<PathBuf> = manifests
        .iter()
        .enumerate()
        .map(|(i, manifest)| {
            let path = dir.join(format!("{}-{i:05}.yaml", kind.label));
            let text = serde_json::to_string_pretty(manifest).expect("serialize a manifest");
            std::fs::write(&path, yaml_safe(&text) + "\n").expect("write a manifest");
            path
        })
        .collect();
    let index_of = |file: &str| -> usize {
        let stem = Path::new(file)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        stem.rsplit('-')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("violation in an unexpected file `{file}`"))
    };

    // planton-gen.
    let schema = schema();
    let planton_started = Instant::now();
    let checked = planton_gen::internal::check(&schema, &paths, &[]).expect("planton-gen check");
    let planton_time = planton_started.elapsed();
    let mut ours: Vec<Pairs> = vec![Pairs::new(); count];
    let mut shape_errors = Vec::new();
    for v in &checked.violations {
        if is_run_level(&v.rule) {
            continue;
        }
        let i = index_of(&v.file);
        if SHAPE_PREFIXES.iter().any(|p| v.rule.starts_with(p)) {
            shape_errors.push(format!(
                "case {i}: {}\n    manifest: {}",
                v.human(),
                compact(&manifests[i])
            ));
            continue;
        }
        *ours[i]
            .entry((v.field.clone(), v.rule.clone()))
            .or_default() += 1;
    }
    assert!(
        shape_errors.is_empty(),
        "[{}] planton-gen rejected generated manifests as malformed (the generator or the \
         loader is wrong):\n{}",
        kind.label,
        shape_errors.join("\n")
    );
    assert_eq!(
        checked.manifests.len(),
        count,
        "[{}] every generated file must yield exactly one manifest",
        kind.label
    );

    // protovalidate.
    // Next to the manifests, so a kept corpus can be fed to the oracle by hand.
    let descriptor_set = dir.join("schema.binpb");
    std::fs::write(&descriptor_set, schema.encode_descriptor_set()).expect("write descriptors");
    let oracle = Oracle::start(&descriptor_set);
    let oracle_started = Instant::now();
    let views: Vec<Value> = manifests.iter().map(kind.oracle_view).collect();
    let theirs = oracle.validate(kind.type_name, &views);
    let oracle_time = oracle_started.elapsed();
    let oracle_errors: Vec<String> = theirs
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            r.as_ref()
                .err()
                .map(|e| format!("case {i}: {e}\n    message: {}", compact(&views[i])))
        })
        .collect();
    assert!(
        oracle_errors.is_empty(),
        "[{}] the oracle could not judge {} generated message(s) (a generator problem, or \
         input planton-gen accepts and protobuf JSON does not):\n{}",
        kind.label,
        oracle_errors.len(),
        oracle_errors.join("\n")
    );
    let theirs: Vec<Pairs> = theirs.into_iter().map(Result::unwrap).collect();

    // Compare.
    let mut mismatches = Vec::new();
    let mut multiplicity_only = 0;
    for i in 0..count {
        let a: BTreeSet<_> = ours[i].keys().cloned().collect();
        let b: BTreeSet<_> = theirs[i].keys().cloned().collect();
        if a != b {
            mismatches.push(i);
        } else if ours[i] != theirs[i] {
            multiplicity_only += 1;
        }
    }

    // Summary.
    let mut per_rule: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (pairs, slot) in theirs
        .iter()
        .map(|p| (p, 0))
        .chain(ours.iter().map(|p| (p, 1)))
    {
        let ids: BTreeSet<&String> = pairs.keys().map(|(_, rule)| rule).collect();
        for id in ids {
            let entry = per_rule.entry(id.clone()).or_default();
            if slot == 0 {
                entry.0 += 1;
            } else {
                entry.1 += 1;
            }
        }
    }
    let invalid = theirs.iter().filter(|p| !p.is_empty()).count();
    println!(
        "[{}] {count} cases: {} valid, {invalid} with violations (per protovalidate); \
         {} disagreements; {multiplicity_only} agree as sets but differ in duplicates",
        kind.label,
        count - invalid,
        mismatches.len(),
    );
    println!(
        "[{}] cases hitting each rule id (protovalidate / planton-gen):",
        kind.label
    );
    for (id, (theirs_n, ours_n)) in &per_rule {
        let id = if id.is_empty() { "<no id>" } else { id };
        println!("    {id:<32} {theirs_n:>5} / {ours_n}");
    }
    println!(
        "[{}] planton-gen {:.2?}, oracle {:.2?}, total {:.2?}",
        kind.label,
        planton_time,
        oracle_time,
        started.elapsed()
    );

    let mut report = String::new();
    for &i in mismatches.iter().take(SHOWN) {
        let a: BTreeSet<_> = ours[i].keys().cloned().collect();
        let b: BTreeSet<_> = theirs[i].keys().cloned().collect();
        report.push_str(&format!(
            "\n--- case {i} ({}) ---\nmanifest: {}\nplanton-gen:   {}\nprotovalidate: {}\n\
             only planton-gen:   {}\nonly protovalidate: {}\n",
            paths[i].file_name().unwrap_or_default().to_string_lossy(),
            compact(&manifests[i]),
            show(a.iter()),
            show(b.iter()),
            show(a.difference(&b)),
            show(b.difference(&a)),
        ));
    }
    if !mismatches.is_empty() {
        // Which pairs disagree, over all cases: the quickest overview of the bugs.
        let mut by_rule: BTreeMap<String, usize> = BTreeMap::new();
        for &i in &mismatches {
            let a: BTreeSet<_> = ours[i].keys().cloned().collect();
            let b: BTreeSet<_> = theirs[i].keys().cloned().collect();
            for (field, rule) in a.difference(&b) {
                *by_rule
                    .entry(format!("only planton-gen:   {rule} ({})", generic(field)))
                    .or_default() += 1;
            }
            for (field, rule) in b.difference(&a) {
                *by_rule
                    .entry(format!("only protovalidate: {rule} ({})", generic(field)))
                    .or_default() += 1;
            }
        }
        report.push_str("\nDisagreeing pairs over all cases:\n");
        for (what, n) in by_rule {
            report.push_str(&format!("    {n:>5}  {what}\n"));
        }
    }
    assert!(
        mismatches.is_empty(),
        "[{}] planton-gen and protovalidate disagree on {} of {count} cases (seed {seed:#x}; \
         first {}):{report}",
        kind.label,
        mismatches.len(),
        mismatches.len().min(SHOWN),
    );

    // The corpus must actually exercise the rules.
    let distinct = per_rule.iter().filter(|(_, (n, _))| *n > 0).count();
    assert!(
        distinct >= kind.min_rule_ids,
        "[{}] the corpus only hit {distinct} distinct rule ids (want >= {})",
        kind.label,
        kind.min_rule_ids
    );
    assert!(
        invalid > 0 && invalid < count,
        "[{}] the corpus needs valid and invalid cases ({invalid} of {count} invalid)",
        kind.label
    );
}

/// FNV-1a, to give each kind its own stream from one seed.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// JSON text that YAML reads the same way: characters YAML does not allow raw (DEL, C1
/// controls, U+FEFF, ...) or treats as line breaks (U+0085, U+2028, U+2029) are written as
/// `\uXXXX` escapes, which both JSON and YAML double-quoted strings understand. They can only
/// occur inside strings, as JSON's own syntax is ASCII.
fn yaml_safe(json: &str) -> String {
    json.chars()
        .map(|c| match c {
            '\u{7f}'..='\u{9f}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{feff}'
            | '\u{fffe}'
            | '\u{ffff}' => {
                format!("\\u{:04x}", c as u32)
            }
            _ => c.to_string(),
        })
        .collect()
}

fn compact(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn show<'a>(pairs: impl Iterator<Item = &'a (String, String)>) -> String {
    let items: Vec<String> = pairs
        .map(|(f, r)| format!("({}, {r})", visible(f)))
        .collect();
    format!("{{{}}}", items.join(", "))
}

/// Invisible characters of a path (raw in planton-gen's JSON-style key quoting) as `⟨U+XXXX⟩`.
fn visible(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            c if c.is_control() => format!("⟨U+{:04X}⟩", c as u32),
            '\u{a0}'
            | '\u{ad}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{feff}'
            | '\u{e000}'..='\u{f8ff}' => format!("⟨U+{:04X}⟩", c as u32),
            c => c.to_string(),
        })
        .collect()
}

/// A field path with indices and keys blanked, to group disagreements.
fn generic(field: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    let mut in_string = false;
    let mut escaped = false;
    for c in field.chars() {
        if depth > 0 {
            if in_string {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    in_string = false;
                }
                continue;
            }
            match c {
                '"' => in_string = true,
                ']' => {
                    depth -= 1;
                    out.push_str("[*]");
                }
                _ => {}
            }
            continue;
        }
        if c == '[' {
            depth += 1;
        } else {
            out.push(c);
        }
    }
    out
}

/// RuleTest: planton-gen fills `spec.defaulted` with its default "42" when it is left out.
fn rule_test_view(manifest: &Value) -> Value {
    let mut view = manifest.clone();
    if let Some(spec) = view.get_mut("spec").and_then(Value::as_object_mut) {
        spec.entry("defaulted").or_insert(serde_json::json!(42));
    }
    view
}

#[test]
#[ignore = "needs the protovalidate oracle: see tests/oracle/README.md"]
fn rule_test_agrees_with_protovalidate() {
    differential(&KindSpec {
        label: "ruletest",
        type_name: generator::RULE_TEST_TYPE,
        generate: generator::rule_test,
        oracle_view: rule_test_view,
        min_rule_ids: 25,
    });
}

#[test]
#[ignore = "needs the protovalidate oracle: see tests/oracle/README.md"]
fn kv_namespace_agrees_with_protovalidate() {
    differential(&KindSpec {
        label: "kvnamespace",
        type_name: generator::KV_TYPE,
        generate: generator::kv_namespace,
        oracle_view: Value::clone,
        min_rule_ids: 4,
    });
}
