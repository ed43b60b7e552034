//! `rgen plan`: what applying a new render over the last one will do, read from files only (the
//! output directory the last `rgen render --output-dir` wrote, and the new values): objects
//! created, changed and deleted, whether the pods roll, changes `kubectl apply` refuses (the
//! immutable fields of a StatefulSet) with the safe procedure, topology steps, and a renamed
//! release. No cluster is asked.

mod node_ports;
mod previous;
mod statefulset;
mod topology;

use serde::Serialize;
use serde_json::Value;

pub use previous::{Object, PreviousError, read_previous};
pub use topology::skipped_step;

/// An object, by kind, namespace and name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ObjectRef {
    pub kind: String,
    pub namespace: String,
    pub name: String,
}

impl std::fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.namespace.as_str() {
            "" => write!(f, "{} {}", self.kind, self.name),
            ns => write!(f, "{} {ns}/{}", self.kind, self.name),
        }
    }
}

/// An object both bundles hold, and the fields that differ (at most three levels deep).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Changed {
    pub object: ObjectRef,
    pub fields: Vec<String>,
}

/// How a step of the plan weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Weight {
    /// What will happen, and why it is safe.
    Info,
    /// `kubectl apply` refuses it, or it would lose data: do the procedure first.
    Refused,
}

/// One thing the apply will do, or one thing to do before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub weight: Weight,
    pub summary: String,
    /// The procedure or the explanation, one line each.
    pub detail: Vec<String>,
}

/// What applying the new bundle over the previous one does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub created: Vec<ObjectRef>,
    pub changed: Vec<Changed>,
    pub deleted: Vec<ObjectRef>,
    pub steps: Vec<Step>,
}

impl Plan {
    /// Whether the bundle can be applied as it is.
    pub fn applies_as_is(&self) -> bool {
        self.steps.iter().all(|s| s.weight != Weight::Refused)
    }
}

/// The plan from the previous objects to the next ones.
pub fn plan(previous: &[Object], next: &[Object]) -> Plan {
    let key = |o: &Object| ObjectRef { kind: o.kind.clone(), namespace: o.namespace.clone(), name: o.name.clone() };
    let find = |list: &[Object], r: &ObjectRef| list.iter().find(|o| key(o) == *r).cloned();
    let mut created: Vec<ObjectRef> = next.iter().map(key).filter(|r| find(previous, r).is_none()).collect();
    let mut deleted: Vec<ObjectRef> = previous.iter().map(key).filter(|r| find(next, r).is_none()).collect();
    let mut changed: Vec<Changed> = next
        .iter()
        .filter_map(|n| {
            let p = find(previous, &key(n))?;
            let mut fields = Vec::new();
            differing(&p.doc, &n.doc, "", 0, &mut fields);
            (!fields.is_empty()).then(|| Changed { object: key(n), fields })
        })
        .collect();
    created.sort();
    deleted.sort();
    changed.sort_by(|a, b| a.object.cmp(&b.object));
    let steps = statefulset::steps(previous, next, &created, &deleted);
    Plan { created, changed, deleted, steps }
}

/// The paths (dotted, at most three levels) where `a` and `b` differ.
fn differing(a: &Value, b: &Value, at: &str, depth: usize, out: &mut Vec<String>) {
    if a == b {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) if depth < 3 => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                let path = if at.is_empty() { k.clone() } else { format!("{at}.{k}") };
                differing(x.get(k).unwrap_or(&Value::Null), y.get(k).unwrap_or(&Value::Null), &path, depth + 1, out);
            }
        }
        _ => out.push(if at.is_empty() { "(whole object)".into() } else { at.to_owned() }),
    }
}

/// The plan as a person reads it.
pub fn report(plan: &Plan) -> String {
    let mut out = String::new();
    if plan.created.is_empty() && plan.changed.is_empty() && plan.deleted.is_empty() {
        out.push_str("No change: applying this bundle changes nothing.\n");
    }
    for (title, list) in [("Created", &plan.created), ("Deleted", &plan.deleted)] {
        if !list.is_empty() {
            out.push_str(&format!("{title} ({}):\n", list.len()));
            list.iter().for_each(|r| out.push_str(&format!("  {r}\n")));
        }
    }
    if !plan.changed.is_empty() {
        out.push_str(&format!("Changed ({}):\n", plan.changed.len()));
        for c in &plan.changed {
            out.push_str(&format!("  {}: {}\n", c.object, c.fields.join(", ")));
        }
    }
    for step in &plan.steps {
        let mark = match step.weight {
            Weight::Info => "Note",
            Weight::Refused => "REFUSED",
        };
        out.push_str(&format!("\n{mark}: {}\n", step.summary));
        step.detail.iter().for_each(|line| out.push_str(&format!("  {line}\n")));
    }
    out
}
