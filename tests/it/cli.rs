//! The command line as users drive it: exit codes, stdin, --set, determinism, schema.

use crate::support::rgen;
use crate::transcript::{Transcript, assert_transcript};

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn no_file_renders_the_embedded_default_identically_to_values_default() {
    let mut session = Transcript::new();
    let embedded = session.run(&["render"], None);
    let file = rgen(&["render", "values/default.yaml"], None);
    assert_eq!(embedded.code, 0, "{}", embedded.stderr);
    assert_eq!(embedded.stdout, file.stdout);
    assert_eq!(embedded.stderr, file.stderr);
    // The notes tell the user how to create the auth Secret.
    assert_transcript!("render-embedded-default", session);
}

#[test]
fn output_is_byte_identical_across_runs() {
    for file in crate::support::files("values", "yaml") {
        let a = rgen(&["render", &file], None);
        let b = rgen(&["render", &file], None);
        assert_eq!(a.code, 0);
        assert_eq!(a.stdout, b.stdout, "{file}");
    }
}

#[test]
fn set_changes_the_topology() {
    let run = rgen(&["render", "values/default.yaml", "--set", "cluster.masters=5"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(count(&run.stdout, "\n  replicas: 10\n"), 1, "5 masters x 2 = 10 pods");
}

#[test]
fn set_value_types_follow_the_schema() {
    let run = rgen(
        &[
            "render",
            "--set",
            "image.tag=7.2",
            "--set",
            "storage.mode=nas",
            "--set",
            "storage.nas.server=nas.example.com",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("image: redis:7.2\n"));
    assert_eq!(count(&run.stdout, "kind: PersistentVolume\n"), 6);
}

#[test]
fn bad_set_values_are_named_and_nothing_is_printed() {
    let mut session = Transcript::new();
    for set in ["cluster.masters=2", "cluster.masters=two", "cluster.mastrs=4"] {
        let run = session.run(&["render", "--set", set], None);
        assert_eq!((run.code, run.stdout.as_str()), (1, ""), "{set}");
    }
    assert_transcript!("bad-set-values", session);
}

#[test]
fn problems_found_over_the_embedded_default_point_into_it() {
    // The default is first read without places; a diagnostic must still name its line.
    let mut session = Transcript::new();
    assert_eq!(session.run(&["render", "--set", "storage.mode=nas"], None).code, 1);
    assert_eq!(session.run(&["validate", "--set", "cluster.replicasPerMaster=0"], None).code, 0);
    assert_transcript!("embedded-default-diagnostics", session);
}

#[test]
fn usage_errors_exit_2() {
    let mut session = Transcript::new();
    for args in [&["render", "--set", "novalue"][..], &["render", "--bogus"], &["frobnicate"]] {
        assert_eq!(session.run(args, None).code, 2, "{args:?}");
    }
    assert_transcript!("usage-errors", session);
}

#[test]
fn stdin_and_layered_files() {
    let run = rgen(&["render", "values/seed-000-nas.yaml", "-"], Some(b"cluster:\n  replicasPerMaster: 2\n"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(count(&run.stdout, "\n  replicas: 9\n"), 1);
    assert!(run.stdout.contains("namespace: db\n"), "the first file still applies");

    let mut session = Transcript::new();
    assert_eq!(session.run(&["render", "-"], Some(b"cluster: {masters: x}\n")).code, 1);
    // A later layer wins, and is the one blamed.
    assert_eq!(session.run(&["render", "values/seed-000-nas.yaml", "tests/invalid/wrong-type.yaml"], None).code, 1);
    assert_transcript!("layers-blamed", session);
}

#[test]
fn missing_file_and_directory_are_clear_errors() {
    let mut session = Transcript::new();
    for file in ["nope.yaml", "values"] {
        let run = session.run(&["render", file], None);
        assert_eq!((run.code, run.stdout.as_str()), (1, ""), "{file}");
    }
    assert_transcript!("unreadable-files", session);
}

#[test]
fn name_and_namespace_flags() {
    let run = rgen(&["render", "--name", "cache", "--namespace", "prod"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(count(&run.stdout, "  name: cache-headless\n  namespace: prod\n"), 1);
    let mut session = Transcript::new();
    assert_eq!(session.run(&["render", "--name", "Bad_Name"], None).code, 1);
    assert_transcript!("bad-name-flag", session);
}

#[test]
fn validate_prints_ok_or_every_problem() {
    let mut session = Transcript::new();
    assert_eq!(session.run(&["validate", "values/production.yaml"], None).code, 0);
    assert_eq!(session.run(&["validate", "values/seed-003-sentinel.yaml"], None).code, 0);
    let run = session.run(&["validate", "tests/invalid/many-problems.yaml"], None);
    assert_eq!((run.code, run.stdout.as_str()), (1, ""));
    assert_transcript!("validate", session);
}

#[test]
fn schema_is_valid_json_schema_that_rejects_unknown_keys() {
    let run = rgen(&["schema"], None);
    assert_eq!(run.code, 0);
    let schema: serde_json::Value = serde_json::from_str(&run.stdout).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    assert!(validator.is_valid(&serde_json::json!({"cluster": {"masters": 3}})));
    assert!(!validator.is_valid(&serde_json::json!({"cluster": {"mastrs": 3}})), "unknown keys are rejected");
    assert!(schema["properties"]["cluster"].is_object());
    assert!(run.stdout.contains("Number of masters"), "doc comments become descriptions");
}

#[test]
fn help_and_version() {
    let mut session = Transcript::new();
    for args in [&["--help"][..], &["render", "--help"], &["check", "--help"], &["package", "--help"]] {
        assert_eq!(session.run(args, None).code, 0, "{args:?}");
    }
    assert_transcript!("help", session);
    let run = rgen(&["--version"], None);
    assert_eq!((run.code, run.stdout), (0, format!("rgen {}\n", env!("CARGO_PKG_VERSION"))));
}

#[test]
fn readme_quick_start_and_ci_use_the_same_test_command() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let ci = std::fs::read_to_string(format!("{root}/.ci/run")).unwrap();
    assert!(readme.contains("\ncargo run -- render "), "the quick start renders the embedded default");
    assert!(readme.contains("bash scripts/test.sh"), "the quick start runs the whole suite");
    assert!(ci.contains("scripts/test.sh"), ".ci/run calls the README's test command");
    // A user's clone has nothing outside the repository: no document links there.
    for doc in crate::support::files("docs", "md").into_iter().chain(["README.md".into(), "CONTRIBUTING.md".into()]) {
        let text = std::fs::read_to_string(format!("{root}/{doc}")).unwrap();
        assert!(!text.contains("../shared"), "{doc} links outside the repository");
    }
}

#[test]
fn completions_are_valid_scripts_naming_the_commands() {
    for shell in ["bash", "zsh", "fish"] {
        let run = rgen(&["completions", shell], None);
        assert_eq!(run.code, 0, "{}", run.stderr);
        for word in ["render", "check", "package", "init", "output-dir"] {
            assert!(run.stdout.contains(word), "{shell} completion lacks {word}");
        }
    }
    let root = crate::support::scratch("completions");
    let script = root.join("rgen.bash");
    std::fs::write(&script, rgen(&["completions", "bash"], None).stdout).unwrap();
    crate::support::run_tool(std::path::Path::new("bash"), &["-n", script.to_str().unwrap()]);
    std::fs::remove_dir_all(root).unwrap();
}
