//! The starter model that `threatmap new` writes: small, valid, and showing
//! every kind of thing a model can hold.

use super::types::Model;

const STARTER: &str = include_str!("starter.ron");

/// An empty model (`threatmap new --empty`): a name and nothing else, to
/// build from scratch. The name comes from the file's stem.
pub fn empty_model(name: &str) -> Model {
    let name = name.trim();
    Model {
        name: if name.is_empty() {
            "New model".into()
        } else {
            name.to_string()
        },
        ..Model::default()
    }
}

pub fn starter_model() -> Model {
    super::load::parse_only(STARTER, "starter.ron")
        .unwrap_or_else(|d| unreachable!("the built-in starter model parses: {d}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{parse_str, to_canonical_string};

    #[test]
    fn the_empty_model_is_valid_and_has_nothing_to_delete() {
        let model = empty_model("shop");
        let text = to_canonical_string(&model);
        let loaded = parse_str(&text, "shop.ron").expect("empty model validates");
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        assert_eq!(loaded.model.name, "shop");
        assert!(loaded.model.elements.is_empty() && loaded.model.flows.is_empty());
        assert!(loaded.model.boundaries.is_empty() && loaded.model.data.is_empty());
        assert_eq!(empty_model(" ").name, "New model");
    }

    #[test]
    fn starter_is_valid_and_round_trips() {
        let model = starter_model();
        let text = to_canonical_string(&model);
        let loaded = parse_str(&text, "starter.ron").expect("starter validates");
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        let mut sorted = model.clone();
        crate::model::save::canonicalize(&mut sorted);
        assert_eq!(loaded.model, sorted);
        assert_eq!(to_canonical_string(&loaded.model), text);
    }
}
