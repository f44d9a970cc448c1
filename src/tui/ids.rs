//! Ids for things created in the workbench, derived from their names.

use crate::model::Model;

/// A valid id from `name` (`Orders DB` → `orders-db`), made unique in the model.
pub fn unique_id(model: &Model, name: &str) -> String {
    let mut slug = String::new();
    for ch in name.chars() {
        if ch.is_ascii_alphanumeric() {
            slug.push(ch.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let base: String = if slug.is_empty() { "item" } else { slug }
        .chars()
        .take(48)
        .collect();
    let taken = |id: &str| {
        model.elements.iter().any(|e| e.id == id)
            || model.flows.iter().any(|f| f.id == id)
            || model.boundaries.iter().any(|b| b.id == id)
            || model.data.iter().any(|d| d.id == id)
    };
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or(base)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::starter::starter_model;

    #[test]
    fn ids_are_slugs_and_unique() {
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
