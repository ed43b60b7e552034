//! Node ports (`externalAccess.type: NodePort`) turned on, moved or turned off on a running
//! cluster: the pods announce their node ports, and every link between them goes through them.

use super::statefulset::shown;
use super::{Object, Step, Weight};

/// The node-port bases (client, bus) a StatefulSet's pods announce, when they have node ports.
fn bases(sts: &Object) -> Option<(String, String)> {
    let containers = sts.doc["spec"]["template"]["spec"]["containers"].as_array()?;
    let env = |key: &str| {
        containers.iter().flat_map(|c| c["env"].as_array().into_iter().flatten()).find(|v| v["name"] == key)?["value"]
            .as_str()
            .map(str::to_owned)
    };
    env("RGEN_NODE_PORT").zip(env("RGEN_BUS_NODE_PORT"))
}

/// What applying `n` over `p` does to the node ports, if anything.
pub(super) fn step(p: &Object, n: &Object) -> Option<Step> {
    let info =
        |summary: &str, detail: Vec<String>| Some(Step { weight: Weight::Info, summary: summary.into(), detail });
    match (bases(p), bases(n)) {
        (Some(_), None) => refusal(p, n),
        (None, Some((client, bus))) => info("node ports turned on", vec![
            format!("each pod announces its node's address and node ports {client} + ordinal (bus {bus} + ordinal) once it restarts; replication and the cluster bus move to the node ports with it"),
            "the pods not yet restarted stay reachable at their own addresses meanwhile (docs/external-access.md)".into(),
        ]),
        (Some(before), Some(after)) if before != after => info("node ports move", vec![
            format!("client node ports {} -> {}, bus {} -> {} (+ ordinal): every Service moves at once", before.0, after.0, before.1, after.1),
            "each pod reaches its peers at their new node ports when it restarts, and tells them its own; a client may wait a few seconds to reconnect to a shard (docs/external-access.md)".into(),
        ]),
        _ => None,
    }
}

/// The refusal of turning node ports off (or replacing them by load balancers) on a running
/// cluster; `None` otherwise.
pub(super) fn refusal(p: &Object, n: &Object) -> Option<Step> {
    if bases(p).is_none() || bases(n).is_some() {
        return None;
    }
    Some(Step {
        weight: Weight::Refused,
        summary: format!("StatefulSet {}: node ports turned off on a running cluster", shown(n)),
        detail: vec![
            "the pods announce their node ports until they restart, and every link between them goes through them, but this apply deletes (or changes) the Services that forward those ports: a restarted pod would learn its peers at addresses that no longer answer".into(),
            "keep externalAccess.type: NodePort; to leave node ports, restore a backup into a new deployment (docs/backup.md)".into(),
        ],
    })
}
