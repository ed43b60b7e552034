//! The JSON Schema of the values file and everything that runs it: generated from the Rust types
//! (`rgen.schema.json`), compiled into static nodes (`validation_nodes.rs`, by `codegen`),
//! walked by a draft-07 validator (`draft7`) whose `pattern`s are the grammars of
//! [`crate::syntax`], and turned into located diagnostics (`errors`). Lookups into it type
//! `--set` values and suggest keys. The cross-field rules are [`crate::validate`]'s.

use std::sync::OnceLock;

use schemars::generate::SchemaSettings;
use serde_json::Value;

use crate::values::Values;
pub(crate) use node::{Additional, Node};

#[cfg(test)]
mod codegen;
mod draft7;
#[cfg(test)]
mod draft7_agreement;
mod errors;
mod node;
mod validation_nodes;

pub(crate) use errors::check;

/// The schema as committed (`rgen.schema.json`): generated from the types at development time
/// (a test keeps it equal to [`generate_schema_text`]), embedded so that no run pays for
/// generating it.
pub const VALUES_SCHEMA_TEXT: &str = include_str!("../../rgen.schema.json");

/// The values schema (draft-07, which yaml-language-server and every validator understand).
pub fn values_schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| serde_json::from_str(VALUES_SCHEMA_TEXT).expect("the embedded schema is JSON"))
}

/// The same schema without annotations (descriptions, defaults, formats, titles), as static
/// typed nodes: all that validation, `--set` typing and key suggestions read. Generated with
/// the published schema (a test keeps it equal to [`strip_annotations`] of it).
pub(crate) fn validation_nodes() -> &'static Node {
    &validation_nodes::ROOT
}

/// The keywords of the values schema that only document; validation never reads them.
#[cfg(test)]
pub(crate) const ANNOTATIONS: &[&str] =
    &["$schema", "$comment", "title", "description", "default", "format", "examples"];

/// A schema without [`ANNOTATIONS`] (property names are kept as they are).
#[cfg(test)]
fn strip_annotations(schema: &Value) -> Value {
    fn walk(node: &Value, names: bool) -> Value {
        match node {
            Value::Object(map) => Value::Object(
                map.iter()
                    .filter(|(k, _)| names || !ANNOTATIONS.contains(&k.as_str()))
                    .map(|(k, v)| (k.clone(), walk(v, !names && matches!(k.as_str(), "properties" | "definitions"))))
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.iter().map(|i| walk(i, false)).collect()),
            other => other.clone(),
        }
    }
    walk(schema, false)
}

/// Generates the schema from the Rust types, as pretty JSON with a trailing newline.
pub fn generate_schema_text() -> String {
    let schema = SchemaSettings::draft07().into_generator().into_root_schema_for::<Values>();
    let mut schema = serde_json::to_value(&schema).expect("a generated schema is JSON");
    bound_integers(&mut schema);
    if let Value::Object(map) = &mut schema {
        let note = "Generated from the Rust types in src/values/ by scripts/regenerate.sh: do not edit.";
        map.shift_insert(0, "$comment".into(), note.into());
    }
    let mut text = serde_json::to_string_pretty(&schema).expect("a generated schema is JSON");
    text.push('\n');
    text
}

/// Gives every integer the limits of its Rust type (schemars writes only `format` and, for
/// unsigned types, `minimum: 0`): a number the type cannot hold is then a located schema error,
/// not a failure to build the typed values.
fn bound_integers(node: &mut Value) {
    match node {
        Value::Object(map) => {
            let limits = match map.get("format").and_then(Value::as_str) {
                Some("uint32") => Some((0, i64::from(u32::MAX))),
                Some("int64") => Some((i64::MIN, i64::MAX)),
                _ => None,
            };
            if let Some((min, max)) = limits {
                map.entry("minimum").or_insert(min.into());
                map.entry("maximum").or_insert(max.into());
            }
            map.values_mut().for_each(bound_integers);
        }
        Value::Array(items) => items.iter_mut().for_each(bound_integers),
        _ => {}
    }
}

/// The static validation nodes of a generated schema text, as the source of
/// `validation_nodes.rs` (see `crate::generated`).
#[cfg(test)]
pub(crate) fn generate_nodes_source(schema_text: &str) -> String {
    let value: Value = serde_json::from_str(schema_text).expect("a generated schema is JSON");
    codegen::source(&strip_annotations(&value)).unwrap_or_else(|e| panic!("{e}"))
}

