//! End to end, cluster scale-in on real processes: a 3×1 cluster grown to 4×1 (pods 6 and 7
//! form the fourth shard) is shrunk back the way docs/cluster.md says, in two applies (drain
//! with `cluster.drainFrom`, then the smaller size), while a client INCRs one key in each of the
//! 16384 slots. Also: a shrink applied without the drain is refused by the Job with nothing
//! forgotten and healed by re-applying the previous size; 3×2 → 3×1 with a master on a leaving
//! ordinal; scaling out again onto the claims the removed pods left. Figures are printed.

use std::time::{Duration, Instant};

use super::cluster::{Cluster, eventually};
use super::cluster_scenarios::{VALUES, healthy, my_ids, report};
use super::engine::Engine;
use super::pods::Bundle;
use super::view::{self, ClusterWrites, Keys};
use super::writer::{Writer, keys_on_every_slot};

const GROWN: &[&str] = &["cluster.masters=4"];
pub(super) const DRAIN_4X1: &[&str] = &["cluster.drainFrom.masters=4", "cluster.drainFrom.replicasPerMaster=1"];
const GROWN_3X2: &[&str] = &["cluster.replicasPerMaster=2"];
const DRAIN_3X2: &[&str] = &["cluster.drainFrom.masters=3", "cluster.drainFrom.replicasPerMaster=2"];

/// The mean round trip of `CLUSTER SETSLOT <slot> NODE <itself>` on pod `ordinal` (a master
/// with a replica), over one connection: what each of the four SETSLOTs of a slot move costs.
/// Valkey 8 replicates every SETSLOT to the replicas and waits for them before it applies it
/// (valkey-io/valkey#245), and rewrites nodes.conf through a temporary file; Redis 7.0 does
/// neither. This is why a slot move, and so a scale-out or a drain, is slower on Valkey 8.
fn setslot_round_trip(c: &Cluster, ordinal: u32) -> Duration {
    let ip = c.ip(ordinal).to_owned();
    let client = c.access.client(&ip, c.bundle.values.redis.port, &c.password()).unwrap();
    let mut con = client.get_connection_with_timeout(Duration::from_secs(2)).unwrap();
    let me = view::nodes(c, &ip).unwrap().into_iter().find(|n| n.flags.contains("myself")).unwrap();
    assert!(me.is_master(), "pod {ordinal} is a master");
    let slot: String = me.slots.split(['-', ' ']).next().unwrap().to_owned();
    let rounds = 200;
    let start = Instant::now();
    for _ in 0..rounds {
        let _: () = redis::cmd("CLUSTER").arg("SETSLOT").arg(&slot).arg("NODE").arg(&me.id).query(&mut con).unwrap();
    }
    start.elapsed() / rounds
}

/// DBSIZE of pod `ordinal`, once its server answers (it may still be starting or loading).
fn keys_held(c: &Cluster, ordinal: u32) -> String {
    eventually(&format!("pod {ordinal} answers DBSIZE"), Duration::from_secs(30), || {
        view::command(c, c.ip(ordinal), &["DBSIZE"])
    })
    .0
}

/// Runs the bundle's Job, which must succeed.
fn job_succeeds(c: &mut Cluster, step: &str) -> String {
    let run = c.run_job();
    assert!(run.success, "{step}: the Job failed:\n{}\n{}", run.log, c.logs());
    report(&c.label(), &format!("{step} (Job)"), run.took);
    run.log
}

/// The node IDs each running pod lists.
fn listed(c: &Cluster, ordinal: u32) -> Vec<String> {
    let mut ids: Vec<String> = view::nodes(c, c.ip(ordinal)).unwrap().into_iter().map(|n| n.id).collect();
    ids.sort();
    ids
}

