//! What the cluster looks like from the outside, through the `redis` crate: one connection per
//! node for CLUSTER NODES/INFO, and a real cluster client for keys.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use redis::cluster::{ClusterClient, ClusterConnection};

use super::tls::Access;

use super::cluster::Cluster;
use super::writer::Target;

/// One line of CLUSTER NODES.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub id: String,
    pub ip: String,
    pub flags: String,
    pub master: String,
    pub link: String,
    pub slots: String,
}

impl Node {
    pub fn is_master(&self) -> bool {
        self.flags.contains("master")
    }
}

/// One command on the node at `ip`, its reply as text.
pub fn command(cluster: &Cluster, ip: &str, args: &[&str]) -> Result<String, String> {
    let port = cluster.bundle.values.redis.port;
    let client = cluster.access.client(ip, port, &cluster.password()).map_err(|e| e.to_string())?;
    let mut con = client.get_connection_with_timeout(Duration::from_secs(2)).map_err(|e| format!("{ip}: {e}"))?;
    con.set_read_timeout(Some(Duration::from_secs(3))).map_err(|e| e.to_string())?;
    let mut cmd = redis::cmd(args[0]);
    for a in &args[1..] {
        cmd.arg(*a);
    }
    cmd.query::<String>(&mut con).map_err(|e| format!("{ip}: {args:?}: {e}"))
}

/// INFO `section` of the node at `ip`.
pub fn info(cluster: &Cluster, ip: &str, section: &str) -> Result<String, String> {
    command(cluster, ip, &["INFO", section])
}

/// CLUSTER NODES as seen by the node at `ip`.
pub fn nodes(cluster: &Cluster, ip: &str) -> Result<Vec<Node>, String> {
    let text = command(cluster, ip, &["CLUSTER", "NODES"])?;
    Ok(text
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split(' ').collect();
            let addr = f[1].split('@').next().unwrap_or("");
            Node {
                id: f[0].into(),
                ip: addr.rsplit_once(':').map_or("", |(ip, _)| ip).into(),
                flags: f[2].into(),
                master: f[3].into(),
                link: f[7].into(),
                slots: f[8..].join(" "),
            }
        })
        .collect())
}

/// Node ID → slots of every master, from `ip`'s view: what must not change on a no-op run.
pub fn slot_map(cluster: &Cluster, ip: &str) -> Result<BTreeMap<String, String>, String> {
    Ok(nodes(cluster, ip)?.into_iter().filter(|n| n.is_master()).map(|n| (n.id, n.slots)).collect())
}

/// Checks that every running pod sees a healthy cluster of `masters` × `replicas`, all pods
/// members, none failed, all 16384 slots served.
pub fn healthy(cluster: &Cluster, masters: usize, replicas: usize) -> Result<(), String> {
    let pods = cluster.pods.len();
    for (ordinal, pod) in &cluster.pods {
        let info = command(cluster, &pod.ip, &["CLUSTER", "INFO"])?;
        for want in [
            "cluster_state:ok",
            "cluster_slots_assigned:16384",
            "cluster_slots_ok:16384",
            &format!("cluster_known_nodes:{pods}"),
        ] {
            if !info.lines().any(|l| l.trim() == want) {
                return Err(format!("pod {ordinal}: no {want}"));
            }
        }
        let table = nodes(cluster, &pod.ip)?;
        if let Some(bad) =
            table.iter().find(|n| n.flags.contains("fail") || n.link != "connected" || n.flags.contains("handshake"))
        {
            return Err(format!("pod {ordinal} sees {bad:?}"));
        }
        let owners: Vec<&Node> = table.iter().filter(|n| n.is_master() && !n.slots.is_empty()).collect();
        if owners.len() != masters {
            return Err(format!("pod {ordinal} sees {} masters with slots, expected {masters}", owners.len()));
        }
        for m in owners {
            let count = table.iter().filter(|n| n.master == m.id).count();
            if count != replicas {
                return Err(format!("pod {ordinal}: master {} has {count} replicas, expected {replicas}", m.ip));
            }
        }
        // With node ports every node is known by its node's address, which outlives the pods'.
        let addresses: Vec<&str> = table.iter().map(|n| n.ip.as_str()).collect();
        if cluster.bundle.values.external_access.node_ports() {
            continue;
        }
        if let Some(stale) = cluster.pods.values().map(|p| p.ip.as_str()).find(|ip| !addresses.contains(ip)) {
            return Err(format!("pod {ordinal} does not know the current address {stale}"));
        }
    }
    Ok(())
}

