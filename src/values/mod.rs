//! The values file, typed. serde reads it, schemars derives `rgen schema` from it.

mod alerts;
mod auth;
mod backup;
mod cluster;
mod exposure;
mod external;
mod image;
mod metrics;
mod mode;
mod pod;
mod redis;
mod scheduling;
mod sentinel;
mod storage;
mod tls;
mod wire;

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use alerts::{ALERTS, AlertKind, AlertSpec, ThresholdUnit, alert};
pub use auth::{Auth, SecretRef};
pub use backup::{Backup, ClaimStore, ExternalSource, Restore, S3Store, endpoint_port};
pub use cluster::{Bootstrap, Cluster, DrainFrom, EndpointType};
pub use exposure::{DisruptionBudget, NetworkPolicyValues, ServiceType, ServiceValues};
pub use external::{ExternalAccess, ExternalType, TrafficPolicy, port_range, substitute};
pub use image::{Image, PullPolicy};
pub use metrics::{
    AlertOverride, AlertSeverity, ExporterImage, GrafanaDashboardValues, Metrics, PrometheusRuleValues,
    ServiceMonitorValues,
};
pub use mode::DeploymentMode;
pub use pod::{PodMeta, ProbeTiming, Probes, ResourceList, Resources, Security};
pub use redis::{
    Appendfsync, CLUSTER_ONLY_REDIS_KEYS, ConfigValue, MaxmemoryPolicy, OWNED_DIRECTIVES, REQUIRED_COMMANDS,
    RedisConfig, SavePoint,
};
pub use scheduling::{
    AntiAffinity, AntiAffinityMode, Scheduling, Spread, TaintEffect, Toleration, TolerationOperator, WhenUnsatisfiable,
};
pub use sentinel::{Sentinel, SentinelDrainFrom};
pub use storage::{AccessMode, HostPathStorage, NasStorage, NfsStorage, ReclaimPolicy, Storage, StorageMode};
pub use tls::{AuthClients, CertManager, IssuerKind, IssuerRef, Tls, TlsSecret};

pub use wire::WireName;

pub use crate::syntax::{GoDuration, Quantity};

/// The recommended labels rgen sets on every object; its selectors depend on them, so the
/// values may not set them.
pub mod recommended_labels {
    pub const NAME: &str = "app.kubernetes.io/name";
    pub const INSTANCE: &str = "app.kubernetes.io/instance";
    pub const COMPONENT: &str = "app.kubernetes.io/component";
    pub const MANAGED_BY: &str = "app.kubernetes.io/managed-by";
    pub const VERSION: &str = "app.kubernetes.io/version";
    /// All of them: the keys `labels` and `pod.labels` refuse.
    pub const ALL: &[&str] = &[NAME, INSTANCE, COMPONENT, MANAGED_BY, VERSION];
}

/// Everything a bundle is rendered from. Unknown keys are errors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
#[schemars(title = "rgen values")]
pub struct Values {
    /// Instance name: the StatefulSet, Services, ConfigMap and labels derive from it.
    #[schemars(length(min = 1, max = 40), regex(pattern = crate::syntax::DNS_LABEL))]
    pub name: String,
    /// Namespace of every namespaced object.
    #[schemars(length(min = 1, max = 63), regex(pattern = crate::syntax::DNS_LABEL))]
    pub namespace: String,
    /// Also render the Namespace object.
    pub create_namespace: bool,
    /// Cluster DNS domain, used in the pods' stable DNS names.
    #[schemars(length(min = 1, max = 253), regex(pattern = crate::syntax::DNS_SUBDOMAIN))]
    pub cluster_domain: String,
    /// `cluster` (Redis Cluster, the default) or `sentinel` (master, replicas and Sentinels).
    pub mode: DeploymentMode,
    /// Labels added to every object.
    pub labels: BTreeMap<String, String>,
    /// Annotations added to every object.
    pub annotations: BTreeMap<String, String>,
    pub image: Image,
    pub cluster: Cluster,
    pub sentinel: Sentinel,
    pub redis: RedisConfig,
    pub auth: Auth,
    pub tls: Tls,
    pub storage: Storage,
    pub scheduling: Scheduling,
    /// CPU and memory of each Redis container (default: requests cpu 100m, memory 256Mi; limit
    /// memory 512Mi, no CPU limit).
    pub resources: Resources,
    pub probes: Probes,
    /// Seconds a pod gets to stop: the first half bounds the preStop handoff of a master to an
    /// in-sync replica, the rest lets Redis finish writing its AOF/RDB.
    #[schemars(range(min = 1, max = 3600))]
    pub termination_grace_period_seconds: u32,
    /// Extra pod labels and annotations.
    pub pod: PodMeta,
    pub security: Security,
    pub service: ServiceValues,
    pub pod_disruption_budget: DisruptionBudget,
    pub network_policy: NetworkPolicyValues,
    pub metrics: Metrics,
    pub smoke_test: SmokeTest,
    pub backup: Backup,
    pub external_access: ExternalAccess,
}

