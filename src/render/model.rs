//! The render model: everything the Kubernetes templates read, derived from the values in one
//! pass and typed (k8s-openapi types for the Kubernetes blocks). Templates read the values as
//! `values.*` and what is derived under its own name, so nothing shadows a value.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    Affinity, Container, EnvVar, LocalObjectReference, PodSecurityContext, ResourceRequirements, SecurityContext,
    Toleration, TopologySpreadConstraint, Volume,
};
use serde::Serialize;

use super::backup::{BackupModel, RestoreModel, StoreEgress, backup, restore, source_egress, store_egress};
use super::certificate::{CertificateModel, certificate};
use super::config_files::{ConfigFile, backup_files, config_files};
use super::encode::base64;
use super::exporter::{MetricsModel, metrics};
use super::external::{ExternalModel, external};
use super::labels::{LabelMap, Labels, Selectors};
use super::names::Names;
use super::pod;
use super::script_env::{ScriptHost, auth_secret, script_env};
use super::secret_files::{SecretFiles, secret_files};
use super::volumes::{StaticVolume, static_volumes, storage_class_name};
use crate::internal_error::InternalError;
use crate::values::Values;

#[derive(Debug, Serialize)]
pub(crate) struct Model<'a> {
    pub values: &'a Values,
    pub names: Names,
    /// Redis pods of the StatefulSet.
    pub pods: u32,
    pub labels: Labels,
    pub selector: Selectors,
    /// `annotations` of every object but the Services and PersistentVolumes' pods.
    pub annotations: &'a BTreeMap<String, String>,
    /// Every object's annotations plus `service.annotations`.
    pub service_annotations: BTreeMap<String, String>,
    pub pod: PodTemplate,
    /// The ConfigMap's files.
    pub config_files: Vec<ConfigFile>,
    /// SHA-256 of the ConfigMap's files: it rolls the pods and renames the Job when they change.
    pub config_checksum: String,
    /// The password Secret, when rgen renders it (`auth.password` given).
    pub auth_secret: Option<AuthSecret>,
    pub storage_class_name: Option<String>,
    pub static_volumes: Vec<StaticVolume>,
    pub network_policy: PolicyModel,
    /// The Job that changes the topology: the bootstrap Job (cluster mode, when enabled), or
    /// the drain Job of a Sentinel scale-in's step 1.
    pub job: Option<JobPod>,
    /// The cert-manager Certificate (`tls.certManager`).
    pub certificate: Option<CertificateModel>,
    /// The exporters, metrics Service, ServiceMonitor and PrometheusRule (`metrics.enabled`).
    pub metrics: Option<MetricsModel>,
    /// The smoke-test Job (`smokeTest.enabled`).
    pub smoke_test: Option<JobPod>,
    /// The backup CronJob (`backup.enabled`).
    pub backup: Option<BackupModel>,
    /// The files of the backup ConfigMap; empty when neither backups nor a restore are on.
    pub backup_files: Vec<ConfigFile>,
    /// Where the backup and restore pods may reach the S3 store.
    pub store_egress: Option<StoreEgress>,
    /// Where the backup pods may reach the cluster a migration backs up.
    pub source_egress: Option<StoreEgress>,
    /// A Service per pod and the names they announce (`externalAccess`).
    pub external: Option<ExternalModel>,
}

/// What the StatefulSet's pod template (and partly the Job's) is made of.
#[derive(Debug, Serialize)]
pub(crate) struct PodTemplate {
    pub labels: LabelMap,
    /// `annotations`, `pod.annotations` and the config checksum that rolls the pods.
    pub annotations: BTreeMap<String, String>,
    pub image: String,
    pub image_pull_secrets: Vec<LocalObjectReference>,
    pub security_context: PodSecurityContext,
    pub container_security_context: SecurityContext,
    pub affinity: Option<Affinity>,
    pub topology_spread: Vec<TopologySpreadConstraint>,
    pub tolerations: Vec<Toleration>,
    pub env: Vec<EnvVar>,
    /// The password and TLS Secrets as files, for the Redis and Sentinel containers.
    pub secret_files: SecretFiles,
    pub redis_resources: ResourceRequirements,
    pub sentinel_resources: ResourceRequirements,
    /// Init containers: a restore's (`backup.restore`), then the exporters' password file.
    pub init_containers: Vec<Container>,
    /// Volumes besides the ones every pod has: a restore's.
    pub extra_volumes: Vec<Volume>,
}

