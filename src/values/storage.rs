use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Quantity;

/// Where each pod keeps /data (nodes.conf, AOF, RDB). Every pod gets its own volume.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Storage {
    /// `dynamic`: a StorageClass provisions volumes. `nas`, `nfs`, `hostPath`: rgen renders one
    /// static PersistentVolume per pod, pre-bound to that pod's claim.
    pub mode: StorageMode,
    /// Size of each pod's volume.
    pub size: Quantity,
    /// StorageClass of the claims (and of the static PVs). Dynamic mode: unset uses the
    /// cluster's default class. Static modes: unset means `""`, so no provisioner interferes.
    pub storage_class_name: Option<String>,
    /// Access modes of the claims.
    pub access_modes: Vec<AccessMode>,
    /// Reclaim policy of static PVs. `Retain` keeps the data when a claim is deleted.
    pub reclaim_policy: ReclaimPolicy,
    /// Alibaba Cloud NAS (or any CSI NFS-like driver) settings; mode `nas`.
    pub nas: Option<NasStorage>,
    /// In-tree NFS settings; mode `nfs`.
    pub nfs: Option<NfsStorage>,
    /// Node-local directories; mode `hostPath`.
    pub host_path: Option<HostPathStorage>,
}

impl Default for Storage {
    fn default() -> Self {
        Storage {
            mode: StorageMode::Dynamic,
            size: Quantity::from("1Gi"),
            storage_class_name: None,
            access_modes: vec![AccessMode::ReadWriteOnce],
            reclaim_policy: ReclaimPolicy::Retain,
            nas: None,
            nfs: None,
            host_path: None,
        }
    }
}

/// Storage backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum StorageMode {
    Dynamic,
    Nas,
    Nfs,
    HostPath,
}

impl StorageMode {
    /// Whether rgen renders PersistentVolumes for this mode.
    pub fn is_static(self) -> bool {
        self != StorageMode::Dynamic
    }
}

/// PersistentVolume access mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum AccessMode {
    ReadWriteOnce,
    ReadWriteOncePod,
    ReadWriteMany,
}

/// PersistentVolume reclaim policy (`Recycle` is deprecated upstream and not offered).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ReclaimPolicy {
    Retain,
    Delete,
}

/// NAS through a CSI driver, as in seed 000: pod N uses `<basePath>/<N>` on `server`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NasStorage {
    /// NAS mount target, e.g. `xxxx.cn-beijing.nas.aliyuncs.com`.
    #[schemars(length(min = 1, max = 253))]
    pub server: String,
    /// Directory on the NAS under which each pod gets `<ordinal>/`.
    #[serde(default = "default_base")]
    #[schemars(regex(pattern = crate::syntax::ABSOLUTE_PATH))]
    pub base_path: String,
    /// CSI driver name.
    #[serde(default = "default_nas_driver")]
    pub driver: String,
    /// NFS protocol version attribute (`vers`).
    #[serde(default = "default_vers")]
    pub vers: String,
}

fn default_base() -> String {
    "/".into()
}
fn default_nas_driver() -> String {
    "nasplugin.csi.alibabacloud.com".into()
}
fn default_vers() -> String {
    "3".into()
}

/// In-tree NFS: pod N uses `<basePath>/<N>` on `server`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NfsStorage {
    /// NFS server host name or IP.
    #[schemars(length(min = 1, max = 253))]
    pub server: String,
    /// Exported directory under which each pod gets `<ordinal>/`.
    #[serde(default = "default_base")]
    #[schemars(regex(pattern = crate::syntax::ABSOLUTE_PATH))]
    pub base_path: String,
}

/// Node-local storage: pod N uses `<basePath>/<N>` on `nodes[N]`, its PV pinned to that node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HostPathStorage {
    /// Directory on each node under which pod N gets `<N>/` (created if missing; it must be
    /// writable by `security.runAsUser`).
    #[schemars(regex(pattern = crate::syntax::ABSOLUTE_PATH))]
    pub base_path: String,
    /// One node name per pod, in ordinal order (a node may repeat; a master and its replicas
    /// should not share one).
    pub nodes: Vec<String>,
}
