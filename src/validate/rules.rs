//! Cross-field rules: what a schema cannot say (one field depends on another).

use std::collections::BTreeMap;

use crate::diagnostic::Severity;
use crate::topology::{Role, fresh_role};
use crate::values::{AntiAffinityMode, OWNED_DIRECTIVES, REQUIRED_COMMANDS, StorageMode, Values};

use super::names::{is_dns_subdomain, is_label_value, is_qualified_name};

mod mode;

/// A rule's verdict on one values path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub path: Vec<String>,
    /// Blame the key rather than the value (for "this key should not be here").
    pub at_key: bool,
    pub message: String,
    pub hint: Option<String>,
}

/// Labels rgen sets itself on every object.
pub const RESERVED_LABELS: &[&str] = &[
    "app.kubernetes.io/name",
    "app.kubernetes.io/instance",
    "app.kubernetes.io/component",
    "app.kubernetes.io/managed-by",
    "app.kubernetes.io/version",
];

#[derive(Default)]
struct Findings(Vec<Finding>);

impl Findings {
    fn add(&mut self, severity: Severity, path: &[&str], at_key: bool, message: String, hint: Option<String>) {
        self.0.push(Finding { severity, path: path.iter().map(|s| (*s).to_owned()).collect(), at_key, message, hint });
    }
    fn error(&mut self, path: &[&str], message: impl Into<String>, hint: Option<&str>) {
        self.add(Severity::Error, path, false, message.into(), hint.map(Into::into));
    }
    fn error_at_key(&mut self, path: &[&str], message: impl Into<String>, hint: Option<String>) {
        self.add(Severity::Error, path, true, message.into(), hint);
    }
    fn warn(&mut self, path: &[&str], message: impl Into<String>, hint: Option<&str>) {
        self.add(Severity::Warning, path, false, message.into(), hint.map(Into::into));
    }
}

/// Runs every rule.
pub fn check(v: &Values) -> Vec<Finding> {
    let mut f = Findings::default();
    auth(v, &mut f);
    redis_config(v, &mut f);
    storage(v, &mut f);
    scheduling(v, &mut f);
    memory(v, &mut f);
    metadata(v, &mut f);
    mode::check(v, &mut f);
    if !v.is_sentinel() && v.redis.port == v.redis.bus_port {
        f.error(
            &["redis", "busPort"],
            format!("the bus port must differ from the client port ({})", v.redis.port),
            Some("the convention is port + 10000"),
        );
    }
    if !v.is_sentinel() && v.cluster.replicas_per_master == 0 {
        f.warn(
            &["cluster", "replicasPerMaster"],
            "no replicas: losing any pod loses its hash slots until it comes back",
            None,
        );
    }
    if v.image.tag == "latest" && v.image.digest.is_none() {
        f.warn(
            &["image", "tag"],
            "`latest` changes under you; pods started on different days run different Redis versions",
            Some("pin a version such as \"7.2\""),
        );
    }
    if v.pod_disruption_budget.enabled && v.pod_disruption_budget.max_unavailable >= v.pods() {
        f.warn(
            &["podDisruptionBudget", "maxUnavailable"],
            format!("allows all {} pods to be evicted at once", v.pods()),
            None,
        );
    }
    f.0
}

fn auth(v: &Values, f: &mut Findings) {
    let a = &v.auth;
    match (a.enabled, &a.password, &a.existing_secret) {
        (true, Some(_), Some(_)) => {
            f.error(&["auth", "existingSecret"], "set auth.password or auth.existingSecret, not both", None)
        }
        (false, Some(_), _) => f.error(
            &["auth", "password"],
            "auth.enabled is false, so the password would be ignored",
            Some("remove it, or set auth.enabled: true"),
        ),
        (false, None, Some(_)) => f.error(
            &["auth", "existingSecret"],
            "auth.enabled is false, so the Secret would be ignored",
            Some("remove it, or set auth.enabled: true"),
        ),
        (false, None, None) => f.warn(
            &["auth", "enabled"],
            "authentication is off: every pod the NetworkPolicy admits can read and write every key",
            Some("keep auth on; clients pass the password with AUTH"),
        ),
        _ => {}
    }
    if let Some(password) = &a.password {
        if password.contains(['\n', '\r', '\0']) {
            f.error(&["auth", "password"], "the password contains a line break or NUL byte", None);
        } else if password.len() < 16 {
            f.warn(
                &["auth", "password"],
                format!("the password is only {} characters long", password.len()),
                Some("use 32 random characters, e.g. `openssl rand -hex 16`"),
            );
        }
    }
}

