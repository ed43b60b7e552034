//! `rgen plan`: exact transcripts of what it says for each kind of change, read from the output
//! directory of a previous render (files only, no cluster).

use std::path::Path;

use crate::support::scratch;
use crate::transcript::{Transcript, assert_transcript};

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// The output directory of `rgen render FILE --output-dir`, in a scratch directory.
fn rendered(test: &str, file: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let root = scratch(test);
    let dir = root.join("deploy");
    let run = crate::support::rgen(&["render", file, "-o", path(&dir)], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    (root, dir)
}

#[test]
fn plan_says_what_each_cluster_change_does() {
    let (root, dir) = rendered("plan-cluster", "values/default.yaml");
    let mut session = Transcript::new().redact(&root, "$SCRATCH");
    let d = path(&dir);
    let cases: [(&[&str], i32); 6] = [
        (&[], 0),
        (&["--set", "image.tag=7.2.12"], 0),
        (&["--set", "storage.size=2Gi"], 1),
        (&["--set", "cluster.masters=4"], 0),
        (&["--set", "cluster.replicasPerMaster=0"], 1),
        (&["--name", "cache"], 1),
    ];
    for (extra, code) in cases {
        let mut args = vec!["plan", d, "values/default.yaml"];
        args.extend_from_slice(extra);
        assert_eq!(session.run(&args, None).code, code, "{extra:?}");
    }
    assert_transcript!("plan-cluster", session);
    std::fs::remove_dir_all(root).unwrap();
}

/// A Sentinel scale-in without its drain is refused; its two applies are each explained.
#[test]
fn plan_in_json_and_for_sentinel_scale_in() {
    let (root, dir) = rendered("plan-sentinel", "values/seed-003-sentinel.yaml");
    let mut session = Transcript::new().redact(&root, "$SCRATCH");
    let (d, values) = (path(&dir), "values/seed-003-sentinel.yaml");
    let run = session.run(&["plan", d, values, "--set", "storage.size=2Gi", "--format", "json"], None);
    assert_eq!(run.code, 1);
    let plan: serde_json::Value = serde_json::from_str(&run.stdout).expect("the JSON plan parses");
    assert_eq!(plan["steps"][0]["weight"], "refused");
    let shrink = ["--set", "sentinel.replicas=1"];
    let drain = ["--set", "sentinel.replicas=1", "--set", "sentinel.drainFrom.replicas=2"];
    fn with<'a>(first: &[&'a str], sets: &[&'a str]) -> Vec<&'a str> {
        [first, sets].concat()
    }
    assert_eq!(session.run(&with(&["plan", d, values], &shrink), None).code, 1, "the shrink without its drain");
    assert_eq!(session.run(&with(&["render", values, "-o", d], &shrink), None).code, 1);
    assert_eq!(session.run(&with(&["plan", d, values], &drain), None).code, 0);
    assert_eq!(session.run(&with(&["render", values, "-o", d], &drain), None).code, 0);
    assert_eq!(session.run(&with(&["plan", d, values], &shrink), None).code, 0, "the shrink after its drain");
    assert_transcript!("plan-sentinel-and-json", session);
    std::fs::remove_dir_all(root).unwrap();
}

#[test]
fn plan_refuses_what_is_not_a_previous_bundle() {
    let root = scratch("plan-bad-input");
    let mut session = Transcript::new().redact(&root, "$SCRATCH");
    assert_eq!(session.run(&["plan", path(&root.join("missing"))], None).code, 1);
    std::fs::create_dir_all(root.join("not-rgen")).unwrap();
    std::fs::write(root.join("not-rgen/app.yaml"), "kind: ConfigMap\n").unwrap();
    assert_eq!(session.run(&["plan", path(&root.join("not-rgen"))], None).code, 1);
    assert_eq!(session.run(&["plan"], None).code, 2, "DIR is required");
    assert_transcript!("plan-bad-input", session);
    std::fs::remove_dir_all(root).unwrap();
}

/// A scale-in goes in two renders (drain, then shrink); `render --output-dir`, `check` and
/// `plan` refuse the shrink without its drain, and a drain from another size than the running
/// one, writing nothing.
#[test]
fn scale_in_needs_its_drain_first() {
    let root = scratch("plan-scale-in");
    let dir = root.join("deploy");
    let d = path(&dir);
    let mut session = Transcript::new().redact(&root, "$SCRATCH");
    let values = "values/default.yaml";
    let grown = ["--set", "cluster.masters=4"];
    let drain = ["--set", "cluster.drainFrom.masters=4", "--set", "cluster.drainFrom.replicasPerMaster=1"];
    let wrong_drain = ["--set", "cluster.drainFrom.masters=5", "--set", "cluster.drainFrom.replicasPerMaster=1"];
    let render = |sets: &[&'static str]| -> Vec<&str> {
        let mut all = vec!["render", values, "-o", d];
        all.extend_from_slice(sets);
        all
    };
    assert_eq!(session.run(&render(&grown), None).code, 0);
    let before = std::fs::read_to_string(dir.join("statefulset-redis-cluster.yaml")).unwrap();
    assert_eq!(session.run(&render(&[]), None).code, 1, "the shrink without its drain");
    assert_eq!(session.run(&["check", d, values], None).code, 1);
    assert_eq!(session.run(&["plan", d, values], None).code, 1);
    assert_eq!(session.run(&render(&wrong_drain), None).code, 1, "a drain from another size");
    assert_eq!(
        std::fs::read_to_string(dir.join("statefulset-redis-cluster.yaml")).unwrap(),
        before,
        "nothing was written"
    );
    let mut plan_drain = vec!["plan", d, values];
    plan_drain.extend_from_slice(&drain);
    assert_eq!(session.run(&plan_drain, None).code, 0);
    assert_eq!(session.run(&render(&drain), None).code, 0);
    assert_eq!(
        std::fs::read_to_string(dir.join("statefulset-redis-cluster.yaml")).unwrap(),
        before,
        "the drain rolls no pod"
    );
    assert_eq!(session.run(&["plan", d, values], None).code, 0);
    assert_eq!(session.run(&render(&[]), None).code, 0, "the shrink after its drain");
    assert_transcript!("plan-scale-in", session);
    std::fs::remove_dir_all(root).unwrap();
}

/// Node ports turned on and moved are explained; turning them off under a running cluster is
/// refused by `plan`, `render --output-dir` and `check`, nothing written.
#[test]
fn node_ports_turned_off_are_refused() {
    let (root, dir) = rendered("plan-node-ports", "values/default.yaml");
    let mut session = Transcript::new().redact(&root, "$SCRATCH");
    let (d, values) = (path(&dir), "values/default.yaml");
    let on = [
        "--set",
        "externalAccess.enabled=true",
        "--set",
        "externalAccess.type=NodePort",
        "--set",
        "externalAccess.nodeCidrs=[10.0.0.0/16]",
    ];
    fn with<'a>(first: &[&'a str], sets: &[&'a str]) -> Vec<&'a str> {
        [first, sets].concat()
    }
    assert_eq!(session.run(&with(&["plan", d, values], &on), None).code, 0, "turned on");
    assert_eq!(session.run(&with(&["render", values, "-o", d], &on), None).code, 0);
    let moved = with(&on, &["--set", "externalAccess.nodePort=30400"]);
    assert_eq!(session.run(&with(&["plan", d, values], &moved), None).code, 0, "moved");
    assert_eq!(session.run(&["plan", d, values], None).code, 1, "turned off");
    let before = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(session.run(&["render", values, "-o", d], None).code, 1, "turned off");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), before, "nothing written");
    assert_eq!(session.run(&["check", d, values], None).code, 1, "turned off");
    assert_transcript!("plan-node-ports", session);
    std::fs::remove_dir_all(root).unwrap();
}
