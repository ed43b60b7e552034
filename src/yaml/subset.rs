//! A fast reader for the narrow YAML subset rgen's templates write: block mappings and
//! sequences indented by spaces, plain scalars, JSON-style double-quoted strings, literal block
//! scalars (`|`), `[]` and `{}`, and comment lines.
//!
//! It exists only to make the conformance check cheap (saphyr's general tokenizer cost about
//! 80 instructions per byte of output). It never decides anything on its own: anything outside
//! the subset, or anything the full reader would reject or flag (a duplicate key, a YAML 1.1
//! trap, a number out of range), makes it answer `None`, and the caller reads the text again
//! with the full parser, which gives the precise error. Tests hold it to the full reader on
//! every example bundle and on thousands of mutations of them.

use std::borrow::Cow;

use serde_json::Value;

mod lexical;

use super::options::Limits;
use super::scalar::{resolve_plain_non_string, yaml11_ambiguous};
use super::tree::{Tree, has_duplicate_keys};
use lexical::{closing_quote, double_quoted, entry, is_entry, plain_chars, plain_start, plain_text, starts_document};

/// The value of a one-document stream in the subset, as the full reader would compose it under
/// the same limits; `None` when the text is outside the subset.
pub fn read(src: &str, limits: Limits) -> Option<Tree<'_>> {
    if !plain_text(src) {
        return None;
    }
    let mut reader = Reader { lines: src.lines().collect(), pos: 0, depth: 0, nodes: 0, limits };
    let (indent, _) = reader.peek()?;
    if indent != 0 {
        return None;
    }
    let value = reader.node(0)?;
    reader.peek().is_none().then_some(value)
}

struct Reader<'a> {
    lines: Vec<&'a str>,
    pos: usize,
    /// Collections open, and nodes made: kept within the full reader's limits.
    depth: usize,
    nodes: usize,
    limits: Limits,
}

impl<'a> Reader<'a> {
    /// Indentation and content of the next line that is not blank or a comment.
    fn peek(&mut self) -> Option<(usize, &'a str)> {
        while let Some(line) = self.lines.get(self.pos) {
            let content = line.trim_start_matches(' ');
            if !content.is_empty() && !content.starts_with('#') {
                return Some((line.len() - content.len(), content));
            }
            self.pos += 1;
        }
        None
    }

