//! A client that keeps writing while the test disrupts the deployment: INCR on 16 keys in turn,
//! through a connection its [`Target`] re-establishes after any error, as a real application
//! does. Per key it records the longest stretch without a successful write (what a user sees
//! as unavailability) and the last acknowledged value, so that a test can prove that no
//! acknowledged write was lost.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const KEYS: usize = 16;

/// Where the writes go: a cluster client, or the master the Sentinels name.
pub trait Target: Send + 'static {
    /// One command; after an error the next call connects again.
    fn query(&mut self, cmd: &redis::Cmd) -> Result<redis::Value, String>;

    /// One INCR of `key`.
    fn incr(&mut self, key: &str) -> Result<i64, String> {
        let reply = self.query(redis::cmd("INCR").arg(key))?;
        redis::from_redis_value(reply).map_err(|e| e.to_string())
    }

    /// One GET of `key`, for the final check.
    fn get(&mut self, key: &str) -> Result<Option<i64>, String> {
        let reply = self.query(redis::cmd("GET").arg(key))?;
        redis::from_redis_value(reply).map_err(|e| e.to_string())
    }
}

/// What the writer saw.
pub struct Report {
    /// The last value each key's INCR acknowledged.
    pub acked: BTreeMap<String, i64>,
    pub writes: u64,
    pub errors: u64,
    /// Errors that say the password was refused, and the last of them.
    pub auth_errors: u64,
    pub last_auth_error: String,
    /// The longest stretch in which one key could not be written, and that key.
    pub longest: Duration,
    pub longest_key: String,
    /// The longest stretch from a key's first failed INCR to its next acknowledged one (the
    /// outage itself, without the time a round over all keys takes).
    pub failing: Duration,
    /// An INCR that answered no more than an earlier acknowledged one: a lost write.
    pub regressions: Vec<String>,
    pub last_error: String,
}

impl Report {
    fn gap(&mut self, key: &str, gap: Duration) {
        if gap > self.longest {
            self.longest = gap;
            self.longest_key = key.to_owned();
        }
    }

    /// Reads every key back: each must hold at least its last acknowledged value (an INCR whose
    /// answer was lost may have applied; one that was acknowledged must have).
    fn lost(&self, target: &mut dyn Target) -> Result<Vec<String>, String> {
        let mut lost = self.regressions.clone();
        for (key, acked) in &self.acked {
            match target.get(key)? {
                Some(v) if v >= *acked => {}
                other => lost.push(format!("{key}: acknowledged {acked}, reads {other:?}")),
            }
        }
        Ok(lost)
    }
    /// Fails the test unless no acknowledged write was lost, no login was refused and no key
    /// was unwritable for longer than `limit`.
    pub fn assert_safe(&self, lost: &[String], limit: Duration, what: &str, logs: impl FnOnce() -> String) {
        assert!(lost.is_empty(), "{what}: acknowledged writes lost: {lost:?}");
        assert_eq!(self.auth_errors, 0, "{what}: a login was refused: {}", self.last_auth_error);
        assert!(
            self.longest <= limit,
            "{what}: {} could not be written for {:?} (last error: {})\n{}",
            self.longest_key,
            self.longest,
            self.last_error,
            logs()
        );
    }
}

/// One key in each of the 16384 hash slots, `prefix:{tag}`, for a writer that must cover every
/// slot (a migration moves them all).
pub fn keys_on_every_slot(prefix: &str) -> Vec<String> {
    let mut by_slot: Vec<Option<String>> = vec![None; 16384];
    let mut missing = by_slot.len();
    let mut i = 0u32;
    while missing > 0 {
        let tag = format!("t{i}");
        let slot = usize::from(crc16(tag.as_bytes()) & 16383);
        if by_slot[slot].is_none() {
            by_slot[slot] = Some(format!("{prefix}:{{{tag}}}"));
            missing -= 1;
        }
        i += 1;
    }
    by_slot.into_iter().flatten().collect()
}

