//! The target table: the one place that lists what planton-gen can generate. Adding a target
//! is a row here plus a template folder per kind.

/// What `planton-gen <target>` prints when no `-o` is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stdout {
    /// Every rendered file, in name order, as one document.
    All,
    /// Only the named file (the rest needs `-o`).
    File(&'static str),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target {
    pub name: &'static str,
    /// Alternative output formats, chosen with `--format`: a template renders only when its
    /// output name ends in `.<format>`. Empty: every template renders.
    pub formats: &'static [&'static str],
    pub stdout: Stdout,
}

pub const TARGETS: &[Target] = &[
    Target {
        name: "terraform",
        formats: &[],
        stdout: Stdout::All,
    },
    Target {
        name: "pulumi",
        formats: &[],
        stdout: Stdout::File("main.go"),
    },
    Target {
        name: "crossplane",
        formats: &[],
        stdout: Stdout::All,
    },
    Target {
        name: "wrangler",
        formats: &["toml", "jsonc"],
        stdout: Stdout::All,
    },
];

pub fn find(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.name == name)
}
