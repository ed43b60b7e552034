//! Rendering: values → Kubernetes manifests, one template per resource kind.

mod context;
mod encode;
mod names;

use std::sync::OnceLock;

use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde_json::{Value, json};

pub use encode::{base64, sha256_hex};
pub use names::{Names, peer_domain};

use crate::values::Values;
use crate::yaml::write;

/// The pod start script (healing), shipped in the ConfigMap.
pub const START_NODE_SCRIPT: &str = include_str!("../../templates/scripts/start-node.sh");
/// Helpers the start scripts source (binaries, logging, password quoting, peers).
pub const LIB_SCRIPT: &str = include_str!("../../templates/scripts/lib.sh");
/// The probe script, shipped in the ConfigMap.
pub const PROBE_SCRIPT: &str = include_str!("../../templates/scripts/probe.sh");
/// The bootstrap Job's script (formation, repair, scale-out), shipped in the ConfigMap.
pub const BOOTSTRAP_SCRIPT: &str = include_str!("../../templates/scripts/bootstrap.sh");
/// Sentinel mode: the Redis container's start script (the master election).
pub const START_REDIS_SCRIPT: &str = include_str!("../../templates/scripts/start-redis.sh");
/// Sentinel mode: the Sentinel container's start script (its state across restarts).
pub const START_SENTINEL_SCRIPT: &str = include_str!("../../templates/scripts/start-sentinel.sh");
/// Stands in for the Job's name while its content is hashed.
const JOB_NAME_PLACEHOLDER: &str = "rgen-job-name-placeholder";

/// A Kubernetes template of templates/k8s/, embedded under its file name.
macro_rules! k8s_template {
    ($file:literal) => {
        ($file, include_str!(concat!("../../templates/k8s/", $file)))
    };
}

const TEMPLATES: &[(&str, &str)] = &[
    ("redis.conf", include_str!("../../templates/redis.conf.j2")),
    ("sentinel.conf", include_str!("../../templates/sentinel.conf.j2")),
    k8s_template!("namespace.yaml"),
    k8s_template!("networkpolicy.yaml"),
    k8s_template!("networkpolicy-bootstrap.yaml"),
    k8s_template!("serviceaccount.yaml"),
    k8s_template!("secret.yaml"),
    k8s_template!("configmap.yaml"),
    k8s_template!("persistentvolume.yaml"),
    k8s_template!("service-headless.yaml"),
    k8s_template!("service-client.yaml"),
    k8s_template!("poddisruptionbudget.yaml"),
    k8s_template!("statefulset.yaml"),
    k8s_template!("job.yaml"),
];

/// One rendered Kubernetes document and the template it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    pub template: &'static str,
    /// The document, ending in exactly one newline, without the `---` separator.
    pub text: String,
}

/// A template failed: always a bug in rgen, never a problem with the values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("internal error in template {template}: {message}")]
pub struct RenderError {
    pub template: String,
    pub message: String,
}

fn environment() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|_| AutoEscape::None);
        env.add_filter("y", |v: minijinja::Value| -> Result<String, minijinja::Error> {
            Ok(write::scalar(&to_json(&v)?))
        });
        env.add_filter("toyaml", |v: minijinja::Value, indent: usize| -> Result<String, minijinja::Error> {
            Ok(write::to_block(&to_json(&v)?, indent))
        });
        env.add_filter("block", |v: String, indent: usize| write::block(&v, indent));
        env.add_filter("yesno", |v: bool| if v { "yes" } else { "no" });
        for (name, source) in TEMPLATES {
            env.add_template(name, source).expect("embedded templates parse");
        }
        env
    })
}

fn to_json(v: &minijinja::Value) -> Result<Value, minijinja::Error> {
    serde_json::to_value(v).map_err(|e| minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, e.to_string()))
}

fn render_template(name: &'static str, ctx: &minijinja::Value) -> Result<String, RenderError> {
    let error = |e: minijinja::Error| RenderError { template: name.to_owned(), message: format!("{e:#}") };
    let mut text = environment().get_template(name).map_err(error)?.render(ctx).map_err(error)?;
    let trimmed = text.trim_end_matches('\n').len();
    text.truncate(trimmed);
    text.push('\n');
    Ok(text)
}

