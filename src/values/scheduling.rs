use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where pods may run. rgen writes every label selector itself, so they always match the pods.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Scheduling {
    /// Pod anti-affinity between the Redis pods of this instance.
    pub anti_affinity: AntiAffinity,
    /// Topology spread constraints (the label selector is filled in by rgen).
    pub spread: Vec<Spread>,
    /// nodeSelector of the pods.
    pub node_selector: BTreeMap<String, String>,
    /// Tolerations of the pods.
    pub tolerations: Vec<Toleration>,
    /// priorityClassName of the pods.
    pub priority_class_name: Option<String>,
    /// How many nodes the pods can run on, if you know it; only used to warn when hard
    /// anti-affinity would leave pods Pending.
    #[schemars(range(min = 1))]
    pub node_count: Option<u32>,
}

/// Anti-affinity settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct AntiAffinity {
    /// `soft` (preferred), `hard` (required: pods stay Pending rather than share a domain) or
    /// `none`.
    pub mode: AntiAffinityMode,
    /// Topology domain, e.g. `kubernetes.io/hostname` or `topology.kubernetes.io/zone`.
    pub topology_key: String,
    /// Weight of the soft rule.
    #[schemars(range(min = 1, max = 100))]
    pub weight: u32,
}

impl Default for AntiAffinity {
    fn default() -> Self {
        AntiAffinity { mode: AntiAffinityMode::Soft, topology_key: "kubernetes.io/hostname".into(), weight: 100 }
    }
}

/// Anti-affinity strength.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum AntiAffinityMode {
    None,
    Soft,
    Hard,
}

/// One topology spread constraint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Spread {
    /// Node label of the domain, e.g. `topology.kubernetes.io/zone`.
    pub topology_key: String,
    /// Largest allowed difference in pod count between domains.
    #[serde(default = "one")]
    #[schemars(range(min = 1))]
    pub max_skew: u32,
    /// What to do when the constraint cannot be met.
    #[serde(default)]
    pub when_unsatisfiable: WhenUnsatisfiable,
}

fn one() -> u32 {
    1
}

/// `whenUnsatisfiable` of a spread constraint.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum WhenUnsatisfiable {
    #[default]
    ScheduleAnyway,
    DoNotSchedule,
}

/// A pod toleration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Toleration {
    /// Taint key (unset with `Exists` tolerates every taint).
    pub key: Option<String>,
    /// `Equal` compares the value, `Exists` only the key.
    #[serde(default)]
    pub operator: TolerationOperator,
    /// Taint value, for `Equal`.
    pub value: Option<String>,
    /// Taint effect to tolerate; unset tolerates all effects.
    pub effect: Option<TaintEffect>,
    /// How long a NoExecute taint is tolerated before eviction.
    pub toleration_seconds: Option<i64>,
}

/// Toleration operator.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum TolerationOperator {
    #[default]
    Equal,
    Exists,
}

/// Taint effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum TaintEffect {
    NoSchedule,
    PreferNoSchedule,
    NoExecute,
}
