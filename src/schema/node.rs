//! The validation schema as typed nodes, compiled into the binary as static data
//! (`validation_nodes.rs`, generated from the published schema by `codegen`). Why not read
//! the schema at run time: parsing it into nodes took a tenth of a render (its nodes, kept
//! for the whole run, were a third of the heap), and this data needs no parsing at all.

/// One schema node, with the draft-07 keywords the values schema uses (the generator refuses
/// any other keyword, and values these fields cannot hold, such as a non-string `enum`).
#[derive(Debug)]
pub(crate) struct Node {
    /// `$ref`: `#/definitions/<name>`.
    pub reference: Option<&'static str>,
    /// `type`, one name or several.
    pub types: Option<&'static [&'static str]>,
    /// `enum`: the values schema only has string enums.
    pub options: Option<&'static [&'static str]>,
    /// `minimum` and `maximum`: the values schema only has integer limits.
    pub minimum: Option<i64>,
    pub maximum: Option<i64>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<&'static str>,
    pub properties: Option<Properties>,
    /// `additionalProperties`.
    pub additional: Option<Additional>,
    pub required: Option<&'static [&'static str]>,
    pub items: Option<&'static Node>,
    pub all_of: Option<&'static [Node]>,
    pub any_of: Option<&'static [Node]>,
    pub definitions: Option<Properties>,
}

/// `properties` (or `definitions`): named nodes in schema order, found by a linear scan (a
/// dozen entries at most; cheaper than hashing).
#[derive(Debug)]
pub(crate) struct Properties(pub &'static [(&'static str, Node)]);

/// `additionalProperties`: `false`, `true`, or a schema for the other keys.
#[derive(Debug)]
pub(crate) enum Additional {
    Allowed(bool),
    Schema(&'static Node),
}

impl Properties {
    pub fn get(&self, name: &str) -> Option<&'static Node> {
        self.0.iter().find(|(key, _)| *key == name).map(|(_, node)| node)
    }

    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        self.0.iter().map(|(key, _)| *key)
    }
}

impl Node {
    /// A node without keywords, for `..Node::EMPTY` in the generated data.
    pub const EMPTY: Node = Node {
        reference: None,
        types: None,
        options: None,
        minimum: None,
        maximum: None,
        min_length: None,
        max_length: None,
        pattern: None,
        properties: None,
        additional: None,
        required: None,
        items: None,
        all_of: None,
        any_of: None,
        definitions: None,
    };

    /// The node a `$ref` (`#/definitions/<name>`) of this schema's root names.
    pub fn resolve(&self, reference: &str) -> Option<&'static Node> {
        let name = reference.strip_prefix("#/definitions/")?;
        self.definitions.as_ref()?.get(name)
    }

    /// Follows `$ref`, also in the `allOf: [{$ref}]` form draft-07 needs when a `$ref` has
    /// siblings. `self` is the root.
    pub fn deref(&self, node: &'static Node) -> &'static Node {
        let single_all_of = node.all_of.filter(|a| a.len() == 1).map(|a| &a[0]);
        let reference = node.reference.or_else(|| single_all_of.and_then(|a| a.reference));
        match reference.and_then(|r| self.resolve(r)) {
            Some(target) => self.deref(target),
            None => node,
        }
    }
}