#[derive(Debug, Serialize)]
pub(crate) struct AuthSecret {
    pub name: String,
    pub key: String,
    pub data_base64: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct PolicyModel {
    /// Labels of the pods admitted as clients.
    pub client_pod_labels: LabelMap,
    /// The port peers use besides the client port: the cluster bus, or the Sentinel.
    pub peer_port: u32,
    /// The plaintext client port kept open beside TLS (`tls.plaintextPort`).
    pub plaintext_port: Option<u32>,
}

/// A Job that runs one of rgen's scripts (the bootstrap Job, the smoke test): everything in
/// which the two differ, for their one template (templates/k8s/job.yaml).
#[derive(Debug, Serialize)]
pub(crate) struct JobPod {
    /// The comment above the Job's metadata, `# `-led lines.
    pub comment: &'static str,
    /// The container's name; the script is `/conf/<container>.sh`.
    pub container: &'static str,
    pub backoff_limit: u32,
    pub active_deadline_seconds: u32,
    pub ttl_seconds_after_finished: Option<u32>,
    pub labels: LabelMap,
    pub env: Vec<EnvVar>,
    pub secret_files: SecretFiles,
    pub pod_labels: LabelMap,
}

impl JobPod {
    /// The bootstrap Job: forms, repairs and grows the cluster.
    fn bootstrap(v: &Values, names: &Names, labels: &LabelMap) -> JobPod {
        let b = &v.cluster.bootstrap;
        JobPod {
            comment: "# The name's suffix is a hash of this Job's content: a new topology, image or script gives a new\n\
                      # Job (Job specs are immutable), an unchanged one is left alone by kubectl apply and GitOps tools.",
            container: "bootstrap",
            backoff_limit: b.backoff_limit,
            active_deadline_seconds: b.active_deadline_seconds,
            ttl_seconds_after_finished: b.ttl_seconds_after_finished,
            labels: labels.clone(),
            env: script_env(v, names, ScriptHost::Job),
            secret_files: secret_files(v, names, ScriptHost::Job),
            pod_labels: labels.clone(),
        }
    }

    /// The Sentinel drain Job (step 1 of a Sentinel scale-in): the leaving pods become replicas
    /// that are never promoted, the master moves off them. It carries the bootstrap Job's
    /// labels, so the NetworkPolicies that admit that Job admit it.
    fn sentinel_drain(v: &Values, names: &Names, labels: &LabelMap) -> JobPod {
        JobPod {
            comment: "# Step 1 of a Sentinel scale-in (sentinel.drainFrom, see sentinel-drain.sh). The name's suffix is a\n\
                      # hash of its content: a new drain gives a new Job, an unchanged one is left alone.",
            container: "sentinel-drain",
            backoff_limit: 6,
            active_deadline_seconds: 900,
            ttl_seconds_after_finished: None,
            labels: labels.clone(),
            env: script_env(v, names, ScriptHost::Job),
            secret_files: secret_files(v, names, ScriptHost::Job),
            pod_labels: labels.clone(),
        }
    }

