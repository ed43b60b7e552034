//! The Kubernetes blocks of the pod templates, typed with k8s-openapi: security contexts,
//! scheduling (affinity, spread, tolerations), resources and pull secrets.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    Affinity, Capabilities, LocalObjectReference, PodAffinityTerm, PodAntiAffinity, PodSecurityContext,
    ResourceRequirements, SeccompProfile, SecurityContext, Toleration, TopologySpreadConstraint,
    WeightedPodAffinityTerm,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

use super::labels::LabelMap;
use crate::values::{
    AntiAffinityMode, ResourceList, Resources, Scheduling, Security, TaintEffect, TolerationOperator, WhenUnsatisfiable,
};

/// Non-root, the runtime's default seccomp profile, volumes group-owned by `fsGroup`.
pub(crate) fn pod_security_context(s: &Security) -> PodSecurityContext {
    PodSecurityContext {
        run_as_non_root: Some(true),
        run_as_user: Some(s.run_as_user.into()),
        run_as_group: Some(s.run_as_group.into()),
        fs_group: Some(s.fs_group.into()),
        fs_group_change_policy: Some("OnRootMismatch".into()),
        seccomp_profile: Some(SeccompProfile { type_: "RuntimeDefault".into(), localhost_profile: None }),
        ..PodSecurityContext::default()
    }
}

/// Every container: read-only root, no privilege escalation, no capabilities.
pub(crate) fn container_security_context() -> SecurityContext {
    SecurityContext {
        allow_privilege_escalation: Some(false),
        read_only_root_filesystem: Some(true),
        run_as_non_root: Some(true),
        capabilities: Some(Capabilities { drop: Some(vec!["ALL".into()]), add: None }),
        ..SecurityContext::default()
    }
}

/// Keeps the Redis pods apart (soft or hard), or nothing.
pub(crate) fn affinity(s: &Scheduling, pods: &LabelMap) -> Option<Affinity> {
    let term = PodAffinityTerm {
        label_selector: Some(match_labels(pods)),
        topology_key: s.anti_affinity.topology_key.clone(),
        ..PodAffinityTerm::default()
    };
    let anti = match s.anti_affinity.mode {
        AntiAffinityMode::None => return None,
        AntiAffinityMode::Soft => PodAntiAffinity {
            preferred_during_scheduling_ignored_during_execution: Some(vec![WeightedPodAffinityTerm {
                pod_affinity_term: term,
                weight: s.anti_affinity.weight as i32,
            }]),
            ..PodAntiAffinity::default()
        },
        AntiAffinityMode::Hard => PodAntiAffinity {
            required_during_scheduling_ignored_during_execution: Some(vec![term]),
            ..PodAntiAffinity::default()
        },
    };
    Some(Affinity { pod_anti_affinity: Some(anti), ..Affinity::default() })
}

pub(crate) fn topology_spread(s: &Scheduling, pods: &LabelMap) -> Vec<TopologySpreadConstraint> {
    s.spread
        .iter()
        .map(|spread| TopologySpreadConstraint {
            label_selector: Some(match_labels(pods)),
            max_skew: spread.max_skew as i32,
            topology_key: spread.topology_key.clone(),
            when_unsatisfiable: match spread.when_unsatisfiable {
                WhenUnsatisfiable::ScheduleAnyway => "ScheduleAnyway",
                WhenUnsatisfiable::DoNotSchedule => "DoNotSchedule",
            }
            .into(),
            ..TopologySpreadConstraint::default()
        })
        .collect()
}

pub(crate) fn tolerations(s: &Scheduling) -> Vec<Toleration> {
    s.tolerations
        .iter()
        .map(|t| Toleration {
            key: t.key.clone(),
            operator: Some(
                match t.operator {
                    TolerationOperator::Equal => "Equal",
                    TolerationOperator::Exists => "Exists",
                }
                .into(),
            ),
            value: t.value.clone(),
            effect: t.effect.map(|e| {
                match e {
                    TaintEffect::NoSchedule => "NoSchedule",
                    TaintEffect::PreferNoSchedule => "PreferNoSchedule",
                    TaintEffect::NoExecute => "NoExecute",
                }
                .into()
            }),
            toleration_seconds: t.toleration_seconds,
        })
        .collect()
}

pub(crate) fn resources(r: &Resources) -> ResourceRequirements {
    ResourceRequirements { requests: quantities(&r.requests), limits: quantities(&r.limits), claims: None }
}

/// `cpu` and `memory`, whichever are set; `None` when neither is.
fn quantities(list: &ResourceList) -> Option<BTreeMap<String, Quantity>> {
    let map: BTreeMap<String, Quantity> = [("cpu", &list.cpu), ("memory", &list.memory)]
        .into_iter()
        .filter_map(|(k, q)| q.as_ref().map(|q| (k.to_owned(), Quantity(q.0.clone()))))
        .collect();
    (!map.is_empty()).then_some(map)
}

pub(crate) fn image_pull_secrets(names: &[String]) -> Vec<LocalObjectReference> {
    names.iter().map(|name| LocalObjectReference { name: name.clone() }).collect()
}

fn match_labels(labels: &LabelMap) -> LabelSelector {
    LabelSelector { match_labels: Some(labels.clone()), match_expressions: None }
}
