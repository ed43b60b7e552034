//! Conformance of the output, checked on every render: each document is YAML that YAML 1.1 and
//! 1.2 readers agree on, and deserializes into its Kubernetes type with no unknown field. A
//! failure is a bug in rgen and names the template.

use k8s_openapi::api::{
    apps::v1 as apps, batch::v1 as batch, core::v1 as core, networking::v1 as net, policy::v1 as policy,
};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::custom_resources;
use crate::internal_error::InternalError;
use crate::render::Manifest;
use crate::yaml::{Limits, Tree, parse_output, subset};

/// Bundles of this many documents or more are checked on several threads; below it, starting
/// threads costs more than it saves (the default bundle has about ten).
const PARALLEL_FROM: usize = 64;

/// What a checked manifest is: enough to name its file, kept instead of the parsed document (a
/// large bundle's documents would take several times the memory of its text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    pub kind: String,
    /// `metadata.name`, never empty.
    pub name: String,
}

/// Checks every manifest; returns what each one is. The result, and the error when several
/// manifests fail (the first in bundle order), do not depend on the number of threads.
pub fn conform(manifests: &[Manifest]) -> Result<Vec<Resource>, InternalError> {
    // Asked only for large bundles: it reads the cgroup's CPU quota from /proc and /sys.
    let threads = match manifests.len() {
        n if n < PARALLEL_FROM => 1,
        _ => std::thread::available_parallelism().map_or(1, usize::from),
    };
    if threads < 2 {
        return manifests.iter().map(conform_one).collect();
    }
    let check = |part: &[Manifest]| part.iter().map(conform_one).collect::<Result<Vec<_>, _>>();
    std::thread::scope(|scope| {
        let workers: Vec<_> =
            manifests.chunks(manifests.len().div_ceil(threads)).map(|part| scope.spawn(move || check(part))).collect();
        let mut out = Vec::with_capacity(manifests.len());
        for worker in workers {
            out.extend(worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?);
        }
        Ok(out)
    })
}

fn conform_one(m: &Manifest) -> Result<Resource, InternalError> {
    // rgen's own output is in the subset (a test holds every example to it); the full reader is
    // the fallback, so a template that strays outside it is still checked, only slower.
    if let Some(tree) = subset::read(&m.text, Limits::default()) {
        let at = |path: &[&str]| path.iter().try_fold(&tree, |node, key| node.get(key)).and_then(Tree::as_str);
        let found = (at(&["apiVersion"]), at(&["kind"]), at(&["metadata", "name"]));
        return check(m, &tree, found);
    }
    let value = document(m)?;
    let at = |pointer: &str| value.pointer(pointer).and_then(Value::as_str);
    check(m, &value, (at("/apiVersion"), at("/kind"), at("/metadata/name")))
}

/// Checks one read document `doc`, whose apiVersion, kind and name are `found`.
fn check<'de, D>(
    m: &Manifest,
    doc: D,
    found: (Option<&str>, Option<&str>, Option<&str>),
) -> Result<Resource, InternalError>
where
    D: Deserializer<'de, Error = serde_json::Error>,
{
    let fail = |message: String| InternalError::template(m.template, message);
    let (api_version, kind, name) =
        (found.0.unwrap_or_default(), found.1.unwrap_or_default(), found.2.unwrap_or_default());
    let unknown = match (api_version, kind) {
        ("v1", "Namespace") => strict::<core::Namespace, _>(doc),
        ("v1", "ServiceAccount") => strict::<core::ServiceAccount, _>(doc),
        ("v1", "Secret") => strict::<core::Secret, _>(doc),
        ("v1", "ConfigMap") => strict::<core::ConfigMap, _>(doc),
        ("v1", "PersistentVolume") => strict::<core::PersistentVolume, _>(doc),
        ("v1", "Service") => strict::<core::Service, _>(doc),
        ("networking.k8s.io/v1", "NetworkPolicy") => strict::<net::NetworkPolicy, _>(doc),
        ("policy/v1", "PodDisruptionBudget") => strict::<policy::PodDisruptionBudget, _>(doc),
        ("apps/v1", "StatefulSet") => strict::<apps::StatefulSet, _>(doc),
        ("batch/v1", "Job") => strict::<batch::Job, _>(doc),
        ("batch/v1", "CronJob") => strict::<batch::CronJob, _>(doc),
        ("cert-manager.io/v1", "Certificate") => strict::<custom_resources::Certificate, _>(doc),
        ("monitoring.coreos.com/v1", "ServiceMonitor") => strict::<custom_resources::ServiceMonitor, _>(doc),
        ("monitoring.coreos.com/v1", "PrometheusRule") => strict::<custom_resources::PrometheusRule, _>(doc),
        _ => Err(format!("unexpected apiVersion/kind {api_version}/{kind}")),
    }
    .map_err(fail)?;
    if name.is_empty() {
        return Err(fail("metadata.name is missing".into()));
    }
    if let Some(path) = unknown {
        return Err(fail(format!("field `{path}` is not part of {kind}")));
    }
    Ok(Resource { kind: kind.to_owned(), name: name.to_owned() })
}

/// One manifest as a JSON document (what [`conform`] checks; callers that want the whole
/// document parse it again, which is cheaper than keeping every document of a large bundle).
pub fn document(m: &Manifest) -> Result<Value, InternalError> {
    let fail = |message: String| InternalError::template(m.template, message);
    let mut docs = parse_output(&m.text)
        .map_err(|e| fail(format!("line {}, column {}: {}", e.mark.line, e.mark.col, e.message)))?;
    match docs.len() {
        1 => Ok(docs.remove(0)),
        n => Err(fail(format!("expected one document, found {n}"))),
    }
}

/// Deserializes `doc` into `T`; `Ok(Some(path))` names the first field `T` does not know.
fn strict<'de, T: Deserialize<'de>, D: Deserializer<'de>>(doc: D) -> Result<Option<String>, String> {
    let mut unknown = None;
    serde_ignored::deserialize::<_, _, T>(doc, |path| {
        unknown.get_or_insert_with(|| path.to_string().replace(".?", ""));
    })
    .map_err(|e| e.to_string())?;
    Ok(unknown)
}

#[cfg(test)]
mod tests;
