//! A Sentinel-aware client for the [`Writer`]: it asks the Sentinels (of the pods running now)
//! for the master, connects to it by name, and asks again after any error or a change of
//! password, as Sentinel client libraries do. A write to a demoted master fails with READONLY and sends it back to them.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use super::sentinel::{SentinelSet, connect};
use super::tls::Access;
use super::writer::Target;

pub struct SentinelWrites {
    addresses: Arc<Mutex<BTreeMap<u32, String>>>,
    hostnames: Vec<String>,
    master_set: String,
    /// The password the client uses; the test may change it (a password rotation).
    pub password: Arc<Mutex<String>>,
    ports: (u32, u32),
    access: Access,
    con: Option<(redis::Connection, String)>,
}

impl SentinelWrites {
    pub fn new(s: &SentinelSet) -> SentinelWrites {
        SentinelWrites {
            addresses: s.addresses.clone(),
            hostnames: (0..s.bundle.values.pods()).map(|o| s.bundle.known_name(o)).collect(),
            master_set: s.bundle.values.sentinel.master_set.clone(),
            password: Arc::new(Mutex::new(s.password())),
            ports: (s.redis_port(), s.sentinel_port()),
            access: s.access.clone(),
            con: None,
        }
    }

    /// The master's address, from the first Sentinel that names one.
    fn master(&self, password: &str) -> Result<String, String> {
        let addresses = self.addresses.lock().unwrap().clone();
        let mut last = String::from("no Sentinel names a master");
        for ip in addresses.values() {
            let mut con = match connect(&self.access, ip, self.ports.1, password) {
                Ok(con) => con,
                Err(e) => {
                    last = e;
                    continue;
                }
            };
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
        Err(last)
    }
}

impl Target for SentinelWrites {
    fn query(&mut self, cmd: &redis::Cmd) -> Result<redis::Value, String> {
        let password = self.password.lock().unwrap().clone();
        if self.con.as_ref().is_none_or(|(_, with)| *with != password) {
            self.con = Some((connect(&self.access, &self.master(&password)?, self.ports.0, &password)?, password));
        }
        let result = cmd.query(&mut self.con.as_mut().unwrap().0).map_err(|e| e.to_string());
        if result.is_err() {
            self.con = None;
        }
        result
    }
}
