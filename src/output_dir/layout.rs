//! The bundle as a directory: one file per resource, a `kustomization.yaml` listing them, and
//! the list of files rgen owns, so a re-render knows what it may replace or remove.

use crate::conform::Resource;
use crate::internal_error::InternalError;
use crate::pipeline::Bundle;
use crate::render::Manifest;

/// Lists the files rgen wrote into an output directory; nothing else is ever removed.
pub const OWNERSHIP_FILE: &str = ".rgen-owned";
/// Permissions of every written file: readable by all, like `git checkout` writes them.
pub(crate) const OUTPUT_FILE_MODE: u32 = 0o644;
/// Makes the directory a kustomization (`kubectl apply -k`, Argo CD, Flux).
pub const KUSTOMIZATION_FILE: &str = "kustomization.yaml";

/// One file of an output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// A plain file name, no directory part.
    pub name: String,
    pub text: String,
}

/// One file per resource, `<kind>-<name>.yaml`, in install order (the directory's resources
/// and the Helm chart's templates).
pub fn resources(bundle: &Bundle) -> Result<Vec<OutputFile>, InternalError> {
    resource_files(&bundle.manifests, &bundle.resources)
}

fn resource_files(manifests: &[Manifest], resources: &[Resource]) -> Result<Vec<OutputFile>, InternalError> {
    let mut out: Vec<OutputFile> = Vec::with_capacity(manifests.len() + 2);
    for (manifest, resource) in manifests.iter().zip(resources) {
        let name = file_name(resource);
        if out.iter().any(|f| f.name == name) {
            return Err(InternalError::template(
                manifest.template,
                format!("two documents would be written to {name}"),
            ));
        }
        out.push(OutputFile { name, text: manifest.text.clone() });
    }
    Ok(out)
}

/// Every file of the output directory, in a fixed order: the resources in install order, then
/// the kustomization, then the ownership list.
pub fn files(bundle: &Bundle) -> Result<Vec<OutputFile>, InternalError> {
    directory_files(&bundle.manifests, &bundle.resources)
}

fn directory_files(manifests: &[Manifest], resources: &[Resource]) -> Result<Vec<OutputFile>, InternalError> {
    let mut out = resource_files(manifests, resources)?;
    let mut kustomization = String::from(
        "# Written by rgen: every resource of this directory, for `kubectl apply -k`, Argo CD and Flux.\n\
         apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n",
    );
    for f in &out {
        kustomization.push_str(&format!("  - {}\n", f.name));
    }
    out.push(OutputFile { name: KUSTOMIZATION_FILE.into(), text: kustomization });
    let mut owned = String::from(
        "# Files rgen wrote here. A re-render replaces them and removes the ones it no longer renders;\n\
         # rgen refuses to write into this directory while it holds a file not listed here.\n",
    );
    for f in &out {
        owned.push_str(&f.name);
        owned.push('\n');
    }
    out.push(OutputFile { name: OWNERSHIP_FILE.into(), text: owned });
    Ok(out)
}

/// `<kind>-<name>.yaml`, lower case: stable across renders, unique within one bundle.
fn file_name(resource: &Resource) -> String {
    format!("{}-{}.yaml", resource.kind.to_ascii_lowercase(), resource.name)
}

/// The names listed in an ownership file's text (comments and blank lines skipped).
pub(crate) fn owned_names(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resource(kind: &str, name: &str) -> Resource {
        Resource { kind: kind.into(), name: name.into() }
    }

    fn manifest(text: &str) -> Manifest {
        Manifest { template: "t.yaml", text: text.into() }
    }

    #[test]
    fn files_are_named_by_kind_and_name_and_listed_twice() {
        let resources = [resource("ConfigMap", "a"), resource("StatefulSet", "a")];
        let files = directory_files(&[manifest("x\n"), manifest("y\n")], &resources).unwrap();
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["configmap-a.yaml", "statefulset-a.yaml", KUSTOMIZATION_FILE, OWNERSHIP_FILE]);
        assert!(files[2].text.contains("  - configmap-a.yaml\n  - statefulset-a.yaml\n"));
        assert_eq!(owned_names(&files[3].text), ["configmap-a.yaml", "statefulset-a.yaml", KUSTOMIZATION_FILE]);
    }

    #[test]
    fn a_name_clash_is_an_internal_error() {
        let service = resource("Service", "a");
        let err = directory_files(&[manifest("x\n"), manifest("y\n")], &[service.clone(), service]).unwrap_err();
        assert!(err.message.contains("service-a.yaml"), "{err}");
    }
}
