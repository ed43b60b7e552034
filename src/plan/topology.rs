//! Topology steps: scale-out, the two applies of a scale-in (drain, then shrink; cluster and
//! Sentinel) and a skipped drain (refused, here and by `render --output-dir` and `check`).

use serde_json::Value;

use super::statefulset::{one, shown};
use super::{Object, Step, Weight};

/// What the pods of a bundle are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Shape {
    sentinel: bool,
    pods: u64,
    /// Cluster mode: the configured masters and replicas per master (the bootstrap Job's).
    layout: Option<(u64, u64)>,
    /// Cluster mode, while a drain runs: the pods that stay.
    keep: Option<u64>,
}

impl Shape {
    fn of(sts: &Object, all: &[Object]) -> Shape {
        let containers = sts.doc["spec"]["template"]["spec"]["containers"].as_array().cloned().unwrap_or_default();
        // The Job that changes the topology: the bootstrap Job, or a Sentinel drain Job.
        let job = all
            .iter()
            .find(|o| o.kind == "Job" && o.doc["metadata"]["labels"]["app.kubernetes.io/component"] == "bootstrap");
        let env = |key: &str| -> Option<u64> {
            job?.doc["spec"]["template"]["spec"]["containers"][0]["env"]
                .as_array()?
                .iter()
                .find(|v| v["name"] == key)
                .and_then(|v| v["value"].as_str()?.parse().ok())
        };
        Shape {
            sentinel: containers.iter().any(|c: &Value| c["name"] == "sentinel"),
            pods: sts.doc["spec"]["replicas"].as_u64().unwrap_or(0),
            layout: env("RGEN_MASTERS").zip(env("RGEN_REPLICAS_PER_MASTER")),
            keep: env("RGEN_KEEP_PODS"),
        }
    }

    fn describe(self) -> String {
        let pods = match self.keep {
            Some(keep) => format!("{} pods, {} of them draining", self.pods, self.pods.saturating_sub(keep)),
            None => format!("{} pods", self.pods),
        };
        match self.layout {
            Some((m, r)) => format!("{m} masters x {r} replicas ({pods})"),
            None => pods,
        }
    }
}

/// The topology step of applying `n` over `p`, if the topology changes.
pub(super) fn step(p: &Object, n: &Object, previous: &[Object], next: &[Object]) -> Option<Step> {
    let (before, after) = (Shape::of(p, previous), Shape::of(n, next));
    if before == after {
        return None;
    }
    let pod_names = |from: u64, to: u64| -> String {
        let names: Vec<String> = (from..to).map(|i| format!("{}-{i}", n.name)).collect();
        names.join(", ")
    };
    let step = |weight, summary: String, detail: Vec<String>| Some(Step { weight, summary, detail });
    if let Some(refusal) = skipped_drain(before, after, &n.name) {
        return Some(refusal);
    }
    if after.sentinel {
        return sentinel_step(before, after, &pod_names);
    }
    let change = format!("{} -> {}", before.describe(), after.describe());
    if let Some(keep) = after.keep {
        return step(Weight::Info, format!("scale-in, step 1 of 2 (drain): {change}"), vec![
            format!("the StatefulSet keeps its {} pods; no pod restarts", after.pods),
            format!("the bootstrap Job empties {}: a master there hands over to a replica on a kept pod, the slots of shards with no kept pod move (with their keys) onto the kept masters, replicas are spread, then each leaving node is reset and forgotten", pod_names(keep, after.pods)),
            "keys stay readable and writable (clients follow ASK/MOVED); the Job fails, changing nothing more, if a leaving node still holds a slot or a key".into(),
            "once the Job has succeeded: remove cluster.drainFrom and apply (step 2)".into(),
        ]);
    }
    if after.pods < before.pods {
        return step(Weight::Info, format!("scale-in, step 2 of 2 (shrink): {change}"), vec![
            format!("the StatefulSet deletes {}, which the drain emptied", pod_names(after.pods, before.pods)),
            "the bootstrap Job checks that no removed node owns a slot (it refuses otherwise, forgetting nothing)".into(),
            "their claims stay (persistentVolumeClaimRetentionPolicy Retain); a later scale-out reuses them as new, empty nodes".into(),
        ]);
    }
    let grows = match (before.layout, after.layout) {
        (Some((m0, r0)), Some((m1, r1))) => m1 >= m0 && r1 >= r0 && after.pods > before.pods,
        _ => after.pods > before.pods,
    };
    step(Weight::Info, format!("{}: {change}", if grows { "scale-out" } else { "topology change" }), vec![
        format!("the StatefulSet starts pods {}", pod_names(before.pods.min(after.pods), after.pods.max(before.pods))),
        "the bootstrap Job adds them (masters first, then replicas of the masters with the fewest) and moves slots onto the new masters, keys readable and writable throughout (docs/cluster.md)".into(),
    ])
}