fn redis_config(v: &Values, f: &mut Findings) {
    for (directive, value) in &v.redis.extra_config {
        let key = directive.to_ascii_lowercase();
        if let Some((_, instead)) = OWNED_DIRECTIVES.iter().find(|(owned, _)| *owned == key) {
            let hint = match instead.strip_prefix("nothing: ") {
                Some(reason) => reason.to_owned(),
                None if *instead == "nothing" => "remove it".to_owned(),
                None => format!("use {instead}"),
            };
            f.error_at_key(&["redis", "extraConfig", directive], format!("`{directive}` is set by rgen"), Some(hint));
        } else if !directive.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') || directive.is_empty() {
            f.error_at_key(
                &["redis", "extraConfig", directive],
                format!("`{directive}` is not a redis.conf directive name"),
                None,
            );
        } else if value.to_conf().contains(['\n', '\r']) {
            f.error(&["redis", "extraConfig", directive], "a directive value cannot span lines", None);
        }
    }
    let command_ok =
        |c: &str| !c.is_empty() && c.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'|'));
    for (i, command) in v.redis.disable_commands.iter().enumerate() {
        let index = i.to_string();
        let path = ["redis", "disableCommands", index.as_str()];
        if !command_ok(command) {
            f.error(&path, format!("`{command}` is not a command name"), None);
        } else if REQUIRED_COMMANDS.contains(&command.to_ascii_uppercase().as_str()) {
            f.error(
                &path,
                format!("rgen's scripts, probes and cluster clients need {}", command.to_ascii_uppercase()),
                Some("disabling it breaks formation, healing or the probes"),
            );
        }
    }
    for (from, to) in &v.redis.rename_commands {
        let path = ["redis", "renameCommands", from.as_str()];
        if !command_ok(from) || !(to.is_empty() || command_ok(to)) {
            f.error_at_key(&path, format!("`{from}` -> `{to}` is not a valid rename"), None);
        } else if REQUIRED_COMMANDS.contains(&from.to_ascii_uppercase().as_str()) {
            f.error_at_key(
                &path,
                format!("rgen's scripts, probes and cluster clients need {}", from.to_ascii_uppercase()),
                None,
            );
        }
    }
}

fn storage(v: &Values, f: &mut Findings) {
    let s = &v.storage;
    let pods = v.pods();
    let sections = [
        (StorageMode::Nas, "nas", s.nas.is_some()),
        (StorageMode::Nfs, "nfs", s.nfs.is_some()),
        (StorageMode::HostPath, "hostPath", s.host_path.is_some()),
    ];
    for (mode, key, present) in sections {
        if present && s.mode != mode {
            f.error_at_key(
                &["storage", key],
                format!("storage.{key} is set but storage.mode is {}", mode_name(s.mode)),
                Some(format!("set storage.mode: {key}, or remove storage.{key}")),
            );
        }
        if !present && s.mode == mode {
            let required = if mode == StorageMode::HostPath { "basePath" } else { "server" };
            f.error(
                &["storage", key, required],
                format!("storage.mode is {key}, which needs storage.{key}.{required}"),
                Some(match mode {
                    StorageMode::HostPath => "add storage.hostPath with basePath and one node name per pod",
                    _ => "add the server that exports the volumes",
                }),
            );
        }
    }
    if s.size.to_f64().is_some_and(|b| b <= 0.0) {
        f.error(&["storage", "size"], "the volume size must be greater than zero", None);
    }
    if s.access_modes.is_empty() {
        f.error(&["storage", "accessModes"], "at least one access mode is needed", Some("ReadWriteOnce"));
    }
    if let (StorageMode::HostPath, Some(hp)) = (s.mode, &s.host_path) {
        if hp.nodes.len() != pods as usize {
            f.error(
                &["storage", "hostPath", "nodes"],
                format!("lists {} node(s) but the cluster has {pods} pods", hp.nodes.len()),
                Some("list one node per pod, in ordinal order; a node may repeat"),
            );
        }
        for (i, node) in hp.nodes.iter().enumerate() {
            if !is_dns_subdomain(node) {
                let index = i.to_string();
                f.error(&["storage", "hostPath", "nodes", &index], format!("`{node}` is not a valid node name"), None);
            }
        }
        let distinct: std::collections::BTreeSet<&String> = hp.nodes.iter().collect();
        if v.scheduling.anti_affinity.mode == AntiAffinityMode::Hard
            && distinct.len() < hp.nodes.len()
            && v.scheduling.anti_affinity.topology_key == "kubernetes.io/hostname"
        {
            f.error(
                &["storage", "hostPath", "nodes"],
                "hard anti-affinity forbids two pods on one node, but these pins put several pods on the same node",
                Some("list distinct nodes, or use scheduling.antiAffinity.mode: soft"),
            );
        }
        for (p, node) in hp.nodes.iter().enumerate().filter(|_| !v.is_sentinel()) {
            if let Role::ReplicaOf(m) = fresh_role(p as u32, v.cluster.masters) {
                if hp.nodes.get(m as usize) == Some(node) {
                    let index = p.to_string();
                    f.warn(&["storage", "hostPath", "nodes", &index], format!("pod {p} replicates pod {m} and both are pinned to node `{node}`: losing that node loses their slots"), None);
                }
            }
        }
    }
}

