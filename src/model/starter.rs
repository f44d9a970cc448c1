//! The starter model that `threatmap new` writes: small, valid, and showing
//! every kind of thing a model can hold.

use super::types::Model;

const STARTER: &str = include_str!("starter.ron");

pub fn starter_model() -> Model {
    super::load::parse_only(STARTER, "starter.ron")
        .unwrap_or_else(|d| unreachable!("the built-in starter model parses: {d}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{parse_str, to_canonical_string};

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
