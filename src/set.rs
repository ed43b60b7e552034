//! `--set path=value`: one value given on the command line, typed by the schema.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, Location};
use crate::load::{Layer, Source};
use crate::schema::types_at;
use crate::yaml::{self, Document, Limits, Mark, Mode, NodeSpan, scalar::resolve_plain};

/// Why a `--set` argument was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetError {
    /// Not of the form `path=value` (a usage error, exit 2).
    Usage(String),
    /// Well-formed but the value does not fit the field (invalid input, exit 1).
    Invalid(Diagnostic),
}

/// Parses `path=value` into a layer holding just that value. Path segments are separated by
/// `.`; a literal dot in a key is written `\.` (e.g. `labels.app\.kubernetes\.io/team=db`).
pub fn parse(arg: &str) -> Result<Layer, SetError> {
    let (path_text, raw) = arg
        .split_once('=')
        .ok_or_else(|| SetError::Usage(format!("--set {arg}: expected path=value, e.g. --set cluster.masters=4")))?;
    let path = split_path(path_text);
    if path.iter().any(String::is_empty) {
        return Err(SetError::Usage(format!("--set {arg}: the path {path_text:?} has an empty segment")));
    }
    layer(format!("--set {arg}"), path, raw)
}

/// A layer for a dedicated flag such as `--name X`, reported under that flag.
pub fn flag(flag: &str, path: &str, raw: &str) -> Result<Layer, SetError> {
    layer(format!("{flag} {raw}"), split_path(path), raw)
}

fn layer(shown_as: String, path: Vec<String>, raw: &str) -> Result<Layer, SetError> {
    let path_text = path.join(".");
    let value = typed_value(&path, raw).map_err(|message| {
        SetError::Invalid(Diagnostic::error(Location::Set { arg: shown_as.clone() }, yaml::dotted(&path), message))
    })?;
    let mut spans = HashMap::new();
    let at = NodeSpan { key: Some(Mark { line: 1, col: 1 }), value: Mark { line: 1, col: path_text.len() + 2 } };
    for depth in 0..=path.len() {
        spans.insert(yaml::pointer(&path[..depth]), at);
    }
    let value = path.iter().rev().fold(value, |inner, key| Value::Object(Map::from_iter([(key.clone(), inner)])));
    let doc = Document { value, spans, start: Mark { line: 1, col: 1 } };
    Ok(Layer { source: Source { name: shown_as.clone(), text: shown_as.clone() }, doc, set_arg: Some(shown_as) })
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
        let docs = yaml::parse_stream(raw, Limits::default(), Mode::Input)
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
        parse(arg).unwrap().doc.value
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
        let Err(SetError::Invalid(d)) = parse("cluster.masters=four") else { panic!() };
        assert_eq!(d.location, Location::Set { arg: "--set cluster.masters=four".into() });
        assert_eq!(d.path, "cluster.masters");
        assert!(matches!(parse("cluster.masters"), Err(SetError::Usage(_))));
        assert!(matches!(parse("cluster..masters=3"), Err(SetError::Usage(_))));
        assert!(matches!(parse("auth.enabled=yes"), Err(SetError::Invalid(_))));
    }
}
