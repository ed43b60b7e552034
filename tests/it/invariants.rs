//! Bundle invariants for every example (and a few variants): selectors match the pods they
//! target, static PVs are bound to the claim of the pod with their ordinal, references resolve,
//! and the security defaults hold.

use serde_json::{Map, Value};

use crate::secret_files::secret_mounts;

fn bundle(files: &[&str], sets: &[&str]) -> rgen::Bundle {
    let request = crate::support::request(files, sets);
    rgen::bundle(&request).unwrap_or_else(|e| panic!("{files:?} {sets:?}: {e:?}"))
}

pub(crate) fn docs(files: &[&str], sets: &[&str]) -> Vec<Value> {
    bundle(files, sets).documents().unwrap()
}

fn variants() -> Vec<(Vec<String>, Vec<&'static str>)> {
    let mut out: Vec<(Vec<String>, Vec<&str>)> =
        crate::support::files("values", "yaml").into_iter().map(|f| (vec![f], vec![])).collect();
    out.push((
        vec!["values/default.yaml".into()],
        vec!["cluster.masters=5", "cluster.replicasPerMaster=2", "scheduling.antiAffinity.mode=hard"],
    ));
    out.push((
        vec!["values/default.yaml".into()],
        vec!["storage.mode=nfs", "storage.nfs.server=10.0.0.2", "storage.nfs.basePath=/exports/redis/"],
    ));
    out.push((vec!["values/default.yaml".into()], vec!["auth.password=0123456789abcdef0123"]));
    out.push((
        vec!["values/seed-003-sentinel.yaml".into()],
        vec!["storage.mode=nfs", "storage.nfs.server=10.0.0.2", "sentinel.replicas=4", "sentinel.quorum=3"],
    ));
    out.push((vec!["values/seed-003-sentinel.yaml".into()], vec!["auth.existingSecret=null", PASSWORD_SET]));
    // External access in Sentinel mode: a Service per pod for Redis and its Sentinel.
    out.push((
        vec!["values/seed-003-sentinel.yaml".into()],
        vec!["externalAccess.enabled=true", "externalAccess.hostname={pod}.redis.example.com"],
    ));
    // Step 1 of a scale-in, in each mode: the Job that drains, and its NetworkPolicy.
    out.push((
        vec!["values/default.yaml".into()],
        vec!["cluster.drainFrom.masters=4", "cluster.drainFrom.replicasPerMaster=1"],
    ));
    out.push((
        vec!["values/seed-003-sentinel.yaml".into()],
        vec!["sentinel.replicas=2", "sentinel.drainFrom.replicas=4", PASSWORD_SET, "auth.existingSecret=null"],
    ));
    out
}

pub(crate) const PASSWORD: &str = "0123456789abcdef0123";
pub(crate) const PASSWORD_SET: &str = "auth.password=0123456789abcdef0123";

/// One rendered variant: a label for messages, its values and its documents.
pub(crate) struct Rendered {
    pub label: String,
    pub values: rgen::values::Values,
    pub docs: Vec<Value>,
}

/// Every variant rendered.
pub(crate) fn rendered() -> Vec<Rendered> {
    let all: Vec<Rendered> = variants()
        .into_iter()
        .map(|(files, sets)| {
            let bundle = bundle(&files.iter().map(String::as_str).collect::<Vec<_>>(), &sets);
            Rendered { label: format!("{files:?} {sets:?}"), docs: bundle.documents().unwrap(), values: bundle.values }
        })
        .collect();
    assert!(all.len() >= 10, "every example and the variants ({})", all.len());
    all
}

pub(crate) fn of_kind<'a>(docs: &'a [Value], kind: &str) -> Vec<&'a Value> {
    docs.iter().filter(|d| d["kind"] == kind).collect()
}

