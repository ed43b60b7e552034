//! Golden snapshots (in golden/): the full render of every values/ file and the diagnostics of
//! every tests/invalid/ case. Review changes with `cargo insta review`; CI never updates them.

use crate::support::{files, rgen, stem};

macro_rules! golden {
    ($name:expr, $text:expr) => {
        insta::with_settings!({snapshot_path => "../../golden", prepend_module_to_snapshot => false, omit_expression => true}, {
            insta::assert_snapshot!($name, $text);
        })
    };
}

#[test]
fn render_of_every_values_file() {
    let examples = files("values", "yaml");
    assert!(examples.len() >= 5, "values/ holds the examples: {examples:?}");
    for file in examples {
        let run = rgen(&["render", &file], None);
        assert_eq!(run.code, 0, "{file}: {}", run.stderr);
        golden!(format!("render-{}", stem(&file)), run.stdout);
    }
}

#[test]
fn diagnostics_of_every_invalid_input() {
    let cases = files("tests/invalid", "yaml");
    assert!(cases.len() >= 10, "tests/invalid/ holds the cases: {cases:?}");
    for file in cases {
        let run = rgen(&["render", &file], None);
        assert_eq!(run.code, 1, "{file} must be rejected; stderr: {}", run.stderr);
        assert_eq!(run.stdout, "", "{file}: nothing on stdout when the values are invalid");
        assert!(run.stderr.contains(file.as_str()), "{file}: the diagnostics name the file");
        golden!(format!("invalid-{}", stem(&file)), run.stderr);
    }
}
