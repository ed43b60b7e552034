//! End to end, external access (`externalAccess`, LoadBalancer): a client outside Kubernetes,
//! in a network namespace that reaches the pods only through per-pod "load balancers" (DNAT
//! from 10.214.x.y to each pod, kept up to date as a cloud controller keeps its endpoints) and
//! resolves only the external names, writes and reads one key in each of the 16384 slots
//! following the redirects to the names the nodes announce; then keeps writing through a crash
//! failover, a rolling update and a restart of every pod on new addresses: 0 acknowledged
//! writes lost after the crash. With TLS (Redis), the client verifies the names.

use std::fs;
use std::time::{Duration, Instant};

use super::Variant;
use super::cluster::Cluster;
use super::cluster_scenarios::{VALUES, healthy, report};
use super::outside::Outside;

/// Points each load balancer at its pod's current address.
fn retarget(c: &Cluster, outside: &Outside) {
    outside.retarget(c.net.subnet(), c.pods.iter().map(|(o, p)| (*o, p.ip.clone())), &[c.bundle.values.redis.port]);
}

/// What a client outside must ride through with 0 acknowledged writes lost: a crash failover,
/// a rolling update (highest ordinal first, each master handing over) and a restart of every
/// pod on new addresses. `follow` points the way in (load balancers, node ports) at the pods'
/// current addresses after each start, as a cloud controller or kube-proxy does. Checks the
/// outside client's final report.
pub(super) fn ride_through(
    c: &mut Cluster,
    outside: &mut Outside,
    label: &str,
    way: &str,
    follow: impl Fn(&Cluster, &Outside),
) {
    let restart = |c: &mut Cluster, outside: &Outside, ordinal: u32, crash: bool| {
        c.stop(ordinal, crash);
        c.start(ordinal);
        follow(c, outside);
    };
    // A crash failover: the client follows the promoted replica at the address it announces.
    let start = Instant::now();
    restart(c, outside, 0, true);
    healthy(c, 3, 1, "after a crash failover");
    report(label, &format!("{way}: crash failover healed"), start.elapsed());
    fs::write(outside.dir.join("phase"), "").unwrap();
    outside.wait_for("baseline taken", Duration::from_secs(60));

    let start = Instant::now();
    for o in (0..6).rev() {
        restart(c, outside, o, false);
        healthy(c, 3, 1, "rolling update");
    }
    report(label, &format!("{way}: rolling update of 6 pods"), start.elapsed());

    let start = Instant::now();
    c.stop_all();
    for o in 0..6 {
        c.start(o);
        follow(c, outside);
    }
    healthy(c, 3, 1, "after a restart of every pod");
    report(label, &format!("{way}: restart of every pod on new addresses"), start.elapsed());
    std::thread::sleep(Duration::from_secs(3));

    let client = outside.finish();
    println!("e2e: {label}: outside client through the {way}: {client}");
    assert_eq!(client["lost"], serde_json::json!([]), "acknowledged writes lost:\n{}", outside.log());
    assert!(client["writes"].as_u64() > Some(100), "{client}");
}

fn external_access(variant: Variant) {
    let sets =
        ["externalAccess.enabled=true", "externalAccess.hostname={pod}.redis.example.test", "smokeTest.enabled=true"];
    let mut c = Cluster::new('O', 86, variant.render(VALUES, &sets), variant.engine);
    let label = variant.label();
    (0..6).for_each(|o| c.start(o));
    let run = c.run_job();
    assert!(run.success, "the bootstrap Job failed:\n{}\n{}", run.log, c.logs());
    healthy(&c, 3, 1, "formation with external names");
    // The smoke test goes in through the announced names.
    let job = c.start_job_of("smoke-test");
    let smoke = c.finish_job(job);
    assert!(smoke.success && smoke.log.contains("every pod answers through its announced name"), "{}", smoke.log);
    let names: Vec<String> = (0..6).map(|o| c.bundle.external_name(o).unwrap()).collect();
    let mut outside = Outside::new(&mut c.net, &c.rt.root, &names);
    retarget(&c, &outside);
    let mut args = vec![
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/e2e/external_client.py").to_owned(),
        names[0].clone(),
        c.bundle.values.redis.port.to_string(),
        outside.password_file(&c.password()),
        outside.dir.display().to_string(),
        c.pods[&0].ip.clone(),
        "names".to_owned(),
    ];
    if variant.tls {
        let pki = c.access.tls.clone().expect("TLS is on");
        args.extend([pki.path("ca.crt"), pki.path("client.crt"), pki.path("client.key")]);
    }
    outside.start(&args);
    println!("e2e: {label}: outside: {}", outside.wait_for("unreachable from here", Duration::from_secs(30)));
    println!("e2e: {label}: outside: {}", outside.wait_for("all 16384 slots", Duration::from_secs(180)));

    ride_through(&mut c, &mut outside, &label, "load balancers", retarget);
    c.stop_all();
}

on_every_variant!(external_access: e2e_external_client_follows_announced_names, e2e_valkey_external_client_follows_announced_names, e2e_tls_external_client_follows_announced_names);
