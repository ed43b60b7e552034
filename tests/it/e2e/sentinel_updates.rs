//! End to end, Sentinel mode, day 2: a master killed right after formation, and again right
//! after a replica restarted, leaves every replica following the new master (the Sentinels know
//! every replica from the start, and each replica re-points itself to the master they name);
//! and a rolling update under continuous writes, in which the master's preStop hook hands over
//! to an in-sync replica (on Redis, a second update changes the image to Valkey). The figures
//! are printed.

use std::time::{Duration, Instant};

use super::cluster::eventually;
use super::engine::Engine;
use super::pods::Bundle;
use super::sentinel::{Role, SentinelSet};
use super::sentinel_scenarios::{VALUES, report, wait_settled, wait_settled_on_any};
use super::sentinel_writes::SentinelWrites;
use super::writer::Writer;

/// Waits until every pod passes its rendered readiness probes.
pub(super) fn all_ready(s: &SentinelSet, step: &str) {
    for ordinal in s.pods.keys().copied() {
        eventually(&format!("{step}: pod {ordinal} ready"), Duration::from_secs(90), || {
            if s.ready(ordinal) { Ok(()) } else { Err(format!("pod {ordinal} is not ready\n{}", s.logs())) }
        });
    }
}

/// Kills the master the Sentinels name and waits until a new one runs and every other running
/// pod replicates it with its link up, within down-after + failover-timeout + 10 s.
fn kill_master_and_follow(s: &mut SentinelSet, step: &str) -> u32 {
    let (old, _) = s.master_connection().unwrap();
    let v = s.bundle.values.sentinel.clone();
    let bound = Duration::from_millis(u64::from(v.down_after_milliseconds + v.failover_timeout) + 10_000);
    s.stop(old, true);
    let (new, took) = eventually(&format!("{step}: every replica follows the new master"), bound, || {
        let (master, _) = s.master_connection()?;
        if master == old || s.role(master)? != Role::Master {
            return Err(format!("pod {master} is named"));
        }
        let host = s.bundle.hostname(master);
        for ordinal in s.pods.keys().copied().filter(|o| *o != master) {
            let role = s.role(ordinal)?;
            if role != (Role::Replica { master: host.clone(), link_up: true }) {
                return Err(format!("pod {ordinal} is {role:?}"));
            }
        }
        Ok(master)
    });
    report(&s.label(), &format!("{step}: every replica follows the new master"), took);
    s.start(old);
    wait_settled(s, new, &format!("{step}: old master back"));
    new
}

on_both_engines!(sentinel_replicas_follow_and_a_rolling_update_hands_over_under_writes: e2e_sentinel_replicas_follow_and_a_rolling_update_hands_over_under_writes, e2e_valkey_sentinel_replicas_follow_and_a_rolling_update_hands_over_under_writes);

fn sentinel_replicas_follow_and_a_rolling_update_hands_over_under_writes(engine: Engine) {
    let mut s = SentinelSet::new('R', 72, Bundle::render(VALUES, &[]), engine);

    // a. The master dies as soon as every pod is Ready (a replica may have attached moments ago).
    for ordinal in 0..3 {
        s.start(ordinal);
    }
    all_ready(&s, "a");
    s.assert_engine();
    let master = kill_master_and_follow(&mut s, "a. master killed right after formation");

    // b. A replica restarts; the master dies as soon as it is Ready again.
    let replica = (0..3).find(|o| *o != master).unwrap();
    s.stop(replica, false);
    s.start(replica);
    all_ready(&s, "b");
    let master = kill_master_and_follow(&mut s, "b. master killed right after a replica restarted");

    // c. A rolling update under writes; on Redis, then a second one that changes the image to
    //    Valkey.
    roll_under_writes(&mut s, master, "c. rolling update");
    if engine == Engine::Redis {
        s.set_engine(Engine::Valkey);
        let (master, _) = s.master_connection().unwrap();
        roll_under_writes(&mut s, master, "d. rolling update from Redis to Valkey");
        s.assert_engine();
    }
    let violations = s.violations();
    assert!(violations.is_empty(), "two masters at once: {violations:?}\n{}", s.logs());
}

/// Rolls every pod, highest ordinal first, each away for `away` and back on a new address, the
/// next one only once the rendered readiness probes pass; returns the preStop time and log of
/// `master`, the pod that was master when the update began.
pub(super) fn rolling_update(s: &mut SentinelSet, master: u32, step: &str, away: Duration) -> Vec<(Duration, String)> {
    let mut handoffs = Vec::new();
    for ordinal in (0..3).rev() {
        let (took, log) = s.stop(ordinal, false);
        if ordinal == master {
            handoffs.push((took, log));
        }
        std::thread::sleep(away);
        s.start(ordinal);
        all_ready(s, step);
    }
    handoffs
}

/// A rolling update while a client writes, highest ordinal first, each pod away 2 x down-after
/// and back on a new address, the next one only once the rendered readiness probes pass: the
/// master is handed over by its preStop hook, no acknowledged write is lost, no key is
/// unwritable for more than 3 s.
fn roll_under_writes(s: &mut SentinelSet, master: u32, step: &str) {
    let down_after = Duration::from_millis(u64::from(s.bundle.values.sentinel.down_after_milliseconds));
    let writer = Writer::start(&step.replace(' ', "-"), SentinelWrites::new(s));
    std::thread::sleep(Duration::from_secs(1));
    let start = Instant::now();
    let handoffs = rolling_update(s, master, step, 2 * down_after);
    let took = start.elapsed();
    std::thread::sleep(Duration::from_secs(1));
    let what = format!("{}: sentinel {step}", s.label());
    let (writes, lost) = writer.finish(&what);
    report(&s.label(), &format!("{step} of 3 pods (each away 2 x down-after)"), took);
    assert_eq!(handoffs.len(), 1, "{step}: the master was rolled once");
    let (hook, log) = &handoffs[0];
    println!("e2e: {what}: master handed over in {:.1}s (preStop)", hook.as_secs_f64());
    assert!(log.contains("is master now; this node follows it"), "{step}: the master's preStop hook:\n{log}");
    writes.assert_safe(&lost, Duration::from_secs(3), &what, || s.logs());
    wait_settled_on_any(s, step);
}
