//! The Grafana dashboard (`metrics.grafanaDashboard`): generated from the panel table below, the
//! one source of its JSON (Grafana's classic dashboard model, checked against the types of
//! `@grafana/schema` in CI). Each panel shows what an rgen alert watches, and says what is
//! normal and which runbook entry to read; mode-specific panels appear only in their mode. The
//! e2e suites query every panel's expressions on a real Prometheus and fail on one that returns
//! nothing.

use serde::Serialize;
use serde_json::{Value, json};

use super::encode::sha256_hex;
use super::labels::LabelMap;
use crate::values::{ALERTS, Values};

mod panels;

use panels::{PANELS, PanelSpec, Series, Shows};

/// The dashboard's ConfigMap.
#[derive(Debug, Serialize)]
pub(crate) struct DashboardModel {
    pub name: String,
    pub namespace: String,
    pub labels: LabelMap,
    pub annotations: LabelMap,
    /// The key of the JSON file in the ConfigMap.
    pub file: String,
    pub json: String,
}

/// The dashboard's ConfigMap for these values, in `namespace` with `labels` (the metrics
/// objects' namespace and labels, as the ServiceMonitor's are derived).
pub(crate) fn dashboard(v: &Values, namespace: String, labels: LabelMap) -> DashboardModel {
    let d = &v.metrics.grafana_dashboard;
    let mut all_annotations = v.annotations.clone();
    if let Some(folder) = &d.folder {
        all_annotations.insert(d.folder_annotation.clone(), folder.clone());
    }
    let mut json = serde_json::to_string_pretty(&dashboard_json(v)).expect("JSON values serialize");
    json.push('\n');
    DashboardModel {
        name: format!("{}-dashboard", v.name),
        namespace,
        labels,
        annotations: all_annotations,
        file: format!("redis-{}-{}.json", v.namespace, v.name),
        json,
    }
}

/// The dashboard itself.
fn dashboard_json(v: &Values) -> Value {
    let mut panels = Vec::new();
    let mut row = "";
    let mut y = 0;
    let mut x = 0;
    for spec in PANELS.iter().filter(|p| shown(p.shows, v)) {
        if spec.row != row {
            row = spec.row;
            y += if x > 0 { 8 } else { 0 };
            x = 0;
            panels.push(json!({
                "collapsed": false,
                "gridPos": {"h": 1, "w": 24, "x": 0, "y": y},
                "id": panels.len() + 1,
                "panels": [],
                "title": row,
                "type": "row",
            }));
            y += 1;
        }
        panels.push(panel(spec, v, panels.len() + 1, x, y));
        x += 8;
        if x >= 24 {
            x = 0;
            y += 8;
        }
    }
    y += if x > 0 { 8 } else { 0 };
    panels.push(json!({"collapsed": false, "gridPos": {"h": 1, "w": 24, "x": 0, "y": y}, "id": panels.len() + 1, "panels": [], "title": "Alerts", "type": "row"}));
    panels.push(alerts_panel(v, panels.len() + 1, y + 1));
    json!({
        "annotations": {"list": []},
        "description": format!("Redis {}/{} as rgen deployed it: what its alerts watch.", v.namespace, v.name),
        "editable": true,
        "graphTooltip": 1,
        "panels": panels,
        "refresh": "30s",
        "schemaVersion": 42,
        "tags": ["redis", "rgen"],
        "templating": {"list": variables(v)},
        "time": {"from": "now-3h", "to": "now"},
        "timezone": "browser",
        "title": format!("Redis {}/{}", v.namespace, v.name),
        "uid": format!("rgen-{}", &sha256_hex([v.namespace.as_str(), "/", v.name.as_str()])[..24]),
        "version": 1,
    })
}

fn shown(shows: Shows, v: &Values) -> bool {
    match shows {
        Shows::Always => true,
        Shows::In(mode) => v.mode == mode,
        Shows::WithReplicas => {
            if v.is_sentinel() {
                v.sentinel.replicas > 0
            } else {
                v.cluster.replicas_per_master > 0
            }
        }
    }
}

