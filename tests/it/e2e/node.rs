//! A Kubernetes node for the NodePort suite: a network namespace on the test's bridge whose
//! address forwards each pod's node ports to that pod (DNAT) and masquerades the source, as
//! kube-proxy does for a NodePort Service with `externalTrafficPolicy: Cluster`. Its rules are
//! rewritten whenever a pod comes back on a new address, as kube-proxy follows the endpoints.

use super::net::{Net, sh};

/// The node: its namespace and address.
pub struct Node {
    ns: String,
    pub ip: String,
}

impl Node {
    pub fn new(net: &mut Net) -> Node {
        let (ns, ip) = net.host("node");
        let exec = ["ip", "netns", "exec", &ns];
        for setting in
            ["net.ipv4.ip_forward=1", "net.ipv4.conf.all.send_redirects=0", "net.ipv4.conf.eth0.send_redirects=0"]
        {
            sh(&[&exec[..], &["sysctl", "-q", "-w", setting][..]].concat());
        }
        sh(&[&exec[..], &["iptables", "-t", "nat", "-A", "POSTROUTING", "-j", "MASQUERADE"][..]].concat());
        Node { ns, ip }
    }

    /// Points node port `node_port + o` at `ip:port` and `bus_node_port + o` at `ip:bus` for
    /// every pod `(o, ip)`.
    pub fn retarget(&self, pods: impl Iterator<Item = (u32, String)>, ports: [u32; 2], node_ports: [u32; 2]) {
        let exec = ["ip", "netns", "exec", &self.ns, "iptables", "-t", "nat"];
        sh(&[&exec[..], &["-F", "PREROUTING"][..]].concat());
        for (o, ip) in pods {
            for (port, node_port) in ports.iter().zip(node_ports) {
                let (from, to) = ((node_port + o).to_string(), format!("{ip}:{port}"));
                let rule = ["-A", "PREROUTING", "-d", &self.ip, "-p", "tcp", "--dport", &from, "-j", "DNAT"];
                sh(&[&exec[..], &rule[..], &["--to-destination", &to][..]].concat());
            }
        }
    }
}
