//! End-to-end harness: the rendered bundle run as real redis-server / redis-cli processes.
#![allow(dead_code)]

pub mod cluster;
pub mod net;
pub mod pods;
pub mod sentinel;
pub mod view;