/// The documents of `kind`, asserted to be exactly `n`: a check over them cannot pass vacuously.
pub(crate) fn exactly<'a>(docs: &'a [Value], kind: &str, n: usize, ctx: &str) -> Vec<&'a Value> {
    let found = of_kind(docs, kind);
    assert_eq!(found.len(), n, "{ctx}: {n} {kind}(s) expected");
    found
}

/// The ConfigMap of the pods' files, of the 1 ConfigMap expected (one more with the Grafana
/// dashboard, one more for the backup and restore scripts).
fn config_map<'a>(docs: &'a [Value], v: &rgen::values::Values, ctx: &str) -> &'a Value {
    let expected = 1 + usize::from(v.metrics.grafana_dashboard.enabled) + usize::from(v.backup.uses_store());
    let maps = exactly(docs, "ConfigMap", expected, ctx);
    maps.into_iter().find(|m| m["data"].get("redis.conf").is_some()).unwrap_or_else(|| panic!("{ctx}: no config map"))
}

/// A label selector (matchLabels, or a Service's plain map) matches these labels.
fn matches(selector: &Value, labels: &Value) -> bool {
    let selector: &Map<String, Value> =
        selector.get("matchLabels").unwrap_or(selector).as_object().expect("selector is a map");
    !selector.is_empty() && selector.iter().all(|(k, v)| labels.get(k) == Some(v))
}

#[test]
fn the_matcher_catches_the_seed_002_bug() {
    // Seed 002's anti-affinity selected app=redis while its pods were app=redis-app.
    let pod_labels = serde_json::json!({"app": "redis-app", "appCluster": "redis-cluster"});
    assert!(!matches(&serde_json::json!({"matchLabels": {"app": "redis"}}), &pod_labels));
    assert!(matches(&serde_json::json!({"matchLabels": {"app": "redis-app"}}), &pod_labels));
}

