//! `labels`, `annotations` and every other label or annotation map: valid keys and values, and
//! none of the labels rgen's selectors depend on.

use std::collections::BTreeMap;

use super::Findings;
use crate::syntax::{is_label_value, is_qualified_name};
use crate::values::{Values, recommended_labels};

/// What a valid label or annotation key looks like.
const KEY_HINT: &str = "an optional DNS prefix and `/`, then up to 63 letters, digits, `-`, `_`, `.`";

pub(super) fn check(v: &Values, f: &mut Findings) {
    label_map(f, &["labels"], &v.labels, true);
    label_map(f, &["pod", "labels"], &v.pod.labels, true);
    label_map(f, &["networkPolicy", "clientPodLabels"], &v.network_policy.client_pod_labels, false);
    label_map(f, &["metrics", "grafanaDashboard", "labels"], &v.metrics.grafana_dashboard.labels, false);
    let folder = &v.metrics.grafana_dashboard.folder_annotation;
    if !is_qualified_name(folder) {
        f.error(
            &["metrics", "grafanaDashboard", "folderAnnotation"],
            format!("`{folder}` is not a valid annotation key"),
            Some(KEY_HINT),
        );
    }
    if let Some(ns) = &v.network_policy.client_namespace_labels {
        label_map(f, &["networkPolicy", "clientNamespaceLabels"], ns, false);
    }
    for (path, map) in [
        (&["annotations"][..], &v.annotations),
        (&["pod", "annotations"][..], &v.pod.annotations),
        (&["service", "annotations"][..], &v.service.annotations),
    ] {
        for key in map.keys() {
            if !is_qualified_name(key) {
                let mut p = path.to_vec();
                p.push(key);
                f.error_at_key(&p, format!("`{key}` is not a valid annotation key"), Some(KEY_HINT.into()));
            }
        }
    }
}

pub(super) fn label_map(f: &mut Findings, path: &[&str], map: &BTreeMap<String, String>, reserved: bool) {
    for (key, value) in map {
        let mut p = path.to_vec();
        p.push(key);
        if !is_qualified_name(key) {
            f.error_at_key(&p, format!("`{key}` is not a valid label key"), Some(KEY_HINT.into()));
        } else if reserved && recommended_labels::ALL.contains(&key.as_str()) {
            f.error_at_key(
                &p,
                format!("`{key}` is set by rgen"),
                Some("selectors depend on it; use another key".into()),
            );
        } else if !is_label_value(value) {
            f.error(
                &p,
                format!("{value:?} is not a valid label value"),
                Some("up to 63 letters, digits, `-`, `_`, `.`, starting and ending with a letter or digit"),
            );
        }
    }
}
