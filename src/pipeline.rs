//! The data path, top to bottom: load → merge → validate → render → check → emit.

use crate::check::check;
use crate::diagnostic::Diagnostic;
use crate::gitops::{self, OutputFile};
use crate::load::{self, Layer};
use crate::merge::{Merged, merge};
use crate::render::{Manifest, RenderError, render};
use crate::set::{self, SetError};
use crate::validate::{Validated, validate};
use crate::values::Values;

/// What the user asked for: values files (none = the embedded default) and overrides.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Values files, merged left to right; `-` is stdin.
    pub files: Vec<String>,
    /// `path=value` overrides, applied after the files, in order.
    pub sets: Vec<String>,
    /// `--name`, applied last.
    pub name: Option<String>,
    /// `--namespace`, applied last.
    pub namespace: Option<String>,
}

/// Why nothing was rendered; each maps to an exit code.
#[derive(Debug)]
pub enum Failure {
    /// Malformed command line (exit 2).
    Usage(String),
    /// Invalid values or input (exit 1), every problem found.
    Invalid(Vec<Diagnostic>),
    /// A bug in rgen: a template produced an invalid object (exit 3).
    Internal(RenderError),
}

/// A rendered, checked bundle.
#[derive(Debug, Clone)]
pub struct Bundle {
    pub values: Values,
    pub manifests: Vec<Manifest>,
    /// Each manifest parsed, as the check read it (same order).
    pub documents: Vec<serde_json::Value>,
    pub warnings: Vec<Diagnostic>,
    /// Things the user must do for the bundle to work (e.g. create the auth Secret).
    pub notes: Vec<String>,
}

/// Loads and merges every input layer, reporting every unreadable file at once.
pub fn load(request: &Request) -> Result<Merged, Failure> {
    let mut layers: Vec<Layer> = Vec::new();
    let mut problems = Vec::new();
    if request.files.is_empty() {
        layers.push(load::embedded_default());
    }
    for file in &request.files {
        match load::read(file).and_then(load::parse) {
            Ok(layer) => layers.push(layer),
            Err(d) => problems.push(d),
        }
    }
    let flags = [("--name", "name", &request.name), ("--namespace", "namespace", &request.namespace)];
    let overrides = request
        .sets
        .iter()
        .map(|s| set::parse(s))
        .chain(flags.iter().filter_map(|(flag, path, value)| value.as_ref().map(|v| set::flag(flag, path, v))));
    for layer in overrides {
        match layer {
            Ok(layer) => layers.push(layer),
            Err(SetError::Usage(message)) => return Err(Failure::Usage(message)),
            Err(SetError::Invalid(d)) => problems.push(d),
        }
    }
    if !problems.is_empty() {
        return Err(Failure::Invalid(problems));
    }
    Ok(merge(layers))
}

/// Loads, merges and validates: what `rgen validate` does.
pub fn validated(request: &Request) -> Result<Validated, Failure> {
    validate(&load(request)?).map_err(Failure::Invalid)
}

/// The whole path: what `rgen render` does. Nothing is returned unless everything passed.
pub fn bundle(request: &Request) -> Result<Bundle, Failure> {
    let Validated { values, warnings } = validated(request)?;
    let manifests = render(&values).map_err(Failure::Internal)?;
    let documents = check(&manifests).map_err(Failure::Internal)?;
    let notes = notes(&values);
    Ok(Bundle { values, manifests, documents, warnings, notes })
}

impl Bundle {
    /// The bundle as an output directory: one file per resource, a kustomization, the ownership list.
    pub fn output_files(&self) -> Result<Vec<OutputFile>, Failure> {
        gitops::files(&self.manifests, &self.documents).map_err(Failure::Internal)
    }
}

/// What the user must do besides `kubectl apply` for the bundle to work.
pub fn notes(v: &Values) -> Vec<String> {
    let mut notes = Vec::new();
    if v.auth.enabled && v.auth.password.is_none() && v.auth.existing_secret.is_none() {
        notes.push(format!(
            "the pods read the password from Secret `{name}-auth` (key `password`), which is not part of the bundle; create it once:\n  kubectl -n {ns} create secret generic {name}-auth --from-literal=password=\"$(openssl rand -hex 24)\"",
            name = v.name,
            ns = v.namespace
        ));
    }
    notes
}
