//! End to end, external access through node ports (`externalAccess.type: NodePort`): a node (a
//! network namespace whose address forwards each pod's node ports to it, masquerading as
//! kube-proxy does) and a client outside that reaches nothing but that node's address. Each
//! pod announces the node's address and its own node ports, so every link goes through the
//! node, replication and the cluster bus included. A running cluster gets node ports by one
//! apply (the pods roll under writes); the smoke test and the outside client (all 16384 slots,
//! then writes through a crash failover, a rolling update and a restart of every pod on new
//! addresses) follow the announced node ports; the node ports move by one apply (the pods roll
//! under writes); a scale-out joins new pods through their node ports and a scale-in (drain,
//! then shrink) moves a shard away under writes; a fresh cluster forms through the node. 0
//! acknowledged writes lost. Redis 7.0 and Valkey 8.1.

use std::time::{Duration, Instant};

use super::cluster::{Cluster, eventually};
use super::cluster_scale_in::{DRAIN_4X1, scale_in_under_writes};
use super::cluster_scenarios::{VALUES, healthy, report};
use super::engine::Engine;
use super::external_access::ride_through;
use super::node::Node;
use super::outside::Outside;
use super::pods::Bundle;
use super::view::{self, ClusterWrites, command};
use super::writer::Writer;

const NODE_PORTS: &[&str] = &[
    "externalAccess.enabled=true",
    "externalAccess.type=NodePort",
    "externalAccess.nodeCidrs=[10.213.0.0/16]",
    "smokeTest.enabled=true",
];
const MOVED: &[&str] = &["externalAccess.nodePort=30400", "externalAccess.busNodePort=31400"];

/// The bundle's node-port bases (client, bus), when it has node ports.
fn bases(c: &Cluster) -> Option<[u32; 2]> {
    let x = &c.bundle.values.external_access;
    x.node_ports().then(|| [u32::from(x.node_port), u32::from(x.bus_node_port)])
}

/// Points the node's ports at every pod's current address, as kube-proxy follows endpoints
/// (none without node ports: the Services are gone).
fn retarget(c: &Cluster, node: &Node) {
    let ports = [c.bundle.values.redis.port, c.bundle.values.redis.bus_port];
    let pods = c.pods.iter().filter(|_| bases(c).is_some()).map(|(o, p)| (*o, p.ip.clone()));
    node.retarget(pods, ports, bases(c).unwrap_or_default());
}

/// Every node lists each pod at the node's address and the pod's node ports, no pod address,
/// and every replica replicates from the node's address.
fn announced_through(c: &Cluster, node: &Node, step: &str) {
    let [client, bus] = bases(c).expect("node ports");
    for (o, pod) in &c.pods {
        let nodes = command(c, &pod.ip, &["CLUSTER", "NODES"]).unwrap();
        for p in c.pods.keys() {
            let address = format!("{}:{}@{}", node.ip, client + p, bus + p);
            assert!(nodes.contains(&address), "{step}: pod {o} does not list pod {p} at {address}:\n{nodes}");
        }
        assert!(c.pods.values().all(|q| !nodes.contains(&format!("{}:", q.ip))), "{step}: a pod address:\n{nodes}");
        let info = command(c, &pod.ip, &["INFO", "replication"]).unwrap();
        if info.contains("role:slave") {
            assert!(
                info.contains(&format!("master_host:{}", node.ip)),
                "{step}: pod {o} replicates elsewhere:\n{info}"
            );
        }
    }
}

/// Applies `bundle` and rolls every pod, highest ordinal first, as a StatefulSet does: the
/// node's forwarding follows the Services at once, each pod restarts from the new template and
/// the next goes once it is ready; a client writes one key per 256 slots meanwhile.
fn apply_and_roll(c: &mut Cluster, node: &Node, bundle: Bundle, step: &str) {
    eventually(&format!("{step}: replicas in sync"), Duration::from_secs(30), || view::replicas_synced(c));
    let writer = Writer::start(&step.replace(' ', "-"), ClusterWrites::new(c));
    std::thread::sleep(Duration::from_secs(1));
    let start = Instant::now();
    c.bundle = bundle;
    retarget(c, node);
    for o in (0..6).rev() {
        c.stop(o, false);
        c.start(o);
        retarget(c, node);
        let ready = Instant::now();
        while !c.pods[&o].process.probe("readinessProbe") {
            assert!(ready.elapsed() < Duration::from_secs(90), "{step}: pod {o} not ready:\n{}", c.logs());
            std::thread::sleep(Duration::from_millis(200));
        }
    }
    healthy(c, 3, 1, step);
    report(&c.label(), &format!("node ports: {step}, 6 pods rolled"), start.elapsed());
    std::thread::sleep(Duration::from_secs(1));
    let what = format!("{}: node ports: {step}", c.label());
    let (writes, lost) = writer.finish(&what);
    writes.assert_safe(&lost, Duration::from_secs(10), &what, || c.logs());
    let run = c.run_job();
    assert!(run.success && !run.log.contains("adding"), "{step}: the new Job:\n{}\n{}", run.log, c.logs());
    // Without node ports, `healthy` has checked that every pod knows every pod's own address.
    if bases(c).is_some() {
        announced_through(c, node, step);
    }
}

