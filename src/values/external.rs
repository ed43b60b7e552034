use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Reaching the cluster from outside Kubernetes (docs/external-access.md): one Service per pod,
/// and the name each node announces in MOVED/ASK redirects and CLUSTER SLOTS. Off by default.
/// Cluster mode, with a load balancer per pod, in this release.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct ExternalAccess {
    /// Render a Service per pod and announce the external names.
    pub enabled: bool,
    /// The Services' type: `LoadBalancer`, one per pod.
    #[serde(rename = "type")]
    pub kind: ExternalType,
    /// Each pod's external name, `{pod}` (the pod's name) and `{ordinal}` replaced, e.g.
    /// `{pod}.redis.example.com`; it must resolve, outside, to that pod's load balancer (e.g.
    /// external-dns with the annotations below). Or give `hostnames`.
    #[schemars(length(min = 1, max = 253))]
    pub hostname: Option<String>,
    /// The external names one by one, in ordinal order: one per pod.
    #[schemars(inner(length(min = 1, max = 253)))]
    pub hostnames: Vec<String>,
    /// Annotations of each pod's Service, `{pod}` and `{ordinal}` replaced (cloud load
    /// balancers, external-dns).
    pub annotations: BTreeMap<String, String>,
    /// `loadBalancerSourceRanges` of each Service: who may reach the load balancers.
    pub load_balancer_source_ranges: Vec<String>,
    /// `externalTrafficPolicy` of each Service.
    pub external_traffic_policy: TrafficPolicy,
    /// Where external clients come from, for the NetworkPolicy: these CIDRs may reach the
    /// client ports (never the cluster bus).
    pub client_cidrs: Vec<String>,
}

/// The Service type of external access.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ExternalType {
    LoadBalancer,
}

/// `externalTrafficPolicy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum TrafficPolicy {
    Cluster,
    Local,
}

impl Default for ExternalAccess {
    fn default() -> Self {
        ExternalAccess {
            enabled: false,
            kind: ExternalType::LoadBalancer,
            hostname: None,
            hostnames: Vec::new(),
            annotations: BTreeMap::new(),
            load_balancer_source_ranges: Vec::new(),
            external_traffic_policy: TrafficPolicy::Cluster,
            client_cidrs: vec!["0.0.0.0/0".into()],
        }
    }
}

impl ExternalAccess {
    /// The external name of pod `ordinal` of StatefulSet `statefulset`, when access is on.
    pub fn name_of(&self, statefulset: &str, ordinal: u32) -> Option<String> {
        if !self.enabled {
            return None;
        }
        match &self.hostname {
            Some(template) => Some(substitute(template, statefulset, ordinal)),
            None => self.hostnames.get(ordinal as usize).cloned(),
        }
    }
}

/// `text` with `{pod}` and `{ordinal}` of pod `ordinal` replaced.
pub fn substitute(text: &str, statefulset: &str, ordinal: u32) -> String {
    text.replace("{pod}", &format!("{statefulset}-{ordinal}")).replace("{ordinal}", &ordinal.to_string())
}
