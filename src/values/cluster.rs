use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Topology of the Redis Cluster: pods = masters × (1 + replicasPerMaster).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Cluster {
    /// Number of masters (hash-slot owners). Redis Cluster needs at least 3 to elect a new master.
    #[schemars(range(min = 3, max = 1000))]
    pub masters: u32,
    /// Replicas attached to each master; 0 means a lost pod loses its slots.
    #[schemars(range(max = 5))]
    pub replicas_per_master: u32,
    /// How nodes advertise themselves to clients in MOVED/ASK replies and CLUSTER SHARDS:
    /// `ip` (works for every client) or `hostname` (stable DNS names; clients must resolve
    /// `*.<headless>.<namespace>.svc`).
    pub preferred_endpoint_type: EndpointType,
    /// The bootstrap Job that forms, repairs and grows the cluster.
    pub bootstrap: Bootstrap,
    /// Step 1 of a scale-in (docs/cluster.md): the size that runs now. The StatefulSet keeps
    /// this many pods while the bootstrap Job empties the leaving ones (the highest ordinals)
    /// onto the masters and replicas set above; step 2 removes this key and the pods go.
    pub drain_from: Option<DrainFrom>,
}

/// The running size a scale-in drains from: larger than the target in masters, replicas or
/// both, never smaller in either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DrainFrom {
    /// Masters the cluster runs with now.
    #[schemars(range(min = 3, max = 1000))]
    pub masters: u32,
    /// Replicas per master the cluster runs with now.
    #[schemars(range(max = 5))]
    pub replicas_per_master: u32,
}

impl DrainFrom {
    pub fn pods(&self) -> u32 {
        self.masters * (1 + self.replicas_per_master)
    }
}

impl Default for Cluster {
    fn default() -> Self {
        Cluster {
            masters: 3,
            replicas_per_master: 1,
            preferred_endpoint_type: EndpointType::Ip,
            bootstrap: Bootstrap::default(),
            drain_from: None,
        }
    }
}

impl Cluster {
    /// Number of Redis pods the StatefulSet runs: the drained size while a scale-in drains.
    pub fn pods(&self) -> u32 {
        self.drain_from.map_or_else(|| self.kept_pods(), |d| d.pods())
    }

    /// Number of pods of the configured topology, masters × (1 + replicasPerMaster): the pods
    /// that stay once a drain is done.
    pub fn kept_pods(&self) -> u32 {
        self.masters * (1 + self.replicas_per_master)
    }
}

/// `cluster-preferred-endpoint-type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum EndpointType {
    Ip,
    Hostname,
}

/// Options of the bootstrap Job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Bootstrap {
    /// Render the Job. Without it the cluster must be formed by hand.
    pub enabled: bool,
    /// How long the Job waits for every pod to resolve and answer PING.
    #[schemars(range(min = 10, max = 3600))]
    pub wait_timeout_seconds: u32,
    /// Hard limit on the Job's run time (activeDeadlineSeconds).
    #[schemars(range(min = 60, max = 86400))]
    pub active_deadline_seconds: u32,
    /// Retries of a failed Job pod (backoffLimit).
    #[schemars(range(max = 20))]
    pub backoff_limit: u32,
    /// Seconds a finished Job is kept (ttlSecondsAfterFinished); unset keeps it, which suits
    /// GitOps tools that would otherwise re-create it.
    pub ttl_seconds_after_finished: Option<u32>,
}

impl Default for Bootstrap {
    fn default() -> Self {
        Bootstrap {
            enabled: true,
            wait_timeout_seconds: 300,
            active_deadline_seconds: 900,
            backoff_limit: 6,
            ttl_seconds_after_finished: None,
        }
    }
}
