//! The Secrets the containers read as files, never as environment variables: the password
//! (and, during a rotation, the passwords also accepted) under /auth, the TLS certificate, key
//! and CA under /tls. The scripts read them there (templates/scripts/lib.sh).

use k8s_openapi::api::core::v1::{KeyToPath, SecretVolumeSource, Volume, VolumeMount};
use serde::Serialize;

use super::names::Names;
use super::script_env::{ScriptHost, auth_secret};
use crate::values::Values;

/// Where the scripts find the password files.
pub(crate) const AUTH_DIR: &str = "/auth";
/// Where the scripts and redis.conf find `tls.crt`, `tls.key` and `ca.crt`.
pub(crate) const TLS_DIR: &str = "/tls";

/// Readable by the pod's group (fsGroup) only: 0440.
const SECRET_FILE_MODE: i32 = 0o440;

/// The Secret volumes of a pod and where each container mounts them.
#[derive(Debug, Default, Serialize)]
pub(crate) struct SecretFiles {
    pub volumes: Vec<Volume>,
    pub mounts: Vec<VolumeMount>,
}

/// The Secret holding the certificate: the user's, or the one cert-manager writes for rgen's
/// Certificate. `None` without TLS.
pub(crate) fn tls_secret_name(v: &Values, names: &Names) -> Option<String> {
    if !v.tls.enabled {
        return None;
    }
    Some(v.tls.existing_secret.as_ref().map_or_else(|| names.tls.clone(), |s| s.name.clone()))
}

/// What `host` mounts. Only the Redis pods get the rotation's other passwords: the Job uses one.
pub(crate) fn secret_files(v: &Values, names: &Names, host: ScriptHost) -> SecretFiles {
    let mut files = SecretFiles::default();
    if v.auth.enabled {
        let (name, key) = auth_secret(v, names);
        // During a rotation Redis and Sentinel also accept these; a missing key stops the pod
        // from starting (the kubelet names it), rather than silently accepting one password.
        let rotation =
            v.auth.existing_secret.iter().flat_map(|s| &s.also_accept_keys).filter(|_| host == ScriptHost::Pod);
        let mut items = vec![item(&key, "password")];
        items.extend(rotation.enumerate().map(|(i, other)| item(other, &format!("also-accept-{i}"))));
        files.add("auth", &name, items, AUTH_DIR);
    }
    if let Some(name) = tls_secret_name(v, names) {
        let items = match &v.tls.existing_secret {
            Some(s) => vec![item(&s.cert_key, "tls.crt"), item(&s.key_key, "tls.key"), item(&s.ca_key, "ca.crt")],
            None => vec![item("tls.crt", "tls.crt"), item("tls.key", "tls.key"), item("ca.crt", "ca.crt")],
        };
        files.add("tls", &name, items, TLS_DIR);
    }
    files
}

impl SecretFiles {
    /// Secret `secret` as volume `volume`, its `items` as files under `dir`, read-only.
    pub(crate) fn add(&mut self, volume: &str, secret: &str, items: Vec<KeyToPath>, dir: &str) {
        self.volumes.push(Volume {
            name: volume.into(),
            secret: Some(SecretVolumeSource {
                secret_name: Some(secret.into()),
                items: Some(items),
                default_mode: Some(SECRET_FILE_MODE),
                optional: None,
            }),
            ..Volume::default()
        });
        self.mounts.push(VolumeMount {
            name: volume.into(),
            mount_path: dir.into(),
            read_only: Some(true),
            ..VolumeMount::default()
        });
    }
}

pub(crate) fn item(key: &str, path: &str) -> KeyToPath {
    KeyToPath { key: key.into(), path: path.into(), mode: None }
}
