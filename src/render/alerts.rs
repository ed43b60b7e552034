//! The default alerts of the PrometheusRule, derived from the values: rgen knows how many
//! masters and replicas there should be, the mode, and whether maxmemory and save points are
//! set, so each alert is exact for this deployment. The runbook of each is in the README.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::values::{AlertSeverity, Values};

/// One alerting rule as the PrometheusRule holds it.
#[derive(Debug, Serialize)]
pub(crate) struct Alert {
    pub alert: String,
    pub expr: String,
    #[serde(rename = "for")]
    pub for_: String,
    pub labels: BTreeMap<String, String>,
    pub annotations: BTreeMap<String, String>,
}

/// A default alert before the user's overrides.
struct AlertDefault {
    name: &'static str,
    for_: &'static str,
    severity: AlertSeverity,
    threshold: Option<f64>,
    summary: &'static str,
    description: &'static str,
    /// The PromQL, from the selectors and the threshold; `None` when it does not apply here.
    expr: fn(&Selectors, &Values, f64) -> Option<String>,
}

/// Label matchers of the Redis and Sentinel exporters' series (as a ServiceMonitor labels them).
pub(crate) struct Selectors {
    pub redis: String,
    pub sentinel: String,
    pub any: String,
}

impl Selectors {
    pub fn new(v: &Values, metrics_service: &str) -> Selectors {
        let base = format!("namespace=\"{}\",service=\"{metrics_service}\"", v.namespace);
        Selectors {
            redis: format!("{base},endpoint=\"metrics\""),
            sentinel: format!("{base},endpoint=\"sentinel-metrics\""),
            any: base,
        }
    }
}

/// Every alert name rgen knows, for the diagnostics of `metrics.prometheusRule.alerts`.
pub fn alert_names() -> Vec<&'static str> {
    DEFAULTS.iter().map(|d| d.name).collect()
}

/// Whether alert `name` has a threshold the values may change.
pub fn has_threshold(name: &str) -> bool {
    DEFAULTS.iter().any(|d| d.name == name && d.threshold.is_some())
}

/// The alerts of this deployment, with the user's overrides applied.
pub(crate) fn alerts(v: &Values, selectors: &Selectors) -> Vec<Alert> {
    let overrides = &v.metrics.prometheus_rule.alerts;
    DEFAULTS
        .iter()
        .filter_map(|d| {
            let o = overrides.get(d.name).cloned().unwrap_or_default();
            if o.enabled == Some(false) {
                return None;
            }
            let threshold = o.threshold.or(d.threshold).unwrap_or(0.0);
            let expr = (d.expr)(selectors, v, threshold)?;
            let severity = match o.severity.unwrap_or(d.severity) {
                AlertSeverity::Critical => "critical",
                AlertSeverity::Warning => "warning",
                AlertSeverity::Info => "info",
            };
            let instance = format!("{}/{}", v.namespace, v.name);
            Some(Alert {
                alert: d.name.into(),
                expr,
                for_: o.for_.unwrap_or_else(|| d.for_.into()),
                labels: BTreeMap::from([("severity".into(), severity.into())]),
                annotations: BTreeMap::from([
                    ("summary".into(), format!("{instance}: {}", d.summary)),
                    ("description".into(), d.description.replace("{threshold}", &threshold.to_string())),
                    ("runbook".into(), format!("rgen README, Runbook: {}", d.name)),
                ]),
            })
        })
        .collect()
}

fn masters(v: &Values) -> u32 {
    if v.is_sentinel() { 1 } else { v.cluster.masters }
}

fn replicas(v: &Values) -> u32 {
    if v.is_sentinel() { v.sentinel.replicas } else { v.cluster.replicas_per_master }
}

