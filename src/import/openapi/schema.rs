//! Walking JSON Schemas through `$ref`s without looping: every referenced
//! schema is entered at most once per walk, and nesting is bounded, so a
//! cyclic or hugely shared schema costs no more than its size.

use std::collections::HashSet;

use serde_json::Value;

use super::refs::Resolver;

/// Deepest nesting of schemas followed in one walk.
const MAX_DEPTH: usize = 24;

/// One property met while walking a schema.
#[derive(Clone, Copy)]
pub struct Property<'a> {
    pub name: &'a str,
    /// The property as written: in OpenAPI 3.1 a `$ref` may carry siblings
    /// such as `readOnly: true` that the resolved schema lacks.
    pub written: &'a Value,
    /// The property's schema with its `$ref` followed.
    pub schema: &'a Value,
    /// The object schema that declares the property.
    pub parent: &'a Value,
}

impl Property<'_> {
    /// A keyword of the property, written beside a `$ref` or in its target.
    pub fn keyword(&self, key: &str) -> Option<&Value> {
        self.written.get(key).or_else(|| self.schema.get(key))
    }

    pub fn flag(&self, key: &str) -> bool {
        self.keyword(key).and_then(Value::as_bool).unwrap_or(false)
    }
}

/// Visits every property reachable from `schema` (through `properties`,
/// `items`, `allOf`/`anyOf`/`oneOf` and `additionalProperties`).
pub fn for_each_property<'a>(
    resolver: Resolver<'a>,
    schema: &'a Value,
    visit: &mut dyn FnMut(Property<'a>),
) {
    let mut seen = HashSet::new();
    walk(resolver, schema, 0, &mut seen, visit);
}

fn walk<'a>(
    resolver: Resolver<'a>,
    schema: &'a Value,
    depth: usize,
    seen: &mut HashSet<*const Value>,
    visit: &mut dyn FnMut(Property<'a>),
) {
    let Some(schema) = resolver.resolve(schema) else {
        return;
    };
    if depth > MAX_DEPTH || !seen.insert(std::ptr::from_ref(schema)) {
        return;
    }
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        for (name, property) in properties {
            let resolved = resolver.resolve(property).unwrap_or(property);
            visit(Property {
                name,
                written: property,
                schema: resolved,
                parent: schema,
            });
            walk(resolver, property, depth + 1, seen, visit);
        }
    }
    for key in ["items", "additionalProperties"] {
        if let Some(child) = schema.get(key).filter(|c| c.is_object()) {
            walk(resolver, child, depth + 1, seen, visit);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        for child in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            walk(resolver, child, depth + 1, seen, visit);
        }
    }
}

/// The `type` names of a schema: `"array"`, or 3.1's `["array", "null"]`.
pub fn has_type(schema: &Value, wanted: &str) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == wanted,
        Some(Value::Array(ts)) => ts.iter().any(|t| t == wanted),
        _ => false,
    }
}

/// How a response body lists things.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    NotAList,
    Unbounded,
    /// The schema caps the number of items (`maxItems`).
    Bounded,
}

/// Whether a response schema is a collection: an array, or an object whose
/// `items`, `data`, `results` or `content` property is an array (a page).
pub fn listing(resolver: Resolver, schema: &Value) -> Listing {
    let Some(schema) = resolver.resolve(schema) else {
        return Listing::NotAList;
    };
    if let Some(kind) = array_listing(schema) {
        return kind;
    }
    // A page: an object whose `items`, `data`… property is the list, or
    // whose only array property is (`{posts: [...], total: 3}`).
    let page = |s: &Value| {
        let properties = s.get("properties").and_then(Value::as_object)?;
        let named = ["items", "data", "results", "content", "records", "entries"]
            .iter()
            .find_map(|key| {
                properties
                    .get(*key)
                    .and_then(|p| resolver.resolve(p))
                    .and_then(array_listing)
            });
        // Beside the one list, only scalars (a total, a cursor): a
        // `Node` with `children` and a `parent` is a record, not a page.
        let resolved: Vec<&Value> = properties
            .values()
            .filter_map(|p| resolver.resolve(p))
            .collect();
        let scalars = resolved
            .iter()
            .filter(|p| {
                !(has_type(p, "object")
                    || has_type(p, "array")
                    || p.get("properties").is_some()
                    || p.get("items").is_some())
            })
            .count();
        let lists: Vec<Listing> = resolved.iter().filter_map(|p| array_listing(p)).collect();
        named.or_else(|| (lists.len() == 1 && scalars + 1 == resolved.len()).then(|| lists[0]))
    };
    let branches = schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    page(schema)
        .or_else(|| branches.filter_map(|b| resolver.resolve(b)).find_map(page))
        .unwrap_or(Listing::NotAList)
}

