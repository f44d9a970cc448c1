//! Refreshing a hand-edited model with a new import of its OpenAPI document.
//!
//! The model is the team's: names, attributes, controls, triage, layout,
//! notes and extra items are never changed. The merge only adds what is new
//! in the document, and marks (never deletes) operations the document no
//! longer has, with the endpoint tag [`NOT_IN_OPENAPI`], so that the mark
//! itself is part of the model and a second merge finds nothing to do.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::model::ids::{IdAllocator, all_ids};
use crate::model::{Element, ElementKind, Endpoint, Flow, Method, Model};

/// Endpoint tag on operations that are in the model but no longer in the document.
pub const NOT_IN_OPENAPI: &str = "not-in-openapi";

/// One operation on one flow.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct OperationRef {
    pub flow: String,
    pub method: Method,
    pub path: String,
}

impl fmt::Display for OperationRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} (flow `{}`)",
            self.method.as_str(),
            self.path,
            self.flow
        )
    }
}

/// The merged model and what the merge did.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeOutcome {
    pub model: Model,
    /// Operations new in the document, added to the model.
    pub added: Vec<OperationRef>,
    /// Operations gone from the document: kept, and tagged `not-in-openapi` now.
    pub removed: Vec<OperationRef>,
    /// Operations already tagged `not-in-openapi` and still not in the document.
    pub still_removed: Vec<OperationRef>,
    /// Tagged operations that are back in the document: the tag was removed.
    pub restored: Vec<OperationRef>,
    /// Flows, elements, boundaries and data assets added with new flows.
    pub added_items: Vec<String>,
    /// Operations whose facts read from the document (writable and
    /// sensitive fields, missing bounds, weak credentials, URL inputs, newer
    /// versions, declared rate limits) changed and were brought up to date.
    pub refreshed: Vec<String>,
    /// Where the document now suggests more than the model says; for people to
    /// judge, never applied (the model may say less on purpose).
    pub notes: Vec<String>,
}

impl MergeOutcome {
    /// True when the merged model differs from the existing one.
    pub fn changed(&self) -> bool {
        !(self.added.is_empty()
            && self.removed.is_empty()
            && self.restored.is_empty()
            && self.refreshed.is_empty()
            && self.added_items.is_empty())
    }
}

impl fmt::Display for MergeOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.changed() {
            writeln!(
                f,
                "no change: the model already holds every operation of the document"
            )?;
        }
        let sections: [(&str, Vec<String>); 7] = [
            (
                "added",
                self.added.iter().map(ToString::to_string).collect(),
            ),
            (
                "removed from the document (kept, tagged `not-in-openapi`)",
                self.removed.iter().map(ToString::to_string).collect(),
            ),
            (
                "still not in the document",
                self.still_removed.iter().map(ToString::to_string).collect(),
            ),
            (
                "back in the document",
                self.restored.iter().map(ToString::to_string).collect(),
            ),
            ("refreshed from the document", self.refreshed.clone()),
            ("new items", self.added_items.clone()),
            ("to review", self.notes.clone()),
        ];
        for (title, items) in sections {
            if !items.is_empty() {
                writeln!(f, "{title}:")?;
                for item in items {
                    writeln!(f, "  {item}")?;
                }
            }
        }
        Ok(())
    }
}

/// The identity of an operation: method and path without the query ids the
/// importer appends, so a new id parameter does not look like a new operation.
fn key(e: &Endpoint) -> (Method, &str) {
    (e.method, e.path.split('?').next().unwrap_or(&e.path))
}

/// Merges a fresh import into the team's model. Idempotent: merging the same
/// import into the result changes nothing.
pub fn merge_openapi(existing: &Model, imported: &Model) -> MergeOutcome {
    let mut out = MergeOutcome {
        model: existing.clone(),
        added: Vec::new(),
        removed: Vec::new(),
        still_removed: Vec::new(),
        restored: Vec::new(),
        added_items: Vec::new(),
        refreshed: Vec::new(),
        notes: Vec::new(),
    };
    let targets = map_flows(existing, imported);
    let mapped: BTreeSet<&str> = targets.values().filter_map(|t| t.as_deref()).collect();
    // Operations the team moved onto flows of its own still count as present.
    let elsewhere: BTreeSet<(Method, String)> = existing
        .flows
        .iter()
        .filter(|f| !mapped.contains(f.id.as_str()))
        .flat_map(|f| f.endpoints.iter().map(|e| (key(e).0, key(e).1.to_string())))
        .collect();

    let mut wanted: BTreeMap<String, BTreeSet<(Method, String)>> = BTreeMap::new();
    for flow in &imported.flows {
        match targets.get(&flow.id).cloned().flatten() {
            Some(target) => {
                let keys = wanted.entry(target.clone()).or_default();
                keys.extend(
                    flow.endpoints
                        .iter()
                        .map(|e| (key(e).0, key(e).1.to_string())),
                );
                refresh_flow(&mut out, &target, flow, &elsewhere);
            }
            None => add_flow(&mut out, imported, flow),
        }
    }
    for (target, keys) in &wanted {
        mark_missing(&mut out, target, keys);
    }
    note_new_data(&mut out, imported);
    crate::model::save::canonicalize(&mut out.model);
    out.added.sort();
    out.removed.sort();
    out.still_removed.sort();
    out.restored.sort();
    out
}