#[test]
fn every_selector_matches_the_pods_it_targets() {
    for Rendered { label: ctx, values, docs } in rendered() {
        let ctx = ctx.as_str();
        let sts = exactly(&docs, "StatefulSet", 1, ctx)[0];
        let pod_labels = &sts["spec"]["template"]["metadata"]["labels"];
        assert!(matches(&sts["spec"]["selector"], pod_labels), "{ctx}: StatefulSet selector");
        let services = of_kind(&docs, "Service");
        assert!(services.len() >= 2, "{ctx}: a headless and a client Service");
        let pods = sts["spec"]["replicas"].as_u64().unwrap();
        for svc in &services {
            // An external Service selects its one pod by the name the StatefulSet gives it.
            if let Some(pod) = svc["spec"]["selector"]["statefulset.kubernetes.io/pod-name"].as_str() {
                let ordinal = pod.rsplit_once('-').and_then(|(sts_name, o)| {
                    (sts_name == sts["metadata"]["name"]).then(|| o.parse::<u64>().ok()).flatten()
                });
                assert!(ordinal.is_some_and(|o| o < pods), "{ctx}: {pod} is a pod of the StatefulSet");
                continue;
            }
            assert!(matches(&svc["spec"]["selector"], pod_labels), "{ctx}: Service {}", svc["metadata"]["name"]);
        }
        let headless: Vec<_> =
            services.iter().filter(|s| s["metadata"]["name"] == sts["spec"]["serviceName"]).collect();
        assert_eq!(headless.len(), 1, "{ctx}: the StatefulSet's Service");
        assert_eq!(headless[0]["spec"]["clusterIP"], "None", "{ctx}: headless");
        assert_eq!(headless[0]["spec"]["publishNotReadyAddresses"], true);
        let pdbs = usize::from(values.pod_disruption_budget.enabled);
        for pdb in exactly(&docs, "PodDisruptionBudget", pdbs, ctx) {
            assert!(matches(&pdb["spec"]["selector"], pod_labels), "{ctx}: PDB");
        }
        let own_policies: Vec<_> = of_kind(&docs, "NetworkPolicy")
            .into_iter()
            .filter(|np| np["metadata"]["name"] == sts["metadata"]["name"])
            .collect();
        assert_eq!(own_policies.len(), usize::from(values.network_policy.enabled), "{ctx}: the pods' policy");
        for np in own_policies {
            assert!(matches(&np["spec"]["podSelector"], pod_labels), "{ctx}: NetworkPolicy");
            assert!(
                matches(&np["spec"]["ingress"][0]["from"][0]["podSelector"], pod_labels),
                "{ctx}: peers rule admits the peers"
            );
            assert!(
                matches(&np["spec"]["egress"][0]["to"][0]["podSelector"], pod_labels),
                "{ctx}: egress reaches the peers"
            );
        }
        let affinity = &sts["spec"]["template"]["spec"]["affinity"]["podAntiAffinity"];
        let terms = |key: &str| affinity[key].as_array().cloned().unwrap_or_default();
        let soft = terms("preferredDuringSchedulingIgnoredDuringExecution");
        let hard = terms("requiredDuringSchedulingIgnoredDuringExecution");
        let expected = match values.scheduling.anti_affinity.mode {
            rgen::values::AntiAffinityMode::None => (0, 0),
            rgen::values::AntiAffinityMode::Soft => (1, 0),
            rgen::values::AntiAffinityMode::Hard => (0, 1),
        };
        assert_eq!((soft.len(), hard.len()), expected, "{ctx}: anti-affinity terms as configured");
        for term in &soft {
            assert!(matches(&term["podAffinityTerm"]["labelSelector"], pod_labels), "{ctx}: soft anti-affinity");
        }
        for term in &hard {
            assert!(matches(&term["labelSelector"], pod_labels), "{ctx}: hard anti-affinity");
        }
        let spread =
            sts["spec"]["template"]["spec"]["topologySpreadConstraints"].as_array().cloned().unwrap_or_default();
        assert_eq!(spread.len(), values.scheduling.spread.len(), "{ctx}: one constraint per scheduling.spread");
        for constraint in &spread {
            assert!(matches(&constraint["labelSelector"], pod_labels), "{ctx}: spread");
        }
    }
}

