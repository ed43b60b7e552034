//! A Secret volume as the kubelet writes it: the listed keys as files, owned by root and the
//! pod's fsGroup with the volume's defaultMode, each file replaced atomically.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

use serde_json::Value;

/// A Secret volume: its files (key → path), written as the kubelet does, owned by root and
/// the pod's fsGroup with the volume's defaultMode.
pub(super) struct SecretVolume {
    pub secret: String,
    items: Vec<(String, String)>,
    pub dir: PathBuf,
    mode: u32,
    gid: u32,
}

impl SecretVolume {
    pub fn new(source: &Value, dir: PathBuf, gid: u32) -> SecretVolume {
        let items = source["items"].as_array().expect("rgen lists a Secret volume's items");
        SecretVolume {
            secret: source["secretName"].as_str().expect("secretName").to_owned(),
            items: items
                .iter()
                .map(|i| (i["key"].as_str().unwrap().to_owned(), i["path"].as_str().unwrap().to_owned()))
                .collect(),
            dir,
            mode: source["defaultMode"].as_u64().unwrap_or(0o644) as u32,
            gid,
        }
    }

    pub fn write(&self, value: impl Fn(&str) -> String) {
        fs::create_dir_all(&self.dir).unwrap();
        for (key, path) in &self.items {
            let (file, tmp) = (self.dir.join(path), self.dir.join(format!(".{path}.tmp")));
            fs::write(&tmp, value(key)).unwrap();
            std::os::unix::fs::chown(&tmp, Some(0), Some(self.gid)).unwrap();
            fs::set_permissions(&tmp, fs::Permissions::from_mode(self.mode)).unwrap();
            fs::rename(&tmp, &file).unwrap();
        }
    }
}
