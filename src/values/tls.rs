use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::GoDuration;

/// TLS for everything: clients, the cluster bus, replication and Sentinel. Off by default; when
/// on, the client, bus and Sentinel ports speak TLS only (see docs/tls.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Tls {
    /// Serve TLS on `redis.port`, `redis.busPort` and `sentinel.port`, with the certificate of
    /// `existingSecret` or `certManager` (exactly one).
    pub enabled: bool,
    /// A Secret you provide (e.g. a `kubernetes.io/tls` Secret with `ca.crt`).
    pub existing_secret: Option<TlsSecret>,
    /// A cert-manager `Certificate` rgen renders, for an Issuer or ClusterIssuer you run.
    pub cert_manager: Option<CertManager>,
    /// `tls-auth-clients`: `yes` (clients present a certificate signed by the CA), `optional`
    /// (verified when presented) or `no`. Nodes always authenticate each other.
    pub auth_clients: AuthClients,
    /// Keep a plaintext client port open beside TLS (`port`), e.g. while clients move over.
    /// Absent: no plaintext port at all (`port 0`). Sentinel always speaks TLS only.
    #[schemars(range(min = 1, max = 65535))]
    pub plaintext_port: Option<u32>,
}

impl Default for Tls {
    fn default() -> Self {
        Tls {
            enabled: false,
            existing_secret: None,
            cert_manager: None,
            auth_clients: AuthClients::Yes,
            plaintext_port: None,
        }
    }
}

/// The Secret holding the certificate, its key and the CA that signed the peers' certificates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TlsSecret {
    /// Secret name, in the release namespace.
    #[schemars(regex(pattern = crate::syntax::DNS_SUBDOMAIN_253))]
    pub name: String,
    /// Key of the certificate (PEM; the chain if there is one).
    #[serde(default = "default_cert_key")]
    #[schemars(regex(pattern = crate::syntax::CONFIG_KEY))]
    pub cert_key: String,
    /// Key of the private key (PEM).
    #[serde(default = "default_key_key")]
    #[schemars(regex(pattern = crate::syntax::CONFIG_KEY))]
    pub key_key: String,
    /// Key of the CA certificate(s) that peers' and clients' certificates are checked against.
    #[serde(default = "default_ca_key")]
    #[schemars(regex(pattern = crate::syntax::CONFIG_KEY))]
    pub ca_key: String,
}

fn default_cert_key() -> String {
    "tls.crt".into()
}
fn default_key_key() -> String {
    "tls.key".into()
}
fn default_ca_key() -> String {
    "ca.crt".into()
}

/// A cert-manager Certificate: one certificate for every pod (a wildcard for the pods' DNS
/// names), the Services, `localhost`, `127.0.0.1` and `::1`, for server and client auth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CertManager {
    pub issuer_ref: IssuerRef,
    /// Lifetime of each certificate (a Go duration, e.g. `2160h` = 90 days).
    #[serde(default = "default_duration")]
    pub duration: GoDuration,
    /// Renew this long before expiry; rgen's pods load the renewed files without a restart.
    #[serde(default = "default_renew_before")]
    pub renew_before: GoDuration,
}

fn default_duration() -> GoDuration {
    "2160h".into()
}
fn default_renew_before() -> GoDuration {
    "360h".into()
}

/// The cert-manager issuer that signs the certificate. Its CA must also be in the Secret's
/// `ca.crt` (CA and self-signed issuers write it; for others see docs/tls.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IssuerRef {
    /// Issuer name.
    #[schemars(regex(pattern = crate::syntax::DNS_SUBDOMAIN_253))]
    pub name: String,
    /// `Issuer` (in the release namespace) or `ClusterIssuer`.
    #[serde(default)]
    pub kind: IssuerKind,
    /// API group of the issuer (`cert-manager.io`, or an external issuer's).
    #[serde(default = "default_group")]
    #[schemars(length(min = 1, max = 253), regex(pattern = crate::syntax::DNS_SUBDOMAIN))]
    pub group: String,
}

fn default_group() -> String {
    "cert-manager.io".into()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub enum IssuerKind {
    #[default]
    Issuer,
    ClusterIssuer,
}

/// `tls-auth-clients`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum AuthClients {
    Yes,
    No,
    Optional,
}
