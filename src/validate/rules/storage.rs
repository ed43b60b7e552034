//! `storage`: the mode's own section and nothing of another's, sizes, and hostPath pins.

use super::Findings;
use crate::syntax::is_dns_subdomain;
use crate::topology::{Role, fresh_role};
use crate::values::{AntiAffinityMode, StorageMode, Values, WireName};

pub(super) fn check(v: &Values, f: &mut Findings) {
    let s = &v.storage;
    let pods = v.pods();
    let sections = [
        (StorageMode::Nas, s.nas.is_some()),
        (StorageMode::Nfs, s.nfs.is_some()),
        (StorageMode::HostPath, s.host_path.is_some()),
    ];
    for (mode, present) in sections {
        // Each mode's section is named like the mode.
        let key = mode.as_str();
        if present && s.mode != mode {
            f.error_at_key(
                &["storage", key],
                format!("storage.{key} is set but storage.mode is {}", s.mode.as_str()),
                Some(format!("set storage.mode: {key}, or remove storage.{key}")),
            );
        }
        if !present && s.mode == mode {
            let required = if mode == StorageMode::HostPath { "basePath" } else { "server" };
            f.error(
                &["storage", key, required],
                format!("storage.mode is {key}, which needs storage.{key}.{required}"),
                Some(match mode {
                    StorageMode::HostPath => "add storage.hostPath with basePath and one node name per pod",
                    _ => "add the server that exports the volumes",
                }),
            );
        }
    }
    if s.size.to_f64().is_some_and(|b| b <= 0.0) {
        f.error(&["storage", "size"], "the volume size must be greater than zero", None);
    }
    if s.access_modes.is_empty() {
        f.error(&["storage", "accessModes"], "at least one access mode is needed", Some("ReadWriteOnce"));
    }
    if let (StorageMode::HostPath, Some(hp)) = (s.mode, &s.host_path) {
        if hp.nodes.len() != pods as usize {
            f.error(
                &["storage", "hostPath", "nodes"],
                format!("lists {} node(s) but the cluster has {pods} pods", hp.nodes.len()),
                Some("list one node per pod, in ordinal order; a node may repeat"),
            );
        }
        for (i, node) in hp.nodes.iter().enumerate() {
            if !is_dns_subdomain(node) {
                let index = i.to_string();
                f.error(&["storage", "hostPath", "nodes", &index], format!("`{node}` is not a valid node name"), None);
            }
        }
        let distinct: std::collections::BTreeSet<&String> = hp.nodes.iter().collect();
        if v.scheduling.anti_affinity.mode == AntiAffinityMode::Hard
            && distinct.len() < hp.nodes.len()
            && v.scheduling.anti_affinity.topology_key == "kubernetes.io/hostname"
        {
            f.error(
                &["storage", "hostPath", "nodes"],
                "hard anti-affinity forbids two pods on one node, but these pins put several pods on the same node",
                Some("list distinct nodes, or use scheduling.antiAffinity.mode: soft"),
            );
        }
        for (p, node) in hp.nodes.iter().enumerate().filter(|_| !v.is_sentinel()) {
            if let Role::ReplicaOf(m) = fresh_role(p as u32, v.cluster.masters) {
                if hp.nodes.get(m as usize) == Some(node) {
                    let index = p.to_string();
                    f.warn(&["storage", "hostPath", "nodes", &index], format!("pod {p} replicates pod {m} and both are pinned to node `{node}`: losing that node loses their slots"), None);
                }
            }
        }
    }
}
