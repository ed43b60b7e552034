//! `redis`: directives rgen owns, command names, and the ports.

use super::Findings;
use crate::values::{OWNED_DIRECTIVES, REQUIRED_COMMANDS, Values};

pub(super) fn check(v: &Values, f: &mut Findings) {
    if !v.is_sentinel() && v.redis.port == v.redis.bus_port {
        f.error(
            &["redis", "busPort"],
            format!("the bus port must differ from the client port ({})", v.redis.port),
            Some("the convention is port + 10000"),
        );
    }
    for (directive, value) in &v.redis.extra_config {
        let key = directive.to_ascii_lowercase();
        if let Some((_, instead)) = OWNED_DIRECTIVES.iter().find(|(owned, _)| *owned == key) {
            let hint = match instead.strip_prefix("nothing: ") {
                Some(reason) => reason.to_owned(),
                None if *instead == "nothing" => "remove it".to_owned(),
                None => format!("use {instead}"),
            };
            f.error_at_key(&["redis", "extraConfig", directive], format!("`{directive}` is set by rgen"), Some(hint));
        } else if !directive.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') || directive.is_empty() {
            f.error_at_key(
                &["redis", "extraConfig", directive],
                format!("`{directive}` is not a redis.conf directive name"),
                None,
            );
        } else if value.to_conf().contains(['\n', '\r']) {
            f.error(&["redis", "extraConfig", directive], "a directive value cannot span lines", None);
        }
    }
    let command_ok =
        |c: &str| !c.is_empty() && c.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'|'));
    // With TLS the pods reload renewed certificates with CONFIG SET.
    let tls_needs = |c: &str| v.tls.enabled && c == "CONFIG";
    let required = |c: &str| REQUIRED_COMMANDS.contains(&c) || tls_needs(c);
    let why = |c: &str| {
        if tls_needs(c) {
            "with TLS, each pod loads its renewed certificate with CONFIG SET".to_owned()
        } else {
            format!("rgen's scripts, probes and cluster clients need {c}")
        }
    };
    for (i, command) in v.redis.disable_commands.iter().enumerate() {
        let index = i.to_string();
        let path = ["redis", "disableCommands", index.as_str()];
        if !command_ok(command) {
            f.error(&path, format!("`{command}` is not a command name"), None);
        } else if required(&command.to_ascii_uppercase()) {
            let c = command.to_ascii_uppercase();
            let hint = if tls_needs(&c) {
                "renewed certificates would never load; keep CONFIG enabled"
            } else {
                "disabling it breaks formation, healing or the probes"
            };
            f.error(&path, why(&c), Some(hint));
        }
    }
    for (from, to) in &v.redis.rename_commands {
        let path = ["redis", "renameCommands", from.as_str()];
        if !command_ok(from) || !(to.is_empty() || command_ok(to)) {
            f.error_at_key(&path, format!("`{from}` -> `{to}` is not a valid rename"), None);
        } else if required(&from.to_ascii_uppercase()) {
            f.error_at_key(&path, why(&from.to_ascii_uppercase()), None);
        }
    }
}
