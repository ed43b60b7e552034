//! The template context: values plus everything derived from them (names, labels, selectors,
//! Kubernetes-shaped blocks). Templates stay free of logic beyond `if` and `for`.

use serde_json::{Map, Value, json};

use super::names::{Names, peer_domain};
use crate::validate::is_label_value;
use crate::values::{AntiAffinityMode, EndpointType, StorageMode, Values};

/// Labels and selectors of one instance.
pub struct Labels {
    pub node_selector: Value,
    pub bootstrap_selector: Value,
    pub instance: Map<String, Value>,
}

fn labels(v: &Values) -> Labels {
    let mut instance: Map<String, Value> = v.labels.iter().map(|(k, val)| (k.clone(), json!(val))).collect();
    instance.insert("app.kubernetes.io/name".into(), json!("redis"));
    instance.insert("app.kubernetes.io/instance".into(), json!(v.name));
    instance.insert("app.kubernetes.io/managed-by".into(), json!("rgen"));
    if is_label_value(&v.image.tag) {
        instance.insert("app.kubernetes.io/version".into(), json!(v.image.tag));
    }
    let selector = |component: &str| json!({"app.kubernetes.io/name": "redis", "app.kubernetes.io/instance": v.name, "app.kubernetes.io/component": component});
    Labels { node_selector: selector("node"), bootstrap_selector: selector("bootstrap"), instance }
}

fn with(base: &Map<String, Value>, extra: impl IntoIterator<Item = (String, Value)>) -> Value {
    let mut out = base.clone();
    out.extend(extra);
    sorted(Value::Object(out))
}

/// Maps with sorted keys, so output never depends on insertion order.
pub fn sorted(v: Value) -> Value {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().collect())
        }
        other => other,
    }
}

/// Removes nulls and empty maps, for optional Kubernetes blocks.
fn compact(v: Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, compact(v)))
                .filter(|(_, v)| !v.is_null() && v.as_object().is_none_or(|m| !m.is_empty()))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(compact).collect()),
        other => other,
    }
}

/// Whether the Sentinels require the Redis password.
fn sentinel_auth(v: &Values) -> bool {
    v.auth.enabled && v.sentinel.require_auth
}

