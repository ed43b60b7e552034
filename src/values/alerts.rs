//! The alerts rgen knows: the catalogue that `metrics.prometheusRule.alerts` selects from. One
//! entry per alert holds everything the values may say about it (its name, the mode it exists
//! in, its default `for`, severity and threshold, and what a threshold means); the renderer adds
//! the PromQL (render/alerts.rs, one arm per [`AlertKind`]).

use super::{AlertSeverity, DeploymentMode};

/// Every alert, as the renderer matches on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertKind {
    RedisDown,
    RedisClusterStateNotOk,
    RedisClusterSlotsNotOk,
    RedisMastersMissing,
    RedisReplicasMissing,
    RedisReplicationLinkDown,
    RedisMemoryNearMax,
    RedisEvictingKeys,
    RedisRejectedConnections,
    RedisPersistenceFailing,
    RedisNoRecentSave,
    RedisBackupTooOld,
    RedisSentinelNoMaster,
    RedisSentinelsDisagree,
    RedisSentinelMasterFlapping,
}

/// What an alert's threshold counts, and so which values make sense.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThresholdUnit {
    /// A fraction in (0, 1], e.g. of maxmemory.
    Fraction,
    /// A number of events, at least 0.
    Count,
    /// Seconds, more than 0.
    Seconds,
}

impl ThresholdUnit {
    /// Whether `t` is a threshold of this unit; else the hint that says what is.
    pub fn check(self, t: f64) -> Result<(), &'static str> {
        let ok = match self {
            Fraction => t > 0.0 && t <= 1.0,
            Count => t >= 0.0,
            Seconds => t > 0.0,
        };
        if ok {
            return Ok(());
        }
        Err(match self {
            Fraction => "the threshold is a fraction in (0, 1], e.g. 0.9 for 90 %",
            Count => "the threshold is a number of events, 0 or more",
            Seconds => "the threshold is a number of seconds, more than 0",
        })
    }
}

/// One alert of the catalogue, before the user's overrides.
#[derive(Debug)]
pub struct AlertSpec {
    pub kind: AlertKind,
    pub name: &'static str,
    /// The mode the alert exists in; `None`: both.
    pub mode: Option<DeploymentMode>,
    pub for_: &'static str,
    pub severity: AlertSeverity,
    /// The default threshold and its unit; `None`: the alert takes none.
    pub threshold: Option<(f64, ThresholdUnit)>,
    pub summary: &'static str,
    /// `{threshold}` is replaced by the threshold in force.
    pub description: &'static str,
}

impl AlertSpec {
    pub fn exists_in(&self, mode: DeploymentMode) -> bool {
        self.mode.is_none_or(|m| m == mode)
    }
}

/// The alert called `name`.
pub fn alert(name: &str) -> Option<&'static AlertSpec> {
    ALERTS.iter().find(|a| a.name == name)
}

use AlertKind as K;
use AlertSeverity::{Critical, Warning};
use DeploymentMode::{Cluster, Sentinel};
use ThresholdUnit::{Count, Fraction, Seconds};

