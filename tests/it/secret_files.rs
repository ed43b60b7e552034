//! The Secrets reach the containers as files, never as environment variables: the password
//! (and during a rotation the passwords also accepted, in the pods only) and the TLS files.

use serde_json::Value;

use crate::invariants::{PASSWORD, PASSWORD_SET, docs, exactly, of_kind};

#[test]
fn a_given_password_goes_only_into_the_secret() {
    for (file, sets) in [
        ("values/default.yaml", vec![PASSWORD_SET]),
        ("values/seed-003-sentinel.yaml", vec!["auth.existingSecret=null", PASSWORD_SET]),
    ] {
        let docs = docs(&[file], &sets);
        let secret = exactly(&docs, "Secret", 1, file)[0];
        assert_eq!(secret["data"]["password"], rgen::render::base64(PASSWORD.as_bytes()));
        let sts = of_kind(&docs, "StatefulSet")[0];
        let containers = sts["spec"]["template"]["spec"]["containers"].as_array().unwrap();
        assert!(!containers.is_empty(), "{file}: containers");
        let auth = secret_volume(&sts["spec"]["template"]["spec"], "auth");
        assert_eq!(auth["secretName"], secret["metadata"]["name"], "{file}");
        for container in containers {
            assert!(secret_mounts(&sts["spec"]["template"]["spec"], container).contains(&"/auth".to_owned()));
        }
        let text = serde_json::to_string(&docs.iter().filter(|d| d["kind"] != "Secret").collect::<Vec<_>>()).unwrap();
        assert!(!text.contains(PASSWORD), "{file}: the password appears nowhere but the Secret");
    }
}

#[test]
fn each_rotation_key_reaches_the_pods_from_the_same_secret_and_never_the_job() {
    let sets = ["auth.existingSecret.key=password-b", "auth.existingSecret.alsoAcceptKeys=[password-a,password-c]"];
    let docs = docs(&["values/production.yaml"], &sets);
    let items = |spec: &Value| {
        let auth = secret_volume(spec, "auth");
        assert_eq!(auth["secretName"], "cache-redis-password");
        auth["items"].clone()
    };
    let sts = exactly(&docs, "StatefulSet", 1, "production")[0];
    let expected = serde_json::json!([
        {"key": "password-b", "path": "password"},
        {"key": "password-a", "path": "also-accept-0"},
        {"key": "password-c", "path": "also-accept-1"},
    ]);
    assert_eq!(items(&sts["spec"]["template"]["spec"]), expected);
    let job = exactly(&docs, "Job", 1, "production")[0];
    let only_current = serde_json::json!([{"key": "password-b", "path": "password"}]);
    assert_eq!(items(&job["spec"]["template"]["spec"]), only_current, "the Job uses one password");
}

/// The Secret volume `name` of a pod spec.
pub(crate) fn secret_volume<'a>(pod: &'a Value, name: &str) -> &'a Value {
    let volumes = pod["volumes"].as_array().expect("volumes");
    &volumes.iter().find(|v| v["name"] == name).unwrap_or_else(|| panic!("no volume {name}"))["secret"]
}

/// Where container `c` mounts the pod's Secret volumes.
pub(crate) fn secret_mounts(pod: &Value, c: &Value) -> Vec<String> {
    let volumes = pod["volumes"].as_array().expect("volumes");
    let is_secret = |name: &Value| volumes.iter().any(|v| v["name"] == *name && v.get("secret").is_some());
    let mounts = c["volumeMounts"].as_array().expect("volumeMounts");
    mounts.iter().filter(|m| is_secret(&m["name"])).map(|m| m["mountPath"].as_str().unwrap().to_owned()).collect()
}
