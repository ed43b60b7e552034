//! Never a panic on bad input: thousands of deterministic mutations of every example (bytes
//! deleted, inserted, swapped, lines duplicated, truncations), arbitrary bytes, and arbitrary YAML
//! values built from the schema's keys go through `rgen::bundle`, the whole pipeline as `rgen
//! render` runs it. Each must end in a rendered bundle or in located diagnostics (what the CLI
//! prints before it exits 1), never in a panic or an internal error.

use rgen::load::Input;
use rgen::{Error, Request};
use serde_json::{Map, Value};

/// xorshift: deterministic, so a failure is reproducible from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const ALPHABET: &[u8] = b" :-\n\t[]{}&*!|>'\"#,?%@`0123456789abcyesnoXYZ.~<";

fn mutate(text: &str, rng: &mut Rng) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(bytes.len());
        match rng.below(5) {
            0 if !bytes.is_empty() => {
                bytes.remove(at.min(bytes.len() - 1));
            }
            1 => bytes.insert(at, ALPHABET[rng.below(ALPHABET.len())]),
            2 if bytes.len() > 1 => {
                let (a, b) = (at.min(bytes.len() - 1), rng.below(bytes.len()));
                bytes.swap(a, b);
            }
            3 => bytes.truncate(at),
            _ => {
                let line_start = bytes[..at].iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
                let line_end = bytes[at..].iter().position(|b| *b == b'\n').map_or(bytes.len(), |p| at + p + 1);
                let line = bytes[line_start..line_end].to_vec();
                bytes.splice(line_end..line_end, line);
            }
        }
    }
    bytes
}

/// Runs `bytes`, named `name`, through the whole pipeline: `true` when it rendered, `false` for
/// diagnostics that each name the input (a line in it, or its name for whole-file problems).
fn outcome(name: &str, bytes: &[u8]) -> bool {
    let request = Request { inputs: vec![Input::Text { name: name.into(), bytes: bytes.to_vec() }], overrides: vec![] };
    let result = std::panic::catch_unwind(|| rgen::bundle(&request).map(|_| ()));
    match result {
        Ok(Ok(())) => true,
        Ok(Err(Error::Invalid(diagnostics))) => {
            let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
            assert!(!errors.is_empty(), "{name}: refused without an error");
            for d in errors {
                let located = match &d.location {
                    rgen::diagnostic::Location::Text { file, line, .. } => file == name && *line >= 1,
                    _ => d.message.starts_with(&format!("{name}:")),
                };
                assert!(
                    located && !d.message.is_empty(),
                    "{name}: unlocated diagnostic {d:?} on:\n{}",
                    String::from_utf8_lossy(bytes)
                );
            }
            false
        }
        Ok(Err(Error::Internal(e))) => panic!("{name}: internal error {e} on:\n{}", String::from_utf8_lossy(bytes)),
        Err(_) => panic!("{name} panicked on:\n{}", String::from_utf8_lossy(bytes)),
    }
}

#[test]
fn mutated_values_never_panic_nor_break_the_bundle() {
    let mut outcomes = [0usize; 2];
    for file in crate::support::files("values", "yaml") {
        let text = std::fs::read_to_string(format!("{}/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        for seed in 1..=600u64 {
            let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let bytes = mutate(&text, &mut rng);
            outcomes[usize::from(!outcome(&format!("{file}#{seed}"), &bytes))] += 1;
        }
    }
    assert!(outcomes[0] > 100 && outcomes[1] > 100, "both outcomes are exercised: {outcomes:?}");
}

#[test]
fn arbitrary_bytes_never_panic() {
    let mut rng = Rng(0xDEAD_BEEF);
    for case in 0..2000 {
        let len = rng.below(200);
        let bytes: Vec<u8> = (0..len)
            .map(|_| if rng.below(2) == 0 { ALPHABET[rng.below(ALPHABET.len())] } else { rng.next() as u8 })
            .collect();
        outcome(&format!("bytes#{case}"), &bytes);
    }
}

/// An arbitrary value for a key at `path`: mostly of the schema's keys below it, with scalars of
/// every type and edge (huge, negative, empty, odd text), lists and nulls mixed in.
fn arbitrary(rng: &mut Rng, path: &mut Vec<String>, depth: usize) -> Value {
    let keys = rgen::schema::keys_at(path);
    if depth < 5 && !keys.is_empty() && rng.below(4) != 0 {
        let mut map = Map::new();
        for _ in 0..1 + rng.below(4) {
            let key = if rng.below(10) == 0 { "unknownKey".to_owned() } else { keys[rng.below(keys.len())].to_owned() };
            path.push(key.clone());
            let value = arbitrary(rng, path, depth + 1);
            path.pop();
            map.insert(key, value);
        }
        return Value::Object(map);
    }
    const TEXTS: &[&str] = &[
        "",
        "a",
        "redis-cluster",
        "512Mi",
        "-1",
        "1e999",
        "2160h",
        "sentinel",
        "hostPath",
        "x\u{2028}y",
        "é",
        "0",
        "Ki",
    ];
    match rng.below(9) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => Value::from(rng.below(8) as i64 - 1),
        3 => Value::from([0i64, 1, 3, 6, 65535, 65536, i64::MAX, i64::MIN][rng.below(8)]),
        4 => Value::from(0.5),
        5 => Value::Array((0..rng.below(3)).map(|_| Value::from(TEXTS[rng.below(TEXTS.len())])).collect()),
        _ => Value::from(TEXTS[rng.below(TEXTS.len())]),
    }
}

#[test]
fn arbitrary_values_never_panic() {
    let mut outcomes = [0usize; 2];
    let mut rng = Rng(0x5EED);
    for case in 0..1500 {
        let mut value = arbitrary(&mut rng, &mut Vec::new(), 0);
        if !value.is_object() {
            value = Value::Object(Map::new());
        }
        // JSON is YAML: the flow form goes through the same reader as any values file.
        let text = serde_json::to_string(&value).unwrap();
        outcomes[usize::from(!outcome(&format!("values#{case}"), text.as_bytes()))] += 1;
    }
    assert!(outcomes[0] > 20 && outcomes[1] > 500, "both outcomes are exercised: {outcomes:?}");
}
