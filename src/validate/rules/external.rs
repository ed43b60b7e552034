//! External access: one valid, unique DNS name per pod, a password, an engine that announces
//! hostnames, CIDRs the Services and the NetworkPolicy can take.

use std::collections::BTreeSet;

use super::Findings;
use crate::syntax::is_dns_subdomain;
use crate::values::Values;

pub(super) fn check(v: &Values, f: &mut Findings) {
    let x = &v.external_access;
    if !x.enabled {
        return;
    }
    if !v.auth.enabled {
        f.error(
            &["externalAccess", "enabled"],
            "external access with auth off: anyone who reaches a load balancer could read and write every key",
            Some("turn auth on (auth.enabled: true)"),
        );
    }
    match (&x.hostname, x.hostnames.is_empty()) {
        (None, true) => f.error(
            &["externalAccess"],
            "external access needs the pods' external names: externalAccess.hostname or externalAccess.hostnames",
            Some("e.g. hostname: \"{pod}.redis.example.com\""),
        ),
        (Some(_), false) => f.error(
            &["externalAccess", "hostnames"],
            "externalAccess.hostname and externalAccess.hostnames are both set",
            Some("keep one: a template, or the list"),
        ),
        (Some(t), true) if !t.contains("{pod}") && !t.contains("{ordinal}") => f.error(
            &["externalAccess", "hostname"],
            format!("`{t}` names every pod alike: the template needs {{pod}} or {{ordinal}}"),
            Some("e.g. \"{pod}.redis.example.com\""),
        ),
        (None, false) if x.hostnames.len() != v.pods() as usize => f.error(
            &["externalAccess", "hostnames"],
            format!("{} names for {} pods: one per pod, in ordinal order", x.hostnames.len(), v.pods()),
            None,
        ),
        _ => names(v, f),
    }
    if let Some(major) = image_major(&v.image.tag).filter(|m| *m < 7) {
        f.error(
            &["image", "tag"],
            format!(
                "{}: external access needs Redis 7.0 or later (cluster-announce-hostname); this is {major}.x",
                v.image.tag
            ),
            Some("use redis 7.0+ or valkey 7.2+"),
        );
    }
    for (field, list) in
        [("loadBalancerSourceRanges", &x.load_balancer_source_ranges), ("clientCidrs", &x.client_cidrs)]
    {
        f.cidrs(&["externalAccess", field], list, "e.g. 203.0.113.0/24");
    }
}

/// Every pod's name: a DNS name, different from the others.
fn names(v: &Values, f: &mut Findings) {
    let x = &v.external_access;
    let field = if x.hostname.is_some() { "hostname" } else { "hostnames" };
    let mut seen = BTreeSet::new();
    for ordinal in 0..v.pods() {
        let Some(name) = x.name_of(&v.name, ordinal) else { continue };
        let index = ordinal.to_string();
        let path: Vec<&str> =
            if field == "hostname" { vec!["externalAccess", field] } else { vec!["externalAccess", field, &index] };
        if !is_dns_subdomain(&name) || !name.contains('.') {
            f.error(
                &path,
                format!("`{name}` (pod {ordinal}) is not a DNS name clients can resolve"),
                Some("lowercase letters, digits, '-' and '.', e.g. cache-0.redis.example.com"),
            );
            return;
        }
        if !seen.insert(name.clone()) {
            f.error(&path, format!("`{name}` names two pods: each pod needs its own name"), None);
            return;
        }
    }
}

/// The major version of an image tag like `7.2.11`, `7.0-alpine` or `8.1`; `None` otherwise.
fn image_major(tag: &str) -> Option<u32> {
    tag.split(['.', '-']).next()?.parse().ok()
}
