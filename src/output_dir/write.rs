//! Writing an output directory all at once: the new content is built in a temporary sibling
//! directory and swapped in, so a failure leaves the old directory as it was.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::layout::{OUTPUT_FILE_MODE, OWNERSHIP_FILE, OutputFile, owned_names};

/// Why an output directory was not written. Nothing was changed in any case.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{0}: not a directory")]
    NotADirectory(PathBuf),
    #[error(
        "refusing to replace {0}: it is (or contains) the current directory\nhint: write the bundle into a subdirectory of its own, e.g. deploy/redis"
    )]
    ContainsWorkingDirectory(PathBuf),
    #[error(
        "refusing to write into {dir}: it holds {} rgen did not write: {}\nhint: choose an empty or new directory, or pass --force to write anyway (those files are kept)",
        if .foreign.len() == 1 { "a file" } else { "files" },
        .foreign.join(", ")
    )]
    Foreign { dir: PathBuf, foreign: Vec<String> },
}

/// What a write changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// Files rgen owned before and does not render any more.
    pub removed: Vec<String>,
    /// Files rgen does not own, kept in place because of `--force`.
    pub kept: Vec<String>,
}

fn io_at(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io { path: path.to_owned(), source }
}

/// Replaces `dir` with exactly `files` (plus, with `force`, the foreign entries it held).
pub fn write_dir(dir: &Path, files: &[OutputFile], force: bool) -> Result<Written, WriteError> {
    let existing = match fs::symlink_metadata(dir) {
        Ok(_) => Some(fs::canonicalize(dir).map_err(io_at(dir))?),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(io_at(dir)(e)),
    };
    let target = existing.clone().unwrap_or_else(|| absolute(dir));
    if existing.as_ref().is_some_and(|d| !d.is_dir()) {
        return Err(WriteError::NotADirectory(dir.to_owned()));
    }
    // The directory is swapped out as a whole: never the one the user stands in, or above it.
    if std::env::current_dir().and_then(fs::canonicalize).is_ok_and(|cwd| cwd.starts_with(&target)) {
        return Err(WriteError::ContainsWorkingDirectory(dir.to_owned()));
    }
    let (owned, foreign) = match &existing {
        Some(d) => inventory(d)?,
        None => (BTreeSet::new(), Vec::new()),
    };
    if !foreign.is_empty() && !force {
        return Err(WriteError::Foreign { dir: dir.to_owned(), foreign });
    }
    let parent = target.parent().ok_or_else(|| WriteError::NotADirectory(dir.to_owned()))?.to_owned();
    fs::create_dir_all(&parent).map_err(io_at(&parent))?;
    let base = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let staging = parent.join(format!(".{base}.rgen-new-{}", std::process::id()));
    let retired = parent.join(format!(".{base}.rgen-old-{}", std::process::id()));

    stage(&staging, files).inspect_err(|_| {
        let _ = fs::remove_dir_all(&staging);
    })?;
    let result = swap(existing.as_deref(), &target, &staging, &retired, &foreign);
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result?;
    let rendered: BTreeSet<&str> = files.iter().map(|f| f.name.as_str()).collect();
    let removed = owned.iter().filter(|n| !rendered.contains(n.as_str())).cloned().collect();
    Ok(Written { removed, kept: foreign })
}

fn absolute(dir: &Path) -> PathBuf {
    std::path::absolute(dir).unwrap_or_else(|_| dir.to_owned())
}

/// The files rgen owns in `dir`, and every other entry (the ownership file aside).
fn inventory(dir: &Path) -> Result<(BTreeSet<String>, Vec<String>), WriteError> {
    let owned: BTreeSet<String> = match fs::read_to_string(dir.join(OWNERSHIP_FILE)) {
        Ok(text) => owned_names(&text).into_iter().collect(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => BTreeSet::new(),
        Err(e) => return Err(io_at(&dir.join(OWNERSHIP_FILE))(e)),
    };
    let mut foreign = Vec::new();
    for entry in fs::read_dir(dir).map_err(io_at(dir))? {
        let entry = entry.map_err(io_at(dir))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_file = entry.file_type().map_err(io_at(&entry.path()))?.is_file();
        if name != OWNERSHIP_FILE && !(is_file && owned.contains(&name)) {
            foreign.push(name);
        }
    }
    foreign.sort();
    Ok((owned, foreign))
}

fn stage(staging: &Path, files: &[OutputFile]) -> Result<(), WriteError> {
    if fs::symlink_metadata(staging).is_ok() {
        fs::remove_dir_all(staging).map_err(io_at(staging))?;
    }
    fs::create_dir(staging).map_err(io_at(staging))?;
    for f in files {
        let path = staging.join(&f.name);
        fs::write(&path, &f.text).map_err(io_at(&path))?;
        set_mode(&path, OUTPUT_FILE_MODE)?;
    }
    Ok(())
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> Result<(), WriteError> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).map_err(io_at(path))
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) -> Result<(), WriteError> {
    Ok(())
}

/// Moves the foreign entries into the staging directory, then swaps the directories. On
/// failure every step taken is undone.
fn swap(
    existing: Option<&Path>,
    target: &Path,
    staging: &Path,
    retired: &Path,
    foreign: &[String],
) -> Result<(), WriteError> {
    let Some(old) = existing else {
        return fs::rename(staging, target).map_err(io_at(target));
    };
    let permissions = fs::metadata(old).map_err(io_at(old))?.permissions();
    fs::set_permissions(staging, permissions).map_err(io_at(staging))?;
    let mut moved = Vec::new();
    for name in foreign {
        if let Err(e) = fs::rename(old.join(name), staging.join(name)) {
            for name in moved.iter().rev() {
                let _ = fs::rename(staging.join(name), old.join(name));
            }
            return Err(io_at(&old.join(name))(e));
        }
        moved.push(name);
    }
    let undo_moves = || {
        for name in moved.iter().rev() {
            let _ = fs::rename(staging.join(name), old.join(name));
        }
    };
    if let Err(e) = fs::rename(old, retired) {
        undo_moves();
        return Err(io_at(old)(e));
    }
    if let Err(e) = fs::rename(staging, target) {
        let _ = fs::rename(retired, old);
        undo_moves();
        return Err(io_at(target)(e));
    }
    // The retired directory holds only files rgen owned.
    fs::remove_dir_all(retired).map_err(io_at(retired))
}