fn array_listing(schema: &Value) -> Option<Listing> {
    let is_array = has_type(schema, "array")
        || (schema.get("type").is_none() && schema.get("items").is_some());
    is_array.then(|| {
        if schema.get("maxItems").is_some() {
            Listing::Bounded
        } else {
            Listing::Unbounded
        }
    })
}

/// An object schema that refuses unknown properties
/// (`additionalProperties: false`, or 3.1's `unevaluatedProperties: false`).
pub fn is_closed(schema: &Value) -> bool {
    ["additionalProperties", "unevaluatedProperties"]
        .iter()
        .any(|k| schema.get(*k) == Some(&Value::Bool(false)))
}

/// A body that accepts any fields: `additionalProperties: true` (or `{}`), or
/// an object schema that declares no properties at all.
pub fn is_free_form(resolver: Resolver, schema: &Value) -> bool {
    let Some(schema) = resolver.resolve(schema) else {
        return false;
    };
    let open = match schema.get("additionalProperties") {
        Some(Value::Bool(b)) => *b,
        Some(Value::Object(o)) => o.is_empty(),
        _ => false,
    };
    if open {
        return true;
    }
    let composed = ["allOf", "anyOf", "oneOf"]
        .iter()
        .any(|k| schema.get(k).is_some());
    let declares_nothing = schema.get("properties").is_none()
        && schema.get("additionalProperties").is_none()
        && schema.get("patternProperties").is_none()
        && !composed;
    has_type(schema, "object") && declares_nothing
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn walks_cycles_once() {
        let doc = json!({"components": {"schemas": {"Node": {"type": "object", "properties": {
            "name": {"type": "string"},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
        }}}}});
        let mut names = Vec::new();
        let node = json!({"$ref": "#/components/schemas/Node"});
        for_each_property(Resolver::new(&doc), &node, &mut |p| {
            names.push(p.name.to_string())
        });
        assert_eq!(names, ["children", "name"]);
    }

    #[test]
    fn recognises_lists_and_pages() {
        let doc = json!({});
        let r = Resolver::new(&doc);
        assert_eq!(
            listing(r, &json!({"type": "array", "items": {}})),
            Listing::Unbounded
        );
        assert_eq!(
            listing(r, &json!({"type": ["array", "null"], "maxItems": 50})),
            Listing::Bounded
        );
        assert_eq!(
            listing(
                r,
                &json!({"type": "object", "properties": {"data": {"type": "array"}}})
            ),
            Listing::Unbounded
        );
        assert_eq!(
            listing(
                r,
                &json!({"type": "object", "properties": {"id": {"type": "string"}}})
            ),
            Listing::NotAList
        );
    }

    #[test]
    fn recognises_free_form_bodies() {
        let doc = json!({});
        let r = Resolver::new(&doc);
        assert!(is_free_form(r, &json!({"type": "object"})));
        assert!(is_free_form(
            r,
            &json!({"type": "object", "properties": {"a": {}}, "additionalProperties": true})
        ));
        assert!(!is_free_form(
            r,
            &json!({"type": "object", "properties": {"a": {}}})
        ));
        assert!(!is_free_form(r, &json!({"type": "string"})));
    }
}
