//! `rgen package`: the validated bundle as a Helm chart archive, so teams that manage releases
//! with Helm get install, upgrade, rollback and uninstall. The templates are the rendered
//! manifests, escaped so Helm emits them verbatim; the archive is byte-deterministic.

use std::io::Write;

use flate2::{Compression, GzBuilder};
use serde_json::Value;

use crate::conform::document;
use crate::internal_error::InternalError;
use crate::output_dir::{OutputFile, resources};
use crate::pipeline::Bundle;
use crate::schema::VALUES_SCHEMA_TEXT;
use crate::values::recommended_labels::COMPONENT;
use crate::yaml::write;

/// Modification time of every archive entry (the epoch), so archives do not depend on the clock.
const ENTRY_MTIME: u64 = 0;

/// A packaged chart: its file name (`<name>-<version>.tgz`) and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Why a bundle could not be packaged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PackageError {
    #[error("chart version `{0}` is not SemVer 2 (MAJOR.MINOR.PATCH[-PRE][+BUILD], e.g. 1.4.0), which Helm requires")]
    NotSemver(String),
    #[error(transparent)]
    Internal(#[from] InternalError),
}

/// Packages `bundle` as chart version `version` (SemVer 2, as Helm requires).
pub fn package(bundle: &Bundle, version: &str) -> Result<Package, PackageError> {
    if !is_semver(version) {
        return Err(PackageError::NotSemver(version.to_owned()));
    }
    let files = chart_files(bundle, version)?;
    let name = &bundle.values.name;
    Ok(Package { file_name: format!("{name}-{version}.tgz"), bytes: archive(name, &files) })
}

/// The chart's files, paths relative to the chart directory, sorted.
pub fn chart_files(bundle: &Bundle, version: &str) -> Result<Vec<OutputFile>, InternalError> {
    let mut files = vec![
        OutputFile { name: "Chart.yaml".into(), text: chart_yaml(bundle, version) },
        OutputFile { name: "README.md".into(), text: readme(bundle, version) },
        OutputFile { name: "values.schema.json".into(), text: VALUES_SCHEMA_TEXT.to_owned() },
        OutputFile { name: "values.yaml".into(), text: values_yaml(bundle) },
    ];
    let resources = resources(bundle)?;
    for (f, manifest) in resources.iter().zip(&bundle.manifests) {
        // The smoke-test Job runs on `helm test`, as a test Pod, not on install.
        let doc = document(manifest)?;
        let (name, text) = if doc["kind"] == "Job" && doc["metadata"]["labels"][COMPONENT] == "smoke-test" {
            ("tests/smoke-test.yaml".to_owned(), helm_test_pod(&doc))
        } else {
            (f.name.clone(), f.text.clone())
        };
        files.push(OutputFile { name: format!("templates/{name}"), text: escape_for_helm(&text) });
    }
    if !bundle.notes.is_empty() {
        let notes: String = bundle.notes.iter().map(|n| format!("{n}\n")).collect();
        files.push(OutputFile { name: "templates/NOTES.txt".into(), text: escape_for_helm(&notes) });
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(files)
}

/// The smoke-test Job's pod as a Helm test hook: the same spec, deleted before the next run and
/// after it passed (a failed one stays for `kubectl logs`).
fn helm_test_pod(job: &Value) -> String {
    let template = &job["spec"]["template"];
    let name = job["metadata"]["name"].as_str().unwrap_or_default();
    let base = name.rsplit_once('-').map_or(name, |(base, _hash)| base);
    let mut annotations = job["metadata"]["annotations"].as_object().cloned().unwrap_or_default();
    annotations.insert("helm.sh/hook".into(), "test".into());
    annotations.insert("helm.sh/hook-delete-policy".into(), "before-hook-creation,hook-succeeded".into());
    let pod = serde_json::json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": base,
            "namespace": job["metadata"]["namespace"],
            "labels": template["metadata"]["labels"],
            "annotations": annotations,
        },
        "spec": template["spec"],
    });
    let mut text = write::to_block(&pod, 0).trim_start_matches('\n').to_owned();
    text.push('\n');
    text
}

fn chart_yaml(bundle: &Bundle, version: &str) -> String {
    let v = &bundle.values;
    let description = format!(
        "{} `{}` in namespace `{}`, rendered and validated by rgen {}",
        kind(bundle),
        v.name,
        v.namespace,
        env!("CARGO_PKG_VERSION")
    );
    format!(
        "apiVersion: v2\nname: {}\ndescription: {}\ntype: application\nversion: {}\nappVersion: {}\n",
        v.name,
        write::scalar(&Value::String(description)),
        write::scalar(&Value::String(version.to_owned())),
        write::scalar(&Value::String(v.image.tag.clone())),
    )
}