/// Builds the context shared by every template (the ConfigMap files and checksum are added by
/// the caller once redis.conf is rendered).
pub fn build(v: &Values, names: &Names) -> Value {
    let l = labels(v);
    let component = |c: &str| with(&l.instance, [("app.kubernetes.io/component".to_owned(), json!(c))]);
    let values = serde_json::to_value(v).expect("values serialize");
    let mut ctx = values.as_object().cloned().expect("values are a mapping");

    let auth_secret_name = v.auth.existing_secret.as_ref().map_or(names.auth_secret.clone(), |s| s.name.clone());
    let auth_secret_key = v.auth.existing_secret.as_ref().map_or("password".to_owned(), |s| s.key.clone());
    let mut env = vec![
        json!({"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}),
        json!({"name": "POD_IP", "valueFrom": {"fieldRef": {"fieldPath": "status.podIP"}}}),
        json!({"name": "RGEN_PEER_DOMAIN", "value": peer_domain(v, names)}),
        json!({"name": "RGEN_PORT", "value": v.redis.port.to_string()}),
    ];
    // redis-cli reads REDISCLI_AUTH; the pods and the Job get the same Secret reference.
    let auth_env = v.auth.enabled.then(|| {
        json!({"name": "REDISCLI_AUTH", "valueFrom": {"secretKeyRef": {"name": auth_secret_name, "key": auth_secret_key}}})
    });
    if v.is_sentinel() {
        env.extend([
            json!({"name": "RGEN_STATEFULSET", "value": names.statefulset}),
            json!({"name": "RGEN_PODS", "value": v.pods().to_string()}),
            json!({"name": "RGEN_MASTER_SET", "value": v.sentinel.master_set}),
            json!({"name": "RGEN_SENTINEL_PORT", "value": v.sentinel.port.to_string()}),
            json!({"name": "RGEN_SENTINEL_AUTH", "value": if sentinel_auth(v) { "yes" } else { "no" }}),
            json!({"name": "RGEN_SENTINEL_WAIT", "value": v.sentinel.wait_seconds.to_string()}),
        ]);
    }
    env.extend(auth_env.clone());

    let mut job_env = vec![
        json!({"name": "RGEN_STATEFULSET", "value": names.statefulset}),
        json!({"name": "RGEN_PEER_DOMAIN", "value": peer_domain(v, names)}),
        json!({"name": "RGEN_PORT", "value": v.redis.port.to_string()}),
        json!({"name": "RGEN_MASTERS", "value": v.cluster.masters.to_string()}),
        json!({"name": "RGEN_REPLICAS_PER_MASTER", "value": v.cluster.replicas_per_master.to_string()}),
        json!({"name": "RGEN_WAIT_TIMEOUT", "value": v.cluster.bootstrap.wait_timeout_seconds.to_string()}),
    ];
    job_env.extend(auth_env);

    let term = |required: bool| {
        let selector = json!({"matchLabels": l.node_selector});
        if required {
            json!({"labelSelector": selector, "topologyKey": v.scheduling.anti_affinity.topology_key})
        } else {
            json!({"weight": v.scheduling.anti_affinity.weight, "podAffinityTerm": {"labelSelector": selector, "topologyKey": v.scheduling.anti_affinity.topology_key}})
        }
    };
    let affinity = match v.scheduling.anti_affinity.mode {
        AntiAffinityMode::None => Value::Null,
        AntiAffinityMode::Soft => {
            json!({"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [term(false)]}})
        }
        AntiAffinityMode::Hard => {
            json!({"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [term(true)]}})
        }
    };
    let spread: Vec<Value> = v
        .scheduling
        .spread
        .iter()
        .map(|s| json!({"maxSkew": s.max_skew, "topologyKey": s.topology_key, "whenUnsatisfiable": s.when_unsatisfiable, "labelSelector": {"matchLabels": l.node_selector}}))
        .collect();
    let tolerations: Vec<Value> = v
        .scheduling
        .tolerations
        .iter()
        .map(|t| compact(serde_json::to_value(t).expect("toleration serializes")))
        .collect();

    let storage_class_name = match (v.storage.mode.is_static(), &v.storage.storage_class_name) {
        (_, Some(class)) => json!(class),
        (true, None) => json!(""),
        (false, None) => Value::Null,
    };
    let pvs: Vec<Value> = if v.storage.mode.is_static() {
        (0..v.pods())
            .map(|ordinal| {
                let base = match v.storage.mode {
                    StorageMode::Nas => v.storage.nas.as_ref().map(|n| n.base_path.clone()),
                    StorageMode::Nfs => v.storage.nfs.as_ref().map(|n| n.base_path.clone()),
                    StorageMode::HostPath => v.storage.host_path.as_ref().map(|h| h.base_path.clone()),
                    StorageMode::Dynamic => None,
                }
                .unwrap_or_default();
                let node = v.storage.host_path.as_ref().and_then(|h| h.nodes.get(ordinal as usize).cloned());
                json!({
                    "name": names.persistent_volume(&v.namespace, ordinal),
                    "ordinal": ordinal,
                    "claim": names.claim(ordinal),
                    "path": format!("{}/{ordinal}", base.trim_end_matches('/')),
                    "node": node,
                    "labels": component("storage"),
                })
            })
            .collect()
    } else {
        Vec::new()
    };

    let client_pod_labels = if v.network_policy.client_pod_labels.is_empty() {
        json!({format!("{}-client", v.name): "true"})
    } else {
        json!(v.network_policy.client_pod_labels)
    };
    let annotations = sorted(json!(v.annotations));
    let pod_annotations: Map<String, Value> =
        v.annotations.iter().chain(&v.pod.annotations).map(|(k, val)| (k.clone(), json!(val))).collect();
    let mut service_annotations = v.annotations.clone();
    service_annotations.extend(v.service.annotations.clone());

    let extend = [
        ("names", json!(names)),
        ("pods", json!(v.pods())),
        (
            "meta",
            json!({"labels_instance": sorted(Value::Object(l.instance.clone())), "labels_node": component("node"), "labels_bootstrap": component("bootstrap"), "annotations": annotations}),
        ),
        ("selector", json!({"node": l.node_selector, "bootstrap": l.bootstrap_selector})),
        (
            "pod_labels",
            with(
                &l.instance,
                v.pod
                    .labels
                    .iter()
                    .map(|(k, val)| (k.clone(), json!(val)))
                    .chain([("app.kubernetes.io/component".to_owned(), json!("node"))]),
            ),
        ),
        ("pod_annotations", Value::Object(pod_annotations)),
        ("service_annotations", json!(service_annotations)),
        ("image_ref", json!(v.image.reference())),
        ("image_pull_secrets", json!(v.image.pull_secrets.iter().map(|n| json!({"name": n})).collect::<Vec<_>>())),
        ("node_env", json!(env)),
        ("job_env", json!(job_env)),
        (
            "auth",
            json!({"enabled": v.auth.enabled, "render_secret": v.auth.enabled && v.auth.password.is_some(), "secret_name": auth_secret_name, "secret_key": auth_secret_key, "password_base64": v.auth.password.as_deref().map(|p| super::encode::base64(p.as_bytes()))}),
        ),
        ("affinity", affinity),
        ("topology_spread", json!(spread)),
        ("tolerations", json!(tolerations)),
        ("container_resources", compact(json!({"requests": v.resources.requests, "limits": v.resources.limits}))),
        (
            "sentinel_resources",
            compact(json!({"requests": v.sentinel.resources.requests, "limits": v.sentinel.resources.limits})),
        ),
        ("sentinel_auth", json!(sentinel_auth(v))),
        // The port peers use besides the client port: the cluster bus, or the Sentinel.
        ("second_port", json!(if v.is_sentinel() { v.sentinel.port } else { v.redis.bus_port })),
        (
            "pod_security_context",
            json!({"runAsNonRoot": true, "runAsUser": v.security.run_as_user, "runAsGroup": v.security.run_as_group, "fsGroup": v.security.fs_group, "fsGroupChangePolicy": "OnRootMismatch", "seccompProfile": {"type": "RuntimeDefault"}}),
        ),
        (
            "container_security_context",
            json!({"allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true, "runAsNonRoot": true, "capabilities": {"drop": ["ALL"]}}),
        ),
        ("storage_class_name", storage_class_name),
        ("pvs", json!(pvs)),
        (
            "network_policy",
            json!({"client_pod_labels": client_pod_labels, "client_namespace_labels": v.network_policy.client_namespace_labels}),
        ),
        ("bootstrap", {
            let mut bootstrap = json!(v.cluster.bootstrap);
            bootstrap["enabled"] = json!(!v.is_sentinel() && v.cluster.bootstrap.enabled);
            bootstrap
        }),
        (
            "endpoint_type",
            json!(match v.cluster.preferred_endpoint_type {
                EndpointType::Ip => "ip",
                EndpointType::Hostname => "hostname",
            }),
        ),
        ("maxmemory_bytes", json!(v.redis.maxmemory.as_ref().and_then(|q| q.to_bytes()))),
        (
            "extra_config",
            json!(v.redis.extra_config.iter().map(|(k, val)| json!([k, val.to_conf()])).collect::<Vec<_>>()),
        ),
    ];
    ctx.extend(extend.into_iter().map(|(k, val)| (k.to_owned(), val)));
    Value::Object(ctx)
}
