//! The design half of a diff: what changed in the model, item by item, keyed
//! on stable ids.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::facts::{self, Item, ItemKind};
use super::value::{Attr, AttrChange, Delta, Part, Val, plain_fragments};
use crate::model::{Model, Position};

/// Everything that changed between two versions of a model.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DesignDiff {
    /// The model's own attributes (name, owners, disabled rules…).
    pub model: Vec<AttrChange>,
    /// Boundaries, data assets, elements, flows and triage records, in that
    /// order, each by id.
    pub items: Vec<ItemChange>,
    /// Canvas positions only; left out of reports unless asked for.
    pub layout: Vec<LayoutChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemChange {
    pub kind: ItemKind,
    pub id: String,
    #[serde(flatten)]
    pub delta: ItemDelta,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum ItemDelta {
    Added {
        #[serde(serialize_with = "plain_fragments")]
        summary: Vec<Val>,
    },
    Removed {
        #[serde(serialize_with = "plain_fragments")]
        summary: Vec<Val>,
    },
    Changed {
        changes: Vec<AttrChange>,
    },
    /// The id changed and nothing else did.
    IdChanged {
        old_id: String,
    },
}

/// A box moved on the canvas, appeared there, or left it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayoutChange {
    pub id: String,
    pub old: Option<Position>,
    pub new: Option<Position>,
}

impl DesignDiff {
    /// Nothing but layout changed (or nothing at all).
    pub fn is_semantically_empty(&self) -> bool {
        self.model.is_empty() && self.items.is_empty()
    }

    pub fn of_kind(&self, kind: ItemKind) -> impl Iterator<Item = &ItemChange> {
        self.items.iter().filter(move |c| c.kind == kind)
    }

    /// The item ids of one kind that the new version no longer has.
    pub fn removed_ids(&self, kind: ItemKind) -> BTreeSet<&str> {
        self.of_kind(kind)
            .filter(|c| matches!(c.delta, ItemDelta::Removed { .. }))
            .map(|c| c.id.as_str())
            .collect()
    }
}

/// Compares two versions of a model by id. A rename is a change of name; an
/// item whose id alone changed is reported as such, not as removed and added.
pub fn diff_models(old: &Model, new: &Model) -> DesignDiff {
    let model = diff_attrs(&facts::model_attrs(old), &facts::model_attrs(new));
    let mut items = Vec::new();
    for ((kind, old_items), (_, new_items)) in facts::items(old).into_iter().zip(facts::items(new))
    {
        items.extend(diff_items(kind, &old_items, &new_items));
    }
    DesignDiff {
        model,
        items,
        layout: diff_layout(&old.layout, &new.layout),
    }
}

fn diff_items(kind: ItemKind, old: &[Item], new: &[Item]) -> Vec<ItemChange> {
    let old_by_id: BTreeMap<&str, &Item> = old.iter().map(|i| (i.id.as_str(), i)).collect();
    let new_by_id: BTreeMap<&str, &Item> = new.iter().map(|i| (i.id.as_str(), i)).collect();
    let mut removed: Vec<&Item> = old_by_id
        .iter()
        .filter(|(id, _)| !new_by_id.contains_key(*id))
        .map(|(_, i)| *i)
        .collect();
    let mut out = Vec::new();
    for (id, item) in &new_by_id {
        match old_by_id.get(id) {
            Some(before) => {
                let changes = diff_attrs(&before.attrs, &item.attrs);
                if !changes.is_empty() {
                    out.push(ItemChange {
                        kind,
                        id: id.to_string(),
                        delta: ItemDelta::Changed { changes },
                    });
                }
            }
            None => {
                let same = removed.iter().position(|r| r.attrs == item.attrs);
                let delta = match same {
                    Some(at) => ItemDelta::IdChanged {
                        old_id: removed.remove(at).id.clone(),
                    },
                    None => ItemDelta::Added {
                        summary: item.summary.clone(),
                    },
                };
                out.push(ItemChange {
                    kind,
                    id: id.to_string(),
                    delta,
                });
            }
        }
    }
    out.extend(removed.into_iter().map(|r| ItemChange {
        kind,
        id: r.id.clone(),
        delta: ItemDelta::Removed {
            summary: r.summary.clone(),
        },
    }));
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// Attribute-by-attribute changes. Attributes only one side has (after an
/// element changed kind) count as set or unset when they hold something.
fn diff_attrs(old: &[(&'static str, Attr)], new: &[(&'static str, Attr)]) -> Vec<AttrChange> {
    let find = |list: &[(&'static str, Attr)], name: &str| {
        list.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, a)| a.clone())
    };
    let mut out = Vec::new();
    for (name, before) in old {
        match find(new, name) {
            Some(after) => out.extend(diff_attr(name, before, &after)),
            None => out.extend(diff_attr(name, before, &emptied(before))),
        }
    }
    for (name, after) in new {
        if find(old, name).is_none() {
            out.extend(diff_attr(name, &emptied(after), after));
        }
    }
    out
}