/// Follows `$ref`, also in the `allOf: [{$ref}]` form draft-07 needs when a `$ref` has siblings.
pub fn deref<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    let single_all_of = node.get("allOf").and_then(Value::as_array).filter(|a| a.len() == 1).map(|a| &a[0]);
    let reference = node.get("$ref").or_else(|| single_all_of.and_then(|a| a.get("$ref")));
    match reference.and_then(Value::as_str).and_then(|r| r.strip_prefix('#')).and_then(|p| root.pointer(p)) {
        Some(target) => deref(root, target),
        None => node,
    }
}

/// The non-null alternative of `Option<T>` schemas (`anyOf [T, null]`), resolved.
pub fn main_branch<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    let node = deref(root, node);
    match node.get("anyOf").and_then(Value::as_array) {
        Some(branches) => {
            let real: Vec<&Value> = branches
                .iter()
                .map(|b| deref(root, b))
                .filter(|b| b.get("type") != Some(&Value::String("null".into())))
                .collect();
            if real.len() == 1 { real[0] } else { node }
        }
        None => node,
    }
}

/// The alternatives a schema node stands for, with `$ref`s followed and `anyOf`/`allOf` opened.
fn alternatives(root: &'static Node, node: &'static Node) -> Vec<&'static Node> {
    let mut out = Vec::new();
    let mut todo = vec![node];
    while let Some(node) = todo.pop() {
        let node = root.deref(node);
        let branches = [node.any_of, node.all_of].into_iter().flatten().flatten();
        let mut had_branches = false;
        for branch in branches {
            had_branches = true;
            todo.push(branch);
        }
        if !had_branches || node.types.is_some() || node.properties.is_some() {
            out.push(node);
        }
    }
    out
}

/// The schema nodes that describe the value at `path` (object keys and list indexes).
fn nodes_at<S: AsRef<str>>(path: &[S]) -> Vec<&'static Node> {
    let root = validation_nodes();
    let mut current = alternatives(root, root);
    for seg in path {
        let seg = seg.as_ref();
        let mut next = Vec::new();
        for node in current {
            if let Some(child) = node.properties.as_ref().and_then(|p| p.get(seg)) {
                next.extend(alternatives(root, child));
            } else if let Some(Additional::Schema(child)) = &node.additional {
                next.extend(alternatives(root, child));
            } else if let Some(child) = node.items.filter(|_| seg.parse::<usize>().is_ok()) {
                next.extend(alternatives(root, child));
            }
        }
        current = next;
    }
    current
}

/// JSON types the schema allows at `path`; empty when the path is not in the schema.
pub fn types_at<S: AsRef<str>>(path: &[S]) -> Vec<String> {
    let mut types: Vec<String> = Vec::new();
    for node in nodes_at(path) {
        match &node.types {
            Some(names) => types.extend(names.iter().map(|t| t.to_string())),
            None if node.options.is_some() => types.push("string".into()),
            None => {}
        }
    }
    types.sort();
    types.dedup();
    types
}

/// Keys the schema allows in the object at `path`.
pub fn keys_at<S: AsRef<str>>(path: &[S]) -> Vec<&'static str> {
    let mut keys: Vec<&str> =
        nodes_at(path).into_iter().filter_map(|n| n.properties.as_ref()).flat_map(|p| p.names()).collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_follow_refs_and_options() {
        assert_eq!(types_at(&["cluster", "masters"]), vec!["integer"]);
        assert_eq!(types_at(&["image", "tag"]), vec!["string"]);
        assert!(types_at(&["storage", "nas", "server"]).contains(&"string".to_owned()));
        assert!(types_at(&["auth", "password"]).contains(&"null".to_owned()));
        assert_eq!(types_at(&["storage", "mode"]), vec!["string"]);
        assert_eq!(types_at(&["labels", "team"]), vec!["string"]);
        assert!(types_at(&["nope"]).is_empty());
        assert!(keys_at(&["cluster"]).contains(&"replicasPerMaster"));
    }

    #[test]
    fn every_schema_pattern_is_a_known_grammar() {
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
        let mut all = Vec::new();
        patterns(values_schema(), &mut all);
        assert!(all.len() >= 10, "{all:?}");
        for p in all {
            assert!(crate::syntax::pattern(&p).is_some(), "no grammar in crate::syntax for the pattern {p}");
        }
    }

    #[test]
    fn schema_rejects_unknown_keys() {
        assert_eq!(values_schema()["additionalProperties"], Value::Bool(false));
        let validator = jsonschema::validator_for(values_schema()).unwrap();
        assert!(validator.is_valid(&serde_json::json!({"cluster": {"masters": 4}})));
        assert!(!validator.is_valid(&serde_json::json!({"clustr": {}})));
        assert!(!validator.is_valid(&serde_json::json!({"cluster": {"masters": 2}})));
    }
}
