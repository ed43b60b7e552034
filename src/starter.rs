//! `rgen init`: a commented starter values file with every field at its default, written from
//! the types and the schema's descriptions so it cannot drift from what rgen accepts.

use serde_json::Value;

use crate::schema::{main_branch, values_schema};
use crate::values::{DeploymentMode, HostPathStorage, NasStorage, NfsStorage, StorageMode, Values};
use crate::yaml::write;

/// What the starter file is for.
#[derive(Debug, Clone)]
pub struct Starter {
    pub mode: DeploymentMode,
    pub storage: StorageMode,
    /// Where editors find the schema; relative paths are relative to the values file.
    pub schema_url: String,
}

/// Comment lines are wrapped at this width.
const WIDTH: usize = 100;

/// The values a starter file holds: the defaults, with placeholders where the storage mode
/// needs a server or node names.
pub fn starter_values(starter: &Starter) -> Values {
    let name = match starter.mode {
        DeploymentMode::Cluster => Values::default().name,
        DeploymentMode::Sentinel => "redis-sentinel".into(),
    };
    let mut v = Values { mode: starter.mode, name, ..Values::default() };
    v.storage.mode = starter.storage;
    match starter.storage {
        StorageMode::Dynamic => {}
        StorageMode::Nas => {
            v.storage.nas = Some(NasStorage {
                server: "CHANGE-ME.nas.aliyuncs.com".into(),
                base_path: "/redis".into(),
                driver: "nasplugin.csi.alibabacloud.com".into(),
                vers: "3".into(),
            })
        }
        StorageMode::Nfs => {
            v.storage.nfs =
                Some(NfsStorage { server: "nfs.CHANGE-ME.internal".into(), base_path: "/exports/redis".into() })
        }
        StorageMode::HostPath => {
            v.storage.host_path = Some(HostPathStorage {
                base_path: "/var/lib/redis".into(),
                nodes: (1..=v.pods()).map(|n| format!("change-me-node-{n}")).collect(),
            })
        }
    }
    v
}

/// What the starter file spells out: its values without the other mode's settings.
pub fn starter_json(starter: &Starter) -> Value {
    starter_values(starter).as_written()
}

/// The starter file's text.
pub fn starter_text(starter: &Starter) -> String {
    let values = starter_json(starter);
    let mut out = format!(
        "# yaml-language-server: $schema={}\n\
         # rgen values: every field at its default, with what it means. Keep what you change, delete\n\
         # the rest if you like; `rgen validate FILE` checks the file, `rgen render FILE` renders it.\n",
        starter.schema_url
    );
    if starter.storage.is_static() {
        out.push_str("# Replace every CHANGE-ME placeholder under `storage` before you render for real.\n");
    }
    section(values_schema(), values_schema(), &values, 0, &mut out);
    out
}

/// Writes the fields of one mapping, each led by its description.
fn section(root: &Value, schema: &Value, value: &Value, indent: usize, out: &mut String) {
    let Some(map) = value.as_object() else { return };
    let properties = main_branch(root, schema).get("properties");
    let pad = " ".repeat(indent);
    for (key, child) in map {
        let prop = properties.and_then(|p| p.get(key)).unwrap_or(&Value::Null);
        let branch = main_branch(root, prop);
        let is_section = branch.get("properties").is_some() && child.is_object();
        if indent == 0 && is_section {
            out.push('\n');
        }
        let description = prop.get("description").or_else(|| branch.get("description")).and_then(Value::as_str);
        for line in wrap(description.unwrap_or(""), WIDTH.saturating_sub(indent + 2)) {
            out.push_str(&format!("{pad}# {line}\n"));
        }
        let key_text = write::scalar(&Value::String(key.clone()));
        if is_section {
            out.push_str(&format!("{pad}{key_text}:\n"));
            section(root, prop, child, indent + 2, out);
        } else {
            out.push_str(&format!("{pad}{key_text}:{}\n", write::to_block(child, indent + 2)));
        }
    }
}

/// Greedy word wrap; a description's own line breaks are treated as spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_spells_out_every_field_of_its_values() {
        for mode in [DeploymentMode::Cluster, DeploymentMode::Sentinel] {
            for storage in [StorageMode::Dynamic, StorageMode::Nas, StorageMode::Nfs, StorageMode::HostPath] {
                let starter = Starter { mode, storage, schema_url: "s.json".into() };
                let text = starter_text(&starter);
                let docs = crate::yaml::parse_stream(&text, Default::default(), crate::yaml::Purpose::Values).unwrap();
                assert_eq!(docs[0].value, starter_json(&starter), "{text}");
                // What is left out is at its default.
                let typed: Values = serde_json::from_value(docs[0].value.clone()).unwrap();
                assert_eq!(typed, starter_values(&starter));
                // Every field has its description above it, e.g. a nested one:
                let nested = match mode {
                    DeploymentMode::Cluster => "  # Number of masters (hash-slot owners)",
                    DeploymentMode::Sentinel => "  # Name of the monitored master set",
                };
                assert!(text.contains(nested), "{text}");
                assert_eq!(text.contains("\nsentinel:\n"), mode == DeploymentMode::Sentinel, "{text}");
                assert_eq!(text.contains("\ncluster:\n"), mode == DeploymentMode::Cluster, "{text}");
            }
        }
    }

    #[test]
    fn wrapping_keeps_words_whole() {
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert!(wrap("", 10).is_empty());
    }
}
