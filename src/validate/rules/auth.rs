//! `auth`: one password source, none when auth is off, a password that fits in redis.conf, and
//! a consistent password rotation (the keys Redis also accepts).

use super::Findings;
use crate::values::Values;

pub(super) fn check(v: &Values, f: &mut Findings) {
    let a = &v.auth;
    match (a.enabled, &a.password, &a.existing_secret) {
        (true, Some(_), Some(_)) => {
            f.error(&["auth", "existingSecret"], "set auth.password or auth.existingSecret, not both", None)
        }
        (false, Some(_), _) => f.error(
            &["auth", "password"],
            "auth.enabled is false, so the password would be ignored",
            Some("remove it, or set auth.enabled: true"),
        ),
        (false, None, Some(_)) => f.error(
            &["auth", "existingSecret"],
            "auth.enabled is false, so the Secret would be ignored",
            Some("remove it, or set auth.enabled: true"),
        ),
        (false, None, None) => f.warn(
            &["auth", "enabled"],
            "authentication is off: every pod the NetworkPolicy admits can read and write every key",
            Some("keep auth on; clients pass the password with AUTH"),
        ),
        _ => {}
    }
    if let Some(password) = &a.password {
        if password.contains(['\n', '\r', '\0']) {
            f.error(&["auth", "password"], "the password contains a line break or NUL byte", None);
        } else if password.len() < 16 {
            f.warn(
                &["auth", "password"],
                format!("the password is only {} characters long", password.len()),
                Some("use 32 random characters, e.g. `openssl rand -hex 16`"),
            );
        }
    }
    if let Some(secret) = &a.existing_secret {
        check_rotation_keys(&secret.key, &secret.also_accept_keys, f);
    }
}

/// `alsoAcceptKeys` lists other keys than the one in use, each once, at most four (the scripts
/// read the files also-accept-0..3).
fn check_rotation_keys(key: &str, also: &[String], f: &mut Findings) {
    if also.len() > 4 {
        f.error(
            &["auth", "existingSecret", "alsoAcceptKeys"],
            format!("{} keys listed; at most 4 passwords can be accepted besides the current one", also.len()),
            Some("a rotation needs one: the new password before the switch, the old one after"),
        );
    }
    for (i, other) in also.iter().enumerate() {
        let index = i.to_string();
        let path = ["auth", "existingSecret", "alsoAcceptKeys", index.as_str()];
        if other == key {
            f.error(
                &path,
                format!("`{other}` is the key rgen's components use (auth.existingSecret.key), listed again"),
                Some("list only the other password's key: the new one before the switch, the old one after"),
            );
        } else if also[..i].contains(other) {
            f.error(&path, format!("`{other}` is listed twice"), Some("list each key once"));
        }
    }
}
