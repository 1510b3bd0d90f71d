//! Generators of manifests (proto3 JSON with proto field names) for the differential test.
//!
//! Every field is drawn independently: left out, set to a value that keeps its rules, or set
//! to a value on or across a rule's boundary. Each case picks a profile that weights these
//! choices, from "everything valid" to "mostly broken", so the corpus has clean cases as well
//! as cases that break many rules at once.

use super::rng::Rng;
use serde_json::{json, Map, Value};

pub const RULE_TEST_TYPE: &str = "planton_test.v1.RuleTest";
pub const KV_TYPE: &str =
    "org.project_planton.provider.cloudflare.cloudflarekvnamespace.v1.CloudflareKvNamespace";

const I32_MIN: i64 = i32::MIN as i64;
const I32_MAX: i64 = i32::MAX as i64;
const U32_MAX: u64 = u32::MAX as u64;

/// How a case weights its choices.
#[derive(Clone, Copy, Debug)]
struct Profile {
    /// Leave a field out (only fields whose zero value keeps the rules in a clean case).
    omit: f64,
    /// Write `null` (proto3 JSON: the field's default).
    null: f64,
    /// Draw a boundary-breaking value.
    bad: f64,
    /// Whether leaving out a field whose zero value breaks a rule is allowed.
    clean: bool,
}

fn profile(rng: &mut Rng) -> Profile {
    match rng.below(10) {
        0 | 1 => Profile {
            omit: 0.3,
            null: 0.0,
            bad: 0.0,
            clean: true,
        },
        2 | 3 => Profile {
            omit: 0.1,
            null: 0.01,
            bad: 0.04,
            clean: false,
        },
        4..=6 => Profile {
            omit: 0.2,
            null: 0.02,
            bad: 0.25,
            clean: false,
        },
        _ => Profile {
            omit: 0.2,
            null: 0.03,
            bad: 0.6,
            clean: false,
        },
    }
}

type Gen = fn(&mut Rng) -> Value;

/// One field of a message: whether its zero value keeps its rules, and how to draw a good
/// and a bad value.
struct FieldGen {
    name: &'static str,
    zero_ok: bool,
    good: Gen,
    bad: Gen,
}

const fn f(name: &'static str, zero_ok: bool, good: Gen, bad: Gen) -> FieldGen {
    FieldGen {
        name,
        zero_ok,
        good,
        bad,
    }
}

fn fill(rng: &mut Rng, p: Profile, obj: &mut Map<String, Value>, fields: &[FieldGen]) {
    for field in fields {
        if let Some(value) = draw(rng, p, field) {
            // Both engines accept the lowerCamel JSON name too.
            let key = if rng.chance(0.15) {
                json_name(field.name)
            } else {
                field.name.to_owned()
            };
            obj.insert(key, value);
        }
    }
}

