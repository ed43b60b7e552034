use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{PullPolicy, Quantity, ResourceList, Resources};

/// Metrics: a redis_exporter beside every Redis (and every Sentinel), a metrics Service, and
/// optionally a ServiceMonitor and a PrometheusRule with alerts derived from the topology.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Metrics {
    /// Run the exporter sidecars and render the metrics Service.
    pub enabled: bool,
    pub image: ExporterImage,
    /// Port of the Redis exporter (`metrics`).
    #[schemars(range(min = 1, max = 65535))]
    pub port: u32,
    /// Port of the Sentinel exporter (`sentinel-metrics`, Sentinel mode).
    #[schemars(range(min = 1, max = 65535))]
    pub sentinel_port: u32,
    /// CPU and memory of each exporter container (default: requests cpu 10m, memory 32Mi;
    /// limit memory 64Mi).
    pub resources: Resources,
    /// Labels of the pods allowed to scrape (the NetworkPolicy), in any namespace.
    pub scraper_pod_labels: BTreeMap<String, String>,
    pub service_monitor: ServiceMonitorValues,
    pub prometheus_rule: PrometheusRuleValues,
    pub grafana_dashboard: GrafanaDashboardValues,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            enabled: false,
            image: ExporterImage::default(),
            port: 9121,
            sentinel_port: 9355,
            resources: Resources {
                requests: ResourceList { cpu: Some(Quantity::from("10m")), memory: Some(Quantity::from("32Mi")) },
                limits: ResourceList { cpu: None, memory: Some(Quantity::from("64Mi")) },
            },
            scraper_pod_labels: BTreeMap::from([("app.kubernetes.io/name".into(), "prometheus".into())]),
            service_monitor: ServiceMonitorValues::default(),
            prometheus_rule: PrometheusRuleValues::default(),
            grafana_dashboard: GrafanaDashboardValues::default(),
        }
    }
}

/// The exporter image: the official `oliver006/redis_exporter`, pinned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct ExporterImage {
    #[schemars(length(min = 1, max = 255))]
    pub repository: String,
    #[schemars(regex(pattern = crate::syntax::IMAGE_TAG))]
    pub tag: String,
    /// Optional digest (`sha256:...`).
    #[schemars(regex(pattern = crate::syntax::SHA256_DIGEST))]
    pub digest: Option<String>,
    pub pull_policy: PullPolicy,
}

impl Default for ExporterImage {
    fn default() -> Self {
        ExporterImage {
            repository: "oliver006/redis_exporter".into(),
            tag: "v1.74.0".into(),
            digest: None,
            pull_policy: PullPolicy::Always,
        }
    }
}

impl ExporterImage {
    pub fn reference(&self) -> String {
        super::image::reference(&self.repository, &self.tag, self.digest.as_deref())
    }
}

/// A prometheus-operator ServiceMonitor for the metrics Service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct ServiceMonitorValues {
    pub enabled: bool,
    /// Namespace of the ServiceMonitor (default: the release namespace).
    #[schemars(regex(pattern = crate::syntax::DNS_LABEL))]
    pub namespace: Option<String>,
    /// Labels your Prometheus selects ServiceMonitors by, e.g. `release: kube-prometheus-stack`.
    pub labels: BTreeMap<String, String>,
    /// Scrape interval (a Prometheus duration).
    #[schemars(regex(pattern = crate::syntax::PROMETHEUS_DURATION))]
    pub interval: String,
    #[schemars(regex(pattern = crate::syntax::PROMETHEUS_DURATION))]
    pub scrape_timeout: String,
}

impl Default for ServiceMonitorValues {
    fn default() -> Self {
        ServiceMonitorValues {
            enabled: false,
            namespace: None,
            labels: BTreeMap::new(),
            interval: "30s".into(),
            scrape_timeout: "10s".into(),
        }
    }
}

/// A prometheus-operator PrometheusRule with rgen's alerts (see docs/observability.md).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct PrometheusRuleValues {
    pub enabled: bool,
    /// Namespace of the PrometheusRule (default: the release namespace).
    #[schemars(regex(pattern = crate::syntax::DNS_LABEL))]
    pub namespace: Option<String>,
    /// Labels your Prometheus selects rules by.
    pub labels: BTreeMap<String, String>,
    /// Per alert (by name, e.g. `RedisEvictingKeys`): turn it off, or change its `for`,
    /// severity or threshold.
    pub alerts: BTreeMap<String, AlertOverride>,
}

/// A Grafana dashboard in a ConfigMap, for Grafana's dashboard sidecar (kube-prometheus-stack
/// loads every ConfigMap labelled `grafana_dashboard: "1"`); see docs/observability.md.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct GrafanaDashboardValues {
    pub enabled: bool,
    /// Namespace of the ConfigMap (default: the release namespace); the sidecar may watch
    /// another one, e.g. Grafana's own.
    #[schemars(regex(pattern = crate::syntax::DNS_LABEL))]
    pub namespace: Option<String>,
    /// Labels the sidecar selects dashboards by.
    pub labels: BTreeMap<String, String>,
    /// The Grafana folder to file the dashboard in (written as the annotation below).
    pub folder: Option<String>,
    /// The annotation the sidecar reads the folder from (its `folderAnnotation`).
    #[schemars(length(min = 1, max = 253))]
    pub folder_annotation: String,
}

impl Default for GrafanaDashboardValues {
    fn default() -> Self {
        GrafanaDashboardValues {
            enabled: false,
            namespace: None,
            labels: BTreeMap::from([("grafana_dashboard".into(), "1".into())]),
            folder: None,
            folder_annotation: "grafana_folder".into(),
        }
    }
}

/// Changes to one default alert; what is not given keeps its default.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AlertOverride {
    /// `false` leaves the alert out.
    pub enabled: Option<bool>,
    /// How long the condition must hold (a Prometheus duration).
    #[serde(rename = "for")]
    #[schemars(regex(pattern = crate::syntax::PROMETHEUS_DURATION))]
    pub for_: Option<String>,
    pub severity: Option<AlertSeverity>,
    /// The alert's threshold, for the alerts that have one (see docs/observability.md).
    pub threshold: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum AlertSeverity {
    Critical,
    Warning,
    Info,
}
