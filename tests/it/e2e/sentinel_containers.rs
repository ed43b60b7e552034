//! What the kubelet does for a Sentinel pod's containers besides starting the pod: restart
//! one that exited, and run a Job (the smoke test, a scale-in's drain) in a pod of its own.

use std::time::Duration;

use super::pods::PodIdentity;
use super::sentinel::SentinelSet;

impl SentinelSet {
    /// Runs the bundle's smoke-test Job in a pod of its own; returns whether it passed, and its
    /// log.
    pub fn run_smoke_test(&mut self) -> (bool, String) {
        self.run_job_of("smoke-test", Duration::from_secs(120))
    }

    /// Runs the bundle's Job of `component` (`bootstrap` is the drain Job of a scale-in) in a
    /// pod of its own, for at most `limit`; returns whether it succeeded, and its log.
    pub fn run_job_of(&mut self, component: &str, limit: Duration) -> (bool, String) {
        let (ns, ip) = self.net.host("job");
        let job = self.bundle.job(component);
        let name = format!("{}-x", job["metadata"]["name"].as_str().unwrap());
        let spec = job["spec"]["template"]["spec"].clone();
        let pod = PodIdentity { ns: ns.clone(), name, ip };
        let mut process = self.rt.run_container(&self.bundle, &pod, &spec, 0, None, &self.secret_overrides);
        let status = process.wait_for(limit);
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
}
