use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Quantity;

/// redis.conf, typed. Directives rgen derives itself (ports, dir, cluster files, bind, auth,
/// announce settings) are not here and are refused in `extraConfig`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct RedisConfig {
    /// Client port (`port`).
    #[schemars(range(min = 1, max = 65535))]
    pub port: u32,
    /// Cluster bus port (`cluster-port`); by convention port + 10000.
    #[schemars(range(min = 1, max = 65535))]
    pub bus_port: u32,
    /// `cluster-node-timeout` in milliseconds: how long a node may be unreachable before it is
    /// considered failed.
    #[schemars(range(min = 100, max = 600000))]
    pub cluster_node_timeout: u32,
    /// `cluster-require-full-coverage`: stop serving all keys when any slot is uncovered.
    pub cluster_require_full_coverage: bool,
    /// `cluster-migration-barrier`: replicas a master keeps before one may migrate away.
    #[schemars(range(max = 100))]
    pub cluster_migration_barrier: u32,
    /// `cluster-allow-reads-when-down`.
    pub cluster_allow_reads_when_down: bool,
    /// `appendonly`: the append-only file, the durable persistence mode.
    pub appendonly: bool,
    /// `appendfsync`.
    pub appendfsync: Appendfsync,
    /// `save` points (RDB snapshots); an empty list disables snapshots.
    pub save: Vec<SavePoint>,
    /// `maxmemory` as a quantity (e.g. `400Mi`); must stay below the memory limit.
    pub maxmemory: Option<Quantity>,
    /// `maxmemory-policy`.
    pub maxmemory_policy: MaxmemoryPolicy,
    /// `maxclients`.
    #[schemars(range(min = 1, max = 1000000))]
    pub maxclients: u32,
    /// `tcp-keepalive` in seconds (0 disables).
    pub tcp_keepalive: u32,
    /// `timeout`: close idle clients after this many seconds (0 never).
    pub timeout: u32,
    /// Commands to disable (`rename-command X ""`), e.g. FLUSHALL, FLUSHDB, KEYS.
    pub disable_commands: Vec<String>,
    /// Commands to rename (`rename-command FROM TO`).
    pub rename_commands: BTreeMap<String, String>,
    /// Further redis.conf directives, e.g. `lazyfree-lazy-eviction: true`, `hz: 20`.
    pub extra_config: BTreeMap<String, ConfigValue>,
}

impl Default for RedisConfig {
    fn default() -> Self {
        RedisConfig {
            port: 6379,
            bus_port: 16379,
            cluster_node_timeout: 15000,
            cluster_require_full_coverage: false,
            cluster_migration_barrier: 1,
            cluster_allow_reads_when_down: false,
            appendonly: true,
            appendfsync: Appendfsync::Everysec,
            save: vec![
                SavePoint { seconds: 3600, changes: 1 },
                SavePoint { seconds: 300, changes: 100 },
                SavePoint { seconds: 60, changes: 10000 },
            ],
            maxmemory: None,
            maxmemory_policy: MaxmemoryPolicy::Noeviction,
            maxclients: 10000,
            tcp_keepalive: 300,
            timeout: 0,
            disable_commands: Vec::new(),
            rename_commands: BTreeMap::new(),
            extra_config: BTreeMap::new(),
        }
    }
}

/// One `save <seconds> <changes>` point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SavePoint {
    /// Snapshot after this many seconds...
    #[schemars(range(min = 1))]
    pub seconds: u32,
    /// ...if at least this many keys changed.
    #[schemars(range(min = 1))]
    pub changes: u32,
}

/// `appendfsync`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Appendfsync {
    Always,
    Everysec,
    No,
}

/// `maxmemory-policy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MaxmemoryPolicy {
    Noeviction,
    AllkeysLru,
    AllkeysLfu,
    AllkeysRandom,
    VolatileLru,
    VolatileLfu,
    VolatileRandom,
    VolatileTtl,
}

/// A value of an extra redis.conf directive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ConfigValue {
    Bool(bool),
    Int(i64),
    Text(String),
}

