//! The cert-manager Certificate (`tls.certManager`): one certificate every pod presents, as a
//! server to clients and as a client to its peers (the cluster bus and replication always
//! authenticate both ends). Its names cover every way rgen's pods and clients reach a pod.

use serde::Serialize;

use super::names::{Names, peer_domain};
use crate::values::{IssuerRef, Values};

#[derive(Debug, Serialize)]
pub(crate) struct CertificateModel {
    pub name: String,
    pub secret_name: String,
    pub dns_names: Vec<String>,
    pub ip_addresses: Vec<&'static str>,
    pub duration: String,
    pub renew_before: String,
    pub issuer_ref: IssuerRef,
}

pub(crate) fn certificate(v: &Values, names: &Names) -> Option<CertificateModel> {
    let cm = v.tls.cert_manager.as_ref().filter(|_| v.tls.enabled)?;
    let services = [&names.client, &names.headless];
    let mut dns_names = vec![format!("*.{}", peer_domain(v, names))];
    for service in services {
        let ns = &v.namespace;
        dns_names.extend([
            format!("{service}.{ns}.svc.{}", v.cluster_domain),
            format!("{service}.{ns}.svc"),
            format!("{service}.{ns}"),
            service.clone(),
        ]);
    }
    // Clients outside verify the names the pods announce (externalAccess).
    dns_names.extend(super::external::external_names(v));
    // Probes and the preStop hook talk to their own pod.
    dns_names.push("localhost".into());
    Some(CertificateModel {
        name: names.tls.clone(),
        secret_name: names.tls.clone(),
        dns_names,
        ip_addresses: vec!["127.0.0.1", "::1"],
        duration: cm.duration.as_str().to_owned(),
        renew_before: cm.renew_before.as_str().to_owned(),
        issuer_ref: cm.issuer_ref.clone(),
    })
}
