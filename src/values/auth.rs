use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Authentication: on by default. The password lives only in a Secret, never in a ConfigMap or
/// a literal env value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Auth {
    /// Require a password (`requirepass`/`masterauth`). Turning it off also turns off
    /// protected-mode, as the seeds did; only do that behind a NetworkPolicy you trust.
    pub enabled: bool,
    /// The password; rgen renders it into a Secret. Prefer `existingSecret` for anything you
    /// commit. When neither is given rgen references the Secret `<name>-auth` (key `password`),
    /// which you create once (see docs/usage.md, "Authentication").
    #[schemars(length(min = 1, max = 512))]
    pub password: Option<String>,
    /// An existing Secret holding the password.
    pub existing_secret: Option<SecretRef>,
}

impl Default for Auth {
    fn default() -> Self {
        Auth { enabled: true, password: None, existing_secret: None }
    }
}

/// A key in a Secret of the release namespace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SecretRef {
    /// Secret name.
    #[schemars(regex(pattern = crate::syntax::DNS_SUBDOMAIN_253))]
    pub name: String,
    /// Key inside the Secret.
    #[serde(default = "default_key")]
    #[schemars(regex(pattern = crate::syntax::CONFIG_KEY))]
    pub key: String,
    /// During a password rotation: keys of the same Secret whose passwords Redis and Sentinel
    /// also accept. rgen's own components always use `key`. See docs/operations.md.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(inner(regex(pattern = crate::syntax::CONFIG_KEY)))]
    pub also_accept_keys: Vec<String>,
}

fn default_key() -> String {
    "password".into()
}
