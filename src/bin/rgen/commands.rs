//! One function per subcommand: call the library, report through `output`, fail with a
//! [`CliError`].

use std::path::Path;

use rgen::output_dir::{self, Difference};
use rgen::starter::{Starter, starter_text};
use rgen::values::{DeploymentMode, StorageMode};
use rgen::{Bundle, Request};

use crate::error::CliError;
use crate::output;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum SchemaFormat {
    Json,
    Markdown,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum PlanFormat {
    Text,
    Json,
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

impl From<ModeArg> for DeploymentMode {
    fn from(m: ModeArg) -> Self {
        match m {
            ModeArg::Cluster => DeploymentMode::Cluster,
            ModeArg::Sentinel => DeploymentMode::Sentinel,
        }
    }
}

/// Warnings and notes go to stderr, the result to stdout or a path.
fn warn(warnings: &[rgen::diagnostic::Diagnostic], notes: &[String]) {
    output::diagnostics(warnings);
    for note in notes {
        eprintln!("note: {note}");
    }
}

/// Renders, printing warnings and notes.
fn bundle(request: &Request) -> Result<Bundle, CliError> {
    let bundle = rgen::bundle(request)?;
    warn(&bundle.warnings, &bundle.notes);
    Ok(bundle)
}

pub fn render(request: &Request) -> Result<(), CliError> {
    output::stdout(&rgen::emit::stream(&bundle(request)?.manifests))
}

/// Refuses a bundle that would skip a step (a scale-in's drain) over the bundle `dir` holds;
/// a directory that holds none (first render, not rgen's) has nothing to skip.
fn refuse_skipped_step(bundle: &Bundle, dir: &Path) -> Result<(), CliError> {
    let Ok(previous) = rgen::plan::read_previous(dir) else { return Ok(()) };
    let next: Vec<rgen::plan::Object> = bundle.documents()?.into_iter().filter_map(rgen::plan::Object::of).collect();
    match rgen::plan::skipped_step(&previous, &next) {
        Some(step) => Err(CliError::SkippedStep { dir: dir.display().to_string(), step }),
        None => Ok(()),
    }
}

pub fn render_to_dir(request: &Request, dir: &Path, force: bool) -> Result<(), CliError> {
    let bundle = bundle(request)?;
    refuse_skipped_step(&bundle, dir)?;
    let files = output_dir::files(&bundle)?;
    let written =
        output_dir::write_dir(dir, &files, force).map_err(|e| CliError::Io(format!("{e}\nnothing was written")))?;
    eprintln!("wrote {} files to {}", files.len(), dir.display());
    for name in &written.removed {
        eprintln!("removed {name} (no longer rendered)");
    }
    for name in &written.kept {
        eprintln!("warning: kept {name}, which rgen did not write (--force)");
    }
    Ok(())
}

pub fn validate(request: &Request) -> Result<(), CliError> {
    let validated = rgen::validated(request)?;
    let v = &validated.values;
    warn(&validated.warnings, &rgen::pipeline::notes(v));
    let warnings = match validated.warnings.len() {
        0 => String::new(),
        n => format!(", {n} warning(s)"),
    };
    output::stdout(&format!("OK: {} in namespace {}: {}{warnings}\n", v.name, v.namespace, rgen::topology::summary(v)))
}

pub fn check(request: &Request, dir: &Path) -> Result<(), CliError> {
    let bundle = rgen::bundle(request)?;
    refuse_skipped_step(&bundle, dir)?;
    let files = output_dir::files(&bundle)?;
    let differences =
        output_dir::compare(dir, &files).map_err(|e| CliError::Io(format!("cannot read {}: {e}", dir.display())))?;
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
    output::stdout(&report)?;
    Err(CliError::OutOfDate { dir: dir.display().to_string(), changed, missing, extra })
}

/// What applying the new render over the bundle in `dir` will do; exit 1 when a step must come
/// first (the plan is on stdout either way).
pub fn plan(request: &Request, dir: &Path, format: PlanFormat) -> Result<(), CliError> {
    let previous = rgen::plan::read_previous(dir).map_err(|e| CliError::Io(e.to_string()))?;
    let bundle = rgen::bundle(request)?;
    let next: Vec<rgen::plan::Object> = bundle.documents()?.into_iter().filter_map(rgen::plan::Object::of).collect();
    let plan = rgen::plan::plan(&previous, &next);
    let text = match format {
        PlanFormat::Text => rgen::plan::report(&plan),
        PlanFormat::Json => {
            let mut json = serde_json::to_string_pretty(&plan).map_err(|e| CliError::Io(e.to_string()))?;
            json.push('\n');
            json
        }
    };
    output::stdout(&text)?;
    let refused = plan.steps.iter().filter(|s| s.weight == rgen::plan::Weight::Refused).count();
    if refused > 0 {
        return Err(CliError::PlanRefused(refused));
    }
    Ok(())
}

pub fn init(
    mode: ModeArg,
    storage: StorageArg,
    path: Option<&Path>,
    force: bool,
    schema_url: String,
) -> Result<(), CliError> {
    let text = starter_text(&Starter { mode: mode.into(), storage: storage.into(), schema_url });
    output::to(path, &text, !force)
}

pub fn schema(format: SchemaFormat, path: Option<&Path>) -> Result<(), CliError> {
    let text = match format {
        SchemaFormat::Json => rgen::schema::VALUES_SCHEMA_TEXT.to_owned(),
        SchemaFormat::Markdown => rgen::schema_doc::markdown_reference(),
    };
    output::to(path, &text, false)
}

pub fn package(request: &Request, version: &str, dir: &Path) -> Result<(), CliError> {
    let package = rgen::package::package(&bundle(request)?, version)?;
    let path = dir.join(&package.file_name);
    output::file(&path, &package.bytes, false)?;
    output::stdout(&format!("{}\n", path.display()))
}
