//! Runs the containers of the rendered bundle as real processes: command, args and env exactly
//! as rendered (fieldRefs and secretKeyRefs resolved), ConfigMap files at their mount paths,
//! emptyDirs as tmpfs, the claim as a per-pod directory, a read-only root filesystem, the pod's
//! user and groups, and /etc/hosts as the cluster DNS.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

pub use super::bundle::Bundle;
use super::bundle::secret_value;
use super::engine::{Engine, engine_bin, engine_path};
use super::kubelet::{entrypoint, written_by_init};
pub use super::process::Process;
use super::secret_volume::SecretVolume;

/// Where a container runs: its network namespace, pod name and pod IP.
pub struct PodIdentity {
    pub ns: String,
    pub name: String,
    pub ip: String,
}

/// Files, directories and the DNS view shared by every container of one test.
pub struct Runtime {
    pub root: PathBuf,
    /// Every Secret volume written so far, so that a changed Secret reaches running containers.
    pub(super) secret_volumes: Vec<SecretVolume>,
    pub(super) hosts: PathBuf,
    dns: BTreeMap<String, String>,
    runs: u32,
    /// The containers' PATH: the engine's binaries first.
    path: String,
    /// The node's address (`status.hostIP`), in the suites that have a node (NodePort).
    pub host_ip: Option<String>,
}

