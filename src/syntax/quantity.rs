//! Kubernetes resource quantities (`512Mi`, `1.5Gi`, `100m`), kept as written, parsed on demand.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize};

/// A Kubernetes quantity such as `512Mi` or `2`; integers in YAML are accepted as well.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Quantity(pub String);

impl Quantity {
    /// The value in base units (bytes for memory, cores for CPU), or `None` when malformed.
    pub fn to_f64(&self) -> Option<f64> {
        let (number, factor) = parse(&self.0)?;
        Some(number.parse::<f64>().ok()? * factor).filter(|v| v.is_finite())
    }

    /// Whole bytes, for directives such as `maxmemory`.
    pub fn to_bytes(&self) -> Option<u64> {
        self.to_f64().filter(|v| *v >= 0.0 && *v < 1.8e19).map(|v| v.ceil() as u64)
    }
}

/// `^[+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+|[KMGTPE]i|[mkMGTPE])?$`
pub fn is_quantity(s: &str) -> bool {
    parse(s).is_some()
}

/// The one quantity parser: the number as written (without its sign) and the suffix's factor.
fn parse(s: &str) -> Option<(&str, f64)> {
    let s = s.strip_prefix('+').unwrap_or(s);
    let number_end = s.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(s.len());
    let (number, suffix) = s.split_at(number_end);
    let number_ok = match number.split_once('.') {
        Some((int, frac)) => !(frac.contains('.') || int.is_empty() && frac.is_empty()),
        None => !number.is_empty(),
    };
    if !number_ok {
        return None;
    }
    let factor = match suffix {
        "" => 1.0,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        "Ki" => 1024f64,
        "Mi" => 1024f64.powi(2),
        "Gi" => 1024f64.powi(3),
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        e if e.starts_with(['e', 'E']) => {
            let exp = &e[1..];
            let digits = exp.strip_prefix(['+', '-']).unwrap_or(exp);
            if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            10f64.powi(exp.parse().unwrap_or(if exp.starts_with('-') { i32::MIN } else { i32::MAX }))
        }
        _ => return None,
    };
    Some((number, factor))
}

impl From<&str> for Quantity {
    fn from(s: &str) -> Self {
        Quantity(s.to_owned())
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Text(String),
            Whole(u64),
        }
        Ok(match Raw::deserialize(d)? {
            Raw::Text(s) => Quantity(s),
            Raw::Whole(n) => Quantity(n.to_string()),
        })
    }
}

impl JsonSchema for Quantity {
    fn schema_name() -> Cow<'static, str> {
        "Quantity".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A Kubernetes quantity: a number with an optional suffix (Ki, Mi, Gi, Ti; k, M, G; m for milli), e.g. 512Mi.",
            "type": ["string", "integer"],
            "minimum": 0,
            "pattern": super::QUANTITY,
        })
    }
}
