//! Where results go: stdout (a closed pipe is not an error), stderr, and files written whole.

use std::io::Write;
use std::path::Path;

use rgen::diagnostic::Diagnostic;

use crate::error::CliError;

/// Warnings and other non-fatal diagnostics, on stderr.
pub fn diagnostics(diagnostics: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for d in diagnostics {
        let _ = write!(err, "{d}");
    }
}

pub fn stdout(text: &str) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::Io(format!("cannot write output: {e}"))),
    }
}

/// Writes `bytes` to `path` through a temporary file and a rename, so readers never see half a
/// file. With `keep_existing`, an existing file is an error.
pub fn file(path: &Path, bytes: &[u8], keep_existing: bool) -> Result<(), CliError> {
    if keep_existing && path.exists() {
        return Err(CliError::Io(format!("{} exists; pass --force to overwrite it", path.display())));
    }
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| CliError::Io(format!("{}: {e}", parent.display())))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = parent.join(format!(".{name}.rgen-{}", std::process::id()));
    let result = std::fs::write(&temporary, bytes).and_then(|()| std::fs::rename(&temporary, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temporary);
        return Err(CliError::Io(format!("{}: {e}", path.display())));
    }
    Ok(())
}

/// Writes to `path` (saying so on stderr) or, without one, to stdout.
pub fn to(path: Option<&Path>, text: &str, keep_existing: bool) -> Result<(), CliError> {
    match path {
        None => stdout(text),
        Some(path) => {
            file(path, text.as_bytes(), keep_existing)?;
            eprintln!("wrote {}", path.display());
            Ok(())
        }
    }
}
