//! End to end, backups of a Redis Cluster (3×1) and their restore, to a real S3-compatible
//! server (`rclone serve s3`, started and stopped here) and to a claim, on Redis 7.0 and
//! Valkey 8.1: 50 000 keys over all slots; a backup taken while a client keeps writing (0
//! acknowledged writes lost); every pod and volume deleted; the restore brings every key back
//! with per-shard counts equal to the manifest's. Then retention (N + 2 runs leave N complete
//! backups, an incomplete one is neither counted nor deleted), a run during a failover
//! (consistent or failing loudly), and a corrupted shard file (the restore refuses, naming
//! the shard, and no pod serves data).

use std::time::{Duration, Instant};

use super::Variant;
use super::backup_data::{Con, KEYS, check_manifest, complete, fill, manifest, run_backup, store_dir, verify};
use super::cluster::{Cluster, eventually};
use super::cluster_scenarios::{VALUES, healthy, report};
use super::engine::Engine;
use super::pods::Bundle;
use super::store::S3Server;
use super::view::{ClusterWrites, command};
use super::writer::Writer;

fn client(c: &Cluster) -> redis::cluster::ClusterConnection {
    let ips: Vec<String> = c.pods.values().map(|p| p.ip.clone()).collect();
    let client = c.access.cluster_client(&ips, c.bundle.values.redis.port, &c.password()).build().unwrap();
    client.get_connection().unwrap()
}

/// Forms a fresh 3×1 cluster of `bundle` (claims wiped) and waits until it is healthy.
fn form(c: &mut Cluster, bundle: Bundle) -> Duration {
    c.stop_all();
    (0..6).for_each(|o| c.wipe(o));
    c.bundle = bundle;
    let start = Instant::now();
    (0..6).for_each(|o| c.start(o));
    let run = c.run_job();
    assert!(run.success, "the bootstrap Job failed:\n{}\n{}", run.log, c.logs());
    healthy(c, 3, 1, "formed");
    start.elapsed()
}

