//! Reading values files (or stdin, or the embedded default) into YAML layers.

use std::io::Read;

use crate::diagnostic::{Diagnostic, Location, line_of};
use crate::yaml::{self, Document, Limits, Purpose};

/// The embedded default values, compiled into the binary.
pub const EMBEDDED_DEFAULT: &str = include_str!("../values/default.yaml");
/// Name the embedded default goes by in diagnostics.
pub const EMBEDDED_NAME: &str = "<embedded values/default.yaml>";
/// Values files are small; anything larger is a mistake (or an attack).
pub const MAX_INPUT_BYTES: usize = 1 << 20;

/// One input's text and the name it is reported under.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
}

/// One parsed values file: its source and its single YAML document.
#[derive(Debug, Clone)]
pub struct Layer {
    pub source: Source,
    pub doc: Document,
    /// For `--set` layers, the argument as given; diagnostics name it instead of a line.
    pub set_arg: Option<String>,
    /// The embedded default: rgen's, not the user's. Its value is taken from the typed defaults
    /// and its places and text are read from the file only when a diagnostic points into it.
    pub embedded: bool,
}

impl Layer {
    /// Where a node with this span sits, for diagnostics.
    pub fn location(&self, mark: yaml::Mark) -> Location {
        match &self.set_arg {
            Some(arg) => Location::Set { arg: arg.clone() },
            None => Location::Text {
                file: self.source.name.clone(),
                line: mark.line,
                col: mark.col,
                // The embedded default's text is the binary's own; no render copies it.
                line_text: line_of(if self.embedded { EMBEDDED_DEFAULT } else { &self.source.text }, mark.line),
            },
        }
    }
}

/// One values input of a request, merged in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file path; `-` is stdin.
    Path(String),
    /// Bytes already in memory, reported under `name` (tests, embedders).
    Text { name: String, bytes: Vec<u8> },
}

impl From<&str> for Input {
    fn from(path: &str) -> Self {
        Input::Path(path.to_owned())
    }
}

impl Input {
    /// Reads the input into a checked text source.
    pub fn read(&self) -> Result<Source, Diagnostic> {
        match self {
            Input::Path(arg) => read(arg),
            Input::Text { name, bytes } => text_source(name.clone(), bytes.clone()),
        }
    }
}

/// Reads a file argument (`-` is stdin) into a checked text source.
pub fn read(arg: &str) -> Result<Source, Diagnostic> {
    let (name, bytes) = if arg == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(MAX_INPUT_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| io_error("<stdin>", &e))?;
        ("<stdin>".to_owned(), bytes)
    } else {
        let file = std::fs::File::open(arg).map_err(|e| io_error(arg, &e))?;
        if file.metadata().is_ok_and(|m| m.is_dir()) {
            return Err(Diagnostic::error(Location::Nowhere, "", format!("{arg}: is a directory, not a values file")));
        }
        let mut bytes = Vec::new();
        file.take(MAX_INPUT_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(|e| io_error(arg, &e))?;
        (arg.to_owned(), bytes)
    };
    text_source(name, bytes)
}

/// Checks that input is small UTF-8 text without NUL bytes.
pub fn text_source(name: String, bytes: Vec<u8>) -> Result<Source, Diagnostic> {
    let whole = |message: String| Diagnostic::error(Location::Nowhere, "", format!("{name}: {message}"));
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(whole(format!("larger than {} KiB; a values file is a few KiB of YAML", MAX_INPUT_BYTES / 1024)));
    }
    if let Some(at) = bytes.iter().position(|b| *b == 0) {
        return Err(whole(format!("binary data (a NUL byte at offset {at}); expected a YAML text file")));
    }
    let mut text = String::from_utf8(bytes).map_err(|e| {
        whole(format!(
            "not UTF-8 text (invalid byte at offset {}); expected a YAML text file",
            e.utf8_error().valid_up_to()
        ))
    })?;
    if text.starts_with('\u{feff}') {
        text.remove(0);
    }
    Ok(Source { name, text })
}

/// Parses a source into a layer: exactly one YAML document whose root is a mapping.
pub fn parse(source: Source) -> Result<Layer, Diagnostic> {
    let at = |mark: yaml::Mark| Location::Text {
        file: source.name.clone(),
        line: mark.line,
        col: mark.col,
        line_text: line_of(&source.text, mark.line),
    };
    let mut docs = yaml::parse_stream(&source.text, Limits::default(), Purpose::Values).map_err(|e| {
        let d = Diagnostic::error(at(e.mark), e.path, e.message);
        match e.hint {
            Some(h) => d.with_hint(h),
            None => d,
        }
    })?;
    if docs.len() > 1 {
        return Err(Diagnostic::error(
            at(docs[1].start),
            "",
            "a values file holds one YAML document, this one has several",
        )
        .with_hint("merge them, or pass them as separate files"));
    }
    let Some(doc) = docs.pop().filter(|d| !d.value.is_null()) else {
        return Err(Diagnostic::error(Location::Nowhere, "", format!("{}: empty values file", source.name))
            .with_hint("write `{}` to render all defaults, or pass no file at all"));
    };
    if !doc.value.is_object() {
        return Err(Diagnostic::error(
            at(doc.spans[""].value),
            "",
            "the top level of a values file must be a mapping (key: value)",
        ));
    }
    Ok(Layer { source, doc, set_arg: None, embedded: false })
}

/// The embedded default as a layer: the value of `values/default.yaml`, taken from the typed
/// defaults it spells out (a test holds the two equal), so that no render parses the file; its
/// places are read by [`embedded_default_spans`] when a diagnostic needs one.
pub fn embedded_default() -> Layer {
    let value = crate::values::Values::default().as_written();
    Layer {
        source: Source { name: EMBEDDED_NAME.into(), text: String::new() },
        doc: Document { value, spans: Default::default(), start: Default::default() },
        set_arg: None,
        embedded: true,
    }
}

/// The places of every node of the embedded default, read from the file.
pub fn embedded_default_spans() -> std::collections::HashMap<String, yaml::NodeSpan> {
    parse(Source { name: EMBEDDED_NAME.into(), text: EMBEDDED_DEFAULT.into() })
        .expect("the embedded default values parse")
        .doc
        .spans
}

fn io_error(name: &str, e: &std::io::Error) -> Diagnostic {
    let reason = match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    };
    Diagnostic::error(Location::Nowhere, "", format!("{name}: cannot read: {reason}"))
}
