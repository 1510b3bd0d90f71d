//! The targets' options, typed. The command line maps its flags onto these in one place;
//! build scripts set them with the `Generator`'s builder. Templates see them as one map,
//! `options.<name>` (`options.account_id`, `options.scope`, ...), made here and nowhere else.

use serde_json::{Map, Value};

/// Whether Crossplane managed resources are cluster-scoped or live in a namespace.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scope {
    /// `workers.cloudflare.crossplane.io`, cluster-scoped.
    #[default]
    Cluster,
    /// `workers.cloudflare.m.cloudflare.com`, namespaced.
    Namespaced,
}

/// What deleting a Crossplane object does to the namespace (Crossplane's spelling).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DeletionPolicy {
    /// The namespace goes with the object.
    #[default]
    Delete,
    /// The namespace stays.
    Orphan,
}

/// How the account a Crossplane object belongs to is given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Account {
    /// The account id itself (`spec.forProvider.accountId`).
    Id(String),
    /// The name of a Crossplane Account object (`spec.forProvider.accountIdRef`).
    Ref(String),
}

impl Account {
    /// Refuses an account id Cloudflare cannot have: every target writes it as it is (a
    /// Crossplane `accountId`, a Composition's patch), and an id of the wrong form only
    /// fails once the provider calls Cloudflare. Account ids are 32 hexadecimal digits.
    pub fn check_id(id: &str) -> Result<(), String> {
        if id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(());
        }
        Err(format!(
            "`{}` is not a Cloudflare account id (32 hexadecimal digits, as the dashboard's \
             account home shows it)",
            crate::diagnostics::terminal_safe(id)
        ))
    }
}

impl Scope {
    /// As templates and the command line spell it.
    pub fn name(self) -> &'static str {
        match self {
            Scope::Cluster => "cluster",
            Scope::Namespaced => "namespaced",
        }
    }
}

impl DeletionPolicy {
    /// As Crossplane spells it.
    pub fn name(self) -> &'static str {
        match self {
            DeletionPolicy::Delete => "Delete",
            DeletionPolicy::Orphan => "Orphan",
        }
    }
}

impl WranglerFormat {
    /// The file extension, as `--format` and templates name it.
    pub fn name(self) -> &'static str {
        match self {
            WranglerFormat::Toml => "toml",
            WranglerFormat::Jsonc => "jsonc",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrossplaneOptions {
    pub scope: Scope,
    /// `metadata.namespace` of namespaced objects.
    pub namespace: Option<String>,
    pub account: Option<Account>,
    /// `spec.providerConfigRef.name`.
    pub provider_config: String,
    pub deletion_policy: DeletionPolicy,
}

impl Default for CrossplaneOptions {
    fn default() -> Self {
        Self {
            scope: Scope::Cluster,
            namespace: None,
            account: None,
            provider_config: "default".into(),
            deletion_policy: DeletionPolicy::Delete,
        }
    }
}

/// The syntax of the wrangler configuration written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum WranglerFormat {
    /// wrangler.toml.
    #[default]
    Toml,
    /// wrangler.jsonc.
    Jsonc,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WranglerOptions {
    pub format: WranglerFormat,
    /// Refuse a manifest without `status.outputs.namespace_id` instead of warning.
    pub require_ids: bool,
    /// The environment written at the top level; every other one goes under `[env.<name>]`.
    pub default_env: String,
}

impl Default for WranglerOptions {
    fn default() -> Self {
        Self {
            format: WranglerFormat::Toml,
            require_ids: false,
            default_env: "prod".into(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PulumiOptions {
    /// The Pulumi project's name; `None` lets the templates derive it from the manifests.
    pub project: Option<String>,
}

/// The options of every target of a run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TargetOptions {
    pub crossplane: CrossplaneOptions,
    pub wrangler: WranglerOptions,
    pub pulumi: PulumiOptions,
}

impl TargetOptions {
    /// The options as templates read them: `options.<name>`, names in snake case.
    pub fn template_map(&self) -> Map<String, Value> {
        let CrossplaneOptions {
            scope,
            namespace,
            account,
            provider_config,
            deletion_policy,
        } = &self.crossplane;
        let (account_id, account_ref) = match account {
            Some(Account::Id(id)) => (Some(id.clone()), None),
            Some(Account::Ref(name)) => (None, Some(name.clone())),
            None => (None, None),
        };
        let text = |value: &str| Value::String(value.to_owned());
        let optional = |value: &Option<String>| value.as_deref().map_or(Value::Null, text);
        let mut map = Map::new();
        for (key, value) in [
            ("scope", text(scope.name())),
            ("namespace", optional(namespace)),
            ("account_id", optional(&account_id)),
            ("account_ref", optional(&account_ref)),
            ("provider_config", text(provider_config)),
            ("deletion_policy", text(deletion_policy.name())),
            ("format", text(self.wrangler.format.name())),
            ("require_ids", Value::Bool(self.wrangler.require_ids)),
            ("default_env", text(&self.wrangler.default_env)),
            ("pulumi_project", optional(&self.pulumi.project)),
        ] {
            map.insert(key.to_owned(), value);
        }
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_id_is_32_hexadecimal_digits() {
        assert!(Account::check_id("0123456789abcdef0123456789ABCDEF").is_ok());
        for bad in [
            "12",
            "",
            "0123456789abcdef0123456789abcdeg",
            "0123456789abcdef0123456789abcdef0",
        ] {
            let message = Account::check_id(bad).unwrap_err();
            assert!(message.contains("32 hexadecimal digits"), "{message}");
        }
        // Shown as typed, a control character escaped.
        assert!(Account::check_id("a\u{1b}b")
            .unwrap_err()
            .contains("a\\u{1b}b"));
    }

    #[test]
    fn templates_see_every_option_under_its_flag_name() {
        let options = TargetOptions {
            crossplane: CrossplaneOptions {
                scope: Scope::Namespaced,
                namespace: Some("infra".into()),
                account: Some(Account::Ref("main".into())),
                provider_config: "cf".into(),
                deletion_policy: DeletionPolicy::Orphan,
            },
            wrangler: WranglerOptions {
                format: WranglerFormat::Jsonc,
                require_ids: true,
                default_env: "dev".into(),
            },
            pulumi: PulumiOptions {
                project: Some("billing".into()),
            },
        };
        assert_eq!(
            Value::Object(options.template_map()),
            serde_json::json!({
                "scope": "namespaced", "namespace": "infra", "account_id": null,
                "account_ref": "main", "provider_config": "cf", "deletion_policy": "Orphan",
                "format": "jsonc", "require_ids": true, "default_env": "dev",
                "pulumi_project": "billing"
            })
        );
    }
}
