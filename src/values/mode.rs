//! Which topology rgen deploys.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What rgen deploys: `cluster`, a Redis Cluster (hash slots over several masters; the
/// `cluster` section), or `sentinel`, one master and replicas with a Sentinel beside each Redis
/// (the `sentinel` section), for several databases or multi-key operations across any keys.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DeploymentMode {
    #[default]
    Cluster,
    Sentinel,
}
