//! What `go mod tidy` may add to a generated `go.mod` without it having drifted.
//!
//! planton-gen cannot write `go.sum` (that needs the module proxy), so a Go program it
//! generates is tidied once by its user: Go then adds a `toolchain` line, requirements marked
//! `// indirect`, may raise the `go` line to what a dependency declares, sorts and regroups
//! the requirements, and writes `go.sum` (which has no marker and so is never looked at).
//! None of that changes what planton-gen generated: the module path, the `go` version it
//! names at least, every direct requirement at its version, and every other directive.
//!
//! The comparison reads `go.mod` as Go does: directives one per line or in `verb ( … )`
//! blocks, `//` comments to the end of the line, a requirement indirect when its comment is
//! `indirect` (or starts with `indirect;`).

/// One directive of a `go.mod`: its verb (`module`, `go`, `require`, …) and its arguments
/// joined by single spaces, comments dropped.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Directive {
    verb: String,
    args: String,
}

/// Whether `on_disk` says what `generated` says, give or take what `go mod tidy` adds: a
/// `toolchain` line, indirect requirements, a higher `go` version, and the order and grouping
/// of lines.
pub fn tidied_from(on_disk: &str, generated: &str) -> bool {
    let (Some(disk), Some(ours)) = (significant(on_disk), significant(generated)) else {
        return false;
    };
    let go_line = |list: &[Directive]| -> Option<String> {
        let mut versions = list.iter().filter(|d| d.verb == "go");
        let first = versions.next().map(|d| d.args.clone());
        // Two `go` lines are not a go.mod Go reads; leave it to the plain comparison.
        if versions.next().is_some() {
            return Some(String::new());
        }
        first
    };
    match (go_line(&disk), go_line(&ours)) {
        (None, None) => {}
        (Some(disk), Some(ours)) => match (GoVersion::parse(&disk), GoVersion::parse(&ours)) {
            (Some(d), Some(o)) if d >= o => {}
            _ => return false,
        },
        _ => return false,
    }
    let rest = |list: Vec<Directive>| -> Vec<Directive> {
        let mut rest: Vec<Directive> = list.into_iter().filter(|d| d.verb != "go").collect();
        rest.sort();
        rest
    };
    rest(disk) == rest(ours)
}

/// The directives that matter: every directive but `toolchain` lines and indirect
/// requirements. `None` when the text is not a go.mod (an unclosed block, a stray `)`).
fn significant(text: &str) -> Option<Vec<Directive>> {
    let mut out = Vec::new();
    let mut block: Option<String> = None;
    for line in text.lines() {
        let (code, comment) = match line.find("//") {
            Some(at) => (&line[..at], Some(line[at + 2..].trim())),
            None => (line, None),
        };
        let words: Vec<&str> = code.split_whitespace().collect();
        let indirect = comment.is_some_and(|c| c == "indirect" || c.starts_with("indirect;"));
        match (&block, words.as_slice()) {
            (_, []) => {}
            (Some(_), [")"]) => block = None,
            (None, [")"]) => return None,
            (Some(verb), args) => push(&mut out, verb, args, indirect),
            (None, [verb, "("]) => block = Some((*verb).to_owned()),
            (None, [verb, args @ ..]) => push(&mut out, verb, args, indirect),
        }
    }
    if block.is_some() {
        return None;
    }
    Some(out)
}

fn push(out: &mut Vec<Directive>, verb: &str, args: &[&str], indirect: bool) {
    if verb == "toolchain" || (verb == "require" && indirect) {
        return;
    }
    out.push(Directive {
        verb: verb.to_owned(),
        args: args.join(" "),
    });
}

/// A Go version as a `go` line names it: `1.21` (the language), `1.21rc1`, `1.21.0`.
/// Ordered as Go orders them: `1.21` < `1.21rc1` < `1.21.0` < `1.21.1` < `1.22`.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct GoVersion {
    major: u64,
    minor: u64,
    /// 0: the language version alone, 1: a beta, 2: a release candidate, 3: a release.
    stage: u8,
    /// The beta, rc or patch number.
    number: u64,
}

