//! The syntax of what Kubernetes and Prometheus name and measure: DNS names, label keys and
//! values, quantities, durations. A leaf: it uses nothing else of rgen, and every layer (values,
//! schema, rules, renderer) may use it. Each grammar lives here once, beside the regular
//! expression the published schema shows editors for it (a test holds the two to the same
//! strings).

mod cron;
mod duration;
mod names;
mod quantity;

pub use cron::check_cron;
pub use duration::{GoDuration, is_go_duration, is_prometheus_duration};
pub use names::{is_dns_label, is_dns_subdomain, is_label_value, is_qualified_name};
pub use quantity::{Quantity, is_quantity};

/// A DNS-1123 label without its length limit (the schema gives `maxLength` beside it).
pub const DNS_LABEL: &str = r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
/// A DNS-1123 subdomain's characters (lengths are the schema's `maxLength`).
pub const DNS_SUBDOMAIN: &str = r"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$";
/// A DNS-1123 subdomain of at most 253 characters (a node name).
pub const DNS_SUBDOMAIN_253: &str = r"^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$";
/// An image tag, as the OCI distribution spec allows it.
pub const IMAGE_TAG: &str = r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$";
/// An image digest.
pub const SHA256_DIGEST: &str = r"^sha256:[a-f0-9]{64}$";
/// A key of a Secret or ConfigMap.
pub const CONFIG_KEY: &str = r"^[-._a-zA-Z0-9]{1,253}$";
/// A Redis user or master-set name: starts with a letter or digit, then letters, digits, `._-`.
pub const PLAIN_NAME: &str = r"^[A-Za-z0-9][A-Za-z0-9._-]*$";
/// A Go duration as cert-manager reads it (`2160h`, `1h30m`, `1.5h`).
pub const GO_DURATION: &str = r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$";
/// A Prometheus duration (`30s`, `1h30m`, `2d`).
pub const PROMETHEUS_DURATION: &str = r"^([0-9]+(ms|s|m|h|d|w|y))+$";
/// A Kubernetes resource quantity (`512Mi`, `1.5Gi`, `100m`, `12e3`).
pub const QUANTITY: &str = r"^[+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+|[KMGTPE]i|[mkMGTPE])?$";
/// An absolute path.
pub const ABSOLUTE_PATH: &str = "^/";
/// A folder path inside a bucket or claim: segments of letters, digits, '.', '_' and '-'.
pub const STORE_PREFIX: &str = r"^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$";
/// The name of one backup's folder: the UTC time it started.
pub const BACKUP_ID: &str = r"^[0-9]{8}T[0-9]{6}Z$";
/// An S3 bucket name.
pub const BUCKET_NAME: &str = r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$";

/// One grammar: the regular expression the schema publishes, the matcher rgen runs instead of
/// compiling it (compiling the schema's regexes was a sixth of a render), and how a diagnostic
/// describes it.
pub struct Pattern {
    pub regex: &'static str,
    pub matches: fn(&str) -> bool,
    /// What a value of this shape is, and an example; `None` prints the regex itself.
    pub described: Option<(&'static str, &'static str)>,
}

/// Every pattern the schema may use. A schema test fails on a pattern without an entry here.
pub const PATTERNS: &[Pattern] = &[
    Pattern {
        regex: DNS_LABEL,
        matches: names::has_dns_label_shape,
        described: Some((
            "a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit",
            "redis-cluster",
        )),
    },
    Pattern { regex: DNS_SUBDOMAIN, matches: names::has_dns_subdomain_shape, described: None },
    Pattern {
        regex: DNS_SUBDOMAIN_253,
        matches: |s| s.len() <= 253 && names::has_dns_subdomain_shape(s),
        described: None,
    },
    Pattern {
        regex: IMAGE_TAG,
        matches: |s| {
            (1..=128).contains(&s.len())
                && !s.starts_with(['.', '-'])
                && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        },
        described: None,
    },
    Pattern {
        regex: SHA256_DIGEST,
        matches: |s| {
            s.strip_prefix("sha256:")
                .is_some_and(|h| h.len() == 64 && h.chars().all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)))
        },
        described: None,
    },
    Pattern {
        regex: CONFIG_KEY,
        matches: |s| {
            (1..=253).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
        },
        described: None,
    },
    Pattern {
        regex: PLAIN_NAME,
        matches: |s| {
            s.starts_with(|c: char| c.is_ascii_alphanumeric())
                && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        },
        described: None,
    },
    Pattern { regex: GO_DURATION, matches: is_go_duration, described: None },
    Pattern { regex: PROMETHEUS_DURATION, matches: is_prometheus_duration, described: None },
    Pattern { regex: QUANTITY, matches: is_quantity, described: Some(("a Kubernetes quantity", "512Mi, 1Gi or 100m")) },
    Pattern {
        regex: STORE_PREFIX,
        matches: |s| {
            s.split('/').all(|seg| {
                !seg.is_empty() && seg.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
            })
        },
        described: Some((
            "a folder path of letters, digits, '.', '_' and '-', without a leading or trailing '/'",
            "prod/cache",
        )),
    },
    Pattern {
        regex: BACKUP_ID,
        matches: |s| {
            let b = s.as_bytes();
            b.len() == 16
                && b[..8].iter().all(u8::is_ascii_digit)
                && b[8] == b'T'
                && b[9..15].iter().all(u8::is_ascii_digit)
                && b[15] == b'Z'
        },
        described: Some(("a backup's folder name, the UTC time it started", "20261203T031700Z")),
    },
    Pattern {
        regex: BUCKET_NAME,
        matches: |s| {
            (3..=63).contains(&s.len())
                && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-'))
                && !s.starts_with(['.', '-'])
                && !s.ends_with(['.', '-'])
        },
        described: Some(("an S3 bucket name: 3 to 63 lowercase letters, digits, '.' and '-'", "redis-backups")),
    },
    Pattern {
        regex: ABSOLUTE_PATH,
        matches: |s| s.starts_with('/'),
        described: Some(("an absolute path", "/data/redis")),
    },
];

/// An IPv4 or IPv6 CIDR (`10.0.0.0/8`, `fd00::/8`), as a NetworkPolicy's ipBlock takes it.
pub fn is_cidr(s: &str) -> bool {
    let Some((addr, len)) = s.split_once('/') else { return false };
    let Ok(len) = len.parse::<u8>() else { return false };
    match addr.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(_)) => len <= 32,
        Ok(std::net::IpAddr::V6(_)) => len <= 128,
        Err(_) => false,
    }
}

/// The grammar behind a schema `pattern`.
pub fn pattern(regex: &str) -> Option<&'static Pattern> {
    PATTERNS.iter().find(|p| p.regex == regex)
}

#[cfg(test)]
mod tests;
