//! Problems found in the input, reported as `FILE:LINE:COL: values.path: message` plus a snippet.

use std::fmt::{self, Write as _};

/// How bad a problem is: errors stop rendering, warnings are printed and rendering goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// Where in the input a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A place in a file (or stdin, or the embedded default): name, 1-based line and column, and
    /// the text of that line for the snippet.
    Text { file: String, line: usize, col: usize, line_text: String },
    /// A command-line value, as given (`--set cluster.masters=2`, `--name x`).
    Set { arg: String },
    /// No single place (e.g. two files disagree).
    Nowhere,
}

/// One problem with the values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Location,
    /// Dotted values path, e.g. `storage.nas.server`; empty for the file as a whole.
    pub path: String,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(location: Location, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, location, path: path.into(), message: message.into(), hint: None }
    }

    pub fn warning(location: Location, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, location, path: path.into(), message: message.into(), hint: None }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut head = String::new();
        match &self.location {
            Location::Text { file, line, col, .. } => write!(head, "{file}:{line}:{col}: ")?,
            Location::Set { arg } => write!(head, "{arg}: ")?,
            Location::Nowhere => {}
        }
        if !self.path.is_empty() {
            write!(head, "{}: ", self.path)?;
        }
        if self.severity == Severity::Warning {
            head.push_str("warning: ");
        }
        writeln!(f, "{head}{}", self.message)?;
        if let Location::Text { line, col, line_text, .. } = &self.location {
            let number = line.to_string();
            let gutter = " ".repeat(number.len());
            let text = line_text.trim_end();
            let caret_at = col.saturating_sub(1).min(text.chars().count());
            let width = text
                .chars()
                .skip(caret_at)
                .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
                .count()
                .max(1);
            writeln!(f, "{gutter} |")?;
            writeln!(f, "{number} | {text}")?;
            writeln!(f, "{gutter} | {}{}", " ".repeat(caret_at), "^".repeat(width))?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// The text of line `line` (1-based) of `text`, for snippets.
pub fn line_of(text: &str, line: usize) -> String {
    text.lines().nth(line.saturating_sub(1)).unwrap_or("").to_owned()
}

/// The closest of `candidates` to `word`, if close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word.to_ascii_lowercase(), &c.to_ascii_lowercase()), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_path_snippet_and_hint() {
        let d = Diagnostic::error(
            Location::Text { file: "v.yaml".into(), line: 3, col: 3, line_text: "  mastrs: 4".into() },
            "cluster.mastrs",
            "unknown key",
        )
        .with_hint("did you mean `masters`?");
        assert_eq!(
            d.to_string(),
            "v.yaml:3:3: cluster.mastrs: unknown key\n  |\n3 |   mastrs: 4\n  |   ^^^^^^\n  = hint: did you mean `masters`?\n"
        );
    }

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("mastrs", ["masters", "replicasPerMaster"]), Some("masters"));
        assert_eq!(did_you_mean("zzz", ["masters"]), None);
    }
}
