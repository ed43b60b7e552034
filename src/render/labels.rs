//! Labels and selectors of one instance: the recommended `app.kubernetes.io/*` labels, the user's
//! labels, and the selectors that must match them (a test checks every selector against the pods).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::syntax::is_label_value;
use crate::values::Values;
use crate::values::recommended_labels::{COMPONENT, INSTANCE, MANAGED_BY, NAME, VERSION};

/// A label map; sorted, so output never depends on insertion order.
pub(crate) type LabelMap = BTreeMap<String, String>;

/// The labels of every kind of object rgen writes.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Labels {
    /// The instance's own labels (the Namespace).
    pub instance: LabelMap,
    /// Redis pods and the objects that serve them.
    pub node: LabelMap,
    /// The bootstrap Job and its NetworkPolicy.
    pub bootstrap: LabelMap,
    /// Static PersistentVolumes.
    pub storage: LabelMap,
    /// The smoke test's pod (also labelled as a client, so the NetworkPolicy admits it).
    pub smoke_test: LabelMap,
    /// The backup CronJob, its pods, ConfigMap and NetworkPolicy.
    pub backup: LabelMap,
    /// The pods' external Services (`externalAccess`).
    pub external: LabelMap,
}

/// What selects the Redis pods, the bootstrap Job's pod and the backup pods.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Selectors {
    pub node: LabelMap,
    pub bootstrap: LabelMap,
    pub backup: LabelMap,
}

impl Labels {
    pub fn new(v: &Values) -> Self {
        let mut instance: LabelMap = v.labels.clone();
        instance.insert(NAME.into(), "redis".into());
        instance.insert(INSTANCE.into(), v.name.clone());
        instance.insert(MANAGED_BY.into(), "rgen".into());
        if is_label_value(&v.image.tag) {
            instance.insert(VERSION.into(), v.image.tag.clone());
        }
        Labels {
            node: component(&instance, "node"),
            bootstrap: component(&instance, "bootstrap"),
            storage: component(&instance, "storage"),
            smoke_test: component(&instance, "smoke-test"),
            backup: component(&instance, "backup"),
            external: component(&instance, "external"),
            instance,
        }
    }
}

impl Selectors {
    pub fn new(v: &Values) -> Self {
        let selector = |c: &str| {
            LabelMap::from([
                (COMPONENT.into(), c.into()),
                (INSTANCE.into(), v.name.clone()),
                (NAME.into(), "redis".into()),
            ])
        };
        Selectors { node: selector("node"), bootstrap: selector("bootstrap"), backup: selector("backup") }
    }
}

/// `base` plus `app.kubernetes.io/component`.
fn component(base: &LabelMap, component: &str) -> LabelMap {
    let mut out = base.clone();
    out.insert(COMPONENT.into(), component.into());
    out
}
