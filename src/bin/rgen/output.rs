//! Where results go: stdout (a closed pipe is not an error), files, and failure reports.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use rgen::Failure;
use rgen::diagnostic::Diagnostic;

pub fn diagnostics(diagnostics: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for d in diagnostics {
        let _ = write!(err, "{d}");
    }
}

/// Prints why nothing was produced and returns the matching exit code.
pub fn failure(failure: Failure) -> ExitCode {
    match failure {
        Failure::Usage(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Failure::Invalid(found) => {
            diagnostics(&found);
            let errors = found.iter().filter(|d| d.is_error()).count();
            eprintln!("error: {errors} problem(s) in the values; nothing was rendered");
            ExitCode::from(1)
        }
        Failure::Internal(e) => {
            eprintln!("error: {e}\nThis is a bug in rgen; please report it with the values that caused it.");
            ExitCode::from(3)
        }
    }
}

pub fn stdout(text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write output: {e}");
            ExitCode::from(1)
        }
    }
}

/// Writes `bytes` to `path` through a temporary file and a rename, so readers never see half a
/// file. With `keep_existing`, an existing file is an error.
pub fn file(path: &Path, bytes: &[u8], keep_existing: bool) -> Result<(), String> {
    if keep_existing && path.exists() {
        return Err(format!("{} exists; pass --force to overwrite it", path.display()));
    }
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = parent.join(format!(".{name}.rgen-{}", std::process::id()));
    let result = std::fs::write(&temporary, bytes).and_then(|()| std::fs::rename(&temporary, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temporary);
        return Err(format!("{}: {e}", path.display()));
    }
    Ok(())
}

/// Writes to `path` or, without one, to stdout.
pub fn to(path: Option<&Path>, text: &str, keep_existing: bool) -> ExitCode {
    match path {
        None => stdout(text),
        Some(path) => match file(path, text.as_bytes(), keep_existing) {
            Ok(()) => {
                eprintln!("wrote {}", path.display());
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::from(1)
            }
        },
    }
}
