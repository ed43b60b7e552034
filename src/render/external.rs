//! External access (docs/external-access.md): a LoadBalancer or NodePort Service per pod,
//! selected by the pod's name, and the external names the pods announce.

use std::collections::BTreeMap;

use serde::Serialize;

use super::labels::LabelMap;
use crate::values::{Values, substitute};

/// One pod's Service.
#[derive(Debug, Serialize)]
pub(crate) struct ExternalService {
    pub name: String,
    pub pod: String,
    pub labels: LabelMap,
    pub annotations: BTreeMap<String, String>,
    /// NodePort: the pod's client and cluster bus ports on every node.
    pub node_ports: Option<(u32, u32)>,
}

/// What the templates need for external access.
#[derive(Debug, Serialize)]
pub(crate) struct ExternalModel {
    pub services: Vec<ExternalService>,
    /// The names the pods announce, in ordinal order.
    pub names: Vec<String>,
    /// NodePort: the first and last client node port, and the first and last bus node port
    /// (the NetworkPolicies' egress to the nodes).
    pub node_port_ranges: Option<[(u32, u32); 2]>,
}

/// The external names of every pod of the StatefulSet, in ordinal order; empty when off.
pub(crate) fn external_names(v: &Values) -> Vec<String> {
    (0..v.pods()).filter_map(|o| v.external_access.name_of(&v.name, o)).collect()
}

pub(crate) fn external(v: &Values, labels: &LabelMap, annotations: &BTreeMap<String, String>) -> Option<ExternalModel> {
    let x = &v.external_access;
    if !x.enabled {
        return None;
    }
    let node_port_ranges = x.node_port_ranges(v.pods());
    let services = (0..v.pods())
        .map(|ordinal| {
            let mut all = annotations.clone();
            all.extend(x.annotations.iter().map(|(k, val)| (k.clone(), substitute(val, &v.name, ordinal))));
            ExternalService {
                name: format!("{}-{ordinal}-external", v.name),
                pod: format!("{}-{ordinal}", v.name),
                labels: labels.clone(),
                annotations: all,
                node_ports: node_port_ranges.map(|[client, bus]| (client.0 + ordinal, bus.0 + ordinal)),
            }
        })
        .collect();
    Some(ExternalModel { services, names: external_names(v), node_port_ranges })
}