/// Runs the smoke test, which must pass through the node ports.
fn smoke_test(c: &mut Cluster, shards: u32, step: &str) {
    let job = c.start_job_of("smoke-test");
    let smoke = c.finish_job(job);
    let through = "every pod answers through the node address and node port it announces";
    let written = format!("{shards} shards written and read");
    assert!(smoke.success && smoke.log.contains(through) && smoke.log.contains(&written), "{step}: {}", smoke.log);
}

fn external_node_ports(engine: Engine) {
    let with = |extra: &[&str]| Bundle::render(VALUES, &[NODE_PORTS, extra].concat());
    let mut c = Cluster::new('A', 88, Bundle::render(VALUES, &[]), engine);
    let label = engine.name().to_owned();
    let node = Node::new(&mut c.net);
    c.rt.host_ip = Some(node.ip.clone());
    (0..6).for_each(|o| c.start(o));
    let run = c.run_job();
    assert!(run.success, "the bootstrap Job failed:\n{}\n{}", run.log, c.logs());
    healthy(&c, 3, 1, "formation on the pod network");

    // Node ports for a running cluster, in one apply.
    apply_and_roll(&mut c, &node, with(&[]), "turned on");
    smoke_test(&mut c, 3, "turned on");

    let mut outside = Outside::new(&mut c.net, &c.rt.root, &[]);
    outside.allow(&node.ip);
    let args = vec![
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/e2e/external_client.py").to_owned(),
        node.ip.clone(),
        bases(&c).unwrap()[0].to_string(),
        outside.password_file(&c.password()),
        outside.dir.display().to_string(),
        c.pods[&0].ip.clone(),
        "node-ports".to_owned(),
    ];
    outside.start(&args);
    println!("e2e: {label}: outside: {}", outside.wait_for("unreachable from here", Duration::from_secs(30)));
    println!("e2e: {label}: outside: {}", outside.wait_for("all 16384 slots", Duration::from_secs(180)));
    ride_through(&mut c, &mut outside, &label, "node ports", |c, _| retarget(c, &node));

    // Other node ports, in one apply: every Service moves at once, the pods follow as they roll.
    apply_and_roll(&mut c, &node, with(MOVED), "moved to 30400/31400");

    // Scale-out to 4 masters: the new pods get the next node ports and join through them.
    c.bundle = with(&[MOVED, &["cluster.masters=4"]].concat());
    let start = Instant::now();
    for o in 6..8 {
        c.start(o);
        retarget(&c, &node);
    }
    let run = c.run_job();
    assert!(run.success, "the scale-out Job failed:\n{}\n{}", run.log, c.logs());
    healthy(&c, 4, 1, "scale-out through node ports");
    report(&label, "node ports: scale-out to 4 masters", start.elapsed());
    announced_through(&c, &node, "scale-out");
    smoke_test(&mut c, 4, "scale-out");

    // Scale-in back to 3 masters (drain, then shrink) with the fourth shard's master on pod 7,
    // while a client INCRs one key in every slot through the node ports.
    let drain = with(&[MOVED, DRAIN_4X1].concat());
    scale_in_under_writes(&mut c, 7, drain, with(MOVED), (3, 1), "node ports: scale-in 4x1 -> 3x1");

    // A fresh cluster forms through the node: `--cluster create` meets the announced addresses.
    c.stop_all();
    (0..6).for_each(|o| c.wipe(o));
    let start = Instant::now();
    for o in 0..6 {
        c.start(o);
        retarget(&c, &node);
    }
    let run = c.run_job();
    assert!(run.success && run.log.contains("forming 3 masters"), "formation:\n{}\n{}", run.log, c.logs());
    healthy(&c, 3, 1, "formation through node ports");
    report(&label, "node ports: a fresh cluster formed through the node", start.elapsed());
    announced_through(&c, &node, "fresh formation");
    smoke_test(&mut c, 3, "fresh formation");

    c.stop_all();
}

on_both_engines!(external_node_ports: e2e_external_client_through_node_ports, e2e_valkey_external_client_through_node_ports);
