//! The bundle as a directory for GitOps repositories: one file per resource, written as a
//! whole or not at all, and its drift check (`rgen check`).

mod drift;
mod layout;
mod write;

pub use drift::{Difference, compare};
pub(crate) use layout::owned_names;
pub use layout::{KUSTOMIZATION_FILE, OWNERSHIP_FILE, OutputFile, files, resources};
pub use write::{WriteError, Written, write_dir};
