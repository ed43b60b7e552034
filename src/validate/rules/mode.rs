//! Rules that depend on `mode`: each mode's own section, and nothing of the other mode's.

use serde_json::Value;

use super::Findings;
use crate::values::{CLUSTER_ONLY_REDIS_KEYS, Cluster, DeploymentMode, RedisConfig, Sentinel, Values};

pub(super) fn check(v: &Values, f: &mut Findings) {
    match v.mode {
        DeploymentMode::Cluster => {
            for path in changed(&json(&v.sentinel), &json(&Sentinel::default()), vec!["sentinel".into()]) {
                refuse(f, &path, "a Sentinel setting", "cluster", "remove it, or set mode: sentinel");
            }
        }
        DeploymentMode::Sentinel => {
            for path in changed(&json(&v.cluster), &json(&Cluster::default()), vec!["cluster".into()]) {
                let hint = "remove it; sentinel.replicas sets the number of replicas";
                refuse(f, &path, "a Redis Cluster setting", "sentinel", hint);
            }
            let (redis, default) = (json(&v.redis), json(&RedisConfig::default()));
            for key in CLUSTER_ONLY_REDIS_KEYS.iter().filter(|k| redis[**k] != default[**k]) {
                refuse(f, &["redis".into(), (*key).into()], "a Redis Cluster setting", "sentinel", "remove it");
            }
            sentinel(v, f);
        }
    }
}

/// A setting of the other mode, changed from its default: an error at its key.
fn refuse(f: &mut Findings, path: &[String], what: &str, mode: &str, hint: &str) {
    let segments: Vec<&str> = path.iter().map(String::as_str).collect();
    let dotted = segments.join(".");
    f.error_at_key(&segments, format!("`{dotted}` is {what}, but mode is `{mode}`"), Some(hint.into()));
}

fn sentinel(v: &Values, f: &mut Findings) {
    let s = &v.sentinel;
    let sentinels = v.pods();
    if s.quorum > sentinels {
        f.error(
            &["sentinel", "quorum"],
            format!(
                "quorum {} is more than the {sentinels} Sentinels (one per pod): no failover could ever start",
                s.quorum
            ),
            Some("use a majority, e.g. 2 of 3"),
        );
    } else if s.quorum <= sentinels / 2 {
        f.warn(
            &["sentinel", "quorum"],
            format!(
                "quorum {} of {sentinels} Sentinels is not a majority: a minority may declare the master down",
                s.quorum
            ),
            Some("use a majority of the Sentinels"),
        );
    }
    if sentinels < 3 {
        f.warn(
            &["sentinel", "replicas"],
            format!("{sentinels} pod(s) run {sentinels} Sentinel(s); at least 3 are needed to survive the loss of one"),
            Some("use sentinel.replicas: 2 or more"),
        );
    }
    if s.port == v.redis.port {
        f.error(
            &["sentinel", "port"],
            format!("the Sentinel port must differ from the Redis port ({})", v.redis.port),
            Some("the convention is 26379"),
        );
    }
    if !v.auth.enabled && s.require_auth {
        f.warn(&["sentinel", "requireAuth"], "auth is off, so the Sentinels run without a password too", None);
    }
}

fn json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("values serialize")
}

/// Paths under `prefix` where `actual` differs from `default` (leaves, or whole lists).
fn changed(actual: &Value, default: &Value, prefix: Vec<String>) -> Vec<Vec<String>> {
    match (actual, default) {
        (Value::Object(a), Value::Object(d)) if !a.is_empty() && !d.is_empty() => a
            .iter()
            .flat_map(|(k, v)| {
                let mut path = prefix.clone();
                path.push(k.clone());
                changed(v, d.get(k).unwrap_or(&Value::Null), path)
            })
            .collect(),
        (a, d) if a != d => vec![prefix],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn changed_names_the_leaves_that_differ() {
        let a = json!({"x": 1, "y": {"z": 2, "w": [1]}});
        let d = json!({"x": 1, "y": {"z": 3, "w": []}});
        assert_eq!(changed(&a, &d, vec!["p".into()]), [["p", "y", "z"], ["p", "y", "w"]]);
        assert!(changed(&d, &d, vec!["p".into()]).is_empty());
    }
}
