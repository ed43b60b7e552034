use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Quantity;

/// CPU and memory of a container.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Resources {
    /// What the scheduler reserves.
    pub requests: ResourceList,
    /// Hard limits.
    pub limits: ResourceList,
}

impl Default for Resources {
    fn default() -> Self {
        Resources {
            requests: ResourceList { cpu: Some(Quantity::from("100m")), memory: Some(Quantity::from("256Mi")) },
            limits: ResourceList { cpu: None, memory: Some(Quantity::from("512Mi")) },
        }
    }
}

/// A set of resource amounts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct ResourceList {
    /// CPU, e.g. `500m` or `2`.
    pub cpu: Option<Quantity>,
    /// Memory, e.g. `512Mi`.
    pub memory: Option<Quantity>,
}

/// Probe timings. Readiness means "answers PING, is not loading, and a replica is linked to its
/// master", never `cluster_state:ok`, so a forming or scaling cluster is not blocked by its own
/// probes while a rolling update waits for each replica's copy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Probes {
    /// Restarts a node that stops answering (defaults 15/10/5/6).
    pub liveness: ProbeTiming,
    /// Takes a node out of the client Service while it loads (defaults 5/5/3/3).
    pub readiness: ProbeTiming,
}

impl Default for Probes {
    fn default() -> Self {
        Probes {
            liveness: ProbeTiming {
                initial_delay_seconds: 15,
                period_seconds: 10,
                timeout_seconds: 5,
                failure_threshold: 6,
            },
            readiness: ProbeTiming {
                initial_delay_seconds: 5,
                period_seconds: 5,
                timeout_seconds: 3,
                failure_threshold: 3,
            },
        }
    }
}

/// Timing of one probe.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProbeTiming {
    /// Seconds before the first probe.
    #[schemars(range(max = 3600))]
    pub initial_delay_seconds: u32,
    /// Seconds between probes.
    #[schemars(range(min = 1, max = 3600))]
    pub period_seconds: u32,
    /// Seconds a probe may take.
    #[schemars(range(min = 1, max = 3600))]
    pub timeout_seconds: u32,
    /// Failed probes in a row before acting.
    #[schemars(range(min = 1, max = 100))]
    pub failure_threshold: u32,
}

/// Extra metadata on the pods.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct PodMeta {
    /// Labels added to the Redis pods (not to their selectors).
    pub labels: BTreeMap<String, String>,
    /// Annotations added to the Redis pods.
    pub annotations: BTreeMap<String, String>,
}

/// Identity the containers run as. Root is not allowed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Security {
    /// runAsUser; 999 is the `redis` user of the official image.
    #[schemars(range(min = 1))]
    pub run_as_user: u32,
    /// runAsGroup.
    #[schemars(range(min = 1))]
    pub run_as_group: u32,
    /// fsGroup: volumes that support it are made group-writable for it.
    #[schemars(range(min = 1))]
    pub fs_group: u32,
}

impl Default for Security {
    fn default() -> Self {
        Security { run_as_user: 999, run_as_group: 999, fs_group: 999 }
    }
}