/// The label matcher of a panel's series: the namespace and instance variables, and the
/// ServiceMonitor endpoint.
fn selector(series: Series) -> &'static str {
    match series {
        Series::Any => r#"{namespace="$namespace",service="$instance-metrics"}"#,
        Series::Redis => r#"{namespace="$namespace",service="$instance-metrics",endpoint="metrics"}"#,
        Series::Sentinel => r#"{namespace="$namespace",service="$instance-metrics",endpoint="sentinel-metrics"}"#,
    }
}

fn datasource() -> Value {
    json!({"type": "prometheus", "uid": "${datasource}"})
}

fn panel(spec: &PanelSpec, v: &Values, id: usize, x: usize, y: usize) -> Value {
    let limit = v.resources.limits.memory.as_ref().and_then(|q| q.to_bytes());
    let targets: Vec<Value> = spec
        .targets
        .iter()
        .filter(|(expr, _)| !expr.contains("{limit}") || limit.is_some())
        .enumerate()
        .map(|(i, (expr, legend))| {
            let expr = expr.replace("{sel}", selector(spec.series)).replace("{limit}", &limit.unwrap_or(0).to_string());
            json!({"datasource": datasource(), "expr": expr, "legendFormat": legend, "refId": ref_id(i)})
        })
        .collect();
    json!({
        "datasource": datasource(),
        "description": format!("Normal: {} Runbook: rgen README, Runbook: {}.", spec.normal, spec.runbook),
        "fieldConfig": {"defaults": {"unit": spec.unit}, "overrides": []},
        "gridPos": {"h": 8, "w": 8, "x": x, "y": y},
        "id": id,
        "options": {},
        "targets": targets,
        "title": spec.title,
        "type": spec.kind,
    })
}

/// The rgen alerts of this mode that fire (0 when none does).
fn alerts_panel(v: &Values, id: usize, y: usize) -> Value {
    let names: Vec<&str> = ALERTS.iter().filter(|a| a.exists_in(v.mode)).map(|a| a.name).collect();
    let expr = format!(
        r#"count by (alertname, severity) (ALERTS{{alertstate="firing",alertname=~"{}"}}) or vector(0)"#,
        names.join("|")
    );
    json!({
        "datasource": datasource(),
        "description": "Normal: 0 (the `vector(0)` line). Each other line is an rgen alert that fires: read its Runbook entry in the rgen README.",
        "fieldConfig": {"defaults": {"unit": "none"}, "overrides": []},
        "gridPos": {"h": 8, "w": 24, "x": 0, "y": y},
        "id": id,
        "options": {},
        "targets": [{"datasource": datasource(), "expr": expr, "legendFormat": "{{alertname}} ({{severity}})", "refId": "A"}],
        "title": "Firing rgen alerts",
        "type": "timeseries",
    })
}

fn ref_id(i: usize) -> String {
    char::from(b'A' + i as u8).to_string()
}

/// The datasource, namespace and instance variables, preset to this deployment.
fn variables(v: &Values) -> Vec<Value> {
    let current = |text: &str| json!({"selected": true, "text": text, "value": text});
    vec![
        json!({
            "current": current("Prometheus"),
            "hide": 0,
            "label": "Data source",
            "name": "datasource",
            "query": "prometheus",
            "refresh": 1,
            "type": "datasource",
        }),
        json!({
            "current": current(&v.namespace),
            "datasource": datasource(),
            "hide": 0,
            "label": "Namespace",
            "name": "namespace",
            "query": "label_values(redis_up, namespace)",
            "refresh": 2,
            "type": "query",
        }),
        json!({
            "current": current(&v.name),
            "datasource": datasource(),
            "hide": 0,
            "label": "Instance",
            "name": "instance",
            "query": "label_values(redis_up{namespace=\"$namespace\"}, service)",
            "refresh": 2,
            "regex": "/^(.*)-metrics$/",
            "type": "query",
        }),
    ]
}
