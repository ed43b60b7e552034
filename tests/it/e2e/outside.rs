//! The outside of Kubernetes for the external-access suites: a network namespace that reaches
//! the pods only through per-pod "load balancers" (DNAT from 10.214.x.y to each pod, on the
//! ports given), resolves only the external names (its own /etc/hosts), and runs a Python client
//! there.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::cluster::eventually;
use super::net::{Net, sh};

/// The outside: a network namespace, its hosts file, and the load balancers' rules.
pub struct Outside {
    ns: String,
    hosts: PathBuf,
    pub dir: PathBuf,
    client: Option<Child>,
}

impl Outside {
    /// A namespace on the test's bridge where `names[o]` resolves to pod o's load balancer.
    pub fn new(net: &mut Net, root: &Path, names: &[String]) -> Outside {
        let (ns, _) = net.host("outside");
        let subnet = net.subnet();
        sh(&["ip", "-n", &ns, "route", "add", &format!("10.214.{subnet}.0/24"), "dev", "eth0"]);
        // The pods' own addresses are unreachable from outside, but through a load balancer.
        let pods = format!("10.213.{subnet}.0/24");
        let block = ["-A", "OUTPUT", "-d", &pods, "-m", "conntrack", "!", "--ctstate", "DNAT", "-j", "REJECT"];
        sh(&[&["ip", "netns", "exec", &ns, "iptables"][..], &block[..]].concat());
        let dir = root.join("outside");
        fs::create_dir_all(&dir).unwrap();
        let mut hosts = String::from("127.0.0.1 localhost\n");
        for (o, name) in names.iter().enumerate() {
            hosts.push_str(&format!("10.214.{subnet}.{} {name}\n", 10 + o));
        }
        fs::write(dir.join("hosts"), hosts).unwrap();
        Outside { ns, hosts: dir.join("hosts"), dir, client: None }
    }

    /// Lets the outside reach `ip` on the pods' network (a node, for node ports).
    pub fn allow(&self, ip: &str) {
        sh(&["ip", "netns", "exec", &self.ns, "iptables", "-I", "OUTPUT", "1", "-d", ip, "-j", "ACCEPT"]);
    }

    /// Points each load balancer (`ports`) at its pod's current address, as a cloud
    /// controller updates its endpoints.
    pub fn retarget(&self, subnet: u8, pods: impl Iterator<Item = (u32, String)>, ports: &[u32]) {
        sh(&["ip", "netns", "exec", &self.ns, "iptables", "-t", "nat", "-F", "OUTPUT"]);
        for (o, ip) in pods {
            let lb = format!("10.214.{subnet}.{}", 10 + o);
            for port in ports.iter().map(u32::to_string) {
                let to = format!("{ip}:{port}");
                let nat = ["-t", "nat", "-A", "OUTPUT", "-d", &lb, "-p", "tcp", "--dport", &port];
                let rule = [
                    &["ip", "netns", "exec", &self.ns, "iptables"][..],
                    &nat[..],
                    &["-j", "DNAT", "--to-destination", &to][..],
                ];
                sh(&rule.concat());
            }
        }
    }

    /// A file holding `password`, for the client.
    pub fn password_file(&self, password: &str) -> String {
        let file = self.dir.join("password");
        fs::write(&file, password).unwrap();
        file.display().to_string()
    }

    /// Starts a Python client (RGEN_E2E_PYTHON) with `args` (the script first) in the
    /// namespace, its /etc/hosts the external names.
    pub fn start(&mut self, args: &[String]) {
        let python = std::env::var("RGEN_E2E_PYTHON").expect("RGEN_E2E_PYTHON (scripts/test.sh sets it)");
        let setup = format!("mount --bind '{}' /etc/hosts && exec \"$@\"", self.hosts.display());
        let log = fs::File::create(self.dir.join("client.log")).unwrap();
        let child = Command::new("ip")
            .args([
                "netns",
                "exec",
                &self.ns,
                "unshare",
                "--mount",
                "--propagation",
                "private",
                "sh",
                "-c",
                &setup,
                "sh",
            ])
            .arg(python)
            .args(args)
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .stdin(Stdio::null())
            .spawn()
            .expect("the outside client starts");
        self.client = Some(child);
    }

    pub fn log(&self) -> String {
        fs::read_to_string(self.dir.join("client.log")).unwrap_or_default()
    }

    /// Waits until the client's log has a line containing `what`; returns that line.
    pub fn wait_for(&mut self, what: &str, limit: Duration) -> String {
        let (line, _) = eventually(&format!("the outside client says {what:?}"), limit, || {
            if let Some(status) = self.client.as_mut().unwrap().try_wait().unwrap() {
                panic!("the outside client exited ({status}):\n{}", self.log());
            }
            self.log().lines().find(|l| l.contains(what)).map(str::to_owned).ok_or_else(|| "not yet".to_owned())
        });
        line
    }

    /// Stops the client's writes; returns its final report.
    pub fn finish(&mut self) -> serde_json::Value {
        fs::write(self.dir.join("stop"), "").unwrap();
        let start = Instant::now();
        let mut child = self.client.take().unwrap();
        while child.try_wait().unwrap().is_none() {
            assert!(start.elapsed() < Duration::from_secs(120), "the outside client did not stop:\n{}", self.log());
            std::thread::sleep(Duration::from_millis(200));
        }
        let log = self.log();
        let last = log.lines().last().unwrap_or_default();
        serde_json::from_str(last).unwrap_or_else(|e| panic!("the client's report: {e}\n{log}"))
    }
}

impl Drop for Outside {
    fn drop(&mut self) {
        if let Some(mut child) = self.client.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
