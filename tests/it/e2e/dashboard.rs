//! End to end, the Grafana dashboard on a real Prometheus: every expression of every panel the
//! rendered ConfigMap holds (its variables set as Grafana would set them) returns at least one
//! series from the rendered exporters (Debian's prometheus-redis-exporter) beside real Redis or
//! Valkey processes, for a formed cluster and for a Sentinel set. A panel that would stay empty
//! fails the test, named.

use std::time::Duration;

use serde_json::Value;

use super::alerts::{scraping, sentinel_targets, targets};
use super::bundle::Bundle;
use super::cluster::{Cluster, eventually};
use super::cluster_scenarios::healthy;
use super::engine::Engine;
use super::prometheus::Prometheus;
use super::sentinel::SentinelSet;

const SETS: [&str; 3] =
    ["metrics.enabled=true", "metrics.prometheusRule.enabled=true", "metrics.grafanaDashboard.enabled=true"];

/// (panel title, expression) of every query of the rendered dashboard, with Grafana's variables
/// set: this deployment's namespace and instance, and a rate interval several scrapes long.
fn queries(bundle: &Bundle) -> Vec<(String, String)> {
    let map = bundle
        .docs
        .iter()
        .find(|d| d["kind"] == "ConfigMap" && d["metadata"]["name"].as_str().is_some_and(|n| n.ends_with("-dashboard")))
        .expect("the dashboard ConfigMap is rendered");
    let data = map["data"].as_object().unwrap();
    assert_eq!(data.len(), 1, "one dashboard file");
    let dashboard: Value = serde_json::from_str(data.values().next().unwrap().as_str().unwrap()).unwrap();
    let v = &bundle.values;
    let mut out = Vec::new();
    let panels = dashboard["panels"].as_array().unwrap();
    for panel in panels.iter().chain(panels.iter().flat_map(|p| p["panels"].as_array().into_iter().flatten())) {
        for target in panel["targets"].as_array().into_iter().flatten() {
            let expr = target["expr"].as_str().unwrap();
            let expr = expr
                .replace("$namespace", &v.namespace)
                .replace("$instance", &v.name)
                .replace("$__rate_interval", "15s");
            assert!(!expr.contains('$'), "a variable the test does not set: {expr}");
            out.push((panel["title"].as_str().unwrap().to_owned(), expr));
        }
    }
    assert!(out.len() >= 15, "{} queries", out.len());
    out
}

/// Waits (bounded) until every query returns a series; names the panels whose queries do not.
fn every_panel_returns_data(prometheus: &Prometheus, bundle: &Bundle, what: &str) {
    let queries = queries(bundle);
    eventually(&format!("{what}: every dashboard panel returns data"), Duration::from_secs(60), || {
        let empty: Vec<String> = queries
            .iter()
            .filter(|(_, expr)| prometheus.series(expr).map_or(true, |n| n == 0))
            .map(|(title, expr)| format!("panel \"{title}\": {expr}"))
            .collect();
        if empty.is_empty() { Ok(()) } else { Err(format!("no series for\n  {}", empty.join("\n  "))) }
    });
    println!("e2e: {what}: dashboard: all {} panel queries return data", queries.len());
}

fn cluster_panels(engine: Engine) {
    let mut c = Cluster::new('G', 76, Bundle::render(super::cluster_scenarios::VALUES, &SETS), engine);
    for ordinal in 0..6 {
        c.start(ordinal);
    }
    let run = c.run_job();
    assert!(run.success, "the bootstrap Job failed:\n{}", run.log);
    healthy(&c, 3, 1, "formation");
    let prometheus = scraping(&c.rt.root, &c.bundle, &targets(&c));
    every_panel_returns_data(&prometheus, &c.bundle, &format!("{}: cluster", engine.name()));
}

fn sentinel_panels(engine: Engine) {
    let mut s = SentinelSet::new('H', 77, Bundle::render(super::sentinel_scenarios::VALUES, &SETS), engine);
    for ordinal in 0..3 {
        s.start(ordinal);
    }
    super::sentinel_scenarios::wait_settled(&s, 0, "formation");
    let prometheus = scraping(&s.rt.root, &s.bundle, &sentinel_targets(&s));
    every_panel_returns_data(&prometheus, &s.bundle, &format!("{}: sentinel", engine.name()));
}

on_both_engines!(cluster_panels: e2e_dashboard_panels_return_data_for_a_cluster, e2e_valkey_dashboard_panels_return_data_for_a_cluster);
on_both_engines!(sentinel_panels: e2e_dashboard_panels_return_data_for_a_sentinel_set, e2e_valkey_dashboard_panels_return_data_for_a_sentinel_set);
