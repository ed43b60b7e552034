//! Static PersistentVolumes (storage modes `nas`, `nfs`, `hostPath`): one per pod, each pre-bound
//! to the claim of the pod with its ordinal.

use serde::Serialize;

use super::names::Names;
use crate::values::{StorageMode, Values};

/// One static PersistentVolume.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct StaticVolume {
    pub name: String,
    pub ordinal: u32,
    /// The claim the StatefulSet creates for the pod with this ordinal.
    pub claim: String,
    /// `<basePath>/<ordinal>` on the server or node.
    pub path: String,
    /// The node a hostPath volume lives on.
    pub node: Option<String>,
}

/// Every static volume of the bundle; none in `dynamic` mode.
pub(crate) fn static_volumes(v: &Values, names: &Names) -> Vec<StaticVolume> {
    let s = &v.storage;
    let base = match s.mode {
        StorageMode::Dynamic => return Vec::new(),
        StorageMode::Nas => s.nas.as_ref().map(|n| n.base_path.as_str()),
        StorageMode::Nfs => s.nfs.as_ref().map(|n| n.base_path.as_str()),
        StorageMode::HostPath => s.host_path.as_ref().map(|h| h.base_path.as_str()),
    }
    .unwrap_or_default()
    .trim_end_matches('/');
    (0..v.pods())
        .map(|ordinal| StaticVolume {
            name: names.persistent_volume(&v.namespace, ordinal),
            ordinal,
            claim: names.claim(ordinal),
            path: format!("{base}/{ordinal}"),
            node: s.host_path.as_ref().and_then(|h| h.nodes.get(ordinal as usize).cloned()),
        })
        .collect()
}

/// The claims' storage class: the user's, `""` for static volumes (so no provisioner takes the
/// claim), or none for dynamic provisioning with the cluster's default class.
pub(crate) fn storage_class_name(v: &Values) -> Option<String> {
    match (&v.storage.storage_class_name, v.storage.mode.is_static()) {
        (Some(class), _) => Some(class.clone()),
        (None, true) => Some(String::new()),
        (None, false) => None,
    }
}
