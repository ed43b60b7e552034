//! Backups and restore (docs/backup.md): the backup CronJob's pod, and the init containers that
//! load a backup into the pods of a new deployment. Both run scripts of their own ConfigMap
//! (`<name>-backup`), so turning backups on changes no Redis pod.

use k8s_openapi::api::core::v1::{
    Container, EmptyDirVolumeSource, EnvVar, PersistentVolumeClaimVolumeSource, Volume, VolumeMount,
};
use serde::Serialize;

use super::labels::LabelMap;
use super::names::Names;
use super::pod;
use super::script_env::{ScriptHost, field, plain, script_env};
use super::secret_files::{SecretFiles, item, secret_files};
use crate::values::{Backup, Values, WireName};

/// The backup CronJob (`backup.enabled`).
#[derive(Debug, Serialize)]
pub(crate) struct BackupModel {
    pub labels: LabelMap,
    /// The first container takes the RDBs (and, with a claim, is the only one).
    pub init_containers: Vec<Container>,
    pub containers: Vec<Container>,
    pub volumes: Vec<Volume>,
}

/// What loads a backup into a new deployment (`backup.restore`): init containers and
/// volumes of the StatefulSet's pods.
#[derive(Debug, Serialize)]
pub(crate) struct RestoreModel {
    pub init_containers: Vec<Container>,
    pub volumes: Vec<Volume>,
}

/// Where the backup and restore pods may go besides the Redis pods: the S3 endpoint's port on
/// the configured CIDRs, and (migration in) the nodes of another cluster.
#[derive(Debug, Serialize)]
pub(crate) struct StoreEgress {
    pub port: u16,
    pub cidrs: Vec<String>,
}

/// The folder under the store that holds this deployment's backups.
pub(crate) fn prefix(v: &Values) -> String {
    v.backup.prefix.clone().unwrap_or_else(|| format!("{}/{}", v.namespace, v.name))
}

/// The CIDRs of the cluster a migration backs up (`backup.source`), reached on `redis.port`.
pub(crate) fn source_egress(v: &Values) -> Option<StoreEgress> {
    let source = v.backup.source.as_ref().filter(|_| v.backup.enabled)?;
    Some(StoreEgress { port: v.redis.port as u16, cidrs: source.network_cidrs.clone() })
}

pub(crate) fn store_egress(v: &Values) -> Option<StoreEgress> {
    let s3 = v.backup.s3.as_ref().filter(|_| v.backup.uses_store())?;
    Some(StoreEgress { port: s3.port().unwrap_or(443), cidrs: s3.network_cidrs.clone() })
}

pub(crate) fn backup(v: &Values, names: &Names, labels: &LabelMap) -> Option<BackupModel> {
    let b = &v.backup;
    if !b.enabled {
        return None;
    }
    let mut secrets = secret_files(v, names, ScriptHost::Backup);
    let mut env = script_env(v, names, ScriptHost::Backup);
    if let Some(source) = &b.source {
        // Another cluster: its nodes, and its password (if any) in place of this deployment's.
        env.retain(|e| e.name != "RGEN_AUTH" && e.name != "RGEN_TLS");
        env.push(plain("RGEN_SOURCE_NODES", &source.nodes.join(" ")));
        secrets = SecretFiles::default();
        if let Some(password) = &source.password_secret {
            env.push(plain("RGEN_AUTH", "yes"));
            secrets.add("auth", &password.name, vec![item(&password.key, "password")], "/auth");
        }
    }
    let backup_dir = if b.s3.is_some() { "/work".to_owned() } else { format!("/backup/{}", prefix(v)) };
    env.extend([
        plain("RGEN_BACKUP_DIR", &backup_dir),
        plain("RGEN_STORE", if b.s3.is_some() { "s3" } else { "claim" }),
        plain("RGEN_KEEP", &b.keep.to_string()),
    ]);
    let mut mounts = vec![conf_mount(), mount("tmp", "/tmp", false)];
    mounts.extend(secrets.mounts.iter().cloned());
    let mut volumes = vec![conf_volume(names), empty_dir("tmp")];
    volumes.extend(secrets.volumes.iter().cloned());
    let take = |mounts: Vec<VolumeMount>| Container {
        env: Some(env.clone()),
        volume_mounts: Some(mounts),
        ..script_container(v, "backup", &v.image.reference())
    };
    let (init_containers, containers) = match &b.s3 {
        Some(_) => {
            volumes.push(empty_dir("work"));
            let s3 = s3_secrets(b);
            volumes.extend(s3.volumes);
            let mut upload_mounts = vec![conf_mount(), mount("tmp", "/tmp", false), mount("work", "/work", true)];
            upload_mounts.extend(s3.mounts);
            let upload = Container {
                env: Some([s3_env(v), vec![plain("RGEN_KEEP", &b.keep.to_string())]].concat()),
                volume_mounts: Some(upload_mounts),
                ..script_container(v, "backup-upload", &b.uploader_image)
            };
            mounts.push(mount("work", "/work", false));
            (vec![take(mounts)], vec![upload])
        }
        None => {
            volumes.push(claim_volume(b));
            mounts.push(mount("backup", "/backup", false));
            (vec![], vec![take(mounts)])
        }
    };
    Some(BackupModel { labels: labels.clone(), init_containers, containers, volumes })
}

