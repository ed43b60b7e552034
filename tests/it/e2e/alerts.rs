//! End to end, the alerts on a real Prometheus: Debian's prometheus-redis-exporter runs as the
//! rendered exporter container beside each real redis-server (its init container writes the
//! password file first), Debian's Prometheus scrapes them every second and evaluates the
//! rendered PrometheusRule. A healthy cluster fires nothing; a killed master fires RedisDown
//! (pending, then firing within its `for` plus two scrape intervals and a scrape timeout); after
//! healing it resolves. Redis only (the exporter sees the same INFO on Valkey).

use std::time::{Duration, Instant};

use super::Variant;
use super::cluster::{Cluster, eventually};
use super::cluster_scenarios::{VALUES, healthy};
use super::prometheus::{Prometheus, Target};
use super::sentinel::SentinelSet;

const INTERVAL: u32 = 1;
/// Exporters, the rules, and RedisDown's `for` shortened to [`FOR`].
const SETS: [&str; 3] =
    ["metrics.enabled=true", "metrics.prometheusRule.enabled=true", "metrics.prometheusRule.alerts.RedisDown.for=6s"];
/// RedisDown's `for`, shortened by the values (the default is 1m).
const FOR: u64 = 6;

/// The exporters of a Sentinel set's pods: the Redis one and the Sentinel one of each.
pub(super) fn sentinel_targets(s: &SentinelSet) -> Vec<Target> {
    let ports = (s.bundle.values.metrics.port, s.bundle.values.metrics.sentinel_port);
    s.pods
        .iter()
        .flat_map(|(o, p)| {
            [("metrics", ports.0), ("sentinel-metrics", ports.1)].map(|(endpoint, port)| Target {
                pod: s.pod_name(*o),
                address: format!("{}:{port}", p.ip),
                endpoint,
            })
        })
        .collect()
}

pub(super) fn targets(c: &Cluster) -> Vec<Target> {
    let port = c.bundle.values.metrics.port;
    c.pods
        .iter()
        .map(|(o, p)| Target { pod: c.pod_name(*o), address: format!("{}:{port}", p.ip), endpoint: "metrics" })
        .collect()
}

#[test]
#[ignore = "e2e: needs root, Redis, prometheus and prometheus-redis-exporter; run scripts/test.sh"]
fn e2e_alerts_fire_for_a_killed_master_and_resolve_after_healing() {
    let mut c = Cluster::new('M', 67, Variant::REDIS.render(VALUES, &SETS), Variant::REDIS.engine);
    for ordinal in 0..6 {
        c.start(ordinal);
    }
    let run = c.run_job();
    assert!(run.success, "the bootstrap Job failed:\n{}", run.log);
    healthy(&c, 3, 1, "formation");
    let mut prometheus = scraping(&c.rt.root, &c.bundle, &targets(&c));

    quiet(&prometheus, "a healthy cluster");
    let killed = Instant::now();
    c.stop(0, true);
    fires_only_down(&prometheus, "e2e-0", killed, "master killed");

    // Healed: the pod comes back (new address, as service discovery sees it); the alert resolves.
    c.start(0);
    healthy(&c, 3, 1, "healed");
    prometheus.retarget(&targets(&c));
    resolves(&prometheus, "cluster");
}

#[test]
#[ignore = "e2e: needs root, Redis, prometheus and prometheus-redis-exporter; run scripts/test.sh"]
fn e2e_alerts_fire_for_a_sentinel_failover_and_resolve_after_healing() {
    let values = super::sentinel_scenarios::VALUES;
    let mut s = SentinelSet::new('N', 68, Variant::REDIS.render(values, &SETS), Variant::REDIS.engine);
    for ordinal in 0..3 {
        s.start(ordinal);
    }
    super::sentinel_scenarios::wait_settled(&s, 0, "formation");
    let mut prometheus = scraping(&s.rt.root, &s.bundle, &sentinel_targets(&s));
    quiet(&prometheus, "a healthy Sentinel deployment");
    let killed = Instant::now();
    s.stop(0, true);
    fires_only_down(&prometheus, "e2es-0", killed, "sentinel: master killed");
    s.start(0);
    super::sentinel_scenarios::wait_settled_on_any(&s, "healed");
    prometheus.retarget(&sentinel_targets(&s));
    resolves(&prometheus, "sentinel");
}

