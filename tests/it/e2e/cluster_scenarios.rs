//! End to end, on real redis-server and redis-cli processes run from the rendered bundle (see
//! tests/e2e/): the bootstrap Job forms the cluster, re-runs change nothing, a killed master
//! fails over, pods come back on new addresses (one, then all at once), the cluster scales out
//! and a pod with a wiped volume is re-attached. A real cluster client checks that every
//! acknowledged key survives. Timings are printed.

use std::time::{Duration, Instant};

use super::Variant;
use super::cluster::{Cluster, eventually};
use super::engine::Engine;
use super::pods::Bundle;
use super::view::{self, Keys};

pub(super) const VALUES: &str = "tests/it/e2e/cluster.yaml";
const HEAL: Duration = Duration::from_secs(90);

pub(super) fn report(label: &str, step: &str, took: Duration) {
    println!("e2e timing: {label}: {step}: {:.1}s", took.as_secs_f64());
}

pub(super) fn healthy(c: &Cluster, masters: usize, replicas: usize, step: &str) -> Duration {
    let start = Instant::now();
    let deadline = start + HEAL;
    loop {
        match view::healthy(c, masters, replicas) {
            Ok(()) => return start.elapsed(),
            Err(e) if Instant::now() >= deadline => {
                panic!("{step}: cluster not healthy within {HEAL:?}: {e}\n{}", c.logs())
            }
            Err(_) => std::thread::sleep(Duration::from_millis(200)),
        }
    }
}

pub(super) fn my_ids(c: &Cluster) -> Vec<(u32, String)> {
    c.pods
        .iter()
        .map(|(o, p)| (*o, view::nodes(c, &p.ip).unwrap().into_iter().find(|n| n.flags.contains("myself")).unwrap().id))
        .collect()
}

on_every_variant!(cluster_forms_heals_and_scales_out: e2e_cluster_forms_heals_and_scales_out, e2e_valkey_cluster_forms_heals_and_scales_out, e2e_tls_cluster_forms_heals_and_scales_out);

