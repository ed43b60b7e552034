//! The shell library of the bundle's scripts (templates/scripts/lib.sh), run by a real `sh`.

use std::process::Command;

const LIB: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/templates/scripts/lib.sh");
const CONFIG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/templates/scripts/config.sh");

/// Runs `script` in `sh` after sourcing lib.sh and config.sh, with `args` as $1...; (status,
/// stdout, stderr).
fn sh(script: &str, args: &[&str], path: &str) -> (i32, Vec<u8>, String) {
    let out = Command::new("/bin/sh")
        .arg("-c")
        .arg(format!(". {LIB}\n. {CONFIG}\n{script}"))
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

/// `wait_until` keeps its own deadline and interval when the command it runs waits too (as
/// start-redis.sh's verdict_given runs ask_sentinels): before, the inner call's deadline ended
/// the outer wait at once.
#[test]
fn waits_nest() {
    let script = "n=0
inner_then_count() { wait_until --every 0.1 0 false; n=$((n + 1)); [ \"$n\" -ge 3 ]; }
if wait_until --every 0.1 5 inner_then_count; then echo \"outer waited for $n\"; else echo \"outer gave up at $n\"; fi";
    let (code, stdout, stderr) = sh(script, &[], "/usr/bin:/bin");
    assert_eq!((code, String::from_utf8(stdout).unwrap().as_str()), (0, "outer waited for 3\n"), "{stderr}");
}

#[test]
fn for_each_pod_and_find_pod_visit_every_ordinal_and_nest() {
    let script = "RGEN_PODS=3
pair() { for_each_pod echo \"$1\" | tr '\\n' ' '; }
for_each_pod pair; echo
is_two() { [ \"$1\" = 2 ]; }
find_pod is_two; find_pod false || echo none";
    let (code, stdout, _) = sh(script, &[], "/usr/bin:/bin");
    assert_eq!(
        (code, String::from_utf8(stdout).unwrap().as_str()),
        (0, "0 0 0 1 0 2 1 0 1 1 1 2 2 0 2 1 2 2 \n2\nnone\n")
    );
}

/// CLUSTER NODES as Redis 7 and Valkey 8 print it (hostnames, a migrating slot, a failed and a
/// handshaking node) and nodes.conf (its `vars` line, aux fields), normalised to fixed columns.
#[test]
fn normalise_nodes_reads_every_shape_of_cluster_nodes() {
    let cluster = concat!(env!("CARGO_MANIFEST_DIR"), "/templates/scripts/cluster.sh");
    let table = "\
a1 10.0.0.1:6379@16379,redis-0.peers myself,master - 0 0 1 connected 0-5460 [5461->-b2]
b2 10.0.0.2:6379@16379,redis-1.peers master - 0 1700000000000 2 connected 5461-10922 16000
c3 10.0.0.3:6379@16379,redis-2.peers slave,fail a1 1700000000000 1700000000000 1 disconnected
d4 :0@0 noaddr,handshake - 0 0 0 disconnected
e5 10.0.0.5:6379@16379,,tls-port=0,shard-id=x slave,fail? b2 0 0 2 connected
vars currentEpoch 3 lastVoteEpoch 0
";
    let out = Command::new("/bin/sh")
        .arg("-c")
        .arg(format!(". {LIB}\n. {cluster}\nnormalise_nodes"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(table.as_bytes())?;
            child.wait_with_output()
        })
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "\
a1 10.0.0.1 6379 16379 redis-0.peers master myself ok - connected 5461 0-5460 open
b2 10.0.0.2 6379 16379 redis-1.peers master - ok - connected 5463 5461-10922 -
c3 10.0.0.3 6379 16379 redis-2.peers replica - fail a1 disconnected 0 - -
d4 - 0 0 - none - handshake - disconnected 0 - -
e5 10.0.0.5 6379 16379 - replica - pfail b2 connected 0 - -
"
    );
}

/// Under `set -e`, `x=$(running_master)` must not end the script when no pod runs as master (a
/// fresh Sentinel set): that once stopped every Sentinel silently before it started.
#[test]
fn running_master_prints_nothing_and_succeeds_without_a_master() {
    let script = r#"set -eu
RGEN_PODS=3 RGEN_STATEFULSET=r RGEN_PEER_DOMAIN=p
role_of() { echo slave; }
m=$(running_master "")
echo "none:$m"
role_of() { if [ "$1" = r-1.p ]; then echo master; else echo slave; fi; }
m=$(running_master "")
echo "found:$m"
m=$(running_master r-1.p)
echo "other:$m""#;
    let (code, stdout, stderr) = sh(script, &[], "/usr/bin:/bin");
    assert_eq!((code, String::from_utf8(stdout).unwrap().as_str()), (0, "none:\nfound:r-1.p\nother:\n"), "{stderr}");
}
