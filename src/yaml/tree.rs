//! A document as the subset reader reads it: keys and plain strings borrowed from the text,
//! mappings as vectors in document order. The conformance check deserializes Kubernetes types
//! straight from it (see `de`), which allocates and hashes far less than composing a
//! `serde_json::Value` first; [`Tree::into_value`] gives that value when a caller wants it.

use std::borrow::Cow;

use serde_json::{Map, Value};

mod de;

/// One node. `Scalar` holds only null, booleans and numbers; strings are `Str`.
#[derive(Debug, Clone, PartialEq)]
pub enum Tree<'a> {
    Scalar(Value),
    Str(Cow<'a, str>),
    Seq(Vec<Tree<'a>>),
    /// Entries in document order; keys are unique (the reader declines duplicates).
    Map(Vec<(Cow<'a, str>, Tree<'a>)>),
}

impl Tree<'_> {
    /// The value the full reader composes for the same text.
    pub fn into_value(self) -> Value {
        match self {
            Tree::Scalar(value) => value,
            Tree::Str(s) => Value::String(s.into_owned()),
            Tree::Seq(items) => Value::Array(items.into_iter().map(Tree::into_value).collect()),
            Tree::Map(entries) => {
                Value::Object(entries.into_iter().map(|(k, v)| (k.into_owned(), v.into_value())).collect::<Map<_, _>>())
            }
        }
    }

    /// The value at `key` of a mapping.
    pub fn get(&self, key: &str) -> Option<&Self> {
        match self {
            Tree::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Tree::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// Whether any key occurs twice: pairwise for the small mappings templates write, sorted for
/// large ones (a values file could put many labels on every object).
pub(super) fn has_duplicate_keys(entries: &[(Cow<'_, str>, Tree<'_>)]) -> bool {
    if entries.len() <= 16 {
        return entries.iter().enumerate().any(|(i, (k, _))| entries[..i].iter().any(|(seen, _)| seen == k));
    }
    let mut keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_ref()).collect();
    keys.sort_unstable();
    keys.windows(2).any(|pair| pair[0] == pair[1])
}
