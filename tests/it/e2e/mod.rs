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

/// One suite on Redis, on Valkey and on Redis with TLS (the Valkey build the suites can get
/// has no TLS); each test runs `$suite` with its [`Variant`].
macro_rules! on_every_variant {
    ($suite:ident: $redis:ident, $valkey:ident, $tls:ident) => {
        #[test]
        #[ignore = "e2e: needs root, Redis and Valkey (RGEN_E2E_VALKEY_BIN); run scripts/test.sh"]
        fn $redis() {
            $suite($crate::e2e::Variant::REDIS);
        }

        #[test]
        #[ignore = "e2e: needs root and Valkey (RGEN_E2E_VALKEY_BIN); run scripts/test.sh"]
        fn $valkey() {
            $suite($crate::e2e::Variant::VALKEY);
        }

        #[test]
        #[ignore = "e2e: needs root, Redis and openssl; run scripts/test.sh"]
        fn $tls() {
            $suite($crate::e2e::Variant::REDIS_TLS);
        }
    };
}

/// What a suite runs on: the engine, and whether every link uses TLS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variant {
    pub engine: engine::Engine,
    pub tls: bool,
}

impl Variant {
    pub const REDIS: Variant = Variant { engine: engine::Engine::Redis, tls: false };
    pub const VALKEY: Variant = Variant { engine: engine::Engine::Valkey, tls: false };
    pub const REDIS_TLS: Variant = Variant { engine: engine::Engine::Redis, tls: true };

    /// `redis`, `valkey` or `redis+tls`, as the timings name it.
    pub fn label(self) -> String {
        format!("{}{}", self.engine.name(), if self.tls { "+tls" } else { "" })
    }

    /// Renders `file` with `sets`, and with TLS on for a TLS variant: the certificate from
    /// cert-manager (the harness issues it from a test CA, with the rendered Certificate's
    /// names), clients by IP (the harness's clients cannot resolve pod names; hostnames are
    /// checked by their own test).
    pub fn render(self, file: &str, sets: &[&str]) -> bundle::Bundle {
        let mut all = sets.to_vec();
        if self.tls {
            all.extend(["tls.enabled=true", "tls.certManager.issuerRef.name=e2e-ca"]);
        }
        bundle::Bundle::render(file, &all)
    }
}

mod alerts;
mod backup_cluster;
mod backup_data;
mod backup_migration;
mod backup_sentinel;
mod bundle;
pub mod cluster;
mod cluster_restarts;
mod cluster_scale_in;
mod cluster_scenarios;
pub(super) mod cluster_updates;
mod dashboard;
pub mod engine;
mod external_access;
mod external_node_ports;
mod external_sentinel;
mod kubelet;
pub mod net;
mod node;
mod outside;
pub mod pods;
mod process;
mod prometheus;
mod rotation;
mod secret_volume;
pub mod sentinel;
mod sentinel_containers;
mod sentinel_scale_in;
mod sentinel_scenarios;
pub(super) mod sentinel_updates;
mod sentinel_view;
mod sentinel_writes;
mod smoke_test;
pub mod store;
pub mod tls;
mod tls_clients;
pub mod view;
pub mod writer;
