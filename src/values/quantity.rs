//! Kubernetes resource quantities (`512Mi`, `1.5Gi`, `100m`), kept as written, parsed on demand.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize};

/// Regular expression of a Kubernetes quantity; shared by the schema and by parsing.
pub const QUANTITY_PATTERN: &str = r"^[+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+|[KMGTPE]i|[mkMGTPE])?$";

/// A Kubernetes quantity such as `512Mi` or `2`; integers in YAML are accepted as well.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Quantity(pub String);

impl Quantity {
    /// The value in base units (bytes for memory, cores for CPU), or `None` when malformed.
    pub fn to_f64(&self) -> Option<f64> {
        let s = self.0.trim_start_matches('+');
        let split = s.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(s.len());
        let (number, suffix) = s.split_at(split);
        let number: f64 = number.parse().ok()?;
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
            exp if exp.starts_with(['e', 'E']) => 10f64.powi(exp[1..].parse().ok()?),
            _ => return None,
        };
        Some(number * factor).filter(|v| v.is_finite())
    }

    /// Whole bytes, for directives such as `maxmemory`.
    pub fn to_bytes(&self) -> Option<u64> {
        self.to_f64().filter(|v| *v >= 0.0 && *v < 1.8e19).map(|v| v.ceil() as u64)
    }
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
            "pattern": QUANTITY_PATTERN,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units() {
        assert_eq!(Quantity::from("512Mi").to_bytes(), Some(512 * 1024 * 1024));
        assert_eq!(Quantity::from("1G").to_bytes(), Some(1_000_000_000));
        assert_eq!(Quantity::from("100m").to_f64(), Some(0.1));
        assert_eq!(Quantity::from("1.5Gi").to_bytes(), Some(1_610_612_736));
        assert_eq!(Quantity::from("12e3").to_f64(), Some(12_000.0));
        assert_eq!(Quantity::from("lots").to_f64(), None);
    }
}