    /// The block node whose first line is next; its indentation is that line's.
    fn node(&mut self, parent: usize) -> Option<Tree<'a>> {
        if !self.descend() {
            return None;
        }
        let (indent, content) = self.peek()?;
        if indent < parent || content.starts_with('\t') || (indent == 0 && starts_document(content)) {
            return None;
        }
        let value = if content == "-" || content.starts_with("- ") {
            self.sequence(indent)
        } else if is_entry(content) {
            self.mapping(indent, None)
        } else {
            None
        };
        self.depth -= 1;
        value
    }

    fn sequence(&mut self, indent: usize) -> Option<Tree<'a>> {
        let mut items = Vec::new();
        while let Some((at, content)) = self.peek() {
            if at < indent {
                break;
            }
            // Exactly one space after the dash, so a mapping begun on its line sits at `indent + 2`.
            let rest = match content.strip_prefix('-')? {
                "" => "",
                rest if at == indent && rest.starts_with(' ') && !rest.starts_with("  ") => &rest[1..],
                _ => return None,
            };
            self.pos += 1;
            let item = if rest.is_empty() {
                self.nested(indent)?
            } else if rest.starts_with('-') && (rest.len() == 1 || rest.starts_with("- ")) {
                return None;
            } else if is_entry(rest) {
                if !self.descend() {
                    return None;
                }
                let map = self.mapping(indent + 2, Some(rest));
                self.depth -= 1;
                map?
            } else {
                self.inline(rest, indent, false)?
            };
            items.push(self.counted(item)?);
        }
        Some(Tree::Seq(items))
    }

    /// One collection deeper; `false` past the full reader's depth limit.
    fn descend(&mut self) -> bool {
        self.depth += 1;
        self.depth <= self.limits.max_depth
    }

    /// `value`, counted against the node budget.
    fn counted(&mut self, value: Tree<'a>) -> Option<Tree<'a>> {
        self.nodes += 1;
        (self.nodes <= self.limits.max_nodes).then_some(value)
    }

    /// A mapping at `indent`; `first` is an entry already taken off its line (after `- `).
    fn mapping(&mut self, indent: usize, mut first: Option<&'a str>) -> Option<Tree<'a>> {
        let mut entries = Vec::new();
        loop {
            let content = match first.take() {
                Some(content) => content,
                None => match self.peek() {
                    Some((at, _)) if at < indent => break,
                    Some((at, content)) if at == indent && !(at == 0 && starts_document(content)) => {
                        self.pos += 1;
                        content
                    }
                    Some(_) => return None,
                    None => break,
                },
            };
            let (key, rest) = entry(content)?;
            let value = if rest.is_empty() { self.nested(indent)? } else { self.inline(rest, indent, true)? };
            let value = self.counted(value)?;
            entries.push((key, value));
        }
        (!has_duplicate_keys(&entries)).then_some(Tree::Map(entries))
    }

    /// The value of `key:` or `-` with nothing after it: a more indented block, or null. A
    /// sequence at the key's own indentation (legal YAML) is left to the full reader.
    fn nested(&mut self, parent: usize) -> Option<Tree<'a>> {
        match self.peek() {
            Some((at, _)) if at > parent => self.node(parent + 1),
            Some((at, content)) if at == parent && content.starts_with('-') => None,
            _ => Some(Tree::Scalar(Value::Null)),
        }
    }

    /// A value on the same line as its key or dash.
    fn inline(&mut self, text: &'a str, parent: usize, in_mapping: bool) -> Option<Tree<'a>> {
        let value = match text.as_bytes()[0] {
            b'|' => return self.literal(&text[1..], parent, in_mapping),
            b'"' => {
                let end = closing_quote(&text[1..])? + 1;
                if end != text.len() - 1 {
                    return None;
                }
                Tree::Str(Cow::Owned(double_quoted(text)?))
            }
            _ if text == "[]" => Tree::Seq(Vec::new()),
            _ if text == "{}" => Tree::Map(Vec::new()),
            _ if plain_start(text) && plain_chars(text, true) && !yaml11_ambiguous(text) => {
                resolve_plain_non_string(text).ok()?.map_or(Tree::Str(Cow::Borrowed(text)), Tree::Scalar)
            }
            _ => return None,
        };
        // A more indented line after a one-line value would continue it (a multi-line scalar).
        match self.peek() {
            Some((at, _)) if at > parent => None,
            _ => Some(value),
        }
    }

    /// A literal block scalar: `header` is what follows the `|`.
    fn literal(&mut self, header: &str, parent: usize, in_mapping: bool) -> Option<Tree<'a>> {
        let (indicator, chomp) = match header.as_bytes() {
            [] => (None, b' '),
            [c @ (b'-' | b'+')] => (None, *c),
            [d @ b'1'..=b'9'] if in_mapping => (Some(usize::from(d - b'0')), b' '),
            [d @ b'1'..=b'9', c @ (b'-' | b'+')] if in_mapping => (Some(usize::from(d - b'0')), *c),
            _ => return None,
        };
        let start = self.pos;
        // Leading lines must be empty: spaces on them would take part in detecting the indentation.
        let first = self.lines[start..].iter().position(|l| !l.is_empty())?;
        let first_line = self.lines[start + first];
        let detected = first_line.len() - first_line.trim_start_matches(' ').len();
        let indent = indicator.map_or(detected, |n| parent + n);
        if indent <= parent || detected == first_line.len() {
            return None;
        }
        let mut text = String::new();
        let mut trailing_breaks = 0;
        let mut end = start;
        for line in &self.lines[start..] {
            if line.len() >= indent && line.as_bytes()[..indent].iter().all(|&b| b == b' ') {
                let content = &line[indent..];
                if content.is_empty() {
                    trailing_breaks += 1;
                } else {
                    text.extend(std::iter::repeat_n('\n', trailing_breaks));
                    trailing_breaks = 0;
                    text.push_str(content);
                    text.push('\n');
                }
            } else if line.bytes().all(|b| b == b' ') {
                trailing_breaks += 1;
            } else {
                break;
            }
            end += 1;
        }
        if text.is_empty() {
            return None;
        }
        // Lines that were blank stay with the text only when kept (`+`); the last line break
        // goes when stripped (`-`).
        match chomp {
            b'-' => {
                text.pop();
            }
            b'+' => text.extend(std::iter::repeat_n('\n', trailing_breaks)),
            _ => {}
        }
        self.pos = end;
        Some(Tree::Str(Cow::Owned(text)))
    }
}

#[cfg(test)]
pub(crate) mod tests;
