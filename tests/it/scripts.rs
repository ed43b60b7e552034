//! The shell library of the bundle's scripts (templates/scripts/lib.sh), run by a real `sh`.

use std::process::Command;

const LIB: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/templates/scripts/lib.sh");

/// Runs `script` in `sh` after sourcing lib.sh, with `args` as $1...; (status, stdout, stderr).
fn sh(script: &str, args: &[&str], path: &str) -> (i32, Vec<u8>, String) {
    let out = Command::new("/bin/sh")
        .arg("-c")
        .arg(format!(". {LIB}\n{script}"))
        .arg("sh")
        .args(args)
        .env_clear()
        .env("PATH", path)
        .output()
        .expect("sh runs");
    (out.status.code().unwrap_or(-1), out.stdout, String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn sourcing_the_library_does_nothing() {
    // No redis-cli on this PATH, no password file: sourcing alone must neither exit nor read.
    let (code, stdout, stderr) = sh("echo sourced", &[], "/nonexistent");
    assert_eq!((code, stdout.as_slice(), stderr.as_str()), (0, &b"sourced\n"[..], ""));
    // setup_cli is where a missing client stops the script, with a message.
    let (code, _, stderr) = sh("setup_cli; echo unreachable", &[], "/nonexistent");
    assert_eq!(code, 1);
    assert!(stderr.contains("neither redis-cli nor valkey-cli is in PATH"), "{stderr}");
}

#[test]
fn require_env_names_what_is_missing() {
    let (code, _, stderr) = sh("A=1; require_env A B C; echo unreachable", &[], "/usr/bin:/bin");
    assert_eq!(code, 1);
    assert!(stderr.ends_with("missing environment: B C\n"), "{stderr}");
    let (code, stdout, _) = sh("A=1; B=2; require_env A B && echo ok", &[], "/usr/bin:/bin");
    assert_eq!((code, stdout.as_slice()), (0, &b"ok\n"[..]));
}

/// The exporters read the password from JSON: any password a Secret can hold (control
/// characters, quotes, backslashes, any UTF-8) must come out as a JSON string of itself.
#[test]
fn json_string_encodes_any_password() {
    let passwords = [
        "plain",
        "tab\there",
        "line\nbreak\r\n",
        "quote\"back\\slash",
        "\u{1}\u{1f}\u{7f}",
        "ünïcödé ✓ \u{2028}",
        "",
        "' $(rm -rf /) `x` %s %d \\u0041",
    ];
    for password in passwords {
        let (code, stdout, stderr) = sh("json_string \"$1\"", &[password], "/usr/bin:/bin");
        assert_eq!(code, 0, "{stderr}");
        let text = String::from_utf8(stdout).expect("UTF-8 out");
        let decoded: String =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{password:?} gave invalid JSON {text:?}: {e}"));
        assert_eq!(decoded, password);
    }
}
