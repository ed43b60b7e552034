//! A rendered bundle as the harness reads it: its documents, its values, and its Secrets decoded.

use std::collections::BTreeMap;

use rgen::values::Values;
use serde_json::Value;

/// A rendered bundle as the harness reads it.
pub struct Bundle {
    pub values: Values,
    pub docs: Vec<Value>,
}

impl Bundle {
    pub fn render(file: &str, sets: &[&str]) -> Bundle {
        let request = crate::support::request(&[file], sets);
        let bundle = rgen::bundle(&request).unwrap_or_else(|e| panic!("render {file} {sets:?}: {e:?}"));
        Bundle { docs: bundle.documents().unwrap(), values: bundle.values }
    }

    pub fn one(&self, kind: &str) -> &Value {
        let found: Vec<&Value> = self.docs.iter().filter(|d| d["kind"] == kind).collect();
        assert_eq!(found.len(), 1, "exactly one {kind} in the bundle");
        found[0]
    }

    /// The one Job of `component` (`bootstrap`, `smoke-test`).
    pub fn job(&self, component: &str) -> &Value {
        let found: Vec<&Value> = self
            .docs
            .iter()
            .filter(|d| d["kind"] == "Job" && d["metadata"]["labels"]["app.kubernetes.io/component"] == component)
            .collect();
        assert_eq!(found.len(), 1, "exactly one {component} Job in the bundle");
        found[0]
    }

    pub fn named(&self, kind: &str, name: &str) -> &Value {
        self.docs
            .iter()
            .find(|d| d["kind"] == kind && d["metadata"]["name"] == name)
            .unwrap_or_else(|| panic!("{kind} {name} is not in the bundle"))
    }

    /// The password rgen's components use (REDISCLI_AUTH): from the rendered Secret, or from
    /// `secrets` (name, key) → value, which stand in for Secrets the bundle does not render.
    pub fn password(&self, secrets: &BTreeMap<(String, String), String>) -> String {
        let v = &self.values;
        match &v.auth.existing_secret {
            Some(s) => secrets
                .get(&(s.name.clone(), s.key.clone()))
                .cloned()
                .unwrap_or_else(|| panic!("the test provides Secret {} key {}", s.name, s.key)),
            None => v.auth.password.clone().unwrap_or_default(),
        }
    }

    /// The pods' terminationGracePeriodSeconds, which bounds their preStop hook.
    pub fn grace_seconds(&self) -> u64 {
        self.one("StatefulSet")["spec"]["template"]["spec"]["terminationGracePeriodSeconds"].as_u64().unwrap()
    }

    /// The pod DNS name of StatefulSet pod `ordinal`.
    /// The name pod `ordinal` announces to clients outside Kubernetes (`externalAccess`).
    pub fn external_name(&self, ordinal: u32) -> Option<String> {
        self.values.external_access.name_of(&self.values.name, ordinal)
    }

    /// The name a Sentinel deployment knows pod `ordinal` by (what the Sentinels hand out): its
    /// external name with external access, else its DNS name.
    pub fn known_name(&self, ordinal: u32) -> String {
        self.external_name(ordinal).filter(|_| self.values.is_sentinel()).unwrap_or_else(|| self.hostname(ordinal))
    }

    pub fn hostname(&self, ordinal: u32) -> String {
        let v = &self.values;
        format!("{}-{ordinal}.{}-headless.{}.svc.{}", v.name, v.name, v.namespace, v.cluster_domain)
    }
}

/// A Secret value from the bundle (base64-decoded).
pub fn secret_value(bundle: &Bundle, name: &str, key: &str) -> String {
    let secret = bundle.named("Secret", name);
    let encoded = secret["data"][key].as_str().unwrap_or_else(|| panic!("Secret {name} has no key {key}"));
    String::from_utf8(decode_base64(encoded)).expect("utf-8 secret")
}

fn decode_base64(s: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let bytes: Vec<u8> = s.bytes().filter(|b| *b != b'=').map(value).collect();
    bytes
        .chunks(4)
        .flat_map(|c| {
            let n = c.iter().enumerate().fold(0u32, |acc, (i, v)| acc | (u32::from(*v) << (18 - 6 * i)));
            (0..c.len().saturating_sub(1)).map(move |i| (n >> (16 - 8 * i)) as u8)
        })
        .collect()
}
