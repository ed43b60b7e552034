//! The dashboard's panels, one entry each: what a panel shows is written here once, and the
//! builder (mod.rs) lays them out.

use crate::values::DeploymentMode;

/// Which Redis the panel reads: every exporter, the Redis ones, or the Sentinel ones.
#[derive(Clone, Copy)]
pub(super) enum Series {
    Any,
    Redis,
    Sentinel,
}

/// Where a panel appears.
#[derive(Clone, Copy)]
pub(super) enum Shows {
    Always,
    In(DeploymentMode),
    WithReplicas,
}

/// One panel: `{sel}` in an expression is the label matcher of its series.
pub(super) struct PanelSpec {
    pub row: &'static str,
    pub title: &'static str,
    pub kind: &'static str,
    pub unit: &'static str,
    pub shows: Shows,
    pub series: Series,
    /// (expression, legend)
    pub targets: &'static [(&'static str, &'static str)],
    /// What is normal, for the description.
    pub normal: &'static str,
    /// The alert whose runbook entry applies.
    pub runbook: &'static str,
}

use DeploymentMode::{Cluster, Sentinel};
use Series::{Any, Redis};
use Shows::{Always, In, WithReplicas};

pub(super) const PANELS: &[PanelSpec] = &[
    PanelSpec {
        row: "Health",
        title: "Up",
        kind: "timeseries",
        unit: "none",
        shows: Always,
        series: Any,
        targets: &[("redis_up{sel}", "{{pod}} {{endpoint}}")],
        normal: "1 for every Redis and Sentinel.",
        runbook: "RedisDown",
    },
    PanelSpec {
        row: "Health",
        title: "Roles",
        kind: "stat",
        unit: "none",
        shows: Always,
        series: Redis,
        targets: &[("count by (role) (redis_instance_info{sel})", "{{role}}")],
        normal: "as many masters as configured; the rest are replicas (role slave).",
        runbook: "RedisMastersMissing",
    },
    PanelSpec {
        row: "Health",
        title: "Masters with slots",
        kind: "stat",
        unit: "none",
        shows: In(Cluster),
        series: Redis,
        targets: &[("max(redis_cluster_size{sel})", "masters")],
        normal: "cluster.masters.",
        runbook: "RedisMastersMissing",
    },
    PanelSpec {
        row: "Health",
        title: "cluster_state and slots",
        kind: "timeseries",
        unit: "none",
        shows: In(Cluster),
        series: Redis,
        targets: &[
            ("min(redis_cluster_state{sel})", "cluster_state ok (min over nodes)"),
            ("max(redis_cluster_slots_ok{sel})", "slots ok"),
            ("max(redis_cluster_slots_fail{sel} + redis_cluster_slots_pfail{sel})", "slots fail or pfail"),
        ],
        normal: "cluster_state 1, 16384 slots ok, none failing.",
        runbook: "RedisClusterStateNotOk",
    },
    PanelSpec {
        row: "Health",
        title: "Sentinel view of the master",
        kind: "timeseries",
        unit: "none",
        shows: In(Sentinel),
        series: Series::Sentinel,
        targets: &[("redis_sentinel_master_status{sel}", "{{pod}}: {{master_address}}")],
        normal: "every Sentinel reports 1 for the same master address.",
        runbook: "RedisSentinelsDisagree",
    },
    PanelSpec {
        row: "Traffic",
        title: "Commands per second",
        kind: "timeseries",
        unit: "ops",
        shows: Always,
        series: Redis,
        targets: &[("sum by (pod) (rate(redis_commands_processed_total{sel}[$__rate_interval]))", "{{pod}}")],
        normal: "spread evenly over the masters in cluster mode; on the master in Sentinel mode.",
        runbook: "RedisRejectedConnections",
    },
    PanelSpec {
        row: "Traffic",
        title: "Hit ratio",
        kind: "timeseries",
        unit: "percentunit",
        shows: Always,
        series: Redis,
        targets: &[(
            "sum(rate(redis_keyspace_hits_total{sel}[$__rate_interval])) / clamp_min(sum(rate(redis_keyspace_hits_total{sel}[$__rate_interval])) + sum(rate(redis_keyspace_misses_total{sel}[$__rate_interval])), 1)",
            "hits / lookups",
        )],
        normal: "what the application expects of its cache; a drop means keys were lost or evicted.",
        runbook: "RedisEvictingKeys",
    },
    PanelSpec {
        row: "Traffic",
        title: "Clients",
        kind: "timeseries",
        unit: "none",
        shows: Always,
        series: Redis,
        targets: &[
            ("redis_connected_clients{sel}", "{{pod}} connected"),
            ("redis_blocked_clients{sel}", "{{pod}} blocked"),
        ],
        normal: "well below maxclients; blocked clients only with blocking commands.",
        runbook: "RedisRejectedConnections",
    },
    PanelSpec {
        row: "Memory",
        title: "Memory used, maxmemory and the container limit",
        kind: "timeseries",
        unit: "bytes",
        shows: Always,
        series: Redis,
        targets: &[
            ("redis_memory_used_bytes{sel}", "{{pod}} used"),
            ("max(redis_memory_max_bytes{sel})", "maxmemory (0: none)"),
            ("vector({limit})", "container limit (as rendered)"),
        ],
        normal: "used below maxmemory, maxmemory below the container limit.",
        runbook: "RedisMemoryNearMax",
    },
    PanelSpec {
        row: "Memory",
        title: "Fragmentation and evictions",
        kind: "timeseries",
        unit: "none",
        shows: Always,
        series: Redis,
        targets: &[
            ("redis_mem_fragmentation_ratio{sel}", "{{pod}} fragmentation ratio"),
            ("increase(redis_evicted_keys_total{sel}[$__rate_interval])", "{{pod}} keys evicted"),
        ],
        normal: "fragmentation between 1 and 1.5; no evictions unless Redis is a cache with an eviction policy.",
        runbook: "RedisEvictingKeys",
    },
    PanelSpec {
        row: "Replication",
        title: "Replication link up",
        kind: "timeseries",
        unit: "none",
        shows: WithReplicas,
        series: Redis,
        targets: &[("redis_master_link_up{sel}", "{{pod}}")],
        normal: "1 on every replica.",
        runbook: "RedisReplicationLinkDown",
    },
    PanelSpec {
        row: "Replication",
        title: "Replica offset lag",
        kind: "timeseries",
        unit: "bytes",
        shows: WithReplicas,
        series: Redis,
        targets: &[(
            "redis_master_repl_offset{sel} - on (namespace, pod) group_right redis_connected_slave_offset_bytes{sel}",
            "{{pod}} -> {{slave_ip}}",
        )],
        normal: "near 0; it grows while a replica syncs or falls behind.",
        runbook: "RedisReplicasMissing",
    },
    PanelSpec {
        row: "Persistence",
        title: "Seconds since the last RDB save",
        kind: "timeseries",
        unit: "s",
        shows: Always,
        series: Redis,
        targets: &[("time() - redis_rdb_last_save_timestamp_seconds{sel}", "{{pod}}")],
        normal: "below the longest save point while keys change.",
        runbook: "RedisNoRecentSave",
    },
    PanelSpec {
        row: "Persistence",
        title: "Last RDB save and AOF write, AOF rewrite and fork time",
        kind: "timeseries",
        unit: "s",
        shows: Always,
        series: Redis,
        targets: &[
            ("redis_rdb_last_bgsave_status{sel} * redis_aof_last_write_status{sel}", "{{pod}} save and write ok"),
            ("redis_aof_last_rewrite_duration_sec{sel}", "{{pod}} last AOF rewrite"),
            ("redis_latest_fork_seconds{sel}", "{{pod}} last fork"),
        ],
        normal: "status 1; rewrites and forks well under a second per GB.",
        runbook: "RedisPersistenceFailing",
    },
];
