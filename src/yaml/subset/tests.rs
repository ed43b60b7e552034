//! The fast reader is held to the full one: wherever it answers, the full reader accepts the
//! same text and composes the same value, key order included.

use serde_json::{Value, json};

use crate::yaml::{Limits, Purpose, parse_stream};

/// The fast reader's answer as the value callers get from it.
fn read(src: &str, limits: Limits) -> Option<Value> {
    super::read(src, limits).map(super::Tree::into_value)
}

/// The full reader's value of a one-document text, or why it is not one.
fn full(src: &str) -> Result<Value, String> {
    let mut docs = parse_stream(src, Limits::default(), Purpose::Output).map_err(|e| e.to_string())?;
    match docs.len() {
        1 => Ok(docs.remove(0).value),
        n => Err(format!("{n} documents")),
    }
}

/// `fast` may decline; if it answers, `full` must agree exactly.
fn agrees(src: &str) -> bool {
    let Some(fast) = read(src, Limits::default()) else {
        return true;
    };
    match full(src) {
        Ok(full) => serde_json::to_string(&fast).unwrap() == serde_json::to_string(&full).unwrap(),
        Err(_) => false,
    }
}

fn fast(src: &str) -> Option<Value> {
    let value = read(src, Limits::default());
    assert!(agrees(src), "the readers disagree on:\n{src}\nfast: {value:?}\nfull: {:?}", full(src));
    value
}

#[test]
fn reads_the_subset_as_the_full_reader_does() {
    let cases = [
        ("a: 1\nb: x\n", json!({"a": 1, "b": "x"})),
        ("a:\n  b:\n    - 1\n    - c: d\n      e: \"f: g\"\n", json!({"a": {"b": [1, {"c": "d", "e": "f: g"}]}})),
        ("# c\na: []\nb: {}\n  # indented comment\nc:\n", json!({"a": [], "b": {}, "c": null})),
        ("\"k: x\": \"\\u001b\\t\\\"\"\n", json!({"k: x": "\u{1b}\t\""})),
        (
            "a: -1\nb: 1.5\nc: true\nd: ~\ne: 0x1F\nf: a:b\ng: a#b\n",
            json!({"a": -1, "b": 1.5, "c": true, "d": null, "e": 31, "f": "a:b", "g": "a#b"}),
        ),
        ("a: |\n  x\n\n  # not a comment\n   y\nb: 1\n", json!({"a": "x\n\n# not a comment\n y\n", "b": 1})),
        ("a: |-\n  x\n\n\nb: 1\n", json!({"a": "x", "b": 1})),
        ("a: |+\n  x\n\n\nb: 1\n", json!({"a": "x\n\n\n", "b": 1})),
        ("a: |+\n  x\n\n", json!({"a": "x\n\n"})),
        ("a: |2\n    x\n  y\n", json!({"a": "  x\ny\n"})),
        ("a: |2-\n    x\n", json!({"a": "  x"})),
        ("a: |\n\n  x\n", json!({"a": "\nx\n"})),
        ("- a\n-\n  - b\n- c: |\n    x\n  d: 2\n- |-\n  y\n", json!(["a", [ "b" ], {"c": "x\n", "d": 2}, "y"])),
        ("a:\n  - |2\n     x\n", Value::Null),
        ("- c: |1\n    x\n", json!([{"c": " x\n"}])),
    ];
    for (src, want) in cases {
        match fast(src) {
            Some(got) => assert_eq!(got, want, "{src}"),
            None => assert!(want.is_null(), "declined, but in the subset:\n{src}"),
        }
    }
}

#[test]
fn declines_what_is_outside_the_subset_or_wrong() {
    for src in [
        "a: yes\n",
        "on: 1\n",
        "a: 1\na: 2\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: 'q'\n",
        "a: >\n  x\n",
        "a: [1, 2]\n",
        "a: b # c\n",
        "a:\n- 1\n",
        "a: x\n  y\n",
        "a:  1\n",
        "a:\tx\n",
        "a: 99999999999999999999\n",
        "a: .inf\n",
        "---\na: 1\n",
        "a: 1\n---\nb: 2\n",
        "a: 1\r\nb: 2\n",
        "\u{feff}a: 1\n",
        "a: \"\\ud83d\\ude00\"\n",
        "a: |\n  \n  x\n",
        "a: |\nb: 1\n",
        "x\n",
        "",
        "  a: 1\n",
        "a:\n  b: 1\n c: 2\n",
        "- - a\n",
        "-  a\n",
        "? a\n: b\n",
        "<<: {}\n",
    ] {
        assert_eq!(fast(src), None, "{src:?}");
    }
}

