//! Guessing the data an API handles from the property names in its schemas.
//! Guesses say so in their description, so the team confirms or removes them.

use std::collections::BTreeSet;

use serde_json::Value;

use super::vocabulary;
use super::words::{find, words};
use crate::model::{Classification, DataAsset};

/// Deepest nesting searched for schema properties.
const MAX_DEPTH: usize = 64;
/// Property names quoted in a guessed asset's description.
const MAX_QUOTED: usize = 6;

struct Kind {
    id: &'static str,
    name: &'static str,
    classification: Classification,
    personal: bool,
    credentials: bool,
    vocabulary: &'static [&'static str],
}

const KINDS: [Kind; 3] = [
    Kind {
        id: "credentials",
        name: "Credentials and secrets",
        classification: Classification::Restricted,
        personal: false,
        credentials: true,
        vocabulary: vocabulary::CREDENTIAL_DATA,
    },
    Kind {
        id: "personal-data",
        name: "Personal data",
        classification: Classification::Confidential,
        personal: true,
        credentials: false,
        vocabulary: vocabulary::PERSONAL_DATA,
    },
    Kind {
        id: "payment-data",
        name: "Payment data",
        classification: Classification::Restricted,
        personal: true,
        credentials: false,
        vocabulary: vocabulary::PAYMENT_DATA,
    },
];

/// The data assets the schemas suggest, each naming the properties it was
/// guessed from.
pub fn guess(root: &Value) -> Vec<DataAsset> {
    let mut found: [BTreeSet<String>; 3] = Default::default();
    let named = root.pointer("/components/schemas");
    for (name, schema) in named.and_then(Value::as_object).into_iter().flatten() {
        // A schema called `Address` or `PaymentCard` is telling too.
        classify(name, None, &mut found);
        collect(schema, Some(name), None, 0, &mut found);
    }
    // Everything else (inline schemas in operations), without walking the
    // named schemas twice.
    collect(root, None, named, 0, &mut found);
    KINDS
        .iter()
        .zip(found)
        .filter(|(_, names)| !names.is_empty())
        .map(|(kind, names)| DataAsset {
            id: kind.id.to_string(),
            name: kind.name.to_string(),
            classification: kind.classification,
            personal: kind.personal,
            credentials: kind.credentials,
            description: describe(&names),
        })
        .collect()
}

fn describe(names: &BTreeSet<String>) -> String {
    let quoted: Vec<&str> = names.iter().take(MAX_QUOTED).map(String::as_str).collect();
    let more = names.len().saturating_sub(MAX_QUOTED);
    let tail = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    format!(
        "Guessed from the OpenAPI schemas ({}{tail}): confirm.",
        quoted.join(", ")
    )
}

/// Walks a tree for `properties` maps; `schema` names the component schema
/// being walked, `skip` is a subtree already walked.
fn collect(
    value: &Value,
    schema: Option<&str>,
    skip: Option<&Value>,
    depth: usize,
    found: &mut [BTreeSet<String>; 3],
) {
    if depth > MAX_DEPTH || skip.is_some_and(|s| std::ptr::eq(s, value)) {
        return;
    }
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(properties)) = map.get("properties") {
                for name in properties.keys() {
                    classify(name, schema, found);
                }
            }
            for (key, child) in map {
                // Sample values are data, not schema.
                if !matches!(
                    key.as_str(),
                    "example" | "examples" | "default" | "enum" | "const"
                ) {
                    collect(child, schema, skip, depth + 1, found);
                }
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|item| collect(item, schema, skip, depth + 1, found)),
        _ => {}
    }
}

fn classify(name: &str, schema: Option<&str>, found: &mut [BTreeSet<String>; 3]) {
    let name_words = words(name);
    // `nextPageToken` is a cursor, not a credential.
    let cursor = find(&name_words, &["page", "next", "cursor", "continuation"]).is_some();
    for (kind, names) in KINDS.iter().zip(found.iter_mut()) {
        if kind.credentials && cursor {
            continue;
        }
        if find(&name_words, kind.vocabulary).is_some() {
            names.insert(match schema {
                Some(s) => format!("{s}.{name}"),
                None => name.to_string(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn guesses_from_named_and_inline_schemas() {
        let doc = json!({
            "components": {"schemas": {"User": {"properties": {"email": {}, "password": {}, "nextPageToken": {}}}}},
            "paths": {"/pay": {"post": {"requestBody": {"content": {"application/json": {"schema": {"properties": {"cardNumber": {}}}}}}}}},
        });
        let assets = guess(&doc);
        let ids: Vec<_> = assets.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["credentials", "personal-data", "payment-data"]);
        assert_eq!(
            assets[0].description,
            "Guessed from the OpenAPI schemas (User.password): confirm."
        );
        assert_eq!(
            assets[2].description,
            "Guessed from the OpenAPI schemas (cardNumber): confirm."
        );
    }
}
