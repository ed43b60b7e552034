//! A Sentinel deployment of rendered pods: each pod runs its `redis` and `sentinel` containers
//! in one network namespace, sharing its claim. A watcher samples every pod's ROLE while the
//! test runs and records any moment with two masters.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use super::engine::Engine;
use super::net::Net;
use super::pods::{Bundle, PodIdentity, Process, Runtime};
use super::tls::Access;

pub struct Pod {
    pub ns: String,
    pub ip: String,
    pub redis: Process,
    pub sentinel: Process,
    /// The other containers (the metrics exporters).
    pub sidecars: Vec<Process>,
}

/// The role one Redis reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    Master,
    /// A replica, with the master host it replicates and whether its link is up.
    Replica {
        master: String,
        link_up: bool,
    },
}

pub struct SentinelSet {
    pub engine: Engine,
    pub net: Net,
    pub rt: Runtime,
    pub bundle: Bundle,
    pub pods: BTreeMap<u32, Pod>,
    pub addresses: Arc<Mutex<BTreeMap<u32, String>>>,
    watching: Arc<AtomicBool>,
    violations: Arc<Mutex<Vec<String>>>,
    watcher: Option<JoinHandle<()>>,
    /// Secret values the harness provides for Secrets the bundle does not render.
    pub secret_overrides: BTreeMap<(String, String), String>,
    /// The password rgen's components use, as of the last pod start (for the watcher).
    current_password: Arc<Mutex<String>>,
    /// How the harness's clients connect (TLS when the bundle has it).
    pub access: Access,
}

impl SentinelSet {
    /// A new set of pods running `engine`; `tag` and `subnet` are unique per test.
    pub fn new(tag: char, subnet: u8, bundle: Bundle, engine: Engine) -> SentinelSet {
        let (tag, subnet) = engine.place(tag, subnet, bundle.values.tls.enabled);
        let rt = Runtime::new(tag, engine);
        let (access, secret_overrides) = Access::for_bundle(&rt.root, &bundle);
        let mut set = SentinelSet {
            net: Net::new(tag, subnet),
            engine,
            rt,
            bundle,
            pods: BTreeMap::new(),
            addresses: Arc::default(),
            watching: Arc::new(AtomicBool::new(true)),
            violations: Arc::default(),
            watcher: None,
            secret_overrides,
            current_password: Arc::default(),
            access,
        };
        set.watcher = Some(set.spawn_watcher());
        set
    }

    /// The engine, and `+tls` with TLS, as the timings name the run.
    pub fn label(&self) -> String {
        format!("{}{}", self.engine.name(), if self.access.tls.is_some() { "+tls" } else { "" })
    }

    /// The password rgen's components use now.
    pub fn password(&self) -> String {
        self.bundle.password(&self.secret_overrides)
    }

    pub fn redis_port(&self) -> u32 {
        self.bundle.values.redis.port
    }

    pub fn sentinel_port(&self) -> u32 {
        self.bundle.values.sentinel.port
    }

