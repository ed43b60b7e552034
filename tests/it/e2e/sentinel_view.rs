//! What a Sentinel deployment looks like from outside: each Redis's role, each Sentinel's
//! view of the master, and connections to them (plain or TLS, as the bundle runs).

use std::time::Duration;

use super::sentinel::{Role, SentinelSet};
use super::tls::Access;

impl SentinelSet {
    pub fn role(&self, ordinal: u32) -> Result<Role, String> {
        role_of(&self.access, &self.pods[&ordinal].ip, self.redis_port(), &self.password())
    }

    /// Whether pod `ordinal` is Ready: the rendered readiness probes of both containers pass,
    /// run inside the containers as the kubelet would.
    pub fn ready(&self, ordinal: u32) -> bool {
        let Some(pod) = self.pods.get(&ordinal) else { return false };
        pod.redis.probe("readinessProbe") && pod.sentinel.probe("readinessProbe")
    }

    /// The master host the Sentinel of pod `ordinal` names.
    pub fn sentinel_master(&self, ordinal: u32) -> Result<String, String> {
        let reply: Vec<String> =
            self.sentinel_query(ordinal, &["get-master-addr-by-name", &self.bundle.values.sentinel.master_set])?;
        reply.into_iter().next().ok_or_else(|| "the Sentinel knows no master".into())
    }

    /// The flags the Sentinel of pod `ordinal` has on the master (`master`, `s_down`, ...).
    pub fn master_flags(&self, ordinal: u32) -> Result<String, String> {
        let fields: Vec<String> = self.sentinel_query(ordinal, &["master", &self.bundle.values.sentinel.master_set])?;
        let at = fields.iter().position(|f| f == "flags").ok_or("SENTINEL MASTER has no flags")?;
        fields.get(at + 1).cloned().ok_or_else(|| "SENTINEL MASTER has no flags value".into())
    }

    /// How many other Sentinels and replicas the Sentinel of pod `ordinal` knows.
    pub fn sentinel_peers(&self, ordinal: u32) -> Result<(usize, usize), String> {
        let set = self.bundle.values.sentinel.master_set.clone();
        let sentinels: Vec<redis::Value> = self.sentinel_query(ordinal, &["sentinels", &set])?;
        let replicas: Vec<redis::Value> = self.sentinel_query(ordinal, &["replicas", &set])?;
        Ok((sentinels.len(), replicas.len()))
    }

    fn sentinel_query<T: redis::FromRedisValue>(&self, ordinal: u32, args: &[&str]) -> Result<T, String> {
        let ip = &self.pods.get(&ordinal).ok_or("pod not running")?.ip;
        let mut con = connect(&self.access, ip, self.sentinel_port(), &self.password())?;
        redis::cmd("SENTINEL").arg(args).query(&mut con).map_err(|e| format!("SENTINEL {args:?} at {ip}: {e}"))
    }

    /// The pod whose DNS name is `host`.
    pub fn ordinal_of_host(&self, host: &str) -> Option<u32> {
        self.pods.keys().copied().find(|o| self.bundle.known_name(*o) == host)
    }

    /// As a client does: ask the Sentinels in turn for the master, connect to it by name.
    pub fn master_connection(&self) -> Result<(u32, redis::Connection), String> {
        let mut last = String::from("no pod runs");
        for ordinal in self.pods.keys() {
            match self.sentinel_master(*ordinal) {
                Ok(host) => {
                    let master = self.ordinal_of_host(&host).ok_or_else(|| format!("{host} does not resolve"))?;
                    let con = connect(&self.access, &self.pods[&master].ip, self.redis_port(), &self.password())?;
                    return Ok((master, con));
                }
                Err(e) => last = e,
            }
        }
        Err(last)
    }
}

pub(super) fn connect(access: &Access, ip: &str, port: u32, password: &str) -> Result<redis::Connection, String> {
    let client = access.client(ip, port, password).map_err(|e| e.to_string())?;
    let con =
        client.get_connection_with_timeout(Duration::from_millis(500)).map_err(|e| format!("{ip}:{port}: {e}"))?;
    con.set_read_timeout(Some(Duration::from_secs(2))).map_err(|e| e.to_string())?;
    Ok(con)
}

pub(super) fn role_of(access: &Access, ip: &str, port: u32, password: &str) -> Result<Role, String> {
    let mut con = connect(access, ip, port, password)?;
    let info: String = redis::cmd("INFO").arg("replication").query(&mut con).map_err(|e| e.to_string())?;
    let field = |name: &str| {
        info.lines().find_map(|l| l.strip_prefix(&format!("{name}:"))).map(|v| v.trim().to_owned()).unwrap_or_default()
    };
    match field("role").as_str() {
        "master" => Ok(Role::Master),
        "slave" => Ok(Role::Replica { master: field("master_host"), link_up: field("master_link_status") == "up" }),
        other => Err(format!("unknown role {other:?}")),
    }
}
