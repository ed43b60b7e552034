//! End to end: the smoke-test Job (`smokeTest.enabled`), run from the rendered bundle against
//! real processes, passes on a healthy deployment and fails with a clear message when a shard
//! (cluster) or a replica (Sentinel) is gone. The cluster case on Redis (the script is the same
//! on Valkey), the Sentinel case on both engines.

use super::Variant;
use std::time::Duration;

use super::cluster::{Cluster, eventually};
use super::cluster_scenarios::{VALUES, healthy};
use super::sentinel::SentinelSet;
use super::view;

#[test]
#[ignore = "e2e: needs root and Redis; run scripts/test.sh"]
fn e2e_smoke_test_writes_every_shard_and_names_what_is_missing() {
    let bundle = Variant::REDIS.render(VALUES, &["smokeTest.enabled=true"]);
    let mut c = Cluster::new('K', 66, bundle, Variant::REDIS.engine);
    for ordinal in 0..6 {
        c.start(ordinal);
    }
    let run = c.run_job();
    assert!(run.success, "the bootstrap Job failed:\n{}", run.log);
    healthy(&c, 3, 1, "formation");

    let job = c.start_job_of("smoke-test");
    let run = c.finish_job(job);
    assert!(run.success, "the smoke test failed on a healthy cluster:\n{}\n{}", run.log, c.logs());
    assert_eq!(run.log.matches("rgen-smoke-test: ok: shard").count(), 3, "one hit per shard:\n{}", run.log);
    assert!(run.log.contains("passed: 3 shards written and read"), "{}", run.log);
    println!("e2e: redis: smoke test passed on a healthy cluster in {:.1}s", run.took.as_secs_f64());

    // A whole shard lost: master and replica gone.
    let master = c.pods.keys().copied().find(|o| *o < 3).unwrap();
    let replica = master + 3;
    c.stop(master, true);
    c.stop(replica, true);
    // As a user would, once the cluster noticed (cluster-node-timeout).
    let witness = c.pods.values().next().unwrap().ip.clone();
    eventually("the cluster marks the shard failed", Duration::from_secs(30), || {
        let nodes = view::nodes(&c, &witness)?;
        let failed = nodes.iter().filter(|n| n.flags.split(',').any(|f| f == "fail")).count();
        if failed == 2 { Ok(()) } else { Err(format!("{nodes:?}")) }
    });
    let job = c.start_job_of("smoke-test");
    let run = c.finish_job(job);
    assert!(!run.success, "the smoke test passed with a shard lost:\n{}", run.log);
    let said = run.log.lines().find(|l| l.contains("FAILED")).unwrap_or_default().to_owned();
    assert!(said.contains("of 16384 slots are served by a healthy master"), "a clear message:\n{}", run.log);
    println!("e2e: redis: smoke test with a shard lost failed in {:.1}s: {said}", run.took.as_secs_f64());
}

on_both_engines!(sentinel_smoke_test: e2e_smoke_test_reads_the_counter_back_from_every_sentinel_replica, e2e_valkey_smoke_test_reads_the_counter_back_from_every_sentinel_replica);

/// On both engines: a Valkey replica once read the counter as missing right after a WAIT that
/// had returned at once (WAIT counts only its own connection's writes), which the Redis-only
/// run never showed.
fn sentinel_smoke_test(engine: super::engine::Engine) {
    let bundle = Variant { engine, tls: false }.render(super::sentinel_scenarios::VALUES, &["smokeTest.enabled=true"]);
    let mut s = SentinelSet::new('W', 75, bundle, engine);
    for ordinal in 0..3 {
        s.start(ordinal);
    }
    super::sentinel_scenarios::wait_settled(&s, 0, "formation");
    let (passed, log) = s.run_smoke_test();
    assert!(passed, "the smoke test failed on a healthy deployment:\n{log}\n{}", s.logs());
    assert!(log.contains("read back on 2 replicas"), "{log}");

    s.stop(2, true);
    let (passed, log) = s.run_smoke_test();
    assert!(!passed, "the smoke test passed with a replica gone:\n{log}");
    let said = log.lines().find(|l| l.contains("FAILED")).unwrap_or_default().to_owned();
    assert!(said.contains("replicas within 3 s") || said.contains("reads the counter"), "a clear message:\n{log}");
    println!("e2e: {}: sentinel smoke test with a replica gone failed: {said}", engine.name());
}
