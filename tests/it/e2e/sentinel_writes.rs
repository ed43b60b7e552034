//! A Sentinel-aware client for the [`Writer`]: it asks the Sentinels (of the pods running now)
//! for the master, connects to it by name, and asks again after any error, as Sentinel client
//! libraries do. A write to a demoted master fails with READONLY and sends it back to them.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use super::sentinel::{SentinelSet, connect};
use super::writer::Target;

pub struct SentinelWrites {
    addresses: Arc<Mutex<BTreeMap<u32, String>>>,
    hostnames: Vec<String>,
    master_set: String,
    password: String,
    ports: (u32, u32),
    con: Option<redis::Connection>,
}

impl SentinelWrites {
    pub fn new(s: &SentinelSet) -> SentinelWrites {
        SentinelWrites {
            addresses: s.addresses.clone(),
            hostnames: (0..s.bundle.values.pods()).map(|o| s.bundle.hostname(o)).collect(),
            master_set: s.bundle.values.sentinel.master_set.clone(),
            password: s.password(),
            ports: (s.redis_port(), s.sentinel_port()),
            con: None,
        }
    }

    /// The master's address, from the first Sentinel that names one.
    fn master(&self) -> Result<String, String> {
        let addresses = self.addresses.lock().unwrap().clone();
        for ip in addresses.values() {
            let Ok(mut con) = connect(ip, self.ports.1, &self.password) else { continue };
            let Ok(reply) = redis::cmd("SENTINEL").arg("get-master-addr-by-name").arg(&self.master_set).query::<Option<
                Vec<String>,
            >>(
                &mut con
            ) else {
                continue;
            };
            let Some(host) = reply.and_then(|r| r.into_iter().next()) else { continue };
            let ordinal = self.hostnames.iter().position(|h| *h == host).ok_or(format!("unknown master {host}"))?;
            return addresses.get(&(ordinal as u32)).cloned().ok_or(format!("{host} is not running"));
        }
        Err("no Sentinel names a master".into())
    }

    fn run<T: redis::FromRedisValue>(&mut self, cmd: &redis::Cmd) -> Result<T, String> {
        if self.con.is_none() {
            self.con = Some(connect(&self.master()?, self.ports.0, &self.password)?);
        }
        let result = cmd.query(self.con.as_mut().unwrap()).map_err(|e| e.to_string());
        if result.is_err() {
            self.con = None;
        }
        result
    }
}

impl Target for SentinelWrites {
    fn incr(&mut self, key: &str) -> Result<i64, String> {
        self.run(redis::cmd("INCR").arg(key))
    }

    fn get(&mut self, key: &str) -> Result<Option<i64>, String> {
        self.run(redis::cmd("GET").arg(key))
    }
}
