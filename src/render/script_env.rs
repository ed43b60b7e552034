//! The environment of rgen's shell scripts: the one contract between the bundle and
//! templates/scripts/, written once for the Redis pods and the bootstrap Job.

use k8s_openapi::api::core::v1::{EnvVar, EnvVarSource, ObjectFieldSelector};

use super::names::{Names, peer_domain};
use crate::topology::{Role, fresh_role};
use crate::values::{Values, WireName};

/// Who runs the scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ScriptHost {
    /// A Redis pod (both containers in Sentinel mode).
    Pod,
    /// The bootstrap Job.
    Job,
    /// The smoke-test Job.
    SmokeTest,
    /// The backup CronJob's pod.
    Backup,
}

/// The `env` of a container that runs rgen's scripts: plain settings only. The password and
/// the certificate are files from their Secrets, never environment variables.
pub(crate) fn script_env(v: &Values, names: &Names, host: ScriptHost) -> Vec<EnvVar> {
    let mut env = Vec::new();
    if host == ScriptHost::Pod {
        env.push(field("POD_NAME", "metadata.name"));
        env.push(field("POD_IP", "status.podIP"));
        if v.external_access.node_ports() {
            // NodePort: the node's address, which the pod announces with its node ports.
            env.push(field("HOST_IP", "status.hostIP"));
        }
    }
    // The mode, said once: scripts never guess it from which other variables are set.
    env.push(plain("RGEN_MODE", v.mode.as_str()));
    env.push(plain("RGEN_STATEFULSET", &names.statefulset));
    env.push(plain("RGEN_PEER_DOMAIN", &peer_domain(v, names)));
    env.push(plain("RGEN_PORT", &v.redis.port.to_string()));
    env.push(plain("RGEN_PODS", &v.pods().to_string()));
    let external_names = super::external::external_names(v);
    if !external_names.is_empty() {
        // The names the pods announce (externalAccess), in ordinal order: in cluster mode a pod
        // announces its own and the scripts read any of them back as the pod it names
        // (cluster.sh); in Sentinel mode they are the pods' names everywhere (lib.sh pod_host).
        env.push(plain("RGEN_EXTERNAL_NAMES", &external_names.join(" ")));
    }
    if v.external_access.node_ports() {
        // NodePort: pod o announces node ports base + o; the scripts read an announced node
        // address and port back as the pod (cluster.sh normalise_nodes).
        env.push(plain("RGEN_NODE_PORT", &v.external_access.node_port.to_string()));
        env.push(plain("RGEN_BUS_NODE_PORT", &v.external_access.bus_node_port.to_string()));
        env.push(plain("RGEN_BUS_PORT", &v.redis.bus_port.to_string()));
    }
    if host == ScriptHost::Pod {
        // The preStop handoff gets half the grace period; Redis keeps the rest to save its data.
        env.push(plain("RGEN_HANDOFF_SECONDS", &handoff_seconds(v).to_string()));
    }
    match host {
        ScriptHost::Pod if v.is_sentinel() => {
            env.push(plain("RGEN_MASTER_SET", &v.sentinel.master_set));
            env.push(plain("RGEN_SENTINEL_PORT", &v.sentinel.port.to_string()));
            env.push(plain("RGEN_SENTINEL_AUTH", if sentinel_auth(v) { "yes" } else { "no" }));
            env.push(plain("RGEN_SENTINEL_WAIT", &v.sentinel.wait_seconds.to_string()));
        }
        ScriptHost::Pod => {}
        ScriptHost::SmokeTest | ScriptHost::Backup if v.is_sentinel() => {
            env.push(plain("RGEN_MASTER_SET", &v.sentinel.master_set));
            env.push(plain("RGEN_SENTINEL_PORT", &v.sentinel.port.to_string()));
            env.push(plain("RGEN_SENTINEL_AUTH", if sentinel_auth(v) { "yes" } else { "no" }));
        }
        ScriptHost::Backup => {}
        ScriptHost::SmokeTest => {
            env.push(plain("RGEN_MASTERS", &v.cluster.masters.to_string()));
            env.push(plain("RGEN_REPLICAS_PER_MASTER", &v.cluster.replicas_per_master.to_string()));
        }
        ScriptHost::Job if v.is_sentinel() => {
            // The Sentinel drain Job (step 1 of a scale-in): it hands the master over remotely,
            // within the budget a pod's preStop hook has.
            env.push(plain("RGEN_MASTER_SET", &v.sentinel.master_set));
            env.push(plain("RGEN_SENTINEL_PORT", &v.sentinel.port.to_string()));
            env.push(plain("RGEN_SENTINEL_AUTH", if sentinel_auth(v) { "yes" } else { "no" }));
            env.push(plain("RGEN_KEEP_PODS", &v.kept_pods().to_string()));
            env.push(plain("RGEN_HANDOFF_SECONDS", &handoff_seconds(v).to_string()));
            env.push(plain("RGEN_WAIT_TIMEOUT", &SENTINEL_DRAIN_WAIT_SECONDS.to_string()));
        }
        ScriptHost::Job => {
            env.push(plain("RGEN_MASTERS", &v.cluster.masters.to_string()));
            env.push(plain("RGEN_REPLICAS_PER_MASTER", &v.cluster.replicas_per_master.to_string()));
            env.push(plain("RGEN_LAYOUT", &layout(v)));
            if v.cluster.drain_from.is_some() {
                // The pods from this ordinal on are drained (step 1 of a scale-in).
                env.push(plain("RGEN_KEEP_PODS", &v.cluster.kept_pods().to_string()));
            }
            env.push(plain("RGEN_WAIT_TIMEOUT", &v.cluster.bootstrap.wait_timeout_seconds.to_string()));
        }
    }
    // The secrets themselves are files (render/secret_files.rs); these only say they are there.
    if v.auth.enabled {
        env.push(plain("RGEN_AUTH", "yes"));
    }
    if v.tls.enabled {
        env.push(plain("RGEN_TLS", "yes"));
    }
    env
}

/// How long the Sentinel drain Job waits for every pod and Sentinel to answer.
pub(crate) const SENTINEL_DRAIN_WAIT_SECONDS: u32 = 300;

/// The budget of a master's handoff: half the pods' grace period (Redis keeps the rest to save
/// its data when it runs in the preStop hook).
fn handoff_seconds(v: &Values) -> u32 {
    (v.termination_grace_period_seconds / 2).max(1)
}

/// The roles a fresh cluster is formed with, one word per pod in ordinal order: `master`, or
/// the ordinal of the master the pod replicates (`master master master 0 1 2`). The one rule is
/// [`fresh_role`]; the bootstrap script only reads it.
fn layout(v: &Values) -> String {
    let words: Vec<String> = (0..v.pods())
        .map(|p| match fresh_role(p, v.cluster.masters) {
            Role::Master => "master".to_owned(),
            Role::ReplicaOf(m) => m.to_string(),
        })
        .collect();
    words.join(" ")
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

pub(crate) fn plain(name: &str, value: &str) -> EnvVar {
    EnvVar { name: name.into(), value: Some(value.into()), ..EnvVar::default() }
}

pub(crate) fn field(name: &str, path: &str) -> EnvVar {
    EnvVar {
        name: name.into(),
        value_from: Some(EnvVarSource {
            field_ref: Some(ObjectFieldSelector { field_path: path.into(), api_version: None }),
            ..EnvVarSource::default()
        }),
        ..EnvVar::default()
    }
}
