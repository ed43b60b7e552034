//! What the backup suites share: filling a deployment with keys and reading them back, the
//! backup CronJob's pod run like a Job's, the stored backups and their manifests.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::pods::{Bundle, PodIdentity, Runtime};
use super::store::run_pod;

/// Keys written in each suite, over all slots.
pub const KEYS: usize = 50_000;

/// The key and value number `i` of a suite.
pub fn entry(i: usize) -> (String, String) {
    (format!("bk:{i}"), format!("value-{i}-{}", "x".repeat(i % 17)))
}

/// A connection the suites write through: a cluster client (which routes each key) or one
/// Redis (a Sentinel deployment's master).
pub enum Con<'a> {
    Cluster(&'a mut redis::cluster::ClusterConnection),
    Single(&'a mut redis::Connection),
}

impl Con<'_> {
    /// Sends one command per key of `chunk`, pipelined; returns the replies.
    fn each<T: redis::FromRedisValue>(
        &mut self,
        chunk: &[usize],
        cmd: impl Fn(usize) -> redis::Cmd,
    ) -> Result<Vec<T>, String> {
        match self {
            Con::Cluster(con) => {
                let mut pipe = redis::cluster::cluster_pipe();
                chunk.iter().for_each(|i| {
                    pipe.add_command(cmd(*i));
                });
                pipe.query(con).map_err(|e| e.to_string())
            }
            Con::Single(con) => {
                let mut pipe = redis::pipe();
                chunk.iter().for_each(|i| {
                    pipe.add_command(cmd(*i));
                });
                pipe.query(con).map_err(|e| e.to_string())
            }
        }
    }
}

/// Writes [`KEYS`] keys, in pipelines of 1000.
pub fn fill(mut con: Con) -> Result<(), String> {
    for chunk in (0..KEYS).collect::<Vec<_>>().chunks(1000) {
        let _: Vec<redis::Value> = con.each(chunk, |i| {
            let (k, v) = entry(i);
            let mut c = redis::cmd("SET");
            c.arg(k).arg(v);
            c
        })?;
    }
    Ok(())
}

/// Reads every key of [`fill`] back; the first missing or different one is the error.
pub fn verify(mut con: Con) -> Result<(), String> {
    for chunk in (0..KEYS).collect::<Vec<_>>().chunks(1000) {
        let got: Vec<Option<String>> = con.each(chunk, |i| {
            let mut c = redis::cmd("GET");
            c.arg(entry(i).0);
            c
        })?;
        for (i, value) in chunk.iter().zip(got) {
            let (k, v) = entry(*i);
            if value.as_deref() != Some(v.as_str()) {
                return Err(format!("{k}: expected {v:?}, got {value:?}"));
            }
        }
    }
    Ok(())
}

/// Runs the bundle's backup CronJob once, as its Job's pod; returns whether it succeeded, its
/// log and how long it took.
pub fn run_backup(
    rt: &mut Runtime,
    net: &mut super::net::Net,
    bundle: &Bundle,
    secrets: &BTreeMap<(String, String), String>,
) -> (bool, String, Duration) {
    let cron = bundle.one("CronJob");
    let spec = cron["spec"]["jobTemplate"]["spec"]["template"]["spec"].clone();
    let (ns, ip) = net.host("backup");
    let pod = PodIdentity { ns: ns.clone(), name: format!("{}-x", cron["metadata"]["name"].as_str().unwrap()), ip };
    let start = Instant::now();
    let (ok, log) = run_pod(rt, bundle, &pod, &spec, secrets, Duration::from_secs(600));
    net.remove(&ns);
    (ok, log, start.elapsed())
}

/// The folder of the store that holds the deployment's backups: under the S3 server's bucket
/// directory, or in the claim's directory.
pub fn store_dir(root: &Path, bundle: &Bundle) -> PathBuf {
    let v = &bundle.values;
    let prefix = v.backup.prefix.clone().unwrap_or_else(|| format!("{}/{}", v.namespace, v.name));
    match (&v.backup.s3, &v.backup.claim) {
        (Some(s3), _) => root.join("s3").join(&s3.bucket).join(prefix),
        (None, Some(claim)) => super::store::claim_dir(root, &claim.name).join(prefix),
        (None, None) => panic!("the bundle has no backup store"),
    }
}

/// The complete backups in `dir` (folders with a manifest), oldest first.
pub fn complete(dir: &Path) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter(|e| e.path().join("manifest.json").is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    ids.sort();
    ids
}

/// The manifest of backup `id` in `dir`, parsed (it is JSON).
pub fn manifest(dir: &Path, id: &str) -> Value {
    let text = std::fs::read_to_string(dir.join(id).join("manifest.json")).expect("the manifest");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("the manifest is JSON: {e}\n{text}"))
}

/// Checks a manifest against what a backup of `shards` shards must say; returns the total keys.
pub fn check_manifest(m: &Value, shards: usize, mode: &str, engine: &str) -> u64 {
    assert_eq!(m["mode"], mode, "{m}");
    assert_eq!(m["engine"], engine, "{m}");
    assert!(m["rdbVersion"].as_u64().is_some_and(|v| v >= 9), "{m}");
    let list = m["shards"].as_array().expect("shards");
    assert_eq!(list.len(), shards, "{m}");
    let mut slots = 0;
    for (n, shard) in list.iter().enumerate() {
        assert_eq!(shard["shard"], n as u64, "{m}");
        assert_eq!(shard["sha256"].as_str().map(str::len), Some(64), "{m}");
        for range in shard["slots"].as_str().unwrap().split_whitespace() {
            let (a, b) = range.split_once('-').unwrap_or((range, range));
            slots += b.parse::<u32>().unwrap() - a.parse::<u32>().unwrap() + 1;
        }
    }
    if mode == "cluster" {
        assert_eq!(slots, 16384, "the shards' slots cover the key space: {m}");
    }
    list.iter().map(|s| s["keys"].as_u64().unwrap()).sum()
}
