//! Plain-scalar resolution (YAML 1.2 core schema) and the YAML 1.1 traps kubectl falls into.

use serde_json::{Number, Value};

/// Why a plain scalar could not become a JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScalarError {
    /// An integer outside the 64-bit range.
    TooLarge,
    /// `.inf`, `.nan` or a float that overflows: JSON (and Kubernetes) cannot hold it.
    NotFinite,
}

/// Resolves a plain scalar by the YAML 1.2 core schema, the schema rgen reads values with.
pub fn resolve_plain(s: &str) -> Result<Value, ScalarError> {
    Ok(resolve_plain_non_string(s)?.unwrap_or_else(|| Value::String(s.to_owned())))
}

/// [`resolve_plain`] for null, booleans and numbers; `None` when the scalar is a string (so a
/// caller that borrows strings does not copy them).
pub fn resolve_plain_non_string(s: &str) -> Result<Option<Value>, ScalarError> {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Ok(Some(Value::Null)),
        "true" | "True" | "TRUE" => return Ok(Some(Value::Bool(true))),
        "false" | "False" | "FALSE" => return Ok(Some(Value::Bool(false))),
        _ => {}
    }
    if is_core_int(s) {
        return parse_int(s).map(Some);
    }
    if let Some(hex) = s.strip_prefix("0x").filter(|h| is_digits(h, 16)) {
        return u64::from_str_radix(hex, 16).map(|n| Some(Value::Number(n.into()))).map_err(|_| ScalarError::TooLarge);
    }
    if let Some(oct) = s.strip_prefix("0o").filter(|o| is_digits(o, 8)) {
        return u64::from_str_radix(oct, 8).map(|n| Some(Value::Number(n.into()))).map_err(|_| ScalarError::TooLarge);
    }
    if is_special_float(s) {
        return Err(ScalarError::NotFinite);
    }
    if is_core_float(s) {
        let f: f64 = s.parse().map_err(|_| ScalarError::NotFinite)?;
        return Number::from_f64(f)
            .filter(|_| f.is_finite())
            .map(|n| Some(Value::Number(n)))
            .ok_or(ScalarError::NotFinite);
    }
    Ok(None)
}

fn parse_int(s: &str) -> Result<Value, ScalarError> {
    if let Ok(n) = s.parse::<i64>() {
        return Ok(Value::Number(n.into()));
    }
    s.trim_start_matches('+').parse::<u64>().map(|n| Value::Number(n.into())).map_err(|_| ScalarError::TooLarge)
}

fn is_digits(s: &str, radix: u32) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_digit(radix))
}

fn is_core_int(s: &str) -> bool {
    is_digits(s.strip_prefix(['-', '+']).unwrap_or(s), 10)
}

fn is_special_float(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    matches!(body, ".inf" | ".Inf" | ".INF") || matches!(s, ".nan" | ".NaN" | ".NAN")
}

/// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`
fn is_core_float(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", frac)) => is_digits(frac, 10),
        Some((int, frac)) => is_digits(int, 10) && frac.chars().all(|c| c.is_ascii_digit()),
        None => is_digits(mantissa, 10),
    };
    let exponent_ok = exponent.is_none_or(|e| is_digits(e.strip_prefix(['-', '+']).unwrap_or(e), 10));
    mantissa_ok && exponent_ok
}

/// True when a YAML 1.1 reader (kubectl, go-yaml v2) would type this plain scalar differently
/// from a YAML 1.2 reader: `yes`/`no`/`on`/`off`/`y`/`n`, `0755` octal, `1_000`, `1:30`, `0b101`.
pub fn yaml11_ambiguous(s: &str) -> bool {
    const BOOLS: [&str; 18] =
        ["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "=", "<<"];
    if BOOLS.contains(&s) {
        return true;
    }
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let leading_zero_octal = body.len() > 1 && body.starts_with('0') && is_digits(body, 10);
    let underscores = body.contains('_') && body.starts_with(|c: char| c.is_ascii_digit() || c == '.');
    let binary = body.starts_with("0b");
    let octal_12 = body.starts_with("0o");
    let sexagesimal = body.contains(':')
        && body
            .split(':')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '_'));
    leading_zero_octal || underscores || binary || octal_12 || sexagesimal
}

/// True when `text` holds no control character but tabs and line feeds: what YAML text may
/// hold as is. Printable ASCII, the usual case, is recognised 32 bytes at a time without
/// branches (the compiler vectorizes it: the output is re-read whole); anything else is
/// checked character by character.
pub fn printable(text: &str) -> bool {
    // Not printable ASCII (0x20..=0x7e), nor a line feed or tab: a control character, DEL, or
    // a byte of a non-ASCII character.
    let suspect = |b: u8| u8::from(b.wrapping_sub(0x20) >= 0x5f) & u8::from(b != b'\n') & u8::from(b != b'\t');
    let mut chunks = text.as_bytes().chunks_exact(32);
    let plain_ascii = chunks.by_ref().all(|chunk| chunk.iter().fold(0, |any, &b| any | suspect(b)) == 0)
        && chunks.remainder().iter().all(|&b| suspect(b) == 0);
    plain_ascii || text.chars().all(printable_char)
}

