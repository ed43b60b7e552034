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
pub(super) use super::sentinel_view::connect;
use super::sentinel_view::role_of;
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
        self.rt.publish_pod(&self.bundle, ordinal, Some(&ip));
        *self.current_password.lock().unwrap() = self.password();
        let secrets = &self.secret_overrides;
        if let Err(e) = self.rt.run_init_containers(&self.bundle, &pod, &spec, Some(&data), secrets) {
            panic!("pod {ordinal}: {e}");
        }
        let redis = self.rt.run_container(&self.bundle, &pod, &spec, 0, Some(&data), secrets);
        let sentinel = self.rt.run_container(&self.bundle, &pod, &spec, 1, Some(&data), secrets);
        let containers = spec["containers"].as_array().map_or(0, Vec::len);
        let sidecars = (2..containers)
            .map(|i| self.rt.run_container(&self.bundle, &pod, &spec, i, Some(&data), secrets))
            .collect();
        self.addresses.lock().unwrap().insert(ordinal, ip.clone());
        self.pods.insert(ordinal, Pod { ns, ip, redis, sentinel, sidecars });
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
        self.rt.publish_pod(&self.bundle, ordinal, None);
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

/// The wall-clock time of day (UTC), to match the servers' logs.
fn chrono_now() -> String {
    let d = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let (s, ms) = (d.as_secs() % 86_400, d.subsec_millis());
    format!("{:02}:{:02}:{:02}.{ms:03}", s / 3600, s / 60 % 60, s % 60)
}
