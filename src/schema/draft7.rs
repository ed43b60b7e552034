//! A validator for the part of JSON Schema draft-07 that the values schema uses: `$ref`, `allOf`,
//! `anyOf`, `type`, `enum`, `minimum`, `maximum`, `minLength`, `maxLength`, `pattern`,
//! `properties`, `additionalProperties`, `required` and `items` (`format` is an annotation).
//!
//! Why not the `jsonschema` crate at run time: building its validator for this schema cost more
//! at every start than the rest of a render. It stays the reference: a test proves both find the
//! same violations on every example, every invalid case and thousands of mutations, and a test
//! refuses a schema keyword this walker does not know.

use serde_json::Value;

use super::{Additional, Node};
use crate::syntax;

/// Every keyword [`violations`] understands; any other validation keyword in the schema is a bug.
#[cfg(test)]
pub(crate) const KEYWORDS: &[&str] = &[
    "$ref",
    "allOf",
    "anyOf",
    "type",
    "enum",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "pattern",
    "properties",
    "additionalProperties",
    "required",
    "items",
];

/// One way in which a value breaks the schema.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Violation<'v> {
    /// Where, as values path segments.
    pub path: Vec<String>,
    /// The offending value (for `required`, the mapping that lacks the key).
    pub instance: &'v Value,
    pub kind: Kind<'v>,
}

/// What is wrong; schema arguments are borrowed from the embedded (static) schema.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind<'v> {
    /// Keys that no `properties` entry names, under `additionalProperties: false`.
    UnknownKeys(Vec<String>),
    /// No `anyOf` branch fits; what each branch found, in branch order.
    NoBranch(Vec<Vec<Violation<'v>>>),
    Required(String),
    /// The allowed types, in the order `null boolean integer number string array object`.
    Type(Vec<&'static str>),
    Enum(&'static [&'static str]),
    Minimum(i64),
    Maximum(i64),
    MinLength(u64),
    MaxLength(u64),
    Pattern(&'static str),
}

type Schema = Node;

/// Every violation of `value` against `schema` (a node of `root`), in the order of the checks
/// below (the diagnostics are sorted by place afterwards).
pub(crate) fn violations<'v>(root: &'static Schema, schema: &'static Schema, value: &'v Value) -> Vec<Violation<'v>> {
    let mut out = Vec::new();
    walk(root, schema, value, &mut Vec::new(), &mut out);
    out
}

fn walk<'v>(
    root: &'static Schema,
    node: &'static Schema,
    value: &'v Value,
    path: &mut Vec<String>,
    out: &mut Vec<Violation<'v>>,
) {
    if let Some(reference) = node.reference {
        // Draft-07: a `$ref` replaces its siblings.
        let target = root.resolve(reference).expect("every $ref of the embedded schema resolves (tested)");
        return walk(root, target, value, path, out);
    }
    let mut push = |kind| out.push(Violation { path: path.to_vec(), instance: value, kind });
    if let Some(allowed) = node.types {
        if !allowed.iter().any(|t| has_type(value, t)) {
            push(Kind::Type(in_display_order(allowed)));
        }
    }
    if let Some(options) = node.options {
        if !value.as_str().is_some_and(|s| options.contains(&s)) {
            push(Kind::Enum(options));
        }
    }
    if let Some(limit) = node.minimum {
        if compare(value, limit).is_some_and(|o| o.is_lt()) {
            push(Kind::Minimum(limit));
        }
    }
    if let Some(limit) = node.maximum {
        if compare(value, limit).is_some_and(|o| o.is_gt()) {
            push(Kind::Maximum(limit));
        }
    }
    if let (Some(limit), Some(s)) = (node.min_length, value.as_str()) {
        if (s.chars().count() as u64) < limit {
            push(Kind::MinLength(limit));
        }
    }
    if let (Some(limit), Some(s)) = (node.max_length, value.as_str()) {
        if s.chars().count() as u64 > limit {
            push(Kind::MaxLength(limit));
        }
    }
    if let (Some(pattern), Some(s)) = (node.pattern, value.as_str()) {
        let matches = syntax::pattern(pattern).expect("every schema pattern has a grammar (tested)").matches;
        if !matches(s) {
            push(Kind::Pattern(pattern));
        }
    }
    if let (Some(keys), Some(map)) = (node.required, value.as_object()) {
        for key in keys.iter().filter(|k| !map.contains_key(**k)) {
            push(Kind::Required(key.to_string()));
        }
    }
    // Keywords that descend into the value: after the node's own checks, as `jsonschema` reports.
    if let Some(map) = value.as_object() {
        let mut unknown = Vec::new();
        for (key, item) in map {
            let sub = match (node.properties.as_ref().and_then(|p| p.get(key)), &node.additional) {
                (Some(sub), _) => sub,
                (None, Some(Additional::Allowed(false))) => {
                    unknown.push(key.clone());
                    continue;
                }
                (None, Some(Additional::Schema(sub))) => sub,
                (None, Some(Additional::Allowed(true)) | None) => continue,
            };
            path.push(key.clone());
            walk(root, sub, item, path, out);
            path.pop();
        }
        if !unknown.is_empty() {
            out.push(Violation { path: path.clone(), instance: value, kind: Kind::UnknownKeys(unknown) });
        }
    }
    if let (Some(items), Some(list)) = (node.items, value.as_array()) {
        for (index, item) in list.iter().enumerate() {
            path.push(index.to_string());
            walk(root, items, item, path, out);
            path.pop();
        }
    }
    for sub in node.all_of.into_iter().flatten() {
        walk(root, sub, value, path, out);
    }
    if let Some(branches) = node.any_of {
        let mut found = Vec::with_capacity(branches.len());
        for branch in branches {
            let mut inner = Vec::new();
            walk(root, branch, value, path, &mut inner);
            if inner.is_empty() {
                return;
            }
            found.push(inner);
        }
        out.push(Violation { path: path.clone(), instance: value, kind: Kind::NoBranch(found) });
    }
}

fn has_type(value: &Value, name: &str) -> bool {
    match name {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "integer" => {
            value.as_number().is_some_and(|n| n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0))
        }
        "number" => value.is_number(),
        "string" => value.is_string(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => false,
    }
}

fn in_display_order(allowed: &[&str]) -> Vec<&'static str> {
    ["null", "boolean", "integer", "number", "string", "array", "object"]
        .into_iter()
        .filter(|t| allowed.contains(t))
        .collect()
}

/// Orders a number against an integer limit exactly for integers, as f64 otherwise; `None`
/// when the value is not a number.
fn compare(value: &Value, limit: i64) -> Option<std::cmp::Ordering> {
    let n = value.as_number()?;
    match n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from)) {
        Some(n) => Some(n.cmp(&i128::from(limit))),
        None => n.as_f64()?.partial_cmp(&(limit as f64)),
    }
}
