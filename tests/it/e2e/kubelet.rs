//! What the kubelet does around a pod's containers: init containers first, Secret updates into
//! running containers, the entrypoint of an image without a command; and a client pod in the
//! cluster's DNS.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use super::bundle::Bundle;
use super::pods::{PodIdentity, Runtime};

impl Runtime {
    /// Runs `command` in network namespace `ns` with the cluster DNS, as a client pod would.
    pub fn run_client(&self, ns: &str, command: &[&str]) -> std::process::Output {
        let setup = format!("mount --bind '{}' /etc/hosts && exec \"$@\"", self.hosts.display());
        Command::new("ip")
            .args(["netns", "exec", ns, "unshare", "--mount", "--propagation", "private", "sh", "-c", &setup, "sh"])
            .args(command)
            .output()
            .expect("client runs")
    }

    /// Changes Secret values under every container that mounts them, atomically per file, as
    /// the kubelet updates a Secret volume; `values` maps (secret, key) to the new value.
    pub fn update_secret(&self, values: &BTreeMap<(String, String), String>) {
        for volume in &self.secret_volumes {
            if values.keys().any(|(secret, _)| *secret == volume.secret) {
                volume.write(|key| values[&(volume.secret.clone(), key.to_owned())].clone());
            }
        }
    }

    /// Publishes (or withdraws) pod `ordinal`'s names, as the headless Service does: its DNS
    /// name and, with external access, its external name, which inside reaches the pod (as
    /// through its load balancer).
    pub fn publish_pod(&mut self, bundle: &Bundle, ordinal: u32, ip: Option<&str>) {
        self.set_dns(&bundle.hostname(ordinal), ip);
        if let Some(name) = bundle.external_name(ordinal) {
            self.set_dns(&name, ip);
        }
    }

    /// Runs the pod's init containers one after the other, each to its successful end, as the
    /// kubelet does before it starts the containers; the first that fails stops the pod (its
    /// name and log are the error).
    pub fn run_init_containers(
        &mut self,
        bundle: &Bundle,
        pod: &PodIdentity,
        pod_spec: &Value,
        data: Option<&Path>,
        secrets: &BTreeMap<(String, String), String>,
    ) -> Result<(), String> {
        for init in pod_spec["initContainers"].as_array().into_iter().flatten() {
            let mut process = self.start(bundle, pod, pod_spec, init, data, secrets);
            let status = process.wait_for(std::time::Duration::from_secs(120));
            if !status.is_some_and(|s| s.success()) {
                return Err(format!("init container {} failed:\n{}", init["name"], process.log_text()));
            }
        }
        Ok(())
    }
}

/// Whether an init container of the pod mounts volume `name`.
pub(super) fn written_by_init(pod_spec: &Value, name: &str) -> bool {
    let inits = pod_spec["initContainers"].as_array().into_iter().flatten();
    inits.flat_map(|c| c["volumeMounts"].as_array().into_iter().flatten()).any(|m| m["name"] == name)
}

/// The entrypoint of an image rgen renders without a command: the exporter's, which Debian
/// ships as prometheus-redis-exporter.
pub(super) fn entrypoint(container: &Value) -> Vec<Value> {
    let image = container["image"].as_str().unwrap_or_default();
    assert!(image.starts_with("oliver006/redis_exporter:"), "the harness does not know the entrypoint of {image}");
    vec![Value::from("prometheus-redis-exporter")]
}
