//! Turns JSON Schema errors into diagnostics with places, paths and hints.

use serde_json::Value;

use super::draft7::{Kind, Violation, violations};
use super::{keys_at, validation_nodes};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::merge::Merged;
use crate::syntax;
use crate::yaml::dotted;

/// Every schema violation of the merged values, one diagnostic each.
pub(crate) fn check(merged: &Merged) -> Vec<Diagnostic> {
    let schema = validation_nodes();
    let mut out = Vec::new();
    for violation in violations(schema, schema, &merged.value) {
        convert(merged, &violation, &mut out);
    }
    out
}

pub(crate) fn convert(merged: &Merged, violation: &Violation<'_>, out: &mut Vec<Diagnostic>) {
    let path = &violation.path;
    let instance = violation.instance;
    let at = |at_key: bool| merged.locate(path, at_key);
    let diag = match &violation.kind {
        Kind::UnknownKeys(unexpected) => {
            for key in unexpected {
                let mut key_path = path.clone();
                key_path.push(key.clone());
                let allowed = keys_at(path);
                let hint = match did_you_mean(key, allowed.iter().copied()) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!("allowed keys here: {}", allowed.join(", ")),
                };
                out.push(
                    Diagnostic::error(
                        merged.locate(&key_path, true),
                        dotted(&key_path),
                        format!("unknown key `{key}`"),
                    )
                    .with_hint(hint),
                );
            }
            return;
        }
        Kind::NoBranch(context) => {
            // `Option<T>` fields are `anyOf [T, null]`: report what is wrong against T.
            let relevant: Vec<_> = context.iter().filter(|branch| !branch.iter().any(is_null_type_error)).collect();
            if relevant.len() == 1 {
                for inner in relevant[0] {
                    convert(merged, inner, out);
                }
                return;
            }
            Diagnostic::error(at(false), dotted(path), format!("{} does not fit any allowed form", describe(instance)))
        }
        Kind::Required(key) => {
            let mut key_path = path.clone();
            key_path.push(key.clone());
            Diagnostic::error(at(true), dotted(&key_path), format!("missing required key `{key}`")).with_hint(format!(
                "add `{key}:` under `{}`",
                if path.is_empty() { "the top level".to_owned() } else { dotted(path) }
            ))
        }
        Kind::Type(types) => {
            let expected = types.iter().map(|t| article(t)).collect::<Vec<_>>().join(" or ");
            let d = Diagnostic::error(
                at(false),
                dotted(path),
                format!("expected {expected}, found {}", describe(instance)),
            );
            if instance.is_number() && expected.contains("string") {
                d.with_hint("quote the value to make it a string")
            } else {
                d
            }
        }
        Kind::Enum(options) => {
            let d = Diagnostic::error(
                at(false),
                dotted(path),
                format!("{} is not one of: {}", describe(instance), options.join(", ")),
            );
            match instance.as_str().and_then(|s| did_you_mean(s, options.iter().copied())) {
                Some(best) => d.with_hint(format!("did you mean `{best}`?")),
                None => d,
            }
        }
        Kind::Minimum(limit) => {
            Diagnostic::error(at(false), dotted(path), format!("must be at least {limit}, found {instance}"))
        }
        Kind::Maximum(limit) => {
            Diagnostic::error(at(false), dotted(path), format!("must be at most {limit}, found {instance}"))
        }
        Kind::MinLength(limit) => {
            Diagnostic::error(at(false), dotted(path), format!("must be at least {limit} characters long"))
        }
        Kind::MaxLength(limit) => {
            let d = Diagnostic::error(
                at(false),
                dotted(path),
                format!("must be at most {limit} characters long, found {}", instance.as_str().map_or(0, str::len)),
            );
            if path == &["name"] {
                d.with_hint("object names derived from it (pods, claims, revision labels) must stay within Kubernetes' 63-character limit")
            } else {
                d
            }
        }
        Kind::Pattern(pattern) => {
            let (what, example) = match syntax::pattern(pattern).and_then(|p| p.described) {
                Some(described) => described,
                None => {
                    let p = pattern;
                    return out.push(Diagnostic::error(
                        at(false),
                        dotted(path),
                        format!("{} does not match the pattern {p}", describe(instance)),
                    ));
                }
            };
            Diagnostic::error(at(false), dotted(path), format!("{} is not {what}", describe(instance)))
                .with_hint(format!("for example {example}"))
        }
    };
    out.push(diag);
}

fn is_null_type_error(v: &Violation<'_>) -> bool {
    matches!(&v.kind, Kind::Type(types) if types.as_slice() == ["null"])
}

fn article(t: &str) -> String {
    match t {
        "integer" => "an integer".into(),
        "object" => "a mapping".into(),
        "array" => "a list".into(),
        "null" => "nothing (null)".into(),
        other => format!("a {other}"),
    }
}

/// A short description of a value for messages: `the string "x"`, `the number 3`, `a list`.
pub fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a mapping".into(),
    }
}
