//! Structured manifests, every string hostile and written with `yaml_string`: they load back
//! exactly, are valid exactly when the schema's rules say so, and every target renders them
//! to files whose strings read back exactly with the target language's parser.
#![no_main]

#[path = "../common/oracle.rs"]
mod oracle;

use arbitrary::{Arbitrary, Unstructured};
use oracle::{Options, Resource};
use planton_gen::internal::escape::yaml_string;
use std::collections::BTreeMap;

/// The sequences escaping is about, and characters every format treats specially.
#[rustfmt::skip]
const SPECIAL: &[&str] = &[
    "\"", "\\", "${", "%{", "$${", "%%{", "$", "%", "{", "}", "\n", "\r\n", "\r", "\t", "*/",
    "/*", "//", "#", "`", "'", ": ", " #", "- ", "---", "...", "&a", "*a", "!!str", "\u{2028}",
    "\u{2029}", "\u{FEFF}", "\u{0}", "\u{7f}", "\u{85}", "\u{a0}", "\u{FFFE}", "\u{FFFF}",
    "\u{10FFFF}", "😀", "é", "e\u{301}", "\u{202E}", "\u{200B}", "ǅ", "ß", "İ", "K", "-",
    "_", ".", "/", "prod", "-prod", "_staging", ".dev", "range", "func", "a/b", "A", "0",
    "9", "yes", "~", "null", "0x1F", "1e3", " ", "=", "[", "]",
];

#[derive(Debug)]
struct Text(String);

impl<'a> Arbitrary<'a> for Text {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let mut text = String::new();
        for _ in 0..u.int_in_range(0..=12)? {
            match u.int_in_range(0..=3)? {
                0 => text.push_str(u.choose(SPECIAL)?),
                1 => text.push(char::arbitrary(u)?),
                2 => text.push(u.int_in_range(b'a'..=b'z')? as char),
                _ => text.push_str(&String::arbitrary(u)?.chars().take(8).collect::<String>()),
            }
        }
        Ok(Text(text))
    }
}

#[derive(Arbitrary, Debug)]
enum Env {
    None,
    Prod,
    /// Environment names that differ only in case are different environments.
    ProdTitle,
    Staging,
    StagingUpper,
    Other(Text),
}

#[derive(Arbitrary, Debug)]
enum Id {
    None,
    Hex([u8; 16]),
    Other(Text),
}

#[derive(Arbitrary, Debug)]
struct Res {
    name: Text,
    env: Env,
    namespace_name: Text,
    description: Text,
    ttl: u32,
    labels: Vec<(Text, Text)>,
    annotations: Vec<(Text, Text)>,
    binding: Option<Text>,
    id: Id,
    /// Write spec fields with their JSON names (`namespaceName`).
    json_names: bool,
}

#[derive(Arbitrary, Debug)]
struct Input {
    first: Res,
    more: Vec<Res>,
    account: u8,
    account_text: Text,
    namespaced: bool,
    namespace: Option<Text>,
    provider_config: Text,
    orphan: bool,
    jsonc: bool,
    require_ids: bool,
    default_env: Env,
}

fn env(env: &Env) -> String {
    match env {
        Env::None => String::new(),
        Env::Prod => "prod".into(),
        Env::ProdTitle => "Prod".into(),
        Env::Staging => "staging".into(),
        Env::StagingUpper => "STAGING".into(),
        Env::Other(t) => t.0.clone(),
    }
}

