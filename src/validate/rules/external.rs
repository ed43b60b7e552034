//! External access: one valid, unique DNS name per pod (LoadBalancer) or node ports that fit
//! the node-port range and do not collide (NodePort), a password, an engine that announces
//! hostnames, CIDRs the Services and the NetworkPolicy can take.

use std::collections::BTreeSet;

use super::Findings;
use crate::syntax::is_dns_subdomain;
use crate::values::{ExternalType, Values, port_range};

pub(super) fn check(v: &Values, f: &mut Findings) {
    let x = &v.external_access;
    if !x.enabled {
        return;
    }
    if !v.auth.enabled {
        f.error(
            &["externalAccess", "enabled"],
            "external access with auth off: anyone who reaches a load balancer could read and write every key",
            Some("turn auth on (auth.enabled: true)"),
        );
    }
    if x.kind == ExternalType::NodePort {
        node_ports(v, f);
    } else {
        load_balancer_names(v, f);
    }
    if let Some(major) = image_major(&v.image.tag).filter(|m| *m < 7) {
        f.error(
            &["image", "tag"],
            format!(
                "{}: external access needs Redis 7.0 or later (cluster-announce-hostname); this is {major}.x",
                v.image.tag
            ),
            Some("use redis 7.0+ or valkey 7.2+"),
        );
    }
    for (field, list) in [
        ("loadBalancerSourceRanges", &x.load_balancer_source_ranges),
        ("clientCidrs", &x.client_cidrs),
        ("nodeCidrs", &x.node_cidrs),
    ] {
        f.cidrs(&["externalAccess", field], list, "e.g. 203.0.113.0/24");
    }
}

/// LoadBalancer: the external names, a template or a list.
fn load_balancer_names(v: &Values, f: &mut Findings) {
    let x = &v.external_access;
    match (&x.hostname, x.hostnames.is_empty()) {
        (None, true) => f.error(
            &["externalAccess"],
            "external access needs the pods' external names: externalAccess.hostname or externalAccess.hostnames",
            Some("e.g. hostname: \"{pod}.redis.example.com\""),
        ),
        (Some(_), false) => f.error(
            &["externalAccess", "hostnames"],
            "externalAccess.hostname and externalAccess.hostnames are both set",
            Some("keep one: a template, or the list"),
        ),
        (Some(t), true) if !t.contains("{pod}") && !t.contains("{ordinal}") => f.error(
            &["externalAccess", "hostname"],
            format!("`{t}` names every pod alike: the template needs {{pod}} or {{ordinal}}"),
            Some("e.g. \"{pod}.redis.example.com\""),
        ),
        (None, false) if x.hostnames.len() != v.pods() as usize => f.error(
            &["externalAccess", "hostnames"],
            format!("{} names for {} pods: one per pod, in ordinal order", x.hostnames.len(), v.pods()),
            None,
        ),
        _ => names(v, f),
    }
}

/// Every pod's name: a DNS name, different from the others.
fn names(v: &Values, f: &mut Findings) {
    let x = &v.external_access;
    let field = if x.hostname.is_some() { "hostname" } else { "hostnames" };
    let mut seen = BTreeSet::new();
    for ordinal in 0..v.pods() {
        let Some(name) = x.name_of(&v.name, ordinal) else { continue };
        let index = ordinal.to_string();
        let path: Vec<&str> =
            if field == "hostname" { vec!["externalAccess", field] } else { vec!["externalAccess", field, &index] };
        if !is_dns_subdomain(&name) || !name.contains('.') {
            f.error(
                &path,
                format!("`{name}` (pod {ordinal}) is not a DNS name clients can resolve"),
                Some("lowercase letters, digits, '-' and '.', e.g. cache-0.redis.example.com"),
            );
            return;
        }
        if !seen.insert(name.clone()) {
            f.error(&path, format!("`{name}` names two pods: each pod needs its own name"), None);
            return;
        }
    }
}

/// NodePort: cluster mode, no names, node ports inside the range and apart, the nodes' CIDRs.
fn node_ports(v: &Values, f: &mut Findings) {
    let x = &v.external_access;
    if v.is_sentinel() {
        f.error(
            &["externalAccess", "type"],
            "NodePort is for cluster mode: a Sentinel hands out one port for every Redis, and node ports differ per pod",
            Some("use type: LoadBalancer (each pod's own load balancer and external name)"),
        );
    }
    for (field, set) in [("hostname", x.hostname.is_some()), ("hostnames", !x.hostnames.is_empty())] {
        if set {
            f.error(
                &["externalAccess", field],
                "with NodePort each pod announces its node's address (status.hostIP) and its node port, not a name",
                Some("remove it, or use type: LoadBalancer for external names"),
            );
        }
    }
    if !x.load_balancer_source_ranges.is_empty() {
        f.error(
            &["externalAccess", "loadBalancerSourceRanges"],
            "loadBalancerSourceRanges applies to load balancers, not to node ports",
            Some("remove it; clientCidrs limits who may reach the client ports"),
        );
    }
    if v.tls.enabled {
        f.error(
            &["externalAccess", "type"],
            "NodePort with TLS: the certificate would have to name the nodes' addresses, which are known only when the pods run",
            Some("use type: LoadBalancer, whose external names the certificate holds"),
        );
    }
    if x.node_cidrs.is_empty() {
        f.error(
            &["externalAccess", "nodeCidrs"],
            "NodePort needs the nodes' CIDRs: replication and the cluster bus go through the node ports too, and reach the pods from the nodes' addresses",
            Some("e.g. nodeCidrs: [10.0.0.0/16], the subnet of your nodes"),
        );
    }
    let Some((low, high)) = port_range(&x.node_port_range) else {
        f.error(
            &["externalAccess", "nodePortRange"],
            format!("`{}` is not a port range", x.node_port_range),
            Some("the API server's --service-node-port-range, e.g. 30000-32767"),
        );
        return;
    };
    let pods = v.pods();
    let Some([client, bus]) = x.node_port_ranges(pods) else { return };
    for (field, (first, last)) in [("nodePort", client), ("busNodePort", bus)] {
        if first < low || last > high {
            f.error(
                &["externalAccess", field],
                format!("node ports {first}-{last} (one per pod, {pods} pods) leave the node-port range {low}-{high}"),
                Some("pick a base so that base + pods - 1 stays in externalAccess.nodePortRange"),
            );
        }
    }
    if client.0 <= bus.1 && bus.0 <= client.1 {
        // A base for the bus ports right after the client ports, or at the start of the range.
        let free = if client.1 + pods <= high { Some(client.1 + 1) } else { (low + pods <= client.0).then_some(low) };
        let hint = free.map_or("move nodePort or busNodePort apart".to_owned(), |b| format!("e.g. busNodePort: {b}"));
        f.error(
            &["externalAccess", "busNodePort"],
            format!("bus node ports {}-{} overlap the client node ports {}-{}", bus.0, bus.1, client.0, client.1),
            Some(&hint),
        );
    }
}

/// The major version of an image tag like `7.2.11`, `7.0-alpine` or `8.1`; `None` otherwise.
fn image_major(tag: &str) -> Option<u32> {
    tag.split(['.', '-']).next()?.parse().ok()
}
