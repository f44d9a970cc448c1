//! Ids made from names: one slug maker, and unique ids across a model, for
//! the importer and the workbench alike.

use std::collections::BTreeSet;

use super::Model;

/// Longest slug taken from a name, so ids built from two slugs stay well under
/// the model's id limit.
const MAX_SLUG: usize = 48;

/// `"Bookstore API (v2)"` → `"bookstore-api-v2"`; `fallback` when nothing is left.
pub fn slug(text: &str, fallback: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= MAX_SLUG {
            break;
        }
    }
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        fallback.to_string()
    } else {
        trimmed.to_string()
    }
}

/// Every id in the model: boundaries, data assets, elements and flows.
pub fn all_ids(model: &Model) -> BTreeSet<String> {
    let boundaries = model.boundaries.iter().map(|b| b.id.clone());
    let data = model.data.iter().map(|d| d.id.clone());
    let elements = model.elements.iter().map(|e| e.id.clone());
    let flows = model.flows.iter().map(|f| f.id.clone());
    boundaries
        .chain(data)
        .chain(elements)
        .chain(flows)
        .collect()
}

/// A valid id from `name` (`Orders DB` → `orders-db`), made unique in the model.
pub fn unique_id(model: &Model, name: &str) -> String {
    let ids = all_ids(model);
    IdAllocator::with_taken(ids.iter().map(String::as_str)).allocate(&slug(name, "item"))
}

/// Hands out ids that are unique among those already taken, adding `-2`,
/// `-3`… on a clash. Deterministic: the same requests in the same order give
/// the same ids.
#[derive(Debug, Default)]
pub struct IdAllocator {
    taken: BTreeSet<String>,
}

impl IdAllocator {
    pub fn with_taken<'a>(ids: impl IntoIterator<Item = &'a str>) -> Self {
        Self {
            taken: ids.into_iter().map(str::to_string).collect(),
        }
    }

    pub fn allocate(&mut self, wanted: &str) -> String {
        let mut candidate = wanted.to_string();
        let mut n = 2;
        while self.taken.contains(&candidate) {
            candidate = format!("{wanted}-{n}");
            n += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::starter::starter_model;

    #[test]
    fn slugs_are_lowercase_dashed() {
        assert_eq!(slug("Bookstore API (v2)", "api"), "bookstore-api-v2");
        assert_eq!(slug("  --  ", "api"), "api");
        assert_eq!(slug("Ünïcode Shop", "api"), "n-code-shop");
        assert!(slug(&"x".repeat(500), "api").len() <= MAX_SLUG);
    }

    #[test]
    fn allocator_avoids_clashes() {
        let mut ids = IdAllocator::with_taken(["internet"]);
        assert_eq!(ids.allocate("internet"), "internet-2");
        assert_eq!(ids.allocate("api"), "api");
        assert_eq!(ids.allocate("api"), "api-2");
    }

    #[test]
    fn ids_are_slugs_and_unique_in_the_model() {
        let m = starter_model();
        assert_eq!(unique_id(&m, "Billing DB!"), "billing-db");
        assert_eq!(unique_id(&m, "Gateway"), "gateway-2");
        assert_eq!(unique_id(&m, "  ***  "), "item");
        assert!(crate::model::validate::is_valid_id(&unique_id(
            &m,
            "Über Service"
        )));
    }
}
