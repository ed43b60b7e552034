//! What the StatefulSet's changes mean: fields `kubectl apply` refuses (and the safe procedure),
//! a rolling update (and why it is safe), a renamed release; topology steps are topology.rs's.

use serde_json::Value;

use super::{Object, ObjectRef, Step, Weight};

/// The fields of a StatefulSet's spec that the API server refuses to change.
const IMMUTABLE: &[&str] = &["volumeClaimTemplates", "selector", "serviceName", "podManagementPolicy"];

/// The steps the StatefulSet and the bootstrap Job call for.
pub(super) fn steps(previous: &[Object], next: &[Object], created: &[ObjectRef], deleted: &[ObjectRef]) -> Vec<Step> {
    let (Some(p), Some(n)) = (one(previous, "StatefulSet"), one(next, "StatefulSet")) else { return Vec::new() };
    if (&p.namespace, &p.name) != (&n.namespace, &n.name) {
        return vec![renamed(p, n)];
    }
    let mut steps = Vec::new();
    let changed: Vec<&str> = IMMUTABLE.iter().copied().filter(|f| p.doc["spec"][f] != n.doc["spec"][f]).collect();
    if !changed.is_empty() {
        steps.push(immutable(p, n, &changed));
    }
    if p.doc["spec"]["template"] != n.doc["spec"]["template"] {
        steps.push(rolls(p, n));
    }
    steps.extend(super::topology::step(p, n, previous, next));
    steps.extend(super::node_ports::step(p, n));
    let job = |list: &[ObjectRef]| list.iter().find(|r| r.kind == "Job" && r.name.contains("-bootstrap-")).cloned();
    if let Some(new) = job(created) {
        let old = job(deleted).map_or(String::new(), |old| format!("; the previous one ({}) is deleted", old.name));
        steps.push(Step {
            weight: Weight::Info,
            summary: format!("the bootstrap Job runs again as {}{old}", new.name),
            detail: vec!["it forms, repairs or grows the cluster, and changes nothing on a healthy one".into()],
        });
    }
    steps
}

pub(super) fn one<'a>(objects: &'a [Object], kind: &str) -> Option<&'a Object> {
    objects.iter().find(|o| o.kind == kind)
}

pub(super) fn shown(o: &Object) -> String {
    format!("{}/{}", o.namespace, o.name)
}

fn renamed(p: &Object, n: &Object) -> Step {
    Step {
        weight: Weight::Refused,
        summary: format!("a renamed release: StatefulSet {} becomes {}", shown(p), shown(n)),
        detail: vec![
            format!(
                "the apply creates a new, empty cluster {}; the data of {} is not carried over",
                shown(n),
                shown(p)
            ),
            "its pods, claims and Services stay until deleted (a pruning GitOps tool deletes them, with their data)"
                .into(),
            "to keep the data, keep the name (name, namespace), or move the data by backup and restore".into(),
        ],
    }
}

fn immutable(p: &Object, n: &Object, changed: &[&str]) -> Step {
    let replicas = p.doc["spec"]["replicas"].as_u64().unwrap_or(0);
    let (ns, name) = (&p.namespace, &p.name);
    let mut detail = vec![format!(
        "kubectl apply refuses to change spec.{} of an existing StatefulSet; the running pods and their data are untouched",
        changed.join(", spec.")
    )];
    detail.push("safe procedure, pods and data kept:".into());
    let mut step = 1;
    if changed.contains(&"volumeClaimTemplates") {
        let claim = |o: &Object| o.doc["spec"]["volumeClaimTemplates"][0].clone();
        let (before, after) = (claim(p), claim(n));
        let size = |c: &Value| c["spec"]["resources"]["requests"]["storage"].as_str().unwrap_or("?").to_owned();
        let template = before["metadata"]["name"].as_str().unwrap_or("data").to_owned();
        detail.push(format!("claims: {} -> {} ({} of them)", describe(&before), describe(&after), replicas));
        let bytes = |c: &Value| crate::syntax::Quantity(size(c)).to_bytes();
        let grows = bytes(&after) >= bytes(&before);
        if !grows {
            detail.push(format!(
                "{step}. claims never shrink: a smaller size cannot be applied to existing claims; keep {} or move the data by backup and restore",
                size(&before)
            ));
        } else if before["spec"]["storageClassName"] == after["spec"]["storageClassName"]
            && before["spec"]["accessModes"] == after["spec"]["accessModes"]
        {
            detail.push(format!(
                "{step}. where the StorageClass allows expansion (allowVolumeExpansion: true), grow each claim:"
            ));
            detail.push(format!(
                "   for i in $(seq 0 {}); do kubectl -n {ns} patch pvc {template}-{name}-$i -p '{{\"spec\":{{\"resources\":{{\"requests\":{{\"storage\":\"{}\"}}}}}}}}'; done",
                replicas.saturating_sub(1),
                size(&after)
            ));
            detail.push("   (a claim never shrinks; without expansion, move the data by backup and restore)".into());
        } else {
            detail.push(format!(
                "{step}. a new class or access mode does not apply to existing claims: move the data by backup and restore"
            ));
        }
        step += 1;
    }
    detail
        .push(format!("{step}. kubectl -n {ns} delete statefulset {name} --cascade=orphan   # the pods keep running"));
    detail.push(format!(
        "{}. apply the new bundle: the new StatefulSet adopts the pods and rolls them one at a time, each master handing over first",
        step + 1
    ));
    Step { weight: Weight::Refused, summary: format!("kubectl apply will refuse StatefulSet {}", shown(p)), detail }
}

fn describe(claim: &Value) -> String {
    let size = claim["spec"]["resources"]["requests"]["storage"].as_str().unwrap_or("?");
    match claim["spec"]["storageClassName"].as_str() {
        Some(class) => format!("{size} of {class}"),
        None => format!("{size} (default class)"),
    }
}

fn rolls(p: &Object, n: &Object) -> Step {
    let mut what = Vec::new();
    super::differing(&p.doc["spec"]["template"], &n.doc["spec"]["template"], "spec.template", 1, &mut what);
    Step {
        weight: Weight::Info,
        summary: format!("the pods of StatefulSet {} roll", shown(n)),
        detail: vec![
            format!("changed: {}", what.join(", ")),
            "one pod at a time, from the highest ordinal; each master hands its role to an in-sync replica before it stops (the preStop handoff), so writes pause briefly instead of failing and no acknowledged write is lost (docs/operations.md)".into(),
        ],
    }
}