fn cluster_forms_heals_and_scales_out(v: Variant) {
    let mut c = Cluster::new('L', 61, v.render(VALUES, &[]), v.engine);

    // a. Fresh formation, auth on; the Job starts before the pods, and one pod restarts (new
    //    address) before the cluster is formed.
    let start = Instant::now();
    let job = c.start_job();
    for ordinal in 0..6 {
        c.start(ordinal);
    }
    std::thread::sleep(Duration::from_millis(500));
    c.restart(2);
    let run = c.finish_job(job);
    assert!(run.success, "a. the Job failed:\n{}\n{}", run.log, c.logs());
    assert!(run.log.contains("forming 3 masters x 1 replicas"), "{}", run.log);
    healthy(&c, 3, 1, "a. formation");
    c.assert_engine();
    report(&v.label(), "a. formation (Job started before the pods)", start.elapsed());
    let mut keys = eventually("a. writing keys", Duration::from_secs(30), || Keys::write(&c, "a", 300)).0;
    keys.verify(&c).unwrap();

    // b. Re-running the Job on the formed cluster changes nothing.
    let ids = my_ids(&c);
    let slots = view::slot_map(&c, c.ip(0)).unwrap();
    let run = c.run_job();
    assert!(run.success, "b. the Job failed:\n{}", run.log);
    assert!(run.log.contains("cluster exists"), "{}", run.log);
    assert!(
        !run.log.contains("adding") && !run.log.contains("moving slots"),
        "b. a no-op run changed something:\n{}",
        run.log
    );
    assert_eq!(my_ids(&c), ids, "b. node IDs unchanged");
    assert_eq!(view::slot_map(&c, c.ip(0)).unwrap(), slots, "b. slots unchanged");
    report(&v.label(), "b. no-op re-run of the Job", run.took);

    // c. Killing a master: its replica takes over, every key stays readable; the old master
    //    comes back (new address) as a replica.
    eventually("c. replicas in sync", Duration::from_secs(30), || view::replicas_synced(&c));
    let table = view::nodes(&c, c.ip(0)).unwrap();
    let victim_ip =
        table.iter().find(|n| n.is_master() && n.slots.split(' ').any(|s| s.starts_with("0-"))).unwrap().ip.clone();
    let victim = c.ordinal_of_ip(&victim_ip);
    let start = Instant::now();
    c.stop(victim, true);
    let (_, promoted) = eventually("c. a replica takes over slot 0", HEAL, || {
        let survivor = c.pods.values().next().expect("pods run").ip.clone();
        let table = view::nodes(&c, &survivor)?;
        match table.into_iter().find(|n| n.is_master() && n.slots.split(' ').any(|s| s.starts_with("0-"))) {
            Some(n) if n.ip != victim_ip && !n.flags.contains("fail") => Ok(()),
            other => Err(format!("slot 0 owner: {other:?}")),
        }
    });
    report(&v.label(), "c. replica promoted after killing a master", promoted);
    eventually("c. keys readable after the master was killed", HEAL, || keys.verify(&c));
    report(&v.label(), "c. every key readable again through the cluster client", start.elapsed());
    c.start(victim);
    healthy(&c, 3, 1, "c. old master rejoined");
    report(&v.label(), "c. killed master back as a replica", start.elapsed());
    let me = view::nodes(&c, c.ip(victim)).unwrap().into_iter().find(|n| n.flags.contains("myself")).unwrap();
    assert!(me.flags.contains("slave"), "c. the old master came back as a replica: {me:?}");
    keys.verify(&c).unwrap();

    // d. One pod back on a new address.
    eventually("d. replicas in sync", Duration::from_secs(30), || view::replicas_synced(&c));
    let start = Instant::now();
    c.restart(0);
    healthy(&c, 3, 1, "d. one pod with a new address");
    report(&v.label(), "d. one pod restarted with a new IP", start.elapsed());
    keys.verify(&c).unwrap();

    // e. Every pod stopped and started again on new addresses at once.
    eventually("e. replicas in sync", Duration::from_secs(30), || view::replicas_synced(&c));
    let start = Instant::now();
    c.stop_all();
    for ordinal in 0..6 {
        c.start(ordinal);
    }
    healthy(&c, 3, 1, "e. all pods with new addresses");
    report(&v.label(), "e. all pods restarted with new IPs at once", start.elapsed());
    eventually("e. keys readable", Duration::from_secs(30), || keys.verify(&c));
    keys.written.extend(Keys::write(&c, "e", 100).unwrap().written);

    // f. Scale-out: 4 masters; the new Job adds pod 6 as a master and pod 7 as its replica,
    //    and moves slots onto it.
    let grown = v.render(VALUES, &["cluster.masters=4"]);
    assert_ne!(
        grown.job("bootstrap")["metadata"]["name"],
        c.bundle.job("bootstrap")["metadata"]["name"],
        "f. a new topology gives a new Job"
    );
    assert_eq!(grown.one("StatefulSet")["spec"]["replicas"], 8);
    c.bundle = grown;
    let start = Instant::now();
    c.start(6);
    c.start(7);
    let run = c.run_job();
    assert!(run.success, "f. the scale-out Job failed:\n{}\n{}", run.log, c.logs());
    assert!(
        run.log.contains("adding e2e-6 as a new master") && run.log.contains("adding e2e-7 as replica"),
        "{}",
        run.log
    );
    healthy(&c, 4, 1, "f. scale-out");
    report(&v.label(), "f. scale-out to 4 masters", start.elapsed());
    keys.verify(&c).unwrap();

    // h. A pod whose volume was wiped comes back as a new, empty node; the Job forgets its old
    //    identity and attaches it again as a replica.
    eventually("h. replicas in sync", Duration::from_secs(30), || view::replicas_synced(&c));
    let replica_ip = view::nodes(&c, c.ip(0)).unwrap().into_iter().find(|n| n.flags.contains("slave")).unwrap().ip;
    let wiped = c.ordinal_of_ip(&replica_ip);
    c.stop(wiped, false);
    c.wipe(wiped);
    let start = Instant::now();
    c.start(wiped);
    let run = c.run_job();
    assert!(run.success, "h. the Job failed:\n{}\n{}", run.log, c.logs());
    assert!(run.log.contains("forgetting"), "h. the dead identity is forgotten:\n{}", run.log);
    healthy(&c, 4, 1, "h. wiped pod re-attached");
    report(&v.label(), "h. pod with a wiped volume re-attached", start.elapsed());
    keys.verify(&c).unwrap();
    println!("e2e: {}: {} acknowledged keys, none lost", v.label(), keys.written.len());
}

on_both_engines!(bootstrap_fails_clearly_within_its_bounds: e2e_bootstrap_fails_clearly_within_its_bounds, e2e_valkey_bootstrap_fails_clearly_within_its_bounds);

fn bootstrap_fails_clearly_within_its_bounds(engine: Engine) {
    let mut c = Cluster::new('F', 62, Bundle::render(VALUES, &["cluster.bootstrap.waitTimeoutSeconds=10"]), engine);

    // g1. A pod never comes up: the Job gives up after its wait timeout and names it.
    for ordinal in 0..5 {
        c.start(ordinal);
    }
    let run = c.run_job();
    assert!(!run.success, "g. the Job must fail:\n{}", run.log);
    assert!(run.took < Duration::from_secs(30), "g. bounded: took {:?}", run.took);
    assert!(run.log.contains("gave up after 10s") && run.log.contains("e2e-5 (not in DNS)"), "{}", run.log);
    report(engine.name(), "g. Job with an unreachable pod failed", run.took);

    // g2. A wrong password: the Job stops at once with a clear message.
    c.start(5);
    c.secret_overrides.insert(("e2e-auth".into(), "password".into()), "not-the-password-0000".into());
    let run = c.run_job();
    assert!(!run.success, "g. the Job must fail:\n{}", run.log);
    assert!(run.took < Duration::from_secs(15), "g. fails fast: took {:?}", run.took);
    assert!(run.log.contains("authentication failed against e2e-0"), "{}", run.log);
    report(engine.name(), "g. Job with a wrong password failed", run.took);
}
