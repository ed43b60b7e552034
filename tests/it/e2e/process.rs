//! One container of a pod, running as a process group: signals, exit, its log, and the exec
//! probes and preStop hook run inside it as the kubelet runs them.

use std::collections::BTreeMap;
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// A process group started for one container.
pub struct Process {
    child: Child,
    pub log: PathBuf,
    pub started: Instant,
    /// The container as rendered, and what it runs with: for exec probes.
    container: Value,
    env: BTreeMap<String, String>,
    user: [u64; 3],
}

impl Process {
    pub(super) fn new(
        child: Child,
        log: PathBuf,
        container: Value,
        env: BTreeMap<String, String>,
        user: [u64; 3],
    ) -> Process {
        Process { child, log, started: Instant::now(), container, env, user }
    }

    fn signal(&self, signal: &str) {
        let _ = Command::new("kill")
            .args([&format!("-{signal}"), "--", &format!("-{}", self.child.id())])
            .stderr(Stdio::null())
            .status();
    }

    /// SIGTERM to the whole group, without waiting.
    pub fn terminate(&self) {
        self.signal("TERM");
    }

    /// SIGKILL to the whole group, as a crashed node or a lost machine.
    pub fn kill(&mut self) {
        self.signal("KILL");
        let _ = self.child.wait();
    }

    /// SIGTERM (Redis saves and exits), then SIGKILL after `grace`.
    pub fn stop(&mut self, grace: Duration) {
        self.signal("TERM");
        if self.wait_for(grace).is_none() {
            self.kill();
        }
        self.signal("KILL");
    }

    /// Waits up to `timeout` for the main process to exit.
    pub fn wait_for(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn log_text(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Runs the container's `probe` (`readinessProbe`, `livenessProbe`) as the kubelet runs an
    /// exec probe, within its `timeoutSeconds`. True when the command exits 0.
    pub fn probe(&self, probe: &str) -> bool {
        let spec = &self.container[probe];
        let timeout = spec["timeoutSeconds"].as_u64().unwrap_or(1);
        self.exec(&spec["exec"]["command"], timeout, Stdio::null())
            .unwrap_or_else(|| panic!("{probe} is an exec probe"))
    }

    /// Runs the container's preStop exec hook, if it has one, as the kubelet does before it sends
    /// SIGTERM, bounded by the pod's grace period. Its output is appended to the container's log
    /// and returned with how long it ran.
    pub fn pre_stop(&self, grace: u64) -> Option<(Duration, String)> {
        let hook = self.container.pointer("/lifecycle/preStop/exec/command")?;
        let start = Instant::now();
        let out = self.root_dir().join("pre-stop.log");
        let file = fs::File::create(&out).expect("hook log");
        self.exec(hook, grace, file.into());
        let text = fs::read_to_string(&out).unwrap_or_default();
        let mut log = OpenOptions::new().append(true).open(&self.log).expect("container log");
        log.write_all(text.as_bytes()).expect("container log written");
        Some((start.elapsed(), text))
    }

    /// The directory of this container's run (its log is there).
    fn root_dir(&self) -> &std::path::Path {
        self.log.parent().expect("the log is in the run directory")
    }

    /// Runs `command` (a JSON array) inside the container's mount, UTS and network namespaces, as
    /// its user, with its environment, killed after `timeout` seconds; stderr goes to `stderr`.
    /// True when it exits 0; None when `command` is not an array.
    fn exec(&self, command: &Value, timeout: u64, stderr: Stdio) -> Option<bool> {
        let command: Vec<&str> = command.as_array()?.iter().map(|a| a.as_str().unwrap()).collect();
        let [uid, gid, group] = self.user;
        let status = Command::new("nsenter")
            .args(["--target", &self.child.id().to_string(), "--mount", "--uts", "--net", "--"])
            .args(["timeout", &timeout.to_string(), "setpriv"])
            .args([format!("--reuid={uid}"), format!("--regid={gid}"), format!("--groups={group}"), "--".into()])
            .args(&command)
            .env_clear()
            .envs(&self.env)
            .stdout(Stdio::null())
            .stderr(stderr)
            .status();
        Some(status.is_ok_and(|s| s.success()))
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.signal("KILL");
        let _ = self.child.wait();
    }
}