/// Every pod in `kept` lists exactly the nodes of `kept`; every other running pod holds no key
/// and knows no other node.
fn drained(c: &Cluster, kept: u32, step: &str) {
    let mut ids: Vec<String> = my_ids(c).into_iter().filter(|(o, _)| *o < kept).map(|(_, id)| id).collect();
    ids.sort();
    for (&ordinal, pod) in &c.pods {
        if ordinal < kept {
            assert_eq!(listed(c, ordinal), ids, "{step}: pod {ordinal} lists exactly the kept nodes");
        } else {
            let keys = view::command(c, &pod.ip, &["DBSIZE"]).unwrap_or_else(|e| e);
            let info = view::command(c, &pod.ip, &["CLUSTER", "INFO"]).unwrap();
            assert_eq!(keys, "0", "{step}: leaving pod {ordinal} holds no key");
            assert!(info.contains("cluster_known_nodes:1\r\n"), "{step}: leaving pod {ordinal} is alone:\n{info}");
        }
    }
}

/// Applies `drain` (the StatefulSet must not change: no pod rolls), runs its Job, checks the
/// leaving pods are empty, then applies `target` (the pods above `kept` go) and runs its Job.
fn scale_in(c: &mut Cluster, drain: Bundle, target: Bundle, kept: u32, step: &str) {
    assert_eq!(drain.one("StatefulSet"), c.bundle.one("StatefulSet"), "{step}: the drain apply changes no pod");
    c.bundle = drain;
    let log = job_succeeds(c, &format!("{step}: drain"));
    assert!(log.contains(&format!("draining e2e-{kept} ..")), "{step}:\n{log}");
    drained(c, kept, step);
    let again = job_succeeds(c, &format!("{step}: drain Job re-run"));
    assert!(!again.contains("moving") && !again.contains("resetting"), "{step}: a re-run changes nothing:\n{again}");
    drained(c, kept, step);
    c.bundle = target;
    let pods: Vec<u32> = c.pods.keys().copied().filter(|o| *o >= kept).collect();
    for ordinal in pods.into_iter().rev() {
        c.stop(ordinal, false);
    }
    job_succeeds(c, &format!("{step}: shrink"));
}

/// A failover puts a master on pod `promoted`; then, while a client INCRs one key in every slot,
/// [`scale_in`] to `kept` = masters × replicas; no acknowledged write may be lost.
pub(super) fn scale_in_under_writes(
    c: &mut Cluster,
    promoted: u32,
    drain: Bundle,
    target: Bundle,
    kept: (usize, usize),
    step: &str,
) {
    eventually(&format!("{step}: replicas in sync"), Duration::from_secs(30), || view::replicas_synced(c));
    let _ = view::command(c, c.ip(promoted), &["CLUSTER", "FAILOVER"]);
    eventually(&format!("{step}: pod {promoted} is master"), Duration::from_secs(30), || {
        let info = view::info(c, c.ip(promoted), "replication")?;
        if info.contains("role:master") { Ok(()) } else { Err(info) }
    });
    let writer = Writer::start_on(keys_on_every_slot(&step[..1]), ClusterWrites::new(c));
    std::thread::sleep(Duration::from_secs(3));
    let start = Instant::now();
    let pods = (kept.0 * (1 + kept.1)) as u32;
    scale_in(c, drain, target, pods, step);
    healthy(c, kept.0, kept.1, step);
    report(&c.label(), &format!("{step}, both applies"), start.elapsed());
    let what = format!("{}: {step}, one key per slot", c.label());
    let (writes, lost) = writer.finish(&what);
    // A round over 16384 keys takes seconds (more on a loaded machine), so the time between two
    // writes of one key says little; the outage is from a failed write to the next acknowledged.
    writes.assert_safe(&lost, Duration::from_secs(120), &what, || c.logs());
    assert!(writes.failing <= Duration::from_secs(10), "{what}: a key failed for {:?}\n{}", writes.failing, c.logs());
}

on_both_engines!(cluster_scale_in: e2e_cluster_scales_in_without_losing_a_key, e2e_valkey_cluster_scales_in_without_losing_a_key);

