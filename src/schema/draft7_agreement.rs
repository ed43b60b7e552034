//! The draft-07 walker against the `jsonschema` crate, the reference: both must find the same
//! violations on every example, every invalid case and every mutation below. The reference runs
//! the published schema, with the real regexes.

use std::sync::OnceLock;

use jsonschema::ValidationError;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::{Value, json};

use super::draft7::{KEYWORDS, Kind, Violation, violations};
use super::{ANNOTATIONS, validation_nodes, values_schema};
use crate::yaml::segments;

fn leak<T>(value: T) -> &'static T {
    Box::leak(Box::new(value))
}

fn reference(value: &Value) -> Vec<Violation<'_>> {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    let validator = VALIDATOR.get_or_init(|| {
        jsonschema::options().with_draft(jsonschema::Draft::Draft7).build(values_schema()).expect("schema compiles")
    });
    validator.iter_errors(value).map(|e| from_reference(value, &e)).collect()
}

fn from_reference<'v>(root: &'v Value, e: &ValidationError<'_>) -> Violation<'v> {
    let pointer = e.instance_path().as_str();
    let instance = root.pointer(pointer).unwrap_or_else(|| panic!("{pointer} is in the value"));
    let kind = match e.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => Kind::UnknownKeys(unexpected.clone()),
        ValidationErrorKind::AnyOf { context } => Kind::NoBranch(
            context.iter().map(|branch| branch.iter().map(|e| from_reference(root, e)).collect()).collect(),
        ),
        ValidationErrorKind::Required { property } => Kind::Required(property.as_str().unwrap().to_owned()),
        ValidationErrorKind::Type { kind } => {
            let names: Vec<String> = match kind {
                TypeKind::Single(t) => vec![t.to_string()],
                TypeKind::Multiple(set) => set.iter().map(|t| t.to_string()).collect(),
            };
            Kind::Type(names.into_iter().map(|n| &**leak(n)).collect())
        }
        ValidationErrorKind::Enum { options } => {
            let options =
                options.as_array().expect("a list").iter().map(|o| &**leak(o.as_str().expect("a string").to_owned()));
            Kind::Enum(leak(options.collect::<Vec<_>>()))
        }
        ValidationErrorKind::Minimum { limit } => Kind::Minimum(limit.as_i64().expect("an integer")),
        ValidationErrorKind::Maximum { limit } => Kind::Maximum(limit.as_i64().expect("an integer")),
        ValidationErrorKind::MinLength { limit } => Kind::MinLength(*limit),
        ValidationErrorKind::MaxLength { limit } => Kind::MaxLength(*limit),
        ValidationErrorKind::Pattern { pattern } => Kind::Pattern(leak(pattern.clone())),
        other => panic!("a violation the walker does not report: {other:?}"),
    };
    Violation { path: segments(pointer), instance, kind }
}

/// Order-independent form: the walker and the reference may list violations differently.
fn normalized(mut found: Vec<Violation<'_>>) -> Vec<String> {
    for v in &mut found {
        if let Kind::NoBranch(branches) = &mut v.kind {
            for branch in branches {
                branch.sort_by_key(|v| format!("{v:?}"));
            }
        }
    }
    let mut text: Vec<String> = found.iter().map(|v| format!("{v:?}")).collect();
    text.sort();
    text
}

fn agree(value: &Value, what: &str) -> usize {
    // Ours walks the annotation-free copy, the reference the published schema.
    let schema = validation_nodes();
    let ours = normalized(violations(schema, schema, value));
    assert_eq!(ours, normalized(reference(value)), "{what}: {value}");
    ours.len()
}

/// Every node of a value with its path.
fn nodes(value: &Value, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(path.clone());
    let children: Vec<(String, &Value)> = match value {
        Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v)).collect(),
        Value::Array(items) => items.iter().enumerate().map(|(i, v)| (i.to_string(), v)).collect(),
        _ => vec![],
    };
    for (key, child) in children {
        path.push(key);
        nodes(child, path, out);
        path.pop();
    }
}

fn at<'a>(value: &'a mut Value, path: &[String]) -> &'a mut Value {
    path.iter().fold(value, |node, key| match node {
        Value::Array(items) => &mut items[key.parse::<usize>().unwrap()],
        other => &mut other[key.as_str()],
    })
}

