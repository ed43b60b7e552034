use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The client Service (a headless Service for peers is always rendered).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct ServiceValues {
    /// Service type.
    #[serde(rename = "type")]
    pub kind: ServiceType,
    /// Service port for clients.
    #[schemars(range(min = 1, max = 65535))]
    pub port: u32,
    /// Annotations, e.g. for a cloud load balancer.
    pub annotations: BTreeMap<String, String>,
}

impl Default for ServiceValues {
    fn default() -> Self {
        ServiceValues { kind: ServiceType::ClusterIP, port: 6379, annotations: BTreeMap::new() }
    }
}

/// Kubernetes Service type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ServiceType {
    ClusterIP,
    NodePort,
    LoadBalancer,
}

/// PodDisruptionBudget: voluntary evictions (node drains) take at most this many pods at once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct DisruptionBudget {
    /// Render the PodDisruptionBudget.
    pub enabled: bool,
    /// Pods a drain may take down at once.
    #[schemars(range(min = 1))]
    pub max_unavailable: u32,
}

impl Default for DisruptionBudget {
    fn default() -> Self {
        DisruptionBudget { enabled: true, max_unavailable: 1 }
    }
}

/// NetworkPolicy: Redis pods accept the client port only from labelled client pods and the
/// bus port only from their peers; egress only to peers and DNS.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct NetworkPolicyValues {
    /// Render the NetworkPolicies.
    pub enabled: bool,
    /// Labels of pods allowed to connect as clients. Empty means `<name>-client: "true"`.
    pub client_pod_labels: BTreeMap<String, String>,
    /// Labels of namespaces whose labelled pods may connect; unset means this namespace only,
    /// `{}` means every namespace.
    pub client_namespace_labels: Option<BTreeMap<String, String>>,
}

impl Default for NetworkPolicyValues {
    fn default() -> Self {
        NetworkPolicyValues { enabled: true, client_pod_labels: BTreeMap::new(), client_namespace_labels: None }
    }
}
