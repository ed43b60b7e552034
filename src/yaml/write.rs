//! Writing YAML scalars that YAML 1.1 (kubectl) and YAML 1.2 readers take the same way.

use serde_json::Value;

use super::scalar::{is_safe_plain_string, printable};

/// A scalar (or a small flow collection) as YAML text: plain where unambiguous, else quoted.
pub fn scalar(value: &Value) -> String {
    let mut out = String::new();
    write_scalar(value, &mut out);
    out
}

fn write_scalar(value: &Value, out: &mut String) {
    match value {
        Value::String(s) => write_str(s, out),
        // JSON collections and numbers are valid YAML flow.
        other => out.push_str(&serde_json::to_string(other).expect("JSON values always serialize")),
    }
}

/// A string scalar: plain when unambiguous, else double-quoted (a JSON string is a valid YAML
/// double-quoted scalar). JSON leaves U+2028 and U+2029 raw; YAML 1.1 readers take them as line
/// breaks, so they are escaped.
fn write_str(s: &str, out: &mut String) {
    if is_safe_plain_string(s) {
        out.push_str(s);
    } else {
        let quoted = serde_json::to_string(s).expect("strings always serialize");
        if quoted.contains(['\u{2028}', '\u{2029}']) {
            out.push_str(&quoted.replace('\u{2028}', "\\u2028").replace('\u{2029}', "\\u2029"));
        } else {
            out.push_str(&quoted);
        }
    }
}

/// A multi-line string as a literal block scalar (`|`), indented by `indent` spaces, so scripts
/// and config files stay readable in review. Falls back to a quoted scalar for text a block
/// cannot hold (control characters, carriage returns).
pub fn block(text: &str, indent: usize) -> String {
    if text.is_empty() || !printable(text) {
        return scalar(&Value::String(text.to_owned()));
    }
    let chomp = match (text.ends_with('\n'), text.ends_with("\n\n")) {
        (false, _) => "-",
        (true, false) => "",
        (true, true) => "+",
    };
    let first_content = text.lines().find(|l| !l.is_empty()).unwrap_or("");
    let indicator = if first_content.starts_with(' ') { indent.to_string() } else { String::new() };
    let lines = text.bytes().filter(|&b| b == b'\n').count() + 1;
    // Scripts make up most of a bundle's bytes: one allocation for the whole block.
    let mut out = String::with_capacity(text.len() + lines * (indent + 1) + 4);
    out.push('|');
    out.push_str(&indicator);
    out.push_str(chomp);
    for line in text.strip_suffix('\n').unwrap_or(text).split('\n') {
        out.push('\n');
        if !line.is_empty() {
            out.extend(std::iter::repeat_n(' ', indent));
            out.push_str(line);
        }
    }
    out
}

/// A value in block style, to follow `key:` in a template: ` {}`, ` value`, or an indented
/// block of `key: value` / `- item` lines at `indent` spaces.
pub fn to_block(value: &Value, indent: usize) -> String {
    let mut out = String::new();
    write_block(value, indent, &mut out);
    out
}

/// [`to_block`] into one buffer: one allocation per document instead of one per line.
fn write_block(value: &Value, indent: usize, out: &mut String) {
    let newline_at = |out: &mut String, indent: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n(' ', indent));
    };
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, item) in map {
                newline_at(out, indent);
                write_str(key, out);
                out.push(':');
                write_block(item, indent + 2, out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for item in items {
                let start = out.len();
                write_block(item, indent + 2, out);
                if out[start..].starts_with('\n') {
                    // A nested block starts "\n" + indent + 2 spaces: its first line moves up
                    // beside the dash, "\n" + indent spaces + "- ".
                    let dash = start + 1 + indent;
                    out.replace_range(dash..dash + 2, "- ");
                } else {
                    let scalar = out.split_off(start);
                    newline_at(out, indent);
                    out.push('-');
                    out.push_str(&scalar);
                }
            }
        }
        other => {
            out.push(' ');
            write_scalar(other, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{Limits, Purpose, parse_stream};
    use serde_json::json;

    fn round_trip(text: &str) {
        let doc = format!("k: {}\n", block(text, 2));
        let parsed = parse_stream(&doc, Limits::default(), Purpose::Output).unwrap();
        assert_eq!(parsed[0].value["k"], json!(text), "document was:\n{doc}");
    }

    #[test]
    fn blocks_round_trip() {
        for text in [
            "a\nb\n",
            "a\nb",
            "a\n\n",
            "  indented first\nx\n",
            "\n  lead blank\n",
            "#!/bin/sh\nset -eu\n\tif x; then\n  y\nfi\n",
            "tab\there\n",
            "trailing spaces   \n",
            "\r\n",
            "",
        ] {
            round_trip(text);
        }
    }

    #[test]
    fn blocks_of_collections_round_trip() {
        let value = json!({"a": {"b": "yes", "c": [1, {"d": "x", "e": []}, [2, 3]]}, "f": {}, "g": "7.2"});
        let doc = format!("root:{}\n", to_block(&value, 2));
        let parsed = parse_stream(&doc, Limits::default(), Purpose::Output).unwrap();
        assert_eq!(parsed[0].value["root"], value, "document was:\n{doc}");
        assert!(doc.contains("\n  a:\n    b: \"yes\"\n"), "{doc}");
    }

    #[test]
    fn scalars_quote_only_when_needed() {
        assert_eq!(scalar(&json!("redis")), "redis");
        assert_eq!(scalar(&json!("7.2")), "\"7.2\"");
        assert_eq!(scalar(&json!("no")), "\"no\"");
        assert_eq!(scalar(&json!(493)), "493");
        assert_eq!(scalar(&json!(true)), "true");
    }

    /// YAML 1.1 readers break lines at U+2028/U+2029: they are escaped in quoted scalars, and a
    /// literal block holding one falls back to a quoted scalar; the YAML 1.2 reader reads back
    /// the same string either way (tests/it/yaml11.rs checks PyYAML).
    #[test]
    fn unicode_line_separators_are_escaped() {
        for text in ["a\u{2028}b", "x\u{2029}", "line\n\u{2028}\n"] {
            for written in [scalar(&json!(text)), block(text, 2)] {
                assert!(!written.contains(['\u{2028}', '\u{2029}']), "{written:?}");
                let doc =
                    parse_stream(&format!("k: {written}\n"), Default::default(), Purpose::Values).unwrap().remove(0);
                assert_eq!(doc.value["k"], json!(text), "{written}");
            }
        }
    }
}
