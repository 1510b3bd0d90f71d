//! The targets: the one place that lists what planton-gen can generate. Adding a target is a
//! variant here plus a template folder per kind.

use std::fmt;
use std::str::FromStr;

/// What `planton-gen <target>` prints when no `-o` is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stdout {
    /// Every rendered file, in name order, as one document.
    All,
    /// Only the named file (the rest needs `-o`).
    File(&'static str),
}

/// An Infrastructure-as-Code target. Its options are in [`crate::TargetOptions`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    Terraform,
    Pulumi,
    Crossplane,
    Wrangler,
}

impl Target {
    /// Every target, in the order `all` writes them.
    pub const ALL: [Target; 4] = [
        Target::Terraform,
        Target::Pulumi,
        Target::Crossplane,
        Target::Wrangler,
    ];

    /// The command and template folder name (`terraform`).
    pub fn name(self) -> &'static str {
        match self {
            Target::Terraform => "terraform",
            Target::Pulumi => "pulumi",
            Target::Crossplane => "crossplane",
            Target::Wrangler => "wrangler",
        }
    }

    /// Alternative output formats: a template renders only when its output name ends in
    /// `.<format>`. Empty: every template renders.
    pub fn formats(self) -> &'static [&'static str] {
        match self {
            Target::Wrangler => &["toml", "jsonc"],
            Target::Terraform | Target::Pulumi | Target::Crossplane => &[],
        }
    }

    /// What the target prints without an output folder.
    pub fn stdout(self) -> Stdout {
        match self {
            Target::Pulumi => Stdout::File("main.go"),
            Target::Terraform | Target::Crossplane | Target::Wrangler => Stdout::All,
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The name is not a target's; the message lists the targets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownTarget(pub String);

impl fmt::Display for UnknownTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let known: Vec<&str> = Target::ALL.iter().map(|t| t.name()).collect();
        write!(
            f,
            "unknown target `{}`; targets: {}",
            self.0,
            known.join(", ")
        )
    }
}

impl std::error::Error for UnknownTarget {}

impl FromStr for Target {
    type Err = UnknownTarget;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Target::ALL
            .into_iter()
            .find(|t| t.name() == name)
            .ok_or_else(|| UnknownTarget(name.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back() {
        for target in Target::ALL {
            assert_eq!(target.name().parse::<Target>(), Ok(target));
        }
        let error = "helm".parse::<Target>().unwrap_err().to_string();
        assert_eq!(
            error,
            "unknown target `helm`; targets: terraform, pulumi, crossplane, wrangler"
        );
    }
}
