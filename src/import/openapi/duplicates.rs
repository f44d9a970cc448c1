//! Parsing JSON or YAML into a tree while noticing keys written twice in one
//! mapping. Both parsers keep the last value of a repeated key, so without
//! this a second `/users:` under `paths` silently replaces the first and its
//! operations vanish from the import.

use std::cell::RefCell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::locate::Locator;
use crate::diagnostic::Diagnostic;

/// A key written more than once in one mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The keys leading to the mapping; array items are `None` (their index
    /// is not written in the text).
    pub parent: Vec<Option<String>>,
    pub key: String,
    /// 1 for the second time the key is written, 2 for the third, …
    pub repeat: usize,
}

/// Parses JSON text into a tree; the repeated keys found on the way.
pub fn json(text: &str) -> Result<(Value, Vec<Duplicate>), serde_json::Error> {
    let state = RefCell::default();
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Seed(&state).deserialize(&mut de)?;
    de.end()?;
    Ok((value, state.into_inner().found))
}

/// Parses YAML text into a tree; the repeated keys found on the way.
pub fn yaml(text: &str) -> Result<(Value, Vec<Duplicate>), serde_yaml_ng::Error> {
    let state = RefCell::default();
    let value = Seed(&state).deserialize(serde_yaml_ng::Deserializer::from_str(text))?;
    Ok((value, state.into_inner().found))
}

/// One error per repeated key, at the repeat, naming where the key was
/// first written.
pub fn diagnostics(found: &[Duplicate], text: &str, file: &str) -> Vec<Diagnostic> {
    let at = Locator::new(text);
    found
        .iter()
        .map(|d| {
            let parent: Vec<&str> = d.parent.iter().flatten().map(String::as_str).collect();
            let (first, here) = at.repeated_key(&parent, &d.key, d.repeat);
            let inside = if parent.is_empty() {
                "at the top level".to_string()
            } else {
                format!("in `{}`", parent.join("."))
            };
            Diagnostic::error(
                file,
                here,
                format!(
                    "`{}` is written again {inside} (first at line {}, column {}); only one would be read",
                    d.key, first.0, first.1
                ),
            )
            .with_hint("merge the two entries into one, or rename one of them")
        })
        .collect()
}

#[derive(Default)]
struct State {
    path: Vec<Option<String>>,
    found: Vec<Duplicate>,
}

#[derive(Clone, Copy)]
struct Seed<'s>(&'s RefCell<State>);

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON or YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(match (i64::try_from(v), u64::try_from(v)) {
            (Ok(i), _) => Value::Number(i.into()),
            (_, Ok(u)) => Value::Number(u.into()),
            _ => float(v as f64),
        })
    }

    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(match u64::try_from(v) {
            Ok(u) => Value::Number(u.into()),
            Err(_) => float(v as f64),
        })
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        self.0.borrow_mut().path.push(None);
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        self.0.borrow_mut().path.pop();
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut values = Map::new();
        let mut repeats: Vec<(String, usize)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if values.contains_key(&key) {
                let repeat = match repeats.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, n)) => {
                        *n += 1;
                        *n
                    }
                    None => {
                        repeats.push((key.clone(), 1));
                        1
                    }
                };
                let mut state = self.0.borrow_mut();
                let parent = state.path.clone();
                state.found.push(Duplicate {
                    parent,
                    key: key.clone(),
                    repeat,
                });
            }
            self.0.borrow_mut().path.push(Some(key.clone()));
            let value = map.next_value_seed(self)?;
            self.0.borrow_mut().path.pop();
            values.insert(key, value);
        }
        Ok(Value::Object(values))
    }
}

/// A number as `serde_json` keeps it: not a number or infinite is null.
fn float(v: f64) -> Value {
    Number::from_f64(v).map_or(Value::Null, Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_yaml_give_the_same_tree_as_the_plain_parsers() {
        let json =
            r#"{"a": [1, -2, 3.5, "x", null, true], "b": {"c": {}}, "big": 18446744073709551615}"#;
        let (value, found) = super::json(json).expect("parses");
        assert_eq!(value, serde_json::from_str::<Value>(json).expect("json"));
        assert!(found.is_empty());
        let yaml = "a: [1, -2, 3.5, x, ~, true]\nb:\n  c: {}\n200: ok\nbig: 18446744073709551615\n";
        let (value, found) = super::yaml(yaml).expect("parses");
        assert_eq!(value, serde_yaml_ng::from_str::<Value>(yaml).expect("yaml"));
        assert!(found.is_empty());
    }

    #[test]
    fn repeated_keys_are_found_with_both_places() {
        let yaml = "paths:\n  /users:\n    get: {}\n  /orders:\n    get: {}\n  /users:\n    post: {}\n    post: {}\n";
        let (_, found) = super::yaml(yaml).expect("parses");
        assert_eq!(found.len(), 2, "{found:?}");
        let errors = diagnostics(&found, yaml, "api.yaml");
        assert_eq!((errors[0].line, errors[0].column), (6, 3));
        assert!(
            errors[0]
                .message
                .contains("`/users` is written again in `paths` (first at line 2, column 3)"),
            "{}",
            errors[0].message
        );
        assert_eq!((errors[1].line, errors[1].column), (8, 5));
        assert!(errors[1].message.contains("in `paths./users`"));

        let json =
            "{\"paths\": {\n  \"/a\": {\"get\": {}},\n  \"/a\": {\"put\": {}},\n  \"/a\": {}}}";
        let (_, found) = super::json(json).expect("parses");
        let errors = diagnostics(&found, json, "api.json");
        let places: Vec<_> = errors.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(places, [(3, 3), (4, 3)]);
        assert!(errors[1].message.contains("(first at line 2, column 3)"));
    }
}
