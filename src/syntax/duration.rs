//! Durations: Go's (cert-manager's `duration`, `renewBefore`) and Prometheus's (`for`, scrape
//! intervals). Each grammar is one parser; matching is parsing.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

/// A Go duration as cert-manager reads it (`2160h`, `1h30m`, `1.5h`, `250ms`), kept as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct GoDuration(pub String);

impl GoDuration {
    /// Milliseconds, or `None` when the text is not a Go duration of these units.
    pub fn to_ms(&self) -> Option<f64> {
        go_ms(&self.0)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for GoDuration {
    fn from(s: &str) -> Self {
        GoDuration(s.to_owned())
    }
}

impl JsonSchema for GoDuration {
    fn schema_name() -> Cow<'static, str> {
        "GoDuration".into()
    }

    /// Inline, so a field's schema reads as before: its own description, a string, the pattern.
    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": super::GO_DURATION,
        })
    }
}

/// `^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$`.
pub fn is_go_duration(s: &str) -> bool {
    go_ms(s).is_some()
}

/// `^([0-9]+(ms|s|m|h|d|w|y))+$`: a Prometheus duration (`30s`, `1h30m`, `2d`).
pub fn is_prometheus_duration(s: &str) -> bool {
    let mut rest = s;
    while !rest.is_empty() {
        let Some((_, after)) = split_number(rest, false) else { return false };
        rest = match after.strip_prefix("ms").or_else(|| after.strip_prefix(['s', 'm', 'h', 'd', 'w', 'y'])) {
            Some(after) => after,
            None => return false,
        };
    }
    !s.is_empty()
}

/// The one Go-duration parser: the sum of its terms in milliseconds.
fn go_ms(s: &str) -> Option<f64> {
    let mut total = 0.0;
    let mut rest = s;
    while !rest.is_empty() {
        let (number, after) = split_number(rest, true)?;
        let (scale, after) = match after.strip_prefix("ms") {
            Some(after) => (1.0, after),
            None => match after.chars().next()? {
                's' => (1e3, &after[1..]),
                'm' => (60e3, &after[1..]),
                'h' => (3600e3, &after[1..]),
                _ => return None,
            },
        };
        total += number.parse::<f64>().ok()? * scale;
        rest = after;
    }
    (!s.is_empty()).then_some(total)
}

/// Digits (and, with `fraction`, an optional `.digits`) at the start of `s`, and the rest.
fn split_number(s: &str, fraction: bool) -> Option<(&str, &str)> {
    let digits = |t: &str| t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let int = digits(s);
    if int == 0 {
        return None;
    }
    let mut end = int;
    if let Some(after) = s[int..].strip_prefix('.').filter(|_| fraction) {
        let frac = digits(after);
        if frac == 0 {
            return None;
        }
        end = int + 1 + frac;
    }
    Some(s.split_at(end))
}
