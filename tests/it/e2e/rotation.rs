//! End to end: a password rotation under load, the three steps of docs/operations.md, each a
//! rolling update of the rendered bundle. The password lives in a Secret the user manages
//! (`auth.existingSecret`); a client writes throughout and moves to the new password after the
//! first step. No authenticated call may fail, no acknowledged write be lost, and replication
//! never fails to authenticate; at the end the old password is refused everywhere. Cluster and
//! Sentinel mode (where Sentinel's own password and its password for Redis rotate too).

use std::time::Duration;

use super::cluster::Cluster;
use super::cluster_scenarios::{VALUES, healthy, report};
use super::cluster_updates::rolling_update;
use super::engine::Engine;
use super::pods::Bundle;
use super::sentinel::{SentinelSet, connect};
use super::sentinel_scenarios::{report as report_sentinel, wait_settled, wait_settled_on_any};
use super::sentinel_updates;
use super::sentinel_writes::SentinelWrites;
use super::view::ClusterWrites;
use super::writer::Writer;

const SECRET: &str = "e2e-rotating";
/// The longest a key may be unwritable: the handoffs of the three updates.
const LIMIT_CLUSTER: Duration = Duration::from_secs(2);
const LIMIT_SENTINEL: Duration = Duration::from_secs(3);
const OLD: &str = "old-password-0123456789";
const NEW: &str = "new-password-9876543210";

/// The three steps: the Secret key components use, and the keys also accepted.
const STEPS: [(&str, &str, &[&str]); 3] = [
    ("1. the new password accepted too", "password-a", &["password-b"]),
    ("2. components switch to the new password", "password-b", &["password-a"]),
    ("3. the old password removed", "password-b", &[]),
];

/// The bundle of one step: components use Secret key `key`, Redis also accepts `also`.
fn bundle(values: &str, key: &str, also: &[&str]) -> Bundle {
    let sets = [
        "auth.password=null".to_owned(),
        format!("auth.existingSecret.name={SECRET}"),
        format!("auth.existingSecret.key={key}"),
        format!("auth.existingSecret.alsoAcceptKeys=[{}]", also.join(",")),
    ];
    Bundle::render(values, &sets.iter().map(String::as_str).collect::<Vec<_>>())
}

/// Log lines that show a replica failing to authenticate to its master.
fn replication_auth_failures(logs: &str) -> Vec<&str> {
    logs.lines().filter(|l| l.contains("AUTH to MASTER") || l.contains("aborted replication")).collect()
}

#[test]
#[ignore = "e2e: needs root and redis-server; run scripts/test.sh"]
fn e2e_cluster_password_rotation_under_writes() {
    let mut c = Cluster::new('P', 64, bundle(VALUES, "password-a", &[]), Engine::Redis);
    c.secret_overrides.insert((SECRET.into(), "password-a".into()), OLD.into());
    c.secret_overrides.insert((SECRET.into(), "password-b".into()), NEW.into());
    for ordinal in 0..6 {
        c.start(ordinal);
    }
    let run = c.run_job();
    assert!(run.success, "the Job failed:\n{}\n{}", run.log, c.logs());
    healthy(&c, 3, 1, "formation");

    let writes = ClusterWrites::new(&c);
    let client_password = writes.password.clone();
    let writer = Writer::start("rotation", writes);
    let away = Duration::from_secs(1);
    for (step, key, also) in STEPS {
        c.bundle = bundle(VALUES, key, also);
        let start = std::time::Instant::now();
        rolling_update(&mut c, step, away);
        report(&c.label(), &format!("password rotation {step}"), start.elapsed());
        if key == "password-a" {
            // The client moves to the new password while both are accepted.
            *client_password.lock().unwrap() = NEW.into();
        }
    }
    let what = format!("{}: cluster password rotation (3 rolling updates)", c.engine.name());
    let (writes, lost) = writer.finish(&what);
    writes.assert_safe(&lost, LIMIT_CLUSTER, &what, || c.logs());
    let logs = c.rt.all_logs();
    let failures = replication_auth_failures(&logs);
    assert!(failures.is_empty(), "replication failed to authenticate: {failures:?}");

    // Only the new password opens a connection now, on every pod.
    for (ordinal, pod) in &c.pods {
        for (password, accepted) in [(OLD, false), (NEW, true)] {
            let port = c.bundle.values.redis.port;
            let client = c.access.client(&pod.ip, port, password).unwrap();
            let answer = client
                .get_connection_with_timeout(Duration::from_secs(2))
                .and_then(|mut con| redis::cmd("PING").query::<String>(&mut con));
            assert_eq!(answer.is_ok(), accepted, "pod {ordinal} with the {password} password: {answer:?}");
        }
    }
    healthy(&c, 3, 1, "after the rotation");
    let run = c.run_job();
    assert!(run.success, "the Job with the new password:\n{}", run.log);
}

#[test]
#[ignore = "e2e: needs root and redis-server; run scripts/test.sh"]
fn e2e_sentinel_password_rotation_under_writes() {
    let values = super::sentinel_scenarios::VALUES;
    let mut s = SentinelSet::new('Q', 73, bundle(values, "password-a", &[]), Engine::Redis);
    s.secret_overrides.insert((SECRET.into(), "password-a".into()), OLD.into());
    s.secret_overrides.insert((SECRET.into(), "password-b".into()), NEW.into());
    for ordinal in 0..3 {
        s.start(ordinal);
    }
    wait_settled(&s, 0, "formation");

    let writes = SentinelWrites::new(&s);
    let client_password = writes.password.clone();
    let writer = Writer::start("rotation", writes);
    for (step, key, also) in STEPS {
        s.bundle = bundle(values, key, also);
        let (master, _) = s.master_connection().unwrap();
        let start = std::time::Instant::now();
        sentinel_updates::rolling_update(&mut s, master, step, Duration::from_secs(1));
        report_sentinel(&s.label(), &format!("password rotation {step}"), start.elapsed());
        if key == "password-a" {
            *client_password.lock().unwrap() = NEW.into();
        }
    }
    let what = format!("{}: sentinel password rotation (3 rolling updates)", s.engine.name());
    let (writes, lost) = writer.finish(&what);
    writes.assert_safe(&lost, LIMIT_SENTINEL, &what, || s.logs());
    let logs = s.rt.all_logs();
    let failures = replication_auth_failures(&logs);
    assert!(failures.is_empty(), "replication failed to authenticate: {failures:?}");

    // Every Sentinel reaches the master and the replicas (with the new password), and only the
    // new password opens Redis and Sentinel now, on every pod.
    wait_settled_on_any(&s, "after the rotation");
    for (ordinal, pod) in &s.pods {
        for port in [s.redis_port(), s.sentinel_port()] {
            for (password, accepted) in [(OLD, false), (NEW, true)] {
                let answer = connect(&s.access, &pod.ip, port, password)
                    .and_then(|mut con| redis::cmd("PING").query::<String>(&mut con).map_err(|e| e.to_string()));
                assert_eq!(answer.is_ok(), accepted, "pod {ordinal} port {port} with {password}: {answer:?}");
            }
        }
    }
    let violations = s.violations();
    assert!(violations.is_empty(), "two masters at once: {violations:?}");
}