/// Prometheus, once it scrapes every target.
pub(super) fn scraping(root: &std::path::Path, bundle: &super::bundle::Bundle, targets: &[Target]) -> Prometheus {
    let prometheus = Prometheus::start(&root.join("prometheus"), bundle, targets, INTERVAL);
    eventually("Prometheus scrapes every exporter", Duration::from_secs(60), || match prometheus.targets_up()? {
        (up, all) if up == targets.len() && all == up => Ok(()),
        other => Err(format!("{other:?} targets up")),
    });
    prometheus
}

/// Nothing pending or firing for longer than RedisDown's `for` and two intervals, once every
/// target has been scraped and the rules evaluated on complete data (before that, a count of
/// masters taken while some targets were not yet scraped is low).
fn quiet(prometheus: &Prometheus, what: &str) {
    std::thread::sleep(Duration::from_secs(3 * u64::from(INTERVAL)));
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(FOR + 4) {
        let alerts = prometheus.alerts().expect("alerts");
        assert!(alerts.is_empty(), "{what} raised {alerts:?}");
        std::thread::sleep(Duration::from_millis(500));
    }
    println!("e2e: redis: alerts: {what} fired nothing for {}s", FOR + 4);
}

/// RedisDown for `pod` goes pending, then fires within its `for` plus two intervals and a
/// scrape timeout of the kill; nothing else fires.
fn fires_only_down(prometheus: &Prometheus, pod: &str, killed: Instant, what: &str) {
    let mut pending_at = None;
    eventually(&format!("RedisDown fires for {pod}"), Duration::from_secs(60), || {
        let alerts = prometheus.alerts()?;
        let down = alerts.iter().find(|a| a.name == "RedisDown" && a.pod.as_deref() == Some(pod));
        match down.map(|a| a.state.as_str()) {
            Some("pending") => {
                pending_at.get_or_insert(killed.elapsed());
                Err("pending".into())
            }
            Some("firing") => Ok(()),
            _ => Err(format!("{alerts:?}")),
        }
    });
    let firing_at = killed.elapsed();
    let pending_at = pending_at.expect("RedisDown was seen pending before it fired");
    // Pending at the first evaluation after the first failed scrape (an interval, its timeout,
    // an evaluation interval); firing within `for` plus two intervals of going pending.
    let interval = Duration::from_secs(u64::from(INTERVAL));
    assert!(pending_at <= 4 * interval, "RedisDown pending {pending_at:?} after the kill");
    let bound = Duration::from_secs(FOR) + 2 * interval;
    assert!(firing_at - pending_at <= bound, "RedisDown firing {firing_at:?}, pending {pending_at:?}: over {bound:?}");
    let others: Vec<_> = prometheus.alerts().unwrap().into_iter().filter(|a| a.name != "RedisDown").collect();
    assert!(others.iter().all(|a| a.state != "firing"), "only RedisDown fires: {others:?}");
    println!(
        "e2e: redis: alerts: {what}: RedisDown pending {:.1}s after the kill, firing {:.1}s after that (for {FOR}s + 2 scrape intervals = {:.0}s)",
        pending_at.as_secs_f64(),
        (firing_at - pending_at).as_secs_f64(),
        bound.as_secs_f64()
    );
}

/// Every alert resolves once the pod is back.
fn resolves(prometheus: &Prometheus, what: &str) {
    let (_, took) = eventually("every alert resolves", Duration::from_secs(60), || {
        let alerts = prometheus.alerts()?;
        if alerts.is_empty() { Ok(()) } else { Err(format!("{alerts:?}")) }
    });
    println!("e2e: redis: alerts: {what}: resolved {:.1}s after the pod was back", took.as_secs_f64());
}
