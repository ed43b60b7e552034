//! The schema's `pattern`s, checked by hand-written matchers instead of compiled regexes:
//! compiling them was a sixth of the cost of a whole render. The published schema keeps the
//! regexes (editors use them); a test proves each matcher agrees with its regex.

use super::names::has_dns_label_shape;
use crate::values::{DNS_LABEL_PATTERN, QUANTITY_PATTERN};

/// A matcher for every pattern the schema uses.
pub(crate) fn matcher(pattern: &str) -> Option<fn(&str) -> bool> {
    Some(match pattern {
        p if p == DNS_LABEL_PATTERN => has_dns_label_shape,
        p if p == QUANTITY_PATTERN => is_quantity,
        r"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$" => {
            |s| edges_alnum(s, |c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        }
        r"^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$" => |s| {
            s.len() <= 253 && edges_alnum(s, |c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        },
        r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$" => |s| {
            (1..=128).contains(&s.len())
                && !s.starts_with(['.', '-'])
                && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        },
        r"^sha256:[a-f0-9]{64}$" => |s| {
            s.strip_prefix("sha256:")
                .is_some_and(|h| h.len() == 64 && h.chars().all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)))
        },
        r"^[-._a-zA-Z0-9]{1,253}$" => |s| {
            (1..=253).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
        },
        r"^[A-Za-z0-9][A-Za-z0-9._-]*$" => |s| {
            s.starts_with(|c: char| c.is_ascii_alphanumeric())
                && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        },
        r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$" => is_go_duration,
        r"^([0-9]+(ms|s|m|h|d|w|y))+$" => is_prometheus_duration,
        "^/" => |s| s.starts_with('/'),
        _ => return None,
    })
}

/// `^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$`: a Go duration as cert-manager reads it (`2160h`, `1h30m`).
pub(crate) fn is_go_duration(s: &str) -> bool {
    let digits = |t: &str| t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let mut rest = s;
    while !rest.is_empty() {
        let int = digits(rest);
        if int == 0 {
            return false;
        }
        rest = &rest[int..];
        if let Some(after) = rest.strip_prefix('.') {
            let frac = digits(after);
            if frac == 0 {
                return false;
            }
            rest = &after[frac..];
        }
        rest = match rest.strip_prefix("ms").or_else(|| rest.strip_prefix(['s', 'm', 'h'])) {
            Some(after) => after,
            None => return false,
        };
    }
    !s.is_empty()
}

/// `^([0-9]+(ms|s|m|h|d|w|y))+$`: a Prometheus duration (`30s`, `1h30m`, `2d`).
pub(crate) fn is_prometheus_duration(s: &str) -> bool {
    let mut rest = s;
    while !rest.is_empty() {
        let int = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        if int == 0 {
            return false;
        }
        rest = &rest[int..];
        rest = match rest.strip_prefix("ms").or_else(|| rest.strip_prefix(['s', 'm', 'h', 'd', 'w', 'y'])) {
            Some(after) => after,
            None => return false,
        };
    }
    !s.is_empty()
}

/// `[a-z0-9]([inner]*[a-z0-9])?`, where `inner` also allows some punctuation.
fn edges_alnum(s: &str, inner: fn(char) -> bool) -> bool {
    let edge = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    s.starts_with(edge) && s.ends_with(edge) && s.chars().all(inner)
}

/// `^[+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+|[KMGTPE]i|[mkMGTPE])?$`
fn is_quantity(s: &str) -> bool {
    let s = s.strip_prefix('+').unwrap_or(s);
    let number_end = s.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(s.len());
    let (number, suffix) = s.split_at(number_end);
    let number_ok = match number.split_once('.') {
        Some((int, frac)) => !(frac.contains('.') || int.is_empty() && frac.is_empty()),
        None => !number.is_empty(),
    };
    let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    let suffix_ok = match suffix {
        "" | "m" | "k" | "M" | "G" | "T" | "P" | "E" | "Ki" | "Mi" | "Gi" | "Ti" | "Pi" | "Ei" => true,
        e if e.starts_with(['e', 'E']) => digits(e[1..].strip_prefix(['+', '-']).unwrap_or(&e[1..])),
        _ => false,
    };
    number_ok && suffix_ok
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::schema::values_schema;

    fn patterns(node: &Value, out: &mut Vec<String>) {
        match node {
            Value::Object(map) => {
                if let Some(Value::String(p)) = map.get("pattern") {
                    out.push(p.clone());
                }
                map.values().for_each(|v| patterns(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| patterns(v, out)),
            _ => {}
        }
    }

    #[test]
    fn every_matcher_agrees_with_its_regex() {
        let mut all = Vec::new();
        patterns(values_schema(), &mut all);
        all.sort();
        all.dedup();
        assert!(all.len() >= 6, "{all:?}");
        let corpus = [
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
            "1.5Gi",
            "12e3",
            "1E-2",
            "1e",
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
        ];
        let long = ["a".repeat(128), "a".repeat(129), "a".repeat(253), "a".repeat(254)];
        for pattern in &all {
            let regex = regex::Regex::new(pattern).unwrap();
            let matches = matcher(pattern).unwrap_or_else(|| panic!("no matcher for {pattern}"));
            for s in corpus.iter().copied().chain(long.iter().map(String::as_str)) {
                assert_eq!(matches(s), regex.is_match(s), "pattern {pattern} on {s:?}");
            }
        }
    }
}
