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
    pub mod descriptor;
    pub mod generator;
    pub mod oracle;
    pub mod rng;
}

use differential::descriptor::DescriptorGenerator;
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
/// names, references to other manifests); protovalidate has no equivalent.
fn is_run_level(rule: &str) -> bool {
    rule == "run.unique" || rule.starts_with("names.") || rule.starts_with("reference.")
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

/// One engine's verdict on one manifest.
#[derive(Clone, Debug, PartialEq)]
enum Verdict {
    /// The (field path, rule id) pairs reported.
    Pairs(Pairs),
    /// The input was refused before any rule ran: planton-gen's own shape ids, or the
    /// oracle's "parse error". Two refusals agree whatever their words.
    Refused(String),
    /// The oracle could not judge the message (compilation or evaluation error): never an
    /// agreement.
    Broken(String),
}

impl Verdict {
    fn agrees(&self, other: &Verdict) -> bool {
        match (self, other) {
            (Verdict::Pairs(a), Verdict::Pairs(b)) => {
                a.keys().collect::<BTreeSet<_>>() == b.keys().collect::<BTreeSet<_>>()
            }
            (Verdict::Refused(_), Verdict::Refused(_)) => true,
            _ => false,
        }
    }

    fn pairs(&self) -> Option<&Pairs> {
        match self {
            Verdict::Pairs(pairs) => Some(pairs),
            _ => None,
        }
    }

    fn show(&self) -> String {
        match self {
            Verdict::Pairs(pairs) => show(pairs.keys()),
            Verdict::Refused(why) => format!("refused to read it: {why}"),
            Verdict::Broken(why) => format!("could not judge it: {why}"),
        }
    }
}

/// Both engines' verdicts on one corpus of one kind.
struct Judged {
    ours: Vec<Verdict>,
    theirs: Vec<Verdict>,
    paths: Vec<PathBuf>,
    planton_time: std::time::Duration,
    oracle_time: std::time::Duration,
    /// Keeps the manifests on disk while the verdicts are read.
    _temp: Option<tempfile::TempDir>,
}

/// Writes each manifest to its own file, has planton-gen check them all in one run and the
/// oracle judge each view (the manifest as protovalidate must see it) in one process.
/// `types` holds each manifest's message type (one entry: all of that type).
fn judge(
    schema: &Schema,
    label: &str,
    types: &[&str],
    manifests: &[Value],
    views: &[Value],
) -> Judged {
    let count = manifests.len();
    let temp = tempfile::tempdir().expect("temporary directory");
    let dir = match std::env::var_os("PLANTON_DIFF_DIR") {
        Some(dir) => PathBuf::from(dir).join(label),
        None => temp.path().to_path_buf(),
    };
    std::fs::create_dir_all(&dir).expect("create the manifest directory");
    let paths: Vec<PathBuf> = manifests
        .iter()
        .enumerate()
        .map(|(i, manifest)| {
            // Named by the message, when there are several: `kubernetesnamespace-000412.yaml`.
            let name = match types {
                [_] => label.to_owned(),
                _ => types[i].rsplit('.').next().unwrap_or(label).to_lowercase(),
            };
            let path = dir.join(format!("{name}-{i:05}.yaml"));
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

    let planton_started = Instant::now();
    let checked = planton_gen::internal::check(schema, &paths, &[]).expect("planton-gen check");
    let planton_time = planton_started.elapsed();
    let mut ours: Vec<Verdict> = vec![Verdict::Pairs(Pairs::new()); count];
    for v in &checked.violations {
        if is_run_level(&v.rule) {
            continue;
        }
        let i = index_of(&v.file);
        if SHAPE_PREFIXES.iter().any(|p| v.rule.starts_with(p)) {
            if !matches!(ours[i], Verdict::Refused(_)) {
                ours[i] = Verdict::Refused(v.human());
            }
            continue;
        }
        if let Verdict::Pairs(pairs) = &mut ours[i] {
            *pairs.entry((v.field.clone(), v.rule.clone())).or_default() += 1;
        }
    }

    // Next to the manifests, so a kept corpus can be fed to the oracle by hand.
    let descriptor_set = dir.join("schema.binpb");
    std::fs::write(&descriptor_set, schema.encode_descriptor_set()).expect("write descriptors");
    let oracle = Oracle::start(&descriptor_set);
    let oracle_started = Instant::now();
    let typed: Vec<(&str, &Value)> = views
        .iter()
        .enumerate()
        .map(|(i, view)| (types[if types.len() == 1 { 0 } else { i }], view))
        .collect();
    let theirs = oracle
        .validate_typed(&typed)
        .into_iter()
        .map(|r| match r {
            Ok(pairs) => Verdict::Pairs(pairs),
            Err(e) if e.starts_with("parse error") => Verdict::Refused(e),
            Err(e) => Verdict::Broken(e),
        })
        .collect();
    Judged {
        ours,
        theirs,
        paths,
        planton_time,
        oracle_time: oracle_started.elapsed(),
        _temp: Some(temp),
    }
}

/// Cases hitting each rule id: (protovalidate, planton-gen).
fn per_rule(judged: &Judged) -> BTreeMap<String, (usize, usize)> {
    let mut per_rule: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (verdict, slot) in judged
        .theirs
        .iter()
        .map(|v| (v, 0))
        .chain(judged.ours.iter().map(|v| (v, 1)))
    {
        let Some(pairs) = verdict.pairs() else {
            continue;
        };
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
    per_rule
}

/// The disagreeing cases, the first `SHOWN` of them in full, then every disagreeing pair
/// over all cases (the quickest overview of the bugs).
fn report(judged: &Judged, manifests: &[Value], mismatches: &[usize]) -> String {
    let mut report = String::new();
    for &i in mismatches.iter().take(SHOWN) {
        let (a, b) = (&judged.ours[i], &judged.theirs[i]);
        let mut detail = String::new();
        if let (Some(a), Some(b)) = (a.pairs(), b.pairs()) {
            let a: BTreeSet<_> = a.keys().cloned().collect();
            let b: BTreeSet<_> = b.keys().cloned().collect();
            detail = format!(
                "only planton-gen:   {}\nonly protovalidate: {}\n",
                show(a.difference(&b)),
                show(b.difference(&a)),
            );
        }
        report.push_str(&format!(
            "\n--- case {i} ({}) ---\nmanifest: {}\nplanton-gen:   {}\nprotovalidate: {}\n{detail}",
            judged.paths[i]
                .file_name()
                .unwrap_or_default()
                .to_string_lossy(),
            compact(&manifests[i]),
            a.show(),
            b.show(),
        ));
    }
    let mut by_rule: BTreeMap<String, usize> = BTreeMap::new();
    for &i in mismatches {
        match (judged.ours[i].pairs(), judged.theirs[i].pairs()) {
            (Some(a), Some(b)) => {
                let a: BTreeSet<_> = a.keys().cloned().collect();
                let b: BTreeSet<_> = b.keys().cloned().collect();
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
            (None, Some(_)) => {
                *by_rule
                    .entry("only planton-gen refused or could not judge".into())
                    .or_default() += 1
            }
            (Some(_), None) => {
                *by_rule
                    .entry("only protovalidate refused or could not judge".into())
                    .or_default() += 1
            }
            (None, None) => {
                *by_rule
                    .entry("protovalidate could not judge".into())
                    .or_default() += 1
            }
        }
    }
    if !by_rule.is_empty() {
        report.push_str("\nDisagreeing pairs over all cases:\n");
        for (what, n) in by_rule {
            report.push_str(&format!("    {n:>5}  {what}\n"));
        }
    }
    report
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
    let mut rng = Rng::new(seed);
    let manifests: Vec<Value> = (0..count).map(|i| (kind.generate)(&mut rng, i)).collect();
    let views: Vec<Value> = manifests.iter().map(kind.oracle_view).collect();
    let judged = judge(&schema(), kind.label, &[kind.type_name], &manifests, &views);

    // A hand-written corpus never writes what either engine cannot read.
    let refused: Vec<String> = judged
        .ours
        .iter()
        .zip(&judged.theirs)
        .enumerate()
        .filter(|(_, (a, b))| a.pairs().is_none() || b.pairs().is_none())
        .map(|(i, (a, b))| {
            format!(
                "case {i}: planton-gen {}; protovalidate {}\n    manifest: {}",
                a.show(),
                b.show(),
                compact(&manifests[i])
            )
        })
        .collect();
    assert!(
        refused.is_empty(),
        "[{}] generated manifests one engine could not read (the generator or a loader is \
         wrong):\n{}",
        kind.label,
        refused.join("\n")
    );

    let mismatches: Vec<usize> = (0..count)
        .filter(|&i| !judged.ours[i].agrees(&judged.theirs[i]))
        .collect();
    let multiplicity_only = (0..count)
        .filter(|&i| judged.ours[i].agrees(&judged.theirs[i]) && judged.ours[i] != judged.theirs[i])
        .count();
    let per_rule = per_rule(&judged);
    let invalid = judged
        .theirs
        .iter()
        .filter(|v| v.pairs().is_some_and(|p| !p.is_empty()))
        .count();
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
        judged.planton_time,
        judged.oracle_time,
        started.elapsed()
    );
    assert!(
        mismatches.is_empty(),
        "[{}] planton-gen and protovalidate disagree on {} of {count} cases (seed {seed:#x}; \
         first {}):{}",
        kind.label,
        mismatches.len(),
        mismatches.len().min(SHOWN),
        report(&judged, &manifests, &mismatches),
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

/// The proto folders of the conformance run: `PLANTON_CONFORMANCE_PROTO_PATH` (folders
/// separated by `:`), or the repository's test protos (which use every rule and CEL shape;
/// the built-in kinds come with any schema).
fn conformance_proto_paths() -> Vec<PathBuf> {
    match std::env::var("PLANTON_CONFORMANCE_PROTO_PATH") {
        Ok(paths) if !paths.trim().is_empty() => paths
            .split(':')
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
            .collect(),
        _ => vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/proto")],
    }
}

/// Every kind of a schema against protovalidate, from manifests drawn from the kind's
/// descriptor and rules alone (tests/differential/descriptor.rs). Knobs:
/// PLANTON_CONFORMANCE_PROTO_PATH (see above), PLANTON_CONFORMANCE_KINDS (names, comma
/// separated; all by default), PLANTON_DIFF_CASES (per kind; default 300), PLANTON_DIFF_SEED.
/// `scripts/conformance --proto-path DIR` runs it over any tree.
#[test]
#[ignore = "needs the protovalidate oracle: see tests/oracle/README.md"]
fn every_kind_agrees_with_protovalidate() {
    let started = Instant::now();
    let dirs = conformance_proto_paths();
    let schema = Schema::with_proto_paths(&dirs)
        .unwrap_or_else(|e| panic!("load the schema from {dirs:?}: {e}"));
    let wanted: Option<BTreeSet<String>> = std::env::var("PLANTON_CONFORMANCE_KINDS")
        .ok()
        .filter(|k| !k.trim().is_empty())
        .map(|k| k.split(',').map(|s| s.trim().to_owned()).collect());
    let kinds: Vec<_> = schema
        .kinds()
        .iter()
        .filter(|k| wanted.as_ref().is_none_or(|w| w.contains(&k.name)))
        .collect();
    assert!(!kinds.is_empty(), "no kinds to check in {dirs:?}");
    let generator = DescriptorGenerator::new(&schema);
    let count = cases();
    println!(
        "conformance: {} kinds from {dirs:?}, {count} cases each, seed {:#x}",
        kinds.len(),
        seed()
    );
    // Every kind's cases in one planton-gen run and one oracle process (loading a large
    // tree's descriptor set is the slow part of starting the oracle).
    let mut types: Vec<&str> = Vec::new();
    let mut manifests: Vec<Value> = Vec::new();
    let mut views: Vec<Value> = Vec::new();
    for kind in &kinds {
        let mut rng = Rng::new(seed() ^ fnv1a(&kind.name));
        for _ in 0..count {
            let manifest = generator.manifest(&mut rng, kind);
            views.push(generator.oracle_view(&kind.message, &manifest));
            manifests.push(manifest);
            types.push(kind.message.full_name());
        }
    }
    let judged = judge(&schema, "conformance", &types, &manifests, &views);
    let mut total = (0, 0, 0, 0); // cases, disagreements, with violations, refused
    let mut failures = String::new();
    let mut rule_ids: BTreeSet<String> = BTreeSet::new();
    for (k, kind) in kinds.iter().enumerate() {
        let range = k * count..(k + 1) * count;
        let part = Judged {
            ours: judged.ours[range.clone()].to_vec(),
            theirs: judged.theirs[range.clone()].to_vec(),
            paths: judged.paths[range.clone()].to_vec(),
            planton_time: judged.planton_time,
            oracle_time: judged.oracle_time,
            _temp: None,
        };
        let mismatches: Vec<usize> = (0..count)
            .filter(|&i| !part.ours[i].agrees(&part.theirs[i]))
            .collect();
        let invalid = (part.ours.iter().zip(&part.theirs))
            .filter(|(a, b)| a.pairs().is_some() && b.pairs().is_some_and(|p| !p.is_empty()))
            .count();
        let refused = (part.ours.iter().zip(&part.theirs))
            .filter(|(a, b)| a.pairs().is_none() || b.pairs().is_none())
            .count();
        let hit = per_rule(&part);
        let hit_ids: Vec<&str> = hit.keys().map(String::as_str).collect();
        println!(
            "  {:<44} {count:>5} cases: {:>5} valid, {invalid:>5} with violations, \
             {refused:>4} unreadable; {:>4} disagreements",
            kind.name,
            count - invalid - refused,
            mismatches.len()
        );
        println!("      rule ids hit: {}", hit_ids.join(", "));
        rule_ids.extend(hit.into_keys());
        total.0 += count;
        total.1 += mismatches.len();
        total.2 += invalid;
        total.3 += refused;
        if !mismatches.is_empty() {
            failures.push_str(&format!(
                "\n===== {} ({} of {count} disagree) =====",
                kind.name,
                mismatches.len()
            ));
            failures.push_str(&report(&part, &manifests[range], &mismatches));
        }
    }
    println!(
        "conformance: planton-gen {:.1?}, protovalidate {:.1?}",
        judged.planton_time, judged.oracle_time
    );
    let agreement = 100.0 * (total.0 - total.1) as f64 / total.0 as f64;
    println!(
        "conformance: {} kinds, {} cases ({} with violations, {} unreadable by both or \
         either), {} distinct rule ids hit; agreement {agreement:.2} % ({} disagreements) \
         in {:.1?}",
        kinds.len(),
        total.0,
        total.2,
        total.3,
        rule_ids.len(),
        total.1,
        started.elapsed()
    );
    assert!(
        total.1 == 0,
        "planton-gen and protovalidate disagree on {} of {} cases:{failures}",
        total.1,
        total.0
    );
}
