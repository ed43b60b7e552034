//! The GitOps commands, run as the real binary: `render --output-dir`, `check`, `init` and
//! `schema -o`. The output directory is proved with real `kubectl kustomize`.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::support::{objects, rgen, run_tool, scratch, tool};
use crate::transcript::{Transcript, assert_transcript};

const NAS: &str = "values/seed-000-nas.yaml";
const SENTINEL: &str = "values/seed-003-sentinel.yaml";

/// Every entry of a directory with its bytes (subdirectories as `<dir>`).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .expect("readable directory")
        .map(|e| e.expect("entry"))
        .map(|e| {
            let bytes = if e.path().is_dir() { b"<dir>".to_vec() } else { fs::read(e.path()).expect("file") };
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect()
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn output_dir_holds_one_file_per_resource_named_by_kind_and_name() {
    let root = scratch("outdir-files");
    let dir = root.join("deploy");
    let run = rgen(&["render", NAS, "--output-dir", path(&dir)], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "the bundle goes to the directory, not stdout");

    let stream = rgen(&["render", NAS], None).stdout;
    let rendered = objects(&stream);
    let files = snapshot(&dir);
    assert!(files.contains_key("statefulset-redis-cluster.yaml"), "{:?}", files.keys());
    assert!(files.contains_key("kustomization.yaml") && files.contains_key(".rgen-owned"));
    // One object per resource file, named after its kind and name.
    let resources: Vec<&String> = files.keys().filter(|n| !n.starts_with('.') && *n != "kustomization.yaml").collect();
    assert_eq!(resources.len(), rendered.len());
    for name in resources {
        let docs = objects(&String::from_utf8(files[name].clone()).unwrap());
        assert_eq!(docs.len(), 1, "{name}");
        let expected = format!(
            "{}-{}.yaml",
            docs[0]["kind"].as_str().unwrap().to_lowercase(),
            docs[0]["metadata"]["name"].as_str().unwrap()
        );
        assert_eq!(name, &expected);
    }
    fs::remove_dir_all(root).unwrap();
}

#[test]
#[ignore = "needs kubectl: run scripts/test.sh, which installs it"]
fn kubectl_kustomize_builds_the_same_objects_as_render() {
    let root = scratch("outdir-kustomize");
    for values in [NAS, SENTINEL] {
        let dir = root.join(crate::support::stem(values));
        assert_eq!(rgen(&["render", values, "-o", path(&dir)], None).code, 0);
        // Real kustomize, as `kubectl apply -k`, Argo CD and Flux run it.
        let built = run_tool(&tool("kubectl"), &["kustomize", path(&dir)]);
        let rendered = objects(&rgen(&["render", values], None).stdout);
        assert_eq!(rendered.len(), crate::support::files_in(&dir).len() - 2, "{values}: one object per resource file");
        assert_eq!(objects(&built), rendered, "{values}: kubectl kustomize differs from rgen render");
    }
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn re_render_replaces_owned_files_and_removes_stale_ones() {
    let root = scratch("outdir-rerender");
    let dir = root.join("deploy");
    assert_eq!(rgen(&["render", NAS, "-o", path(&dir)], None).code, 0);
    let before = snapshot(&dir);
    let old_job = before.keys().find(|n| n.starts_with("job-")).unwrap().clone();

    // Same inputs, same bytes.
    assert_eq!(rgen(&["render", NAS, "-o", path(&dir)], None).code, 0);
    assert_eq!(snapshot(&dir), before);

    // More masters: new PVs and a new Job name; the old Job file goes away, and the user is told.
    let mut session = Transcript::new().redact(&root, "$SCRATCH");
    let run = session.run(&["render", NAS, "-o", path(&dir), "--set", "cluster.masters=4"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = snapshot(&dir);
    assert!(!after.contains_key(&old_job), "stale {old_job} kept: {:?}", after.keys());
    assert_transcript!("output-dir-rerender", session);
    assert!(after.contains_key("persistentvolume-db-redis-cluster-data-7.yaml"));
    assert_eq!(after.keys().filter(|n| n.starts_with("job-")).count(), 1);
    // Nothing is left beside the directory.
    let leftovers: Vec<_> = snapshot(&root).into_keys().filter(|n| n != "deploy").collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn output_dir_is_untouched_when_the_values_are_invalid() {
    let root = scratch("outdir-invalid");
    let dir = root.join("deploy");
    assert_eq!(rgen(&["render", NAS, "-o", path(&dir)], None).code, 0);
    let before = snapshot(&dir);
    let mut session = Transcript::new().redact(&root, "$SCRATCH");
    let run = session.run(&["render", NAS, "-o", path(&dir), "--set", "cluster.masters=2"], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(snapshot(&dir), before);
    // A directory that did not exist is not created.
    let fresh = root.join("never");
    assert_eq!(session.run(&["render", "tests/invalid/typo-key.yaml", "-o", path(&fresh)], None).code, 1);
    assert!(!fresh.exists());
    assert_transcript!("output-dir-invalid-values", session);
    assert_eq!(snapshot(&root).len(), 1, "{:?}", snapshot(&root).keys());
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn foreign_files_are_refused_without_force_and_kept_with_it() {
    let root = scratch("outdir-foreign");
    let dir = root.join("deploy");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("README.md"), "mine\n").unwrap();
    let mut session = Transcript::new().redact(&root, "$SCRATCH");
    let run = session.run(&["render", NAS, "-o", path(&dir)], None);
    assert_eq!(run.code, 1);
    assert_eq!(snapshot(&dir).len(), 1, "nothing may be written");
    assert_transcript!("output-dir-foreign-file", session);

    let run = rgen(&["render", NAS, "-o", path(&dir), "--force"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = snapshot(&dir);
    assert_eq!(files["README.md"], b"mine\n");
    assert!(files.contains_key("statefulset-redis-cluster.yaml"));
    // The foreign file is never adopted: the next render without --force still refuses.
    assert_eq!(rgen(&["render", NAS, "-o", path(&dir)], None).code, 1);
    // The directory rgen runs in is never swapped out, even with --force.
    let before = snapshot(&dir);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rgen"))
        .args(["render", "-o", ".", "--force"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "note: the pods read the password from Secret `redis-cluster-auth` (key `password`), which is not part \
         of the bundle; create it once:\n  kubectl -n default create secret generic redis-cluster-auth \
         --from-literal=password=\"$(openssl rand -hex 24)\"\nerror: refusing to replace .: it is (or \
         contains) the current directory\nhint: write the bundle into a subdirectory of its own, e.g. \
         deploy/redis\nnothing was written\n",
        "{out:?}"
    );
    assert_eq!(snapshot(&dir), before);
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn check_passes_on_a_fresh_render_and_reports_edited_extra_and_missing_files() {
    let root = scratch("check");
    let dir = root.join("deploy");
    assert_eq!(rgen(&["render", NAS, "-o", path(&dir)], None).code, 0);
    let mut session = Transcript::new().redact(&root, "$SCRATCH");
    let ok = session.run(&["check", path(&dir), NAS], None);
    assert_eq!(ok.code, 0, "{}{}", ok.stdout, ok.stderr);
    // Other inputs than the ones rendered: drift.
    assert_eq!(rgen(&["check", path(&dir), NAS, "--set", "redis.maxclients=5"], None).code, 1);

    let sts = dir.join("statefulset-redis-cluster.yaml");
    let text = fs::read_to_string(&sts).unwrap();
    fs::write(&sts, text.replace("terminationGracePeriodSeconds: 30", "terminationGracePeriodSeconds: 99")).unwrap();
    assert_eq!(session.run(&["check", path(&dir), NAS], None).code, 1, "an edited file");
    fs::write(&sts, text).unwrap();

    fs::write(dir.join("notes.txt"), "x\n").unwrap();
    assert_eq!(session.run(&["check", path(&dir), NAS], None).code, 1, "an extra file");
    fs::remove_file(dir.join("notes.txt")).unwrap();

    let service = dir.join("service-redis-cluster.yaml");
    let service_text = fs::read_to_string(&service).unwrap();
    fs::remove_file(&service).unwrap();
    let run = session.run(&["check", path(&dir), NAS], None);
    assert_eq!(run.code, 1, "a missing file");
    assert!(run.stdout.ends_with(&format!("{}\n", service_text.lines().last().unwrap())), "the whole file is shown");

    // Invalid values are reported as such, not as drift.
    let run = session.run(&["check", path(&dir), "tests/invalid/typo-key.yaml"], None);
    assert_eq!((run.code, run.stdout.as_str()), (1, ""));
    assert_transcript!("check-drift", session);
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn init_writes_a_starter_that_validates_as_written_for_every_storage_mode() {
    let root = scratch("init");
    for mode in ["cluster", "sentinel"] {
        for storage in ["dynamic", "nas", "nfs", "hostPath"] {
            let file = root.join(format!("{mode}-{storage}.yaml"));
            let run = rgen(&["init", "--mode", mode, "--storage", storage, "-o", path(&file)], None);
            assert_eq!(run.code, 0, "{}", run.stderr);
            let text = fs::read_to_string(&file).unwrap();
            assert!(text.starts_with("# yaml-language-server: $schema=rgen.schema.json\n"), "{text}");
            assert!(text.contains(&format!("\nmode: {mode}\n")), "{text}");
            assert!(text.contains(&format!("  mode: {storage}\n")), "{text}");
            // Descriptions from the schema are the comments.
            assert!(text.contains("# Instance name"), "{text}");
            let run = rgen(&["validate", path(&file)], None);
            assert_eq!(run.code, 0, "{mode} {storage}: {}", run.stderr);
            let summary = if mode == "sentinel" {
                "1 master + 2 replicas, a Sentinel beside each = 3 pods"
            } else {
                "3 masters x 1 replicas = 6 pods"
            };
            assert_eq!(run.stdout, format!("OK: redis-{mode} in namespace default: {summary}\n"));
        }
    }
    let dynamic = root.join("cluster-dynamic.yaml");
    assert_eq!(
        rgen(&["render", path(&dynamic)], None).stdout,
        rgen(&["render"], None).stdout,
        "the dynamic starter is the embedded default"
    );
    let mut session = Transcript::new().redact(&root, "$SCRATCH");
    let run = session.run(&["init", "-o", path(&dynamic)], None);
    assert_eq!(run.code, 1, "an existing file is not overwritten");
    assert_transcript!("init-existing-file", session);
    assert_eq!(rgen(&["init", "-o", path(&dynamic), "--force"], None).code, 0);

    let schema_file = root.join("rgen.schema.json");
    assert_eq!(rgen(&["schema", "-o", path(&schema_file)], None).code, 0);
    assert_eq!(fs::read_to_string(&schema_file).unwrap(), rgen(&["schema"], None).stdout);
    fs::remove_dir_all(root).unwrap();
}
