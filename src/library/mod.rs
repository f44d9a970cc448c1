//! The threat library: rule schema, the condition language, and loading the
//! built-in and custom rule files.

mod load;
mod rule;

pub use load::{LibraryError, built_in, built_in_files, load_dir, parse_rule_file};
pub use rule::*;

use std::collections::HashMap;

/// A set of rules, each id once, in id order.
#[derive(Debug, Clone, Default)]
pub struct Library {
    rules: Vec<Rule>,
    by_id: HashMap<String, usize>,
}

impl Library {
    pub fn new(mut rules: Vec<Rule>) -> Self {
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        rules.dedup_by(|a, b| a.id == b.id);
        let by_id = rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        Self { rules, by_id }
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.by_id.get(id).map(|&i| &self.rules[i])
    }

    /// This library with `custom` rules added; a custom rule replaces the rule
    /// of the same id.
    pub fn with_overrides(&self, custom: Vec<Rule>) -> Self {
        let mut rules: HashMap<String, Rule> = self
            .rules
            .iter()
            .map(|r| (r.id.clone(), r.clone()))
            .collect();
        for rule in custom {
            rules.insert(rule.id.clone(), rule);
        }
        Self::new(rules.into_values().collect())
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}
