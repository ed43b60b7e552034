//! The one error type of the binary: every failure of every command, how it is reported, and
//! the exit code it owns.

use std::io::Write;
use std::process::ExitCode;

use rgen::InternalError;
use rgen::diagnostic::Diagnostic;

/// Why a command failed. Whatever it is, nothing was written to stdout or to an output path.
#[derive(Debug)]
pub enum CliError {
    /// A malformed command line: exit 2.
    Usage(String),
    /// Invalid values or input, every problem found: exit 1.
    Invalid(Vec<Diagnostic>),
    /// A file or directory could not be read or written: exit 1.
    Io(String),
    /// `rgen check`: the directory is out of date (the diff is already on stdout): exit 1.
    OutOfDate { dir: String, changed: usize, missing: usize, extra: usize },
    /// `rgen plan`: steps must come before `kubectl apply` (the plan is already on stdout): exit 1.
    PlanRefused(usize),
    /// `render --output-dir` or `check`: the new bundle would skip a step over the one in the
    /// directory (a scale-in without its drain): exit 1.
    SkippedStep { dir: String, step: rgen::plan::Step },
    /// A bug in rgen: exit 3.
    Internal(InternalError),
}

impl CliError {
    pub fn code(&self) -> ExitCode {
        ExitCode::from(match self {
            CliError::Usage(_) => 2,
            CliError::Invalid(_)
            | CliError::Io(_)
            | CliError::OutOfDate { .. }
            | CliError::PlanRefused(_)
            | CliError::SkippedStep { .. } => 1,
            CliError::Internal(_) => 3,
        })
    }

    /// Prints the error on stderr.
    pub fn report(&self) {
        let mut err = std::io::stderr().lock();
        let _ = match self {
            CliError::Usage(message) | CliError::Io(message) => writeln!(err, "error: {message}"),
            CliError::Invalid(found) => {
                for d in found {
                    let _ = write!(err, "{d}");
                }
                let errors = found.iter().filter(|d| d.is_error()).count();
                writeln!(err, "error: {errors} problem(s) in the values; nothing was rendered")
            }
            CliError::OutOfDate { dir, changed, missing, extra } => writeln!(
                err,
                "error: {dir} is out of date: {changed} changed, {missing} missing, {extra} extra file(s)\n\
                 hint: re-render with `rgen render ... --output-dir {dir}` and commit the result"
            ),
            CliError::PlanRefused(n) => writeln!(
                err,
                "error: {n} step(s) marked REFUSED must be done before `kubectl apply` (see the plan above)"
            ),
            CliError::SkippedStep { dir, step } => {
                let _ = writeln!(err, "error: {} over the bundle in {dir}", step.summary);
                for line in &step.detail {
                    let _ = writeln!(err, "  {line}");
                }
                writeln!(err, "nothing was written; `rgen plan {dir} ...` shows every step")
            }
            CliError::Internal(e) => {
                writeln!(err, "error: {e}\nThis is a bug in rgen; please report it with the values that caused it.")
            }
        };
    }
}

impl From<rgen::Error> for CliError {
    fn from(e: rgen::Error) -> Self {
        match e {
            rgen::Error::Invalid(found) => CliError::Invalid(found),
            rgen::Error::Internal(e) => CliError::Internal(e),
        }
    }
}

impl From<InternalError> for CliError {
    fn from(e: InternalError) -> Self {
        CliError::Internal(e)
    }
}

impl From<rgen::package::PackageError> for CliError {
    fn from(e: rgen::package::PackageError) -> Self {
        match e {
            rgen::package::PackageError::NotSemver(_) => CliError::Usage(e.to_string()),
            rgen::package::PackageError::Internal(e) => CliError::Internal(e),
        }
    }
}
