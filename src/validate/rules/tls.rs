//! `tls`: exactly one certificate source when on, nothing set when off, distinct Secret keys, a
//! renewal window cert-manager accepts, a plaintext port that collides with nothing, and a
//! warning when clients would be sent to pod IPs no certificate names.

use super::Findings;
use crate::values::{DeploymentMode, EndpointType, GoDuration, Values};

pub(super) fn check(v: &Values, f: &mut Findings) {
    let t = &v.tls;
    if !t.enabled {
        let set: [(&str, bool); 3] = [
            ("existingSecret", t.existing_secret.is_some()),
            ("certManager", t.cert_manager.is_some()),
            ("plaintextPort", t.plaintext_port.is_some()),
        ];
        for (key, _) in set.iter().filter(|(_, is_set)| *is_set) {
            f.error(
                &["tls", key],
                format!("tls.enabled is false, so tls.{key} would be ignored"),
                Some("remove it, or set tls.enabled: true"),
            );
        }
        return;
    }
    match (&t.existing_secret, &t.cert_manager) {
        (Some(_), Some(_)) => f.error(
            &["tls", "certManager"],
            "set tls.existingSecret or tls.certManager, not both",
            Some("one certificate source: your own Secret, or a Certificate rgen renders for cert-manager"),
        ),
        (None, None) => f.error(
            &["tls", "enabled"],
            "TLS is on but no certificate source is set",
            Some("add tls.certManager.issuerRef.name (cert-manager) or tls.existingSecret.name (your Secret)"),
        ),
        _ => {}
    }
    if let Some(s) = &t.existing_secret {
        let keys = [("certKey", &s.cert_key), ("keyKey", &s.key_key), ("caKey", &s.ca_key)];
        for (i, (field, key)) in keys.iter().enumerate() {
            if let Some((other, _)) = keys[..i].iter().find(|(_, k)| k == key) {
                f.error(
                    &["tls", "existingSecret", field],
                    format!("`{key}` is also tls.existingSecret.{other}"),
                    Some("the certificate, its key and the CA are three different keys of the Secret"),
                );
            }
        }
    }
    if let Some(cm) = &t.cert_manager {
        check_renewal(&cm.duration, &cm.renew_before, f);
    }
    if let Some(port) = t.plaintext_port {
        let taken =
            [("redis.port", v.redis.port), ("redis.busPort", v.redis.bus_port), ("sentinel.port", v.sentinel.port)];
        let relevant = |name: &str| match v.mode {
            DeploymentMode::Cluster => name != "sentinel.port",
            DeploymentMode::Sentinel => name != "redis.busPort",
        };
        if let Some((name, _)) = taken.iter().find(|(name, p)| *p == port && relevant(name)) {
            f.error(
                &["tls", "plaintextPort"],
                format!("port {port} is already {name}"),
                Some("TLS is served on redis.port; the plaintext port needs a port of its own, e.g. 6380"),
            );
        }
    }
    if v.mode == DeploymentMode::Cluster && v.cluster.preferred_endpoint_type == EndpointType::Ip {
        f.warn(
            &["cluster", "preferredEndpointType"],
            "with TLS, clients that verify the certificate cannot follow MOVED/CLUSTER SLOTS to pod IPs: \
             no certificate names a pod IP, which changes on every restart",
            Some("set cluster.preferredEndpointType: hostname (the certificate names *.<headless Service>)"),
        );
    }
}

/// cert-manager refuses a certificate shorter than an hour, or renewed less than 5 minutes
/// before expiry or only after it.
fn check_renewal(duration: &GoDuration, renew_before: &GoDuration, f: &mut Findings) {
    let (Some(life), Some(renew)) = (duration.to_ms(), renew_before.to_ms()) else { return };
    let (duration, renew_before) = (duration.as_str(), renew_before.as_str());
    if life < 3600e3 {
        f.error(
            &["tls", "certManager", "duration"],
            format!("{duration} is shorter than cert-manager's minimum of 1h"),
            None,
        );
    } else if renew >= life {
        f.error(
            &["tls", "certManager", "renewBefore"],
            format!("{renew_before} is not shorter than the certificate's duration ({duration})"),
            Some("renew well before expiry, e.g. duration 2160h (90 days) with renewBefore 360h (15 days)"),
        );
    } else if renew < 300e3 {
        f.error(
            &["tls", "certManager", "renewBefore"],
            format!("{renew_before} is shorter than cert-manager's minimum of 5m"),
            Some("leave the pods time to load the renewed files (rgen checks every 10 s): e.g. 360h"),
        );
    }
}
