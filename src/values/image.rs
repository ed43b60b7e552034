use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The container image of every Redis pod and of the bootstrap Job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Image {
    /// Image repository. `redis` (official, Redis >= 7) and `valkey/valkey` (>= 7.2) both work.
    #[schemars(length(min = 1, max = 255))]
    pub repository: String,
    /// Image tag: an exact release (`"7.2.11"`), so every node runs the same one. Quote it in
    /// YAML so it stays a string.
    #[schemars(regex(pattern = crate::syntax::IMAGE_TAG))]
    pub tag: String,
    /// Optional digest (`sha256:...`); when set the image is pinned to it.
    #[schemars(regex(pattern = crate::syntax::SHA256_DIGEST))]
    pub digest: Option<String>,
    /// Kubernetes imagePullPolicy. `Always` (the default) makes each node check the tag and the
    /// pull Secret with the registry; the layers stay cached.
    pub pull_policy: PullPolicy,
    /// Names of image pull Secrets in the namespace.
    pub pull_secrets: Vec<String>,
}

impl Default for Image {
    fn default() -> Self {
        Image {
            repository: "redis".into(),
            tag: "7.2.11".into(),
            digest: None,
            pull_policy: PullPolicy::Always,
            pull_secrets: Vec::new(),
        }
    }
}

impl Image {
    /// The full image reference as Kubernetes wants it.
    pub fn reference(&self) -> String {
        reference(&self.repository, &self.tag, self.digest.as_deref())
    }
}

/// When the kubelet pulls the image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum PullPolicy {
    IfNotPresent,
    Always,
    Never,
}

/// `repository:tag`, or `repository:tag@digest` when pinned.
pub(crate) fn reference(repository: &str, tag: &str, digest: Option<&str>) -> String {
    match digest {
        Some(digest) => format!("{repository}:{tag}@{digest}"),
        None => format!("{repository}:{tag}"),
    }
}
