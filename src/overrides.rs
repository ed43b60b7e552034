//! Values given outside the files (`--set path=value`, `--name`, `--namespace`), typed by the
//! schema. The library knows no flag names: the caller says how each override was written.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, Location};
use crate::load::{Layer, Source};
use crate::schema::types_at;
use crate::yaml::{self, Document, Limits, Mark, NodeSpan, Purpose, scalar::resolve_plain};

/// One value for one path, and how the user wrote it (diagnostics name it instead of a line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    pub path: Vec<String>,
    /// The raw text, typed by the schema when applied (`7.2` stays a string for `image.tag`).
    pub value: String,
    /// How the user wrote it, e.g. `--set cluster.masters=5` or `--name cache`.
    pub origin: String,
}

/// Why `path=value` text is not an override.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OverrideSyntaxError {
    #[error("expected path=value")]
    MissingEquals,
    #[error("the path {0:?} has an empty segment")]
    EmptySegment(String),
}

impl Override {
    /// Parses `path=value`. Path segments are separated by `.`; a literal dot in a key is
    /// written `\.` (e.g. `labels.app\.kubernetes\.io/team=db`).
    pub fn parse(text: &str, origin: impl Into<String>) -> Result<Override, OverrideSyntaxError> {
        let (path_text, raw) = text.split_once('=').ok_or(OverrideSyntaxError::MissingEquals)?;
        let path = split_path(path_text);
        if path.iter().any(String::is_empty) {
            return Err(OverrideSyntaxError::EmptySegment(path_text.to_owned()));
        }
        Ok(Override { path, value: raw.to_owned(), origin: origin.into() })
    }

    /// An override of one top-level key, e.g. `name` for `--name`.
    pub fn key(key: &str, value: &str, origin: impl Into<String>) -> Override {
        Override { path: vec![key.to_owned()], value: value.to_owned(), origin: origin.into() }
    }

    /// A layer holding just this value, typed by what the schema expects at its path.
    pub fn layer(&self) -> Result<Layer, Diagnostic> {
        let value = typed_value(&self.path, &self.value).map_err(|message| {
            Diagnostic::error(Location::Set { arg: self.origin.clone() }, yaml::dotted(&self.path), message)
        })?;
        let path_text = self.path.join(".");
        let mut spans = HashMap::new();
        let at = NodeSpan { key: Some(Mark { line: 1, col: 1 }), value: Mark { line: 1, col: path_text.len() + 2 } };
        for depth in 0..=self.path.len() {
            spans.insert(yaml::pointer(&self.path[..depth]), at);
        }
        let value =
            self.path.iter().rev().fold(value, |inner, key| Value::Object(Map::from_iter([(key.clone(), inner)])));
        let doc = Document { value, spans, start: Mark { line: 1, col: 1 } };
        let source = Source { name: self.origin.clone(), text: self.origin.clone() };
        Ok(Layer { source, doc, set_arg: Some(self.origin.clone()), embedded: false })
    }
}

fn split_path(text: &str) -> Vec<String> {
    let mut segments = vec![String::new()];
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => segments.last_mut().expect("never empty").push(chars.next().unwrap_or('\\')),
            '.' => segments.push(String::new()),
            c => segments.last_mut().expect("never empty").push(c),
        }
    }
    segments
}

/// Types `raw` by what the schema expects at `path`, so `--set image.tag=7.2` stays a string
/// and `--set cluster.masters=4` becomes a number.
fn typed_value(path: &[String], raw: &str) -> Result<Value, String> {
    let types = types_at(path);
    let allows = |t: &str| types.iter().any(|x| x == t);
    if raw == "null" && (allows("null") || types.is_empty()) {
        return Ok(Value::Null);
    }
    if types.is_empty() {
        return resolve_plain(raw).map_err(|_| format!("{raw:?} is not a usable value"));
    }
    if (allows("object") || allows("array")) && !allows("string") {
        let docs = yaml::parse_stream(raw, Limits::default(), Purpose::Values)
            .map_err(|e| format!("cannot read {raw:?} as YAML: {}", e.message))?;
        return Ok(docs.into_iter().next().map(|d| d.value).unwrap_or(Value::Null));
    }
    if allows("integer") {
        if let Ok(n) = raw.parse::<i64>() {
            return Ok(n.into());
        }
        if !allows("string") {
            return Err(format!("expects a whole number, got {raw:?}"));
        }
    }
    if allows("number") {
        if let Some(n) = raw.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
            return Ok(Value::Number(n));
        }
        if !allows("string") {
            return Err(format!("expects a number, got {raw:?}"));
        }
    }
    if allows("boolean") && !allows("string") {
        return match raw {
            "true" => Ok(true.into()),
            "false" => Ok(false.into()),
            _ => Err(format!("expects true or false, got {raw:?}")),
        };
    }
    Ok(Value::String(raw.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn value(arg: &str) -> Value {
        Override::parse(arg, format!("--set {arg}")).unwrap().layer().unwrap().doc.value
    }

    #[test]
    fn types_follow_the_schema() {
        assert_eq!(value("cluster.masters=5"), json!({"cluster": {"masters": 5}}));
        assert_eq!(value("image.tag=7.2"), json!({"image": {"tag": "7.2"}}));
        assert_eq!(value("storage.mode=nas"), json!({"storage": {"mode": "nas"}}));
        assert_eq!(value("auth.enabled=false"), json!({"auth": {"enabled": false}}));
        assert_eq!(value("storage.size=2Gi"), json!({"storage": {"size": "2Gi"}}));
        assert_eq!(value("redis.maxmemory=1024"), json!({"redis": {"maxmemory": 1024}}));
        assert_eq!(value("storage.hostPath.nodes=[a, b]"), json!({"storage": {"hostPath": {"nodes": ["a", "b"]}}}));
        assert_eq!(value("auth.password=null"), json!({"auth": {"password": null}}));
        assert_eq!(value(r"labels.app\.kubernetes\.io/team=db"), json!({"labels": {"app.kubernetes.io/team": "db"}}));
        assert_eq!(value("auth.password=a=b"), json!({"auth": {"password": "a=b"}}));
    }

    #[test]
    fn bad_values_name_the_argument() {
        let d = Override::parse("cluster.masters=four", "--set cluster.masters=four").unwrap().layer().unwrap_err();
        assert_eq!(d.location, Location::Set { arg: "--set cluster.masters=four".into() });
        assert_eq!(d.path, "cluster.masters");
        assert_eq!(Override::parse("cluster.masters", ""), Err(OverrideSyntaxError::MissingEquals));
        assert_eq!(
            Override::parse("cluster..masters=3", ""),
            Err(OverrideSyntaxError::EmptySegment("cluster..masters".into()))
        );
        assert!(Override::parse("auth.enabled=yes", "").unwrap().layer().is_err());
    }
}
