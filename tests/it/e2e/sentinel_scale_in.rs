//! End to end, Sentinel scale-in (5 pods to 3) by the procedure docs/sentinel.md gives (its two
//! manual steps, then the apply), with the master on the highest ordinal and a client writing
//! throughout: the leaving replicas get replica-priority 0, the master's pod is deleted (its
//! preStop handoff moves the master to a kept pod), the smaller bundle is applied (the rest
//! rolled while pods 4 and 3 still run, then those deleted), and each remaining Sentinel
//! forgets the removed ones by itself, in turn (start-sentinel.sh). Every remaining Sentinel
//! then knows exactly the 2 others and the 2 replicas, and a killed master fails over within
//! down-after + failover-timeout.

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
    // 1. The leaving pods are never promoted; 2. the master's pod is deleted: its preStop hook
    //    hands over (pausing writers until a replica has every write) to a kept pod, and the pod
    //    comes back as a replica, which gets priority 0 again.
    (3..5).for_each(|o| priority(&s, o, 0));
    priorities_seen(&s, 1, "the Sentinel sees pod 3 at priority 0");
    let (hook, log) = s.stop(4, false);
    assert!(log.contains("is master now; this node follows it"), "the master's preStop hook:\n{log}\n{}", s.logs());
    s.start(4);
    let (kept, _) =
        eventually("the Sentinels name a kept pod", Duration::from_secs(30), || match s.master_connection() {
            Ok((named, _)) if named < 3 => Ok(named),
            Ok((named, _)) => Err(format!("they name pod {named}")),
            Err(e) => Err(e),
        });
    wait_settled(&s, kept, "master moved to a kept pod");
    priority(&s, 4, 0);
    println!("e2e: {}: sentinel scale-in: the master handed over in {:.1}s (preStop)", s.label(), hook.as_secs_f64());
    // 3. The smaller bundle: the others roll, highest first, while pods 4 and 3 are still
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
    // 4. Each remaining Sentinel forgets the removed ones by itself (SENTINEL RESET in its own
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
    let what = format!("{}: sentinel scale-in 5 -> 3 (docs/sentinel.md procedure)", s.label());
    let (writes, lost) = writer.finish(&what);
    report(&s.label(), "scale-in 5 -> 3 pods by the documented procedure", took);
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

on_both_engines!(sentinel_scale_in: e2e_sentinel_scale_in_by_the_documented_procedure, e2e_valkey_sentinel_scale_in_by_the_documented_procedure);