    /// Samples every running pod's ROLE every 100 ms; two masters at once is a violation.
    fn spawn_watcher(&self) -> JoinHandle<()> {
        let (addresses, watching, violations) =
            (self.addresses.clone(), self.watching.clone(), self.violations.clone());
        let (current, port, access) = (self.current_password.clone(), self.redis_port(), self.access.clone());
        std::thread::spawn(move || {
            while watching.load(Ordering::Relaxed) {
                let ips: Vec<(u32, String)> =
                    addresses.lock().unwrap().iter().map(|(o, ip)| (*o, ip.clone())).collect();
                let masters: Vec<u32> = ips
                    .iter()
                    .filter(|(_, ip)| {
                        let password = current.lock().unwrap().clone();
                        matches!(role_of(&access, ip, port, &password), Ok(Role::Master))
                    })
                    .map(|(o, _)| *o)
                    .collect();
                if masters.len() > 1 {
                    let at = chrono_now();
                    violations.lock().unwrap().push(format!("pods {masters:?} were masters at once ({at})"));
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        })
    }

    /// What the watcher saw so far: every moment with more than one master.
    pub fn violations(&self) -> Vec<String> {
        self.violations.lock().unwrap().clone()
    }

    pub fn pod_name(&self, ordinal: u32) -> String {
        format!("{}-{ordinal}", self.bundle.values.name)
    }

    /// The pod's claim: the same directory across restarts, like a PV.
    pub fn data_dir(&self, ordinal: u32) -> PathBuf {
        self.rt.claim(&self.bundle, ordinal)
    }

    /// Empties pod `ordinal`'s claim, as a lost or re-provisioned volume.
    pub fn wipe(&self, ordinal: u32) {
        self.rt.wipe_claim(&self.bundle, ordinal);
    }

    /// Starts pod `ordinal` (both containers) on a new address.
    pub fn start(&mut self, ordinal: u32) {
        assert!(!self.pods.contains_key(&ordinal), "pod {ordinal} already runs");
        let (ns, ip) = self.net.host(&format!("s{ordinal}"));
        let data = self.data_dir(ordinal);
        let spec = self.bundle.one("StatefulSet")["spec"]["template"]["spec"].clone();
        assert_eq!(spec["containers"][1]["name"], "sentinel", "the Sentinel runs beside Redis");
        let pod = PodIdentity { ns: ns.clone(), name: self.pod_name(ordinal), ip: ip.clone() };
        self.rt.set_dns(&self.bundle.hostname(ordinal), Some(&ip));
        *self.current_password.lock().unwrap() = self.password();
        let secrets = &self.secret_overrides;
        self.rt.run_init_containers(&self.bundle, &pod, &spec, Some(&data), secrets);
        let redis = self.rt.run_container(&self.bundle, &pod, &spec, 0, Some(&data), secrets);
        let sentinel = self.rt.run_container(&self.bundle, &pod, &spec, 1, Some(&data), secrets);
        let containers = spec["containers"].as_array().map_or(0, Vec::len);
        let sidecars = (2..containers)
            .map(|i| self.rt.run_container(&self.bundle, &pod, &spec, i, Some(&data), secrets))
            .collect();
        self.addresses.lock().unwrap().insert(ordinal, ip.clone());
        self.pods.insert(ordinal, Pod { ns, ip, redis, sentinel, sidecars });
    }

    /// Runs the bundle's smoke-test Job in a pod of its own; returns whether it passed, and its
    /// log.
    pub fn run_smoke_test(&mut self) -> (bool, String) {
        let (ns, ip) = self.net.host("smoke");
        let job = self.bundle.job("smoke-test");
        let name = format!("{}-x", job["metadata"]["name"].as_str().unwrap());
        let spec = job["spec"]["template"]["spec"].clone();
        let pod = PodIdentity { ns: ns.clone(), name, ip };
        let mut process = self.rt.run_container(&self.bundle, &pod, &spec, 0, None, &self.secret_overrides);
        let status = process.wait_for(Duration::from_secs(120));
        let log = process.log_text();
        drop(process);
        self.net.remove(&ns);
        (status.is_some_and(|s| s.success()), log)
    }

    /// Starts pod `ordinal`'s redis container again if it exited, as the kubelet restarts a
    /// container; returns whether it had exited.
    pub fn restart_redis_if_exited(&mut self, ordinal: u32) -> bool {
        if self.pods.get_mut(&ordinal).unwrap().redis.wait_for(Duration::ZERO).is_none() {
            return false;
        }
        let spec = self.bundle.one("StatefulSet")["spec"]["template"]["spec"].clone();
        let data = self.data_dir(ordinal);
        let pod = &self.pods[&ordinal];
        let identity = PodIdentity { ns: pod.ns.clone(), name: self.pod_name(ordinal), ip: pod.ip.clone() };
        let redis = self.rt.run_container(&self.bundle, &identity, &spec, 0, Some(&data), &self.secret_overrides);
        self.pods.get_mut(&ordinal).unwrap().redis = redis;
        true
    }

    /// Starts pod `ordinal`'s sentinel container again after it exited, as the kubelet restarts
    /// a container: same pod, address and claim.
    pub fn restart_sentinel(&mut self, ordinal: u32) {
        let spec = self.bundle.one("StatefulSet")["spec"]["template"]["spec"].clone();
        let data = self.data_dir(ordinal);
        let pod = &self.pods[&ordinal];
        let identity = PodIdentity { ns: pod.ns.clone(), name: self.pod_name(ordinal), ip: pod.ip.clone() };
        let sentinel = self.rt.run_container(&self.bundle, &identity, &spec, 1, Some(&data), &self.secret_overrides);
        self.pods.get_mut(&ordinal).unwrap().sentinel = sentinel;
    }

    /// Stops pod `ordinal` as a pod deletion does: the sentinel container (no hook) gets SIGTERM
    /// at once, the redis container after its preStop hook; SIGKILL to both when `crash`.
    /// Returns how long the hook ran and what it logged.
    pub fn stop(&mut self, ordinal: u32, crash: bool) -> (Duration, String) {
        let mut hook = None;
        if !crash {
            let pod = &self.pods[&ordinal];
            pod.sentinel.terminate();
            hook = pod.redis.pre_stop(self.bundle.grace_seconds());
        }
        self.halt(ordinal, crash);
        hook.unwrap_or_default()
    }

    /// SIGTERM (or SIGKILL) to both containers, without the hook; then the pod is gone.
    fn halt(&mut self, ordinal: u32, crash: bool) {
        let mut pod = self.pods.remove(&ordinal).unwrap_or_else(|| panic!("pod {ordinal} is not running"));
        self.addresses.lock().unwrap().remove(&ordinal);
        if crash {
            pod.redis.kill();
            pod.sentinel.kill();
            pod.sidecars.iter_mut().for_each(Process::kill);
        } else {
            pod.redis.terminate();
            pod.sentinel.terminate();
            pod.redis.stop(Duration::from_secs(10));
            pod.sentinel.stop(Duration::from_secs(10));
            pod.sidecars.iter_mut().for_each(|p| p.stop(Duration::from_secs(10)));
        }
        self.rt.set_dns(&self.bundle.hostname(ordinal), None);
        self.net.remove(&pod.ns);
    }

    /// Deletes every pod at once, as a full restart of the StatefulSet: every Sentinel gets
    /// SIGTERM, every Redis runs its preStop hook and then gets SIGTERM, all in parallel.
    pub fn stop_all(&mut self) {
        let grace = self.bundle.grace_seconds();
        std::thread::scope(|s| {
            for pod in self.pods.values() {
                pod.sentinel.terminate();
                s.spawn(move || {
                    pod.redis.pre_stop(grace);
                    pod.redis.terminate();
                });
            }
        });
        let ordinals: Vec<u32> = self.pods.keys().copied().collect();
        for ordinal in ordinals {
            self.halt(ordinal, false);
        }
    }

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
        self.pods.keys().copied().find(|o| self.bundle.hostname(*o) == host)
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

    /// Pods started from now on run `engine`, as after a change of the image.
    pub fn set_engine(&mut self, engine: Engine) {
        self.engine = engine;
        self.rt.set_engine(engine);
    }

    /// Checks that every running pod's Redis is the engine this set runs.
    pub fn assert_engine(&self) {
        self.engine.assert_ran(self.pods.iter().map(|(o, p)| (*o, p.redis.log_text())));
    }

    pub fn logs(&self) -> String {
        self.pods
            .iter()
            .map(|(o, p)| {
                format!(
                    "----- pod {o} ({}) redis -----\n{}----- pod {o} sentinel -----\n{}",
                    p.ip,
                    p.redis.log_text(),
                    p.sentinel.log_text()
                )
            })
            .collect()
    }
}

impl Drop for SentinelSet {
    fn drop(&mut self) {
        self.watching.store(false, Ordering::Relaxed);
        if let Some(watcher) = self.watcher.take() {
            let _ = watcher.join();
        }
    }
}

pub(super) fn connect(access: &Access, ip: &str, port: u32, password: &str) -> Result<redis::Connection, String> {
    let client = access.client(ip, port, password).map_err(|e| e.to_string())?;
    let con =
        client.get_connection_with_timeout(Duration::from_millis(500)).map_err(|e| format!("{ip}:{port}: {e}"))?;
    con.set_read_timeout(Some(Duration::from_secs(2))).map_err(|e| e.to_string())?;
    Ok(con)
}

fn role_of(access: &Access, ip: &str, port: u32, password: &str) -> Result<Role, String> {
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

/// The wall-clock time of day (UTC), to match the servers' logs.
fn chrono_now() -> String {
    let d = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let (s, ms) = (d.as_secs() % 86_400, d.subsec_millis());
    format!("{:02}:{:02}:{:02}.{ms:03}", s / 3600, s / 60 % 60, s % 60)
}
