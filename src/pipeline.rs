//! The data path, top to bottom: load → merge → validate → render → conform → emit.

use crate::conform::{Resource, conform, document};
use crate::diagnostic::Diagnostic;
use crate::internal_error::InternalError;
use crate::load::{self, Layer};
use crate::merge::{Merged, merge};
use crate::overrides::Override;
use crate::render::{Manifest, render};
use crate::validate::{Validated, validate};
use crate::values::Values;

/// What the user asked for: values files (none = the embedded default) and overrides.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Values files, merged left to right; `-` is stdin.
    pub files: Vec<String>,
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

/// Loads and merges every input layer, reporting every unreadable file and bad override at once.
pub fn load(request: &Request) -> Result<Merged, Error> {
    load_over(request, load::embedded_default)
}

/// [`load`], with `default` as the base layer when there are no files.
fn load_over(request: &Request, default: fn() -> Layer) -> Result<Merged, Error> {
    let mut layers: Vec<Layer> = Vec::new();
    let mut problems = Vec::new();
    if request.files.is_empty() {
        layers.push(default());
    }
    let files = request.files.iter().map(|file| load::read(file).and_then(load::parse));
    for layer in files.chain(request.overrides.iter().map(Override::layer)) {
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
    // Without files, the base is the embedded default, whose places in the text matter only when a
    // diagnostic points there. So it is first taken unparsed (same value, no places); only if
    // anything is to be reported is the file parsed and the whole validation repeated with places.
    if request.files.is_empty() {
        if let Ok(valid) = validate(&load_over(request, load::embedded_default_unplaced)?) {
            if valid.warnings.is_empty() {
                return Ok(valid);
            }
        }
    }
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
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unparsed_default_has_the_value_of_the_embedded_file() {
        let parsed = load::embedded_default().doc.value;
        let unplaced = load::embedded_default_unplaced().doc.value;
        assert_eq!(parsed, unplaced);
        // Same keys in the same order too, so merging and validation walk them alike.
        assert_eq!(serde_json::to_string(&parsed).unwrap(), serde_json::to_string(&unplaced).unwrap());
    }
}
