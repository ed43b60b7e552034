use super::*;

/// Strings at the edges of every grammar.
fn corpus() -> Vec<String> {
    let fixed = [
        "",
        "a",
        "-",
        "a-",
        "-a",
        "a-b",
        "a.b",
        "a..b",
        "A",
        "redis-cluster",
        "7.2",
        "7.2.5-alpine",
        "_x",
        ".x",
        "x_y",
        "/",
        "/data",
        "data/",
        "512Mi",
        "1Gi",
        "100m",
        "2",
        "+1",
        "1.",
        ".5",
        ".",
        "+",
        "1.5Gi",
        "12e3",
        "1E-2",
        "1e",
        "1e+",
        "Mi",
        "1Mib",
        "1 Gi",
        "1.2.3",
        "sha256:",
        "x.y-z_",
        "cluster.local",
        "Cluster",
        "a/b",
        "aé",
        "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
        "2160h",
        "1h30m",
        "1.5h",
        "250ms",
        "1m5s",
        "1.h",
        "h",
        "10d",
        "1h-",
        "ms",
        "5mss",
        "30s",
        "2d",
        "1w",
        "1y2d",
        "1.5m",
        "0.5",
        "1.5e3",
        "1Ki",
        "1k",
        "1K",
        "-1",
        "20261203T031700Z",
        "20261203T031700",
        "2026120xT031700Z",
        "20261203t031700Z",
        "prod/cache",
        "prod//cache",
        "/prod",
        "prod/",
        "redis-backups",
        "ab",
        "abc",
        "a.-b",
        "Redis",
    ];
    let long = ["a".repeat(63), "a".repeat(64), "a".repeat(128), "a".repeat(129), "a".repeat(253), "a".repeat(254)];
    fixed.iter().map(|s| (*s).to_owned()).chain(long).collect()
}

#[test]
fn every_matcher_agrees_with_its_regex() {
    for p in PATTERNS {
        let regex = regex::Regex::new(p.regex).unwrap();
        for s in corpus() {
            assert_eq!((p.matches)(&s), regex.is_match(&s), "pattern {} on {s:?}", p.regex);
        }
    }
}

#[test]
fn names() {
    assert!(is_dns_label("redis-cluster"));
    assert!(!is_dns_label("Redis"));
    assert!(!is_dns_label("-a"));
    assert!(!is_dns_label(&"a".repeat(64)));
    assert!(is_dns_subdomain("node-1.example.com"));
    assert!(is_qualified_name("app.kubernetes.io/name"));
    assert!(is_qualified_name("team"));
    assert!(!is_qualified_name("bad key"));
    assert!(is_label_value("7.2"));
    assert!(!is_label_value("a b"));
}

#[test]
fn quantities_in_base_units() {
    assert_eq!(Quantity::from("512Mi").to_bytes(), Some(512 * 1024 * 1024));
    assert_eq!(Quantity::from("1G").to_bytes(), Some(1_000_000_000));
    assert_eq!(Quantity::from("100m").to_f64(), Some(0.1));
    assert_eq!(Quantity::from("1.5Gi").to_bytes(), Some(1_610_612_736));
    assert_eq!(Quantity::from("12e3").to_f64(), Some(12_000.0));
    assert_eq!(Quantity::from(".5").to_f64(), Some(0.5));
    assert_eq!(Quantity::from("+2k").to_f64(), Some(2000.0));
    assert_eq!(Quantity::from("lots").to_f64(), None);
    // The grammar and the value agree: what does not match has no value.
    assert_eq!(Quantity::from("1.2.3").to_f64(), None);
    assert_eq!(Quantity::from("1e").to_f64(), None);
    assert_eq!(Quantity::from(".").to_f64(), None);
}

#[test]
fn go_durations_in_milliseconds() {
    let ms = |s: &str| GoDuration(s.into()).to_ms();
    assert_eq!(ms("2160h"), Some(2160.0 * 3600e3));
    assert_eq!(ms("1h30m"), Some(5400e3));
    assert_eq!(ms("1.5h"), Some(5400e3));
    assert_eq!(ms("250ms"), Some(250.0));
    assert_eq!(ms("1m5s"), Some(65e3));
    assert_eq!(ms(""), None);
    assert_eq!(ms("10d"), None);
    assert_eq!(ms("h"), None);
    assert_eq!(ms("1.h"), None);
}