impl GoVersion {
    fn parse(text: &str) -> Option<Self> {
        let (major, rest) = text.split_once('.')?;
        let major = major.parse().ok()?;
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let (minor, tail) = rest.split_at(digits);
        let minor = minor.parse().ok()?;
        let (stage, number) = if tail.is_empty() {
            (0, 0)
        } else if let Some(n) = tail.strip_prefix("beta") {
            (1, n.parse().ok()?)
        } else if let Some(n) = tail.strip_prefix("rc") {
            (2, n.parse().ok()?)
        } else if let Some(n) = tail.strip_prefix('.') {
            (3, n.parse().ok()?)
        } else {
            return None;
        };
        Some(GoVersion {
            major,
            minor,
            stage,
            number,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GENERATED: &str = "// Code generated by planton-gen. DO NOT EDIT.

module planton-gen/kv

go 1.25.11

require (
\tgithub.com/pulumi/pulumi-cloudflare/sdk/v6 v6.19.0
\tgithub.com/pulumi/pulumi/sdk/v3 v3.261.0
)
";

    #[test]
    fn what_tidy_adds_is_not_drift() {
        let tidied = "// Code generated by planton-gen. DO NOT EDIT.

module planton-gen/kv

go 1.25.11

toolchain go1.27.3

require (
\tgithub.com/pulumi/pulumi/sdk/v3 v3.261.0
\tgithub.com/pulumi/pulumi-cloudflare/sdk/v6 v6.19.0
\tgolang.org/x/net v0.43.0 // indirect
)

require (
\tdario.cat/mergo v1.0.1 // indirect
\tgithub.com/blang/semver v3.5.1+incompatible // indirect; a comment of one's own
)

require gopkg.in/yaml.v3 v3.0.1 // indirect
";
        assert!(tidied_from(tidied, GENERATED));
        assert!(tidied_from(GENERATED, GENERATED));
        // A raised `go` line is what a dependency needs; a lowered one is drift.
        assert!(tidied_from(
            &GENERATED.replace("1.25.11", "1.26.2"),
            GENERATED
        ));
        assert!(!tidied_from(
            &GENERATED.replace("1.25.11", "1.25.8"),
            GENERATED
        ));
        assert!(!tidied_from(
            &GENERATED.replace("go 1.25.11\n", ""),
            GENERATED
        ));
    }

    #[test]
    fn a_direct_requirement_changed_is_drift() {
        let older = GENERATED.replace("v6.19.0", "v6.18.0");
        assert!(!tidied_from(&older, GENERATED));
        // Marking a direct requirement indirect drops it from what is compared: drift.
        let hidden = GENERATED.replace("v6.19.0", "v6.19.0 // indirect");
        assert!(!tidied_from(&hidden, GENERATED));
        let extra = GENERATED.replace(")\n", "\tgithub.com/a/b v1.0.0\n)\n");
        assert!(!tidied_from(&extra, GENERATED));
        let renamed = GENERATED.replace("planton-gen/kv", "planton-gen/other");
        assert!(!tidied_from(&renamed, GENERATED));
        let replaced = format!("{GENERATED}\nreplace github.com/a/b => ../b\n");
        assert!(!tidied_from(&replaced, GENERATED));
        assert!(!tidied_from("require (\n", GENERATED));
        assert!(!tidied_from(")\n", GENERATED));
    }

    #[test]
    fn single_line_and_block_forms_agree() {
        let single = "// Code generated by planton-gen. DO NOT EDIT.
module planton-gen/kv
go 1.25.11
require github.com/pulumi/pulumi-cloudflare/sdk/v6 v6.19.0
require github.com/pulumi/pulumi/sdk/v3   v3.261.0
";
        assert!(tidied_from(single, GENERATED));
    }

    #[test]
    fn go_versions_order_as_go_orders_them() {
        let v = |s| GoVersion::parse(s).unwrap();
        assert!(v("1.21") < v("1.21rc1"));
        assert!(v("1.21rc1") < v("1.21rc2"));
        assert!(v("1.21beta1") < v("1.21rc1"));
        assert!(v("1.21rc2") < v("1.21.0"));
        assert!(v("1.21.0") < v("1.21.1"));
        assert!(v("1.21.9") < v("1.21.10"));
        assert!(v("1.21.10") < v("1.22"));
        assert!(GoVersion::parse("1.x").is_none());
        assert!(GoVersion::parse("1.21-foo").is_none());
        assert!(GoVersion::parse("go1.21").is_none());
    }
}
