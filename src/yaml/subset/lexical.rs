//! What the subset reader decides from one line's text alone: where a key ends, whether a
//! plain scalar stays plain in both YAML versions, how a double-quoted scalar reads.

use std::borrow::Cow;

use super::super::scalar::{printable, yaml11_ambiguous};

/// No byte-order mark, carriage return, control or non-printable character, nor a line
/// separator YAML 1.1 would break lines at: the subset is plain `\n`-separated text.
pub(super) fn plain_text(src: &str) -> bool {
    printable(src) && (src.is_ascii() || !src.contains(['\u{2028}', '\u{2029}', '\u{feff}', '\u{fffe}', '\u{ffff}']))
}

/// `key: rest` split off the start of a line's content; `rest` is empty for `key:`.
pub(super) fn entry(content: &str) -> Option<(Cow<'_, str>, &str)> {
    let (key, rest) = if let Some(quoted) = content.strip_prefix('"') {
        let end = closing_quote(quoted)? + 1;
        let rest = content[end + 1..].strip_prefix(':')?;
        (Cow::Owned(double_quoted(&content[..=end])?), rest)
    } else {
        let (key, rest) = split_plain_key(content)?;
        if !plain_key(key) {
            return None;
        }
        (Cow::Borrowed(key), rest)
    };
    match rest.strip_prefix(' ') {
        Some(rest) if !rest.starts_with(' ') => Some((key, rest)),
        None if rest.is_empty() => Some((key, rest)),
        _ => None,
    }
}

pub(super) fn is_entry(content: &str) -> bool {
    if let Some(quoted) = content.strip_prefix('"') {
        return closing_quote(quoted).is_some_and(|end| quoted[end + 1..].starts_with(':'));
    }
    split_plain_key(content).is_some()
}

/// Splits at the first `:` followed by a space or the end of the line (what ends a plain key);
/// the second part starts with that space, or is empty.
fn split_plain_key(content: &str) -> Option<(&str, &str)> {
    let bytes = content.as_bytes();
    let mut from = 0;
    while let Some(i) = content[from..].find(':') {
        let at = from + i;
        match bytes.get(at + 1) {
            None | Some(b' ') => return Some((&content[..at], &content[at + 1..])),
            Some(_) => from = at + 1,
        }
    }
    None
}

/// A plain key whose text both YAML versions read alike.
fn plain_key(key: &str) -> bool {
    !key.is_empty() && plain_start(key) && plain_chars(key, false) && !yaml11_ambiguous(key)
}

/// Not an indicator character, which would start something other than a plain scalar.
pub(super) fn plain_start(s: &str) -> bool {
    match s.as_bytes()[0] {
        b'-' => s.as_bytes().get(1).is_some_and(u8::is_ascii_digit),
        first => !b"?:,[]{}#&*!|>'\"%@`".contains(&first),
    }
}

/// No comment, tab, mapping indicator or trailing space inside; no `:` at all unless
/// `colons` (one pass: this runs for every scalar of the output).
pub(super) fn plain_chars(s: &str, colons: bool) -> bool {
    let mut previous = b'\0';
    for &c in s.as_bytes() {
        let bad = match c {
            b'\t' => true,
            b'#' => previous == b' ',
            b' ' => previous == b':',
            b':' => !colons,
            _ => false,
        };
        if bad {
            return false;
        }
        previous = c;
    }
    !matches!(previous, b' ' | b':')
}

/// Index (in `s`) of the quote that closes a double-quoted scalar whose opening quote precedes `s`.
pub(super) fn closing_quote(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// A double-quoted scalar written as a JSON string: JSON's escapes mean the same in YAML, except
/// surrogate pairs, which are left to the full reader.
pub(super) fn double_quoted(quoted: &str) -> Option<String> {
    if quoted.contains("\\u") && quoted.to_ascii_lowercase().contains("\\ud") {
        return None;
    }
    serde_json::from_str(quoted).ok()
}

/// `---` and `...` at the start of a line end or start a document.
pub(super) fn starts_document(content: &str) -> bool {
    content.starts_with("---") || content.starts_with("...")
}
