//! Settings that decide how much can be lost at once: replicas, the disruption budget, and an
//! image tag that drifts between pods.

use super::Findings;
use crate::values::Values;

pub(super) fn check(v: &Values, f: &mut Findings) {
    if !v.is_sentinel() && v.cluster.replicas_per_master == 0 {
        f.warn(
            &["cluster", "replicasPerMaster"],
            "no replicas: losing any pod loses its hash slots until it comes back",
            None,
        );
    }
    if v.image.tag == "latest" && v.image.digest.is_none() {
        f.warn(
            &["image", "tag"],
            "`latest` changes under you; pods started on different days run different Redis versions",
            Some("pin a version such as \"7.2\""),
        );
    }
    if v.pod_disruption_budget.enabled && v.pod_disruption_budget.max_unavailable >= v.pods() {
        f.warn(
            &["podDisruptionBudget", "maxUnavailable"],
            format!("allows all {} pods to be evicted at once", v.pods()),
            None,
        );
    }
}
