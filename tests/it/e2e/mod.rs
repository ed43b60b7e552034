//! End to end: the rendered bundle run as real redis-server / redis-cli / Sentinel processes,
//! each pod in a network namespace of its own (needs root). The harness is `net` (test hosts),
//! `bundle` (the rendered documents), `pods` (a rendered container started as rendered),
//! `cluster` and `sentinel` (a set of pods) and `view` (what a real client sees); the scenarios
//! are in `*_scenarios`.

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