fn cluster_scale_in(engine: Engine) {
    let render = |sets: &[&[&str]]| Bundle::render(VALUES, &sets.concat());
    let mut c = Cluster::new('J', 79, render(&[]), engine);
    for ordinal in 0..6 {
        c.start(ordinal);
    }
    job_succeeds(&mut c, "formation 3x1");
    c.bundle = render(&[GROWN]);
    c.start(6);
    c.start(7);
    job_succeeds(&mut c, "scale-out to 4x1");
    healthy(&c, 4, 1, "4x1");
    let is_master = |o: &u32| view::info(&c, c.ip(*o), "replication").is_ok_and(|i| i.contains("role:master"));
    let master = (0..8).find(is_master).expect("a master");
    let trip = setslot_round_trip(&c, master);
    println!(
        "e2e: {}: CLUSTER SETSLOT round trip on a master with a replica: {:.2} ms (a slot move sends four)",
        c.label(),
        trip.as_secs_f64() * 1000.0
    );
    let keys = eventually("writing keys", Duration::from_secs(30), || Keys::write(&c, "a", 2000)).0;
    let grown_ids = my_ids(&c);

    // a. The shrink applied without the drain: pods 7 and 6 go with the fourth shard. The Job
    //    names the slots and forgets nothing; re-applying 4 masters brings the pods back with
    //    their claims and every key.
    c.bundle = render(&[]);
    c.stop(7, false);
    c.stop(6, false);
    let run = c.run_job();
    assert!(!run.success, "a. the Job must refuse:\n{}", run.log);
    assert!(run.log.contains("still owns slots") && run.log.contains("at least 8 pods"), "a.\n{}", run.log);
    for ordinal in 0..6 {
        assert_eq!(listed(&c, ordinal).len(), 8, "a. pod {ordinal} forgot nothing");
    }
    assert!(c.data_dir(6).join("nodes.conf").exists(), "a. the claims stay");
    let start = Instant::now();
    c.bundle = render(&[GROWN]);
    c.start(6);
    c.start(7);
    job_succeeds(&mut c, "a. previous size re-applied");
    healthy(&c, 4, 1, "a. healed");
    eventually("a. every key back", Duration::from_secs(30), || keys.verify(&c));
    assert_eq!(my_ids(&c), grown_ids, "a. the same nodes came back");
    report(&c.label(), "a. skipped drain refused, then healed by re-applying 4x1", start.elapsed());

    // b. 4x1 -> 3x1 under writes on every slot, after a failover put the fourth shard's master
    //    on pod 7: its slots move onto the three kept masters.
    let step = "b. scale-in 4x1 -> 3x1 (fourth shard's master on pod 7 after a failover)";
    scale_in_under_writes(&mut c, 7, render(&[DRAIN_4X1]), render(&[]), (3, 1), step);
    keys.verify(&c).unwrap();

    // c. 3x1 -> 3x2 onto the claims pods 6 and 7 kept: they come back empty, as new nodes.
    c.bundle = render(&[GROWN_3X2]);
    for ordinal in 6..9 {
        c.start(ordinal);
    }
    for ordinal in 6..8 {
        assert_eq!(keys_held(&c, ordinal), "0", "c. pod {ordinal} returns with no key");
    }
    job_succeeds(&mut c, "c. scale-out to 3x2 onto old claims");
    healthy(&c, 3, 2, "c. 3x2");
    let ids = my_ids(&c);
    for ordinal in 6..8 {
        let old = &grown_ids.iter().find(|(o, _)| *o == ordinal).unwrap().1;
        assert!(!ids.contains(&(ordinal, old.clone())), "c. pod {ordinal} reuses no old node ID");
    }

    // d. 3x2 -> 3x1 (replicas only) with a master on leaving pod 8 (a failover): it hands over
    //    to a replica on a kept pod, no slot moves.
    let step = "d. scale-in 3x2 -> 3x1 (a master on leaving pod 8 after a failover)";
    scale_in_under_writes(&mut c, 8, render(&[DRAIN_3X2]), render(&[]), (3, 1), step);

    // e. 3x1 -> 4x1 again onto the old claims: the new fourth shard starts empty and only gets
    //    the keys the rebalance moves to it.
    c.bundle = render(&[GROWN]);
    c.start(6);
    c.start(7);
    assert_eq!(keys_held(&c, 6), "0", "e. pod 6 serves no key from before");
    let start = Instant::now();
    job_succeeds(&mut c, "e. scale-out to 4x1 onto old claims");
    healthy(&c, 4, 1, "e. 4x1");
    report(&c.label(), "e. scale-out 3x1 -> 4x1 onto the old claims", start.elapsed());
    keys.verify(&c).unwrap();
}
