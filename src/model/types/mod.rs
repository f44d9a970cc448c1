//! The data-flow model: what a `.ron` model file holds.
//!
//! Everything refers to everything else by a stable, human-chosen string id,
//! never by position, so that two people can edit one model in git and merge.
//! Fields that hold their default value are left out when saving, which keeps
//! files short and diffs small.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::control::Control;
use super::threat::Threat;

mod boundary;
mod data;
mod element;
mod endpoint;
mod flow;
mod triage;

pub use boundary::*;
pub use data::*;
pub use element::*;
pub use endpoint::*;
pub use flow::*;
pub use triage::*;

/// A whole threat model.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub version: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scope: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub boundaries: Vec<Boundary>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<DataAsset>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub elements: Vec<Element>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flows: Vec<Flow>,
    /// Rule ids switched off for this model.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disabled_rules: Vec<String>,
    /// Threats written by hand (or imported from other tools).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub threats: Vec<Threat>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub triage: Vec<Triage>,
    /// Positions for the workbench canvas, kept apart from the design so that
    /// moving a box is a separate, ignorable change in a diff.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub layout: BTreeMap<String, Position>,
}

impl Model {
    /// What the model holds, for summaries: `4 elements, 1 flow, 2 trust
    /// boundaries, 0 data assets`.
    pub fn contents(&self) -> String {
        use crate::text::count;
        format!(
            "{}, {}, {}, {}",
            count(self.elements.len(), "element", "elements"),
            count(self.flows.len(), "flow", "flows"),
            count(self.boundaries.len(), "trust boundary", "trust boundaries"),
            count(self.data.len(), "data asset", "data assets"),
        )
    }
}

/// A canvas position in character cells.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Position {
    pub x: i32,
    pub y: i32,
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_true(b: &bool) -> bool {
    *b
}

fn yes() -> bool {
    true
}
