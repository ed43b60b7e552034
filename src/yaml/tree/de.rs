//! Deserializing from a [`Tree`] exactly as from the `serde_json::Value` it stands for: the
//! same visitor calls for every node (scalars are delegated to `Value` itself), and unknown
//! fields are skipped through `deserialize_ignored_any`, where `serde_ignored` sees them. A test
//! holds both paths to the same Kubernetes objects and the same unknown-field paths.

use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{Deserializer, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;
use serde_json::{Error, Value};

use super::Tree;

impl<'de, 'a: 'de> Deserializer<'de> for &'de Tree<'a> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Tree::Scalar(value) => value.deserialize_any(visitor),
            Tree::Str(s) => visitor.visit_borrowed_str(s),
            Tree::Seq(items) => {
                let mut seq = SeqDeserializer::new(items.iter());
                let out = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(out)
            }
            Tree::Map(entries) => {
                let mut map = MapDeserializer::new(entries.iter().map(|(k, v)| (k.as_ref(), v)));
                let out = visitor.visit_map(&mut map)?;
                map.end()?;
                Ok(out)
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Tree::Scalar(Value::Null) => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    /// Rare in Kubernetes types; the `Value` rules apply as they are.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.clone().into_value().deserialize_enum(name, variants, visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

impl<'de, 'a: 'de> IntoDeserializer<'de, Error> for &'de Tree<'a> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}