/// The values a manifest will hold: inside the valid space of one manifest (namespace_name
/// 1..=64 characters, description at most 256, a name with an ASCII letter or digit, ttl 0
/// or at least 60).
fn resource(res: &Res) -> Resource {
    let mut name = res.name.0.clone();
    if !name.chars().any(|c| c.is_ascii_alphanumeric()) {
        name.push('a');
    }
    let mut title: String = res.namespace_name.0.chars().take(64).collect();
    if title.is_empty() {
        title.push('t');
    }
    let ttl = if res.ttl % 4 == 0 {
        0
    } else {
        60 + i64::from(res.ttl % (i32::MAX as u32 - 60))
    };
    let mut annotations: BTreeMap<String, String> = res
        .annotations
        .iter()
        .map(|(k, v)| (k.0.clone(), v.0.clone()))
        .collect();
    if let Some(binding) = &res.binding {
        annotations.insert("planton-gen/binding".into(), binding.0.clone());
    }
    Resource {
        api_version: oracle::API_VERSION.into(),
        kind: oracle::KIND.into(),
        has_metadata: true,
        has_spec: true,
        name,
        env: env(&res.env),
        labels: res
            .labels
            .iter()
            .map(|(k, v)| (k.0.clone(), v.0.clone()))
            .collect(),
        annotations,
        relationships_ok: true,
        namespace_name: title,
        description: res.description.0.chars().take(256).collect(),
        ttl,
        namespace_id: match &res.id {
            Id::None => String::new(),
            Id::Hex(bytes) => bytes.iter().map(|b| format!("{b:02x}")).collect(),
            Id::Other(t) => t.0.clone(),
        },
    }
}

fn mapping(out: &mut String, key: &str, map: &BTreeMap<String, String>) {
    if map.is_empty() {
        out.push_str(&format!("  {key}: {{}}\n"));
        return;
    }
    out.push_str(&format!("  {key}:\n"));
    for (k, v) in map {
        out.push_str(&format!("    {}: {}\n", yaml_string(k), yaml_string(v)));
    }
}

fn manifest(r: &Resource, json_names: bool) -> String {
    let (title, ttl) = if json_names {
        ("namespaceName", "ttlSeconds")
    } else {
        ("namespace_name", "ttl_seconds")
    };
    let mut out = format!(
        "apiVersion: {}\nkind: {}\nmetadata:\n  name: {}\n  env: {}\n",
        oracle::API_VERSION,
        oracle::KIND,
        yaml_string(&r.name),
        yaml_string(&r.env)
    );
    mapping(&mut out, "labels", &r.labels);
    mapping(&mut out, "annotations", &r.annotations);
    out.push_str(&format!(
        "spec:\n  {title}: {}\n  {ttl}: {}\n  description: {}\nstatus:\n  outputs:\n    namespace_id: {}\n",
        yaml_string(&r.namespace_name),
        r.ttl,
        yaml_string(&r.description),
        yaml_string(&r.namespace_id)
    ));
    out
}

libfuzzer_sys::fuzz_target!(
    // Known findings do not stop a run, unless PLANTON_FUZZ_STRICT is set.
    init: oracle::TOLERATE_KNOWN.store(
        std::env::var_os("PLANTON_FUZZ_STRICT").is_none(),
        std::sync::atomic::Ordering::Relaxed
    ),
    |input: Input| {
    let all: Vec<&Res> = std::iter::once(&input.first).chain(input.more.iter().take(3)).collect();
    let resources: Vec<Resource> = all.iter().map(|r| resource(r)).collect();
    let text: Vec<String> = resources.iter().zip(&all).map(|(r, res)| manifest(r, res.json_names)).collect();
    let text = text.join("---\n");
    let account = Some(input.account_text.0.clone());
    let options = Options {
        account_id: if input.account % 3 == 0 { account.clone() } else { None },
        account_ref: if input.account % 3 == 1 { account } else { None },
        namespaced: input.namespaced,
        namespace: input.namespace.as_ref().map(|t| t.0.clone()),
        provider_config: input.provider_config.0.clone(),
        orphan: input.orphan,
        jsonc: input.jsonc,
        require_ids: input.require_ids,
        default_env: env(&input.default_env),
    };
    // The options travel with the text (a comment line), so a saved input replays exactly.
    let text = format!("{}{text}", options.header());
    if std::env::var_os("PLANTON_FUZZ_PRINT").is_some() {
        eprintln!("--- manifest text (save as tests/fixtures/fuzz/render-<n>.yaml) ---\n{text}--- end of manifest text ---");
    }
    let expect_valid = oracle::predict_valid(&resources);
    let checked = oracle::check_text(&text, &options, Some(expect_valid));
    // Every string reads back exactly as written.
    assert_eq!(checked.resources, resources, "loaded values differ from the input\n{text}");
});
