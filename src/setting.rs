//! How messages name the settings a caller gave. The command line's users set `--set x=1`;
//! a build script calls `.set("x=1")`: a message about either names the setting the way its
//! reader wrote it. The library's default is the builder's names; the command line asks for
//! its flags.

/// The vocabulary of a run's messages about its settings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Spelling {
    /// `Generator` methods and `Limits` fields: `set("spec.x=1")`, `Limits::file_bytes`.
    #[default]
    Builder,
    /// Command-line flags: `--set spec.x=1`, `--limit file-size=N`.
    Flags,
}

impl Spelling {
    /// One `--set` override.
    pub fn set(self, assignment: &str) -> String {
        match self {
            Spelling::Flags => format!("--set {assignment}"),
            Spelling::Builder => format!("set({assignment:?})"),
        }
    }

    /// An example override, quoted for a shell where the command line needs it.
    pub fn set_quoted(self, assignment: &str) -> String {
        match self {
            Spelling::Flags => format!("--set '{assignment}'"),
            Spelling::Builder => self.set(assignment),
        }
    }

    /// How to raise the limit named `name` (`file-size`).
    pub fn limit(self, name: &str) -> String {
        match self {
            Spelling::Flags => format!("--limit {name}=N"),
            Spelling::Builder => {
                let field = crate::limits::field_name(name).unwrap_or(name);
                format!("Limits::{field}")
            }
        }
    }

    pub fn outputs(self) -> &'static str {
        match self {
            Spelling::Flags => "--outputs",
            Spelling::Builder => "outputs()",
        }
    }

    pub fn templates(self) -> &'static str {
        match self {
            Spelling::Flags => "--templates",
            Spelling::Builder => "templates()",
        }
    }

    pub fn proto_path(self) -> &'static str {
        match self {
            Spelling::Flags => "--proto-path",
            Spelling::Builder => "proto_path()",
        }
    }

    /// The kind an interface is generated for.
    pub fn kind(self) -> &'static str {
        match self {
            Spelling::Flags => "--kind",
            Spelling::Builder => "a kind",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_setting_is_named_as_its_caller_wrote_it() {
        assert_eq!(Spelling::Flags.set("spec.x=1"), "--set spec.x=1");
        assert_eq!(Spelling::Builder.set("spec.x=1"), "set(\"spec.x=1\")");
        assert_eq!(Spelling::Flags.limit("file-size"), "--limit file-size=N");
        assert_eq!(Spelling::Builder.limit("file-size"), "Limits::file_bytes");
        assert_eq!(
            Spelling::Builder.limit("alias-bytes"),
            "Limits::alias_bytes"
        );
    }
}
