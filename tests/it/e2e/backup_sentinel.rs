//! End to end, a Sentinel deployment's backup (one RDB, from an in-sync replica) to a real
//! S3-compatible server while a client writes, and its restore into a new deployment after
//! every pod and volume is gone: every key back, the manifest's count on the master and on
//! both replicas. Redis 7.0 and Valkey 8.1.

use std::time::{Duration, Instant};

use super::backup_data::{Con, KEYS, check_manifest, complete, fill, manifest, run_backup, store_dir, verify};
use super::cluster::eventually;
use super::engine::Engine;
use super::pods::Bundle;
use super::sentinel::SentinelSet;
use super::sentinel_scenarios::{VALUES, report, wait_settled};
use super::sentinel_view::connect;
use super::sentinel_writes::SentinelWrites;
use super::store::S3Server;
use super::writer::Writer;

fn dbsize(s: &SentinelSet, ordinal: u32) -> Result<u64, String> {
    let mut con = connect(&s.access, &s.pods[&ordinal].ip, s.redis_port(), &s.password())?;
    redis::cmd("DBSIZE").query(&mut con).map_err(|e| e.to_string())
}

fn sentinel_backup(engine: Engine) {
    let mut s = SentinelSet::new('D', 83, Bundle::render(VALUES, &[]), engine);
    let server = S3Server::start(&s.rt.root.join("s3"), &s.net.gateway(), "rgen");
    let sets = [
        "backup.enabled=true".to_owned(),
        format!("backup.s3.endpoint={}", server.endpoint),
        "backup.s3.bucket=rgen".into(),
        "backup.s3.credentialsSecret=s3-creds".into(),
    ];
    let render = |extra: &[String]| {
        let all: Vec<&str> = sets.iter().chain(extra).map(String::as_str).collect();
        Bundle::render(VALUES, &all)
    };
    s.secret_overrides.extend(S3Server::secrets("s3-creds"));
    s.bundle = render(&[]);
    (0..3).for_each(|o| s.start(o));
    wait_settled(&s, 0, "formation");
    let label = format!("{} (s3)", engine.name());
    fill(Con::Single(&mut s.master_connection().unwrap().1)).unwrap();

    let writer = Writer::start("bk-live", SentinelWrites::new(&s));
    std::thread::sleep(Duration::from_secs(1));
    let (ok, log, took) = run_backup(&mut s.rt, &mut s.net, &s.bundle, &s.secret_overrides);
    let what = format!("{label}: writes during a Sentinel backup");
    let (writes, lost) = writer.finish(&what);
    writes.assert_safe(&lost, Duration::from_secs(5), &what, || s.logs());
    assert!(ok, "the backup failed:\n{log}\n{}", s.logs());
    let dir = store_dir(&s.rt.root, &s.bundle);
    let id = complete(&dir).pop().expect("a complete backup");
    let m = manifest(&dir, &id);
    let keys = check_manifest(&m, 1, "sentinel", engine.name());
    assert!(keys >= KEYS as u64 && m["shards"][0]["role"] == "replica", "{m}");
    report(&label, &format!("backup of {keys} keys (one RDB from a replica)"), took);

    s.stop_all();
    (0..3).for_each(|o| s.wipe(o));
    s.bundle = render(&[format!("backup.restore.id={id}")]);
    let start = Instant::now();
    (0..3).for_each(|o| s.start(o));
    wait_settled(&s, 0, "restored");
    verify(Con::Single(&mut s.master_connection().unwrap().1)).unwrap_or_else(|e| panic!("{e}\n{}", s.logs()));
    for ordinal in 0..3 {
        eventually(&format!("pod {ordinal} holds the backup's keys"), Duration::from_secs(60), || {
            let n = dbsize(&s, ordinal)?;
            if n == keys { Ok(()) } else { Err(format!("{n} keys, the manifest says {keys}")) }
        });
    }
    report(&label, &format!("restore of {keys} keys: pods started, master loaded, replicas synced"), start.elapsed());
    s.stop_all();
}

on_both_engines!(sentinel_backup: e2e_sentinel_backup_to_s3_restores_every_key, e2e_valkey_sentinel_backup_to_s3_restores_every_key);