/// Each imported flow's flow in the existing model: the one with its id, else
/// the one that already carries most of its operations (from the same caller
/// on a tie), else none (a new flow). Each existing flow stands for at most one
/// imported flow, so a server split off later gets a flow of its own.
fn map_flows(existing: &Model, imported: &Model) -> BTreeMap<String, Option<String>> {
    let mut out: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut claimed: BTreeSet<&str> = BTreeSet::new();
    for flow in &imported.flows {
        if let Some(same) = existing.flows.iter().find(|f| f.id == flow.id) {
            claimed.insert(same.id.as_str());
            out.insert(flow.id.clone(), Some(same.id.clone()));
        }
    }
    let mut candidates = Vec::new();
    for flow in imported.flows.iter().filter(|f| !out.contains_key(&f.id)) {
        let keys: BTreeSet<_> = flow.endpoints.iter().map(key).collect();
        for old in existing
            .flows
            .iter()
            .filter(|f| !claimed.contains(f.id.as_str()))
        {
            let shared = old
                .endpoints
                .iter()
                .filter(|e| keys.contains(&key(e)))
                .count();
            if shared > 0 {
                let score = (shared, old.source == flow.source);
                candidates.push((score, flow.id.as_str(), old.id.as_str()));
            }
        }
    }
    // Best matches first; ids break ties so the result never depends on order.
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| (a.1, a.2).cmp(&(b.1, b.2))));
    for (_, new, old) in candidates {
        if !out.contains_key(new) && claimed.insert(old) {
            out.insert(new.to_string(), Some(old.to_string()));
        }
    }
    for flow in &imported.flows {
        out.entry(flow.id.clone()).or_insert(None);
    }
    out
}

fn refresh_flow(
    out: &mut MergeOutcome,
    target: &str,
    imported: &Flow,
    elsewhere: &BTreeSet<(Method, String)>,
) {
    let Some(flow) = out.model.flows.iter_mut().find(|f| f.id == target) else {
        return;
    };
    for new in &imported.endpoints {
        let at = OperationRef {
            flow: target.to_string(),
            method: new.method,
            path: new.path.clone(),
        };
        if let Some(old) = flow.endpoints.iter_mut().find(|e| key(e) == key(new)) {
            if old.tags.iter().any(|t| t == NOT_IN_OPENAPI) {
                old.tags.retain(|t| t != NOT_IN_OPENAPI);
                out.restored.push(at);
            }
            out.notes.extend(differences(old, new, target));
            if old.described {
                out.refreshed.extend(refresh_evidence(old, new, target));
            }
        } else if !elsewhere.contains(&(new.method, key(new).1.to_string())) {
            flow.endpoints.push(new.clone());
            out.added.push(at);
        }
    }
}

/// Brings the facts an import read from the document (`described`
/// operations: the fields the team does not write by hand) up to date with
/// the document, saying which changed. The team's flags, controls and
/// authentication are left alone; [`differences`] only suggests those.
fn refresh_evidence(old: &mut Endpoint, new: &Endpoint, flow: &str) -> Vec<String> {
    let name = format!("{} {} (flow `{flow}`)", new.method.as_str(), old.path);
    let mut changed = Vec::new();
    macro_rules! refresh {
        ($($field:ident),*) => {$(
            if old.$field != new.$field {
                old.$field = new.$field.clone();
                changed.push(stringify!($field));
            }
        )*};
    }
    refresh!(
        privileged_fields,
        sensitive_fields,
        unbounded,
        weak_authentication,
        url_inputs,
        superseded_by,
        rate_limited
    );
    if changed.is_empty() {
        return Vec::new();
    }
    vec![format!("{name}: {}", changed.join(", "))]
}