/// A character a literal block or the subset reader takes as it is: not a control character, and
/// not U+2028/U+2029, which YAML 1.1 readers (PyYAML; go-yaml, as kubectl and Argo CD use it)
/// take as line breaks.
fn printable_char(c: char) -> bool {
    c == '\n' || c == '\t' || !(c.is_control() || c == '\u{2028}' || c == '\u{2029}')
}

/// True when `s` can be written as a plain YAML scalar and reads back as the same string under
/// both YAML 1.1 and YAML 1.2. Conservative: anything doubtful gets quoted.
pub fn is_safe_plain_string(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if !(first.is_ascii_alphabetic() || first == '/') {
        return false;
    }
    if !s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '/' | '-' | ':')) || s.ends_with(':') {
        return false;
    }
    if yaml11_ambiguous(s) || ["true", "false", "null", "nan", "inf"].iter().any(|w| s.eq_ignore_ascii_case(w)) {
        return false;
    }
    // Starting with a letter or `/`, it cannot be a number; the words above are the only other
    // non-strings. Checked in the tests' debug builds (this runs for every scalar of the output).
    debug_assert!(matches!(resolve_plain(s), Ok(Value::String(_))), "{s}");
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn printable_agrees_with_the_character_definition_at_every_position() {
        let reference = |t: &str| {
            t.chars().all(|c| c == '\n' || c == '\t' || !(c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')))
        };
        let odd = ['é', '\u{85}', '\u{9f}', '\u{a0}', '\u{2028}', '\u{feff}', '\u{10ffff}'];
        let mut checked = 0;
        for c in (0u8..128).map(char::from).chain(odd) {
            // In the first chunk, at a chunk's end and start, and in the remainder.
            for at in [0, 31, 32, 40, 63, 64, 70] {
                let mut text = "a".repeat(75);
                text.insert(at, c);
                assert_eq!(printable(&text), reference(&text), "{c:?} at {at}");
                checked += usize::from(!reference(&text));
            }
        }
        assert!(checked > 30 * 7, "{checked} non-printable texts");
        assert!(printable("") && printable("a\tb\nc") && !printable("a\rb") && !printable("\u{7f}"));
        assert!(!printable("a\u{2028}b") && !printable("a\u{2029}b") && printable("é ✓"));
    }

    #[test]
    fn core_schema_types() {
        assert_eq!(resolve_plain("3"), Ok(json!(3)));
        assert_eq!(resolve_plain("-3"), Ok(json!(-3)));
        assert_eq!(resolve_plain("0x1F"), Ok(json!(31)));
        assert_eq!(resolve_plain("0o17"), Ok(json!(15)));
        assert_eq!(resolve_plain("1.5"), Ok(json!(1.5)));
        assert_eq!(resolve_plain("true"), Ok(json!(true)));
        assert_eq!(resolve_plain("~"), Ok(Value::Null));
        assert_eq!(resolve_plain("yes"), Ok(json!("yes")), "1.2 reads yes as a string");
        assert_eq!(resolve_plain("7.2-alpine"), Ok(json!("7.2-alpine")));
        assert_eq!(resolve_plain("1_000"), Ok(json!("1_000")));
    }

    #[test]
    fn huge_and_infinite_numbers_are_errors() {
        assert_eq!(resolve_plain("99999999999999999999999"), Err(ScalarError::TooLarge));
        assert_eq!(resolve_plain(".inf"), Err(ScalarError::NotFinite));
        assert_eq!(resolve_plain("1e999"), Err(ScalarError::NotFinite));
    }

    #[test]
    fn yaml11_traps_are_detected() {
        for s in ["yes", "no", "on", "off", "y", "N", "0755", "1_000", "1:30", "0b101", "0o17"] {
            assert!(yaml11_ambiguous(s), "{s}");
        }
        for s in ["redis", "7", "10", "0", "1.5", "cluster.local", "a:b"] {
            assert!(!yaml11_ambiguous(s), "{s}");
        }
    }

    #[test]
    fn safe_plain_strings() {
        for s in ["redis", "app.kubernetes.io/name", "IfNotPresent", "/data", "redis:7.2"] {
            assert!(is_safe_plain_string(s), "{s}");
        }
        for s in ["", "7.2", "yes", "no", "on", "true", "Null", "a b", "x: y", "-a", "1e3", ".5", "a:"] {
            assert!(!is_safe_plain_string(s), "{s}");
        }
    }
}
