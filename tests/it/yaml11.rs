//! A YAML 1.1 reader (PyYAML, as go-yaml in kubectl and Argo CD reads 1.1) takes every string of
//! the bundle as rgen meant it, U+2028 and U+2029 included (which 1.1 reads as line breaks when
//! they are written raw).

use std::io::Write;
use std::process::{Command, Stdio};

use rgen::Request;
use rgen::load::Input;

#[test]
#[ignore = "needs python3 with PyYAML (scripts/test.sh provides it in .venv)"]
fn a_yaml_1_1_reader_reads_unicode_line_separators_as_written() {
    // Multi-line, so the writer would choose a literal block, where 1.1 readers split lines at them.
    let note = "first\nsecond\u{2028}  third\u{2029}fourth\n";
    let values = format!("annotations:\n  note: {}\n", serde_json::to_string(note).unwrap());
    let request =
        Request { inputs: vec![Input::Text { name: "v.yaml".into(), bytes: values.into_bytes() }], overrides: vec![] };
    let bundle = rgen::bundle(&request).expect("renders");
    let stream = rgen::emit::stream(&bundle.manifests);
    let python = std::env::var("RGEN_E2E_PYTHON").unwrap_or_else(|_| "python3".into());
    let mut child = Command::new(python)
        .args(["-c", "import json, sys, yaml\nfor d in yaml.safe_load_all(sys.stdin):\n    print(json.dumps(d['metadata'].get('annotations', {}).get('note')))"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python runs");
    child.stdin.take().unwrap().write_all(stream.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "PyYAML could not read the bundle");
    let notes: Vec<Option<String>> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(notes.len() >= 8, "{} documents", notes.len());
    for read in &notes {
        assert_eq!(read.as_deref(), Some(note), "every object carries the annotation, read back whole");
    }
}
