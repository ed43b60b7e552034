use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Quantity, ResourceList, Resources};

/// Redis Sentinel topology and settings (mode `sentinel`). Every Redis pod runs a Sentinel next
/// to it, so there are `1 + replicas` pods and as many Sentinels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Sentinel {
    /// Replicas of the master; pods (and Sentinels) = 1 + replicas.
    #[schemars(range(min = 0, max = 20))]
    pub replicas: u32,
    /// Name of the monitored master set, which clients ask the Sentinels for (`mymaster`).
    #[schemars(length(min = 1, max = 64), regex(pattern = crate::syntax::PLAIN_NAME))]
    pub master_set: String,
    /// Sentinels that must agree the master is down before a failover starts (`quorum`). The
    /// failover itself always needs a majority of the Sentinels.
    #[schemars(range(min = 1, max = 21))]
    pub quorum: u32,
    /// `down-after-milliseconds`: how long the master may not answer before it is considered down.
    #[schemars(range(min = 100, max = 600000))]
    pub down_after_milliseconds: u32,
    /// `failover-timeout` in milliseconds.
    #[schemars(range(min = 1000, max = 3600000))]
    pub failover_timeout: u32,
    /// `parallel-syncs`: replicas re-syncing from a new master at the same time.
    #[schemars(range(min = 1, max = 20))]
    pub parallel_syncs: u32,
    /// Sentinel port.
    #[schemars(range(min = 1, max = 65535))]
    pub port: u32,
    /// Sentinels also require the Redis password (`requirepass`), so nobody unauthenticated
    /// learns the topology or triggers a failover. Ignored when auth is off.
    pub require_auth: bool,
    /// How long a starting Redis waits for the Sentinels' answer on who the master is, before
    /// it falls back to asking the other Redis pods.
    #[schemars(range(min = 1, max = 600))]
    pub wait_seconds: u32,
    /// CPU and memory of each Sentinel container (default: requests cpu 20m, memory 32Mi; limit
    /// memory 64Mi).
    pub resources: Resources,
    /// Step 1 of a scale-in (docs/sentinel.md): the size that runs now. The StatefulSet keeps
    /// this many pods while a drain Job makes the leaving ones (the highest ordinals) replicas
    /// that are never promoted, handing the master over to a kept pod if it is on one; step 2
    /// removes this key and the pods go.
    pub drain_from: Option<SentinelDrainFrom>,
}

/// The running size a Sentinel scale-in drains from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SentinelDrainFrom {
    /// Replicas the deployment runs with now (more than `sentinel.replicas`).
    #[schemars(range(min = 0, max = 20))]
    pub replicas: u32,
}

impl Sentinel {
    /// Pods (and Sentinels) the StatefulSet runs: the drained size while a scale-in drains.
    pub fn pods(&self) -> u32 {
        1 + self.drain_from.map_or(self.replicas, |d| d.replicas)
    }

    /// Pods of the configured size, 1 + replicas: the pods that stay once a drain is done.
    pub fn kept_pods(&self) -> u32 {
        1 + self.replicas
    }
}

impl Default for Sentinel {
    fn default() -> Self {
        Sentinel {
            replicas: 2,
            master_set: "mymaster".into(),
            quorum: 2,
            down_after_milliseconds: 5000,
            failover_timeout: 60000,
            parallel_syncs: 1,
            port: 26379,
            require_auth: true,
            wait_seconds: 30,
            resources: Resources {
                requests: ResourceList { cpu: Some(Quantity::from("20m")), memory: Some(Quantity::from("32Mi")) },
                limits: ResourceList { cpu: None, memory: Some(Quantity::from("64Mi")) },
            },
            drain_from: None,
        }
    }
}