/// Waits until every replica is online with its master's replication offset, so that a
/// disruption measures failover, not the first sync.
pub fn replicas_synced(cluster: &Cluster) -> Result<(), String> {
    for pod in cluster.pods.values() {
        let info = command(cluster, &pod.ip, &["INFO", "replication"])?;
        if !info.contains("role:master") {
            continue;
        }
        let offset = info.lines().find_map(|l| l.trim().strip_prefix("master_repl_offset:")).unwrap_or("?").to_owned();
        for line in info.lines().filter(|l| l.starts_with("slave")) {
            if !line.contains("state=online") || !line.contains(&format!("offset={offset},")) {
                return Err(format!("{}: replica not in sync: {line} (master offset {offset})", pod.ip));
            }
        }
    }
    Ok(())
}

/// A real cluster client (redis crate, cluster feature) writing and reading keys.
pub struct Keys {
    pub written: BTreeMap<String, String>,
}

impl Keys {
    fn client(cluster: &Cluster) -> Result<ClusterClient, String> {
        let ips: Vec<String> = cluster.pods.values().map(|p| p.ip.clone()).collect();
        cluster
            .access
            .cluster_client(&ips, cluster.bundle.values.redis.port, &cluster.password())
            .connection_timeout(Duration::from_secs(2))
            .response_timeout(Duration::from_secs(3))
            .retries(6)
            .build()
            .map_err(|e| e.to_string())
    }

    /// Writes `count` keys spread over all slots; each write is acknowledged before it counts.
    pub fn write(cluster: &Cluster, prefix: &str, count: usize) -> Result<Keys, String> {
        let mut con = Self::client(cluster)?.get_connection().map_err(|e| e.to_string())?;
        let mut written = BTreeMap::new();
        for i in 0..count {
            let (k, v) = (format!("{prefix}:{i}"), format!("value-{prefix}-{i}"));
            redis::cmd("SET").arg(&k).arg(&v).query::<()>(&mut con).map_err(|e| format!("SET {k}: {e}"))?;
            written.insert(k, v);
        }
        Ok(Keys { written })
    }

    /// Reads every acknowledged key back; any missing or different value is an error.
    pub fn verify(&self, cluster: &Cluster) -> Result<(), String> {
        let mut con = Self::client(cluster)?.get_connection().map_err(|e| e.to_string())?;
        for (k, v) in &self.written {
            let got: Option<String> = redis::cmd("GET").arg(k).query(&mut con).map_err(|e| format!("GET {k}: {e}"))?;
            if got.as_deref() != Some(v.as_str()) {
                return Err(format!("{k}: expected {v:?}, got {got:?}"));
            }
        }
        Ok(())
    }
}

/// A cluster client for the [`Writer`](super::writer::Writer): built from the pods' current
/// addresses, and again after any error or a change of `password`, as an application
/// reconnects.
pub struct ClusterWrites {
    addresses: Arc<Mutex<BTreeMap<u32, String>>>,
    /// The password the client uses; the test may change it (a password rotation).
    pub password: Arc<Mutex<String>>,
    port: u32,
    access: Access,
    con: Option<(ClusterConnection, String)>,
}

impl ClusterWrites {
    pub fn new(cluster: &Cluster) -> ClusterWrites {
        ClusterWrites {
            addresses: cluster.addresses.clone(),
            password: Arc::new(Mutex::new(cluster.password())),
            port: cluster.bundle.values.redis.port,
            access: cluster.access.clone(),
            con: None,
        }
    }
}

impl Target for ClusterWrites {
    fn query(&mut self, cmd: &redis::Cmd) -> Result<redis::Value, String> {
        let password = self.password.lock().unwrap().clone();
        if self.con.as_ref().is_none_or(|(_, with)| *with != password) {
            let ips: Vec<String> = self.addresses.lock().unwrap().values().cloned().collect();
            let client = self
                .access
                .cluster_client(&ips, self.port, &password)
                .connection_timeout(Duration::from_millis(500))
                .response_timeout(Duration::from_secs(2))
                .retries(2)
                .min_retry_wait(10)
                .max_retry_wait(100)
                .build()
                .map_err(|e| e.to_string())?;
            self.con = Some((client.get_connection().map_err(|e| e.to_string())?, password));
        }
        let result = cmd.query(&mut self.con.as_mut().unwrap().0).map_err(|e| e.to_string());
        if result.is_err() {
            self.con = None;
        }
        result
    }
}
