//! End to end, TLS as clients meet it (Redis; the Valkey build the suites can get has no TLS):
//! a client that verifies hostnames works through the hostname endpoints with the names of the
//! rendered Certificate; plaintext and clients without a certificate are refused; a renewed
//! certificate is served by every node, and by every Sentinel, without restarting Redis.

use std::time::{Duration, Instant};

use super::Variant;
use super::cluster::{Cluster, eventually};
use super::cluster_scenarios::{VALUES, healthy};
use super::sentinel::SentinelSet;
use super::tls::TestPki;

#[test]
#[ignore = "e2e: needs root, Redis, openssl and Python's redis client (RGEN_E2E_PYTHON); run scripts/test.sh"]
fn e2e_tls_clients_verify_hostnames_and_certificates_renew_without_a_restart() {
    let bundle = Variant::REDIS_TLS.render(VALUES, &["cluster.preferredEndpointType=hostname"]);
    let mut c = Cluster::new('T', 65, bundle, Variant::REDIS_TLS.engine);
    let job = c.start_job();
    for ordinal in 0..6 {
        c.start(ordinal);
    }
    let run = c.finish_job(job);
    assert!(run.success, "the Job failed:\n{}\n{}", run.log, c.logs());
    healthy(&c, 3, 1, "formation with TLS and hostname endpoints");
    let pki = c.access.tls.clone().expect("TLS is on");
    let port = c.bundle.values.redis.port;

    // A client that verifies hostnames, in a pod of its own that resolves the pods' names
    // (the harness's own clients cannot: they reach the pods by IP).
    let python = std::env::var("RGEN_E2E_PYTHON")
        .expect("RGEN_E2E_PYTHON must name a Python with the redis package; scripts/test.sh sets it");
    let password_file = c.rt.root.join("client-password");
    std::fs::write(&password_file, c.password()).unwrap();
    let (ns, _) = c.net.host("client");
    let verified_client = |c: &Cluster| {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/e2e/tls_client.py");
        let out = c.rt.run_client(
            &ns,
            &[
                &python,
                script,
                &c.bundle.hostname(0),
                &port.to_string(),
                &pki.path("ca.crt"),
                &pki.path("client.crt"),
                &pki.path("client.key"),
                &password_file.display().to_string(),
                "50",
            ],
        );
        let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success(), "the hostname-verifying client failed:\n{said}");
        assert!(said.contains("verified hostnames: 50 keys") && said.contains("refused by name"), "{said}");
        said.lines().next().unwrap_or_default().to_owned()
    };
    println!("e2e: redis+tls: {}", verified_client(&c));

    // Plaintext, and TLS without a client certificate (authClients: yes), are refused by every pod.
    for pod in c.pods.values() {
        let plain = super::tls::Access::default().client(&pod.ip, port, &c.password()).unwrap();
        let answer = plain
            .get_connection_with_timeout(Duration::from_secs(2))
            .and_then(|mut con| redis::cmd("PING").query::<String>(&mut con));
        assert!(answer.is_err(), "{}: a plaintext PING was answered: {answer:?}", pod.ip);
        let anonymous = c.access.anonymous().client(&pod.ip, port, &c.password()).unwrap();
        let answer = anonymous
            .get_connection_with_timeout(Duration::from_secs(2))
            .and_then(|mut con| redis::cmd("PING").query::<String>(&mut con));
        assert!(answer.is_err(), "{}: a client without a certificate was answered: {answer:?}", pod.ip);
    }
    println!("e2e: redis+tls: plaintext and certificate-less clients refused by all 6 pods");

    // Renewal: new files in the Secret volume; new handshakes get the new certificate, from the
    // same processes.
    let took = renew(&pki, &c.rt, &c.bundle, || c.pods.values().map(|p| p.ip.clone()).collect(), port);
    c.secret_overrides.extend(pki.secret_values(&c.bundle));
    for (ordinal, pod) in c.pods.iter_mut() {
        assert!(pod.process.wait_for(Duration::ZERO).is_none(), "pod {ordinal} restarted:\n{}", pod.process.log_text());
        assert!(pod.process.log_text().contains("reloaded them"), "pod {ordinal} did not log the reload");
    }
    healthy(&c, 3, 1, "after the renewal");
    verified_client(&c);
    println!(
        "e2e: redis+tls: renewed certificate served by all 6 pods {:.1}s after the files changed, no restart",
        took.as_secs_f64()
    );
}

