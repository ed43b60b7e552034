use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Reaching the cluster from outside Kubernetes (docs/external-access.md): one Service per pod,
/// and the address each node announces in MOVED/ASK redirects and CLUSTER SLOTS (in Sentinel
/// mode, the address the Sentinels hand out). Off by default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct ExternalAccess {
    /// Render a Service per pod and announce the external names.
    pub enabled: bool,
    /// The Services' type, one per pod: `LoadBalancer` (each pod announces its external name)
    /// or `NodePort` (cluster mode: each pod announces its node's address and its own node
    /// port, and every link, replication and the cluster bus too, goes through the node ports).
    #[serde(rename = "type")]
    pub kind: ExternalType,
    /// Each pod's external name, `{pod}` (the pod's name) and `{ordinal}` replaced, e.g.
    /// `{pod}.redis.example.com`; it must resolve, outside, to that pod's load balancer (e.g.
    /// external-dns with the annotations below). Or give `hostnames`. LoadBalancer only.
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
    /// NodePort: pod `o` is reached on every node at port `nodePort + o`.
    #[schemars(range(min = 1))]
    pub node_port: u16,
    /// NodePort: pod `o`'s cluster bus is reached on every node at port `busNodePort + o`.
    #[schemars(range(min = 1))]
    pub bus_node_port: u16,
    /// NodePort: the API server's `--service-node-port-range`, which every node port must fit.
    pub node_port_range: String,
    /// NodePort: the nodes' addresses. Traffic through a node port reaches a pod from a node's
    /// address (kube-proxy's SNAT), and with NodePort the peers' replication and cluster bus go
    /// through the node ports too, so the NetworkPolicy admits these CIDRs on the client and
    /// bus ports, and the pods and the Job may reach them on the node ports.
    pub node_cidrs: Vec<String>,
}

/// The Service type of external access.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ExternalType {
    LoadBalancer,
    NodePort,
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
            node_port: 30379,
            bus_node_port: 31379,
            node_port_range: "30000-32767".into(),
            node_cidrs: Vec::new(),
        }
    }
}

impl ExternalAccess {
    /// Whether external access goes through node ports (`type: NodePort`, when on).
    pub fn node_ports(&self) -> bool {
        self.enabled && self.kind == ExternalType::NodePort
    }

    /// With node ports, the first and last client node port and the first and last bus node
    /// port of `pods` pods (pod `o` has `base + o`).
    pub fn node_port_ranges(&self, pods: u32) -> Option<[(u32, u32); 2]> {
        let last = pods.saturating_sub(1);
        let range = |base: u16| (u32::from(base), u32::from(base) + last);
        self.node_ports().then(|| [range(self.node_port), range(self.bus_node_port)])
    }

    /// The external name of pod `ordinal` of StatefulSet `statefulset`, when access through
    /// load balancers is on (with NodePort a pod announces its node's address, known only when
    /// it runs).
    pub fn name_of(&self, statefulset: &str, ordinal: u32) -> Option<String> {
        if !self.enabled || self.node_ports() {
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

/// The range `a-b` of `externalAccess.nodePortRange`, when it reads as one.
pub fn port_range(text: &str) -> Option<(u32, u32)> {
    let (low, high) = text.split_once('-')?;
    let (low, high) = (low.parse().ok()?, high.parse().ok()?);
    (low <= high && high <= 65535).then_some((low, high))
}
