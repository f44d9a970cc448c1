//! Re-analysis after an edit: only the targets near what changed are checked
//! again; every other finding is carried over. The workbench re-analyzes on
//! every keystroke that edits, so this keeps a large model responsive.

use std::collections::{HashMap, HashSet, VecDeque};

use super::{Context, Findings, Subject, analyze_on, analyze_subjects};
use crate::library::{Condition, Library};
use crate::model::Model;

/// The findings of `new`, given the findings `old_findings` of `old`. The
/// result is the same as `analyze(new, library)`; the work is proportional
/// to the neighbourhood of the edit. Changes to boundaries, data assets,
/// disabled rules or triage records re-analyze the whole model.
pub fn reanalyze(old: &Model, old_findings: &Findings, new: &Model, library: &Library) -> Findings {
    reanalyze_on(old, old_findings, new, library, None)
}

/// [`reanalyze`] for findings made with [`super::analyze_on`] on `today`.
pub fn reanalyze_on(
    old: &Model,
    old_findings: &Findings,
    new: &Model,
    library: &Library,
    today: Option<&str>,
) -> Findings {
    let global_change = old.boundaries != new.boundaries
        || old.data != new.data
        || old.disabled_rules != new.disabled_rules
        || old.triage != new.triage
        || old.threats != new.threats;
    if global_change {
        return analyze_on(new, library, today);
    }
    let changed = changed_ids(old, new);
    if changed.is_empty() {
        return old_findings.clone();
    }
    let radius = 2 * hop_depth(library) + 2;
    let mut affected = neighbourhood(new, &changed, radius);
    // Ends of changed flows as they were: a removed or re-pointed flow
    // changes the facts of the elements it used to join.
    let old_ends: Vec<String> = old
        .flows
        .iter()
        .filter(|f| changed.contains(f.id.as_str()))
        .flat_map(|f| [f.source.clone(), f.target.clone()])
        .collect();
    let old_ends: HashSet<&str> = old_ends.iter().map(String::as_str).collect();
    affected.extend(neighbourhood(new, &old_ends, radius));
    for id in &changed {
        affected.insert(id.to_string());
    }

    let ctx = Context::new(new);
    let subjects: Vec<Subject> = affected
        .iter()
        .filter_map(|id| {
            ctx.index
                .element_index(id)
                .map(Subject::Element)
                .or_else(|| ctx.index.flow_index(id).map(Subject::Flow))
        })
        .collect();
    let mut items: Vec<_> = old_findings
        .items
        .iter()
        .filter(|f| !affected.contains(&f.target))
        .cloned()
        .collect();
    items.extend(analyze_subjects(&ctx, library, &subjects, today));
    super::sort_findings(&mut items);
    Findings { items }
}

/// Ids of the elements and flows that differ between the two models
/// (added, removed or changed).
fn changed_ids<'a>(old: &'a Model, new: &'a Model) -> HashSet<&'a str> {
    let mut changed = HashSet::new();
    let old_elements: HashMap<&str, _> = old.elements.iter().map(|e| (e.id.as_str(), e)).collect();
    let new_elements: HashMap<&str, _> = new.elements.iter().map(|e| (e.id.as_str(), e)).collect();
    for (id, e) in &new_elements {
        if old_elements.get(id) != Some(e) {
            changed.insert(*id);
        }
    }
    changed.extend(
        old_elements
            .keys()
            .filter(|id| !new_elements.contains_key(*id)),
    );
    let old_flows: HashMap<&str, _> = old.flows.iter().map(|f| (f.id.as_str(), f)).collect();
    let new_flows: HashMap<&str, _> = new.flows.iter().map(|f| (f.id.as_str(), f)).collect();
    for (id, f) in &new_flows {
        if old_flows.get(id) != Some(f) {
            changed.insert(*id);
        }
    }
    changed.extend(old_flows.keys().filter(|id| !new_flows.contains_key(*id)));
    changed
}

