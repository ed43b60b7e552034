//! The embedded templates and the one minijinja environment that renders them. Templates hold
//! no logic beyond `if`, `for` and the macros of `_macros.j2`; everything derived is computed
//! in Rust (the render model) and handed in typed.

use std::sync::OnceLock;

use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde_json::Value;

use crate::internal_error::InternalError;
use crate::yaml::write;

/// A template of templates/k8s/, embedded under its file name.
macro_rules! k8s_template {
    ($file:literal) => {
        ($file, include_str!(concat!("../../templates/k8s/", $file)))
    };
}

const TEMPLATES: &[(&str, &str)] = &[
    ("redis.conf", include_str!("../../templates/redis.conf.j2")),
    ("sentinel.conf", include_str!("../../templates/sentinel.conf.j2")),
    k8s_template!("_macros.j2"),
    k8s_template!("namespace.yaml"),
    k8s_template!("networkpolicy.yaml"),
    k8s_template!("networkpolicy-bootstrap.yaml"),
    k8s_template!("serviceaccount.yaml"),
    k8s_template!("secret.yaml"),
    k8s_template!("configmap.yaml"),
    k8s_template!("certificate.yaml"),
    k8s_template!("persistentvolume.yaml"),
    k8s_template!("service-headless.yaml"),
    k8s_template!("service-client.yaml"),
    k8s_template!("service-external.yaml"),
    k8s_template!("service-metrics.yaml"),
    k8s_template!("servicemonitor.yaml"),
    k8s_template!("prometheusrule.yaml"),
    k8s_template!("configmap-dashboard.yaml"),
    k8s_template!("poddisruptionbudget.yaml"),
    k8s_template!("statefulset.yaml"),
    k8s_template!("job.yaml"),
    k8s_template!("configmap-backup.yaml"),
    k8s_template!("networkpolicy-backup.yaml"),
    k8s_template!("cronjob-backup.yaml"),
];

fn environment() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|_| AutoEscape::None);
        // `y`: one scalar, quoted when YAML 1.1 or 1.2 could read it as something else.
        env.add_filter("y", |v: minijinja::Value| -> Result<String, minijinja::Error> {
            Ok(write::scalar(&to_json(&v)?))
        });
        // `toyaml(indent)`: a mapping or list as a block, each line indented.
        env.add_filter("toyaml", |v: minijinja::Value, indent: usize| -> Result<String, minijinja::Error> {
            Ok(write::to_block(&to_json(&v)?, indent))
        });
        // `block(indent)`: text as a literal block scalar (scripts, redis.conf).
        env.add_filter("block", |v: String, indent: usize| write::block(&v, indent));
        env.add_filter("yesno", |v: bool| if v { "yes" } else { "no" });
        // Compiled on first use: a render never pays for the templates it does not need (the
        // Job in Sentinel mode, PVs with dynamic storage, ...). A test compiles every one.
        env.set_loader(|name| Ok(TEMPLATES.iter().find(|(n, _)| *n == name).map(|(_, source)| *source)));
        env
    })
}

fn to_json(v: &minijinja::Value) -> Result<Value, minijinja::Error> {
    serde_json::to_value(v).map_err(|e| minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, e.to_string()))
}

/// Renders one template; the text ends in exactly one newline.
pub(crate) fn render_template(name: &'static str, ctx: &minijinja::Value) -> Result<String, InternalError> {
    let error = |e: minijinja::Error| InternalError::template(name, format!("{e:#}"));
    let mut text = environment().get_template(name).map_err(error)?.render(ctx).map_err(error)?;
    let trimmed = text.trim_end_matches('\n').len();
    text.truncate(trimmed);
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_embedded_template_compiles() {
        for (name, _) in super::TEMPLATES {
            super::environment().get_template(name).unwrap_or_else(|e| panic!("{name}: {e:#}"));
        }
    }
}
