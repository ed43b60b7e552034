//! rgen: typed values in, a validated, deterministic Kubernetes bundle for Redis Cluster out.
//!
//! The data path, one module each: [`load`] → [`merge`] → [`validate`] → [`render`] →
//! [`check`] → [`emit`].

pub mod diagnostic;
pub mod load;
pub mod merge;
pub mod schema;
pub mod set;
pub mod topology;
pub mod validate;
pub mod values;
pub mod yaml;
