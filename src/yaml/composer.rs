//! Composes saphyr-parser events into JSON values, remembering where every node came from.
//!
//! A hand-rolled composer instead of a serde deserializer because rgen needs what none of them
//! give at once: a line:col for every values path (not only for the first error), duplicate keys
//! as errors, an alias-expansion budget against alias bombs, and a YAML 1.1 audit of its output.

use std::collections::HashMap;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, Tag};
use serde_json::{Map, Value};

use super::options::{Limits, Purpose};
use super::scalar::{ScalarError, resolve_plain, yaml11_ambiguous};
use super::{Document, Mark, NodeSpan, YamlError, pointer};

mod diagnostics;

/// Parses every document of a YAML stream.
pub fn parse_stream(src: &str, limits: Limits, purpose: Purpose) -> Result<Vec<Document>, YamlError> {
    let mut composer = Composer {
        limits,
        audit_yaml11: purpose == Purpose::Output,
        record_spans: purpose == Purpose::Values,
        ..Composer::default()
    };
    for event in Parser::new_from_str(src) {
        let (event, span) = event.map_err(|e| YamlError {
            mark: mark(*e.marker()),
            path: composer.dotted_path(),
            message: format!("malformed YAML: {}", e.info()),
            hint: None,
        })?;
        composer.on_event(event, mark(span.start))?;
    }
    Ok(composer.documents)
}

fn mark(m: Marker) -> Mark {
    Mark { line: m.line(), col: m.col() + 1 }
}

enum Frame {
    Seq {
        items: Vec<Value>,
        anchor: usize,
        nodes: usize,
    },
    Map {
        map: Map<String, Value>,
        anchor: usize,
        key: Option<(String, bool)>,
        merges: Vec<Value>,
        keys: HashMap<String, Mark>,
        nodes: usize,
    },
}

#[derive(Default)]
struct Composer {
    limits: Limits,
    audit_yaml11: bool,
    record_spans: bool,
    documents: Vec<Document>,
    current: Document,
    anchors: HashMap<usize, (Value, usize)>,
    stack: Vec<Frame>,
    /// Dotted path of the current node (user input only, for diagnostics and spans).
    path: Vec<String>,
    depth: usize,
    nodes: usize,
}

