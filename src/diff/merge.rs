//! A three-way merge of models by id, for git's merge driver: two branches
//! that add, change or remove different items merge cleanly even when their
//! items sit next to each other in the file, which a line-based merge cannot do.

use std::collections::BTreeMap;

use crate::model::Model;

/// The merged model and the items both sides changed differently.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub model: Model,
    /// `section id` of each conflict; ours was kept for each.
    pub conflicts: Vec<String>,
}

/// Merges `ours` and `theirs`, both descended from `base`: a change made on
/// one side only is taken; the same change on both sides is taken once; an
/// item both sides changed differently keeps our version and is reported.
pub fn merge_models(base: &Model, ours: &Model, theirs: &Model) -> Merged {
    let mut conflicts = Vec::new();
    let mut model = ours.clone();
    macro_rules! field {
        ($name:ident) => {
            model.$name = pick(
                stringify!($name),
                "",
                Some(&base.$name),
                Some(&ours.$name),
                Some(&theirs.$name),
                &mut conflicts,
            )
            .cloned()
            .unwrap_or_default();
        };
    }
    field!(name);
    field!(description);
    field!(version);
    field!(owners);
    field!(scope);
    field!(disabled_rules);
    model.boundaries = merge_list(
        "boundary",
        &base.boundaries,
        &ours.boundaries,
        &theirs.boundaries,
        |b| &b.id,
        &mut conflicts,
    );
    model.data = merge_list(
        "data",
        &base.data,
        &ours.data,
        &theirs.data,
        |d| &d.id,
        &mut conflicts,
    );
    model.elements = merge_list(
        "element",
        &base.elements,
        &ours.elements,
        &theirs.elements,
        |e| &e.id,
        &mut conflicts,
    );
    model.flows = merge_list(
        "flow",
        &base.flows,
        &ours.flows,
        &theirs.flows,
        |f| &f.id,
        &mut conflicts,
    );
    model.triage = merge_list(
        "triage",
        &base.triage,
        &ours.triage,
        &theirs.triage,
        |t| &t.finding,
        &mut conflicts,
    );
    let keys: std::collections::BTreeSet<&String> = base
        .layout
        .keys()
        .chain(ours.layout.keys())
        .chain(theirs.layout.keys())
        .collect();
    model.layout = keys
        .into_iter()
        .filter_map(|k| {
            pick(
                "layout",
                k,
                base.layout.get(k),
                ours.layout.get(k),
                theirs.layout.get(k),
                &mut conflicts,
            )
            .map(|p| (k.clone(), *p))
        })
        .collect();
    crate::model::save::canonicalize(&mut model);
    Merged { model, conflicts }
}

fn merge_list<T: Clone + PartialEq>(
    section: &str,
    base: &[T],
    ours: &[T],
    theirs: &[T],
    id: impl Fn(&T) -> &String,
    conflicts: &mut Vec<String>,
) -> Vec<T> {
    let index = |items: &'_ [T]| -> BTreeMap<String, usize> {
        items
            .iter()
            .enumerate()
            .map(|(i, t)| (id(t).clone(), i))
            .collect()
    };
    let (b, o, t) = (index(base), index(ours), index(theirs));
    let keys: std::collections::BTreeSet<&String> =
        b.keys().chain(o.keys()).chain(t.keys()).collect();
    keys.into_iter()
        .filter_map(|k| {
            pick(
                section,
                k,
                b.get(k).map(|&i| &base[i]),
                o.get(k).map(|&i| &ours[i]),
                t.get(k).map(|&i| &theirs[i]),
                conflicts,
            )
            .cloned()
        })
        .collect()
}

/// The three-way rule for one item (`None`: absent on that side).
fn pick<'a, T: PartialEq>(
    section: &str,
    id: &str,
    base: Option<&'a T>,
    ours: Option<&'a T>,
    theirs: Option<&'a T>,
    conflicts: &mut Vec<String>,
) -> Option<&'a T> {
    if ours == theirs || base == theirs {
        ours
    } else if base == ours {
        theirs
    } else {
        conflicts.push(if id.is_empty() {
            section.to_string()
        } else {
            format!("{section} `{id}`")
        });
        ours
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Encryption, starter::starter_model};

    fn flow_copy(model: &Model, from: &str, id: &str) -> crate::model::Flow {
        let mut f = model.flow(from).cloned().expect("flow exists");
        f.id = id.to_string();
        f
    }

    #[test]
    fn neighbouring_additions_and_separate_changes_both_land() {
        let base = starter_model();
        let mut ours = base.clone();
        let mut theirs = base.clone();
        ours.flows
            .push(flow_copy(&base, "orders-psp", "orders-psp-2"));
        theirs
            .flows
            .push(flow_copy(&base, "orders-psp", "orders-psp-3"));
        if let Some(f) = theirs.flow_mut("gateway-orders") {
            f.encryption = Encryption::Tls;
        }
        ours.name = "Renamed".into();
        let merged = merge_models(&base, &ours, &theirs);
        assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
        assert!(
            merged.model.flow("orders-psp-2").is_some()
                && merged.model.flow("orders-psp-3").is_some()
        );
        assert_eq!(
            merged.model.flow("gateway-orders").map(|f| f.encryption),
            Some(Encryption::Tls)
        );
        assert_eq!(merged.model.name, "Renamed");
    }

    #[test]
    fn deletions_apply_and_clashing_changes_are_reported() {
        let base = starter_model();
        let mut ours = base.clone();
        let mut theirs = base.clone();
        theirs.flows.retain(|f| f.id != "orders-audit");
        if let Some(f) = ours.flow_mut("gateway-orders") {
            f.label = "ours".into();
        }
        if let Some(f) = theirs.flow_mut("gateway-orders") {
            f.label = "theirs".into();
        }
        let merged = merge_models(&base, &ours, &theirs);
        assert!(merged.model.flow("orders-audit").is_none());
        assert_eq!(merged.conflicts, ["flow `gateway-orders`"]);
        assert_eq!(
            merged
                .model
                .flow("gateway-orders")
                .map(|f| f.label.as_str()),
            Some("ours")
        );
    }
}