/// Issues a new pod certificate, updates the Secret volumes, and waits until every address
/// `ips()` gives serves it; returns how long that took.
fn renew(
    pki: &TestPki,
    rt: &super::pods::Runtime,
    bundle: &super::bundle::Bundle,
    ips: impl Fn() -> Vec<String>,
    port: u32,
) -> Duration {
    let old: Vec<String> = ips().iter().map(|ip| pki.served_serial(ip, port).expect("a certificate")).collect();
    let serial = pki.issue("pod");
    assert!(old.iter().all(|s| *s != serial), "a new serial");
    let start = Instant::now();
    rt.update_secret(&pki.secret_values(bundle));
    eventually("every server presents the renewed certificate", Duration::from_secs(60), || {
        let stale: Vec<String> =
            ips().into_iter().filter(|ip| pki.served_serial(ip, port).as_deref() != Ok(serial.as_str())).collect();
        if stale.is_empty() { Ok(()) } else { Err(format!("still the old certificate: {stale:?}")) }
    });
    start.elapsed()
}

#[test]
#[ignore = "e2e: needs root, Redis and openssl; run scripts/test.sh"]
fn e2e_tls_sentinels_restart_one_at_a_time_for_a_renewed_certificate() {
    let bundle = Variant::REDIS_TLS.render(super::sentinel_scenarios::VALUES, &[]);
    let mut s = SentinelSet::new('V', 74, bundle, Variant::REDIS_TLS.engine);
    for ordinal in 0..3 {
        s.start(ordinal);
    }
    super::sentinel_scenarios::wait_settled(&s, 0, "formation with TLS");
    let pki = s.access.tls.clone().expect("TLS is on");
    let (redis_port, sentinel_port) = (s.redis_port(), s.sentinel_port());
    let ips = || s.pods.values().map(|p| p.ip.clone()).collect::<Vec<_>>();
    let took = renew(&pki, &s.rt, &s.bundle, ips, redis_port);
    s.secret_overrides.extend(pki.secret_values(&s.bundle));
    println!(
        "e2e: redis+tls: sentinel: renewed certificate served by all 3 Redis {:.1}s after the files changed",
        took.as_secs_f64()
    );
    // Sentinel cannot reload: each one stops (pod ordinal × 10 s after the change) and the
    // kubelet starts it again; here the harness plays the kubelet.
    let start = Instant::now();
    for ordinal in 0..3u32 {
        let status = s.pods.get_mut(&ordinal).unwrap().sentinel.wait_for(Duration::from_secs(45));
        assert!(status.is_some(), "Sentinel {ordinal} did not stop for the new certificate");
        let log = s.pods[&ordinal].sentinel.log_text();
        assert!(log.contains("the certificate files changed"), "Sentinel {ordinal}:\n{log}");
        println!(
            "e2e: redis+tls: sentinel {ordinal} stopped for the new certificate at +{:.1}s",
            start.elapsed().as_secs_f64()
        );
        s.restart_sentinel(ordinal);
    }
    for pod in s.pods.values() {
        let serial = pki.served_serial(&pod.ip, sentinel_port).expect("the Sentinel serves a certificate");
        assert_eq!(
            serial,
            pki.served_serial(&pod.ip, redis_port).unwrap(),
            "{}: the Sentinel serves the renewed certificate",
            pod.ip
        );
    }
    super::sentinel_scenarios::wait_settled(&s, 0, "after the Sentinels restarted");
    let violations = s.violations();
    assert!(violations.is_empty(), "two masters at once: {violations:?}");
}
