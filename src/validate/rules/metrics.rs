//! `metrics`: the ServiceMonitor and PrometheusRule only with the exporters, alert names rgen
//! knows, thresholds only where an alert has one, and exporter ports that collide with nothing.

use super::Findings;
use crate::diagnostic::did_you_mean;
use crate::render::{alert_names, has_threshold};
use crate::values::Values;

pub(super) fn check(v: &Values, f: &mut Findings) {
    let m = &v.metrics;
    if !m.enabled {
        for (key, on) in [("serviceMonitor", m.service_monitor.enabled), ("prometheusRule", m.prometheus_rule.enabled)]
        {
            if on {
                f.error(
                    &["metrics", key, "enabled"],
                    format!("metrics.enabled is false, so there is nothing for the {key} to use"),
                    Some("set metrics.enabled: true (the exporters)"),
                );
            }
        }
    }
    let known = alert_names();
    for (name, o) in &m.prometheus_rule.alerts {
        let path = ["metrics", "prometheusRule", "alerts", name.as_str()];
        if !known.contains(&name.as_str()) {
            let hint = match did_you_mean(name, known.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("rgen's alerts: {}", known.join(", ")),
            };
            f.error_at_key(&path, format!("`{name}` is not one of rgen's alerts"), Some(hint));
        } else if o.threshold.is_some() && !has_threshold(name) {
            f.error(&path, format!("{name} has no threshold"), Some("remove `threshold`; change `for` instead"));
        } else if name == "RedisMemoryNearMax" && o.threshold.is_some_and(|t| !(0.0..=1.0).contains(&t) || t == 0.0) {
            f.error(&path, "the threshold is a fraction of maxmemory", Some("e.g. 0.9 for 90 %"));
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