/// protoc's JSON name of a field: `by_name` → `byName`.
pub fn json_name(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn draw(rng: &mut Rng, p: Profile, field: &FieldGen) -> Option<Value> {
    if p.clean {
        if field.zero_ok && rng.chance(p.omit) {
            return None;
        }
        return Some((field.good)(rng));
    }
    let x = rng.unit();
    if x < p.omit {
        None
    } else if x < p.omit + p.null {
        Some(Value::Null)
    } else if x < p.omit + p.null + p.bad {
        Some((field.bad)(rng))
    } else {
        Some((field.good)(rng))
    }
}

// ------------------------------------------------------------------------------------------
// Value helpers
// ------------------------------------------------------------------------------------------

/// Characters of every UTF-8 length, so character and byte counts differ; a combining accent
/// and a zero-width joiner count as characters of their own (code points, not graphemes).
const MIXED: [char; 14] = [
    'a', 'b', 'z', '0', '-', 'é', 'ü', 'ß', '中', '語', '😀', '🚀', '\u{301}', '\u{200d}',
];
const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";

/// `n` characters, mixing 1- to 4-byte ones.
fn mixed(rng: &mut Rng, n: usize) -> String {
    (0..n).map(|_| rng.pick(&MIXED)).collect()
}

fn lower(rng: &mut Rng, n: usize) -> String {
    (0..n).map(|_| rng.pick(LOWER) as char).collect()
}

/// A string of exactly `n` UTF-8 bytes, of characters of random widths.
fn bytes_str(rng: &mut Rng, n: usize) -> String {
    let mut out = String::new();
    while out.len() < n {
        let room = n - out.len();
        let fitting: Vec<char> = MIXED
            .iter()
            .copied()
            .filter(|c| c.len_utf8() <= room)
            .collect();
        out.push(rng.pick(&fitting));
    }
    out
}

/// A length on or next to `limit` most of the time, anything in `lo..=hi` otherwise.
fn near(rng: &mut Rng, limit: usize, lo: usize, hi: usize) -> usize {
    if rng.chance(0.75) {
        let candidates: Vec<usize> = [limit.saturating_sub(1), limit, limit + 1]
            .into_iter()
            .filter(|n| (lo..=hi).contains(n))
            .collect();
        if !candidates.is_empty() {
            return rng.pick(&candidates);
        }
    }
    rng.range(lo, hi)
}

fn s(text: &str) -> Value {
    Value::String(text.to_owned())
}

fn pick_str(rng: &mut Rng, options: &[&str]) -> Value {
    s(rng.pick(options))
}

fn pick_int(rng: &mut Rng, options: &[i64]) -> Value {
    json!(rng.pick(options))
}

fn pick_uint(rng: &mut Rng, options: &[u64]) -> Value {
    json!(rng.pick(options))
}

/// An int64 value, sometimes in proto3 JSON's string form.
fn pick_int64(rng: &mut Rng, options: &[i64]) -> Value {
    let v = rng.pick(options);
    if rng.chance(0.25) {
        Value::String(v.to_string())
    } else {
        json!(v)
    }
}

/// A double; non-finite values in proto3 JSON's string form.
fn dbl(v: f64) -> Value {
    if v.is_nan() {
        s("NaN")
    } else if v == f64::INFINITY {
        s("Infinity")
    } else if v == f64::NEG_INFINITY {
        s("-Infinity")
    } else {
        json!(v)
    }
}

fn pick_dbl(rng: &mut Rng, options: &[f64]) -> Value {
    dbl(rng.pick(options))
}

/// An enum value by number, written by name when it has one (half of the time).
fn color(rng: &mut Rng, options: &[i64]) -> Value {
    const NAMES: [&str; 4] = [
        "COLOR_UNSPECIFIED",
        "COLOR_RED",
        "COLOR_GREEN",
        "COLOR_BLUE",
    ];
    let n = rng.pick(options);
    match usize::try_from(n) {
        Ok(i) if i < NAMES.len() && rng.chance(0.5) => s(NAMES[i]),
        _ => json!(n),
    }
}

// ------------------------------------------------------------------------------------------
// Shared metadata
// ------------------------------------------------------------------------------------------

fn string_map(rng: &mut Rng, max: usize) -> Value {
    let mut map = Map::new();
    for _ in 0..rng.range(0, max) {
        let key = if rng.chance(0.5) {
            let n = rng.range(1, 6);
            lower(rng, n)
        } else {
            let n = rng.range(0, 4);
            mixed(rng, n)
        };
        let n = rng.range(0, 6);
        map.insert(key, Value::String(mixed(rng, n)));
    }
    Value::Object(map)
}

fn relationship(rng: &mut Rng, bad: bool) -> Value {
    let mut obj = Map::new();
    let kind = if bad && rng.chance(0.4) {
        rng.pick(&[None, Some(json!(0)), Some(s("unspecified"))])
    } else {
        Some(rng.pick(&[
            json!(1801),
            s("CloudflareKvNamespace"),
            s("CloudflareDnsZone"),
            json!(9999),
        ]))
    };
    let name = if bad && rng.chance(0.4) {
        rng.pick(&[None, Some(s(""))])
    } else {
        let n = rng.range(1, 6);
        Some(Value::String(mixed(rng, n)))
    };
    let kind_of_link = if bad && rng.chance(0.4) {
        rng.pick(&[None, Some(json!(0)), Some(s("unspecified"))])
    } else {
        Some(rng.pick(&[s("depends_on"), json!(2), s("uses"), json!(17)]))
    };
    for (key, value) in [("kind", kind), ("name", name), ("type", kind_of_link)] {
        if let Some(value) = value {
            obj.insert(key.to_owned(), value);
        }
    }
    if rng.chance(0.3) {
        obj.insert("env".into(), pick_str(rng, &["", "dev", "prod"]));
    }
    Value::Object(obj)
}

fn metadata(rng: &mut Rng, p: Profile, index: usize) -> Value {
    let mut obj = Map::new();
    // Distinct names: run.unique is planton-gen's own check, not compared.
    obj.insert("name".into(), Value::String(format!("case-{index}")));
    for key in ["slug", "id", "org", "env", "group"] {
        if rng.chance(0.2) {
            let n = rng.range(0, 6);
            obj.insert(key.into(), Value::String(mixed(rng, n)));
        }
    }
    if rng.chance(0.3) {
        obj.insert("labels".into(), string_map(rng, 3));
    }
    if rng.chance(0.2) {
        obj.insert("annotations".into(), string_map(rng, 2));
    }
    if rng.chance(0.2) {
        let tags: Vec<Value> = (0..rng.range(0, 3))
            .map(|_| {
                let n = rng.range(0, 4);
                Value::String(mixed(rng, n))
            })
            .collect();
        obj.insert("tags".into(), Value::Array(tags));
    }
    if rng.chance(0.35) {
        let links: Vec<Value> = (0..rng.range(0, 3))
            .map(|_| {
                let bad = !p.clean && rng.chance(p.bad.max(0.15));
                relationship(rng, bad)
            })
            .collect();
        obj.insert("relationships".into(), Value::Array(links));
    }
    Value::Object(obj)
}

// ------------------------------------------------------------------------------------------
// planton_test.v1.RuleTest
// ------------------------------------------------------------------------------------------

/// A `planton_test.v1.Item`: name required, at most 8 characters; weight >= 0.
fn item(rng: &mut Rng, bad: bool) -> Value {
    let mut obj = Map::new();
    let name = if bad && rng.chance(0.6) {
        match rng.below(4) {
            0 => None,
            1 => Some(s("")),
            _ => {
                let n = rng.range(9, 10);
                Some(Value::String(mixed(rng, n)))
            }
        }
    } else {
        let n = near(rng, 8, 1, 8);
        Some(Value::String(mixed(rng, n)))
    };
    if let Some(name) = name {
        obj.insert("name".into(), name);
    }
    let weight = if bad && rng.chance(0.5) {
        Some(pick_int(rng, &[-1, I32_MIN]))
    } else {
        rng.pick(&[None, Some(json!(0)), Some(json!(5)), Some(json!(I32_MAX))])
    };
    if let Some(weight) = weight {
        obj.insert("weight".into(), weight);
    }
    Value::Object(obj)
}

fn good_tags(rng: &mut Rng) -> Value {
    let mut tags: Vec<String> = Vec::new();
    for _ in 0..rng.range(0, 3) {
        let n = near(rng, 5, 1, 5);
        let tag = mixed(rng, n);
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    json!(tags)
}

fn bad_tags(rng: &mut Rng) -> Value {
    let mut tags: Vec<String> = Vec::new();
    for _ in 0..rng.range(0, 5) {
        if !tags.is_empty() && rng.chance(0.3) {
            let dup = rng.pick(&tags);
            tags.push(dup);
        } else {
            let n = near(rng, 5, 0, 7);
            tags.push(mixed(rng, n));
        }
    }
    json!(tags)
}

fn good_items(rng: &mut Rng) -> Value {
    let items: Vec<Value> = (0..rng.range(1, 3)).map(|_| item(rng, false)).collect();
    Value::Array(items)
}

fn bad_items(rng: &mut Rng) -> Value {
    let items: Vec<Value> = (0..rng.range(0, 3))
        .map(|_| {
            let bad = rng.chance(0.6);
            item(rng, bad)
        })
        .collect();
    Value::Array(items)
}

fn numbers(rng: &mut Rng, bad: bool) -> Value {
    let items: Vec<Value> = (0..rng.range(0, 4))
        .map(|_| {
            if bad && rng.chance(0.5) {
                pick_int(rng, &[-1, -2, I32_MIN])
            } else {
                pick_int(rng, &[0, 1, 7, I32_MAX])
            }
        })
        .collect();
    Value::Array(items)
}

/// Map keys that break `^[a-z]+$`.
const BAD_KEYS: [&str; 13] = [
    "Team",
    "a-b",
    "",
    "é",
    "x y",
    "k\"q",
    "tab\tkey",
    "nl\nkey",
    "😀",
    "abc1",
    "ABC",
    "a.b",
    "back\\slash",
];

/// Map keys (also breaking the pattern) whose quoting in a field path differs between JSON
/// and Go's strconv.Quote, which protovalidate's paths follow: control characters, DEL,
/// non-printable spaces, format characters, private use.
const QUOTING_KEYS: [&str; 10] = [
    "ctl\u{1}key",
    "bell\u{7}",
    "vt\u{b}",
    "del\u{7f}",
    "nb\u{a0}sp",
    "shy\u{ad}",
    "ls\u{2028}",
    "zwj\u{200d}",
    "pua\u{e000}",
    "nul\u{0}",
];

fn bad_key(rng: &mut Rng) -> String {
    if rng.chance(0.15) {
        rng.pick(&QUOTING_KEYS).to_owned()
    } else {
        rng.pick(&BAD_KEYS).to_owned()
    }
}

fn labels(rng: &mut Rng, bad: bool) -> Value {
    let mut map = Map::new();
    let count = if bad {
        rng.range(0, 5)
    } else {
        rng.range(0, 3)
    };
    for _ in 0..count {
        let key = if bad && rng.chance(0.5) {
            bad_key(rng)
        } else {
            let n = rng.range(1, 5);
            lower(rng, n)
        };
        let n = if bad {
            near(rng, 5, 0, 7)
        } else {
            near(rng, 5, 0, 5)
        };
        map.insert(key, Value::String(mixed(rng, n)));
    }
    Value::Object(map)
}

fn by_name(rng: &mut Rng, bad: bool) -> Value {
    let mut map = Map::new();
    let count = if bad {
        rng.range(1, 3)
    } else {
        rng.range(0, 2)
    };
    for _ in 0..count {
        let key = if bad && rng.chance(0.3) {
            bad_key(rng)
        } else {
            let n = rng.range(1, 5);
            lower(rng, n)
        };
        let value_bad = bad && rng.chance(0.7);
        map.insert(key, item(rng, value_bad));
    }
    Value::Object(map)
}

fn hosts(rng: &mut Rng, bad: bool) -> Value {
    let good = ["example.com", "a.b", "x", "api.example.org."];
    let broken = [
        "Example.com",
        "",
        "a_b",
        "é.com",
        "a b",
        "host1.com",
        "a-b.com",
        "example.com\n",
    ];
    let items: Vec<Value> = (0..rng.range(0, 3))
        .map(|_| {
            if bad && rng.chance(0.5) {
                pick_str(rng, &broken)
            } else {
                pick_str(rng, &good)
            }
        })
        .collect();
    Value::Array(items)
}

fn rule_test_fields() -> Vec<FieldGen> {
    vec![
        // string rules
        f(
            "s_const",
            false,
            |_| s("fixed"),
            |r| pick_str(r, &["", "fixe", "fixed ", "FIXED", "fixéd", "fixed\n"]),
        ),
        f(
            "s_len",
            false,
            |r| s(&mixed(r, 3)),
            |r| {
                let n = r.pick(&[0, 1, 2, 4, 5]);
                s(&mixed(r, n))
            },
        ),
        f(
            "s_min_len",
            false,
            |r| {
                let n = near(r, 2, 2, 6);
                s(&mixed(r, n))
            },
            |r| {
                let n = r.range(0, 1);
                s(&mixed(r, n))
            },
        ),
        f(
            "s_max_len",
            true,
            |r| {
                let n = near(r, 4, 0, 4);
                s(&mixed(r, n))
            },
            |r| {
                let n = r.range(5, 7);
                s(&mixed(r, n))
            },
        ),
        f(
            "s_max_bytes",
            true,
            |r| {
                let n = near(r, 4, 0, 4);
                s(&bytes_str(r, n))
            },
            |r| {
                let n = r.range(5, 9);
                s(&bytes_str(r, n))
            },
        ),
        f(
            "s_pattern",
            false,
            |r| {
                if r.chance(0.5) {
                    let n = r.range(1, 8);
                    s(&lower(r, n))
                } else {
                    pick_str(r, &["abc", "abc-def", "a-b-c", "z"])
                }
            },
            |r| {
                pick_str(
                    r,
                    &[
                        "", "-abc", "abc-", "abc--def", "ABC", "é", "abc\n", "ab c", "abc-1",
                        "\nabc", "abc-dÉf",
                    ],
                )
            },
        ),
        f(
            "s_in",
            false,
            |r| pick_str(r, &["a", "b"]),
            |r| pick_str(r, &["", "c", "A", "a ", "ab", "á"]),
        ),
        f(
            "s_not_in",
            true,
            |r| pick_str(r, &["fine", "", "Bad", "bad ", "wors", "worsé"]),
            |r| pick_str(r, &["bad", "worse"]),
        ),
        f(
            "s_email",
            true,
            |r| {
                pick_str(
                    r,
                    &[
                        "ops@example.com",
                        "a.b+c@sub.example.org",
                        "x@y.io",
                        "first.last@a-b.example.com",
                        "A_B@EXAMPLE.COM",
                        "ops@example",
                    ],
                )
            },
            |r| {
                pick_str(
                    r,
                    &[
                        "",
                        "plain",
                        "@example.com",
                        "ops@",
                        "a b@example.com",
                        "a@b@c.com",
                        "ops@-example.com",
                        "ops@example..com",
                        "ops@example.com.",
                        "é@example.com",
                        "ops@exämple.com",
                        "<ops@example.com>",
                        "ops@127.0.0.1",
                        "ops@[127.0.0.1]",
                        ".ops@example.com",
                        "ops.@example.com",
                        "o..ps@example.com",
                        "\"ops\"@example.com",
                        "ops@example.c",
                        "ops@example.123",
                        "Ops Team <ops@example.com>",
                        "a@1-2.3",
                        "ops@123",
                        // 65-character local part, 300-character domain
                        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@x.com",
                        "a@bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
                        // 64-character label
                        "a@aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com",
                        "a@b_c.com",
                        "ops@example.com\n",
                    ],
                )
            },
        ),
        f(
            "s_uri",
            true,
            |r| {
                pick_str(
                    r,
                    &[
                        "https://example.com/x",
                        "http://a.b/c?d=e#f",
                        "urn:isbn:0451450523",
                        "mailto:ops@example.com",
                        "ftp://[::1]:21/",
                        "https://example.com:8080",
                        "https://example.com/a%20b",
                    ],
                )
            },
            |r| {
                pick_str(
                    r,
                    &[
                        "",
                        "example.com",
                        "/relative",
                        "//host/path",
                        "https://exa mple.com",
                        "https://example.com/%zz",
                        "http://[::1",
                        "1http://x",
                        "https://é.example.com",
                        "http://a/b c",
                        ":no-scheme",
                        "https://example.com/ä",
                        "http://example.com:port",
                        "https://example.com/#a#b",
                        "https://user@example.com/",
                        "h$ttp://example.com",
                        "http://[fe80::1%25en0]/",
                        "http://[::1%eth0]/",
                        "http://[::1%25]/",
                        "http://[::ffff:1.2.3.4%25x]",
                        "http://[1.2.3.4]",
                        "http://[v1.x]",
                        "http://[1::2::3]",
                        "http://a/b?c[d]",
                        "http://a:0x1/",
                        "s:",
                        "a:%20",
                    ],
                )
            },
        ),
        f(
            "s_required",
            false,
            |r| {
                let n = r.range(1, 4);
                s(&mixed(r, n))
            },
            |_| s(""),
        ),
        // numeric rules
        f(
            "i32_const",
            false,
            |_| json!(7),
            |r| pick_int(r, &[6, 8, 0, -7, I32_MIN, I32_MAX]),
        ),
        f(
            "i32_lt",
            true,
            |r| pick_int(r, &[9, 0, -1, I32_MIN]),
            |r| pick_int(r, &[10, 11, I32_MAX]),
        ),
        f(
            "i32_lte",
            true,
            |r| pick_int(r, &[10, 9, I32_MIN]),
            |r| pick_int(r, &[11, I32_MAX]),
        ),
        f(
            "i32_gt",
            true,
            |r| pick_int(r, &[0, 1, I32_MAX]),
            |r| pick_int(r, &[-1, -2, I32_MIN]),
        ),
        f(
            "i32_gte",
            true,
            |r| pick_int(r, &[0, 1, I32_MAX]),
            |r| pick_int(r, &[-1, I32_MIN]),
        ),
        f(
            "i32_in",
            true,
            |r| pick_int(r, &[0, 1, 2]),
            |r| pick_int(r, &[3, -1, I32_MAX, I32_MIN]),
        ),
        f(
            "i32_not_in",
            true,
            |r| pick_int(r, &[12, 14, 0, I32_MAX]),
            |_| json!(13),
        ),
        f(
            "i32_range",
            true,
            |r| pick_int(r, &[0, 1, 99]),
            |r| pick_int(r, &[-1, 100, I32_MAX, I32_MIN]),
        ),
        f(
            "i64_range",
            true,
            |r| pick_int64(r, &[-9, 0, 10]),
            |r| pick_int64(r, &[-10, 11, -11, i64::MIN, i64::MAX]),
        ),
        f(
            "i64_in",
            true,
            |r| pick_int64(r, &[0, 5_000_000_000]),
            |r| {
                pick_int64(
                    r,
                    &[4_999_999_999, 5_000_000_001, 1, -5_000_000_000, i64::MAX],
                )
            },
        ),
        f(
            "u32_range",
            true,
            |r| pick_uint(r, &[0, 1, 65535]),
            |r| pick_uint(r, &[65536, U32_MAX]),
        ),
        f(
            "u32_not_in",
            true,
            |r| pick_uint(r, &[21, 23, 0, U32_MAX]),
            |_| json!(22),
        ),
        f(
            "d_range",
            true,
            |r| pick_dbl(r, &[0.0, 1.0, 0.5, -0.0, 1e-300, 0.9999999999999999]),
            |r| {
                pick_dbl(
                    r,
                    &[
                        1.0000000000000002,
                        -1e-300,
                        -0.5,
                        f64::NAN,
                        f64::INFINITY,
                        f64::NEG_INFINITY,
                        1e300,
                    ],
                )
            },
        ),
        f(
            "d_gt",
            true,
            |r| pick_dbl(r, &[-0.49999999999999994, -0.25, 0.0, 1e300, f64::INFINITY]),
            |r| {
                pick_dbl(
                    r,
                    &[
                        -0.5,
                        -0.5000000000000001,
                        f64::NEG_INFINITY,
                        f64::NAN,
                        -1e300,
                    ],
                )
            },
        ),
        f(
            "d_const",
            true,
            |r| pick_dbl(r, &[0.0, 0.5, 1.5, -0.0]),
            |r| {
                pick_dbl(
                    r,
                    &[
                        1.0,
                        0.49999999999999994,
                        0.5000000000000001,
                        f64::NAN,
                        f64::INFINITY,
                        2.5,
                    ],
                )
            },
        ),
        f(
            "i32_outside",
            false,
            |r| pick_int(r, &[-1, 11, I32_MIN, I32_MAX]),
            |r| pick_int(r, &[0, 10, 5, 1, 9]),
        ),
        f(
            "i64_const",
            true,
            |r| pick_int64(r, &[0]),
            |r| pick_int64(r, &[1, -1, i64::MAX, i64::MIN]),
        ),
        f(
            "u32_const",
            true,
            |r| pick_uint(r, &[0, 1]),
            |r| pick_uint(r, &[2, U32_MAX]),
        ),
        // enum rules
        f(
            "color_defined",
            true,
            |r| color(r, &[0, 1, 2, 3]),
            |r| color(r, &[4, 7, -1, I32_MAX]),
        ),
        f(
            "color_in",
            true,
            |r| color(r, &[0, 1, 2]),
            |r| color(r, &[3, 7, -1]),
        ),
        f(
            "color_not_in",
            true,
            |r| color(r, &[0, 1, 2, 7]),
            |r| color(r, &[3]),
        ),
        // repeated rules
        f("tags", true, good_tags, bad_tags),
        f("items", false, good_items, bad_items),
        f("numbers", true, |r| numbers(r, false), |r| numbers(r, true)),
        // map rules
        f("labels", true, |r| labels(r, false), |r| labels(r, true)),
        f("by_name", true, |r| by_name(r, false), |r| by_name(r, true)),
        // CEL rules (low/high are drawn together, see rule_test)
        f(
            "ttl",
            true,
            |r| pick_int(r, &[0, 60, 61, 3600, I32_MAX]),
            |r| pick_int(r, &[30, 59, 1, -1, I32_MIN]),
        ),
        f("hosts", true, |r| hosts(r, false), |r| hosts(r, true)),
        f(
            "prefixed",
            true,
            |r| pick_str(r, &["", "app-", "app-x", "app-é"]),
            |r| pick_str(r, &["ap-", "APP-x", "xapp-", "app", " app-"]),
        ),
        // explicit presence: omitted is fine, set to a short value is not
        f(
            "opt_name",
            true,
            |r| {
                let n = near(r, 3, 3, 6);
                s(&mixed(r, n))
            },
            |r| {
                let n = r.range(0, 2);
                s(&mixed(r, n))
            },
        ),
        // explicit presence and ignore-if-zero: only unset is ignored, 0 is judged
        f(
            "opt_zero",
            true,
            |r| pick_int(r, &[10, 11, I32_MAX]),
            |r| pick_int(r, &[0, 1, 9, -1, I32_MIN]),
        ),
        // default "42" when left out
        f(
            "defaulted",
            true,
            |r| pick_int(r, &[40, 41, 42, I32_MAX]),
            |r| pick_int(r, &[39, 0, -1, I32_MIN]),
        ),
        f(
            "nested",
            true,
            |r| item(r, false),
            |r| {
                if r.chance(0.3) {
                    json!({})
                } else {
                    item(r, true)
                }
            },
        ),
        f("flag", true, |_| json!(false), |_| json!(true)),
    ]
}

/// One RuleTest manifest.
pub fn rule_test(rng: &mut Rng, index: usize) -> Value {
    let p = profile(rng);
    let mut root = Map::new();
    root.insert("api_version".into(), s("test.planton-gen.dev/v1"));
    root.insert("kind".into(), s("RuleTest"));
    if p.clean || !rng.chance(0.02) {
        root.insert("metadata".into(), metadata(rng, p, index));
    } else if rng.chance(0.5) {
        root.insert("metadata".into(), Value::Null);
    }
    if !p.clean && rng.chance(0.03) {
        // No spec at all, or null (unset as well).
        if rng.chance(0.5) {
            root.insert("spec".into(), Value::Null);
        }
        return Value::Object(root);
    }
    let mut spec = Map::new();
    fill(rng, p, &mut spec, &rule_test_fields());

    // low <= high, drawn together.
    let (low, high): (Option<i64>, Option<i64>) = if !p.clean && rng.chance(p.bad) {
        rng.pick(&[
            (Some(1), Some(0)),
            (Some(1), None),
            (None, Some(-1)),
            (Some(I32_MAX), Some(I32_MIN)),
            (Some(0), Some(-1)),
        ])
    } else {
        rng.pick(&[
            (None, None),
            (Some(1), Some(2)),
            (Some(5), Some(5)),
            (None, Some(3)),
            (Some(-4), None),
            (Some(I32_MIN), Some(I32_MAX)),
        ])
    };
    for (key, value) in [("low", low), ("high", high)] {
        if let Some(value) = value {
            spec.insert(key.into(), json!(value));
        }
    }

    // The oneof: unset breaks `required`; set to a zero value is still set.
    let target = if !p.clean && rng.chance(p.bad.max(0.05)) {
        None
    } else if rng.chance(0.5) {
        let host = rng.pick(&["", "example.com", "é"]);
        Some(("target_host", s(host)))
    } else {
        Some(("target_port", pick_int(rng, &[0, 443, -1, I32_MAX])))
    };
    if let Some((key, value)) = target {
        spec.insert(key.into(), value);
    }
    root.insert("spec".into(), Value::Object(spec));
    Value::Object(root)
}

// ------------------------------------------------------------------------------------------
// CloudflareKvNamespace
// ------------------------------------------------------------------------------------------

fn kv_fields() -> Vec<FieldGen> {
    vec![
        f(
            "namespace_name",
            false,
            |r| {
                let n = near(r, 64, 1, 64);
                s(&mixed(r, n))
            },
            |r| {
                if r.chance(0.3) {
                    s("")
                } else {
                    let n = r.range(65, 66);
                    s(&mixed(r, n))
                }
            },
        ),
        f(
            "ttl_seconds",
            true,
            |r| pick_int(r, &[0, 60, 61, 300, I32_MAX]),
            |r| pick_int(r, &[30, 59, 1, -1, -60, I32_MIN]),
        ),
        f(
            "description",
            true,
            |r| {
                let n = near(r, 256, 0, 256);
                s(&mixed(r, n))
            },
            |r| {
                let n = r.range(257, 258);
                s(&mixed(r, n))
            },
        ),
    ]
}

/// One CloudflareKvNamespace manifest.
pub fn kv_namespace(rng: &mut Rng, index: usize) -> Value {
    let p = profile(rng);
    let mut root = Map::new();
    root.insert("api_version".into(), s("cloudflare.project-planton.org/v1"));
    root.insert("kind".into(), s("CloudflareKvNamespace"));
    if p.clean || !rng.chance(0.03) {
        root.insert("metadata".into(), metadata(rng, p, index));
    } else if rng.chance(0.5) {
        root.insert("metadata".into(), Value::Null);
    }
    if p.clean || !rng.chance(0.04) {
        let mut spec = Map::new();
        fill(rng, p, &mut spec, &kv_fields());
        root.insert("spec".into(), Value::Object(spec));
    } else if rng.chance(0.5) {
        root.insert("spec".into(), Value::Null);
    }
    if rng.chance(0.15) {
        let status = rng.pick(&[
            json!({}),
            json!({"outputs": {}}),
            json!({"outputs": {"namespace_id": "0123456789abcdef0123456789abcdef"}}),
        ]);
        root.insert("status".into(), status);
    }
    Value::Object(root)
}
