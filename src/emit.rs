//! Emitting a checked bundle as one multi-document YAML stream.

use crate::render::Manifest;

/// The bundle as `kubectl apply -f -` takes it: every document led by `---`.
pub fn stream(manifests: &[Manifest]) -> String {
    let mut out = String::with_capacity(manifests.iter().map(|m| m.text.len() + 4).sum());
    for m in manifests {
        out.push_str("---\n");
        out.push_str(&m.text);
    }
    out
}
