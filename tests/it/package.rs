//! `rgen package`, run as the real binary: the archive is read back in-process (layout, order,
//! owner, mtime, contents), and installed with real Helm.

use std::fs;
use std::io::Read;
use std::path::Path;

use crate::support::{objects, rgen, run_tool, scratch, tool};

const SENTINEL: &str = "values/seed-003-sentinel.yaml";
/// Braces in user values must reach the cluster verbatim, not be read by Helm.
const BRACES: &str = "name: cache\nnamespace: apps\nannotations:\n  note: \"{{ .Release.Name }} }}\"\n";

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// One entry of a chart archive.
#[derive(Debug)]
struct Entry {
    path: String,
    uid: u64,
    gid: u64,
    mode: u32,
    mtime: u64,
    text: String,
}

fn entries(archive: &Path) -> Vec<Entry> {
    let gz = flate2::read::GzDecoder::new(fs::File::open(archive).expect("archive"));
    let mut tar = tar::Archive::new(gz);
    tar.entries()
        .expect("a tar")
        .map(|e| {
            let mut e = e.expect("entry");
            let h = e.header().clone();
            let mut text = String::new();
            e.read_to_string(&mut text).expect("text entry");
            Entry {
                path: e.path().expect("path").to_string_lossy().into_owned(),
                uid: h.uid().unwrap(),
                gid: h.gid().unwrap(),
                mode: h.mode().unwrap(),
                mtime: h.mtime().unwrap(),
                text,
            }
        })
        .collect()
}

