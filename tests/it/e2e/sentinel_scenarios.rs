//! End to end for Sentinel mode, on real redis-server and Sentinel processes run from the
//! rendered bundle (see tests/e2e/): parallel formation elects exactly one master, a client that
//! asks the Sentinels for the master writes keys, a killed master fails over within
//! down-after + failover-timeout and comes back as a replica, and a restart of every pod on new
//! addresses keeps exactly one master and every key, and so do a rolling restart, a master
//! restarting during its failover and a master whose volume was wiped. A watcher fails the test
//! if two pods are ever masters at once.

use std::time::{Duration, Instant};

use super::Variant;
use super::cluster::eventually;
use super::sentinel::{Role, SentinelSet};

pub(super) const VALUES: &str = "tests/it/e2e/sentinel.yaml";

pub(super) fn report(label: &str, step: &str, took: Duration) {
    println!("e2e timing: {label}: sentinel {step}: {:.1}s", took.as_secs_f64());
}

/// One master (`master`), every other pod its replica with the link up, and every Sentinel
/// naming it and knowing the other Sentinels and the replicas.
fn settled(s: &SentinelSet, master: u32) -> Result<(), String> {
    let master_host = s.bundle.known_name(master);
    let pods = s.pods.len();
    for ordinal in s.pods.keys().copied() {
        let role = s.role(ordinal)?;
        let expected =
            if ordinal == master { Role::Master } else { Role::Replica { master: master_host.clone(), link_up: true } };
        if role != expected {
            return Err(format!("pod {ordinal} is {role:?}, expected {expected:?}"));
        }
        let named = s.sentinel_master(ordinal)?;
        if named != master_host {
            return Err(format!("the Sentinel of pod {ordinal} names {named}"));
        }
        let (sentinels, replicas) = s.sentinel_peers(ordinal)?;
        if (sentinels, replicas) != (pods - 1, pods - 1) {
            return Err(format!("the Sentinel of pod {ordinal} knows {sentinels} Sentinels and {replicas} replicas"));
        }
    }
    Ok(())
}

pub(super) fn wait_settled(s: &SentinelSet, master: u32, step: &str) -> Duration {
    let start = Instant::now();
    loop {
        match settled(s, master) {
            Ok(()) => return start.elapsed(),
            Err(e) if start.elapsed() > Duration::from_secs(90) => panic!("{step}: not settled: {e}\n{}", s.logs()),
            Err(_) => std::thread::sleep(Duration::from_millis(200)),
        }
    }
}

/// Waits until the deployment settles on whichever master the Sentinels name (asked again each
/// round: a failover may still change it); returns that master and how long it took.
pub(super) fn wait_settled_on_any(s: &SentinelSet, step: &str) -> (u32, Duration) {
    let start = Instant::now();
    loop {
        let result = s.master_connection().and_then(|(master, _)| settled(s, master).map(|()| master));
        match result {
            Ok(master) => return (master, start.elapsed()),
            Err(e) if start.elapsed() > Duration::from_secs(90) => panic!("{step}: not settled: {e}\n{}", s.logs()),
            Err(_) => std::thread::sleep(Duration::from_millis(200)),
        }
    }
}

/// Writes `count` keys through the master the Sentinels name, and waits until every replica
/// acknowledged them (WAIT), so they count as replicated.
fn write(s: &SentinelSet, prefix: &str, count: usize, replicas: usize) -> Vec<String> {
    let (_, mut con) = s.master_connection().unwrap_or_else(|e| panic!("no master via the Sentinels: {e}"));
    let keys: Vec<String> = (0..count).map(|i| format!("{prefix}:{i}")).collect();
    for key in &keys {
        let _: () = redis::cmd("SET").arg(key).arg(format!("v-{key}")).query(&mut con).expect("SET on the master");
    }
    let acked: usize = redis::cmd("WAIT").arg(replicas).arg(5000).query(&mut con).expect("WAIT");
    assert_eq!(acked, replicas, "every replica acknowledges the writes");
    keys
}

