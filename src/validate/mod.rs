//! Validation: the JSON Schema first (types, ranges, unknown keys), then cross-field rules.
//! Every problem is reported, not only the first.

mod rules;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Location};
use crate::merge::Merged;
use crate::values::Values;
use crate::yaml::dotted;

/// Typed values and the warnings they earned.
#[derive(Debug, Clone)]
pub struct Validated {
    pub values: Values,
    pub warnings: Vec<Diagnostic>,
}

/// Validates merged values. `Err` holds every error (and the warnings found on the way).
pub fn validate(merged: &Merged) -> Result<Validated, Vec<Diagnostic>> {
    let schema_problems = crate::schema::check(merged);
    if !schema_problems.is_empty() {
        return Err(sorted(schema_problems));
    }
    // From a borrowed value: copying the tree first cost as much as the schema walk.
    let values = Values::deserialize(&merged.value)
        .map_err(|e| vec![Diagnostic::error(Location::Nowhere, "", format!("the values do not fit the model: {e}"))])?;
    let diagnostics: Vec<Diagnostic> = rules::check(&values, &rules::Written(merged))
        .into_iter()
        .map(|finding| Diagnostic {
            severity: finding.severity,
            location: merged.locate(&finding.path, finding.at_key),
            path: dotted(&finding.path),
            message: finding.message,
            hint: finding.hint,
        })
        .collect();
    let diagnostics = sorted(diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(diagnostics);
    }
    Ok(Validated { values, warnings: diagnostics })
}

/// Orders diagnostics by file position so output is stable and reads top to bottom.
fn sorted(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| match &d.location {
            Location::Text { file, line, col, .. } => (0, file.clone(), *line, *col),
            Location::Set { arg } => (1, arg.clone(), 0, 0),
            Location::Nowhere => (2, String::new(), 0, 0),
        };
        key(a).cmp(&key(b)).then_with(|| a.path.cmp(&b.path))
    });
    diagnostics
}
