//! How a YAML stream is read: the budget against hostile input, and what it is read for.

/// Limits that keep hostile input cheap to reject.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Nodes a stream may expand to, aliases counted at their expanded size.
    pub max_nodes: usize,
    /// Nesting depth.
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_nodes: 200_000, max_depth: 64 }
    }
}

/// What a stream is read for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Purpose {
    /// User input: record the span of every node for diagnostics.
    #[default]
    Values,
    /// rgen's own output: no spans (they would cost an allocation per node), but every plain
    /// scalar that YAML 1.1 and 1.2 read differently is an error.
    Output,
}
