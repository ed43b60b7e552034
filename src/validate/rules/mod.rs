//! Cross-field rules: what a schema cannot say (one field depends on another). One module per
//! values section; each adds its findings to one list.

use crate::diagnostic::Severity;
use crate::merge::Merged;
use crate::values::Values;
use crate::yaml::segments;

mod auth;
mod availability;
mod backup;
mod drain;
mod external;
mod metadata;
mod metrics;
mod mode;
mod redis;
mod resources;
mod scheduling;
mod storage;
mod tls;

/// A rule's verdict on one values path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub path: Vec<String>,
    /// Blame the key rather than the value (for "this key should not be here").
    pub at_key: bool,
    pub message: String,
    pub hint: Option<String>,
}

#[derive(Default)]
struct Findings(Vec<Finding>);

impl Findings {
    fn add(&mut self, severity: Severity, path: &[&str], at_key: bool, message: String, hint: Option<String>) {
        self.0.push(Finding { severity, path: path.iter().map(|s| (*s).to_owned()).collect(), at_key, message, hint });
    }
    fn error(&mut self, path: &[&str], message: impl Into<String>, hint: Option<&str>) {
        self.add(Severity::Error, path, false, message.into(), hint.map(Into::into));
    }
    /// An error at `path.<index>` for each entry of `list` that is not a CIDR (a NetworkPolicy
    /// ipBlock, a Service's source ranges).
    fn cidrs(&mut self, path: &[&str], list: &[String], hint: &str) {
        for (i, cidr) in list.iter().enumerate().filter(|(_, c)| !crate::syntax::is_cidr(c)) {
            let index = i.to_string();
            let at: Vec<&str> = path.iter().copied().chain([index.as_str()]).collect();
            self.error(&at, format!("`{cidr}` is not a CIDR"), Some(hint));
        }
    }
    fn error_at_key(&mut self, path: &[&str], message: impl Into<String>, hint: Option<String>) {
        self.add(Severity::Error, path, true, message.into(), hint);
    }
    fn warn(&mut self, path: &[&str], message: impl Into<String>, hint: Option<&str>) {
        self.add(Severity::Warning, path, false, message.into(), hint.map(Into::into));
    }
}

/// What the user's layers wrote (not rgen's defaults): rules that refuse a key read this.
pub(crate) struct Written<'a>(pub &'a Merged);

impl Written<'_> {
    /// The written paths under `prefix` (the prefix itself included), shortest first.
    fn under(&self, prefix: &[&str]) -> Vec<Vec<String>> {
        let mut out: Vec<Vec<String>> = self
            .0
            .written()
            .map(segments)
            .filter(|path| path.len() >= prefix.len() && path.iter().zip(prefix).all(|(a, b)| a == b))
            .collect();
        out.sort();
        out
    }
}

/// Runs every rule on the typed values and on what was written.
pub(crate) fn check(v: &Values, written: &Written<'_>) -> Vec<Finding> {
    let mut f = Findings::default();
    auth::check(v, &mut f);
    tls::check(v, &mut f);
    redis::check(v, &mut f);
    storage::check(v, &mut f);
    scheduling::check(v, &mut f);
    resources::check(v, &mut f);
    metadata::check(v, &mut f);
    availability::check(v, &mut f);
    drain::check(v, &mut f);
    backup::check(v, &mut f);
    external::check(v, &mut f);
    mode::check(v, written, &mut f);
    metrics::check(v, &mut f);
    f.0
}
