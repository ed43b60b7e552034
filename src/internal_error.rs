//! The one error that is never the user's fault.

/// A bug in rgen: a template or a later stage produced something invalid (an object that is
/// not valid for its kind, two files with one name). Never caused by the values, which are
/// validated before anything is rendered; the message names where it happened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("internal error in {origin}: {message}")]
pub struct InternalError {
    /// Where it happened, e.g. `template statefulset.yaml`.
    pub origin: String,
    pub message: String,
}

impl InternalError {
    /// An error found in (or in the output of) the template `name`.
    pub fn template(name: &str, message: impl Into<String>) -> Self {
        InternalError { origin: format!("template {name}"), message: message.into() }
    }
}