pub(crate) fn restore(v: &Values, names: &Names) -> Option<RestoreModel> {
    let b = &v.backup;
    let id = &b.restore.as_ref()?.id;
    let mut env = vec![field("POD_NAME", "metadata.name"), plain("RGEN_MODE", v.mode.as_str())];
    if !v.is_sentinel() {
        env.push(plain("RGEN_MASTERS", &v.cluster.masters.to_string()));
    }
    env.push(plain("RGEN_RESTORE_FROM", id));
    let data = mount("data", "/data", false);
    let mut volumes = vec![conf_volume(names)];
    let mut check_mounts = vec![conf_mount(), data.clone(), mount("tmp", "/tmp", false)];
    let mut init_containers = Vec::new();
    let restore_dir = match &b.s3 {
        Some(_) => {
            let s3 = s3_secrets(b);
            volumes.extend(s3.volumes);
            let mut fetch_mounts = vec![conf_mount(), data.clone(), mount("tmp", "/tmp", false)];
            fetch_mounts.extend(s3.mounts);
            init_containers.push(Container {
                env: Some([env.clone(), s3_env(v)].concat()),
                volume_mounts: Some(fetch_mounts),
                ..script_container(v, "restore-fetch", &b.uploader_image)
            });
            "/data/restore".to_owned()
        }
        None => {
            volumes.push(claim_volume(b));
            check_mounts.push(mount("backup", "/backup", true));
            format!("/backup/{}/{id}", prefix(v))
        }
    };
    env.push(plain("RGEN_RESTORE_DIR", &restore_dir));
    init_containers.push(Container {
        env: Some(env),
        volume_mounts: Some(check_mounts),
        ..script_container(v, "restore", &v.image.reference())
    });
    Some(RestoreModel { init_containers, volumes })
}

/// A container that runs `/conf/<name>.sh` of the backup ConfigMap.
fn script_container(v: &Values, name: &str, image: &str) -> Container {
    Container {
        name: name.into(),
        image: Some(image.into()),
        image_pull_policy: Some(format!("{:?}", v.image.pull_policy)),
        command: Some(vec!["sh".into(), format!("/conf/{name}.sh")]),
        resources: Some(pod::resources(&v.backup.resources)),
        security_context: Some(pod::container_security_context()),
        ..Container::default()
    }
}

fn s3_env(v: &Values) -> Vec<EnvVar> {
    let Some(s3) = &v.backup.s3 else { return Vec::new() };
    vec![
        plain("RGEN_S3_ENDPOINT", &s3.endpoint),
        plain("RGEN_S3_BUCKET", &s3.bucket),
        plain("RGEN_S3_REGION", &s3.region),
        plain("RGEN_S3_PATH_STYLE", if s3.path_style { "true" } else { "false" }),
        plain("RGEN_STORE_PREFIX", &prefix(v)),
    ]
}

/// The S3 credentials (and CA) as files under /s3 (and /s3-ca).
fn s3_secrets(b: &Backup) -> SecretFiles {
    let mut files = SecretFiles::default();
    if let Some(s3) = &b.s3 {
        let keys = ["access-key-id", "secret-access-key"].map(|k| item(k, k)).to_vec();
        files.add("s3", &s3.credentials_secret, keys, "/s3");
        if let Some(ca) = &s3.ca_secret {
            files.add("s3-ca", ca, vec![item("ca.crt", "ca.crt")], "/s3-ca");
        }
    }
    files
}

fn claim_volume(b: &Backup) -> Volume {
    let claim_name = b.claim.as_ref().map(|c| c.name.clone()).unwrap_or_default();
    Volume {
        name: "backup".into(),
        persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource { claim_name, read_only: None }),
        ..Volume::default()
    }
}

fn conf_volume(names: &Names) -> Volume {
    Volume {
        name: "backup-conf".into(),
        config_map: Some(k8s_openapi::api::core::v1::ConfigMapVolumeSource {
            name: names.backup_config.clone(),
            default_mode: Some(0o444),
            ..Default::default()
        }),
        ..Volume::default()
    }
}

fn conf_mount() -> VolumeMount {
    mount("backup-conf", "/conf", true)
}

fn empty_dir(name: &str) -> Volume {
    Volume { name: name.into(), empty_dir: Some(EmptyDirVolumeSource::default()), ..Volume::default() }
}

fn mount(name: &str, path: &str, read_only: bool) -> VolumeMount {
    VolumeMount {
        name: name.into(),
        mount_path: path.into(),
        read_only: read_only.then_some(true),
        ..VolumeMount::default()
    }
}
