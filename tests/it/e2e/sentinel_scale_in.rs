//! End to end, Sentinel scale-in (5 pods to 3) in two applies, with the master on the highest
//! ordinal and a client writing throughout. Step 1 (`sentinel.drainFrom`) changes no pod; its
//! drain Job gives the leaving pods replica-priority 0 and hands the master over to a kept pod
//! (writers paused until a replica has every write). Step 2 rolls the rest while pods 4 and 3
//! still run, then those go, and each remaining Sentinel forgets the removed ones by itself, in
//! turn (start-sentinel.sh). Every remaining Sentinel then knows exactly the 2 others and the 2
//! replicas, and a killed master fails over within down-after + failover-timeout.

use std::time::{Duration, Instant};

use super::cluster::eventually;
use super::engine::Engine;
use super::pods::Bundle;
use super::sentinel::{Role, SentinelSet};
use super::sentinel_scenarios::{VALUES, report, wait_settled, wait_settled_on_any};
use super::sentinel_updates::all_ready;
use super::sentinel_view::connect;
use super::sentinel_writes::SentinelWrites;
use super::writer::Writer;

/// `CONFIG GET replica-priority` of the Redis of pod `ordinal`.
fn priority_of(s: &SentinelSet, ordinal: u32) -> String {
    let mut con = connect(&s.access, &s.pods[&ordinal].ip, s.redis_port(), &s.password()).unwrap();
    let reply: Vec<String> = redis::cmd("CONFIG").arg("GET").arg("replica-priority").query(&mut con).unwrap();
    reply[1].clone()
}

/// `CONFIG SET replica-priority` on the Redis of pod `ordinal`.
fn priority(s: &SentinelSet, ordinal: u32, value: u32) {
    let mut con = connect(&s.access, &s.pods[&ordinal].ip, s.redis_port(), &s.password()).unwrap();
    let _: () = redis::cmd("CONFIG").arg("SET").arg("replica-priority").arg(value).query(&mut con).unwrap();
}

/// A command to the Sentinel of pod `ordinal`.
fn sentinel(s: &SentinelSet, ordinal: u32) -> redis::Connection {
    connect(&s.access, &s.pods[&ordinal].ip, s.sentinel_port(), &s.password()).unwrap()
}

/// Waits until the Sentinel of pod 0 reads priority 0 from `count` replicas (INFO, every 10 s).
fn priorities_seen(s: &SentinelSet, count: usize, step: &str) {
    let set = s.bundle.values.sentinel.master_set.clone();
    let mut con = sentinel(s, 0);
    eventually(step, Duration::from_secs(30), || {
        let replicas: Vec<Vec<String>> =
            redis::cmd("SENTINEL").arg("REPLICAS").arg(&set).query(&mut con).map_err(|e| e.to_string())?;
        let blocked = replicas.iter().filter(|r| r.windows(2).any(|w| w[0] == "slave-priority" && w[1] == "0")).count();
        if blocked == count { Ok(()) } else { Err(format!("{blocked} of {count} replicas at priority 0")) }
    });
}