fn verify(s: &SentinelSet, keys: &[String]) -> Result<(), String> {
    let (_, mut con) = s.master_connection()?;
    for key in keys {
        let value: Option<String> = redis::cmd("GET").arg(key).query(&mut con).map_err(|e| e.to_string())?;
        if value.as_deref() != Some(format!("v-{key}").as_str()) {
            return Err(format!("{key} is {value:?}"));
        }
    }
    Ok(())
}

on_every_variant!(sentinel_elects_one_master_fails_over_and_survives_a_full_restart: e2e_sentinel_elects_one_master_fails_over_and_survives_a_full_restart, e2e_valkey_sentinel_elects_one_master_fails_over_and_survives_a_full_restart, e2e_tls_sentinel_elects_one_master_fails_over_and_survives_a_full_restart);

fn sentinel_elects_one_master_fails_over_and_survives_a_full_restart(variant: Variant) {
    let mut s = SentinelSet::new('S', 71, variant.render(VALUES, &[]), variant.engine);
    let v = s.bundle.values.sentinel.clone();

    // a. Parallel start of every pod: exactly one master (pod 0), two replicas, Sentinels agree.
    let start = Instant::now();
    for ordinal in 0..3 {
        s.start(ordinal);
    }
    wait_settled(&s, 0, "a. formation");
    s.assert_engine();
    report(&variant.label(), "a. formation", start.elapsed());

    // b. A client asks the Sentinels for the master and writes.
    let mut keys = write(&s, "a", 300, 2);

    // c. The master crashes: a replica is promoted within down-after + failover-timeout, the
    //    client finds it through the Sentinels, no key is lost.
    s.stop(0, true);
    let bound = Duration::from_millis(u64::from(v.down_after_milliseconds + v.failover_timeout));
    let (new_master, took) = eventually("c. promotion", bound + Duration::from_secs(5), || {
        let (master, _) = s.master_connection()?;
        match (master != 0, s.role(master)?) {
            (true, Role::Master) => Ok(master),
            (_, role) => Err(format!("the Sentinels name pod {master}, which is {role:?}")),
        }
    });
    report(&variant.label(), "c. promotion after the master crashed", took);
    assert!(took <= bound, "promotion took {took:?}, more than down-after + failover-timeout {bound:?}");
    eventually("c. keys after failover", Duration::from_secs(10), || verify(&s, &keys));
    keys.extend(write(&s, "c", 100, 1));

    //    The old master comes back (new address) and rejoins as a replica of the new master.
    s.start(0);
    let took = wait_settled(&s, new_master, "c. old master rejoins");
    report(&variant.label(), "c. old master back as a replica", took);
    assert!(s.pods[&0].redis.log_text().contains("as replica of"), "{}", s.logs());
    keys.extend(write(&s, "c2", 100, 2));
    verify(&s, &keys).unwrap();

    // d. Every pod stops, and all start again at once on new addresses: the Sentinels start
    //    from their saved state (the master they elected last), exactly one master, every key.
    //    If that master's Redis answers later than down-after (2 s here; it first waits for a
    //    Sentinel majority), the Sentinels fail over to an up-to-date replica as for any other
    //    failure; which of the two happened is printed.
    s.stop_all();
    let start = Instant::now();
    for ordinal in 0..3 {
        s.start(ordinal);
    }
    let (master, _) = wait_settled_on_any(&s, "d. full restart");
    report(&variant.label(), "d. full restart on new addresses", start.elapsed());
    let outcome =
        if master == new_master { "the last master kept".to_owned() } else { format!("failed over to pod {master}") };
    println!("e2e: {}: sentinel d. full restart: {outcome}", variant.label());
    for ordinal in 0..3 {
        let log = s.pods[&ordinal].sentinel.log_text();
        let remembered = format!("saved state: master {}", s.bundle.hostname(new_master));
        assert!(log.contains(&remembered), "d. the Sentinel of pod {ordinal} did not use its saved state:\n{log}");
    }
    verify(&s, &keys).unwrap_or_else(|e| panic!("d. keys after the full restart: {e}\n{}", s.logs()));

    // e. A rolling restart, highest ordinal first as a StatefulSet updates, each pod waited for
    //    until its rendered readiness probes pass (a replica is Ready once it replicates): the
    //    master's restart fails over or it comes back as master, never beside a second one; no
    //    key is lost.
    let start = Instant::now();
    for ordinal in (0..3).rev() {
        s.stop(ordinal, false);
        s.start(ordinal);
        eventually("e. pod ready", Duration::from_secs(60), || {
            if s.ready(ordinal) { Ok(()) } else { Err(format!("pod {ordinal} is not ready")) }
        });
    }
    let (master, _) = wait_settled_on_any(&s, "e. rolling restart");
    report(&variant.label(), "e. rolling restart", start.elapsed());
    verify(&s, &keys).unwrap_or_else(|e| panic!("e. keys after the rolling restart: {e}\n{}", s.logs()));
    keys.extend(write(&s, "e", 100, 2));

    // f. The master is lost (no preStop handoff) and stays away past down-after: when it starts
    //    again while the Sentinels fail it over, it waits for their verdict and comes back as a
    //    replica.
    let old = master;
    let other = (0..3).find(|o| *o != old).unwrap();
    s.stop(old, true);
    eventually("f. the Sentinels see the master down", Duration::from_secs(30), || match s.master_flags(other)? {
        flags if flags.contains("s_down") => Ok(()),
        flags => Err(flags),
    });
    s.start(old);
    let (promoted, took) = eventually("f. promotion", Duration::from_secs(60), || {
        let (master, _) = s.master_connection()?;
        if master == old { Err(format!("pod {old} is still named")) } else { Ok(master) }
    });
    report(&variant.label(), "f. promotion while the old master restarts", took);
    wait_settled(&s, promoted, "f. old master back as a replica");
    let log = s.pods[&old].redis.log_text();
    assert!(log.contains("starting as replica of"), "f. pod {old} did not come back as a replica:\n{log}");
    verify(&s, &keys).unwrap_or_else(|e| panic!("f. keys: {e}\n{}", s.logs()));

    // g. The master's volume is lost and the pod comes back at once, before the Sentinels see
    //    it down. It must not return as an empty master (its replicas would drop their data): it
    //    waits, unreachable, until the Sentinels promote a replica that has the data, and then
    //    replicates it.
    let (lost, _) = s.master_connection().unwrap();
    s.stop(lost, true);
    s.wipe(lost);
    s.start(lost);
    let start = Instant::now();
    let promoted = loop {
        match s.master_connection() {
            Ok((master, _)) if master != lost => break master,
            _ if start.elapsed() > Duration::from_secs(90) => {
                panic!("g. pod {lost} is still named after 90s\n{}", s.logs())
            }
            _ => std::thread::sleep(Duration::from_millis(200)),
        }
    };
    let took = start.elapsed();
    report(&variant.label(), "g. failover away from a master with a wiped volume", took);
    // A failover slower than the pod's wait (a first attempt aborted under load) makes it exit
    // to be retried, never start empty; the kubelet restarts it.
    let first = s.pods[&lost].redis.log_text();
    if s.restart_redis_if_exited(lost) {
        println!("e2e: {}: sentinel g. pod {lost} gave up waiting and was restarted", variant.label());
    }
    wait_settled(&s, promoted, "g. wiped master back as a replica");
    assert!(first.contains("its volume is empty"), "g. pod {lost}:\n{first}");
    for log in [first, s.pods[&lost].redis.log_text()] {
        assert!(!log.contains("starting as master"), "g. pod {lost}:\n{log}");
    }
    verify(&s, &keys).unwrap_or_else(|e| panic!("g. keys after the wiped master: {e}\n{}", s.logs()));

    // The Sentinels' saved state is on the pods' volumes; the password never is.
    let password = s.password();
    for ordinal in 0..3 {
        let saved = std::fs::read_to_string(s.data_dir(ordinal).join("sentinel-state.conf")).unwrap();
        assert!(saved.contains("sentinel monitor"), "{saved}");
        assert!(!saved.contains(&password), "pod {ordinal}'s saved Sentinel state holds the password");
    }

    let violations = s.violations();
    assert!(violations.is_empty(), "two masters at once: {violations:?}\n{}", s.logs());
}