/// The files of the ConfigMap, in the order they are written.
pub fn config_files(v: &Values, ctx: &minijinja::Value) -> Result<Vec<(&'static str, String)>, RenderError> {
    let redis_conf = render_template("redis.conf", ctx)?;
    Ok(if v.is_sentinel() {
        vec![
            ("redis.conf", redis_conf),
            ("sentinel.conf", render_template("sentinel.conf", ctx)?),
            ("lib.sh", LIB_SCRIPT.to_owned()),
            ("start-redis.sh", START_REDIS_SCRIPT.to_owned()),
            ("start-sentinel.sh", START_SENTINEL_SCRIPT.to_owned()),
            ("probe.sh", PROBE_SCRIPT.to_owned()),
        ]
    } else {
        vec![
            ("redis.conf", redis_conf),
            ("lib.sh", LIB_SCRIPT.to_owned()),
            ("start-node.sh", START_NODE_SCRIPT.to_owned()),
            ("probe.sh", PROBE_SCRIPT.to_owned()),
            ("bootstrap.sh", BOOTSTRAP_SCRIPT.to_owned()),
        ]
    })
}

/// The Job forms Redis Clusters; Sentinel deployments elect their master themselves.
fn bootstrap_job(v: &Values) -> bool {
    !v.is_sentinel() && v.cluster.bootstrap.enabled
}

/// Renders every manifest of the bundle, in the order Helm would install them.
pub fn render(v: &Values) -> Result<Vec<Manifest>, RenderError> {
    let names = Names::new(v);
    let mut ctx = context::build(v, &names);
    let files = config_files(v, &minijinja::Value::from(minijinja::value::Serde(&ctx)))?;
    let checksum = sha256_hex(files.iter().flat_map(|(k, text)| [*k, text.as_str()]));
    ctx["config_files"] = json!(files.iter().map(|(k, text)| json!([k, text])).collect::<Vec<_>>());
    ctx["pod_annotations"]["checksum/config"] = json!(checksum);
    ctx["pod_annotations"] = context::sorted(ctx["pod_annotations"].take());
    let ctx = minijinja::Value::from(minijinja::value::Serde(&ctx));

    let mut out = Vec::new();
    let mut emit = |name: &'static str, ctx: &minijinja::Value| -> Result<(), RenderError> {
        out.push(Manifest { template: name, text: render_template(name, ctx)? });
        Ok(())
    };
    if v.create_namespace {
        emit("namespace.yaml", &ctx)?;
    }
    if v.network_policy.enabled {
        emit("networkpolicy.yaml", &ctx)?;
        if bootstrap_job(v) {
            emit("networkpolicy-bootstrap.yaml", &ctx)?;
        }
    }
    emit("serviceaccount.yaml", &ctx)?;
    if v.auth.enabled && v.auth.password.is_some() {
        emit("secret.yaml", &ctx)?;
    }
    emit("configmap.yaml", &ctx)?;
    let pvs = ctx
        .get_attr("pvs")
        .map_err(|e| RenderError { template: "persistentvolume.yaml".into(), message: e.to_string() })?;
    for pv in
        pvs.try_iter().map_err(|e| RenderError { template: "persistentvolume.yaml".into(), message: e.to_string() })?
    {
        emit("persistentvolume.yaml", &minijinja::context! { pv => pv, ..ctx.clone() })?;
    }
    emit("service-headless.yaml", &ctx)?;
    emit("service-client.yaml", &ctx)?;
    if v.pod_disruption_budget.enabled {
        emit("poddisruptionbudget.yaml", &ctx)?;
    }
    emit("statefulset.yaml", &ctx)?;
    if bootstrap_job(v) {
        let draft =
            render_template("job.yaml", &minijinja::context! { job_name => JOB_NAME_PLACEHOLDER, ..ctx.clone() })?;
        let hash = sha256_hex([draft.as_str(), checksum.as_str()]);
        let name = format!("{}-bootstrap-{}", names.statefulset, &hash[..8]);
        out.push(Manifest { template: "job.yaml", text: draft.replace(JOB_NAME_PLACEHOLDER, &name) });
    }
    Ok(out)
}