/// The same attribute with nothing in it.
fn emptied(attr: &Attr) -> Attr {
    match attr {
        Attr::One(Val::Flag(_)) => Attr::One(Val::Flag(false)),
        Attr::One(_) => Attr::One(Val::Unset),
        Attr::Set(_) => Attr::Set(Vec::new()),
        Attr::Parts(_) => Attr::Parts(Vec::new()),
    }
}

fn diff_attr(name: &'static str, old: &Attr, new: &Attr) -> Vec<AttrChange> {
    let change = |delta| AttrChange {
        attribute: name,
        delta,
    };
    match (old, new) {
        (Attr::One(a), Attr::One(b)) => {
            let unset_or_empty = |v: &Val| v.is_empty() && !matches!(v, Val::Flag(_));
            if a == b || (unset_or_empty(a) && unset_or_empty(b)) {
                Vec::new()
            } else {
                vec![change(Delta::Value {
                    old: a.clone(),
                    new: b.clone(),
                })]
            }
        }
        (Attr::Set(a), Attr::Set(b)) => {
            let a: BTreeSet<&Val> = a.iter().collect();
            let b: BTreeSet<&Val> = b.iter().collect();
            let added: Vec<Val> = b.difference(&a).map(|v| (*v).clone()).collect();
            let removed: Vec<Val> = a.difference(&b).map(|v| (*v).clone()).collect();
            if added.is_empty() && removed.is_empty() {
                Vec::new()
            } else {
                vec![change(Delta::Set { added, removed })]
            }
        }
        (Attr::Parts(a), Attr::Parts(b)) => diff_parts(a, b)
            .into_iter()
            .map(|(_, delta)| change(delta))
            .collect(),
        // Attributes keep their shape; a mismatch cannot come from `facts`.
        _ => Vec::new(),
    }
}

fn diff_parts(old: &[Part], new: &[Part]) -> Vec<(String, Delta)> {
    let old_by: BTreeMap<String, &Part> = old.iter().map(|p| (p.key_string(), p)).collect();
    let new_by: BTreeMap<String, &Part> = new.iter().map(|p| (p.key_string(), p)).collect();
    let mut out = Vec::new();
    for (key, part) in &old_by {
        match new_by.get(key) {
            None => out.push((
                key.clone(),
                Delta::PartRemoved {
                    key: part.key.clone(),
                },
            )),
            Some(after) => {
                let changes = diff_attrs(&part.attrs, &after.attrs);
                if !changes.is_empty() {
                    out.push((
                        key.clone(),
                        Delta::PartChanged {
                            key: part.key.clone(),
                            changes,
                        },
                    ));
                }
            }
        }
    }
    for (key, part) in &new_by {
        if !old_by.contains_key(key) {
            out.push((
                key.clone(),
                Delta::PartAdded {
                    key: part.key.clone(),
                    summary: facts::endpoint_summary(part),
                },
            ));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn diff_layout(
    old: &BTreeMap<String, Position>,
    new: &BTreeMap<String, Position>,
) -> Vec<LayoutChange> {
    let ids: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    ids.into_iter()
        .filter_map(|id| {
            let (a, b) = (old.get(id).copied(), new.get(id).copied());
            (a != b).then(|| LayoutChange {
                id: id.clone(),
                old: a,
                new: b,
            })
        })
        .collect()
}
