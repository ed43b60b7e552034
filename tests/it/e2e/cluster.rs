//! A Redis Cluster of rendered pods: start, stop, restart on new addresses, run the Job.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::engine::Engine;
use super::net::Net;
use super::pods::{Bundle, PodIdentity, Process, Runtime};
use super::tls::Access;

/// One running pod incarnation.
pub struct Pod {
    pub ns: String,
    pub ip: String,
    /// The redis container.
    pub process: Process,
    /// The other containers (the metrics exporter).
    pub sidecars: Vec<Process>,
}

/// What a Job run did.
pub struct JobRun {
    pub success: bool,
    pub log: String,
    pub took: Duration,
}

pub struct Cluster {
    pub engine: Engine,
    pub net: Net,
    pub rt: Runtime,
    pub bundle: Bundle,
    pub pods: BTreeMap<u32, Pod>,
    /// Secret values the harness provides instead of the rendered ones (a wrong password).
    pub secret_overrides: BTreeMap<(String, String), String>,
    /// Every running pod's address, shared with client threads.
    pub addresses: Arc<Mutex<BTreeMap<u32, String>>>,
    /// How the harness's clients connect (TLS when the bundle has it).
    pub access: Access,
}

impl Cluster {
    /// A new set of pods running `engine`; `tag` and `subnet` are unique per test.
    pub fn new(tag: char, subnet: u8, bundle: Bundle, engine: Engine) -> Cluster {
        let (tag, subnet) = engine.place(tag, subnet, bundle.values.tls.enabled);
        let rt = Runtime::new(tag, engine);
        let (access, secret_overrides) = Access::for_bundle(&rt.root, &bundle);
        Cluster {
            net: Net::new(tag, subnet),
            engine,
            rt,
            bundle,
            pods: BTreeMap::new(),
            secret_overrides,
            addresses: Arc::default(),
            access,
        }
    }

    pub fn pod_name(&self, ordinal: u32) -> String {
        format!("{}-{ordinal}", self.bundle.values.name)
    }

    /// The pod's claim: the same directory across restarts, like a PV.
    pub fn data_dir(&self, ordinal: u32) -> PathBuf {
        self.rt.claim(&self.bundle, ordinal)
    }

    /// Starts pod `ordinal` on a new address, from the StatefulSet's pod template.
    pub fn start(&mut self, ordinal: u32) {
        if let Err(e) = self.try_start(ordinal) {
            panic!("pod {ordinal}: {e}");
        }
    }

    /// Starts pod `ordinal`, unless an init container fails (its log is the error).
    pub fn try_start(&mut self, ordinal: u32) -> Result<(), String> {
        assert!(!self.pods.contains_key(&ordinal), "pod {ordinal} already runs");
        let name = self.pod_name(ordinal);
        let (ns, ip) = self.net.host(&format!("p{ordinal}"));
        let data = self.data_dir(ordinal);
        let spec = self.bundle.one("StatefulSet")["spec"]["template"]["spec"].clone();
        let pod = PodIdentity { ns: ns.clone(), name, ip: ip.clone() };
        if let Err(e) = self.rt.run_init_containers(&self.bundle, &pod, &spec, Some(&data), &self.secret_overrides) {
            self.net.remove(&ns);
            return Err(e);
        }
        let process = self.rt.run(&self.bundle, &pod, &spec, Some(&data), &self.secret_overrides);
        let containers = spec["containers"].as_array().map_or(0, Vec::len);
        let sidecars = (1..containers)
            .map(|i| self.rt.run_container(&self.bundle, &pod, &spec, i, Some(&data), &self.secret_overrides))
            .collect();
        self.rt.publish_pod(&self.bundle, ordinal, Some(&ip));
        self.addresses.lock().unwrap().insert(ordinal, ip.clone());
        self.pods.insert(ordinal, Pod { ns, ip, process, sidecars });
        Ok(())
    }

    /// The engine, and `+tls` with TLS, as the timings name the run.
    pub fn label(&self) -> String {
        format!("{}{}", self.engine.name(), if self.access.tls.is_some() { "+tls" } else { "" })
    }

    /// The password rgen's components use now.
    pub fn password(&self) -> String {
        self.bundle.password(&self.secret_overrides)
    }

    /// Stops pod `ordinal` as a pod deletion does (the preStop hook, then SIGTERM), or with
    /// SIGKILL when `crash`, and withdraws its DNS name. Returns how long the hook ran and what
    /// it logged.
    pub fn stop(&mut self, ordinal: u32, crash: bool) -> (Duration, String) {
        let hook = if crash { None } else { self.pods[&ordinal].process.pre_stop(self.bundle.grace_seconds()) };
        self.halt(ordinal, crash);
        hook.unwrap_or_default()
    }

