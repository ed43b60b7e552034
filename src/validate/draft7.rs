//! A validator for the part of JSON Schema draft-07 that the values schema uses: `$ref`, `allOf`,
//! `anyOf`, `type`, `enum`, `minimum`, `maximum`, `minLength`, `maxLength`, `pattern`,
//! `properties`, `additionalProperties`, `required` and `items` (`format` is an annotation).
//!
//! Why not the `jsonschema` crate at run time: building its validator for this schema cost more
//! at every start than the rest of a render. It stays the reference: a test proves both find the
//! same violations on every example, every invalid case and thousands of mutations, and a test
//! refuses a schema keyword this walker does not know.

use serde_json::Value;

use super::patterns;

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
    Enum(&'static Value),
    Minimum(&'static Value),
    Maximum(&'static Value),
    MinLength(u64),
    MaxLength(u64),
    Pattern(&'static str),
}

/// Every violation of `value` against `schema` (a node of `root`), in schema keyword order.
pub(crate) fn violations<'v>(root: &'static Value, schema: &'static Value, value: &'v Value) -> Vec<Violation<'v>> {
    let mut out = Vec::new();
    walk(root, schema, value, &mut Vec::new(), &mut out);
    out
}

fn walk<'v>(
    root: &'static Value,
    schema: &'static Value,
    value: &'v Value,
    path: &mut Vec<String>,
    out: &mut Vec<Violation<'v>>,
) {
    let Some(node) = schema.as_object() else { return };
    if let Some(reference) = node.get("$ref") {
        // Draft-07: a `$ref` replaces its siblings.
        return walk(root, resolve(root, reference), value, path, out);
    }
    // One pass over the node's keywords (no hashed lookups): the checks of this node, and the
    // keywords that descend, kept for afterwards.
    let (mut properties, mut additional, mut items, mut all_of, mut any_of) = (None, None, None, None, None);
    let mut push = |path: &[String], kind| out.push(Violation { path: path.to_vec(), instance: value, kind });
    for (keyword, arg) in node {
        match keyword.as_str() {
            "properties" => properties = arg.as_object(),
            "additionalProperties" => additional = Some(arg),
            "items" => items = Some(arg),
            "allOf" => all_of = arg.as_array(),
            "anyOf" => any_of = arg.as_array(),
            "type" => {
                let allowed: Vec<&str> = match arg {
                    Value::Array(types) => types.iter().filter_map(Value::as_str).collect(),
                    other => other.as_str().into_iter().collect(),
                };
                if !allowed.iter().any(|t| has_type(value, t)) {
                    push(path, Kind::Type(in_display_order(&allowed)));
                }
            }
            "enum" if !arg.as_array().is_some_and(|options| options.contains(value)) => push(path, Kind::Enum(arg)),
            "minimum" if compare(value, arg).is_some_and(|o| o.is_lt()) => push(path, Kind::Minimum(arg)),
            "maximum" if compare(value, arg).is_some_and(|o| o.is_gt()) => push(path, Kind::Maximum(arg)),
            "minLength" => {
                let limit = arg.as_u64().unwrap_or(0);
                if value.as_str().is_some_and(|s| (s.chars().count() as u64) < limit) {
                    push(path, Kind::MinLength(limit));
                }
            }
            "maxLength" => {
                let limit = arg.as_u64().unwrap_or(u64::MAX);
                if value.as_str().is_some_and(|s| s.chars().count() as u64 > limit) {
                    push(path, Kind::MaxLength(limit));
                }
            }
            "pattern" => {
                let pattern = arg.as_str().unwrap_or_default();
                let matches = patterns::matcher(pattern).expect("every schema pattern has a matcher (tested)");
                if value.as_str().is_some_and(|s| !matches(s)) {
                    push(path, Kind::Pattern(pattern));
                }
            }
            "required" => {
                if let (Some(map), Some(keys)) = (value.as_object(), arg.as_array()) {
                    for key in keys.iter().filter_map(Value::as_str).filter(|k| !map.contains_key(*k)) {
                        push(path, Kind::Required(key.to_owned()));
                    }
                }
            }
            _ => {}
        }
    }
    // Keywords that descend into the value: after the node's own checks, as `jsonschema` reports.
    if let Some(map) = value.as_object() {
        let mut unknown = Vec::new();
        for (key, item) in map {
            let sub = match (properties.and_then(|p| p.get(key)), additional) {
                (Some(sub), _) => sub,
                (None, Some(Value::Bool(false))) => {
                    unknown.push(key.clone());
                    continue;
                }
                (None, Some(sub)) => sub,
                (None, None) => continue,
            };
            path.push(key.clone());
            walk(root, sub, item, path, out);
            path.pop();
        }
        if !unknown.is_empty() {
            out.push(Violation { path: path.clone(), instance: value, kind: Kind::UnknownKeys(unknown) });
        }
    }
    if let (Some(items), Some(list)) = (items, value.as_array()) {
        for (index, item) in list.iter().enumerate() {
            path.push(index.to_string());
            walk(root, items, item, path, out);
            path.pop();
        }
    }
    for sub in all_of.into_iter().flatten() {
        walk(root, sub, value, path, out);
    }
    if let Some(branches) = any_of {
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

fn resolve(root: &'static Value, reference: &Value) -> &'static Value {
    reference
        .as_str()
        .and_then(|r| r.strip_prefix('#'))
        .and_then(|pointer| root.pointer(pointer))
        .expect("every $ref of the embedded schema resolves (tested)")
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

/// Orders a number against a numeric limit exactly for integers, as f64 otherwise; `None` when
/// the value is not a number.
fn compare(value: &Value, limit: &Value) -> Option<std::cmp::Ordering> {
    let (n, l) = (value.as_number()?, limit.as_number()?);
    let int = |x: &serde_json::Number| x.as_i64().map(i128::from).or_else(|| x.as_u64().map(i128::from));
    match (int(n), int(l)) {
        (Some(a), Some(b)) => Some(a.cmp(&b)),
        _ => n.as_f64()?.partial_cmp(&l.as_f64()?),
    }
}
