//! Object names, derived from the instance name in one place so nothing drifts apart.

use crate::values::Values;

/// Names of every object of one instance.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Names {
    pub statefulset: String,
    pub headless: String,
    /// The client Service: Redis in cluster mode, the Sentinels in sentinel mode.
    pub client: String,
    pub config: String,
    pub auth_secret: String,
    /// The TLS Secret cert-manager writes, and its Certificate.
    pub tls: String,
    pub service_account: String,
    pub pdb: String,
    pub network_policy: String,
    pub bootstrap_network_policy: String,
    /// The backup CronJob and its NetworkPolicy.
    pub backup: String,
    /// The ConfigMap of the backup and restore scripts.
    pub backup_config: String,
}

impl Names {
    pub fn new(v: &Values) -> Self {
        let n = &v.name;
        Names {
            statefulset: n.clone(),
            headless: format!("{n}-headless"),
            client: if v.is_sentinel() { format!("{n}-sentinel") } else { n.clone() },
            config: format!("{n}-config"),
            auth_secret: format!("{n}-auth"),
            tls: format!("{n}-tls"),
            service_account: n.clone(),
            pdb: n.clone(),
            network_policy: n.clone(),
            bootstrap_network_policy: format!("{n}-bootstrap"),
            backup: format!("{n}-backup"),
            backup_config: format!("{n}-backup"),
        }
    }

    /// The claim the StatefulSet creates for pod `ordinal` (`<template>-<statefulset>-<ordinal>`).
    pub fn claim(&self, ordinal: u32) -> String {
        format!("data-{}-{ordinal}", self.statefulset)
    }

    /// PersistentVolumes are cluster-scoped, so their names carry the namespace.
    pub fn persistent_volume(&self, namespace: &str, ordinal: u32) -> String {
        format!("{namespace}-{}-data-{ordinal}", self.statefulset)
    }
}

/// `<headless>.<namespace>.svc.<clusterDomain>`: the domain under which pod N is `<sts>-N`.
pub fn peer_domain(v: &Values, names: &Names) -> String {
    format!("{}.{}.svc.{}", names.headless, v.namespace, v.cluster_domain)
}
