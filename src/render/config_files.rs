//! The ConfigMap's files: redis.conf and sentinel.conf rendered from the values, and the shell
//! scripts shipped as they are. Their checksum rolls the pods when any of them changes.

use serde::Serialize;

use super::encode::sha256_hex;
use super::script_env::sentinel_auth;
use super::secret_files::TLS_DIR;
use super::templates::render_template;
use crate::internal_error::InternalError;
use crate::values::{Values, WireName};

/// Helpers every script sources: binaries, logging, the Redis CLI wrapper, waiting, DNS.
const LIB: &str = include_str!("../../templates/scripts/lib.sh");
/// Helpers of the scripts that write runtime configuration: passwords, certificates.
const CONFIG: &str = include_str!("../../templates/scripts/config.sh");
/// Cluster mode: reading the cluster's topology (the one parser of CLUSTER NODES).
const CLUSTER: &str = include_str!("../../templates/scripts/cluster.sh");
/// Probes of both containers.
const PROBE: &str = include_str!("../../templates/scripts/probe.sh");
/// The redis container's preStop hook: a master hands its role to an in-sync replica.
const HANDOFF: &str = include_str!("../../templates/scripts/handoff.sh");
/// Cluster mode: the pod start script (healing).
const START_NODE: &str = include_str!("../../templates/scripts/start-node.sh");
/// Cluster mode: the bootstrap Job (formation, repair, scale-out).
const BOOTSTRAP: &str = include_str!("../../templates/scripts/bootstrap.sh");
/// Scale-in for the bootstrap Job: drain the leaving pods, forget removed nodes.
const DRAIN: &str = include_str!("../../templates/scripts/drain.sh");
/// Sentinel mode: the Redis container's start script (the master election).
const START_REDIS: &str = include_str!("../../templates/scripts/start-redis.sh");
/// Sentinel mode: handing the master over (the preStop hook, the drain Job).
const SENTINEL: &str = include_str!("../../templates/scripts/sentinel.sh");
/// Sentinel mode: step 1 of a scale-in, the drain Job. Always in the ConfigMap, so that the
/// drain's apply changes no pod.
const SENTINEL_DRAIN: &str = include_str!("../../templates/scripts/sentinel-drain.sh");
/// Backups: the store (rclone for S3, the folder layout, the manifest).
const STORE: &str = include_str!("../../templates/scripts/store.sh");
/// Backups: one run's RDBs and manifest.
const BACKUP: &str = include_str!("../../templates/scripts/backup.sh");
/// Backups: the upload to S3, and retention.
const BACKUP_UPLOAD: &str = include_str!("../../templates/scripts/backup-upload.sh");
/// Restore: the checks before a pod loads a shard.
const RESTORE: &str = include_str!("../../templates/scripts/restore.sh");
/// Restore: the download of a shard from S3.
const RESTORE_FETCH: &str = include_str!("../../templates/scripts/restore-fetch.sh");
/// Restore: the bootstrap Job joins the restored masters.
const RESTORED: &str = include_str!("../../templates/scripts/restored.sh");
/// Metrics: the init container that writes the exporters' password file.
const EXPORTER_AUTH: &str = include_str!("../../templates/scripts/exporter-auth.sh");
/// The smoke test (`smokeTest.enabled`).
const SMOKE_TEST: &str = include_str!("../../templates/scripts/smoke-test.sh");
/// Sentinel mode: the Sentinel container's start script (its state across restarts).
const START_SENTINEL: &str = include_str!("../../templates/scripts/start-sentinel.sh");

/// One file of the ConfigMap, mounted at `/conf/<name>`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ConfigFile {
    pub name: &'static str,
    pub text: String,
}

/// What redis.conf and sentinel.conf are rendered from.
#[derive(Serialize)]
struct ConfModel<'a> {
    values: &'a Values,
    /// `cluster-preferred-endpoint-type`.
    endpoint_type: &'static str,
    maxmemory_bytes: Option<u64>,
    /// `redis.extraConfig` as `directive value` pairs, in the user's order.
    extra_config: Vec<(&'a str, String)>,
    sentinel_auth: bool,
    tls: Option<TlsConf>,
}

