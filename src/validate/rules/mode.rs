//! Rules that depend on `mode`: each mode's own section, and nothing of the other mode's.

use super::{Findings, Written};
use crate::values::{CLUSTER_ONLY_REDIS_KEYS, DeploymentMode, Values};

/// The other mode's settings are refused wherever a user's file or `--set` writes them, even at
/// their default values: they would do nothing, and a reader would think they do.
pub(super) fn check(v: &Values, written: &Written<'_>, f: &mut Findings) {
    match v.mode {
        DeploymentMode::Cluster => {
            for path in leaves(written.under(&["sentinel"])) {
                refuse(f, &path, "a Sentinel setting", "cluster", "remove it, or set mode: sentinel");
            }
        }
        DeploymentMode::Sentinel => {
            for path in leaves(written.under(&["cluster"])) {
                let hint = "remove it; sentinel.replicas sets the number of replicas";
                refuse(f, &path, "a Redis Cluster setting", "sentinel", hint);
            }
            for key in CLUSTER_ONLY_REDIS_KEYS {
                for path in leaves(written.under(&["redis", key])) {
                    refuse(f, &path, "a Redis Cluster setting", "sentinel", "remove it");
                }
            }
            sentinel(v, f);
        }
    }
}

/// The written paths that have no written path below them (an empty section counts as one).
fn leaves(paths: Vec<Vec<String>>) -> Vec<Vec<String>> {
    paths.iter().filter(|p| !paths.iter().any(|q| q.len() > p.len() && q.starts_with(p))).cloned().collect()
}

/// A setting of the other mode, changed from its default: an error at its key.
fn refuse(f: &mut Findings, path: &[String], what: &str, mode: &str, hint: &str) {
    let segments: Vec<&str> = path.iter().map(String::as_str).collect();
    let dotted = segments.join(".");
    f.error_at_key(&segments, format!("`{dotted}` is {what}, but mode is `{mode}`"), Some(hint.into()));
}

fn sentinel(v: &Values, f: &mut Findings) {
    let s = &v.sentinel;
    // The Sentinels that stay: during a drain the leaving ones still run, but what the quorum
    // must fit is the size the deployment is going to.
    let sentinels = v.kept_pods();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaves_are_the_deepest_written_paths() {
        let p = |s: &str| s.split('.').map(String::from).collect::<Vec<_>>();
        let paths = vec![p("sentinel"), p("sentinel.quorum"), p("sentinel.port"), p("x")];
        assert_eq!(leaves(paths), [p("sentinel.quorum"), p("sentinel.port"), p("x")]);
        assert_eq!(leaves(vec![p("sentinel")]), [p("sentinel")]);
    }
}