impl ConfigValue {
    /// The value as redis.conf spells it (`yes`/`no` for booleans).
    pub fn to_conf(&self) -> String {
        match self {
            ConfigValue::Bool(true) => "yes".into(),
            ConfigValue::Bool(false) => "no".into(),
            ConfigValue::Int(n) => n.to_string(),
            ConfigValue::Text(s) => s.clone(),
        }
    }
}

/// `redis.*` settings only Redis Cluster reads (values keys): refused in Sentinel mode when
/// changed, and left out of Sentinel starter files.
pub const CLUSTER_ONLY_REDIS_KEYS: &[&str] = &[
    "busPort",
    "clusterNodeTimeout",
    "clusterRequireFullCoverage",
    "clusterMigrationBarrier",
    "clusterAllowReadsWhenDown",
];

/// Directives rgen owns, with the values field to use instead.
pub const OWNED_DIRECTIVES: &[(&str, &str)] = &[
    ("port", "redis.port"),
    ("cluster-port", "redis.busPort"),
    ("dir", "storage (the data directory is always /data)"),
    ("cluster-enabled", "mode (rgen renders a Redis Cluster)"),
    ("cluster-config-file", "nothing: rgen keeps nodes.conf in /data"),
    ("bind", "nothing: rgen binds every interface and relies on networkPolicy"),
    ("protected-mode", "auth.enabled"),
    ("requirepass", "auth.password or auth.existingSecret"),
    ("masterauth", "auth.password or auth.existingSecret"),
    ("masteruser", "auth.password or auth.existingSecret"),
    ("cluster-announce-ip", "nothing: the start script sets the pod IP"),
    ("cluster-announce-hostname", "nothing: the start script sets the pod DNS name"),
    ("cluster-announce-port", "redis.port"),
    ("cluster-announce-bus-port", "redis.busPort"),
    ("cluster-announce-tls-port", "redis.port"),
    ("tls-port", "tls.enabled (TLS is served on redis.port)"),
    ("tls-cert-file", "tls.existingSecret or tls.certManager"),
    ("tls-key-file", "tls.existingSecret or tls.certManager"),
    ("tls-ca-cert-file", "tls.existingSecret or tls.certManager"),
    ("tls-client-cert-file", "tls.existingSecret or tls.certManager"),
    ("tls-client-key-file", "tls.existingSecret or tls.certManager"),
    ("tls-auth-clients", "tls.authClients"),
    ("tls-cluster", "tls.enabled"),
    ("tls-replication", "tls.enabled"),
    ("cluster-preferred-endpoint-type", "cluster.preferredEndpointType"),
    ("cluster-node-timeout", "redis.clusterNodeTimeout"),
    ("cluster-require-full-coverage", "redis.clusterRequireFullCoverage"),
    ("cluster-migration-barrier", "redis.clusterMigrationBarrier"),
    ("cluster-allow-reads-when-down", "redis.clusterAllowReadsWhenDown"),
    ("appendonly", "redis.appendonly"),
    ("appendfsync", "redis.appendfsync"),
    ("save", "redis.save"),
    ("maxmemory", "redis.maxmemory"),
    ("maxmemory-policy", "redis.maxmemoryPolicy"),
    ("maxclients", "redis.maxclients"),
    ("tcp-keepalive", "redis.tcpKeepalive"),
    ("timeout", "redis.timeout"),
    ("rename-command", "redis.disableCommands or redis.renameCommands"),
    ("include", "nothing: rgen writes one complete config"),
    ("daemonize", "nothing: a container runs redis in the foreground"),
    ("logfile", "nothing: logs go to stdout for kubectl logs"),
    ("pidfile", "nothing"),
    ("unixsocket", "nothing: the root filesystem is read-only"),
];

/// Commands the start script, probes and bootstrap Job rely on; disabling them breaks the bundle.
pub const REQUIRED_COMMANDS: &[&str] =
    &["AUTH", "CLUSTER", "PING", "INFO", "MIGRATE", "ASKING", "READONLY", "HELLO", "COMMAND"];
