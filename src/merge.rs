//! Deep-merging layers like Helm: maps merge, lists and scalars replace, `null` deletes a key.
//! Every merged path remembers which layer set it, so diagnostics point at the right file.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::{Map, Value};

use crate::diagnostic::Location;
use crate::load::Layer;
use crate::yaml::{NodeSpan, pointer};

/// The merged values and where each path came from.
#[derive(Debug, Clone)]
pub struct Merged {
    pub value: Value,
    pub layers: Vec<Layer>,
    origins: HashMap<String, (usize, NodeSpan)>,
    /// The embedded default's places, read from its file the first time a diagnostic points
    /// into it (most runs never do).
    deferred: OnceLock<HashMap<String, NodeSpan>>,
}

/// Merges layers left to right.
pub fn merge(layers: Vec<Layer>) -> Merged {
    let mut value = Value::Object(Map::new());
    let mut origins = HashMap::new();
    for (index, layer) in layers.iter().enumerate() {
        merge_into(&mut value, &layer.doc.value);
        for (ptr, span) in &layer.doc.spans {
            origins.insert(ptr.clone(), (index, *span));
        }
    }
    Merged { value, layers, origins, deferred: OnceLock::new() }
}

fn merge_into(base: &mut Value, overlay: &Value) {
    match (base, overlay) {
        (Value::Object(base), Value::Object(overlay)) => {
            for (key, value) in overlay {
                match (base.get_mut(key), value) {
                    (_, Value::Null) => {
                        base.remove(key);
                    }
                    (Some(existing), Value::Object(_)) if existing.is_object() => merge_into(existing, value),
                    _ => {
                        base.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (base, overlay) => *base = overlay.clone(),
    }
}

impl Merged {
    /// The place to blame for a problem at `path`: the node itself if some layer wrote it,
    /// else its nearest written ancestor. `at_key` prefers the key over the value.
    pub fn locate<S: AsRef<str>>(&self, path: &[S], at_key: bool) -> Location {
        for depth in (0..=path.len()).rev() {
            let ptr = pointer(&path[..depth]);
            let Some(node) = self.value.pointer(&ptr) else {
                continue;
            };
            if let Some((layer, span)) = self.origins.get(&ptr).copied().or_else(|| self.default_span(&ptr)) {
                // A mapping or list starts at its first child; its key is the better place.
                let whole = at_key || depth < path.len() || node.is_object() || node.is_array();
                let mark = if whole { span.key.unwrap_or(span.value) } else { span.value };
                return self.layers[layer].location(mark);
            }
        }
        Location::Nowhere
    }

    /// Where the embedded default (always the first layer, when there is one) wrote `ptr`. Only
    /// asked when no later layer wrote it, so the default is then the one that did.
    fn default_span(&self, ptr: &str) -> Option<(usize, NodeSpan)> {
        self.layers.first().filter(|l| l.embedded)?;
        let spans = self.deferred.get_or_init(crate::load::embedded_default_spans);
        spans.get(ptr).map(|span| (0, *span))
    }

    /// Every path the user's layers (files and overrides, not rgen's embedded default) wrote,
    /// as JSON pointers; a rule that refuses a section reads what was written, not what differs
    /// from a default.
    pub fn written(&self) -> impl Iterator<Item = &str> {
        self.origins.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Source, parse};
    use serde_json::json;

    fn layer(name: &str, text: &str) -> Layer {
        parse(Source { name: name.into(), text: text.into() }).unwrap()
    }

    #[test]
    fn maps_merge_lists_replace_null_deletes() {
        let merged = merge(vec![
            layer("a.yaml", "cluster:\n  masters: 3\n  replicasPerMaster: 1\nlist: [1, 2, 3]\nauth:\n  password: x\n"),
            layer("b.yaml", "cluster:\n  masters: 4\nlist: [9]\nauth:\n  password: null\n"),
        ]);
        assert_eq!(merged.value, json!({"cluster": {"masters": 4, "replicasPerMaster": 1}, "list": [9], "auth": {}}));
    }

    #[test]
    fn locations_come_from_the_layer_that_set_the_value() {
        let merged = merge(vec![
            layer("a.yaml", "cluster:\n  masters: 3\n  replicasPerMaster: 1\n"),
            layer("b.yaml", "cluster:\n  masters: 2\n"),
        ]);
        let Location::Text { file, line, col, .. } = merged.locate(&["cluster", "masters"], false) else { panic!() };
        assert_eq!((file.as_str(), line, col), ("b.yaml", 2, 12));
        let Location::Text { file, line, .. } = merged.locate(&["cluster", "replicasPerMaster"], true) else {
            panic!()
        };
        assert_eq!((file.as_str(), line), ("a.yaml", 3));
        let Location::Text { file, line, col, .. } = merged.locate(&["cluster", "missing", "deeper"], false) else {
            panic!()
        };
        assert_eq!((file.as_str(), line, col), ("b.yaml", 1, 1), "falls back to the nearest ancestor's key");
    }
}