/// CRC16-CCITT (XMODEM), the hash of Redis Cluster's key slots.
fn crc16(data: &[u8]) -> u16 {
    let mut crc = 0u16;
    for &b in data {
        crc ^= u16::from(b) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 { (crc << 1) ^ 0x1021 } else { crc << 1 };
        }
    }
    crc
}

/// The running writer.
pub struct Writer {
    stop: Arc<AtomicBool>,
    handle: JoinHandle<(Report, Box<dyn Target>)>,
}

impl Writer {
    pub fn start(prefix: &str, target: impl Target) -> Writer {
        Writer::start_on((0..KEYS).map(|i| format!("{prefix}:{{k{i}}}")).collect(), target)
    }

    /// A writer of the given keys, each INCRed once per round.
    pub fn start_on(keys: Vec<String>, mut target: impl Target) -> Writer {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let handle = std::thread::spawn(move || {
            let mut report = Report {
                acked: BTreeMap::new(),
                writes: 0,
                errors: 0,
                auth_errors: 0,
                last_auth_error: String::new(),
                longest: Duration::ZERO,
                longest_key: String::new(),
                regressions: Vec::new(),
                last_error: String::new(),
                failing: Duration::ZERO,
            };
            let mut failing_since: Vec<Option<Instant>> = vec![None; keys.len()];
            let mut last_ok: Vec<Instant> = vec![Instant::now(); keys.len()];
            while !flag.load(Ordering::Relaxed) {
                for (i, key) in keys.iter().enumerate() {
                    match target.incr(key) {
                        Ok(v) => {
                            report.gap(key, last_ok[i].elapsed());
                            if let Some(since) = failing_since[i].take() {
                                report.failing = report.failing.max(since.elapsed());
                            }
                            last_ok[i] = Instant::now();
                            let before = report.acked.insert(key.clone(), v);
                            if before.is_some_and(|b| v <= b) {
                                report.regressions.push(format!("{key}: INCR answered {v} after {before:?}"));
                            }
                            report.writes += 1;
                        }
                        Err(e) => {
                            failing_since[i].get_or_insert_with(Instant::now);
                            report.errors += 1;
                            if ["WRONGPASS", "NOAUTH", "AuthenticationFailed", "invalid password"]
                                .iter()
                                .any(|m| e.contains(m))
                            {
                                report.auth_errors += 1;
                                report.last_auth_error = e.clone();
                            }
                            report.last_error = e;
                            std::thread::sleep(Duration::from_millis(20));
                        }
                    }
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            // A key that cannot be written when the writer stops counts up to now.
            for since in failing_since.iter().flatten() {
                report.failing = report.failing.max(since.elapsed());
            }
            for (key, last) in keys.iter().zip(&last_ok) {
                report.gap(key, last.elapsed());
            }
            (report, Box::new(target) as Box<dyn Target>)
        });
        Writer { stop, handle }
    }

    /// Stops writing, reads every key back, and prints the figures as one line tagged `what`.
    /// Returns the report and the acknowledged writes that were lost.
    pub fn finish(self, what: &str) -> (Report, Vec<String>) {
        self.stop.store(true, Ordering::Relaxed);
        let (report, mut target) = self.handle.join().expect("the writer thread");
        let lost = report.lost(target.as_mut()).unwrap_or_else(|e| panic!("{what}: reading the keys back: {e}"));
        println!(
            "e2e: {what}: {} writes, {} errors, {} refused logins; longest a key could not be written: {:.2}s ({}); \
             longest from a failed write to the next acknowledged one: {:.2}s; acknowledged writes lost: {}",
            report.writes,
            report.errors,
            report.auth_errors,
            report.longest.as_secs_f64(),
            report.longest_key,
            report.failing.as_secs_f64(),
            lost.len()
        );
        (report, lost)
    }
}

#[test]
fn key_slots_are_the_ones_redis_computes() {
    // The reference values of the Redis Cluster specification and of CLUSTER KEYSLOT foo.
    assert_eq!(crc16(b"123456789"), 0x31C3);
    assert_eq!(crc16(b"foo") & 16383, 12182);
    assert_eq!(keys_on_every_slot("w").len(), 16384);
}