/// `rgen package ARGS -o DIR`; returns the archive's path.
fn package(inputs: &[&str], dir: &Path) -> String {
    let mut args = vec!["package", "-o", path(dir)];
    args.extend(inputs);
    let run = rgen(&args, None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout.trim().to_owned()
}

#[test]
fn package_is_a_byte_deterministic_chart_archive() {
    let root = scratch("package");
    let values = root.join("values.yaml");
    fs::write(&values, BRACES).unwrap();
    let (one, two) = (root.join("one"), root.join("two"));
    let archive = package(&[path(&values), "--chart-version", "1.4.0"], &one);
    assert_eq!(archive, path(&one.join("cache-1.4.0.tgz")), "stdout names the archive");
    let again = package(&[path(&values), "--chart-version", "1.4.0"], &two);
    assert_eq!(fs::read(&archive).unwrap(), fs::read(&again).unwrap(), "same inputs, same bytes");

    let entries = entries(Path::new(&archive));
    let names: Vec<&str> = entries.iter().map(|e| e.path.as_str()).collect();
    let rendered = rgen(&["render", path(&values)], None).stdout;
    let resources = objects(&rendered).len();
    assert_eq!(
        names.len(),
        4 + resources + 1,
        "Chart.yaml, README, schema, values, one template per object, NOTES: {names:?}"
    );
    for expected in [
        "cache/Chart.yaml",
        "cache/README.md",
        "cache/values.schema.json",
        "cache/values.yaml",
        "cache/templates/statefulset-cache.yaml",
        "cache/templates/NOTES.txt",
    ] {
        assert!(names.contains(&expected), "{expected} missing from {names:?}");
    }
    assert!(names.windows(2).all(|w| w[0] < w[1]), "entries are sorted: {names:?}");
    for e in &entries {
        assert_eq!((e.uid, e.gid, e.mode, e.mtime), (0, 0, 0o644, 0), "{}", e.path);
    }
    let text = |name: &str| &entries.iter().find(|e| e.path == name).expect(name).text;
    assert_eq!(text("cache/values.schema.json"), &rgen(&["schema"], None).stdout);
    let chart = text("cache/Chart.yaml");
    assert_eq!(
        chart,
        &format!(
            "apiVersion: v2\nname: cache\ndescription: \"Redis Cluster `cache` in namespace `apps`, rendered and validated by rgen {}\"\ntype: application\nversion: \"1.4.0\"\nappVersion: \"7.2.11\"\n",
            env!("CARGO_PKG_VERSION")
        )
    );
    assert_eq!(
        text("cache/templates/serviceaccount-cache.yaml")
            .matches(r#"{{ "{{" }} .Release.Name {{ "}}" }} {{ "}}" }}"#)
            .count(),
        1,
        "braces are escaped for Helm"
    );
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn a_chart_version_that_is_not_semver_is_a_usage_error() {
    let root = scratch("package-semver");
    let run = rgen(&["package", "--chart-version", "1.4", "-o", path(&root)], None);
    assert_eq!((run.code, run.stdout.as_str()), (2, ""));
    assert!(
        run.stderr.ends_with(
            "error: chart version `1.4` is not SemVer 2 (MAJOR.MINOR.PATCH[-PRE][+BUILD], e.g. 1.4.0), which Helm requires\n"
        ),
        "{}",
        run.stderr
    );
    assert!(crate::support::files_in(&root).is_empty(), "nothing is written");
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn the_package_values_file_never_holds_the_password() {
    let root = scratch("package-password");
    let archive = package(&["--set", "auth.password=s3cret-s3cret-s3cret"], &root);
    let entries = entries(Path::new(&archive));
    let values = &entries.iter().find(|e| e.path.ends_with("/values.yaml")).expect("values.yaml").text;
    assert!(!values.contains("s3cret"), "{values}");
    assert!(values.contains("# auth.password is left out: it is only in the Secret under templates/.\n"), "{values}");
    let secret =
        &entries.iter().find(|e| e.path.ends_with("/templates/secret-redis-cluster-auth.yaml")).expect("secret");
    assert!(secret.text.contains(&rgen::render::base64(b"s3cret-s3cret-s3cret")), "the Secret holds it");
    fs::remove_dir_all(root).unwrap();
}

#[test]
#[ignore = "needs helm: run scripts/test.sh, which installs it"]
fn helm_lints_and_templates_the_same_objects_as_render() {
    let root = scratch("package-helm");
    let values = root.join("values.yaml");
    fs::write(&values, BRACES).unwrap();
    let helm = tool("helm");
    let archive = package(&[path(&values), "--chart-version", "1.4.0"], &root);
    let lint = run_tool(&helm, &["lint", &archive]);
    assert!(lint.contains("1 chart(s) linted, 0 chart(s) failed"), "{lint}");
    let templated = run_tool(&helm, &["template", "cache", &archive, "--namespace", "apps"]);
    let rendered = rgen(&["render", path(&values)], None).stdout;
    assert_eq!(objects(&templated), objects(&rendered), "helm template differs from rgen render");
    assert!(templated.contains("note: \"{{ .Release.Name }} }}\""), "{templated}");
    let chart = run_tool(&helm, &["show", "chart", &archive]);
    assert!(chart.contains("version: 1.4.0\n"), "{chart}");

    // A Sentinel bundle packages the same way.
    let archive = package(&[SENTINEL], &root);
    let templated = run_tool(&helm, &["template", "s", &archive]);
    assert_eq!(objects(&templated), objects(&rgen(&["render", SENTINEL], None).stdout));
    fs::remove_dir_all(root).unwrap();
}

#[test]
#[ignore = "needs helm: run scripts/test.sh, which installs it"]
fn helm_test_runs_the_smoke_test_and_alert_templates_stay_verbatim() {
    let root = scratch("package-smoke");
    let helm = tool("helm");
    let inputs = ["values/production.yaml", "--set", "smokeTest.enabled=true"];
    let archive = package(&[&inputs[..], &["--chart-version", "1.0.0"]].concat(), &root);
    let installed = run_tool(&helm, &["template", "cache", &archive, "--namespace", "redis-prod", "--skip-tests"]);
    let mut rendered = objects(&rgen(&[&["render"][..], &inputs[..]].concat(), None).stdout);
    let smoke_job = |o: &serde_json::Value| {
        o["kind"] == "Job" && o["metadata"]["labels"]["app.kubernetes.io/component"] == "smoke-test"
    };
    assert_eq!(rendered.iter().filter(|o| smoke_job(o)).count(), 1, "render has the smoke-test Job");
    rendered.retain(|o| !smoke_job(o));
    assert_eq!(objects(&installed), rendered, "on install: every object but the smoke test, as rendered");
    assert!(installed.contains("{{ $labels.pod }}"), "alert templates reach Prometheus verbatim");

    let with_tests = run_tool(&helm, &["template", "cache", &archive, "--namespace", "redis-prod"]);
    let tests: Vec<serde_json::Value> =
        objects(&with_tests).into_iter().filter(|o| o["metadata"]["annotations"]["helm.sh/hook"] == "test").collect();
    assert_eq!(tests.len(), 1, "one test hook");
    assert_eq!((&tests[0]["kind"], &tests[0]["metadata"]["name"]), (&"Pod".into(), &"cache-smoke-test".into()));
    assert_eq!(tests[0]["spec"]["containers"][0]["command"], serde_json::json!(["sh", "/conf/smoke-test.sh"]));
    assert_eq!(tests[0]["spec"]["restartPolicy"], "Never");
    fs::remove_dir_all(root).unwrap();
}