/// Signals the document now suggests that the model's endpoint lacks.
fn differences(old: &Endpoint, new: &Endpoint, flow: &str) -> Vec<String> {
    let signals = [
        ("admin", new.admin && !old.admin),
        ("sensitive_flow", new.sensitive_flow && !old.sensitive_flow),
        ("takes_url", new.takes_url && !old.takes_url),
        ("returns_list", new.returns_list && !old.returns_list),
        ("deprecated", new.deprecated && !old.deprecated),
        ("login", new.login && !old.login),
        (
            "binds_properties",
            new.binds_properties && !old.binds_properties,
        ),
        ("hidden", new.hidden && !old.hidden),
        ("takes_xml", new.takes_xml && !old.takes_xml),
    ];
    let name = format!("{} {} (flow `{flow}`)", new.method.as_str(), old.path);
    let mut notes: Vec<String> = signals
        .iter()
        .filter(|(_, differs)| *differs)
        .map(|(signal, _)| format!("{name}: the document suggests `{signal}: true`"))
        .collect();
    if new.path != old.path {
        notes.push(format!("{name}: the document's path is now `{}`", new.path));
    }
    if new.authentication != old.authentication {
        let list = |a: &[crate::model::Authentication]| {
            if a.is_empty() {
                "the flow's".to_string()
            } else {
                a.iter()
                    .map(|x| format!("{x:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        notes.push(format!(
            "{name}: the document's authentication is {}, the model's {}",
            list(&new.authentication),
            list(&old.authentication)
        ));
    }
    notes
}

fn mark_missing(out: &mut MergeOutcome, target: &str, keys: &BTreeSet<(Method, String)>) {
    let Some(flow) = out.model.flows.iter_mut().find(|f| f.id == target) else {
        return;
    };
    for endpoint in &mut flow.endpoints {
        if keys.contains(&(key(endpoint).0, key(endpoint).1.to_string())) {
            continue;
        }
        let at = OperationRef {
            flow: target.to_string(),
            method: endpoint.method,
            path: endpoint.path.clone(),
        };
        if endpoint.tags.iter().any(|t| t == NOT_IN_OPENAPI) {
            out.still_removed.push(at);
        } else {
            endpoint.tags.push(NOT_IN_OPENAPI.to_string());
            endpoint.tags.sort();
            out.removed.push(at);
        }
    }
}

/// Adds a flow the model has nothing like, with the elements, boundaries and
/// data assets it needs that the model lacks.
fn add_flow(out: &mut MergeOutcome, imported: &Model, flow: &Flow) {
    let mut ids = IdAllocator::with_taken(all_ids(&out.model).iter().map(String::as_str));
    let mut flow = flow.clone();
    if out.model.flows.iter().any(|f| f.id == flow.id) || all_ids(&out.model).contains(&flow.id) {
        flow.id = ids.allocate(&flow.id);
    }
    for end in [&flow.source, &flow.target] {
        if out.model.elements.iter().any(|e| &e.id == end) {
            continue;
        }
        if let Some(element) = imported.elements.iter().find(|e| &e.id == end) {
            add_element(out, imported, element.clone());
        }
    }
    for data in &flow.data {
        add_data(out, imported, data);
    }
    for e in &flow.endpoints {
        out.added.push(OperationRef {
            flow: flow.id.clone(),
            method: e.method,
            path: e.path.clone(),
        });
    }
    out.added_items.push(format!("flow `{}`", flow.id));
    out.model.flows.push(flow);
}

fn add_element(out: &mut MergeOutcome, imported: &Model, element: Element) {
    if let Some(b) = &element.boundary {
        if !out.model.boundaries.iter().any(|x| &x.id == b) {
            if let Some(boundary) = imported.boundaries.iter().find(|x| &x.id == b) {
                out.added_items.push(format!("boundary `{b}`"));
                out.model.boundaries.push(boundary.clone());
            }
        }
    }
    if let ElementKind::Process(p) = &element.kind {
        for d in &p.handles {
            add_data(out, imported, d);
        }
    }
    out.added_items.push(format!("element `{}`", element.id));
    out.model.elements.push(element);
}

fn add_data(out: &mut MergeOutcome, imported: &Model, id: &str) {
    if out.model.data.iter().any(|d| d.id == id) {
        return;
    }
    if let Some(asset) = imported.data.iter().find(|d| d.id == id) {
        out.added_items.push(format!("data asset `{id}`"));
        out.model.data.push(asset.clone());
    }
}

fn note_new_data(out: &mut MergeOutcome, imported: &Model) {
    for asset in &imported.data {
        if !out.model.data.iter().any(|d| d.id == asset.id) {
            out.notes.push(format!(
                "data asset `{}` ({}): {}",
                asset.id, asset.name, asset.description
            ));
        }
    }
}
