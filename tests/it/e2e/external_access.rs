//! End to end, external access (`externalAccess`, LoadBalancer): a client outside Kubernetes,
//! in a network namespace that reaches the pods only through per-pod "load balancers" (DNAT
//! from 10.214.x.y to each pod, kept up to date as a cloud controller keeps its endpoints) and
//! resolves only the external names, writes and reads one key in each of the 16384 slots
//! following the redirects to the names the nodes announce; then keeps writing through a crash
//! failover, a rolling update and a restart of every pod on new addresses: 0 acknowledged
//! writes lost after the crash. With TLS (Redis), the client verifies the names.

use std::fs;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::Variant;
use super::cluster::{Cluster, eventually};
use super::cluster_scenarios::{VALUES, healthy, report};
use super::net::sh;

/// The outside: a network namespace, its hosts file, and the load balancers' rules.
struct Outside {
    ns: String,
    hosts: PathBuf,
    dir: PathBuf,
    client: Option<Child>,
}

impl Outside {
    fn new(c: &mut Cluster) -> Outside {
        let (ns, _) = c.net.host("outside");
        let subnet = c.net.subnet();
        sh(&["ip", "-n", &ns, "route", "add", &format!("10.214.{subnet}.0/24"), "dev", "eth0"]);
        // The pods' own addresses are unreachable from outside, but through a load balancer.
        let pods = format!("10.213.{subnet}.0/24");
        let block = ["-A", "OUTPUT", "-d", &pods, "-m", "conntrack", "!", "--ctstate", "DNAT", "-j", "REJECT"];
        sh(&[&["ip", "netns", "exec", &ns, "iptables"][..], &block[..]].concat());
        let dir = c.rt.root.join("outside");
        fs::create_dir_all(&dir).unwrap();
        let mut hosts = String::from("127.0.0.1 localhost\n");
        for o in 0..6 {
            hosts.push_str(&format!("10.214.{subnet}.{} {}\n", 10 + o, c.bundle.external_name(o).unwrap()));
        }
        fs::write(dir.join("hosts"), hosts).unwrap();
        let outside = Outside { ns, hosts: dir.join("hosts"), dir, client: None };
        outside.retarget(c);
        outside
    }

    /// Points each load balancer at its pod's current address.
    fn retarget(&self, c: &Cluster) {
        let subnet = c.net.subnet();
        let port = c.bundle.values.redis.port.to_string();
        sh(&["ip", "netns", "exec", &self.ns, "iptables", "-t", "nat", "-F", "OUTPUT"]);
        for (o, pod) in &c.pods {
            let lb = format!("10.214.{subnet}.{}", 10 + o);
            let to = format!("{}:{port}", pod.ip);
            let rule = [
                "-t",
                "nat",
                "-A",
                "OUTPUT",
                "-d",
                &lb,
                "-p",
                "tcp",
                "--dport",
                &port,
                "-j",
                "DNAT",
                "--to-destination",
                &to,
            ];
            sh(&[&["ip", "netns", "exec", &self.ns, "iptables"][..], &rule[..]].concat());
        }
    }

    /// Starts the client (external_client.py) in the outside namespace.
    fn start_client(&mut self, c: &Cluster, variant: Variant) {
        let python = std::env::var("RGEN_E2E_PYTHON").expect("RGEN_E2E_PYTHON (scripts/test.sh sets it)");
        let password_file = self.dir.join("password");
        fs::write(&password_file, c.password()).unwrap();
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/e2e/external_client.py");
        let mut args = vec![
            python,
            script.to_owned(),
            c.bundle.external_name(0).unwrap(),
            c.bundle.values.redis.port.to_string(),
            password_file.display().to_string(),
            self.dir.display().to_string(),
            c.pods[&0].ip.clone(),
        ];
        if variant.tls {
            let pki = c.access.tls.clone().expect("TLS is on");
            args.extend([pki.path("ca.crt"), pki.path("client.crt"), pki.path("client.key")]);
        }
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
            .args(&args)
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .stdin(Stdio::null())
            .spawn()
            .expect("the outside client starts");
        self.client = Some(child);
    }

    fn log(&self) -> String {
        fs::read_to_string(self.dir.join("client.log")).unwrap_or_default()
    }

    /// Waits until the client's log has a line containing `what`; returns that line.
    fn wait_for(&mut self, what: &str, limit: Duration) -> String {
        let (line, _) = eventually(&format!("the outside client says {what:?}"), limit, || {
            if let Some(status) = self.client.as_mut().unwrap().try_wait().unwrap() {
                panic!("the outside client exited ({status}):\n{}", self.log());
            }
            self.log().lines().find(|l| l.contains(what)).map(str::to_owned).ok_or_else(|| "not yet".to_owned())
        });
        line
    }

    /// Stops the client's writes; returns its final report.
    fn finish(&mut self) -> serde_json::Value {
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

/// Restarts pod `ordinal` (a new address) and points its load balancer at it.
fn restart(c: &mut Cluster, outside: &Outside, ordinal: u32, crash: bool) {
    c.stop(ordinal, crash);
    c.start(ordinal);
    outside.retarget(c);
}

fn external_access(variant: Variant) {
    let sets = ["externalAccess.enabled=true", "externalAccess.hostname={pod}.redis.example.test"];
    let mut c = Cluster::new('O', 86, variant.render(VALUES, &sets), variant.engine);
    let label = variant.label();
    (0..6).for_each(|o| c.start(o));
    let run = c.run_job();
    assert!(run.success, "the bootstrap Job failed:\n{}\n{}", run.log, c.logs());
    healthy(&c, 3, 1, "formation with external names");
    let mut outside = Outside::new(&mut c);
    outside.start_client(&c, variant);
    println!("e2e: {label}: outside: {}", outside.wait_for("unreachable from here", Duration::from_secs(30)));
    println!("e2e: {label}: outside: {}", outside.wait_for("all 16384 slots", Duration::from_secs(180)));

    // A crash failover: the client follows the promoted replica by its name.
    let start = Instant::now();
    restart(&mut c, &outside, 0, true);
    healthy(&c, 3, 1, "after a crash failover");
    report(&label, "external client: crash failover healed", start.elapsed());
    fs::write(outside.dir.join("phase"), "").unwrap();
    outside.wait_for("baseline taken", Duration::from_secs(60));

    // A rolling update, highest ordinal first, each master handing over (preStop).
    let start = Instant::now();
    for o in (0..6).rev() {
        restart(&mut c, &outside, o, false);
        healthy(&c, 3, 1, "rolling update");
    }
    report(&label, "external client: rolling update of 6 pods", start.elapsed());

    // Every pod at once, back on new addresses.
    let start = Instant::now();
    c.stop_all();
    (0..6).for_each(|o| c.start(o));
    outside.retarget(&c);
    healthy(&c, 3, 1, "after a restart of every pod");
    report(&label, "external client: restart of every pod on new addresses", start.elapsed());
    std::thread::sleep(Duration::from_secs(3));

    let report = outside.finish();
    println!("e2e: {label}: outside client through the external names: {report}");
    assert_eq!(report["lost"], serde_json::json!([]), "acknowledged writes lost:\n{}", outside.log());
    assert!(report["writes"].as_u64() > Some(100), "{report}");
    c.stop_all();
}

on_every_variant!(external_access: e2e_external_client_follows_announced_names, e2e_valkey_external_client_follows_announced_names, e2e_tls_external_client_follows_announced_names);
