//! One function per subcommand: call the library, report through `output`.

use std::path::Path;
use std::process::ExitCode;

use rgen::gitops::{self, Difference};
use rgen::starter::{Starter, starter_text};
use rgen::values::{Mode, StorageMode};
use rgen::{Bundle, Request};

use crate::output;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum SchemaFormat {
    Json,
    Markdown,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ModeArg {
    Cluster,
    Sentinel,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum StorageArg {
    Dynamic,
    Nas,
    Nfs,
    #[value(name = "hostPath", alias = "hostpath")]
    HostPath,
}

impl From<StorageArg> for StorageMode {
    fn from(s: StorageArg) -> Self {
        match s {
            StorageArg::Dynamic => StorageMode::Dynamic,
            StorageArg::Nas => StorageMode::Nas,
            StorageArg::Nfs => StorageMode::Nfs,
            StorageArg::HostPath => StorageMode::HostPath,
        }
    }
}

/// Renders, printing warnings and notes; the exit code after reporting a failure.
fn bundle(request: &Request) -> Result<Bundle, ExitCode> {
    let bundle = rgen::bundle(request).map_err(output::failure)?;
    output::diagnostics(&bundle.warnings);
    for note in &bundle.notes {
        eprintln!("note: {note}");
    }
    Ok(bundle)
}

pub fn render(request: &Request) -> ExitCode {
    match bundle(request) {
        Ok(bundle) => output::stdout(&rgen::emit::stream(&bundle.manifests)),
        Err(code) => code,
    }
}

pub fn render_to_dir(request: &Request, dir: &Path, force: bool) -> ExitCode {
    let files = match bundle(request).and_then(|b| b.output_files().map_err(output::failure)) {
        Ok(files) => files,
        Err(code) => return code,
    };
    match gitops::write_dir(dir, &files, force) {
        Ok(written) => {
            eprintln!("wrote {} files to {}", files.len(), dir.display());
            for name in &written.removed {
                eprintln!("removed {name} (no longer rendered)");
            }
            for name in &written.kept {
                eprintln!("warning: kept {name}, which rgen did not write (--force)");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}\nnothing was written");
            ExitCode::from(1)
        }
    }
}

pub fn validate(request: &Request) -> ExitCode {
    let validated = match rgen::validated(request) {
        Ok(v) => v,
        Err(failure) => return output::failure(failure),
    };
    output::diagnostics(&validated.warnings);
    for note in rgen::pipeline::notes(&validated.values) {
        eprintln!("note: {note}");
    }
    let v = &validated.values;
    let warnings = match validated.warnings.len() {
        0 => String::new(),
        n => format!(", {n} warning(s)"),
    };
    let topology = if v.is_sentinel() {
        format!("1 master + {} replicas, a Sentinel beside each = {} pods", v.sentinel.replicas, v.pods())
    } else {
        format!("{} masters x {} replicas = {} pods", v.cluster.masters, v.cluster.replicas_per_master, v.pods())
    };
    output::stdout(&format!("OK: {} in namespace {}: {topology}{warnings}\n", v.name, v.namespace))
}

pub fn check(request: &Request, dir: &Path) -> ExitCode {
    let files = match rgen::bundle(request).and_then(|b| b.output_files()) {
        Ok(files) => files,
        Err(failure) => return output::failure(failure),
    };
    let differences = match gitops::compare(dir, &files) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", dir.display());
            return ExitCode::from(1);
        }
    };
    if differences.is_empty() {
        return output::stdout(&format!("OK: {} is up to date ({} files)\n", dir.display(), files.len()));
    }
    let mut report = String::new();
    let (mut changed, mut missing, mut extra) = (0, 0, 0);
    for d in &differences {
        match d {
            Difference::Changed { diff, .. } => {
                changed += 1;
                report.push_str(diff);
            }
            Difference::Missing { diff, .. } => {
                missing += 1;
                report.push_str(diff);
            }
            Difference::Extra { name } => {
                extra += 1;
                report.push_str(&format!("Only in {}: {name} (rgen would not write it)\n", dir.display()));
            }
        }
    }
    let code = output::stdout(&report);
    eprintln!(
        "error: {} is out of date: {changed} changed, {missing} missing, {extra} extra file(s)\n\
         hint: re-render with `rgen render ... --output-dir {}` and commit the result",
        dir.display(),
        dir.display()
    );
    if code == ExitCode::SUCCESS { ExitCode::from(1) } else { code }
}

pub fn init(mode: ModeArg, storage: StorageArg, path: Option<&Path>, force: bool, schema_url: String) -> ExitCode {
    let mode = match mode {
        ModeArg::Cluster => Mode::Cluster,
        ModeArg::Sentinel => Mode::Sentinel,
    };
    let text = starter_text(&Starter { mode, storage: storage.into(), schema_url });
    output::to(path, &text, !force)
}

pub fn schema(format: SchemaFormat, path: Option<&Path>) -> ExitCode {
    let text = match format {
        SchemaFormat::Json => rgen::schema::VALUES_SCHEMA_TEXT.to_owned(),
        SchemaFormat::Markdown => rgen::schema_doc::markdown_reference(),
    };
    output::to(path, &text, false)
}

pub fn package(request: &Request, version: &str, dir: &Path) -> ExitCode {
    let package = match bundle(request).and_then(|b| gitops::package(&b, version).map_err(output::failure)) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let path = dir.join(&package.file_name);
    match output::file(&path, &package.bytes, false) {
        Ok(()) => output::stdout(&format!("{}\n", path.display())),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}
