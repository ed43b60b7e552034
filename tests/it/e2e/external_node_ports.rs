//! End to end, external access through node ports (`externalAccess.type: NodePort`): a node (a
//! network namespace whose address forwards each pod's node ports to it, masquerading as
//! kube-proxy does) and a client outside that reaches nothing but that node's address. Each
//! pod announces the node's address and its own node ports, so every link goes through the
//! node: the bootstrap Job forms the cluster through it, replication and the cluster bus run
//! over it, and the smoke test and the outside client (all 16384 slots, then writes through a
//! crash failover, a rolling update and a restart of every pod on new addresses) follow the
//! announced node ports. 0 acknowledged writes lost. Then a scale-out to 4 masters joins the new
//! pods through their node ports, and a scale-in back to 3 (drain, then shrink) moves the fourth
//! shard away while a client writes every slot. Redis 7.0 and Valkey 8.1.

use std::time::{Duration, Instant};

use super::cluster::Cluster;
use super::cluster_scale_in::{DRAIN_4X1, scale_in_under_writes};
use super::cluster_scenarios::{VALUES, healthy, report};
use super::engine::Engine;
use super::external_access::ride_through;
use super::node::Node;
use super::outside::Outside;
use super::pods::Bundle;
use super::view::command;

const NODE_PORT: u32 = 30379;
const BUS_NODE_PORT: u32 = 31379;

/// Points the node's ports at every pod's current address, as kube-proxy follows endpoints.
fn retarget(c: &Cluster, node: &Node) {
    let ports = [c.bundle.values.redis.port, c.bundle.values.redis.bus_port];
    node.retarget(c.pods.iter().map(|(o, p)| (*o, p.ip.clone())), ports, [NODE_PORT, BUS_NODE_PORT]);
}

fn external_node_ports(engine: Engine) {
    let sets = [
        "externalAccess.enabled=true",
        "externalAccess.type=NodePort",
        "externalAccess.nodeCidrs=[10.213.0.0/16]",
        "smokeTest.enabled=true",
    ];
    let mut c = Cluster::new('A', 88, Bundle::render(VALUES, &sets), engine);
    let label = engine.name().to_owned();
    let node = Node::new(&mut c.net);
    c.rt.host_ip = Some(node.ip.clone());
    let start = Instant::now();
    for o in 0..6 {
        c.start(o);
        retarget(&c, &node);
    }
    let run = c.run_job();
    assert!(run.success, "the bootstrap Job failed:\n{}\n{}", run.log, c.logs());
    healthy(&c, 3, 1, "formation through node ports");
    report(&label, "node ports: cluster formed through the node", start.elapsed());
    // Every node is known by the node's address and its own node ports, and replicates over them.
    let nodes = command(&c, c.ip(0), &["CLUSTER", "NODES"]).unwrap();
    for o in 0..6 {
        let address = format!("{}:{}@{}", node.ip, NODE_PORT + o, BUS_NODE_PORT + o);
        assert!(nodes.contains(&address), "pod {o} is not announced at {address}:\n{nodes}");
    }
    assert!(!nodes.contains(&c.pods[&3].ip), "a pod address in the table:\n{nodes}");
    let replication: Vec<String> = (0..6)
        .map(|o| command(&c, c.ip(o), &["INFO", "replication"]).unwrap())
        .filter(|i| i.contains("role:slave"))
        .collect();
    assert_eq!(replication.len(), 3, "three replicas: {replication:?}");
    for info in &replication {
        assert!(info.contains(&format!("master_host:{}", node.ip)), "replication is not through the node:\n{info}");
    }
    let job = c.start_job_of("smoke-test");
    let smoke = c.finish_job(job);
    assert!(smoke.success && smoke.log.contains("node address and node port it announces"), "{}", smoke.log);

    let mut outside = Outside::new(&mut c.net, &c.rt.root, &[]);
    outside.allow(&node.ip);
    let args = vec![
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/e2e/external_client.py").to_owned(),
        node.ip.clone(),
        NODE_PORT.to_string(),
        outside.password_file(&c.password()),
        outside.dir.display().to_string(),
        c.pods[&0].ip.clone(),
        "node-ports".to_owned(),
    ];
    outside.start(&args);
    println!("e2e: {label}: outside: {}", outside.wait_for("unreachable from here", Duration::from_secs(30)));
    println!("e2e: {label}: outside: {}", outside.wait_for("all 16384 slots", Duration::from_secs(180)));

    ride_through(&mut c, &mut outside, &label, "node ports", |c, _| retarget(c, &node));

    // Scale-out to 4 masters: the new pods get the next node ports and join through them.
    c.bundle = Bundle::render(VALUES, &[&sets[..], &["cluster.masters=4"]].concat());
    let start = Instant::now();
    for o in 6..8 {
        c.start(o);
        retarget(&c, &node);
    }
    let run = c.run_job();
    assert!(run.success, "the scale-out Job failed:\n{}\n{}", run.log, c.logs());
    healthy(&c, 4, 1, "scale-out through node ports");
    report(&label, "node ports: scale-out to 4 masters", start.elapsed());
    let nodes = command(&c, c.ip(0), &["CLUSTER", "NODES"]).unwrap();
    assert!(nodes.contains(&format!("{}:{}@{}", node.ip, NODE_PORT + 7, BUS_NODE_PORT + 7)), "{nodes}");
    let job = c.start_job_of("smoke-test");
    let smoke = c.finish_job(job);
    assert!(smoke.success && smoke.log.contains("4 shards written and read"), "{}", smoke.log);

    // Scale-in back to 3 masters (drain, then shrink) with the fourth shard's master on pod 7,
    // while a client INCRs one key in every slot through the node ports.
    let drain = Bundle::render(VALUES, &[&sets[..], DRAIN_4X1].concat());
    let target = Bundle::render(VALUES, &sets);
    scale_in_under_writes(&mut c, 7, drain, target, (3, 1), "node ports: scale-in 4x1 -> 3x1");
    c.stop_all();
}

on_both_engines!(external_node_ports: e2e_external_client_through_node_ports, e2e_valkey_external_client_through_node_ports);