fn mode_name(mode: StorageMode) -> &'static str {
    match mode {
        StorageMode::Dynamic => "dynamic",
        StorageMode::Nas => "nas",
        StorageMode::Nfs => "nfs",
        StorageMode::HostPath => "hostPath",
    }
}

fn scheduling(v: &Values, f: &mut Findings) {
    let s = &v.scheduling;
    if !is_qualified_name(&s.anti_affinity.topology_key) {
        f.error(
            &["scheduling", "antiAffinity", "topologyKey"],
            format!("`{}` is not a node label key", s.anti_affinity.topology_key),
            None,
        );
    }
    if let (AntiAffinityMode::Hard, Some(nodes)) = (s.anti_affinity.mode, s.node_count) {
        if nodes < v.pods() {
            f.warn(&["scheduling", "antiAffinity", "mode"], format!("hard anti-affinity needs {} topology domains but scheduling.nodeCount is {nodes}: {} pod(s) will stay Pending", v.pods(), v.pods() - nodes), Some("use mode: soft, or add nodes"));
        }
    }
    for (i, spread) in s.spread.iter().enumerate() {
        if !is_qualified_name(&spread.topology_key) {
            let index = i.to_string();
            f.error(
                &["scheduling", "spread", &index, "topologyKey"],
                format!("`{}` is not a node label key", spread.topology_key),
                None,
            );
        }
    }
    label_map(f, &["scheduling", "nodeSelector"], &s.node_selector, true);
}

fn memory(v: &Values, f: &mut Findings) {
    let r = &v.resources;
    for (kind, req, lim) in [("cpu", &r.requests.cpu, &r.limits.cpu), ("memory", &r.requests.memory, &r.limits.memory)]
    {
        if let (Some(req), Some(lim)) = (req.as_ref().and_then(|q| q.to_f64()), lim.as_ref().and_then(|q| q.to_f64())) {
            if req > lim {
                f.error(
                    &["resources", "requests", kind],
                    format!(
                        "the request ({}) exceeds the limit ({})",
                        r_text(&r.requests, kind),
                        r_text(&r.limits, kind)
                    ),
                    None,
                );
            }
        }
    }
    let Some(maxmemory) = v.redis.maxmemory.as_ref().and_then(|q| q.to_bytes()) else {
        return;
    };
    if maxmemory == 0 {
        f.warn(&["redis", "maxmemory"], "0 means no limit: Redis grows until the kernel kills it", None);
    }
    if let Some(limit) = r.limits.memory.as_ref().and_then(|q| q.to_bytes()) {
        if maxmemory >= limit {
            f.error(
                &["redis", "maxmemory"],
                format!(
                    "maxmemory ({}) must stay below the memory limit ({})",
                    v.redis.maxmemory.as_ref().map_or("", |q| &q.0),
                    r.limits.memory.as_ref().map_or("", |q| &q.0)
                ),
                Some("leave room for replication buffers and the fork of AOF rewrites: about 75% of the limit"),
            );
        } else if maxmemory.saturating_mul(10) > limit.saturating_mul(9) {
            f.warn(&["redis", "maxmemory"], "maxmemory is above 90% of the memory limit; a background save or AOF rewrite can get the pod OOM-killed", Some("about 75% of the limit is safer"));
        }
    }
}

fn r_text(list: &crate::values::ResourceList, kind: &str) -> String {
    let q = if kind == "cpu" { &list.cpu } else { &list.memory };
    q.as_ref().map(|q| q.0.clone()).unwrap_or_default()
}

fn metadata(v: &Values, f: &mut Findings) {
    label_map(f, &["labels"], &v.labels, true);
    label_map(f, &["pod", "labels"], &v.pod.labels, true);
    label_map(f, &["networkPolicy", "clientPodLabels"], &v.network_policy.client_pod_labels, false);
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
                f.error_at_key(
                    &p,
                    format!("`{key}` is not a valid annotation key"),
                    Some("an optional DNS prefix and `/`, then up to 63 letters, digits, `-`, `_`, `.`".into()),
                );
            }
        }
    }
}

fn label_map(f: &mut Findings, path: &[&str], map: &BTreeMap<String, String>, reserved: bool) {
    for (key, value) in map {
        let mut p = path.to_vec();
        p.push(key);
        if !is_qualified_name(key) {
            f.error_at_key(
                &p,
                format!("`{key}` is not a valid label key"),
                Some("an optional DNS prefix and `/`, then up to 63 letters, digits, `-`, `_`, `.`".into()),
            );
        } else if reserved && RESERVED_LABELS.contains(&key.as_str()) {
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
