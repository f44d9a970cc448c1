//! Semantic diff of two versions of a model and of their threats: what a
//! reviewer of a pull request needs to know, in words, keyed on stable ids.
//!
//! No terminal code here: the CLI renders text, [`markdown`] renders a PR
//! comment, and every type serialises to JSON.

mod design;
pub mod facts;
pub mod git;
pub mod markdown;
pub mod merge;
mod textconv;
mod threats;
mod value;

pub use design::{DesignDiff, ItemChange, ItemDelta, LayoutChange, diff_models};
pub use facts::ItemKind;
pub use textconv::fact_lines;
pub use threats::{FindingChange, FindingState, ThreatDiff, diff_findings};
pub use value::{Attr, AttrChange, Delta, Part, Val};

use serde::Serialize;

use crate::analysis::analyze;
use crate::library::Library;
use crate::model::Model;

/// Both halves of a diff.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Comparison {
    pub design: DesignDiff,
    pub threats: ThreatDiff,
}

impl Comparison {
    /// Neither the design nor the findings changed (layout aside).
    pub fn is_semantically_empty(&self) -> bool {
        self.design.is_semantically_empty() && self.threats.is_empty()
    }

    /// One line for a diff with nothing to review, or `None`.
    pub fn nothing_to_review(&self) -> Option<&'static str> {
        match (self.is_semantically_empty(), self.design.layout.is_empty()) {
            (true, true) => Some("no semantic change"),
            (true, false) => Some("only layout changed"),
            _ => None,
        }
    }
}

/// Analyzes both versions with `library` and compares them.
pub fn compare(old: &Model, new: &Model, library: &Library) -> Comparison {
    let design = diff_models(old, new);
    let mut threats = diff_findings(&analyze(old, library), &analyze(new, library));
    let removed: Vec<&str> = [ItemKind::Element, ItemKind::Flow]
        .into_iter()
        .flat_map(|k| design.removed_ids(k))
        .collect();
    for gone in threats.resolved.iter_mut().filter(|c| c.new.is_none()) {
        if removed.contains(&gone.target.as_str()) {
            gone.why = format!("its target, {}, was removed", gone.target_kind.as_str());
        }
    }
    Comparison { design, threats }
}

/// An item change in words, e.g. "flow `checkout-payments`: encryption TLS → none".
pub fn item_words(c: &ItemChange, quote: &dyn Fn(&str) -> String) -> String {
    let kind = c.kind.label();
    let id = quote(&c.id);
    match &c.delta {
        ItemDelta::Added { summary } => {
            format!("{kind} {id} added: {}", value::join(summary, quote))
        }
        ItemDelta::Removed { summary } => {
            format!("{kind} {id} removed (was {})", value::join(summary, quote))
        }
        ItemDelta::Changed { changes } => {
            let words: Vec<String> = changes.iter().map(|ch| ch.words(quote)).collect();
            format!("{kind} {id}: {}", words.join("; "))
        }
        ItemDelta::IdChanged { old_id } => {
            format!("{kind} id {} → {id}, nothing else changed", quote(old_id))
        }
    }
}

/// A change of the model's own attributes in words: "model: name `A` → `B`".
pub fn model_words(c: &AttrChange, quote: &dyn Fn(&str) -> String) -> String {
    format!("model: {}", c.words(quote))
}

/// A layout change in words: "`gateway` moved from (2, 3) to (10, 3)".
pub fn layout_words(c: &LayoutChange, quote: &dyn Fn(&str) -> String) -> String {
    let at = |p: &crate::model::Position| format!("({}, {})", p.x, p.y);
    let id = quote(&c.id);
    match (&c.old, &c.new) {
        (Some(a), Some(b)) => format!("{id} moved from {} to {}", at(a), at(b)),
        (None, Some(b)) => format!("{id} placed at {}", at(b)),
        (Some(a), None) => format!("{id} no longer placed (was at {})", at(a)),
        (None, None) => format!("{id} unchanged"),
    }
}

#[cfg(test)]
mod tests;
