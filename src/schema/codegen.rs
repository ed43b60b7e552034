//! Writes `validation_nodes.rs`: the annotation-free schema as a Rust static of [`Node`]s. A
//! keyword the walker does not know, or a value a node field cannot hold, stops the generator
//! with its place in the schema: the walker would otherwise ignore it silently.
//!
//! [`Node`]: super::Node

use std::fmt::Write;

use serde_json::{Map, Value};

/// The Rust source of `validation_nodes.rs` for `schema` (annotations already stripped).
pub(crate) fn source(schema: &Value) -> Result<String, String> {
    let mut out = String::from(
        "//! Generated from rgen.schema.json by scripts/regenerate.sh: do not edit. The validation schema\n\
         //! as static data, without its annotations.\n\n\
         use super::node::{Additional, Node, Properties};\n\n\
         #[rustfmt::skip]\n\
         pub(crate) static ROOT: Node = ",
    );
    node(schema, "#", 0, &mut out)?;
    out.push_str(";\n");
    Ok(out)
}

fn node(value: &Value, at: &str, depth: usize, out: &mut String) -> Result<(), String> {
    let map = value.as_object().ok_or_else(|| format!("{at}: a schema node must be an object, found {value}"))?;
    let pad = "    ".repeat(depth + 1);
    out.push_str("Node {\n");
    for (key, value) in map {
        let at = format!("{at}/{key}");
        let field = |name: &str, text: String| format!("{pad}{name}: Some({text}),\n");
        let text = match key.as_str() {
            "$ref" => field("reference", string(value, &at)?),
            "type" => match value {
                Value::String(_) => field("types", format!("&[{}]", string(value, &at)?)),
                _ => field("types", strings(value, &at)?),
            },
            "enum" => field("options", strings(value, &at)?),
            "minimum" => field("minimum", integer(value, &at)?.to_string()),
            "maximum" => field("maximum", integer(value, &at)?.to_string()),
            "minLength" => field("min_length", unsigned(value, &at)?.to_string()),
            "maxLength" => field("max_length", unsigned(value, &at)?.to_string()),
            "pattern" => field("pattern", string(value, &at)?),
            "required" => field("required", strings(value, &at)?),
            "properties" => field("properties", properties(value, &at, depth + 1)?),
            "definitions" => field("definitions", properties(value, &at, depth + 1)?),
            "additionalProperties" => match value {
                Value::Bool(allowed) => field("additional", format!("Additional::Allowed({allowed})")),
                _ => field("additional", format!("Additional::Schema(&{})", nested(value, &at, depth + 1)?)),
            },
            "items" => field("items", format!("&{}", nested(value, &at, depth + 1)?)),
            "allOf" => field("all_of", list(value, &at, depth + 1)?),
            "anyOf" => field("any_of", list(value, &at, depth + 1)?),
            other => return Err(format!("{at}: the keyword `{other}` is not one the walker knows")),
        };
        out.push_str(&text);
    }
    write!(out, "{pad}..Node::EMPTY\n{}}}", "    ".repeat(depth)).expect("writing to a String");
    Ok(())
}

fn nested(value: &Value, at: &str, depth: usize) -> Result<String, String> {
    let mut out = String::new();
    node(value, at, depth, &mut out)?;
    Ok(out)
}

fn list(value: &Value, at: &str, depth: usize) -> Result<String, String> {
    let items = value.as_array().ok_or_else(|| format!("{at}: expected a list of schemas"))?;
    let pad = "    ".repeat(depth + 1);
    let mut out = String::from("&[\n");
    for (i, item) in items.iter().enumerate() {
        writeln!(out, "{pad}{},", nested(item, &format!("{at}/{i}"), depth + 1)?).expect("writing to a String");
    }
    out.push_str(&"    ".repeat(depth));
    out.push(']');
    Ok(out)
}

fn properties(value: &Value, at: &str, depth: usize) -> Result<String, String> {
    let map: &Map<String, Value> = value.as_object().ok_or_else(|| format!("{at}: expected a mapping of schemas"))?;
    let pad = "    ".repeat(depth + 1);
    let mut out = String::from("Properties(&[\n");
    for (name, item) in map {
        let item = nested(item, &format!("{at}/{name}"), depth + 1)?;
        writeln!(out, "{pad}({name:?}, {item}),").expect("writing to a String");
    }
    out.push_str(&"    ".repeat(depth));
    out.push_str("])");
    Ok(out)
}

/// A Rust string literal (`{:?}` of a `str` is one).
fn string(value: &Value, at: &str) -> Result<String, String> {
    value.as_str().map(|s| format!("{s:?}")).ok_or_else(|| format!("{at}: expected a string, found {value}"))
}

fn strings(value: &Value, at: &str) -> Result<String, String> {
    let items = value.as_array().ok_or_else(|| format!("{at}: expected a list of strings, found {value}"))?;
    let items: Result<Vec<String>, String> = items.iter().map(|item| string(item, at)).collect();
    Ok(format!("&[{}]", items?.join(", ")))
}

fn integer(value: &Value, at: &str) -> Result<i64, String> {
    value.as_i64().ok_or_else(|| format!("{at}: only integer limits are supported, found {value}"))
}

fn unsigned(value: &Value, at: &str) -> Result<u64, String> {
    value.as_u64().ok_or_else(|| format!("{at}: expected a length, found {value}"))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::source;

    #[test]
    fn every_keyword_becomes_its_field() {
        let schema = json!({
            "type": "object", "required": ["a"], "additionalProperties": false,
            "properties": {
                "a": {"type": ["string", "null"], "enum": ["x", "y\"z"], "minLength": 1, "maxLength": 9, "pattern": "^a\\.b$"},
                "b": {"minimum": -3, "maximum": 7, "items": {"$ref": "#/definitions/c"}},
                "d": {"anyOf": [{"type": "null"}], "allOf": [{"additionalProperties": {"type": "string"}}]}
            },
            "definitions": {"c": {"type": "integer"}}
        });
        let text = source(&schema).unwrap();
        for expected in [
            "types: Some(&[\"object\"]),",
            "required: Some(&[\"a\"]),",
            "additional: Some(Additional::Allowed(false)),",
            "(\"a\", Node {",
            "types: Some(&[\"string\", \"null\"]),",
            r#"options: Some(&["x", "y\"z"]),"#,
            "min_length: Some(1),",
            "max_length: Some(9),",
            r#"pattern: Some("^a\\.b$"),"#,
            "minimum: Some(-3),",
            "maximum: Some(7),",
            "items: Some(&Node {",
            "reference: Some(\"#/definitions/c\"),",
            "any_of: Some(&[",
            "all_of: Some(&[",
            "additional: Some(Additional::Schema(&Node {",
            "definitions: Some(Properties(&[",
        ] {
            assert!(text.contains(expected), "{expected} missing from:\n{text}");
        }
    }

    #[test]
    fn what_the_nodes_cannot_hold_is_refused_with_its_place() {
        let refused = |schema| source(&schema).unwrap_err();
        assert_eq!(
            refused(json!({"properties": {"a": {"oneOf": []}}})),
            "#/properties/a/oneOf: the keyword `oneOf` is not one the walker knows"
        );
        assert_eq!(refused(json!({"enum": ["a", 1]})), "#/enum: expected a string, found 1");
        assert_eq!(refused(json!({"minimum": 0.5})), "#/minimum: only integer limits are supported, found 0.5");
        assert_eq!(refused(json!({"items": true})), "#/items: a schema node must be an object, found true");
    }
}
