//! `metrics`: the ServiceMonitor and PrometheusRule only with the exporters, alert names rgen
//! knows, thresholds only where an alert has one, and exporter ports that collide with nothing.

use super::Findings;
use crate::diagnostic::did_you_mean;
use crate::values::{ALERTS, Values, WireName, alert};

pub(super) fn check(v: &Values, f: &mut Findings) {
    let m = &v.metrics;
    if !m.enabled {
        let parts = [
            ("serviceMonitor", m.service_monitor.enabled),
            ("prometheusRule", m.prometheus_rule.enabled),
            ("grafanaDashboard", m.grafana_dashboard.enabled),
        ];
        for (key, on) in parts {
            if on {
                f.error(
                    &["metrics", key, "enabled"],
                    format!("metrics.enabled is false, so there is nothing for the {key} to use"),
                    Some("set metrics.enabled: true (the exporters)"),
                );
            }
        }
    }
    for (name, o) in &m.prometheus_rule.alerts {
        let path = ["metrics", "prometheusRule", "alerts", name.as_str()];
        let Some(spec) = alert(name) else {
            let known = ALERTS.iter().map(|a| a.name);
            let hint = match did_you_mean(name, known.clone()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("rgen's alerts: {}", known.collect::<Vec<_>>().join(", ")),
            };
            f.error_at_key(&path, format!("`{name}` is not one of rgen's alerts"), Some(hint));
            continue;
        };
        if !spec.exists_in(v.mode) {
            let only = spec.mode.map_or("", |m| m.as_str());
            f.error_at_key(
                &path,
                format!("{name} exists only in {only} mode, and mode is `{}`", v.mode.as_str()),
                Some("remove this override".into()),
            );
            continue;
        }
        match (o.threshold, spec.threshold) {
            (Some(_), None) => {
                f.error(&path, format!("{name} has no threshold"), Some("remove `threshold`; change `for` instead"))
            }
            (Some(t), Some((_, unit))) => {
                if let Err(hint) = unit.check(t) {
                    f.error(&path, format!("{t} is not a threshold of {name}"), Some(hint));
                }
            }
            _ => {}
        }
    }
    let mut ports = vec![("metrics.port", m.port), ("redis.port", v.redis.port)];
    if v.is_sentinel() {
        ports.extend([("metrics.sentinelPort", m.sentinel_port), ("sentinel.port", v.sentinel.port)]);
    } else {
        ports.push(("redis.busPort", v.redis.bus_port));
    }
    if m.enabled {
        for (i, (name, port)) in ports.iter().enumerate().filter(|(_, (n, _))| n.starts_with("metrics.")) {
            if let Some((other, _)) = ports.iter().enumerate().find(|(j, (_, p))| *j != i && p == port).map(|(_, x)| x)
            {
                let key = name.trim_start_matches("metrics.");
                f.error(&["metrics", key], format!("port {port} is also {other}"), None);
            }
        }
    }
}
