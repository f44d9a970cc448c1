//! Re-importing a changed file from another tool into a model the team has
//! worked on: what is new in the source is added, and everything already in
//! the model (names, attributes, controls, threats, decisions, positions) is
//! left as the team has it.

use std::collections::BTreeSet;
use std::fmt;

use crate::model::Model;

/// The merged model and what the merge added.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemMerge {
    pub model: Model,
    /// `kind `id`` of every item added.
    pub added: Vec<String>,
    /// Items of the model the source no longer has: kept, listed for people.
    pub not_in_source: Vec<String>,
}

impl ItemMerge {
    pub fn changed(&self) -> bool {
        !self.added.is_empty()
    }
}

impl fmt::Display for ItemMerge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.added.is_empty() {
            writeln!(
                f,
                "no change: the model already holds every item of the source"
            )?;
        } else {
            writeln!(f, "added ({}):", self.added.len())?;
            for a in &self.added {
                writeln!(f, "  - {a}")?;
            }
        }
        if !self.not_in_source.is_empty() {
            writeln!(
                f,
                "in the model but not in the source (kept; remove them by hand if they are gone) ({}):",
                self.not_in_source.len()
            )?;
            for a in &self.not_in_source {
                writeln!(f, "  - {a}")?;
            }
        }
        Ok(())
    }
}

/// Adds to `existing` the boundaries, data assets, elements, flows and
/// threats of `imported` whose ids it does not have, with their positions
/// and the decisions on the added threats. Merging the same import twice
/// changes nothing the second time.
pub fn merge_items(existing: &Model, imported: &Model) -> ItemMerge {
    let mut model = existing.clone();
    let mut added = Vec::new();
    macro_rules! add_new {
        ($field:ident, $kind:literal) => {{
            let have: BTreeSet<String> = model.$field.iter().map(|x| x.id.clone()).collect();
            for item in &imported.$field {
                if !have.contains(&item.id) {
                    added.push(format!("{} `{}`", $kind, item.id));
                    model.$field.push(item.clone());
                }
            }
        }};
    }
    add_new!(boundaries, "boundary");
    add_new!(data, "data asset");
    add_new!(elements, "element");
    add_new!(flows, "flow");
    add_new!(threats, "threat");
    let added_elements: BTreeSet<&str> = imported
        .elements
        .iter()
        .filter(|e| !existing.elements.iter().any(|x| x.id == e.id))
        .map(|e| e.id.as_str())
        .collect();
    for (id, position) in &imported.layout {
        if added_elements.contains(id.as_str()) && !model.layout.contains_key(id) {
            model.layout.insert(id.clone(), *position);
        }
    }
    let decided: BTreeSet<String> = model.triage.iter().map(|t| t.finding.clone()).collect();
    let added_threats: BTreeSet<String> = imported
        .threats
        .iter()
        .filter(|t| !existing.threats.iter().any(|x| x.id == t.id))
        .map(|t| t.finding_id())
        .collect();
    for record in &imported.triage {
        if added_threats.contains(&record.finding) && !decided.contains(&record.finding) {
            model.triage.push(record.clone());
        }
    }
    let mut not_in_source = Vec::new();
    macro_rules! gone {
        ($field:ident, $kind:literal) => {{
            let there: BTreeSet<&str> = imported.$field.iter().map(|x| x.id.as_str()).collect();
            for item in &existing.$field {
                if !there.contains(item.id.as_str()) {
                    not_in_source.push(format!("{} `{}`", $kind, item.id));
                }
            }
        }};
    }
    gone!(elements, "element");
    gone!(flows, "flow");
    gone!(boundaries, "boundary");
    crate::model::save::canonicalize(&mut model);
    ItemMerge {
        model,
        added,
        not_in_source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Element, ElementKind, Process, Threat};

    fn element(id: &str, name: &str) -> Element {
        Element::new(id, name, ElementKind::Process(Process::default()))
    }

    #[test]
    fn new_items_are_added_and_the_teams_edits_are_kept() {
        let mut existing = Model::default();
        existing
            .elements
            .push(element("api", "API renamed by the team"));
        existing
            .threats
            .push(Threat::new("t1", "Team's own", "api"));
        let mut imported = Model::default();
        imported.elements.push(element("api", "API"));
        imported.elements.push(element("db", "DB"));
        imported
            .threats
            .push(Threat::new("t2", "From the tool", "db"));
        let merged = merge_items(&existing, &imported);
        assert_eq!(merged.added, ["element `db`", "threat `t2`"]);
        assert_eq!(merged.model.elements[0].name, "API renamed by the team");
        assert_eq!(merged.model.threats.len(), 2);
        let again = merge_items(&merged.model, &imported);
        assert!(!again.changed());
        assert_eq!(again.model, merged.model);
    }
}
