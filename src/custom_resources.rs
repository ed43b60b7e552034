//! The custom resources rgen renders (cert-manager's Certificate, prometheus-operator's
//! ServiceMonitor and PrometheusRule), typed with the fields of
//! their CRD schemas that rgen writes, so that conformance catches a typo in a template as
//! k8s-openapi does for the built-in kinds. CI also validates them against the full CRD
//! schemas (scripts/validate-crds.mjs).

// The fields are read by serde only: deserializing is the check.
#![allow(dead_code)]

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::Deserialize;

/// `cert-manager.io/v1` Certificate.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Certificate {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: CertificateSpec,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CertificateSpec {
    pub secret_name: String,
    pub secret_template: Option<SecretTemplate>,
    pub issuer_ref: IssuerReference,
    pub duration: Option<String>,
    pub renew_before: Option<String>,
    pub private_key: Option<PrivateKey>,
    pub usages: Vec<String>,
    pub dns_names: Vec<String>,
    pub ip_addresses: Vec<String>,
}

#[derive(Deserialize)]
pub(crate) struct SecretTemplate {
    pub labels: Option<BTreeMap<String, String>>,
    pub annotations: Option<BTreeMap<String, String>>,
}

#[derive(Deserialize)]
pub(crate) struct IssuerReference {
    pub name: String,
    pub kind: Option<String>,
    pub group: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PrivateKey {
    pub algorithm: Option<String>,
    pub size: Option<u32>,
    pub rotation_policy: Option<String>,
}

/// `monitoring.coreos.com/v1` ServiceMonitor.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ServiceMonitor {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: ServiceMonitorSpec,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ServiceMonitorSpec {
    pub selector: k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector,
    pub namespace_selector: Option<NamespaceSelector>,
    pub endpoints: Vec<Endpoint>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NamespaceSelector {
    pub match_names: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Endpoint {
    pub port: String,
    pub interval: Option<String>,
    pub scrape_timeout: Option<String>,
}

/// `monitoring.coreos.com/v1` PrometheusRule.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PrometheusRule {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: PrometheusRuleSpec,
}

#[derive(Deserialize)]
pub(crate) struct PrometheusRuleSpec {
    pub groups: Vec<RuleGroup>,
}

#[derive(Deserialize)]
pub(crate) struct RuleGroup {
    pub name: String,
    pub rules: Vec<Rule>,
}

#[derive(Deserialize)]
pub(crate) struct Rule {
    pub alert: String,
    pub expr: String,
    #[serde(rename = "for")]
    pub for_: Option<String>,
    pub labels: Option<BTreeMap<String, String>>,
    pub annotations: Option<BTreeMap<String, String>>,
}