impl Composer {
    fn on_event(&mut self, event: Event<'_>, at: Mark) -> Result<(), YamlError> {
        match event {
            Event::DocumentStart(_) => {
                self.current = Document { start: at, ..Document::default() };
                self.anchors.clear();
            }
            Event::DocumentEnd => self.documents.push(std::mem::take(&mut self.current)),
            Event::Scalar(text, style, anchor, tag) => {
                if let Some(Frame::Map { map, key: key @ None, keys, .. }) = self.stack.last_mut() {
                    // User input remembers where each key was (for the message); rgen's own
                    // output only needs to know whether the mapping has the key already.
                    let earlier = if self.record_spans {
                        keys.get(text.as_ref()).copied()
                    } else {
                        map.get(text.as_ref()).map(|_| Mark::default())
                    };
                    if let Some(first) = earlier {
                        let path = self.dotted_path_with(&text);
                        return Err(YamlError {
                            mark: at,
                            path,
                            message: match first.line {
                                0 => format!("duplicate key {text:?}"),
                                line => format!(
                                    "duplicate key {text:?} (first defined at line {line}, column {})",
                                    first.col
                                ),
                            },
                            hint: Some("remove one of the two; YAML does not allow a key twice in one mapping".into()),
                        });
                    }
                    if self.record_spans {
                        keys.insert(text.to_string(), at);
                    }
                    *key = Some((text.to_string(), style == ScalarStyle::Plain && text == "<<"));
                    if self.audit_yaml11 && style == ScalarStyle::Plain && yaml11_ambiguous(&text) {
                        return Err(self.ambiguous(at, &text));
                    }
                    return Ok(());
                }
                self.enter(at)?;
                let value = self.scalar(&text, style, tag.as_deref(), at)?;
                self.count(1, at)?;
                self.finish(value, 1, anchor);
            }
            Event::SequenceStart(anchor, tag) => {
                self.check_collection_tag(tag.as_deref(), "seq", at)?;
                self.enter(at)?;
                self.count(1, at)?;
                self.stack.push(Frame::Seq { items: Vec::new(), anchor, nodes: 1 });
            }
            Event::MappingStart(anchor, tag) => {
                self.check_collection_tag(tag.as_deref(), "map", at)?;
                self.enter(at)?;
                self.count(1, at)?;
                self.stack.push(Frame::Map {
                    map: Map::new(),
                    anchor,
                    key: None,
                    merges: Vec::new(),
                    keys: HashMap::new(),
                    nodes: 1,
                });
            }
            Event::SequenceEnd => {
                if let Some(Frame::Seq { items, anchor, nodes }) = self.stack.pop() {
                    self.finish(Value::Array(items), nodes, anchor);
                }
            }
            Event::MappingEnd => {
                if let Some(Frame::Map { mut map, anchor, merges, nodes, .. }) = self.stack.pop() {
                    for merged in merges.iter().flat_map(merge_sources) {
                        for (k, v) in merged {
                            map.entry(k.clone()).or_insert_with(|| v.clone());
                        }
                    }
                    self.finish(Value::Object(map), nodes, anchor);
                }
            }
            Event::Alias(id) => {
                if matches!(self.stack.last(), Some(Frame::Map { key: None, .. })) {
                    return Err(self.error(at, "an alias cannot be used as a mapping key"));
                }
                self.enter(at)?;
                let Some((value, nodes)) = self.anchors.get(&id).cloned() else {
                    return Err(self.error(at, "alias to an unknown anchor"));
                };
                self.count(nodes, at)?;
                self.finish(value, nodes, 0);
            }
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
        Ok(())
    }

    /// Records where the node that starts here lives, and descends into it.
    fn enter(&mut self, at: Mark) -> Result<(), YamlError> {
        if matches!(self.stack.last(), Some(Frame::Map { key: None, .. })) {
            return Err(self.error(at, "complex mapping keys (collections as keys) are not supported"));
        }
        if !self.stack.is_empty() {
            self.depth += 1;
        }
        if self.depth > self.limits.max_depth {
            return Err(self.error(at, &format!("nesting deeper than {} levels", self.limits.max_depth)));
        }
        if !self.record_spans {
            return Ok(());
        }
        let (segment, key_mark) = match self.stack.last() {
            Some(Frame::Seq { items, .. }) => (Some(items.len().to_string()), None),
            Some(Frame::Map { key: Some((k, _)), keys, .. }) => (Some(k.clone()), keys.get(k).copied()),
            Some(Frame::Map { key: None, .. }) | None => (None, None),
        };
        if let Some(segment) = segment {
            self.path.push(segment);
        }
        self.current.spans.insert(pointer(&self.path), NodeSpan { key: key_mark, value: at });
        Ok(())
    }

    /// Hands a finished node to its parent (or makes it the document root), and ascends.
    fn finish(&mut self, value: Value, nodes: usize, anchor: usize) {
        if anchor != 0 {
            self.anchors.insert(anchor, (value.clone(), nodes));
        }
        match self.stack.last_mut() {
            Some(Frame::Seq { items, nodes: total, .. }) => {
                items.push(value);
                *total += nodes;
                self.ascend();
            }
            Some(Frame::Map { map, key, merges, nodes: total, .. }) => {
                if let Some((k, is_merge)) = key.take() {
                    if is_merge {
                        merges.push(value);
                    } else {
                        map.insert(k, value);
                    }
                }
                *total += nodes;
                self.ascend();
            }
            None => self.current.value = value,
        }
    }

    fn ascend(&mut self) {
        self.depth -= 1;
        if self.record_spans {
            self.path.pop();
        }
    }

    fn count(&mut self, n: usize, at: Mark) -> Result<(), YamlError> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > self.limits.max_nodes {
            return Err(YamlError {
                mark: at,
                path: self.dotted_path(),
                message: format!("the document expands to more than {} nodes", self.limits.max_nodes),
                hint: Some("this looks like an alias bomb (aliases of aliases); values files are small".into()),
            });
        }
        Ok(())
    }

    fn scalar(&self, text: &str, style: ScalarStyle, tag: Option<&Tag>, at: Mark) -> Result<Value, YamlError> {
        let resolved = match (tag, style) {
            (Some(t), _) if t.handle == "!" && t.suffix.is_empty() => {
                return Ok(Value::String(text.into()));
            }
            (Some(t), _) if t.is_yaml_core_schema() && t.suffix == "str" => {
                return Ok(Value::String(text.into()));
            }
            (Some(t), _)
                if t.is_yaml_core_schema() && matches!(t.suffix.as_str(), "int" | "float" | "bool" | "null") =>
            {
                resolve_plain(text)
            }
            (Some(t), _) => return Err(self.error(at, &format!("unsupported tag {t}"))),
            (None, ScalarStyle::Plain) => {
                if self.audit_yaml11 && yaml11_ambiguous(text) {
                    return Err(self.ambiguous(at, text));
                }
                resolve_plain(text)
            }
            (None, _) => return Ok(Value::String(text.into())),
        };
        resolved.map_err(|e| YamlError {
            mark: at,
            path: self.dotted_path(),
            message: match e {
                ScalarError::TooLarge => {
                    format!("the number {text} is too large (the limit is 64-bit)")
                }
                ScalarError::NotFinite => format!("{text} is not a finite number"),
            },
            hint: Some("quote it if it is meant as a string".into()),
        })
    }

    fn check_collection_tag(&self, tag: Option<&Tag>, expected: &str, at: Mark) -> Result<(), YamlError> {
        match tag {
            Some(t) if !(t.is_yaml_core_schema() && t.suffix == expected) => {
                Err(self.error(at, &format!("unsupported tag {t}")))
            }
            _ => Ok(()),
        }
    }
}

/// The mappings a `<<` merge key brings in: one mapping, or a list of them (earlier ones win).
fn merge_sources(value: &Value) -> Vec<&Map<String, Value>> {
    match value {
        Value::Object(map) => vec![map],
        Value::Array(items) => items.iter().filter_map(Value::as_object).collect(),
        _ => Vec::new(),
    }
}