#[test]
fn depth_and_node_limits_are_the_full_readers() {
    let nested = |n: usize| -> String {
        (0..n).map(|i| format!("{}k:\n", "  ".repeat(i))).collect::<String>() + &"  ".repeat(n) + "k: 1\n"
    };
    let limits = Limits::default();
    assert!(read(&nested(limits.max_depth - 1), limits).is_some());
    for n in [limits.max_depth - 1, limits.max_depth, limits.max_depth + 1, limits.max_depth + 5] {
        assert!(agrees(&nested(n)), "depth {n}");
    }
    let wide: String = (0..50).map(|i| format!("k{i}: {i}\n")).collect();
    assert_eq!(read(&wide, Limits { max_nodes: 49, ..limits }), None);
    assert!(read(&wide, Limits { max_nodes: 50, ..limits }).is_some());
}

/// The manifests of every example bundle, as the reviewed goldens hold them (`golden/render-*`):
/// read from files, so that the YAML layer's tests need nothing above it.
pub(crate) fn corpus() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/golden");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("render-")))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        // insta's header (`---`, `source: ...`, `---`), then the stream, every document led by `---`.
        let stream = text.splitn(3, "---\n").nth(2).expect("an insta snapshot");
        let stream = stream.strip_prefix("---\n").expect("a stream led by ---").trim_end_matches('\n');
        out.extend(stream.split("\n---\n").map(|doc| format!("{doc}\n")));
    }
    assert!(files.len() >= 7 && out.len() >= 60, "every golden bundle read ({} manifests)", out.len());
    out
}

/// Every manifest rgen writes is in the subset (else the check silently gets slow again), and
/// read exactly as the full reader reads it.
#[test]
fn every_example_manifest_is_read_fast_and_alike() {
    for text in corpus() {
        let value = read(&text, Limits::default()).unwrap_or_else(|| panic!("declined:\n{text}"));
        assert_eq!(serde_json::to_string(&value).unwrap(), serde_json::to_string(&full(&text).unwrap()).unwrap());
    }
}

/// Mutations of real manifests (one to three of: a character inserted or deleted, a line
/// repeated, dropped or shifted, a value replaced by a tricky one): whatever the fast reader still accepts, the full reader reads the same way.
#[test]
fn mutated_manifests_never_split_the_readers() {
    const PALETTE: &[u8] = b" -:#\"|\n\t+2y'[]{}&*!0.\\>?~";
    const VALUES: &[&str] = &[
        "yes",
        "y",
        "off",
        "0755",
        "1_000",
        "1:30",
        "0b1",
        ".inf",
        "99999999999999999999",
        "~",
        "1e3",
        "-1",
        "|",
        "|-",
        "|+",
        "|2",
        "|1-",
        ">",
        "\"a",
        "\"\\ud800\"",
        "[]",
        "{}",
        "[a]",
        "- x",
        "&a x",
        "*a",
        "!!str x",
        "a: b",
        "a #b",
        "a#b",
        "'q'",
        "",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let corpus = corpus();
    let (mut accepted, mut declined) = (0, 0);
    for round in 0..4000 {
        let text = &corpus[round % corpus.len()];
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        for _ in 0..=round % 3 {
            let at = next(lines.len());
            match next(6) {
                0 => {
                    let line = &mut lines[at];
                    let i =
                        (0..=line.len()).filter(|&i| line.is_char_boundary(i)).nth(next(line.len() + 1)).unwrap_or(0);
                    line.insert(i, char::from(PALETTE[next(PALETTE.len())]));
                }
                1 if !lines[at].is_empty() => {
                    let line = &mut lines[at];
                    let i = line.char_indices().nth(next(line.chars().count())).unwrap().0;
                    line.remove(i);
                }
                2 => lines.insert(at, lines[at].clone()),
                5 => {
                    let value = VALUES[next(VALUES.len())];
                    if let Some(i) = lines[at].find(": ").or_else(|| lines[at].find("- ")) {
                        lines[at] = format!("{}{value}", &lines[at][..i + 2]);
                    }
                }
                3 => drop(lines.remove(at)),
                _ => {
                    let shift = 1 + next(2);
                    let content = lines[at].trim_start_matches(' ').to_owned();
                    let old = lines[at].len() - content.len();
                    let new = if next(2) == 0 { old + shift } else { old.saturating_sub(shift) };
                    lines[at] = " ".repeat(new) + &content;
                }
            }
        }
        let mutated = lines.join("\n") + "\n";
        assert!(agrees(&mutated), "the readers disagree on this mutation:\n{mutated}");
        if read(&mutated, Limits::default()).is_some() { accepted += 1 } else { declined += 1 }
    }
    // Both sides exercised: most mutations stay readable, many leave the subset.
    assert!(accepted > 1000 && declined > 1000, "accepted {accepted}, declined {declined}");
}