impl Runtime {
    pub fn new(tag: char, engine: Engine) -> Runtime {
        let root = std::env::temp_dir().join(format!("rgen-e2e-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(&root).expect("test root");
        let hosts = root.join("hosts");
        let path = engine_path(&root, engine);
        let rt =
            Runtime { root, secret_volumes: Vec::new(), hosts, dns: BTreeMap::new(), runs: 0, path, host_ip: None };
        rt.write_hosts();
        rt
    }

    /// Containers started from now on run `engine`, as after a change of the image.
    pub fn set_engine(&mut self, engine: Engine) {
        self.path = engine_path(&self.root, engine);
    }

    /// The logs of every container started so far, stopped ones included, oldest first.
    pub fn all_logs(&self) -> String {
        let mut runs: Vec<(u32, PathBuf)> = fs::read_dir(&self.root)
            .expect("test root")
            .filter_map(|e| {
                let path = e.ok()?.path();
                let n = path.file_name()?.to_str()?.strip_prefix("run-")?.split('-').next()?.parse().ok()?;
                Some((n, path))
            })
            .collect();
        runs.sort();
        runs.iter()
            .map(|(_, dir)| {
                format!("----- {} -----\n{}", dir.display(), fs::read_to_string(dir.join("log")).unwrap_or_default())
            })
            .collect()
    }

    /// Pod `ordinal`'s claim: one directory across restarts, like a PV, owned by the pod's user.
    pub fn claim(&self, bundle: &Bundle, ordinal: u32) -> PathBuf {
        let dir = self.root.join(format!("pv-{ordinal}"));
        if !dir.exists() {
            fs::create_dir_all(&dir).unwrap();
            let s = &bundle.values.security;
            std::os::unix::fs::chown(&dir, Some(s.run_as_user), Some(s.fs_group)).unwrap();
        }
        dir
    }

    /// Empties pod `ordinal`'s claim, as a lost or re-provisioned volume.
    pub fn wipe_claim(&self, bundle: &Bundle, ordinal: u32) {
        for entry in fs::read_dir(self.claim(bundle, ordinal)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() { fs::remove_dir_all(path).unwrap() } else { fs::remove_file(path).unwrap() }
        }
    }

    /// Publishes (or with `None`, withdraws) a DNS name, as the headless Service does.
    pub fn set_dns(&mut self, name: &str, ip: Option<&str>) {
        match ip {
            Some(ip) => self.dns.insert(name.to_owned(), ip.to_owned()),
            None => self.dns.remove(name),
        };
        self.write_hosts();
    }

    /// Rewrites the hosts file in place: the containers bind-mount this very inode.
    fn write_hosts(&self) {
        let mut text = String::from("127.0.0.1 localhost\n");
        for (name, ip) in &self.dns {
            text.push_str(&format!("{ip} {name}\n"));
        }
        let mut f = OpenOptions::new().create(true).write(true).truncate(true).open(&self.hosts).expect("hosts file");
        f.write_all(text.as_bytes()).expect("hosts written");
    }

    /// Starts the first container of `pod_spec` in namespace `ns` as pod `pod_name` with `ip`.
    /// `data` stands in for the pod's claim; `secrets` overrides Secret values by (name, key).
    pub fn run(
        &mut self,
        bundle: &Bundle,
        pod: &PodIdentity,
        pod_spec: &Value,
        data: Option<&Path>,
        secrets: &BTreeMap<(String, String), String>,
    ) -> Process {
        self.run_container(bundle, pod, pod_spec, 0, data, secrets)
    }

    /// Starts container `index` of `pod_spec`; the containers of one pod share its namespace,
    /// its address and its claim, as in Kubernetes.
    pub fn run_container(
        &mut self,
        bundle: &Bundle,
        pod: &PodIdentity,
        pod_spec: &Value,
        index: usize,
        data: Option<&Path>,
        secrets: &BTreeMap<(String, String), String>,
    ) -> Process {
        self.start(bundle, pod, pod_spec, &pod_spec["containers"][index], data, secrets)
    }

    pub(super) fn start(
        &mut self,
        bundle: &Bundle,
        pod: &PodIdentity,
        pod_spec: &Value,
        container: &Value,
        data: Option<&Path>,
        secrets: &BTreeMap<(String, String), String>,
    ) -> Process {
        let (ns, pod_name, ip) = (pod.ns.as_str(), pod.name.as_str(), pod.ip.as_str());
        self.runs += 1;
        let container_name = container["name"].as_str().expect("container name");
        let dir = self.root.join(format!("run-{}-{pod_name}-{container_name}", self.runs));
        fs::create_dir_all(&dir).expect("run dir");
        let security = &pod_spec["securityContext"];
        let uid = security["runAsUser"].as_u64().expect("runAsUser");
        let gid = security["runAsGroup"].as_u64().expect("runAsGroup");
        let fs_group = security["fsGroup"].as_u64().expect("fsGroup");
        assert_eq!(container["securityContext"]["runAsNonRoot"], true);

        // A bind mount fails now and then with EBUSY while many containers start at once (seen
        // once in CI on /auth); a kubelet would retry the pod, the harness retries the mount.
        let retry = "retry() { n=0; until \"$@\"; do n=$((n + 1)); [ $n -lt 5 ] || return 1; sleep 0.2; done; }";
        let mut setup = vec![
            "set -e".to_owned(),
            retry.to_owned(),
            format!("retry mount --bind '{}' /etc/hosts", self.hosts.display()),
        ];
        // emptyDirs last: a tmpfs on /tmp would hide the test's files that later mounts bind.
        let mut empty_dirs = Vec::new();
        for mount in container["volumeMounts"].as_array().expect("volumeMounts") {
            let name = mount["name"].as_str().unwrap();
            let path = mount["mountPath"].as_str().unwrap();
            fs::create_dir_all(path).expect("mount point on the host");
            let volume = pod_spec["volumes"].as_array().into_iter().flatten().find(|v| v["name"] == name);
            match volume {
                Some(v) if v.get("configMap").is_some() => {
                    let cm = bundle.named("ConfigMap", v["configMap"]["name"].as_str().unwrap());
                    let target = dir.join(format!("vol-{name}"));
                    fs::create_dir_all(&target).unwrap();
                    let mode = v["configMap"]["defaultMode"].as_u64().unwrap_or(0o644) as u32;
                    for (file, text) in cm["data"].as_object().unwrap() {
                        let p = target.join(file);
                        fs::write(&p, text.as_str().unwrap()).unwrap();
                        fs::set_permissions(&p, fs::Permissions::from_mode(mode)).unwrap();
                    }
                    setup.push(format!("retry mount --bind '{}' '{path}'", target.display()));
                    if mount["readOnly"] == true {
                        setup.push(format!("retry mount -o remount,bind,ro '{path}'"));
                    }
                }
                Some(v) if v.get("secret").is_some() => {
                    let volume = SecretVolume::new(&v["secret"], dir.join(format!("vol-{name}")), fs_group as u32);
                    volume.write(|key| {
                        let id = (volume.secret.clone(), key.to_owned());
                        secrets.get(&id).cloned().unwrap_or_else(|| secret_value(bundle, &id.0, &id.1))
                    });
                    setup.push(format!("retry mount --bind '{}' '{path}'", volume.dir.display()));
                    setup.push(format!("retry mount -o remount,bind,ro '{path}'"));
                    self.secret_volumes.push(volume);
                }
                // An emptyDir an init container writes is the pod's, shared by its containers.
                Some(v) if v.get("emptyDir").is_some() && written_by_init(pod_spec, name) => {
                    let shared = self.root.join(format!("pod-{ns}")).join(name);
                    fs::create_dir_all(&shared).unwrap();
                    fs::set_permissions(&shared, fs::Permissions::from_mode(0o1777)).unwrap();
                    empty_dirs.push(format!("retry mount --bind '{}' '{path}'", shared.display()));
                }
                Some(v) if v.get("emptyDir").is_some() => {
                    empty_dirs.push(format!("mount -t tmpfs -o mode=1777,size=64m tmpfs '{path}'"));
                }
                Some(v) if v.get("persistentVolumeClaim").is_some() => {
                    let claim =
                        super::store::claim_dir(&self.root, v["persistentVolumeClaim"]["claimName"].as_str().unwrap());
                    setup.push(format!("retry mount --bind '{}' '{path}'", claim.display()));
                }
                Some(v) => panic!("the harness does not know volume {v}"),
                None => {
                    let data = data.expect("a claim-backed mount needs a data directory");
                    setup.push(format!("retry mount --bind '{}' '{path}'", data.display()));
                }
            }
        }
        // /tmp last of all: the sources of the other mounts are under the test root in /tmp.
        empty_dirs.sort_by_key(|m| m.ends_with("'/tmp'"));
        setup.append(&mut empty_dirs);
        setup.push(format!("hostname '{pod_name}'"));
        if container["securityContext"]["readOnlyRootFilesystem"] == true {
            setup.push("mount -o remount,bind,ro /".to_owned());
        }
        setup.push(format!("exec setpriv --reuid={uid} --regid={gid} --groups={fs_group} -- \"$@\""));

        let mut env = BTreeMap::new();
        env.insert("PATH".to_owned(), self.path.clone());
        for var in container["env"].as_array().into_iter().flatten() {
            let name = var["name"].as_str().unwrap().to_owned();
            let value = if let Some(v) = var.get("value") {
                v.as_str().unwrap().to_owned()
            } else if let Some(field) = var.pointer("/valueFrom/fieldRef/fieldPath") {
                match field.as_str().unwrap() {
                    "metadata.name" => pod_name.to_owned(),
                    "status.podIP" => ip.to_owned(),
                    "status.hostIP" => self.host_ip.clone().expect("a suite with node ports sets the node's address"),
                    other => panic!("the harness does not know fieldRef {other}"),
                }
            } else if let Some(secret) = var.pointer("/valueFrom/secretKeyRef") {
                let key = (secret["name"].as_str().unwrap().to_owned(), secret["key"].as_str().unwrap().to_owned());
                secrets.get(&key).cloned().unwrap_or_else(|| secret_value(bundle, &key.0, &key.1))
            } else {
                panic!("the harness does not know env {var}");
            };
            env.insert(name, value);
        }

        let command: Vec<String> = container["command"]
            .as_array()
            .cloned()
            .unwrap_or_else(|| entrypoint(container))
            .iter()
            .chain(container["args"].as_array().into_iter().flatten())
            .map(|s| s.as_str().unwrap().to_owned())
            .collect();
        let log = dir.join("log");
        let out = File::create(&log).unwrap();
        let child = Command::new("ip")
            .args([
                "netns",
                "exec",
                ns,
                "unshare",
                "--mount",
                "--uts",
                "--propagation",
                "private",
                "sh",
                "-c",
                &setup.join("\n"),
                "sh",
            ])
            .args(&command)
            .env_clear()
            .envs(&env)
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .process_group(0)
            .spawn()
            .expect("container starts");
        Process::new(child, log, container.clone(), env, [uid, gid, fs_group])
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(engine_bin(&self.root, Engine::Valkey));
        if std::env::var_os("RGEN_E2E_KEEP").is_none() {
            let _ = fs::remove_dir_all(&self.root);
        }
    }
}
