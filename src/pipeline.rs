//! The data path, top to bottom: load → merge → validate → render → conform → emit.

use crate::conform::{Resource, conform, document};
use crate::diagnostic::Diagnostic;
use crate::internal_error::InternalError;
use crate::load::{self, Input, Layer};
use crate::merge::{Merged, merge};
use crate::overrides::Override;
use crate::render::{Manifest, render};
use crate::validate::{Validated, validate};
use crate::values::Values;

/// What the user asked for: values inputs (none = the embedded default) and overrides.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Values files (`-` is stdin) or texts in memory, merged left to right.
    pub inputs: Vec<Input>,
    /// Applied after the files, in order.
    pub overrides: Vec<Override>,
}

/// Why nothing was rendered.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    /// Invalid values or input: every problem found.
    #[error("{} problem(s) in the values", .0.iter().filter(|d| d.is_error()).count())]
    Invalid(Vec<Diagnostic>),
    /// A bug in rgen.
    #[error(transparent)]
    Internal(#[from] InternalError),
}

/// A rendered bundle whose every document conforms to its Kubernetes kind.
#[derive(Debug, Clone)]
pub struct Bundle {
    pub values: Values,
    pub manifests: Vec<Manifest>,
    /// What each manifest is (same order).
    pub resources: Vec<Resource>,
    pub warnings: Vec<Diagnostic>,
    /// Things the user must do for the bundle to work (e.g. create the auth Secret).
    pub notes: Vec<String>,
}

impl Request {
    /// A request for these files (`-` is stdin) and overrides, as the command line makes it.
    pub fn files<S: AsRef<str>>(files: &[S], overrides: Vec<Override>) -> Request {
        Request { inputs: files.iter().map(|f| Input::from(f.as_ref())).collect(), overrides }
    }
}

/// Loads and merges every input layer, reporting every unreadable file and bad override at once.
pub fn load(request: &Request) -> Result<Merged, Error> {
    let mut layers: Vec<Layer> = Vec::new();
    let mut problems = Vec::new();
    if request.inputs.is_empty() {
        layers.push(load::embedded_default());
    }
    let inputs = request.inputs.iter().map(|input| input.read().and_then(load::parse));
    for layer in inputs.chain(request.overrides.iter().map(Override::layer)) {
        match layer {
            Ok(layer) => layers.push(layer),
            Err(d) => problems.push(d),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    Ok(merge(layers))
}

/// Loads, merges and validates: what `rgen validate` does.
pub fn validated(request: &Request) -> Result<Validated, Error> {
    validate(&load(request)?).map_err(Error::Invalid)
}

/// The whole path: what `rgen render` does. Nothing is returned unless everything passed.
pub fn bundle(request: &Request) -> Result<Bundle, Error> {
    let Validated { values, warnings } = validated(request)?;
    let manifests = render(&values)?;
    let resources = conform(&manifests)?;
    let notes = notes(&values);
    Ok(Bundle { values, manifests, resources, warnings, notes })
}

impl Bundle {
    /// Every manifest as a JSON document, in bundle order.
    pub fn documents(&self) -> Result<Vec<serde_json::Value>, InternalError> {
        self.manifests.iter().map(document).collect()
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
    let external = crate::render::external_names(v);
    if v.tls.enabled && v.tls.existing_secret.is_some() && !external.is_empty() {
        notes.push(format!(
            "external clients verify the names the pods announce: the certificate in Secret `{}` must hold them:\n  {}",
            v.tls.existing_secret.as_ref().map_or("", |s| s.name.as_str()),
            external.join(", ")
        ));
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_default_is_the_value_of_its_file() {
        let source = load::Source { name: load::EMBEDDED_NAME.into(), text: load::EMBEDDED_DEFAULT.into() };
        let parsed = load::parse(source).unwrap().doc.value;
        let embedded = load::embedded_default().doc.value;
        assert_eq!(parsed, embedded);
        // Same keys in the same order too, so merging and validation walk them alike.
        assert_eq!(serde_json::to_string(&parsed).unwrap(), serde_json::to_string(&embedded).unwrap());
    }

    #[test]
    fn a_diagnostic_in_the_embedded_default_points_into_its_file() {
        let merged = load(&Request::default()).unwrap();
        let crate::diagnostic::Location::Text { file, line, .. } = merged.locate(&["cluster", "masters"], false) else {
            panic!("no place in the embedded default");
        };
        assert_eq!(file, load::EMBEDDED_NAME);
        assert!(load::EMBEDDED_DEFAULT.lines().nth(line - 1).unwrap().trim_start().starts_with("masters:"));
        // The user's layers wrote nothing.
        assert_eq!(merged.written().count(), 0);
    }
}
