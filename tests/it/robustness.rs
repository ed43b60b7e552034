//! Never a panic on bad input: thousands of deterministic mutations of every example (bytes
//! deleted, inserted, swapped, lines duplicated, truncations) go through the whole pipeline. Each
//! must end in a rendered bundle or in diagnostics, never in a panic or an internal error.

use rgen::load::parse;
use rgen::merge::merge;
use rgen::render::render;
use rgen::validate::validate;

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

#[test]
fn mutated_values_never_panic_nor_break_the_bundle() {
    let mut outcomes = [0usize; 2];
    for file in crate::support::files("values", "yaml") {
        let text = std::fs::read_to_string(format!("{}/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        for seed in 1..=600u64 {
            let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let bytes = mutate(&text, &mut rng);
            let result = std::panic::catch_unwind(|| {
                let layer = match rgen::load::text_source(file.clone(), bytes.clone()).and_then(parse) {
                    Ok(layer) => layer,
                    Err(d) => return Err(vec![d]),
                };
                let validated = validate(&merge(vec![layer]))?;
                let manifests = render(&validated.values).unwrap_or_else(|e| panic!("internal error: {e}"));
                rgen::conform::conform(&manifests).unwrap_or_else(|e| panic!("internal error: {e}"));
                Ok(())
            });
            match result {
                Ok(Ok(())) => outcomes[0] += 1,
                Ok(Err(diagnostics)) => {
                    assert!(!diagnostics.is_empty());
                    assert!(diagnostics.iter().all(|d| !d.message.is_empty()), "{file} seed {seed}: empty message");
                    outcomes[1] += 1;
                }
                Err(_) => panic!("{file} seed {seed} panicked on:\n{}", String::from_utf8_lossy(&bytes)),
            }
        }
    }
    assert!(outcomes[0] > 100 && outcomes[1] > 100, "both outcomes are exercised: {outcomes:?}");
}
