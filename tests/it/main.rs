//! rgen's integration tests, one binary (`cargo test --test it`).
//!
//! Plain `cargo test` needs nothing but Rust: it runs the CLI, golden, invariant, output
//! directory and robustness tests. Tests that need more are `#[ignore]`d with the reason, and
//! `scripts/test.sh` (so CI) runs them all with `--include-ignored`, after installing:
//! - real Helm and kubectl (`needs helm and kubectl`);
//! - root, network namespaces and real redis-server / Sentinel processes (`e2e`).
//!
//! No test skips itself at run time: what is not ignored runs, and fails loudly when a tool it
//! needs is missing.

// The e2e suites print their timings for the CI log.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod cli;
mod e2e;
mod golden;
mod invariants;
mod job_pods;
mod layers;
mod output_dir;
mod package;
mod plan;
mod robustness;
mod scripts;
mod secret_files;
mod static_volumes;
mod support;
mod transcript;
mod yaml11;