fn sentinel_scale_in(engine: Engine) {
    let five = Bundle::render(VALUES, &["sentinel.replicas=4", "sentinel.quorum=3"]);
    let mut s = SentinelSet::new('X', 80, five, engine);
    for ordinal in 0..5 {
        s.start(ordinal);
    }
    wait_settled(&s, 0, "formation of 5 pods");
    let set = s.bundle.values.sentinel.master_set.clone();

    // The master moves to ordinal 4, the first pod a scale-in removes.
    (1..4).for_each(|o| priority(&s, o, 0));
    priorities_seen(&s, 3, "the Sentinel sees pods 1-3 at priority 0");
    let _: () = redis::cmd("SENTINEL").arg("FAILOVER").arg(&set).query(&mut sentinel(&s, 0)).unwrap();
    wait_settled(&s, 4, "master moved to ordinal 4");
    (1..4).for_each(|o| priority(&s, o, 100));

    let writer = Writer::start("sentinel-scale-in", SentinelWrites::new(&s));
    std::thread::sleep(Duration::from_secs(1));
    let start = Instant::now();
    // 1. Step 1 (drainFrom): no pod changes; the drain Job blocks the leaving pods and moves the
    //    master off pod 4 without losing a write.
    let drain = Bundle::render(VALUES, &["sentinel.replicas=2", "sentinel.quorum=3", "sentinel.drainFrom.replicas=4"]);
    for kind in ["StatefulSet", "ConfigMap"] {
        assert_eq!(drain.one(kind), s.bundle.one(kind), "step 1 leaves the {kind} as it runs");
    }
    s.bundle = drain;
    let (drained, log) = s.run_job_of("bootstrap", Duration::from_secs(900));
    assert!(drained, "the drain Job failed:\n{log}\n{}", s.logs());
    assert!(log.contains("handing it over to a kept pod") && log.contains("is master now"), "{log}");
    for line in log.lines().filter(|l| l.contains("rgen-drain:")) {
        println!("e2e: {}: drain Job: {line}", s.label());
    }
    let (kept, _) = s.master_connection().unwrap();
    assert!(kept < 3, "the Sentinels name pod {kept}:\n{log}");
    for ordinal in 3..5 {
        assert_eq!(priority_of(&s, ordinal), "0", "pod {ordinal} after the drain");
    }
    report(&s.label(), "scale-in step 1: the drain Job (master on pod 4 handed over)", start.elapsed());
    wait_settled(&s, kept, "after the drain");
    let (again, log) = s.run_job_of("bootstrap", Duration::from_secs(900));
    assert!(again && log.contains("nothing to hand over"), "a second run changes nothing:\n{log}");
    assert_eq!(s.master_connection().unwrap().0, kept, "the master stays where the drain put it");
    // 2. Step 2, the smaller bundle: the others roll, highest first, while pods 4 and 3 are still
    //    terminating (a StatefulSet with Parallel pod management does both at once), so the
    //    restarted Sentinels hear the leaving ones' hello messages; then pods 4 and 3 are gone.
    s.bundle = Bundle::render(VALUES, &["sentinel.replicas=2", "sentinel.quorum=2"]);
    for ordinal in (0..3).rev() {
        s.stop(ordinal, false);
        s.start(ordinal);
        all_ready(&s, "scale-in roll");
    }
    std::thread::sleep(Duration::from_secs(3));
    let learned: usize = (0..3).map(|o| s.sentinel_peers(o).map_or(0, |(sentinels, _)| sentinels)).max().unwrap_or(0);
    println!(
        "e2e: {}: sentinel scale-in: restarted Sentinels know up to {learned} others before 3 and 4 go",
        s.label()
    );
    s.stop(4, false);
    s.stop(3, false);
    //    Each remaining Sentinel forgets the removed ones by itself (SENTINEL RESET in its own
    //    time slot, never two at once): every one of them ends knowing the 2 others and 2 replicas.
    let (_, forgot) = eventually("the Sentinels forget the removed pods", Duration::from_secs(90), || {
        for ordinal in 0..3 {
            match s.sentinel_peers(ordinal)? {
                (2, 2) => {}
                other => return Err(format!("the Sentinel of pod {ordinal} knows {other:?} Sentinels and replicas")),
            }
        }
        Ok(())
    });
    report(&s.label(), "the remaining Sentinels forgot the removed pods (after the roll)", forgot);
    let took = start.elapsed();
    let (master, _) = wait_settled_on_any(&s, "after the scale-in");
    let what = format!("{}: sentinel scale-in 5 -> 3 (drain, then shrink)", s.label());
    let (writes, lost) = writer.finish(&what);
    report(&s.label(), "scale-in 5 -> 3 pods, both applies", took);
    writes.assert_safe(&lost, Duration::from_secs(10), &what, || s.logs());

    // A failover is authorized again: only live Sentinels count.
    let v = s.bundle.values.sentinel.clone();
    let bound = Duration::from_millis(u64::from(v.down_after_milliseconds + v.failover_timeout));
    s.stop(master, true);
    let (new, took) = eventually("a failover after the scale-in", bound, || {
        let (named, _) = s.master_connection()?;
        if named == master || s.role(named)? != Role::Master {
            return Err(format!("the Sentinels name pod {named}"));
        }
        Ok(named)
    });
    report(&s.label(), "failover after the scale-in (master killed)", took);
    s.start(master);
    wait_settled(&s, new, "old master back as a replica");
}

on_both_engines!(sentinel_scale_in: e2e_sentinel_scale_in_drains_then_shrinks, e2e_valkey_sentinel_scale_in_drains_then_shrinks);