fn corpus() -> Vec<(String, Value)> {
    let mut out = vec![("defaults".to_owned(), serde_json::to_value(crate::values::Values::default()).unwrap())];
    for dir in ["values", "tests/invalid"] {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/");
        let mut files: Vec<_> = std::fs::read_dir(format!("{root}{dir}")).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for file in files.into_iter().filter(|f| f.extension().is_some_and(|x| x == "yaml")) {
            let bytes = std::fs::read(&file).unwrap();
            let name = file.display().to_string();
            let Ok(layer) = crate::load::text_source(name.clone(), bytes).and_then(crate::load::parse) else {
                continue;
            };
            out.push((name, crate::merge::merge(vec![layer]).value));
        }
    }
    out
}

#[test]
fn the_walker_agrees_with_jsonschema_on_every_example_and_invalid_case() {
    let corpus = corpus();
    assert!(corpus.len() >= 15, "{}", corpus.len());
    let violations: usize = corpus.iter().map(|(name, value)| agree(value, name)).sum();
    assert!(violations >= 5, "the invalid cases violate the schema ({violations})");
}

/// Numbers one below, at and one above every `minimum`/`maximum` of the published schema, and
/// strings of one less, exactly and one more than every `minLength`/`maxLength`.
fn boundaries() -> Vec<Value> {
    fn walk(node: &Value, names: bool, out: &mut Vec<Value>) {
        match node {
            Value::Object(map) => {
                for (key, child) in map {
                    match (names, key.as_str(), child.as_u64()) {
                        (false, "minimum" | "maximum", Some(l)) => {
                            out.extend([l.saturating_sub(1), l, l + 1].map(|n| json!(n)))
                        }
                        (false, "minLength" | "maxLength", Some(l)) => {
                            out.extend([l.saturating_sub(1), l, l + 1].map(|n| json!("a".repeat(n as usize))))
                        }
                        _ => walk(child, !names && matches!(key.as_str(), "properties" | "definitions"), out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|i| walk(i, false, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(values_schema(), false, &mut out);
    out.sort_by_key(Value::to_string);
    out.dedup();
    assert!(out.len() > 40, "{}", out.len());
    out
}

#[test]
fn the_walker_agrees_with_jsonschema_on_every_node_replaced_or_extended() {
    let replacements = [
        json!(null),
        json!(true),
        json!(0),
        json!(-1),
        json!(1.5),
        json!(3.0),
        json!(70000),
        json!(18446744073709551615u64),
        json!(""),
        json!("x"),
        json!("Bad_Name"),
        json!("a".repeat(300)),
        json!(["x"]),
        json!([1, {}]),
        json!({}),
        json!({"bogus": 1}),
    ];
    let boundaries = boundaries();
    let (mut checked, mut found) = (0, 0);
    for (index, (name, original)) in corpus().into_iter().take(8).enumerate() {
        let mut paths = Vec::new();
        nodes(&original, &mut Vec::new(), &mut paths);
        // Every limit of the schema, just inside and just outside, at every node of the first two.
        let extra = if index < 2 { boundaries.as_slice() } else { &[] };
        for path in &paths {
            for replacement in replacements.iter().chain(extra) {
                let mut value = original.clone();
                *at(&mut value, path) = replacement.clone();
                found += agree(&value, &format!("{name} {path:?} = {replacement}"));
                checked += 1;
            }
            let mut value = original.clone();
            if let Value::Object(map) = at(&mut value, path) {
                map.insert("bogus".into(), json!(1));
                map.remove(map.keys().next().cloned().unwrap_or_default().as_str());
                found += agree(&value, &format!("{name} {path:?} + bogus - first key"));
                checked += 1;
            }
        }
    }
    assert!(checked > 5_000 && found > 5_000, "{checked} values checked, {found} violations");
}

#[test]
fn the_schema_uses_no_keyword_the_walker_does_not_know() {
    fn walk(node: &Value, names: bool, out: &mut Vec<String>) {
        match node {
            Value::Object(map) => {
                for (key, child) in map {
                    let known = KEYWORDS.contains(&key.as_str()) || ANNOTATIONS.contains(&key.as_str());
                    if !names && !known && key != "definitions" {
                        out.push(key.clone());
                    }
                    let opaque = !names && matches!(key.as_str(), "default" | "enum");
                    if !opaque {
                        walk(child, !names && matches!(key.as_str(), "properties" | "definitions"), out);
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|i| walk(i, false, out)),
            _ => {}
        }
    }
    let mut unknown = Vec::new();
    walk(values_schema(), false, &mut unknown);
    assert_eq!(unknown, Vec::<String>::new());
}