const DEFAULTS: &[AlertDefault] = &[
    AlertDefault {
        name: "RedisDown",
        for_: "1m",
        severity: AlertSeverity::Critical,
        threshold: None,
        summary: "a Redis or Sentinel does not answer its exporter",
        description: "{{ $labels.pod }} ({{ $labels.endpoint }}) has not answered for a minute.",
        expr: |s, _, _| Some(format!("redis_up{{{}}} == 0 or up{{{}}} == 0", s.any, s.any)),
    },
    AlertDefault {
        name: "RedisClusterStateNotOk",
        for_: "1m",
        severity: AlertSeverity::Critical,
        threshold: None,
        summary: "cluster_state is fail",
        description: "{{ $labels.pod }} reports cluster_state:fail: some slots are not served.",
        expr: |s, v, _| (!v.is_sentinel()).then(|| format!("redis_cluster_state{{{}}} == 0", s.redis)),
    },
    AlertDefault {
        name: "RedisClusterSlotsNotOk",
        for_: "1m",
        severity: AlertSeverity::Critical,
        threshold: None,
        summary: "slots in fail or pfail state",
        description: "{{ $labels.pod }} sees slots whose master is failing or possibly failing.",
        expr: |s, v, _| {
            (!v.is_sentinel()).then(|| {
                format!("redis_cluster_slots_fail{{{r}}} > 0 or redis_cluster_slots_pfail{{{r}}} > 0", r = s.redis)
            })
        },
    },
    AlertDefault {
        name: "RedisMastersMissing",
        for_: "1m",
        severity: AlertSeverity::Critical,
        threshold: None,
        summary: "fewer masters than configured",
        description: "Fewer Redis report the master role than the values configure.",
        expr: |s, v, _| {
            Some(format!("(count(redis_instance_info{{{},role=\"master\"}}) or vector(0)) < {}", s.redis, masters(v)))
        },
    },
    AlertDefault {
        name: "RedisReplicasMissing",
        for_: "5m",
        severity: AlertSeverity::Warning,
        threshold: None,
        summary: "a master has fewer replicas than configured",
        description: "{{ $labels.pod }} has {{ $value }} connected replicas.",
        expr: |s, v, _| {
            (replicas(v) > 0).then(|| {
                format!(
                    "redis_connected_slaves{{{r}}} < {n} and on (namespace, pod) redis_instance_info{{{r},role=\"master\"}}",
                    r = s.redis,
                    n = replicas(v)
                )
            })
        },
    },
    AlertDefault {
        name: "RedisReplicationLinkDown",
        for_: "1m",
        severity: AlertSeverity::Warning,
        threshold: None,
        summary: "a replica lost its master",
        description: "{{ $labels.pod }} has no replication link to its master.",
        expr: |s, _, _| Some(format!("redis_master_link_up{{{}}} == 0", s.redis)),
    },
    AlertDefault {
        name: "RedisMemoryNearMax",
        for_: "5m",
        severity: AlertSeverity::Warning,
        threshold: Some(0.9),
        summary: "memory near maxmemory",
        description: "{{ $labels.pod }} uses more than {threshold} of maxmemory.",
        expr: |s, v, t| {
            v.redis.maxmemory.is_some().then(|| {
                format!(
                    "redis_memory_used_bytes{{{r}}} / redis_memory_max_bytes{{{r}}} > {t} and redis_memory_max_bytes{{{r}}} > 0",
                    r = s.redis
                )
            })
        },
    },
    AlertDefault {
        name: "RedisEvictingKeys",
        for_: "1m",
        severity: AlertSeverity::Warning,
        threshold: Some(0.0),
        summary: "keys are evicted",
        description: "{{ $labels.pod }} evicted keys in the last 5 minutes (maxmemory reached).",
        expr: |s, _, t| Some(format!("increase(redis_evicted_keys_total{{{}}}[5m]) > {t}", s.redis)),
    },
    AlertDefault {
        name: "RedisRejectedConnections",
        for_: "1m",
        severity: AlertSeverity::Warning,
        threshold: Some(0.0),
        summary: "connections are rejected",
        description: "{{ $labels.pod }} rejected connections in the last 5 minutes (maxclients reached).",
        expr: |s, _, t| Some(format!("increase(redis_rejected_connections_total{{{}}}[5m]) > {t}", s.redis)),
    },
    AlertDefault {
        name: "RedisPersistenceFailing",
        for_: "1m",
        severity: AlertSeverity::Critical,
        threshold: None,
        summary: "the last RDB save or AOF write failed",
        description: "{{ $labels.pod }} cannot persist its data (disk full or read-only?).",
        expr: |s, _, _| {
            Some(format!(
                "redis_rdb_last_bgsave_status{{{r}}} == 0 or redis_aof_last_write_status{{{r}}} == 0",
                r = s.redis
            ))
        },
    },
    AlertDefault {
        name: "RedisNoRecentSave",
        for_: "10m",
        severity: AlertSeverity::Warning,
        threshold: Some(7200.0),
        summary: "no RDB snapshot for a long time despite changes",
        description: "{{ $labels.pod }} has unsaved changes and no snapshot for more than {threshold} s.",
        expr: |s, v, t| {
            (!v.redis.save.is_empty()).then(|| {
                format!(
                    "time() - redis_rdb_last_save_timestamp_seconds{{{r}}} > {t} and redis_rdb_changes_since_last_save{{{r}}} > 0",
                    r = s.redis
                )
            })
        },
    },
    AlertDefault {
        name: "RedisSentinelNoMaster",
        for_: "1m",
        severity: AlertSeverity::Critical,
        threshold: None,
        summary: "no Sentinel sees a healthy master",
        description: "No Sentinel reports the master set as ok.",
        expr: |s, v, _| {
            v.is_sentinel().then(|| {
                format!(
                    "(max(redis_sentinel_master_status{{{},master_name=\"{}\"}}) or vector(0)) < 1",
                    s.sentinel, v.sentinel.master_set
                )
            })
        },
    },
    AlertDefault {
        name: "RedisSentinelsDisagree",
        for_: "2m",
        severity: AlertSeverity::Critical,
        threshold: None,
        summary: "Sentinels name different masters",
        description: "The Sentinels do not agree on the master's address.",
        expr: |s, v, _| {
            v.is_sentinel().then(|| {
                format!(
                    "count(count by (master_address) (redis_sentinel_master_status{{{},master_name=\"{}\"}})) > 1",
                    s.sentinel, v.sentinel.master_set
                )
            })
        },
    },
    AlertDefault {
        name: "RedisSentinelMasterFlapping",
        for_: "0m",
        severity: AlertSeverity::Warning,
        threshold: Some(4.0),
        summary: "the master moves back and forth",
        description: "Pods changed role more than {threshold} times in 30 minutes (two per failover).",
        expr: |s, v, t| {
            v.is_sentinel().then(|| {
                format!(
                    "sum(changes((max by (pod) (redis_instance_info{{{r},role=\"master\"}}) or max by (pod) (redis_instance_info{{{r},role=\"slave\"}}) * 0)[30m:30s])) > {t}",
                    r = s.redis
                )
            })
        },
    },
];
