//! `scheduling`: topology keys, node selectors, and whether hard anti-affinity can be met.

use super::{Findings, metadata::label_map};
use crate::syntax::is_qualified_name;
use crate::values::{AntiAffinityMode, Values};

pub(super) fn check(v: &Values, f: &mut Findings) {
    let s = &v.scheduling;
    if !is_qualified_name(&s.anti_affinity.topology_key) {
        f.error(
            &["scheduling", "antiAffinity", "topologyKey"],
            format!("`{}` is not a node label key", s.anti_affinity.topology_key),
            None,
        );
    }
    if let (AntiAffinityMode::Hard, Some(nodes)) = (s.anti_affinity.mode, s.node_count) {
        if nodes < v.pods() {
            f.warn(&["scheduling", "antiAffinity", "mode"], format!("hard anti-affinity needs {} topology domains but scheduling.nodeCount is {nodes}: {} pod(s) will stay Pending", v.pods(), v.pods() - nodes), Some("use mode: soft, or add nodes"));
        }
    }
    for (i, spread) in s.spread.iter().enumerate() {
        if !is_qualified_name(&spread.topology_key) {
            let index = i.to_string();
            f.error(
                &["scheduling", "spread", &index, "topologyKey"],
                format!("`{}` is not a node label key", spread.topology_key),
                None,
            );
        }
    }
    label_map(f, &["scheduling", "nodeSelector"], &s.node_selector, true);
}
