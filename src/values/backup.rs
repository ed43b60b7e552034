use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Quantity, ResourceList, Resources};

/// Scheduled backups of every shard to an S3-compatible bucket or a claim, and the restore of
/// one of them into a new deployment (docs/backup.md). Off by default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Backup {
    /// Render the backup CronJob (`<name>-backup`).
    pub enabled: bool,
    /// When backups run: a cron expression (five fields, or @hourly, @daily, ...), in the
    /// time zone of the kube-controller-manager unless `timeZone` is set.
    #[schemars(length(min = 1, max = 100))]
    pub schedule: String,
    /// An IANA time zone for the schedule (CronJob `timeZone`), e.g. `Europe/Paris`.
    #[schemars(length(min = 1, max = 64))]
    pub time_zone: Option<String>,
    /// Suspend the CronJob: no new runs until it is false again.
    pub suspend: bool,
    /// Complete backups kept: after a successful run, older complete backups are deleted.
    /// Incomplete ones (no manifest) are never counted nor restored.
    #[schemars(range(min = 1, max = 1000))]
    pub keep: u32,
    /// The folder under the bucket or the claim that holds this deployment's backups, one
    /// folder per backup (default `<namespace>/<name>`).
    #[schemars(length(min = 1, max = 200), regex(pattern = crate::syntax::STORE_PREFIX))]
    pub prefix: Option<String>,
    /// An S3-compatible bucket (AWS, MinIO, Ceph, rclone serve s3, ...). Exactly one of `s3`
    /// and `claim` when backups or a restore are on.
    pub s3: Option<S3Store>,
    /// An existing PersistentVolumeClaim of the namespace (ReadWriteMany to restore into
    /// several pods on different nodes).
    pub claim: Option<ClaimStore>,
    /// The image that copies to and from S3: rclone's official image.
    #[schemars(length(min = 1, max = 255))]
    pub uploader_image: String,
    /// A backup to load into this new deployment before it serves (docs/backup.md).
    pub restore: Option<Restore>,
    /// Migration in: back up a Redis Cluster that rgen did not deploy (formed by hand or by
    /// another chart) instead of this deployment, to restore it into this one.
    pub source: Option<ExternalSource>,
    /// CPU and memory of each backup container (default: requests cpu 50m, memory 64Mi; limit
    /// memory 256Mi).
    pub resources: Resources,
}

/// An S3-compatible bucket. The credentials are files from a Secret, never environment
/// variables of a container.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct S3Store {
    /// The endpoint URL, `https://host[:port]` (`http://` only on a network you trust).
    #[schemars(length(min = 8, max = 253))]
    pub endpoint: String,
    /// Bucket name.
    #[schemars(regex(pattern = crate::syntax::BUCKET_NAME))]
    pub bucket: String,
    /// Region (most S3-compatible servers accept any).
    #[serde(default = "default_region")]
    #[schemars(length(min = 1, max = 64), regex(pattern = crate::syntax::PLAIN_NAME))]
    pub region: String,
    /// Path-style addressing (`endpoint/bucket/key`), which most S3-compatible servers need;
    /// false for virtual-hosted style (`bucket.endpoint/key`).
    #[serde(default = "yes")]
    pub path_style: bool,
    /// The Secret with the keys `access-key-id` and `secret-access-key`.
    #[schemars(regex(pattern = crate::syntax::DNS_SUBDOMAIN_253))]
    pub credentials_secret: String,
    /// A Secret whose key `ca.crt` is the CA that signed the endpoint's certificate.
    #[schemars(regex(pattern = crate::syntax::DNS_SUBDOMAIN_253))]
    pub ca_secret: Option<String>,
    /// Where the endpoint is, for the NetworkPolicy: the backup and restore pods may reach
    /// these CIDRs on the endpoint's port only.
    #[serde(default = "anywhere")]
    pub network_cidrs: Vec<String>,
}

/// The backup a new deployment loads: each master's pod loads its shard, checked against the
/// manifest, before Redis starts; refused (the pod does not start) when its volume holds data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Restore {
    /// The backup: the name of its folder in the store (e.g. `20261203T031700Z`).
    #[schemars(regex(pattern = crate::syntax::BACKUP_ID))]
    pub id: String,
    /// Its number of shards (the manifest's), so that a deployment with another number of
    /// masters is refused before anything runs; the restore checks the manifest in any case.
    #[schemars(range(min = 1, max = 1000))]
    pub shards: Option<u32>,
}

/// A Redis Cluster rgen did not deploy, reached from the backup pods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExternalSource {
    /// Addresses (IPs or DNS names) of some of its nodes; the first that answers gives the
    /// topology. Every node listens on `redis.port`.
    #[schemars(inner(length(min = 1, max = 253)))]
    pub nodes: Vec<String>,
    /// The Secret key holding its password (none: no password).
    pub password_secret: Option<super::SecretRef>,
    /// Where its nodes are, for the NetworkPolicy (the backup pods may reach these CIDRs on
    /// `redis.port`).
    #[serde(default = "anywhere")]
    pub network_cidrs: Vec<String>,
}

/// An existing PersistentVolumeClaim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClaimStore {
    /// The claim's name.
    #[schemars(regex(pattern = crate::syntax::DNS_SUBDOMAIN_253))]
    pub name: String,
}

impl S3Store {
    /// The endpoint's port: the backup and restore pods' NetworkPolicy opens it.
    pub fn port(&self) -> Option<u16> {
        endpoint_port(&self.endpoint)
    }
}

/// The port of an `http(s)://host[:port]` endpoint (80 or 443 by default); `None` when the
/// URL has another shape.
pub fn endpoint_port(endpoint: &str) -> Option<u16> {
    let (rest, default) = match endpoint.split_once("://") {
        Some(("https", rest)) => (rest, 443),
        Some(("http", rest)) => (rest, 80),
        _ => return None,
    };
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    let (host, port) = match rest.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || h.starts_with('[') => (h, p.parse::<u16>().ok().filter(|p| *p > 0)?),
        _ => (rest, default),
    };
    let host_ok = !host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || ".-[]:".contains(c));
    host_ok.then_some(port)
}

fn default_region() -> String {
    "us-east-1".into()
}

fn yes() -> bool {
    true
}

fn anywhere() -> Vec<String> {
    vec!["0.0.0.0/0".into()]
}

impl Default for Backup {
    fn default() -> Self {
        Backup {
            enabled: false,
            schedule: "17 3 * * *".into(),
            time_zone: None,
            suspend: false,
            keep: 7,
            prefix: None,
            s3: None,
            claim: None,
            uploader_image: "rclone/rclone:1.75.2".into(),
            restore: None,
            source: None,
            resources: Resources {
                requests: ResourceList { cpu: Some(Quantity::from("50m")), memory: Some(Quantity::from("64Mi")) },
                limits: ResourceList { cpu: None, memory: Some(Quantity::from("256Mi")) },
            },
        }
    }
}

impl Backup {
    /// Whether the store is used: scheduled backups, or a restore.
    pub fn uses_store(&self) -> bool {
        self.enabled || self.restore.is_some()
    }
}
