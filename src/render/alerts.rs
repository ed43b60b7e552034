//! The alerts of the PrometheusRule: the catalogue's (values/alerts.rs), each with the PromQL
//! that fits this deployment: rgen knows how many masters and replicas there should be, the
//! mode, and whether maxmemory and save points are set. The runbook of each is in the README.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::values::{ALERTS, AlertKind, Values, WireName};

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

/// The alerts of this deployment, with the user's overrides applied.
pub(crate) fn alerts(v: &Values, selectors: &Selectors) -> Vec<Alert> {
    let overrides = &v.metrics.prometheus_rule.alerts;
    ALERTS
        .iter()
        .filter(|spec| spec.exists_in(v.mode))
        .filter_map(|spec| {
            let o = overrides.get(spec.name).cloned().unwrap_or_default();
            if o.enabled == Some(false) {
                return None;
            }
            let threshold = o.threshold.or(spec.threshold.map(|(t, _)| t)).unwrap_or(0.0);
            let expr = expr(spec.kind, selectors, v, threshold)?;
            let instance = format!("{}/{}", v.namespace, v.name);
            Some(Alert {
                alert: spec.name.into(),
                expr,
                for_: o.for_.unwrap_or_else(|| spec.for_.into()),
                labels: BTreeMap::from([("severity".into(), o.severity.unwrap_or(spec.severity).as_str().into())]),
                annotations: BTreeMap::from([
                    ("summary".into(), format!("{instance}: {}", spec.summary)),
                    ("description".into(), spec.description.replace("{threshold}", &threshold.to_string())),
                    ("runbook".into(), format!("rgen README, Runbook: {}", spec.name)),
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

/// The PromQL of alert `kind` in this deployment, with threshold `t`; `None` when it does not
/// apply here (no replicas, no maxmemory, no save points). The mode is the catalogue's to say.
fn expr(kind: AlertKind, s: &Selectors, v: &Values, t: f64) -> Option<String> {
    let r = &s.redis;
    let set = &v.sentinel.master_set;
    Some(match kind {
        AlertKind::RedisDown => format!("redis_up{{{a}}} == 0 or up{{{a}}} == 0", a = s.any),
        AlertKind::RedisClusterStateNotOk => format!("redis_cluster_state{{{r}}} == 0"),
        AlertKind::RedisClusterSlotsNotOk => {
            format!("redis_cluster_slots_fail{{{r}}} > 0 or redis_cluster_slots_pfail{{{r}}} > 0")
        }
        AlertKind::RedisMastersMissing => {
            format!("(count(redis_instance_info{{{r},role=\"master\"}}) or vector(0)) < {}", masters(v))
        }
        AlertKind::RedisReplicasMissing if replicas(v) > 0 => format!(
            "redis_connected_slaves{{{r}}} < {n} and on (namespace, pod) redis_instance_info{{{r},role=\"master\"}}",
            n = replicas(v)
        ),
        AlertKind::RedisReplicasMissing => return None,
        AlertKind::RedisReplicationLinkDown => format!("redis_master_link_up{{{r}}} == 0"),
        AlertKind::RedisMemoryNearMax if v.redis.maxmemory.is_some() => format!(
            "redis_memory_used_bytes{{{r}}} / redis_memory_max_bytes{{{r}}} > {t} and redis_memory_max_bytes{{{r}}} > 0"
        ),
        AlertKind::RedisMemoryNearMax => return None,
        AlertKind::RedisEvictingKeys => format!("increase(redis_evicted_keys_total{{{r}}}[5m]) > {t}"),
        AlertKind::RedisRejectedConnections => format!("increase(redis_rejected_connections_total{{{r}}}[5m]) > {t}"),
        AlertKind::RedisPersistenceFailing => {
            format!("redis_rdb_last_bgsave_status{{{r}}} == 0 or redis_aof_last_write_status{{{r}}} == 0")
        }
        AlertKind::RedisNoRecentSave if !v.redis.save.is_empty() => format!(
            "time() - redis_rdb_last_save_timestamp_seconds{{{r}}} > {t} and redis_rdb_changes_since_last_save{{{r}}} > 0"
        ),
        AlertKind::RedisNoRecentSave => return None,
        // kube-state-metrics' CronJob series; also fires when the CronJob never succeeded.
        AlertKind::RedisBackupTooOld if v.backup.enabled => {
            let c = format!("namespace=\"{}\",cronjob=\"{}-backup\"", v.namespace, v.name);
            format!(
                "time() - max(kube_cronjob_status_last_successful_time{{{c}}}) > {t} or (time() - max(kube_cronjob_created{{{c}}}) > {t} unless max(kube_cronjob_status_last_successful_time{{{c}}}))"
            )
        }
        AlertKind::RedisBackupTooOld => return None,
        AlertKind::RedisSentinelNoMaster => {
            format!("(max(redis_sentinel_master_status{{{},master_name=\"{set}\"}}) or vector(0)) < 1", s.sentinel)
        }
        AlertKind::RedisSentinelsDisagree => format!(
            "count(count by (master_address) (redis_sentinel_master_status{{{},master_name=\"{set}\"}})) > 1",
            s.sentinel
        ),
        AlertKind::RedisSentinelMasterFlapping => format!(
            "sum(changes((max by (pod) (redis_instance_info{{{r},role=\"master\"}}) or max by (pod) (redis_instance_info{{{r},role=\"slave\"}}) * 0)[30m:30s])) > {t}"
        ),
    })
}
