//! Rendering: values → Kubernetes manifests. `model` derives everything the templates need in
//! one typed pass; each template of templates/k8s/ renders one resource kind.

mod alerts;
mod backup;
mod certificate;
mod config_files;
mod dashboard;
mod encode;
mod exporter;
mod external;
mod labels;
mod model;
mod names;
mod pod;
mod script_env;
mod secret_files;
mod templates;
mod volumes;

pub use encode::{base64, sha256_hex};
pub(crate) use external::external_names;

use minijinja::Value;

use crate::internal_error::InternalError;
use crate::values::Values;
use model::{JobPod, Model};
use templates::render_template;

/// One rendered Kubernetes document and the template it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    pub template: &'static str,
    /// The document, ending in exactly one newline, without the `---` separator.
    pub text: String,
}

/// Renders every manifest of the bundle, in the order Helm would install them.
pub fn render(v: &Values) -> Result<Vec<Manifest>, InternalError> {
    let model = Model::build(v)?;
    let ctx = Value::from(minijinja::value::Serde(&model));
    let mut out = Vec::new();
    let mut emit = |template: &'static str, ctx: &Value| -> Result<(), InternalError> {
        out.push(Manifest { template, text: render_template(template, ctx)? });
        Ok(())
    };
    if v.create_namespace {
        emit("namespace.yaml", &ctx)?;
    }
    if v.network_policy.enabled {
        emit("networkpolicy.yaml", &ctx)?;
        if model.job.is_some() {
            emit("networkpolicy-bootstrap.yaml", &ctx)?;
        }
        if model.backup.is_some() {
            emit("networkpolicy-backup.yaml", &ctx)?;
        }
    }
    emit("serviceaccount.yaml", &ctx)?;
    if model.auth_secret.is_some() {
        emit("secret.yaml", &ctx)?;
    }
    emit("configmap.yaml", &ctx)?;
    if !model.backup_files.is_empty() {
        emit("configmap-backup.yaml", &ctx)?;
    }
    if model.metrics.as_ref().is_some_and(|m| m.dashboard.is_some()) {
        emit("configmap-dashboard.yaml", &ctx)?;
    }
    if model.certificate.is_some() {
        emit("certificate.yaml", &ctx)?;
    }
    for volume in &model.static_volumes {
        emit(
            "persistentvolume.yaml",
            &minijinja::context! { volume => Value::from(minijinja::value::Serde(volume)), ..ctx.clone() },
        )?;
    }
    emit("service-headless.yaml", &ctx)?;
    emit("service-client.yaml", &ctx)?;
    for service in model.external.iter().flat_map(|x| &x.services) {
        emit(
            "service-external.yaml",
            &minijinja::context! { service => Value::from(minijinja::value::Serde(service)), ..ctx.clone() },
        )?;
    }
    if let Some(metrics) = &model.metrics {
        emit("service-metrics.yaml", &ctx)?;
        if metrics.service_monitor.is_some() {
            emit("servicemonitor.yaml", &ctx)?;
        }
        if metrics.prometheus_rule.is_some() {
            emit("prometheusrule.yaml", &ctx)?;
        }
    }
    if v.pod_disruption_budget.enabled {
        emit("poddisruptionbudget.yaml", &ctx)?;
    }
    emit("statefulset.yaml", &ctx)?;
    if model.backup.is_some() {
        emit("cronjob-backup.yaml", &ctx)?;
    }
    for job in [&model.job, &model.smoke_test].into_iter().flatten() {
        out.push(hashed_job(job, &model, &ctx)?);
    }
    Ok(out)
}

/// A Job whose name carries a hash of its content (Job specs are immutable): rendered once
/// without a name to hash it, then with `<statefulset>-<container>-<hash>`.
fn hashed_job(job: &JobPod, model: &Model, ctx: &Value) -> Result<Manifest, InternalError> {
    let template = "job.yaml";
    let run = Value::from(minijinja::value::Serde(job));
    let draft = render_template(template, &minijinja::context! { job_name => "", run => run.clone(), ..ctx.clone() })?;
    let hash = sha256_hex([draft.as_str(), model.config_checksum.as_str()]);
    let job_name = format!("{}-{}-{}", model.names.statefulset, job.container, &hash[..8]);
    Ok(Manifest { template, text: render_template(template, &minijinja::context! { job_name, run, ..ctx.clone() })? })
}
