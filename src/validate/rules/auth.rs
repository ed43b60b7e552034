//! `auth`: one password source, none when auth is off, and a password that fits in redis.conf.

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
}