fn backup_and_restore(variant: Variant, store: &str) {
    let engine = variant.engine;
    let (tag, subnet) = if store == "s3" { ('B', 81) } else { ('C', 82) };
    let mut c = Cluster::new(tag, subnet, variant.render(VALUES, &[]), engine);
    let server = (store == "s3").then(|| S3Server::start(&c.rt.root.join("s3"), &c.net.gateway(), "rgen"));
    let mut sets: Vec<String> = vec!["backup.enabled=true".into(), "backup.keep=2".into()];
    match &server {
        Some(s3) => {
            sets.extend([
                format!("backup.s3.endpoint={}", s3.endpoint),
                "backup.s3.bucket=rgen".into(),
                "backup.s3.credentialsSecret=s3-creds".into(),
            ]);
            c.secret_overrides.extend(S3Server::secrets("s3-creds"));
        }
        None => sets.push("backup.claim.name=backups".into()),
    }
    let render = |extra: &[String]| {
        let all: Vec<&str> = sets.iter().chain(extra).map(String::as_str).collect();
        variant.render(VALUES, &all)
    };
    let label = format!("{} ({store})", variant.label());
    form(&mut c, render(&[]));
    fill(Con::Cluster(&mut client(&c))).unwrap();

    // A backup while a client keeps writing.
    let writer = Writer::start("bk-live", ClusterWrites::new(&c));
    std::thread::sleep(Duration::from_secs(1));
    let (ok, log, took) = run_backup(&mut c.rt, &mut c.net, &c.bundle, &c.secret_overrides);
    let what = format!("{label}: writes during a backup");
    let (writes, lost) = writer.finish(&what);
    writes.assert_safe(&lost, Duration::from_secs(5), &what, || c.logs());
    assert!(ok, "the backup failed:\n{log}\n{}", c.logs());
    let dir = store_dir(&c.rt.root, &c.bundle);
    let first = complete(&dir).pop().expect("a complete backup");
    let keys = check_manifest(&manifest(&dir, &first), 3, "cluster", engine.name());
    assert!(keys >= KEYS as u64, "{keys} keys in the manifest");
    report(&label, &format!("backup of {keys} keys (3 shards)"), took);

    // Retention: an incomplete folder, then N + 2 = 4 runs in all with keep 2.
    std::fs::create_dir_all(dir.join("20000101T000000Z")).unwrap();
    for _ in 0..3 {
        std::thread::sleep(Duration::from_millis(1100));
        let (ok, log, _) = run_backup(&mut c.rt, &mut c.net, &c.bundle, &c.secret_overrides);
        assert!(ok, "a scheduled run failed:\n{log}");
    }
    let kept = complete(&dir);
    assert_eq!(kept.len(), 2, "keep 2 after 4 runs: {kept:?}");
    assert!(!kept.contains(&first) && dir.join("20000101T000000Z").is_dir(), "the oldest went, the incomplete stayed");
    let newest = kept.last().unwrap().clone();
    let m = manifest(&dir, &newest);

    // A restore never overwrites: a pod whose volume holds data refuses it and does not start.
    c.stop(0, false);
    c.bundle = render(&[format!("backup.restore.id={newest}")]);
    let refused = c.try_start(0).expect_err("a pod with data refuses a restore");
    assert!(refused.contains("already holds data"), "{refused}");

    // Every pod and volume gone; a new deployment restores the newest backup.
    let start = Instant::now();
    form(&mut c, render(&[format!("backup.restore.id={newest}")]));
    verify(Con::Cluster(&mut client(&c))).unwrap_or_else(|e| panic!("{e}\n{}", c.logs()));
    for (n, shard) in m["shards"].as_array().unwrap().iter().enumerate() {
        let ip = c.ip(n as u32).to_owned();
        let size = command(&c, &ip, &["DBSIZE"]).unwrap();
        assert_eq!(size, shard["keys"].to_string(), "shard {n} on pod {n}: the manifest's key count");
    }
    report(
        &label,
        &format!(
            "restore of {} keys: pods started, shards loaded, cluster formed",
            check_manifest(&m, 3, "cluster", engine.name())
        ),
        start.elapsed(),
    );

    // A backup during a failover: consistent, or failing loudly naming a shard.
    c.stop(1, true);
    let (ok, log, _) = run_backup(&mut c.rt, &mut c.net, &c.bundle, &c.secret_overrides);
    if ok {
        let id = complete(&dir).pop().unwrap();
        check_manifest(&manifest(&dir, &id), 3, "cluster", engine.name());
        println!("e2e: {label}: a backup during a failover completed with a consistent manifest");
    } else {
        let said = log.lines().find(|l| l.contains("FAILED")).unwrap_or_default().to_owned();
        assert!(said.contains("shard") || said.contains("slots"), "a failing run names the shard:\n{log}");
        println!("e2e: {label}: a backup during a failover failed loudly: {said}");
    }
    c.start(1);

    // One byte changed in a stored RDB: the restore refuses, naming the shard; nothing serves.
    let file = dir.join(&newest).join("shard-1.rdb");
    let mut bytes = std::fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&file, bytes).unwrap();
    c.stop_all();
    (0..6).for_each(|o| c.wipe(o));
    // A backup without a manifest (incomplete) is never restored.
    c.bundle = render(&["backup.restore.id=20000101T000000Z".to_owned()]);
    let refused = c.try_start(0).expect_err("an incomplete backup is refused");
    assert!(refused.contains("has no manifest"), "{refused}");
    c.bundle = render(&[format!("backup.restore.id={newest}")]);
    let refused = c.try_start(1).expect_err("pod 1 refuses a corrupt shard");
    assert!(refused.contains("shard 1") && refused.contains("corrupt"), "{refused}");
    c.start(0);
    c.start(2);
    let (_, _) = eventually("pod 0 loaded its shard", Duration::from_secs(30), || {
        command(&c, c.ip(0), &["DBSIZE"]).and_then(|n| if n == "0" { Err("empty".into()) } else { Ok(()) })
    });
    let read = command(&c, c.ip(0), &["GET", "bk:1"]);
    let serves = matches!(&read, Ok(r) if !r.contains("CLUSTERDOWN"));
    assert!(!serves, "no pod serves data: {read:?}");
    println!(
        "e2e: {label}: corrupt shard refused: {}",
        refused.lines().find(|l| l.contains("REFUSED")).unwrap_or_default()
    );

    // Valkey 8 writes RDB 11, which Redis 7.0 cannot load: refused before it starts.
    if engine == Engine::Valkey {
        c.stop_all();
        (0..6).for_each(|o| c.wipe(o));
        let intact = complete(&dir).into_iter().find(|id| *id != newest).expect("an intact backup");
        assert!(manifest(&dir, &intact)["rdbVersion"].as_u64() > Some(10));
        c.set_engine(Engine::Redis);
        c.bundle = render(&[format!("backup.restore.id={intact}")]);
        let refused = c.try_start(0).expect_err("Redis 7.0 refuses a Valkey 8 backup");
        assert!(refused.contains("cannot load") && refused.contains("RDB version"), "{refused}");
        println!(
            "e2e: {label}: into Redis 7.0: {}",
            refused.lines().find(|l| l.contains("REFUSED")).unwrap_or_default()
        );
    }
    c.stop_all();
}

on_every_variant!(backup_to_s3: e2e_cluster_backup_to_s3_restores_every_key, e2e_valkey_cluster_backup_to_s3_restores_every_key, e2e_tls_cluster_backup_to_s3_restores_every_key);
on_both_engines!(backup_to_claim: e2e_cluster_backup_to_a_claim_restores_every_key, e2e_valkey_cluster_backup_to_a_claim_restores_every_key);

fn backup_to_s3(variant: Variant) {
    backup_and_restore(variant, "s3");
}

fn backup_to_claim(engine: Engine) {
    backup_and_restore(Variant { engine, tls: false }, "claim");
}
