//! Helpers shared by the integration tests.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// What a run of the real binary did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the `rgen` binary with `args` (and optional stdin) from the crate root.
pub fn rgen(args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rgen"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rgen starts");
    let mut input = child.stdin.take().expect("stdin is piped");
    if let Some(bytes) = stdin {
        input.write_all(bytes).expect("stdin accepts input");
    }
    drop(input);
    let out = child.wait_with_output().expect("rgen finishes");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
    }
}

/// Files in a directory of the crate with the given extension, sorted, as relative paths.
pub fn files(dir: &str, ext: &str) -> Vec<String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut out: Vec<String> = std::fs::read_dir(root.join(dir))
        .expect("directory exists")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .map(|p| format!("{dir}/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    out.sort();
    out
}

/// File stem of a relative path.
pub fn stem(path: &str) -> String {
    std::path::Path::new(path).file_stem().unwrap().to_string_lossy().into_owned()
}

/// A fresh, empty scratch directory for one test (removed first if a previous run left it).
pub fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rgen-test-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

/// A tool the tests run (helm, kubectl): `$RGEN_<NAME>`, else `.tools/bin/<name>` as
/// `scripts/test.sh` installs it, else `<name>` on PATH. Fails loudly when none exists.
pub fn tool(name: &str) -> PathBuf {
    let var = format!("RGEN_{}", name.to_ascii_uppercase());
    if let Some(path) = std::env::var_os(&var) {
        return PathBuf::from(path);
    }
    let local = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".tools/bin").join(name);
    if local.is_file() {
        return local;
    }
    if let Some(found) = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
    {
        return found;
    }
    panic!("`{name}` is needed by this test: run `bash scripts/test.sh` (it installs it into .tools/bin) or set {var}");
}

/// Runs a tool, returning stdout; panics with its stderr when it fails.
pub fn run_tool(program: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new(program).args(args).output().expect("the tool starts");
    assert!(
        out.status.success(),
        "{} {args:?} failed:\n{}{}",
        program.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// The objects of a YAML stream, sorted by kind and name, for comparing bundles that different
/// tools wrote (order, comments and formatting differ; objects must not).
pub fn objects(stream: &str) -> Vec<serde_json::Value> {
    let docs = rgen::yaml::parse_stream(stream, rgen::yaml::Limits::default(), rgen::yaml::Purpose::Values)
        .expect("the stream is YAML");
    let mut objects: Vec<serde_json::Value> = docs.into_iter().map(|d| d.value).filter(|v| !v.is_null()).collect();
    let key = |v: &serde_json::Value| format!("{}/{}", v["kind"], v["metadata"]["name"]);
    objects.sort_by_key(key);
    objects
}

/// Names of the entries of a directory, sorted (hidden ones included).
pub fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("readable directory")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A library request as `rgen render FILES --set SETS...` would make it.
pub fn request(files: &[&str], sets: &[&str]) -> rgen::Request {
    let overrides =
        sets.iter().map(|s| rgen::Override::parse(s, format!("--set {s}")).expect("a well-formed --set")).collect();
    rgen::Request::files(files, overrides)
}
