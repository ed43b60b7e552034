//! End to end, migration in: a Redis Cluster formed by hand, as the source articles do
//! (`redis-cli --cluster create` over six servers, not deployed by rgen), is backed up by rgen's
//! CronJob (`backup.source`) to a real S3-compatible server and restored into an rgen
//! deployment with every key. Redis 7.0 and Valkey 8.1.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::backup_data::{Con, KEYS, check_manifest, complete, fill, manifest, run_backup, store_dir, verify};
use super::cluster::{Cluster, eventually};
use super::cluster_scenarios::{VALUES, healthy, report};
use super::engine::Engine;
use super::pods::Bundle;
use super::store::S3Server;

const PASSWORD: &str = "hand-made-cluster-password";

/// One server of the cluster formed by hand; killed when dropped (this test started it).
struct HandMade(Child);

impl Drop for HandMade {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn binary(engine: Engine, name: &str) -> PathBuf {
    let file = format!("{}-{name}", engine.name());
    engine.bin_dir().map_or_else(|| PathBuf::from(&file), |dir| dir.join(&file))
}

fn migration(engine: Engine) {
    let mut c = Cluster::new('E', 84, Bundle::render(VALUES, &[]), engine);
    let server = S3Server::start(&c.rt.root.join("s3"), &c.net.gateway(), "rgen");
    let mut hand = Vec::new();
    let mut ips = Vec::new();
    for i in 0..6 {
        let (ns, ip) = c.net.host(&format!("h{i}"));
        let dir = c.rt.root.join(format!("hand-{i}"));
        std::fs::create_dir_all(&dir).unwrap();
        let child = Command::new("ip")
            .args(["netns", "exec", &ns])
            .arg(binary(engine, "server"))
            .args(["--port", "6379", "--cluster-enabled", "yes", "--requirepass", PASSWORD, "--masterauth", PASSWORD])
            .args(["--save", "", "--appendonly", "no", "--protected-mode", "no"])
            .arg("--dir")
            .arg(&dir)
            .stdout(std::fs::File::create(dir.join("log")).unwrap())
            .stderr(Stdio::null())
            .spawn()
            .expect("a hand-made server starts");
        hand.push(HandMade(child));
        ips.push(ip);
    }
    let cli = |args: &[&str]| {
        Command::new(binary(engine, "cli")).args(["-a", PASSWORD, "--no-auth-warning"]).args(args).output().unwrap()
    };
    for ip in &ips {
        eventually("a hand-made server answers", Duration::from_secs(20), || {
            let out = cli(&["-h", ip, "ping"]);
            if String::from_utf8_lossy(&out.stdout).contains("PONG") { Ok(()) } else { Err("no PONG".into()) }
        });
    }
    let addrs: Vec<String> = ips.iter().map(|ip| format!("{ip}:6379")).collect();
    let mut create = vec!["--cluster", "create"];
    create.extend(addrs.iter().map(String::as_str));
    create.extend(["--cluster-replicas", "1", "--cluster-yes"]);
    let out = cli(&create);
    assert!(out.status.success(), "redis-cli --cluster create: {}", String::from_utf8_lossy(&out.stdout));
    eventually("every node of the hand-made cluster is ok", Duration::from_secs(60), || {
        for ip in &ips {
            let out = cli(&["-h", ip, "cluster", "info"]);
            if !String::from_utf8_lossy(&out.stdout).contains("cluster_state:ok") {
                return Err(format!("{ip}: not ok"));
            }
        }
        Ok(())
    });
    let client = c.access.cluster_client(&ips, 6379, PASSWORD).build().unwrap();
    fill(Con::Cluster(&mut client.get_connection().unwrap())).unwrap();

    // rgen backs the hand-made cluster up: its nodes and its password are the source.
    let mut sets = vec![
        "backup.enabled=true".to_owned(),
        format!("backup.s3.endpoint={}", server.endpoint),
        "backup.s3.bucket=rgen".into(),
        "backup.s3.credentialsSecret=s3-creds".into(),
    ];
    let source: Vec<String> =
        vec![format!("backup.source.nodes=[{}]", ips.join(",")), "backup.source.passwordSecret.name=hand-auth".into()];
    c.secret_overrides.extend(S3Server::secrets("s3-creds"));
    c.secret_overrides.insert(("hand-auth".into(), "password".into()), PASSWORD.into());
    let all: Vec<&str> = sets.iter().chain(&source).map(String::as_str).collect();
    let backup = Bundle::render(VALUES, &all);
    let label = format!("{} (hand-made cluster)", engine.name());
    let (ok, log, took) = run_backup(&mut c.rt, &mut c.net, &backup, &c.secret_overrides);
    assert!(ok, "the backup of the hand-made cluster failed:\n{log}");
    let dir = store_dir(&c.rt.root, &backup);
    let id = complete(&dir).pop().expect("a complete backup");
    let m = manifest(&dir, &id);
    let keys = check_manifest(&m, 3, "cluster", engine.name());
    assert_eq!(keys, KEYS as u64, "{m}");
    report(&label, &format!("backup of a cluster formed by hand ({keys} keys)"), took);
    drop(hand);

    // Restored into an rgen deployment.
    sets.push(format!("backup.restore.id={id}"));
    let all: Vec<&str> = sets.iter().map(String::as_str).collect();
    c.bundle = Bundle::render(VALUES, &all);
    let start = Instant::now();
    (0..6).for_each(|o| c.start(o));
    let run = c.run_job();
    assert!(run.success, "the bootstrap Job failed:\n{}\n{}", run.log, c.logs());
    healthy(&c, 3, 1, "restored from the hand-made cluster");
    let ips: Vec<String> = c.pods.values().map(|p| p.ip.clone()).collect();
    let client = c.access.cluster_client(&ips, c.bundle.values.redis.port, &c.password()).build().unwrap();
    verify(Con::Cluster(&mut client.get_connection().unwrap())).unwrap_or_else(|e| panic!("{e}\n{}", c.logs()));
    report(&label, &format!("restore of the hand-made cluster's {keys} keys into rgen"), start.elapsed());
    c.stop_all();
}

on_both_engines!(migration: e2e_cluster_formed_by_hand_moves_in_by_backup_and_restore, e2e_valkey_cluster_formed_by_hand_moves_in_by_backup_and_restore);
