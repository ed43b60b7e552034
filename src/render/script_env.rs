//! The environment of rgen's shell scripts: the one contract between the bundle and
//! templates/scripts/, written once for the Redis pods and the bootstrap Job.

use k8s_openapi::api::core::v1::{EnvVar, EnvVarSource, ObjectFieldSelector, SecretKeySelector};

use super::names::{Names, peer_domain};
use crate::values::Values;

/// Who runs the scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ScriptHost {
    /// A Redis pod (both containers in Sentinel mode).
    Pod,
    /// The bootstrap Job.
    Job,
}

/// The `env` of a container that runs rgen's scripts. redis-cli reads `REDISCLI_AUTH`, so the
/// password never appears on a command line; it comes from the Secret, never as a literal.
pub(crate) fn script_env(v: &Values, names: &Names, host: ScriptHost) -> Vec<EnvVar> {
    let mut env = Vec::new();
    if host == ScriptHost::Pod {
        env.push(field("POD_NAME", "metadata.name"));
        env.push(field("POD_IP", "status.podIP"));
    }
    env.push(plain("RGEN_STATEFULSET", &names.statefulset));
    env.push(plain("RGEN_PEER_DOMAIN", &peer_domain(v, names)));
    env.push(plain("RGEN_PORT", &v.redis.port.to_string()));
    env.push(plain("RGEN_PODS", &v.pods().to_string()));
    if host == ScriptHost::Pod {
        // The preStop handoff gets half the grace period; Redis keeps the rest to save its data.
        env.push(plain("RGEN_HANDOFF_SECONDS", &(v.termination_grace_period_seconds / 2).max(1).to_string()));
    }
    match host {
        ScriptHost::Pod if v.is_sentinel() => {
            env.push(plain("RGEN_MASTER_SET", &v.sentinel.master_set));
            env.push(plain("RGEN_SENTINEL_PORT", &v.sentinel.port.to_string()));
            env.push(plain("RGEN_SENTINEL_AUTH", if sentinel_auth(v) { "yes" } else { "no" }));
            env.push(plain("RGEN_SENTINEL_WAIT", &v.sentinel.wait_seconds.to_string()));
        }
        ScriptHost::Pod => {}
        ScriptHost::Job => {
            env.push(plain("RGEN_MASTERS", &v.cluster.masters.to_string()));
            env.push(plain("RGEN_REPLICAS_PER_MASTER", &v.cluster.replicas_per_master.to_string()));
            env.push(plain("RGEN_WAIT_TIMEOUT", &v.cluster.bootstrap.wait_timeout_seconds.to_string()));
        }
    }
    if v.auth.enabled {
        let (name, key) = auth_secret(v, names);
        env.push(secret("REDISCLI_AUTH", &name, &key));
        // During a rotation Redis and Sentinel also accept these; a missing key stops the pod
        // from starting (the kubelet names it), rather than silently accepting one password.
        if host == ScriptHost::Pod {
            let rotation = v.auth.existing_secret.iter().flat_map(|s| &s.also_accept_keys);
            for (i, other) in rotation.enumerate() {
                env.push(secret(&format!("RGEN_ALSO_ACCEPT_{i}"), &name, other));
            }
        }
    }
    env
}

/// `var` from key `key` of Secret `name`, never a literal.
fn secret(var: &str, name: &str, key: &str) -> EnvVar {
    EnvVar {
        name: var.into(),
        value_from: Some(EnvVarSource {
            secret_key_ref: Some(SecretKeySelector { name: name.into(), key: key.into(), optional: None }),
            ..EnvVarSource::default()
        }),
        ..EnvVar::default()
    }
}

/// The Secret and key the password comes from: the user's, or the one rgen names.
pub(crate) fn auth_secret(v: &Values, names: &Names) -> (String, String) {
    match &v.auth.existing_secret {
        Some(s) => (s.name.clone(), s.key.clone()),
        None => (names.auth_secret.clone(), "password".into()),
    }
}

/// Whether the Sentinels require the Redis password.
pub(crate) fn sentinel_auth(v: &Values) -> bool {
    v.auth.enabled && v.sentinel.require_auth
}

fn plain(name: &str, value: &str) -> EnvVar {
    EnvVar { name: name.into(), value: Some(value.into()), ..EnvVar::default() }
}

fn field(name: &str, path: &str) -> EnvVar {
    EnvVar {
        name: name.into(),
        value_from: Some(EnvVarSource {
            field_ref: Some(ObjectFieldSelector { field_path: path.into(), api_version: None }),
            ..EnvVarSource::default()
        }),
        ..EnvVar::default()
    }
}
