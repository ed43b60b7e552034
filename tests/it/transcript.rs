//! Exact CLI output as reviewed snapshots (golden/cli/*.snap): every run of a test, with its
//! arguments, exit code, stdout and stderr, written as a terminal session would show it. A
//! reworded message changes the snapshot, so it is reviewed (`cargo insta review`) rather than
//! passing unnoticed, as a `contains()` check would let it.

use std::path::Path;

use crate::support::{Run, rgen};

/// The runs of one test, in order.
#[derive(Default)]
pub struct Transcript {
    text: String,
    /// Machine-specific strings (scratch directories) and the placeholder shown instead.
    redactions: Vec<(String, String)>,
}

impl Transcript {
    pub fn new() -> Transcript {
        Transcript::default()
    }

    /// Shows `path` as `placeholder` wherever it appears (arguments and output).
    pub fn redact(mut self, path: &Path, placeholder: &str) -> Transcript {
        self.redactions.push((path.to_str().expect("utf-8 path").to_owned(), placeholder.to_owned()));
        self
    }

    /// Runs `rgen ARGS` (with optional stdin), records it, and returns what it did.
    pub fn run(&mut self, args: &[&str], stdin: Option<&[u8]>) -> Run {
        let run = rgen(args, stdin);
        let mut entry = format!("$ rgen {}", args.iter().map(|a| shell_word(a)).collect::<Vec<_>>().join(" "));
        if let Some(input) = stdin {
            entry.push_str(" <<EOF\n");
            entry.push_str(&String::from_utf8_lossy(input));
            entry.push_str("EOF");
        }
        entry.push_str(&format!("\n[exit {}]\n", run.code));
        for (name, stream) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
            if stream.is_empty() {
                continue;
            }
            entry.push_str(&format!("--- {name}\n"));
            entry.push_str(&summarised(stream));
            if !stream.ends_with('\n') {
                entry.push_str("\n[no newline at the end]\n");
            }
        }
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        self.text.push_str(&entry);
        run
    }

    /// The whole session, redacted.
    pub fn text(&self) -> String {
        let mut text = self.text.clone();
        for (from, to) in &self.redactions {
            text = text.replace(from, to);
        }
        text
    }
}

/// A rendered bundle (the goldens hold it in full) is shown as its document count.
fn summarised(stream: &str) -> String {
    if stream.starts_with("---\napiVersion: ") {
        format!("<a bundle of {} YAML documents>\n", stream.matches("\n---\n").count() + 1)
    } else {
        stream.to_owned()
    }
}

fn shell_word(arg: &str) -> String {
    if !arg.is_empty() && arg.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_./=:,@+".contains(&b)) {
        arg.to_owned()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

/// Compares a transcript with golden/cli/NAME.snap.
macro_rules! assert_transcript {
    ($name:expr, $transcript:expr) => {
        insta::with_settings!({snapshot_path => "../../golden/cli", prepend_module_to_snapshot => false, omit_expression => true}, {
            insta::assert_snapshot!($name, $transcript.text());
        })
    };
}
pub(crate) use assert_transcript;