/// The resolved values, for the record: the templates do not read them. The password is left
/// out; it lives only in the Secret.
fn values_yaml(bundle: &Bundle) -> String {
    let mut values = serde_json::to_value(&bundle.values).expect("values serialize");
    let redacted =
        values["auth"].as_object_mut().and_then(|auth| auth.remove("password")).is_some_and(|p| !p.is_null());
    let mut out = String::from(
        "# The values this chart was rendered from by rgen. The templates are fixed manifests and do not\n\
         # read them: change values by re-running `rgen package`, not with `helm --set`.\n",
    );
    if redacted {
        out.push_str("# auth.password is left out: it is only in the Secret under templates/.\n");
    }
    // A block mapping at indent 0 is `\nkey: ...` per key.
    out.push_str(write::to_block(&values, 0).trim_start_matches('\n'));
    out.push('\n');
    out
}

fn readme(bundle: &Bundle, version: &str) -> String {
    let v = &bundle.values;
    format!(
        "# {name} {version}\n\n\
         {kind} `{name}` for namespace `{ns}`, packaged by rgen {rgen} from validated values.\n\n\
         The templates are the manifests `rgen render` produces, fixed at packaging time: Helm installs,\n\
         upgrades, rolls back and uninstalls them as one release, but `--set` and `-f` change nothing.\n\
         To change the cluster, edit the rgen values and package again with a new chart version.\n\n\
         ```sh\nhelm upgrade --install {name} ./{name}-{version}.tgz --namespace {ns}\n```\n\n\
         `values.yaml` records the values the chart was rendered from (without the password).\n",
        name = v.name,
        ns = v.namespace,
        kind = kind(bundle),
        rgen = env!("CARGO_PKG_VERSION"),
    )
}

fn kind(bundle: &Bundle) -> &'static str {
    if bundle.values.is_sentinel() { "Redis Sentinel" } else { "Redis Cluster" }
}

/// Escapes `{{` and `}}` so Helm's template engine writes them out unchanged.
pub fn escape_for_helm(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(tail) = rest.strip_prefix("{{") {
            out.push_str(r#"{{ "{{" }}"#);
            rest = tail;
        } else if let Some(tail) = rest.strip_prefix("}}") {
            out.push_str(r#"{{ "}}" }}"#);
            rest = tail;
        } else {
            let c = rest.chars().next().expect("rest is not empty");
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// A gzip'd tar (GNU format, for long PV file names) of `files` under `<name>/`: sorted, fixed mtime, owner 0, mode 0644, no gzip
/// name or timestamp. Same files, same bytes.
pub fn archive(name: &str, files: &[OutputFile]) -> Vec<u8> {
    let mut tar = tar::Builder::new(Vec::new());
    tar.mode(tar::HeaderMode::Deterministic);
    let mut sorted: Vec<&OutputFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    for f in sorted {
        let mut header = tar::Header::new_gnu();
        header.set_entry_type(tar::EntryType::Regular);
        header.set_size(f.text.len() as u64);
        header.set_mode(0o644);
        header.set_uid(0);
        header.set_gid(0);
        header.set_mtime(ENTRY_MTIME);
        tar.append_data(&mut header, format!("{name}/{}", f.name), f.text.as_bytes())
            .expect("writing a tar to memory cannot fail");
    }
    let tar_bytes = tar.into_inner().expect("writing a tar to memory cannot fail");
    let mut gz = GzBuilder::new().mtime(0).write(Vec::new(), Compression::best());
    gz.write_all(&tar_bytes).expect("compressing to memory cannot fail");
    gz.finish().expect("compressing to memory cannot fail")
}

/// SemVer 2: `MAJOR.MINOR.PATCH`, numbers without leading zeros, optional `-pre` and `+build`.
pub fn is_semver(version: &str) -> bool {
    let (rest, build) = match version.split_once('+') {
        Some((r, b)) => (r, Some(b)),
        None => (version, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (rest, None),
    };
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'));
    let ident = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| numeric(p))
        && pre.is_none_or(|p| p.split('.').all(|i| ident(i) && (!i.bytes().all(|b| b.is_ascii_digit()) || numeric(i))))
        && build.is_none_or(|b| b.split('.').all(ident))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn braces_are_escaped_for_helm() {
        assert_eq!(escape_for_helm("a {{ .x }} b"), r#"a {{ "{{" }} .x {{ "}}" }} b"#);
        assert_eq!(escape_for_helm("}}}{{{"), r#"{{ "}}" }}}{{ "{{" }}{"#);
        assert_eq!(escape_for_helm("ünïcode"), "ünïcode");
    }

    #[test]
    fn semver_is_checked() {
        for ok in ["0.1.0", "1.2.3", "10.0.0-rc.1", "1.0.0+build.5", "1.0.0-alpha-1+x"] {
            assert!(is_semver(ok), "{ok}");
        }
        for bad in ["1.2", "v1.2.3", "01.2.3", "1.2.3-", "1.2.3-01", "1.2.3+", "1.2.x", ""] {
            assert!(!is_semver(bad), "{bad}");
        }
    }

    #[test]
    fn archives_are_byte_identical_and_list_sorted_paths() {
        let files = [
            OutputFile { name: "b.yaml".into(), text: "b\n".into() },
            OutputFile { name: "a.yaml".into(), text: "a\n".into() },
        ];
        let one = archive("c", &files);
        assert_eq!(one, archive("c", &files));
        // gzip: no file name flag, mtime 0.
        assert_eq!(&one[..8], &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0]);
    }
}
