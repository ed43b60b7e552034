//! End to end: the rendered bundle run as real redis-server / redis-cli / Sentinel processes,
//! each pod in a network namespace of its own (needs root). The harness is `net` (test hosts),
//! `bundle` (the rendered documents), `pods` (a rendered container started as rendered),
//! `cluster` and `sentinel` (a set of pods) and `view` (what a real client sees); the scenarios
//! are in `*_scenarios`.

/// One suite on both engines: `$redis` runs `$suite(Engine::Redis)`, `$valkey` runs
/// `$suite(Engine::Valkey)`; both are ignored by plain `cargo test` and run by scripts/test.sh.
macro_rules! on_both_engines {
    ($suite:ident: $redis:ident, $valkey:ident) => {
        #[test]
        #[ignore = "e2e: needs root, Redis and Valkey (RGEN_E2E_VALKEY_BIN); run scripts/test.sh"]
        fn $redis() {
            $suite($crate::e2e::engine::Engine::Redis);
        }

        #[test]
        #[ignore = "e2e: needs root and Valkey (RGEN_E2E_VALKEY_BIN); run scripts/test.sh"]
        fn $valkey() {
            $suite($crate::e2e::engine::Engine::Valkey);
        }
    };
}

mod bundle;
pub mod cluster;
mod cluster_scenarios;
pub(super) mod cluster_updates;
pub mod engine;
pub mod net;
pub mod pods;
mod process;
mod rotation;
pub mod sentinel;
mod sentinel_scenarios;
pub(super) mod sentinel_updates;
mod sentinel_writes;
pub mod view;
pub mod writer;
