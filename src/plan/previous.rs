//! The previous bundle: the objects of the output directory `rgen render --output-dir` wrote
//! last (the files its ownership list names), read from files only.

use std::path::Path;

use serde_json::Value;

use crate::output_dir::{KUSTOMIZATION_FILE, OWNERSHIP_FILE};
use crate::yaml::{Limits, Purpose, parse_stream};

/// One Kubernetes object of a bundle.
#[derive(Debug, Clone)]
pub struct Object {
    pub kind: String,
    pub namespace: String,
    pub name: String,
    pub doc: Value,
}

impl Object {
    /// The object of a rendered or read document; `None` for a document without kind or name.
    pub fn of(doc: Value) -> Option<Object> {
        let text = |v: &Value| v.as_str().map(str::to_owned);
        Some(Object {
            kind: text(&doc["kind"])?,
            name: text(&doc["metadata"]["name"])?,
            namespace: text(&doc["metadata"]["namespace"]).unwrap_or_default(),
            doc,
        })
    }
}

/// Why the previous bundle cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PreviousError {
    #[error("{0}: no such directory (give the directory the last `rgen render --output-dir` wrote)")]
    Missing(String),
    #[error(
        "{0}: not an rgen output directory (no {OWNERSHIP_FILE}); `rgen plan` compares with what `rgen render --output-dir` wrote"
    )]
    NotABundle(String),
    #[error("{0}: cannot read: {1}")]
    Unreadable(String, String),
    #[error("{0}: not a Kubernetes object rgen wrote: {1}")]
    Malformed(String, String),
}

/// Every object of the output directory `dir`, in its files' order.
pub fn read_previous(dir: &Path) -> Result<Vec<Object>, PreviousError> {
    let shown = dir.display().to_string();
    if !dir.is_dir() {
        return Err(PreviousError::Missing(shown));
    }
    let owned = match std::fs::read_to_string(dir.join(OWNERSHIP_FILE)) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(PreviousError::NotABundle(shown)),
        Err(e) => return Err(PreviousError::Unreadable(format!("{shown}/{OWNERSHIP_FILE}"), e.to_string())),
    };
    let mut objects = Vec::new();
    for name in crate::output_dir::owned_names(&owned).into_iter().filter(|n| n != KUSTOMIZATION_FILE) {
        let path = format!("{}/{name}", shown.trim_end_matches('/'));
        let text = std::fs::read_to_string(dir.join(&name))
            .map_err(|e| PreviousError::Unreadable(path.clone(), e.to_string()))?;
        let docs = parse_stream(&text, Limits::default(), Purpose::Output)
            .map_err(|e| PreviousError::Malformed(path.clone(), e.message.clone()))?;
        for doc in docs {
            let object = Object::of(doc.value)
                .ok_or_else(|| PreviousError::Malformed(path.clone(), "no kind or name".into()))?;
            objects.push(object);
        }
    }
    Ok(objects)
}
