//! rgen: typed values in, a validated, deterministic Kubernetes bundle for Redis Cluster or
//! Redis Sentinel out.
//!
//! The data path, one module each: [`load`] → [`merge`] → [`validate`] → [`render`] →
//! [`check`] → [`emit`].

// Diagnostics carry their snippet and travel only on the cold error path; boxing them would
// buy nothing but noise.
#![allow(clippy::result_large_err)]

pub mod check;
pub mod diagnostic;
pub mod emit;
pub mod gitops;
pub mod load;
pub mod merge;
pub mod pipeline;
pub mod render;
pub mod schema;
pub mod schema_doc;
pub mod set;
pub mod starter;
pub mod topology;
pub mod validate;
pub mod values;
pub mod yaml;

pub use pipeline::{Bundle, Failure, Request, bundle, validated};