/// The topology step of a Sentinel deployment: more replicas, or a scale-in's two applies.
fn sentinel_step(before: Shape, after: Shape, pod_names: &dyn Fn(u64, u64) -> String) -> Option<Step> {
    let step = |summary: String, detail: Vec<String>| Some(Step { weight: Weight::Info, summary, detail });
    let change = format!("{} -> {}", before.describe(), after.describe());
    if let Some(keep) = after.keep {
        return step(format!("Sentinel scale-in, step 1 of 2 (drain): {change}"), vec![
            format!("the StatefulSet keeps its {} pods; no pod restarts", after.pods),
            format!("the drain Job sets replica-priority 0 on {}, so no Sentinel promotes them, and waits until every Sentinel has read it", pod_names(keep, after.pods)),
            "if the master runs on one of them, the Job hands it over to a kept pod: writers pause until the replicas have every write, then a Sentinel promotes a kept replica (no acknowledged write lost)".into(),
            "once the Job has succeeded: remove sentinel.drainFrom and apply (step 2)".into(),
        ]);
    }
    if after.pods < before.pods {
        return step(format!("Sentinel scale-in, step 2 of 2 (shrink): {change}"), vec![
            format!("the StatefulSet deletes {}, replicas the drain made unpromotable, and rolls the others (each master hands over first)", pod_names(after.pods, before.pods)),
            "the remaining Sentinels then forget the removed Sentinels and replicas by themselves, one at a time (SENTINEL RESET), so the quorum and the failover majority count live Sentinels only".into(),
            "their claims stay (persistentVolumeClaimRetentionPolicy Retain)".into(),
        ]);
    }
    step(
        format!("more replicas: {change}"),
        vec!["the new pods start as replicas of the master the Sentinels name, each with its Sentinel".into()],
    )
}

/// A change of size that must not be applied: fewer pods without the drain that empties them
/// first, or a drain from a size other than the one running.
fn skipped_drain(before: Shape, after: Shape, name: &str) -> Option<Step> {
    if before.sentinel != after.sentinel {
        return None;
    }
    let key = if after.sentinel { "sentinel.drainFrom" } else { "cluster.drainFrom" };
    let running = match before.layout {
        Some((m, r)) => format!("{{masters: {m}, replicasPerMaster: {r}}}"),
        None => format!("{{replicas: {}}}", before.pods.saturating_sub(1)),
    };
    if after.keep.is_some() && after.pods != before.pods {
        return Some(Step {
            weight: Weight::Refused,
            summary: format!(
                "the drain is not from the running size: {} runs, {key} says {} pods",
                before.describe(),
                after.pods
            ),
            detail: vec![format!("set {key} to the running size: {running}")],
        });
    }
    let drained = before.keep == Some(after.pods) && before.layout == after.layout;
    if after.pods >= before.pods || after.keep.is_some() || drained {
        return None;
    }
    let leaving: Vec<String> = (after.pods..before.pods).map(|i| format!("{name}-{i}")).collect();
    let leaving = leaving.join(", ");
    let (risk, doc, keep, job) = match after.layout {
        Some((m1, r1)) => (
            format!(
                "applied as it is, the StatefulSet deletes {leaving} before anything moves what they hold: a shard whose nodes are all among them loses its slots until they return (the bootstrap Job then refuses to forget them)"
            ),
            "docs/cluster.md",
            format!("keep masters: {m1} and replicasPerMaster: {r1}"),
            "the new bootstrap Job",
        ),
        None => (
            format!(
                "applied as it is, the StatefulSet deletes {leaving} while the Sentinels may still promote one of them: a master there hands over to any replica, maybe one that is going too, and a failover meanwhile may pick one"
            ),
            "docs/sentinel.md",
            format!("keep sentinel.replicas: {}", after.pods - 1),
            "the drain Job",
        ),
    };
    Some(Step {
        weight: Weight::Refused,
        summary: format!("scale-in skips the drain: {} -> {}", before.describe(), after.describe()),
        detail: vec![
            risk,
            format!("scale in with two applies ({doc}, Scale-in):"),
            format!("1. {keep}, add {key}: {running}, apply, and wait until {job} has succeeded"),
            format!("2. remove {key} and apply: the drained pods go"),
        ],
    })
}

/// The refusal `rgen render --output-dir` and `rgen check` give for a bundle that would skip a
/// scale-in's drain over the one in the directory, or turn node ports off under a running
/// cluster: `None` when the step is safe.
pub fn skipped_step(previous: &[Object], next: &[Object]) -> Option<Step> {
    let (p, n) = (one(previous, "StatefulSet")?, one(next, "StatefulSet")?);
    if (&p.namespace, &p.name) != (&n.namespace, &n.name) {
        return None;
    }
    let (before, after) = (Shape::of(p, previous), Shape::of(n, next));
    skipped_drain(before, after, &n.name)
        .map(|s| Step { summary: format!("StatefulSet {}: {}", shown(n), s.summary), ..s })
        .or_else(|| super::node_ports::refusal(p, n))
}
