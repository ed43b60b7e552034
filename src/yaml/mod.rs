//! Every YAML read in rgen goes through here: values files, `--set` values and rendered output.

mod composer;
mod options;
pub(crate) mod scalar;
pub(crate) mod subset;
mod tree;
pub(crate) mod write;

use std::collections::HashMap;

use serde_json::Value;

pub use composer::parse_stream;
pub use options::{Limits, Purpose};
pub(crate) use tree::Tree;

/// Reads one of rgen's own manifests: with the fast reader of the subset its templates write,
/// or, when the text is outside that subset, with the full reader (which then names the error).
/// Either way the value is the one the full reader composes (`subset`'s tests hold it to that).
pub fn parse_output(src: &str) -> Result<Vec<Value>, YamlError> {
    if let Some(tree) = subset::read(src, Limits::default()) {
        return Ok(vec![tree.into_value()]);
    }
    Ok(parse_stream(src, Limits::default(), Purpose::Output)?.into_iter().map(|d| d.value).collect())
}

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Mark {
    pub line: usize,
    pub col: usize,
}

/// Where a node sits: the key that names it (absent for list items and the root) and its value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NodeSpan {
    pub key: Option<Mark>,
    pub value: Mark,
}

/// One YAML document as JSON, with the span of every node keyed by JSON pointer.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub value: Value,
    pub spans: HashMap<String, NodeSpan>,
    pub start: Mark,
}

/// A YAML problem at a place in the text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}:{}: {path}: {message}", mark.line, mark.col)]
pub struct YamlError {
    pub mark: Mark,
    /// Dotted values path of the node being read (empty at the root).
    pub path: String,
    pub message: String,
    pub hint: Option<String>,
}

/// JSON pointer (RFC 6901) of a path.
pub fn pointer<S: AsRef<str>>(path: &[S]) -> String {
    path.iter().fold(String::new(), |mut acc, seg| {
        acc.push('/');
        acc.push_str(&seg.as_ref().replace('~', "~0").replace('/', "~1"));
        acc
    })
}

/// Dotted path for humans: `storage.hostPath.nodes[2]`; keys holding dots are bracket-quoted.
pub fn dotted<S: AsRef<str>>(path: &[S]) -> String {
    let mut out = String::new();
    for seg in path {
        let seg = seg.as_ref();
        if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) && !out.is_empty() {
            out.push_str(&format!("[{seg}]"));
        } else if seg.contains(['.', '[', ']', ' ']) || seg.is_empty() {
            out.push_str(&format!("[{seg:?}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(seg);
        }
    }
    out
}

/// Splits a JSON pointer back into segments.
pub fn segments(pointer: &str) -> Vec<String> {
    pointer.split('/').skip(1).map(|s| s.replace("~1", "/").replace("~0", "~")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn one(src: &str) -> Result<Document, YamlError> {
        parse_stream(src, Limits::default(), Purpose::Values).map(|mut d| d.remove(0))
    }

    #[test]
    fn values_and_spans() {
        let doc = one("a:\n  b: 3\n  c: [x, 'y']\n").unwrap();
        assert_eq!(doc.value, json!({"a": {"b": 3, "c": ["x", "y"]}}));
        assert_eq!(
            doc.spans["/a/b"],
            NodeSpan { key: Some(Mark { line: 2, col: 3 }), value: Mark { line: 2, col: 6 } }
        );
        assert_eq!(doc.spans["/a/c/1"].value, Mark { line: 3, col: 10 });
    }

    #[test]
    fn duplicate_key_is_an_error_with_both_places() {
        let err = one("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(err.mark, Mark { line: 3, col: 1 });
        assert!(err.message.contains("first defined at line 1"), "{}", err.message);
    }

    #[test]
    fn alias_bomb_is_stopped() {
        let mut src = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            src.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n",
                p = i - 1
            ));
        }
        let start = std::time::Instant::now();
        let err = one(&src).unwrap_err();
        assert!(err.message.contains("more than"), "{}", err.message);
        assert!(start.elapsed().as_secs() < 2);
    }

    #[test]
    fn merge_keys_and_tags() {
        let doc = one("base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\nv: !!str 7.2\n").unwrap();
        assert_eq!(doc.value["derived"], json!({"x": 1, "y": 3}));
        assert_eq!(doc.value["v"], json!("7.2"));
    }

    #[test]
    fn malformed_yaml_has_a_place() {
        let err = one("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(err.message.starts_with("malformed YAML"), "{}", err.message);
        assert!(err.mark.line >= 1);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let src = "[".repeat(100) + &"]".repeat(100);
        assert!(one(&src).unwrap_err().message.contains("nesting"));
    }

    #[test]
    fn output_mode_still_refuses_duplicates_and_deep_nesting() {
        let err = parse_stream("a: 1\na: 2\n", Limits::default(), Purpose::Output).unwrap_err();
        assert!(err.message.starts_with("duplicate key"), "{}", err.message);
        let deep = "[".repeat(100) + &"]".repeat(100);
        assert!(parse_stream(&deep, Limits::default(), Purpose::Output).unwrap_err().message.contains("nesting"));
        assert!(parse_stream("a: {b: [1, {c: d}]}\n", Limits::default(), Purpose::Output).unwrap()[0].spans.is_empty());
    }

    #[test]
    fn audit_flags_yaml11_traps() {
        let err = parse_stream("a: yes\n", Limits::default(), Purpose::Output).unwrap_err();
        assert!(err.message.contains("YAML 1.1"));
        assert!(parse_stream("a: \"yes\"\nb: 0\n", Limits::default(), Purpose::Output).is_ok());
    }

    #[test]
    fn dotted_paths() {
        assert_eq!(dotted(&["storage", "nodes", "2"]), "storage.nodes[2]");
        assert_eq!(dotted(&["labels", "app.kubernetes.io/name"]), "labels[\"app.kubernetes.io/name\"]");
        assert_eq!(segments(&pointer(&["a/b", "c~"])), vec!["a/b", "c~"]);
    }
}
