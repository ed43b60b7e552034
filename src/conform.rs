//! Conformance of the output, checked on every render: each document is YAML that YAML 1.1 and
//! 1.2 readers agree on, and deserializes into its Kubernetes type with no unknown field. A
//! failure is a bug in rgen and names the template.

use k8s_openapi::api::{
    apps::v1 as apps, batch::v1 as batch, core::v1 as core, networking::v1 as net, policy::v1 as policy,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::custom_resources;
use crate::internal_error::InternalError;
use crate::render::Manifest;
use crate::yaml::parse_output;

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
    let fail = |message: String| InternalError::template(m.template, message);
    let value = document(m)?;
    let api_version = value.get("apiVersion").and_then(Value::as_str).unwrap_or_default();
    let kind = value.get("kind").and_then(Value::as_str).unwrap_or_default();
    let unknown = match (api_version, kind) {
        ("v1", "Namespace") => strict::<core::Namespace>(&value),
        ("v1", "ServiceAccount") => strict::<core::ServiceAccount>(&value),
        ("v1", "Secret") => strict::<core::Secret>(&value),
        ("v1", "ConfigMap") => strict::<core::ConfigMap>(&value),
        ("v1", "PersistentVolume") => strict::<core::PersistentVolume>(&value),
        ("v1", "Service") => strict::<core::Service>(&value),
        ("networking.k8s.io/v1", "NetworkPolicy") => strict::<net::NetworkPolicy>(&value),
        ("policy/v1", "PodDisruptionBudget") => strict::<policy::PodDisruptionBudget>(&value),
        ("apps/v1", "StatefulSet") => strict::<apps::StatefulSet>(&value),
        ("batch/v1", "Job") => strict::<batch::Job>(&value),
        ("cert-manager.io/v1", "Certificate") => strict::<custom_resources::Certificate>(&value),
        ("monitoring.coreos.com/v1", "ServiceMonitor") => strict::<custom_resources::ServiceMonitor>(&value),
        ("monitoring.coreos.com/v1", "PrometheusRule") => strict::<custom_resources::PrometheusRule>(&value),
        _ => Err(format!("unexpected apiVersion/kind {api_version}/{kind}")),
    }
    .map_err(fail)?;
    let name = value.pointer("/metadata/name").and_then(Value::as_str).unwrap_or_default();
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

/// Deserializes into `T`; `Ok(Some(path))` names the first field `T` does not know.
fn strict<T: DeserializeOwned>(value: &Value) -> Result<Option<String>, String> {
    let mut unknown = None;
    serde_ignored::deserialize::<_, _, T>(value, |path| {
        unknown.get_or_insert_with(|| path.to_string().replace(".?", ""));
    })
    .map_err(|e| e.to_string())?;
    Ok(unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(text: &str) -> Manifest {
        Manifest { template: "test.yaml", text: text.into() }
    }

    #[test]
    fn unknown_fields_and_type_errors_fail_loudly() {
        let ok = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n";
        assert!(conform(&[manifest(ok)]).is_ok());
        let typo = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  lables:\n    x: z\n";
        let err = conform(&[manifest(typo)]).unwrap_err();
        assert!(err.message.contains("metadata.lables"), "{err}");
        assert_eq!(err.origin, "template test.yaml");
        let wrong_type = "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  ports: 5\n";
        // Split across threads, the first failure in bundle order is still the one reported.
        let mut many: Vec<Manifest> = (0..200).map(|_| manifest(ok)).collect();
        many[150] = manifest(wrong_type);
        many[20] = manifest(typo);
        assert!(conform(&many).unwrap_err().message.contains("metadata.lables"));
        many[20] = manifest(ok);
        assert_eq!(conform(&many[..150]).unwrap().len(), 150);
        assert!(conform(&many).is_err());
        assert!(conform(&[manifest(wrong_type)]).is_err());
    }

    #[test]
    fn yaml11_traps_fail() {
        let trap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: on\n";
        assert!(conform(&[manifest(trap)]).unwrap_err().message.contains("YAML 1.1"));
    }
}
