//! rgen in GitOps repositories and CI: the output directory, its drift check, and the Helm-style
//! package.

pub mod drift;
pub mod layout;
pub mod package;
pub mod write;

pub use drift::{Difference, compare};
pub use layout::{KUSTOMIZATION_FILE, OWNERSHIP_FILE, OutputFile, files, resources};
pub use package::{Package, package};
pub use write::{WriteError, Written, write_dir};
