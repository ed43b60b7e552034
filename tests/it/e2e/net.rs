//! Test hosts: one network namespace per pod incarnation, all on one bridge that lives in a
//! namespace of its own, plus a veth into the test process's namespace so the Rust cluster
//! client reaches the pods. Only addresses of a private test subnet inside these namespaces are
//! used; everything is deleted on drop.

use std::process::Command;

/// Runs a command, panicking with its output when it fails.
pub fn sh(args: &[&str]) {
    let out = Command::new(args[0]).args(&args[1..]).output().unwrap_or_else(|e| panic!("{args:?}: {e}"));
    assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
}

/// The test network.
pub struct Net {
    /// Short unique token, used in namespace and interface names (interfaces: 15 chars max).
    token: String,
    subnet: u8,
    next_host: u8,
    namespaces: Vec<String>,
}

impl Net {
    /// A new bridge on 10.213.`subnet`.0/24; the test process gets .1.
    pub fn new(tag: char, subnet: u8) -> Net {
        assert!(
            is_root(),
            "the end-to-end tests need root (network namespaces, mounts); run them through scripts/test.sh as root"
        );
        let token = format!("{tag}{}", std::process::id() % 10000);
        cleanup_stale(tag);
        let mut net = Net { token, subnet, next_host: 10, namespaces: Vec::new() };
        let br = net.bridge_ns();
        sh(&["ip", "netns", "add", &br]);
        net.namespaces.push(br.clone());
        sh(&["ip", "-n", &br, "link", "add", "br0", "type", "bridge"]);
        sh(&["ip", "-n", &br, "link", "set", "br0", "up"]);
        let (host, peer) = (format!("r{}h", net.token), format!("r{}hb", net.token));
        sh(&["ip", "link", "add", &host, "type", "veth", "peer", "name", &peer]);
        sh(&["ip", "link", "set", &peer, "netns", &br]);
        sh(&["ip", "-n", &br, "link", "set", &peer, "master", "br0"]);
        sh(&["ip", "-n", &br, "link", "set", &peer, "up"]);
        sh(&["ip", "addr", "add", &format!("10.213.{subnet}.1/24"), "dev", &host]);
        sh(&["ip", "link", "set", &host, "up"]);
        net
    }

    /// The third octet of the test's addresses (10.213.`subnet`.0/24).
    pub fn subnet(&self) -> u8 {
        self.subnet
    }

    /// The test host's address on the bridge (what the pods reach the test's servers on).
    pub fn gateway(&self) -> String {
        format!("10.213.{}.1", self.subnet)
    }

    fn bridge_ns(&self) -> String {
        format!("rge{}-br", self.token)
    }

    /// A fresh host (network namespace) on the bridge with the next free address. Returns the
    /// namespace name and the address.
    pub fn host(&mut self, label: &str) -> (String, String) {
        let n = self.next_host;
        assert!(n < 250, "test subnet exhausted");
        self.next_host += 1;
        let ns = format!("rge{}-{label}-{n}", self.token);
        let ip = format!("10.213.{}.{n}", self.subnet);
        let (inner, outer) = (format!("r{}p{n}", self.token), format!("r{}b{n}", self.token));
        let br = self.bridge_ns();
        sh(&["ip", "netns", "add", &ns]);
        self.namespaces.push(ns.clone());
        sh(&["ip", "link", "add", &inner, "type", "veth", "peer", "name", &outer]);
        sh(&["ip", "link", "set", &inner, "netns", &ns]);
        sh(&["ip", "link", "set", &outer, "netns", &br]);
        sh(&["ip", "-n", &br, "link", "set", &outer, "master", "br0"]);
        sh(&["ip", "-n", &br, "link", "set", &outer, "up"]);
        sh(&["ip", "-n", &ns, "link", "set", &inner, "name", "eth0"]);
        sh(&["ip", "-n", &ns, "addr", "add", &format!("{ip}/24"), "dev", "eth0"]);
        sh(&["ip", "-n", &ns, "link", "set", "eth0", "up"]);
        sh(&["ip", "-n", &ns, "link", "set", "lo", "up"]);
        (ns, ip)
    }

    /// Removes a host that is no longer used (its processes must be gone).
    pub fn remove(&mut self, ns: &str) {
        let _ = Command::new("ip").args(["netns", "del", ns]).status();
        self.namespaces.retain(|n| n != ns);
    }
}

impl Drop for Net {
    fn drop(&mut self) {
        for ns in self.namespaces.iter().rev() {
            let _ = Command::new("ip").args(["netns", "del", ns]).status();
        }
    }
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| o.stdout == b"0\n").unwrap_or(false)
}

/// Deletes namespaces a crashed earlier run of this test left behind.
fn cleanup_stale(tag: char) {
    let Ok(out) = Command::new("ip").args(["netns", "list"]).output() else {
        return;
    };
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let name = line.split_whitespace().next().unwrap_or("");
        if name.starts_with(&format!("rge{tag}")) {
            let _ = Command::new("ip").args(["netns", "del", name]).status();
        }
    }
}