/// Everything within `radius` steps of `start` in the graph whose nodes are
/// elements and flows, a flow being next to its source and target.
fn neighbourhood(model: &Model, start: &HashSet<&str>, radius: usize) -> HashSet<String> {
    let mut next: HashMap<&str, Vec<&str>> = HashMap::new();
    for f in &model.flows {
        for end in [f.source.as_str(), f.target.as_str()] {
            next.entry(f.id.as_str()).or_default().push(end);
            next.entry(end).or_default().push(f.id.as_str());
        }
    }
    let mut seen: HashSet<&str> = start.iter().copied().collect();
    let mut queue: VecDeque<(&str, usize)> = start.iter().map(|id| (*id, 0)).collect();
    while let Some((id, d)) = queue.pop_front() {
        if d == radius {
            continue;
        }
        for &n in next.get(id).into_iter().flatten() {
            if seen.insert(n) {
                queue.push_back((n, d + 1));
            }
        }
    }
    seen.into_iter().map(str::to_string).collect()
}

/// How many element–flow steps a rule's condition can look across.
fn hop_depth(library: &Library) -> usize {
    fn depth(c: &Condition) -> usize {
        match c {
            Condition::All(cs) | Condition::Any(cs) => cs.iter().map(depth).max().unwrap_or(0),
            Condition::Not(c) => depth(c),
            Condition::Source(c)
            | Condition::Target(c)
            | Condition::Inbound(c)
            | Condition::Outbound(c) => 1 + depth(c),
            _ => 0,
        }
    }
    library
        .rules()
        .iter()
        .map(|r| depth(&r.when))
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;
    use crate::library::built_in;
    use crate::model::{Control, Encryption, edit::apply_control};

    fn example() -> Model {
        crate::model::parse_str(include_str!("../../models/ecommerce.ron"), "ecommerce.ron")
            .expect("example loads")
            .model
    }

    type Edit = Box<dyn Fn(&mut Model)>;

    /// Every kind of local edit gives exactly what a full analysis gives.
    #[test]
    fn matches_a_full_analysis_after_each_kind_of_edit() {
        let library = built_in();
        let base = example();
        let base_findings = analyze(&base, &library);
        let edits: Vec<Edit> = vec![
            Box::new(|m| {
                let id = m.flows[3].id.clone();
                if let Some(f) = m.flow_mut(&id) {
                    f.encryption = Encryption::None;
                }
            }),
            Box::new(|m| {
                let id = m.elements[5].id.clone();
                apply_control(m, &id, &Control::RateLimiting);
            }),
            Box::new(|m| {
                m.flows.remove(0);
            }),
            Box::new(|m| {
                let id = m.elements[2].id.clone();
                m.elements.retain(|e| e.id != id);
                m.flows.retain(|f| f.source != id && f.target != id);
            }),
            Box::new(|m| {
                let mut f = m.flows[1].clone();
                f.id = "new-flow".into();
                f.target = m.elements[0].id.clone();
                m.flows.push(f);
            }),
            Box::new(|m| {
                let id = m.flows[7].id.clone();
                if let Some(f) = m.flow_mut(&id) {
                    f.source = "idp".into();
                }
            }),
            Box::new(|m| m.name = "renamed model".into()),
        ];
        for (i, edit) in edits.iter().enumerate() {
            let mut edited = base.clone();
            edit(&mut edited);
            let full = analyze(&edited, &library);
            let quick = reanalyze(&base, &base_findings, &edited, &library);
            assert_eq!(quick, full, "edit {i}");
        }
    }

    #[test]
    fn matches_a_full_analysis_for_an_edit_anywhere() {
        let library = built_in();
        let base = example();
        let base_findings = analyze(&base, &library);
        for i in 0..base.flows.len() {
            let mut edited = base.clone();
            let f = &mut edited.flows[i];
            f.encryption = if f.encryption == Encryption::None {
                Encryption::Tls
            } else {
                Encryption::None
            };
            f.endpoints.clear();
            let quick = reanalyze(&base, &base_findings, &edited, &library);
            assert_eq!(
                quick,
                analyze(&edited, &library),
                "flow {}",
                base.flows[i].id
            );
        }
        for i in 0..base.elements.len() {
            let mut edited = base.clone();
            edited.elements[i].in_scope = !edited.elements[i].in_scope;
            edited.elements[i].controls.clear();
            let quick = reanalyze(&base, &base_findings, &edited, &library);
            assert_eq!(
                quick,
                analyze(&edited, &library),
                "element {}",
                base.elements[i].id
            );
        }
    }
}
