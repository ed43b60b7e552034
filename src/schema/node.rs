//! The validation schema as typed nodes, read once per run straight from the embedded
//! annotation-free JSON. Why not a `serde_json::Value`: building one (an insertion-ordered hash
//! map with a SipHash per key, for every object of the schema) cost a tenth of a render; these
//! structs borrow their strings from the binary and keep property lists as vectors.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};

/// One schema node, with the draft-07 keywords the values schema uses. An unknown keyword fails
/// the parse (the walker would silently ignore it); a unit test parses the schema.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Node<'s> {
    #[serde(rename = "$ref", borrow)]
    pub reference: Option<Text<'s>>,
    /// `type`, one name or several.
    #[serde(rename = "type", default, deserialize_with = "one_or_many", borrow)]
    pub types: Option<Vec<Text<'s>>>,
    #[serde(rename = "enum")]
    pub options: Option<Vec<Value>>,
    pub minimum: Option<Number>,
    pub maximum: Option<Number>,
    #[serde(rename = "minLength")]
    pub min_length: Option<u64>,
    #[serde(rename = "maxLength")]
    pub max_length: Option<u64>,
    #[serde(borrow)]
    pub pattern: Option<Text<'s>>,
    #[serde(borrow)]
    pub properties: Option<Properties<'s>>,
    #[serde(rename = "additionalProperties", borrow)]
    pub additional: Option<Additional<'s>>,
    #[serde(borrow)]
    pub required: Option<Vec<Text<'s>>>,
    #[serde(borrow)]
    pub items: Option<Box<Node<'s>>>,
    #[serde(rename = "allOf", borrow)]
    pub all_of: Option<Vec<Node<'s>>>,
    #[serde(rename = "anyOf", borrow)]
    pub any_of: Option<Vec<Node<'s>>>,
    #[serde(borrow)]
    pub definitions: Option<Properties<'s>>,
}

/// `properties` (or `definitions`): named nodes in schema order, found by a linear scan (a
/// dozen entries at most; cheaper than hashing).
#[derive(Debug, Default)]
pub(crate) struct Properties<'s>(pub Vec<(Text<'s>, Node<'s>)>);

impl<'s> Properties<'s> {
    pub fn get(&self, name: &str) -> Option<&Node<'s>> {
        self.0.iter().find(|(key, _)| **key == *name).map(|(_, node)| node)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(key, _)| &**key)
    }
}

/// A string of the schema: borrowed from the embedded text, owned when it holds escapes.
#[derive(Debug, PartialEq)]
pub(crate) struct Text<'s>(Cow<'s, str>);

impl std::ops::Deref for Text<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de: 's, 's> Deserialize<'de> for Text<'s> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Borrowing;
        impl<'de> Visitor<'de> for Borrowing {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(text)))
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(text.to_owned())))
            }
        }
        d.deserialize_str(Borrowing)
    }
}

/// `additionalProperties`: `false`, `true`, or a schema for the other keys.
#[derive(Debug)]
pub(crate) enum Additional<'s> {
    Allowed(bool),
    Schema(Box<Node<'s>>),
}

impl<'s> Node<'s> {
    /// The node a `$ref` (`#/definitions/<name>`) of this schema's root names.
    pub fn resolve(&self, reference: &str) -> Option<&Node<'s>> {
        let name = reference.strip_prefix("#/definitions/")?;
        self.definitions.as_ref()?.get(name)
    }

    /// Follows `$ref`, also in the `allOf: [{$ref}]` form draft-07 needs when a `$ref` has
    /// siblings. `self` is the root.
    pub fn deref<'a>(&'a self, node: &'a Node<'s>) -> &'a Node<'s> {
        let single_all_of = node.all_of.as_deref().filter(|a| a.len() == 1).map(|a| &a[0]);
        let reference = node.reference.as_deref().or_else(|| single_all_of.and_then(|a| a.reference.as_deref()));
        match reference.and_then(|r| self.resolve(r)) {
            Some(target) => self.deref(target),
            None => node,
        }
    }
}

fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<Text<'de>>>, D::Error> {
    struct Names;
    impl<'de> Visitor<'de> for Names {
        type Value = Vec<Text<'de>>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a type name or a list of them")
        }
        fn visit_borrowed_str<E: de::Error>(self, name: &'de str) -> Result<Self::Value, E> {
            Ok(vec![Text(Cow::Borrowed(name))])
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut names = Vec::new();
            while let Some(name) = seq.next_element::<Text<'de>>()? {
                names.push(name);
            }
            Ok(names)
        }
    }
    d.deserialize_any(Names).map(Some)
}

impl<'de: 's, 's> Deserialize<'de> for Properties<'s> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Entries;
        impl<'de> Visitor<'de> for Entries {
            type Value = Properties<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of names to schemas")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<Text<'de>, Node<'de>>()? {
                    entries.push(entry);
                }
                Ok(Properties(entries))
            }
        }
        d.deserialize_map(Entries)
    }
}

impl<'de: 's, 's> Deserialize<'de> for Additional<'s> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Either;
        impl<'de> Visitor<'de> for Either {
            type Value = Additional<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a boolean or a schema")
            }
            fn visit_bool<E: de::Error>(self, allowed: bool) -> Result<Self::Value, E> {
                Ok(Additional::Allowed(allowed))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                Node::deserialize(de::value::MapAccessDeserializer::new(map)).map(|n| Additional::Schema(Box::new(n)))
            }
        }
        d.deserialize_any(Either)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &'static str) -> Result<Node<'static>, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn the_embedded_schema_parses_with_every_keyword_kept() {
        let root = super::super::validation_nodes();
        let definitions = root.definitions.as_ref().expect("definitions");
        assert!(definitions.0.len() > 10, "{}", definitions.0.len());
        let masters = root.deref(root.properties.as_ref().unwrap().get("cluster").unwrap());
        let masters = masters.properties.as_ref().unwrap().get("masters").unwrap();
        assert_eq!(masters.types.as_deref().map(|t| t.iter().map(|t| &**t).collect::<Vec<_>>()), Some(vec!["integer"]));
        assert_eq!(masters.minimum.as_ref().and_then(Number::as_u64), Some(3));
    }

    #[test]
    fn strings_are_borrowed_unless_they_hold_escapes() {
        let node = parse(r#"{"pattern":"^a\\.b$","required":["x"],"type":["string","null"]}"#).unwrap();
        let pattern = node.pattern.unwrap();
        assert_eq!(&*pattern, r"^a\.b$");
        assert!(matches!(pattern.0, Cow::Owned(_)));
        let required = node.required.unwrap();
        assert!(matches!(required[0].0, Cow::Borrowed("x")));
        assert_eq!(node.types.unwrap().iter().map(|t| &**t).collect::<Vec<_>>(), ["string", "null"]);
    }

    #[test]
    fn additional_properties_is_a_boolean_or_a_schema() {
        let node =
            parse(r#"{"additionalProperties":false,"properties":{"a":{"additionalProperties":{"type":"string"}}}}"#)
                .unwrap();
        assert!(matches!(node.additional, Some(Additional::Allowed(false))));
        let a = node.properties.as_ref().unwrap().get("a").unwrap();
        assert!(matches!(&a.additional, Some(Additional::Schema(s)) if s.types.is_some()));
        assert_eq!(node.properties.unwrap().names().collect::<Vec<_>>(), ["a"]);
    }

    #[test]
    fn a_keyword_the_walker_does_not_know_is_refused() {
        let error = parse(r#"{"type":"object","properties":{"a":{"oneOf":[]}}}"#).unwrap_err().to_string();
        assert!(error.starts_with("unknown field `oneOf`"), "{error}");
    }
}