    /// SIGTERM (or SIGKILL) without the hook, then the pod is gone.
    fn halt(&mut self, ordinal: u32, crash: bool) {
        let mut pod = self.pods.remove(&ordinal).unwrap_or_else(|| panic!("pod {ordinal} is not running"));
        self.addresses.lock().unwrap().remove(&ordinal);
        if crash {
            pod.process.kill();
            pod.sidecars.iter_mut().for_each(Process::kill);
        } else {
            pod.process.stop(Duration::from_secs(10));
            pod.sidecars.iter_mut().for_each(|p| p.stop(Duration::from_secs(10)));
        }
        self.rt.publish_pod(&self.bundle, ordinal, None);
        self.net.remove(&pod.ns);
    }

    /// Deletes every pod at once, as a full restart of the StatefulSet: each pod runs its
    /// preStop hook and gets SIGTERM when it returns, all in parallel; then wait for all.
    pub fn stop_all(&mut self) {
        let grace = self.bundle.grace_seconds();
        std::thread::scope(|s| {
            for pod in self.pods.values() {
                s.spawn(move || {
                    pod.process.pre_stop(grace);
                    pod.process.terminate();
                });
            }
        });
        let ordinals: Vec<u32> = self.pods.keys().copied().collect();
        for ordinal in ordinals {
            self.halt(ordinal, false);
        }
    }

    /// Empties pod `ordinal`'s claim, as a lost or re-provisioned volume.
    pub fn wipe(&self, ordinal: u32) {
        self.rt.wipe_claim(&self.bundle, ordinal);
    }

    /// A pod restart: same claim, new address.
    pub fn restart(&mut self, ordinal: u32) {
        self.stop(ordinal, false);
        self.start(ordinal);
    }

    pub fn ip(&self, ordinal: u32) -> &str {
        &self.pods[&ordinal].ip
    }

    pub fn ordinal_of_ip(&self, ip: &str) -> u32 {
        *self.pods.iter().find(|(_, p)| p.ip == ip).unwrap_or_else(|| panic!("no pod has {ip}")).0
    }

    /// Starts the bundle's bootstrap Job in a pod of its own.
    pub fn start_job(&mut self) -> (Process, String) {
        self.start_job_of("bootstrap")
    }

    /// Starts the bundle's Job of `component` in a pod of its own.
    pub fn start_job_of(&mut self, component: &str) -> (Process, String) {
        let (ns, ip) = self.net.host("job");
        let job = self.bundle.job(component);
        let name = format!("{}-x", job["metadata"]["name"].as_str().unwrap());
        let spec = job["spec"]["template"]["spec"].clone();
        let pod = PodIdentity { ns: ns.clone(), name, ip };
        (self.rt.run(&self.bundle, &pod, &spec, None, &self.secret_overrides), ns)
    }

    /// Waits for a Job started with [`start_job`](Self::start_job), bounded by its
    /// activeDeadlineSeconds as Kubernetes would.
    pub fn finish_job(&mut self, (mut process, ns): (Process, String)) -> JobRun {
        let deadline =
            Duration::from_secs(self.bundle.job("bootstrap")["spec"]["activeDeadlineSeconds"].as_u64().unwrap());
        let status = process.wait_for(deadline);
        let took = process.started.elapsed();
        let log = process.log_text();
        drop(process);
        self.net.remove(&ns);
        JobRun { success: status.is_some_and(|s| s.success()), log, took }
    }

    pub fn run_job(&mut self) -> JobRun {
        let job = self.start_job();
        self.finish_job(job)
    }

    /// Pods started from now on run `engine`, as after a change of the image.
    pub fn set_engine(&mut self, engine: Engine) {
        self.engine = engine;
        self.rt.set_engine(engine);
    }

    /// Checks that every running pod's Redis is the engine this set runs.
    pub fn assert_engine(&self) {
        self.engine.assert_ran(self.pods.iter().map(|(o, p)| (*o, p.process.log_text())));
    }

    /// All logs, for a failing assertion.
    pub fn logs(&self) -> String {
        self.pods.iter().map(|(o, p)| format!("----- pod {o} ({}) -----\n{}", p.ip, p.process.log_text())).collect()
    }
}

/// Polls `f` every 200 ms until it returns `Ok`, for at most `timeout`; returns how long it took.
pub fn eventually<T>(what: &str, timeout: Duration, mut f: impl FnMut() -> Result<T, String>) -> (T, Duration) {
    let start = Instant::now();
    let mut last = String::new();
    while start.elapsed() < timeout {
        match f() {
            Ok(v) => return (v, start.elapsed()),
            Err(e) => last = e,
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    panic!("{what}: not reached within {timeout:?}; last: {last}");
}