#[test]
fn security_defaults_hold_everywhere() {
    for Rendered { label: files, values, docs } in rendered() {
        let ctx = files.as_str();
        let sts = exactly(&docs, "StatefulSet", 1, ctx)[0];
        let pod = &sts["spec"]["template"]["spec"];
        assert_eq!(pod["automountServiceAccountToken"], false, "{files}");
        assert_eq!(pod["securityContext"]["runAsNonRoot"], true, "{files}");
        assert_eq!(pod["securityContext"]["seccompProfile"]["type"], "RuntimeDefault");
        assert_ne!(pod["securityContext"]["runAsUser"], 0);
        let containers = pod["containers"].as_array().expect("containers");
        let servers = if values.is_sentinel() { 2 } else { 1 };
        let exporters = if values.metrics.enabled { servers } else { 0 };
        assert_eq!(containers.len(), servers + exporters, "{files}: redis (and sentinel) containers, and exporters");
        let inits = pod["initContainers"].as_array().cloned().unwrap_or_default();
        let restore = match (&values.backup.restore, &values.backup.s3) {
            (None, _) => 0,
            (Some(_), None) => 1,
            (Some(_), Some(_)) => 2,
        };
        let exporter_auth = usize::from(values.metrics.enabled && values.auth.enabled);
        assert_eq!(inits.len(), restore + exporter_auth, "{files}: a restore's, and exporter-auth");
        for c in containers.iter().chain(&inits) {
            assert_eq!(c["securityContext"]["readOnlyRootFilesystem"], true);
            assert_eq!(c["securityContext"]["allowPrivilegeEscalation"], false);
            assert_eq!(c["securityContext"]["capabilities"]["drop"], serde_json::json!(["ALL"]));
            let env = c["env"].as_array().cloned().unwrap_or_default();
            assert!(
                env.iter().all(|e| e.pointer("/valueFrom/secretKeyRef").is_none()),
                "{files}: {}: no Secret reaches a container as an environment variable",
                c["name"]
            );
            let mounts = secret_mounts(pod, c);
            // The exporters read a password file the init container writes, not the Secret; a
            // restore's init containers read files, never a password or the certificate.
            let name = c["name"].as_str().unwrap();
            let restoring = name.starts_with("restore");
            let reads_password = values.auth.enabled && !name.ends_with("exporter") && !restoring;
            let reads_certificate = values.tls.enabled && name != "exporter-auth" && !restoring;
            assert_eq!(mounts.contains(&"/auth".to_owned()), reads_password, "{files}: {}: /auth", c["name"]);
            assert_eq!(mounts.contains(&"/tls".to_owned()), reads_certificate, "{files}: {}: /tls", c["name"]);
        }
        for sa in exactly(&docs, "ServiceAccount", 1, ctx) {
            assert_eq!(sa["automountServiceAccountToken"], false);
        }
        let cm = config_map(&docs, &values, ctx);
        let conf = cm["data"]["redis.conf"].as_str().expect("redis.conf");
        assert!(!conf.contains("requirepass") && conf.contains("protected-mode yes"), "no password in a ConfigMap");
        let sentinel = cm["data"]["sentinel.conf"].as_str();
        assert_eq!(sentinel.is_some(), values.is_sentinel(), "{files}: sentinel.conf in Sentinel mode only");
        if let Some(sentinel) = sentinel {
            assert!(!sentinel.contains("auth-pass") && !sentinel.contains("requirepass"), "{files}");
            assert!(sentinel.contains("protected-mode yes"), "{files}: the Sentinels require the password");
        }
    }
}

#[test]
fn every_redis_container_hands_over_before_it_stops() {
    for r in rendered() {
        let sts = exactly(&r.docs, "StatefulSet", 1, &r.label)[0];
        let redis = &sts["spec"]["template"]["spec"]["containers"][0];
        assert_eq!(redis["name"], "redis", "{}", r.label);
        let hook = &redis["lifecycle"]["preStop"]["exec"]["command"];
        assert_eq!(hook, &serde_json::json!(["sh", "/conf/handoff.sh"]), "{}", r.label);
        let cm = config_map(&r.docs, &r.values, &r.label);
        assert!(cm["data"]["handoff.sh"].is_string(), "{}: the hook's script is in the ConfigMap", r.label);
    }
}

#[test]
fn config_changes_roll_the_pods() {
    let checksum = |sets: &[&str]| {
        let docs = docs(&["values/default.yaml"], sets);
        of_kind(&docs, "StatefulSet")[0]["spec"]["template"]["metadata"]["annotations"]["checksum/config"].clone()
    };
    assert_eq!(checksum(&[]), checksum(&[]));
    assert_ne!(checksum(&[]), checksum(&["redis.maxclients=500"]));
    assert_eq!(checksum(&[]), checksum(&["resources.requests.cpu=200m"]), "only config changes the checksum");
}

#[test]
fn documents_are_in_install_order() {
    let order = [
        "Namespace",
        "NetworkPolicy",
        "ServiceAccount",
        "Secret",
        "ConfigMap",
        "Certificate",
        "PersistentVolume",
        "Service",
        "ServiceMonitor",
        "PrometheusRule",
        "PodDisruptionBudget",
        "StatefulSet",
        "CronJob",
        "Job",
    ];
    for Rendered { label: files, docs, .. } in rendered() {
        assert!(docs.len() >= 6, "{files}: a whole bundle");
        let ranks: Vec<usize> =
            docs.iter().map(|d| order.iter().position(|k| d["kind"] == *k).expect("known kind")).collect();
        assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{files}: {ranks:?}");
    }
}