/// The TLS directives of redis.conf and sentinel.conf.
#[derive(Serialize)]
struct TlsConf {
    /// Where the Secret's files are mounted.
    dir: &'static str,
    auth_clients: &'static str,
    /// `port`: the plaintext port kept open, or 0 (none).
    plaintext_port: u32,
}

/// The files in the order they are written, and their checksum.
pub(crate) fn config_files(v: &Values) -> Result<(Vec<ConfigFile>, String), InternalError> {
    let model = ConfModel {
        values: v,
        // External clients follow redirects to the names the pods announce (LoadBalancer), or
        // to the node addresses (NodePort).
        endpoint_type: match (v.external_access.enabled, v.external_access.node_ports()) {
            (true, true) => "ip",
            (true, false) => "hostname",
            (false, _) => v.cluster.preferred_endpoint_type.as_str(),
        },
        maxmemory_bytes: v.redis.maxmemory.as_ref().and_then(|q| q.to_bytes()),
        extra_config: v.redis.extra_config.iter().map(|(k, val)| (k.as_str(), val.to_conf())).collect(),
        sentinel_auth: sentinel_auth(v),
        tls: v.tls.enabled.then(|| TlsConf {
            dir: TLS_DIR,
            auth_clients: v.tls.auth_clients.as_str(),
            plaintext_port: v.tls.plaintext_port.unwrap_or(0),
        }),
    };
    let ctx = minijinja::Value::from(minijinja::value::Serde(&model));
    let file = |name: &'static str, text: &str| ConfigFile { name, text: text.to_owned() };
    let mut files = vec![ConfigFile { name: "redis.conf", text: render_template("redis.conf", &ctx)? }];
    if v.is_sentinel() {
        files.push(ConfigFile { name: "sentinel.conf", text: render_template("sentinel.conf", &ctx)? });
        files.extend([
            file("lib.sh", LIB),
            file("config.sh", CONFIG),
            file("start-redis.sh", START_REDIS),
            file("start-sentinel.sh", START_SENTINEL),
            file("probe.sh", PROBE),
            file("handoff.sh", HANDOFF),
            file("sentinel.sh", SENTINEL),
            file("sentinel-drain.sh", SENTINEL_DRAIN),
        ]);
    } else {
        files.extend([
            file("lib.sh", LIB),
            file("config.sh", CONFIG),
            file("cluster.sh", CLUSTER),
            file("start-node.sh", START_NODE),
            file("probe.sh", PROBE),
            file("handoff.sh", HANDOFF),
            file("bootstrap.sh", BOOTSTRAP),
            file("drain.sh", DRAIN),
            file("restored.sh", RESTORED),
        ]);
    }
    if v.metrics.enabled {
        files.push(file("exporter-auth.sh", EXPORTER_AUTH));
    }
    if v.smoke_test.enabled {
        files.push(file("smoke-test.sh", SMOKE_TEST));
    }
    let checksum = sha256_hex(files.iter().flat_map(|f| [f.name, f.text.as_str()]));
    Ok((files, checksum))
}

/// The files of the backup ConfigMap (`backup.enabled` or `backup.restore`): the backup and
/// restore scripts and what they source. Apart from the pods' ConfigMap, so that turning
/// backups on rolls no pod.
pub(crate) fn backup_files(v: &Values) -> Vec<ConfigFile> {
    let file = |name: &'static str, text: &str| ConfigFile { name, text: text.to_owned() };
    if !v.backup.uses_store() {
        return Vec::new();
    }
    let mut files = vec![file("lib.sh", LIB), file("store.sh", STORE), file("cluster.sh", CLUSTER)];
    if v.backup.enabled {
        files.push(file("backup.sh", BACKUP));
        if v.backup.s3.is_some() {
            files.push(file("backup-upload.sh", BACKUP_UPLOAD));
        }
    }
    if v.backup.restore.is_some() {
        files.push(file("restore.sh", RESTORE));
        if v.backup.s3.is_some() {
            files.push(file("restore-fetch.sh", RESTORE_FETCH));
        }
    }
    files
}
