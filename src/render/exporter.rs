//! The metrics side of the pods (`metrics.enabled`): a redis_exporter beside Redis (and one
//! beside Sentinel) scraping its own pod on localhost, never with `--is-cluster`; an init
//! container that writes the exporter's password file from the mounted Secret (the official
//! image has no shell); and what the metrics Service, ServiceMonitor and PrometheusRule need.

use k8s_openapi::api::core::v1::{
    Container, ContainerPort, EmptyDirVolumeSource, EnvVar, HTTPGetAction, Probe, ResourceRequirements, Volume,
    VolumeMount,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use serde::Serialize;

use super::alerts::{Alert, Selectors, alerts};
use super::dashboard::{DashboardModel, dashboard};
use super::labels::LabelMap;
use super::names::Names;
use super::pod;
use super::script_env::sentinel_auth;
use super::secret_files::{SecretFiles, TLS_DIR};
use crate::values::Values;

/// Where the init container writes the exporters' password file (memory-backed).
const EXPORTER_DIR: &str = "/run/exporter";

#[derive(Debug, Serialize)]
pub(crate) struct MetricsModel {
    pub service: String,
    /// (port name, port) of each exporter.
    pub ports: Vec<(&'static str, u32)>,
    pub init_container: Option<Container>,
    pub containers: Vec<Container>,
    pub volume: Volume,
    pub service_monitor: Option<ScrapeModel>,
    pub prometheus_rule: Option<RuleModel>,
    /// The Grafana dashboard's ConfigMap (`metrics.grafanaDashboard`).
    pub dashboard: Option<DashboardModel>,
}

#[derive(Debug, Serialize)]
pub(crate) struct ScrapeModel {
    pub namespace: String,
    /// rgen's labels plus the user's (e.g. the `release` label Prometheus selects by).
    pub labels: LabelMap,
}

#[derive(Debug, Serialize)]
pub(crate) struct RuleModel {
    pub namespace: String,
    pub labels: LabelMap,
    pub group: String,
    pub alerts: Vec<Alert>,
}

pub(crate) fn metrics(v: &Values, names: &Names, labels: &LabelMap, secrets: &SecretFiles) -> Option<MetricsModel> {
    let m = &v.metrics;
    if !m.enabled {
        return None;
    }
    let service = format!("{}-metrics", v.name);
    let scheme = if v.tls.enabled { "rediss" } else { "redis" };
    let mut targets = vec![("exporter", "metrics", m.port, v.redis.port, v.auth.enabled)];
    if v.is_sentinel() {
        targets.push(("sentinel-exporter", "sentinel-metrics", m.sentinel_port, v.sentinel.port, sentinel_auth(v)));
    }
    let addresses: Vec<String> =
        targets.iter().filter(|t| t.4).map(|t| format!("{scheme}://localhost:{}", t.3)).collect();
    let containers = targets
        .iter()
        .map(|(name, port_name, port, redis_port, auth)| {
            let mut args = vec![
                format!("--redis.addr={scheme}://localhost:{redis_port}"),
                format!("--web.listen-address=:{port}"),
            ];
            if *auth {
                args.push(format!("--redis.password-file={EXPORTER_DIR}/passwords.json"));
            }
            if v.tls.enabled {
                args.extend([
                    format!("--tls-client-cert-file={TLS_DIR}/tls.crt"),
                    format!("--tls-client-key-file={TLS_DIR}/tls.key"),
                    format!("--tls-ca-cert-file={TLS_DIR}/ca.crt"),
                ]);
            }
            let mut mounts = vec![mount("run-exporter", EXPORTER_DIR)];
            mounts.extend(secrets.mounts.iter().filter(|mt| mt.mount_path == TLS_DIR).cloned());
            let probe = Probe {
                http_get: Some(HTTPGetAction {
                    path: Some("/".into()),
                    port: IntOrString::String((*port_name).into()),
                    ..HTTPGetAction::default()
                }),
                period_seconds: Some(10),
                timeout_seconds: Some(5),
                ..Probe::default()
            };
            Container {
                name: (*name).into(),
                image: Some(m.image.reference()),
                image_pull_policy: Some(format!("{:?}", m.image.pull_policy)),
                args: Some(args),
                ports: Some(vec![ContainerPort {
                    name: Some((*port_name).into()),
                    container_port: *port as i32,
                    protocol: Some("TCP".into()),
                    ..ContainerPort::default()
                }]),
                liveness_probe: Some(probe.clone()),
                readiness_probe: Some(probe),
                resources: Some(pod::resources(&m.resources)),
                security_context: Some(pod::container_security_context()),
                volume_mounts: Some(mounts),
                ..Container::default()
            }
        })
        .collect();
    // Only an exporter whose server requires the password needs the file.
    let init_container = (!addresses.is_empty()).then(|| Container {
        name: "exporter-auth".into(),
        image: Some(v.image.reference()),
        image_pull_policy: Some(format!("{:?}", v.image.pull_policy)),
        command: Some(vec!["sh".into(), "/conf/exporter-auth.sh".into()]),
        // The password file is read by lib.sh when RGEN_AUTH is yes (always so here).
        env: Some(vec![plain("RGEN_AUTH", "yes"), plain("RGEN_EXPORTER_ADDRESSES", &addresses.join(" "))]),
        resources: Some(ResourceRequirements {
            requests: Some([("cpu".into(), Quantity("10m".into())), ("memory".into(), Quantity("16Mi".into()))].into()),
            limits: Some([("memory".into(), Quantity("32Mi".into()))].into()),
            claims: None,
        }),
        security_context: Some(pod::container_security_context()),
        volume_mounts: Some(
            vec![VolumeMount { read_only: Some(true), ..mount("conf", "/conf") }, mount("run-exporter", EXPORTER_DIR)]
                .into_iter()
                .chain(secrets.mounts.iter().filter(|mt| mt.name == "auth").cloned())
                .collect(),
        ),
        ..Container::default()
    });
    let ns = |own: &Option<String>| own.clone().unwrap_or_else(|| v.namespace.clone());
    let with = |extra: &LabelMap| {
        let mut all = labels.clone();
        all.extend(extra.iter().map(|(k, val)| (k.clone(), val.clone())));
        all
    };
    let selectors = Selectors::new(v, &service);
    Some(MetricsModel {
        ports: targets.iter().map(|t| (t.1, t.2)).collect(),
        init_container,
        containers,
        volume: Volume {
            name: "run-exporter".into(),
            empty_dir: Some(EmptyDirVolumeSource {
                medium: Some("Memory".into()),
                size_limit: Some(Quantity("1Mi".into())),
            }),
            ..Volume::default()
        },
        service_monitor: m.service_monitor.enabled.then(|| ScrapeModel {
            namespace: ns(&m.service_monitor.namespace),
            labels: with(&m.service_monitor.labels),
        }),
        prometheus_rule: m.prometheus_rule.enabled.then(|| RuleModel {
            namespace: ns(&m.prometheus_rule.namespace),
            labels: with(&m.prometheus_rule.labels),
            group: format!("rgen.{}.{}", v.namespace, names.statefulset),
            alerts: alerts(v, &selectors),
        }),
        dashboard: m
            .grafana_dashboard
            .enabled
            .then(|| dashboard(v, ns(&m.grafana_dashboard.namespace), with(&m.grafana_dashboard.labels))),
        service,
    })
}

fn plain(name: &str, value: &str) -> EnvVar {
    EnvVar { name: name.into(), value: Some(value.into()), ..EnvVar::default() }
}

fn mount(name: &str, path: &str) -> VolumeMount {
    VolumeMount { name: name.into(), mount_path: path.into(), ..VolumeMount::default() }
}
