//! End to end, cluster mode: a rolling update under continuous writes. Each pod is deleted as
//! Kubernetes deletes it (the rendered preStop hook, then SIGTERM), stays away for twice the
//! node timeout, and comes back on a new address; the next pod goes only once the rendered
//! readiness probe passes, highest ordinal first, as a StatefulSet rolls. Every master hands
//! its slots to its replica before it stops. On Redis, a second update then changes the image
//! to Valkey. The figures are printed.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use super::Variant;
use super::cluster::{Cluster, eventually};
use super::cluster_scenarios::{VALUES, healthy, report};
use super::engine::Engine;
use super::view::{self, ClusterWrites};
use super::writer::Writer;

/// Whether the node at `ip` is a master with slots.
fn serves_slots(c: &Cluster, ip: &str) -> bool {
    view::nodes(c, ip)
        .is_ok_and(|t| t.iter().any(|n| n.flags.contains("myself") && n.is_master() && !n.slots.is_empty()))
}

/// Rolls every pod, highest ordinal first, each away for `away`; returns each master's preStop
/// time and log.
pub(super) fn rolling_update(c: &mut Cluster, step: &str, away: Duration) -> Vec<(Duration, String)> {
    let mut handoffs = Vec::new();
    for ordinal in (0..c.bundle.values.pods()).rev() {
        let was_master = serves_slots(c, c.ip(ordinal));
        let hook = c.stop(ordinal, false);
        if was_master {
            handoffs.push(hook);
        }
        std::thread::sleep(away);
        c.start(ordinal);
        eventually(&format!("{step}: pod {ordinal} ready"), Duration::from_secs(90), || {
            if c.pods[&ordinal].process.probe("readinessProbe") { Ok(()) } else { Err("not ready".into()) }
        });
        let info = view::info(c, c.ip(ordinal), "replication").unwrap();
        assert!(
            info.contains("role:master") || info.contains("master_link_status:up"),
            "{step}: pod {ordinal} was Ready before its data was copied:\n{info}"
        );
    }
    handoffs
}

on_every_variant!(cluster_rolling_update_hands_masters_over_under_writes: e2e_cluster_rolling_update_hands_masters_over_under_writes, e2e_valkey_cluster_rolling_update_hands_masters_over_under_writes, e2e_tls_cluster_rolling_update_hands_masters_over_under_writes);

fn cluster_rolling_update_hands_masters_over_under_writes(v: Variant) {
    let mut c = Cluster::new('U', 63, v.render(VALUES, &[]), v.engine);
    for ordinal in 0..6 {
        c.start(ordinal);
    }
    let run = c.run_job();
    assert!(run.success, "the Job failed:\n{}\n{}", run.log, c.logs());
    healthy(&c, 3, 1, "formation");
    c.assert_engine();
    let slots_before = view::slot_map(&c, c.ip(0)).unwrap().into_values().collect::<BTreeSet<_>>();

    roll_under_writes(&mut c, "rolling update");
    if v == Variant::REDIS {
        // The image changes from Redis to Valkey: the same rolling update, and every key kept.
        c.set_engine(Engine::Valkey);
        roll_under_writes(&mut c, "rolling update from Redis to Valkey");
        c.assert_engine();
    }

    // The masters stay where the handoffs put them (the slot ranges are unchanged), and the Job
    // re-run on the updated cluster changes nothing.
    let slots_after = view::slot_map(&c, c.ip(0)).unwrap().into_values().collect::<BTreeSet<_>>();
    assert_eq!(slots_after, slots_before, "slot ranges unchanged");
    let run = c.run_job();
    assert!(run.success && run.log.contains("cluster exists"), "the Job after the update:\n{}", run.log);
    assert!(!run.log.contains("adding") && !run.log.contains("moving slots"), "{}", run.log);
}

/// One rolling update while a client writes: every master handed over by its preStop hook, no
/// acknowledged write lost, no key unwritable for more than 2 s.
fn roll_under_writes(c: &mut Cluster, step: &str) {
    eventually("replicas in sync", Duration::from_secs(30), || view::replicas_synced(c));
    let writer = Writer::start(&step.replace(' ', "-"), ClusterWrites::new(c));
    std::thread::sleep(Duration::from_secs(1));
    let start = Instant::now();
    let timeout = Duration::from_millis(u64::from(c.bundle.values.redis.cluster_node_timeout));
    let handoffs = rolling_update(c, step, 2 * timeout);
    let took = start.elapsed();
    std::thread::sleep(Duration::from_secs(1));
    let what = format!("{}: cluster {step}", c.label());
    let (writes, lost) = writer.finish(&what);
    report(&c.label(), &format!("{step} of 6 pods (each away 2 x cluster-node-timeout)"), took);
    let longest_hook = handoffs.iter().map(|h| h.0).max().unwrap_or_default();
    println!("e2e: {what}: {} masters handed over, longest preStop {:.1}s", handoffs.len(), longest_hook.as_secs_f64());
    // A master at a high ordinal hands over to a replica that is rolled later and hands back,
    // so a shard may fail over twice in one update.
    assert!(handoffs.len() >= 3, "{step}: only {} masters were handed over", handoffs.len());
    for (_, log) in &handoffs {
        assert!(log.contains("(CLUSTER FAILOVER)") && log.contains("is master now; this node follows it"), "{log}");
    }
    writes.assert_safe(&lost, Duration::from_secs(2), &what, || c.logs());
    healthy(c, 3, 1, step);
}