/// The smoke test: a Job (and in a Helm package, a `helm test` Pod) that writes and reads a
/// key on every shard and checks the topology.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct SmokeTest {
    /// Render the smoke-test Job (`<name>-smoke-test-<hash>`); `rgen package` turns it into
    /// the chart's `helm test` Pod.
    pub enabled: bool,
}

impl Values {
    /// Redis pods of the StatefulSet, whatever the mode.
    pub fn pods(&self) -> u32 {
        match self.mode {
            DeploymentMode::Cluster => self.cluster.pods(),
            DeploymentMode::Sentinel => self.sentinel.pods(),
        }
    }

    /// Pods of the configured size: all of them, less those a scale-in's drain empties.
    pub fn kept_pods(&self) -> u32 {
        match self.mode {
            DeploymentMode::Cluster => self.cluster.kept_pods(),
            DeploymentMode::Sentinel => self.sentinel.kept_pods(),
        }
    }

    /// Whether this render is step 1 of a scale-in (`cluster.drainFrom`, `sentinel.drainFrom`).
    pub fn drains(&self) -> bool {
        self.pods() > self.kept_pods()
    }

    pub fn is_sentinel(&self) -> bool {
        self.mode == DeploymentMode::Sentinel
    }

    /// The values as a file of their mode spells them out: every field, less the other mode's
    /// settings (which the mode rules refuse wherever they are written). The embedded default
    /// file and `rgen init`'s starters are this.
    pub fn as_written(&self) -> serde_json::Value {
        let mut values = serde_json::to_value(self).expect("values serialize");
        let map = values.as_object_mut().expect("values are a mapping");
        match self.mode {
            DeploymentMode::Cluster => drop(map.shift_remove("sentinel")),
            DeploymentMode::Sentinel => {
                map.shift_remove("cluster");
                if let Some(redis) = map.get_mut("redis").and_then(serde_json::Value::as_object_mut) {
                    CLUSTER_ONLY_REDIS_KEYS.iter().for_each(|k| drop(redis.shift_remove(*k)));
                }
            }
        }
        values
    }
}

impl Default for Values {
    fn default() -> Self {
        Values {
            name: "redis-cluster".into(),
            namespace: "default".into(),
            create_namespace: false,
            cluster_domain: "cluster.local".into(),
            mode: DeploymentMode::Cluster,
            labels: BTreeMap::new(),
            annotations: BTreeMap::new(),
            image: Image::default(),
            cluster: Cluster::default(),
            sentinel: Sentinel::default(),
            redis: RedisConfig::default(),
            auth: Auth::default(),
            tls: Tls::default(),
            storage: Storage::default(),
            scheduling: Scheduling::default(),
            resources: Resources::default(),
            probes: Probes::default(),
            termination_grace_period_seconds: 30,
            pod: PodMeta::default(),
            security: Security::default(),
            service: ServiceValues::default(),
            pod_disruption_budget: DisruptionBudget::default(),
            network_policy: NetworkPolicyValues::default(),
            metrics: Metrics::default(),
            smoke_test: SmokeTest::default(),
            backup: Backup::default(),
            external_access: ExternalAccess::default(),
        }
    }
}
