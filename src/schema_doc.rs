//! The values reference (docs/values.md), generated from the schema so it cannot drift.

use serde_json::Value;

use crate::schema::{main_branch, values_schema};

/// A Markdown table: every values path with its type, default and meaning.
pub fn markdown_reference() -> String {
    let mut rows = Vec::new();
    walk(values_schema(), values_schema(), "", &mut rows);
    let mut out = String::from("| path | type | default | meaning |\n|---|---|---|---|\n");
    for (path, kind, default, description) in rows {
        out.push_str(&format!("| `{path}` | {kind} | {default} | {description} |\n"));
    }
    out
}

fn type_name(root: &Value, node: &Value) -> String {
    let branch = main_branch(root, node);
    if let Some(options) = branch.get("enum").and_then(Value::as_array) {
        return options.iter().filter_map(Value::as_str).map(|o| format!("`{o}`")).collect::<Vec<_>>().join(" \\| ");
    }
    if let Some(branches) = branch.get("anyOf").and_then(Value::as_array) {
        return branches.iter().map(|b| type_name(root, b)).collect::<Vec<_>>().join(" or ");
    }
    let kind = match branch.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => {
            ts.iter().filter_map(Value::as_str).filter(|t| *t != "null").collect::<Vec<_>>().join(" or ")
        }
        _ => "any".into(),
    };
    match kind.as_str() {
        "array" => format!("list of {}", branch.get("items").map_or("any".into(), |i| type_name(root, i))),
        "object" if branch.get("properties").is_none() => format!(
            "map of {}",
            branch.get("additionalProperties").filter(|a| a.is_object()).map_or("any".into(), |a| type_name(root, a))
        ),
        "object" => "mapping".into(),
        _ if branch.get("pattern").is_some()
            && branch.get("description").is_some_and(|d| d.as_str().unwrap_or("").contains("quantity")) =>
        {
            "quantity".into()
        }
        other => other.into(),
    }
}

fn walk(root: &Value, node: &Value, prefix: &str, rows: &mut Vec<(String, String, String, String)>) {
    let node = main_branch(root, node);
    let Some(properties) = node.get("properties").and_then(Value::as_object) else { return };
    for (key, prop) in properties {
        let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
        let branch = main_branch(root, prop);
        let description = prop
            .get("description")
            .or_else(|| branch.get("description"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .replace('\n', " ")
            .replace('|', "\\|");
        let is_section = branch.get("properties").is_some();
        let default = match prop.get("default") {
            Some(d) if !is_section => format!("`{}`", serde_json::to_string(d).unwrap_or_default().replace('|', "\\|")),
            _ => String::new(),
        };
        rows.push((path.clone(), type_name(root, prop), default, description));
        if is_section {
            walk(root, prop, &path, rows);
        } else if let Some(items) = branch.get("items") {
            if main_branch(root, items).get("properties").is_some() {
                walk(root, items, &format!("{path}[]"), rows);
            }
        }
    }
}
