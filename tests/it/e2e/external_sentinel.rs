//! End to end, external access in Sentinel mode: a Sentinel-aware client outside Kubernetes
//! (redis-py's Sentinel), reaching the pods only through their load balancers (Redis and
//! Sentinel ports) and resolving only the external names, finds the master through the
//! Sentinels, which hand out its external name, and keeps writing across a crash failover and a
//! handed-over one (pod deleted): 0 acknowledged writes lost after the crash. Redis 7.0 and
//! Valkey 8.1.

use std::fs;
use std::time::Duration;

use super::cluster::eventually;
use super::engine::Engine;
use super::outside::Outside;
use super::pods::Bundle;
use super::sentinel::SentinelSet;
use super::sentinel_scenarios::{VALUES, report, wait_settled};

fn retarget(s: &SentinelSet, outside: &Outside) {
    let ports = [s.redis_port(), s.sentinel_port()];
    outside.retarget(s.net.subnet(), s.pods.iter().map(|(o, p)| (*o, p.ip.clone())), &ports);
}

/// Waits until the Sentinels name a master other than `old`; returns it.
fn new_master(s: &SentinelSet, old: u32, step: &str) -> u32 {
    let (master, took) = eventually(step, Duration::from_secs(60), || match s.master_connection() {
        Ok((named, _)) if named != old => Ok(named),
        Ok((named, _)) => Err(format!("they name pod {named}")),
        Err(e) => Err(e),
    });
    report(&s.label(), step, took);
    master
}

fn external_sentinel(engine: Engine) {
    let sets =
        ["externalAccess.enabled=true", "externalAccess.hostname={pod}.redis.example.test", "smokeTest.enabled=true"];
    let mut s = SentinelSet::new('I', 87, Bundle::render(VALUES, &sets), engine);
    (0..3).for_each(|o| s.start(o));
    wait_settled(&s, 0, "formation with external names");
    // The smoke test reaches the master by the name the Sentinels hand out.
    let (passed, log) = s.run_smoke_test();
    assert!(passed && log.contains("passed: master e2es-0.redis.example.test"), "{log}");
    let names: Vec<String> = (0..3).map(|o| s.bundle.external_name(o).unwrap()).collect();
    let mut outside = Outside::new(&mut s.net, &s.rt.root, &names);
    retarget(&s, &outside);
    let args = [
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/e2e/external_sentinel_client.py").to_owned(),
        names.join(","),
        s.sentinel_port().to_string(),
        s.bundle.values.sentinel.master_set.clone(),
        outside.password_file(&s.password()),
        outside.dir.display().to_string(),
        s.pods[&0].ip.clone(),
    ];
    outside.start(&args);
    let label = s.label();
    println!("e2e: {label}: outside: {}", outside.wait_for("unreachable from here", Duration::from_secs(30)));
    println!("e2e: {label}: outside: {}", outside.wait_for("hand out the master", Duration::from_secs(30)));
    std::thread::sleep(Duration::from_secs(2));

    // A crash failover, then the old master back as a replica.
    s.stop(0, true);
    let master = new_master(&s, 0, "external client: master killed, another named");
    s.start(0);
    retarget(&s, &outside);
    wait_settled(&s, master, "old master back");
    fs::write(outside.dir.join("phase"), "").unwrap();
    outside.wait_for("baseline taken", Duration::from_secs(60));

    // The master's pod deleted: its preStop hook hands over without losing a write.
    s.stop(master, false);
    let handed = new_master(&s, master, "external client: master's pod deleted, handed over");
    s.start(master);
    retarget(&s, &outside);
    wait_settled(&s, handed, "after the handover");
    std::thread::sleep(Duration::from_secs(3));

    let report = outside.finish();
    println!("e2e: {label}: outside Sentinel client through the external names: {report}");
    assert_eq!(report["lost"], serde_json::json!([]), "acknowledged writes lost:\n{}", outside.log());
    assert!(report["after_baseline"].as_u64() > Some(50), "writes went on after the failover: {report}");
    assert_eq!(report["master"], names[handed as usize], "{report}");
    s.stop_all();
}

on_both_engines!(external_sentinel: e2e_sentinel_client_outside_finds_the_master_by_name, e2e_valkey_sentinel_client_outside_finds_the_master_by_name);
