//! rgen: typed values in, a validated, deterministic Kubernetes bundle for Redis Cluster or
//! Redis Sentinel out.
//!
//! The data path, one module each: [`load`] and [`Override`] → [`merge`] → [`validate`] →
//! [`render`] → [`conform`] → [`emit`]. Around it: [`output_dir`] (GitOps directories and
//! their drift check) and [`package`] (Helm charts) consume a finished [`Bundle`].

pub mod conform;
mod custom_resources;
pub mod diagnostic;
pub mod emit;
#[cfg(test)]
mod generated;
mod internal_error;
pub mod load;
pub mod merge;
pub mod output_dir;
mod overrides;
pub mod package;
pub mod pipeline;
pub mod plan;
pub mod render;
pub mod schema;
pub mod schema_doc;
pub mod starter;
pub mod syntax;
pub mod topology;
pub mod validate;
pub mod values;
pub mod yaml;

pub use internal_error::InternalError;
pub use overrides::{Override, OverrideSyntaxError};
pub use pipeline::{Bundle, Error, Request, bundle, validated};