    /// The smoke test: one attempt, five minutes at most.
    fn smoke_test(v: &Values, names: &Names, labels: &LabelMap, pod_labels: LabelMap) -> JobPod {
        JobPod {
            comment: "# The smoke test: a key written and read on every shard, and the topology checked (see\n\
                      # smoke-test.sh). The name's suffix is a hash of its content; `rgen package` makes it the\n\
                      # chart's `helm test` Pod instead.",
            container: "smoke-test",
            backoff_limit: 0,
            active_deadline_seconds: 300,
            ttl_seconds_after_finished: None,
            labels: labels.clone(),
            env: script_env(v, names, ScriptHost::SmokeTest),
            secret_files: secret_files(v, names, ScriptHost::SmokeTest),
            pod_labels,
        }
    }
}

impl<'a> Model<'a> {
    pub fn build(v: &'a Values) -> Result<Self, InternalError> {
        let names = Names::new(v);
        let labels = Labels::new(v);
        let selector = Selectors::new(v);
        let (config_files, checksum) = config_files(v)?;

        let mut pod_annotations: BTreeMap<String, String> =
            v.annotations.iter().chain(&v.pod.annotations).map(|(k, val)| (k.clone(), val.clone())).collect();
        pod_annotations.insert("checksum/config".into(), checksum.clone());
        let mut pod_labels = labels.node.clone();
        pod_labels.extend(v.pod.labels.iter().map(|(k, val)| (k.clone(), val.clone())));
        pod_labels.insert(crate::values::recommended_labels::COMPONENT.into(), "node".into());
        let pod = PodTemplate {
            labels: pod_labels,
            annotations: pod_annotations,
            image: v.image.reference(),
            image_pull_secrets: pod::image_pull_secrets(&v.image.pull_secrets),
            security_context: pod::pod_security_context(&v.security),
            container_security_context: pod::container_security_context(),
            affinity: pod::affinity(&v.scheduling, &selector.node),
            topology_spread: pod::topology_spread(&v.scheduling, &selector.node),
            tolerations: pod::tolerations(&v.scheduling),
            env: script_env(v, &names, ScriptHost::Pod),
            secret_files: secret_files(v, &names, ScriptHost::Pod),
            redis_resources: pod::resources(&v.resources),
            sentinel_resources: pod::resources(&v.sentinel.resources),
            init_containers: Vec::new(),
            extra_volumes: Vec::new(),
        };

        let auth_secret = v.auth.password.as_deref().filter(|_| v.auth.enabled).map(|password| {
            let (name, key) = auth_secret(v, &names);
            AuthSecret { name, key, data_base64: base64(password.as_bytes()) }
        });
        let client_pod_labels = if v.network_policy.client_pod_labels.is_empty() {
            LabelMap::from([(format!("{}-client", v.name), "true".into())])
        } else {
            v.network_policy.client_pod_labels.clone()
        };
        let mut service_annotations = v.annotations.clone();
        service_annotations.extend(v.service.annotations.clone());
        let job = if v.is_sentinel() {
            v.drains().then(|| JobPod::sentinel_drain(v, &names, &labels.bootstrap))
        } else {
            v.cluster.bootstrap.enabled.then(|| JobPod::bootstrap(v, &names, &labels.bootstrap))
        };

        let metrics = metrics(v, &names, &labels.node, &pod.secret_files);
        let mut pod = pod;
        if let Some(RestoreModel { init_containers, volumes }) = restore(v, &names) {
            pod.init_containers.extend(init_containers);
            pod.extra_volumes.extend(volumes);
        }
        pod.init_containers.extend(metrics.as_ref().and_then(|m| m.init_container.clone()));
        let backup_model = backup(v, &names, &labels.backup);
        let external_model = external(v, &labels.external, &service_annotations);
        // The smoke test is labelled as a client too, so the NetworkPolicy admits it.
        let smoke_test = v.smoke_test.enabled.then(|| {
            let mut pod_labels = labels.smoke_test.clone();
            pod_labels.extend(client_pod_labels.clone());
            JobPod::smoke_test(v, &names, &labels.smoke_test, pod_labels)
        });
        Ok(Model {
            values: v,
            pods: v.pods(),
            labels,
            annotations: &v.annotations,
            service_annotations,
            pod,
            config_files,
            config_checksum: checksum,
            auth_secret,
            storage_class_name: storage_class_name(v),
            static_volumes: static_volumes(v, &names),
            network_policy: PolicyModel {
                client_pod_labels,
                peer_port: if v.is_sentinel() { v.sentinel.port } else { v.redis.bus_port },
                plaintext_port: v.tls.plaintext_port.filter(|_| v.tls.enabled),
            },
            certificate: certificate(v, &names),
            metrics,
            smoke_test,
            backup: backup_model,
            backup_files: backup_files(v),
            store_egress: store_egress(v),
            source_egress: source_egress(v),
            external: external_model,
            job,
            selector,
            names,
        })
    }
}
