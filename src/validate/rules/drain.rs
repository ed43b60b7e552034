//! Step 1 of a scale-in (`cluster.drainFrom`, `sentinel.drainFrom`): the size it drains from is
//! the running one, so it must remove something and add nothing.

use super::Findings;
use crate::values::{DeploymentMode, Values};

pub(super) fn check(v: &Values, f: &mut Findings) {
    match v.mode {
        DeploymentMode::Cluster => cluster(v, f),
        DeploymentMode::Sentinel => sentinel(v, f),
    }
}

fn cluster(v: &Values, f: &mut Findings) {
    let c = &v.cluster;
    let Some(from) = c.drain_from else { return };
    let path = ["cluster", "drainFrom"];
    let hint = "drainFrom is the size that runs now; masters and replicasPerMaster are the smaller size to drain to";
    if from.masters < c.masters || from.replicas_per_master < c.replicas_per_master {
        f.error(
            &path,
            format!(
                "drains from {} masters x {} replicas to {} x {}: a drain only removes masters or replicas",
                from.masters, from.replicas_per_master, c.masters, c.replicas_per_master
            ),
            Some("to add masters or replicas, raise them without drainFrom (a scale-out); to do both, scale out first"),
        );
    } else if from.pods() <= c.kept_pods() {
        f.error(
            &path,
            format!(
                "nothing to drain: {} masters x {} replicas is the target size",
                from.masters, from.replicas_per_master
            ),
            Some(hint),
        );
    }
}

fn sentinel(v: &Values, f: &mut Findings) {
    let s = &v.sentinel;
    let Some(from) = s.drain_from else { return };
    if from.replicas <= s.replicas {
        f.error(
            &["sentinel", "drainFrom", "replicas"],
            format!(
                "drains from {} replicas to {}: a drain only removes replicas",
                from.replicas, s.replicas
            ),
            Some("drainFrom.replicas is the number that runs now; sentinel.replicas the smaller number to drain to (to add replicas, raise sentinel.replicas without drainFrom)"),
        );
    }
}
