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
    // CONFIG is needed only by the features that use it; `config_use` says which and why.
    let config_use = config_use(v);
    let config_needed = |c: &str| c == "CONFIG" && config_use.is_some();
    let required = |c: &str| REQUIRED_COMMANDS.contains(&c) || config_needed(c);
    let why = |c: &str| match config_use.filter(|_| c == "CONFIG") {
        Some((why, _)) => why.to_owned(),
        None => format!("rgen's scripts, probes and cluster clients need {c}"),
    };
    for (i, command) in v.redis.disable_commands.iter().enumerate() {
        let index = i.to_string();
        let path = ["redis", "disableCommands", index.as_str()];
        if !command_ok(command) {
            f.error(&path, format!("`{command}` is not a command name"), None);
        } else if required(&command.to_ascii_uppercase()) {
            let c = command.to_ascii_uppercase();
            let hint = match config_use.filter(|_| config_needed(&c)) {
                Some((_, hint)) => hint,
                None => "disabling it breaks formation, healing or the probes",
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

/// The feature that needs CONFIG, if any: why, and what breaks without it.
fn config_use(v: &Values) -> Option<(&'static str, &'static str)> {
    if v.tls.enabled {
        Some((
            "with TLS, each pod loads its renewed certificate with CONFIG SET",
            "renewed certificates would never load; keep CONFIG enabled",
        ))
    } else if v.external_access.node_ports() {
        Some((
            "with node ports, the bootstrap Job and the smoke test read each node's announced address with CONFIG GET",
            "the cluster could not form; keep CONFIG enabled",
        ))
    } else if v.backup.restore.is_some() {
        Some((
            "a restore turns AOF on with CONFIG SET once the backup's RDB is loaded",
            "the restored data would never be written to the AOF; keep CONFIG enabled",
        ))
    } else if v.is_sentinel() && v.sentinel.drain_from.is_some() {
        Some((
            "the drain Job of a scale-in keeps the leaving pods from promotion with CONFIG SET replica-priority",
            "the drain could not keep a leaving pod from becoming master; keep CONFIG enabled",
        ))
    } else {
        None
    }
}