/// The catalogue, in the order the PrometheusRule lists the alerts.
pub const ALERTS: &[AlertSpec] = &[
    AlertSpec {
        kind: K::RedisDown,
        name: "RedisDown",
        mode: None,
        for_: "1m",
        severity: Critical,
        threshold: None,
        summary: "a Redis or Sentinel does not answer its exporter",
        description: "{{ $labels.pod }} ({{ $labels.endpoint }}) has not answered for a minute.",
    },
    AlertSpec {
        kind: K::RedisClusterStateNotOk,
        name: "RedisClusterStateNotOk",
        mode: Some(Cluster),
        for_: "1m",
        severity: Critical,
        threshold: None,
        summary: "cluster_state is fail",
        description: "{{ $labels.pod }} reports cluster_state:fail: some slots are not served.",
    },
    AlertSpec {
        kind: K::RedisClusterSlotsNotOk,
        name: "RedisClusterSlotsNotOk",
        mode: Some(Cluster),
        for_: "1m",
        severity: Critical,
        threshold: None,
        summary: "slots in fail or pfail state",
        description: "{{ $labels.pod }} sees slots whose master is failing or possibly failing.",
    },
    AlertSpec {
        kind: K::RedisMastersMissing,
        name: "RedisMastersMissing",
        mode: None,
        for_: "1m",
        severity: Critical,
        threshold: None,
        summary: "fewer masters than configured",
        description: "Fewer Redis report the master role than the values configure.",
    },
    AlertSpec {
        kind: K::RedisReplicasMissing,
        name: "RedisReplicasMissing",
        mode: None,
        for_: "5m",
        severity: Warning,
        threshold: None,
        summary: "a master has fewer replicas than configured",
        description: "{{ $labels.pod }} has {{ $value }} connected replicas.",
    },
    AlertSpec {
        kind: K::RedisReplicationLinkDown,
        name: "RedisReplicationLinkDown",
        mode: None,
        for_: "1m",
        severity: Warning,
        threshold: None,
        summary: "a replica lost its master",
        description: "{{ $labels.pod }} has no replication link to its master.",
    },
    AlertSpec {
        kind: K::RedisMemoryNearMax,
        name: "RedisMemoryNearMax",
        mode: None,
        for_: "5m",
        severity: Warning,
        threshold: Some((0.9, Fraction)),
        summary: "memory near maxmemory",
        description: "{{ $labels.pod }} uses more than {threshold} of maxmemory.",
    },
    AlertSpec {
        kind: K::RedisEvictingKeys,
        name: "RedisEvictingKeys",
        mode: None,
        for_: "1m",
        severity: Warning,
        threshold: Some((0.0, Count)),
        summary: "keys are evicted",
        description: "{{ $labels.pod }} evicted keys in the last 5 minutes (maxmemory reached).",
    },
    AlertSpec {
        kind: K::RedisRejectedConnections,
        name: "RedisRejectedConnections",
        mode: None,
        for_: "1m",
        severity: Warning,
        threshold: Some((0.0, Count)),
        summary: "connections are rejected",
        description: "{{ $labels.pod }} rejected connections in the last 5 minutes (maxclients reached).",
    },
    AlertSpec {
        kind: K::RedisPersistenceFailing,
        name: "RedisPersistenceFailing",
        mode: None,
        for_: "1m",
        severity: Critical,
        threshold: None,
        summary: "the last RDB save or AOF write failed",
        description: "{{ $labels.pod }} cannot persist its data (disk full or read-only?).",
    },
    AlertSpec {
        kind: K::RedisNoRecentSave,
        name: "RedisNoRecentSave",
        mode: None,
        for_: "10m",
        severity: Warning,
        threshold: Some((7200.0, Seconds)),
        summary: "no RDB snapshot for a long time despite changes",
        description: "{{ $labels.pod }} has unsaved changes and no snapshot for more than {threshold} s.",
    },
    AlertSpec {
        kind: K::RedisBackupTooOld,
        name: "RedisBackupTooOld",
        mode: None,
        for_: "10m",
        severity: Warning,
        threshold: Some((93600.0, Seconds)),
        summary: "no successful backup for a long time",
        description: "The backup CronJob has not succeeded for more than {threshold} s (kube-state-metrics' CronJob metrics).",
    },
    AlertSpec {
        kind: K::RedisSentinelNoMaster,
        name: "RedisSentinelNoMaster",
        mode: Some(Sentinel),
        for_: "1m",
        severity: Critical,
        threshold: None,
        summary: "no Sentinel sees a healthy master",
        description: "No Sentinel reports the master set as ok.",
    },
    AlertSpec {
        kind: K::RedisSentinelsDisagree,
        name: "RedisSentinelsDisagree",
        mode: Some(Sentinel),
        for_: "2m",
        severity: Critical,
        threshold: None,
        summary: "Sentinels name different masters",
        description: "The Sentinels do not agree on the master's address.",
    },
    AlertSpec {
        kind: K::RedisSentinelMasterFlapping,
        name: "RedisSentinelMasterFlapping",
        mode: Some(Sentinel),
        for_: "0m",
        severity: Warning,
        threshold: Some((4.0, Count)),
        summary: "the master moves back and forth",
        description: "Pods changed role more than {threshold} times in 30 minutes (two per failover).",
    },
];
