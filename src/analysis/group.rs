//! Findings on API operations grouped by rule and flow, so that a flow with
//! two hundred operations reads as one line per threat, with a count, that
//! opens onto the operations.

use std::borrow::Cow;
use std::collections::HashMap;

use super::{Finding, Severity};
use crate::model::TriageStatus;

/// One rule's findings on the operations of one flow, or one finding that is
/// not about an operation. Members keep the order they were given in.
#[derive(Debug, Clone)]
pub struct Group<'a> {
    pub members: Vec<&'a Finding>,
    /// The members' positions in the list that was grouped.
    pub positions: Vec<usize>,
}

impl<'a> Group<'a> {
    /// The first member: its rule, title, target and severity are the group's.
    pub fn first(&self) -> &'a Finding {
        self.members[0]
    }

    /// The id a decision on the whole group is recorded under: `RULE@flow`
    /// for operations, the finding's own id otherwise.
    pub fn id(&self) -> Cow<'a, str> {
        self.first().group_id()
    }

    /// True for findings on API operations (even a group of one).
    pub fn is_operations(&self) -> bool {
        self.first().endpoint.is_some()
    }

    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The worst severity among the members.
    pub fn severity(&self) -> Severity {
        self.members
            .iter()
            .map(|f| f.severity)
            .max()
            .unwrap_or(Severity::Low)
    }

    /// How many members are open or in progress.
    pub fn open(&self) -> usize {
        self.members.iter().filter(|f| f.is_open()).count()
    }

    /// How many members need a decision (open without controls, or stale).
    pub fn undecided(&self) -> usize {
        self.members.iter().filter(|f| f.needs_decision()).count()
    }

    /// `14 operations`, `1 operation`.
    pub fn count_text(&self) -> String {
        operations(self.len())
    }

    /// The explanation lines every member gives: said once for the group.
    pub fn shared_explanation(&self) -> Vec<&'a str> {
        let first = &self.first().explanation;
        first
            .iter()
            .filter(|line| self.members.iter().all(|m| m.explanation.contains(line)))
            .map(String::as_str)
            .collect()
    }

    /// A member's explanation lines that are not [shared](Self::shared_explanation):
    /// what is particular to its operation.
    pub fn own_explanation(&self, member: &'a Finding) -> Vec<&'a str> {
        let shared = self.shared_explanation();
        member
            .explanation
            .iter()
            .map(String::as_str)
            .filter(|line| !shared.contains(line))
            .collect()
    }

    /// How the members stand, every status named: `12 open, 2 accepted`.
    pub fn status_summary(&self) -> String {
        TriageStatus::ALL
            .iter()
            .filter_map(|&status| {
                let n = self.members.iter().filter(|m| m.status == status).count();
                (n > 0).then(|| format!("{n} {}", super::status_str(status)))
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// `14 operations`, `1 operation`.
pub fn operations(n: usize) -> String {
    crate::text::count(n, "operation", "operations")
}

/// Groups findings on API operations by (rule, flow); every other finding
/// is a group of its own. Groups come in the order of their first member, so
/// findings already ordered worst first stay so.
pub fn group<'a>(findings: &[&'a Finding]) -> Vec<Group<'a>> {
    let mut groups: Vec<Group<'a>> = Vec::new();
    let mut index: HashMap<(&str, &str), usize> = HashMap::new();
    for (position, &f) in findings.iter().enumerate() {
        let at = if f.endpoint.is_some() {
            *index
                .entry((&*f.rule, f.target.as_str()))
                .or_insert(groups.len())
        } else {
            groups.len()
        };
        if at == groups.len() {
            groups.push(Group {
                members: Vec::new(),
                positions: Vec::new(),
            });
        }
        groups[at].members.push(f);
        groups[at].positions.push(position);
    }
    groups
}

/// The findings with each group's members brought together where its first
/// member stood, so that a list shows one group as one run of lines.
pub fn together<'a>(findings: &[&'a Finding]) -> Vec<&'a Finding> {
    group(findings)
        .into_iter()
        .flat_map(|g| g.members)
        .collect()
}

/// Where a finding stands in a list already brought [`together`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Not in a group of more than one.
    Alone,
    /// The first of a group of this many operations.
    Head(usize),
    /// A later member of the group above.
    Member,
}

/// The [`Place`] of every finding of a list brought [`together`].
pub fn places(findings: &[&Finding]) -> Vec<Place> {
    let mut out = vec![Place::Alone; findings.len()];
    for g in group(findings) {
        if g.len() < 2 {
            continue;
        }
        for (i, &p) in g.positions.iter().enumerate() {
            out[p] = if i == 0 {
                Place::Head(g.len())
            } else {
                Place::Member
            };
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;
    use crate::library::built_in;

    #[test]
    fn operations_of_one_rule_on_one_flow_form_one_group_in_order() {
        let loaded =
            crate::model::parse_str(include_str!("../../models/ecommerce.ron"), "ecommerce.ron")
                .expect("the example loads");
        let findings = analyze(&loaded.model, &built_in());
        let all: Vec<&Finding> = findings.items.iter().collect();
        let groups = group(&all);
        assert!(groups.len() < all.len(), "some operations share a group");
        // Every finding is in exactly one group, at its position.
        let mut seen: Vec<usize> = groups.iter().flat_map(|g| g.positions.clone()).collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..all.len()).collect::<Vec<_>>());
        for g in &groups {
            for (f, &p) in g.members.iter().zip(&g.positions) {
                assert!(std::ptr::eq(*f, all[p]));
                assert_eq!(f.group_id(), g.id(), "{}", f.id);
            }
            if !g.is_operations() {
                assert_eq!(g.len(), 1, "a finding on a whole target stands alone");
            }
        }
        // Groups come worst first, as their findings did.
        let severities: Vec<Severity> = groups.iter().map(|g| g.first().severity).collect();
        assert!(severities.windows(2).all(|w| w[0] >= w[1]));
        let big = groups
            .iter()
            .find(|g| g.len() > 1)
            .expect("a rule fires on several operations of one flow");
        assert_eq!(big.count_text(), format!("{} operations", big.len()));
        // The status summary names every member once.
        let counted: usize = big
            .status_summary()
            .split(", ")
            .map(|part| part.split(' ').next().unwrap().parse::<usize>().unwrap())
            .sum();
        assert_eq!(counted, big.len(), "{}", big.status_summary());
        // What every operation gives is said once; the rest is each one's own.
        for m in &big.members {
            let own = big.own_explanation(m);
            assert!(
                !own.is_empty(),
                "an operation's finding names its operation"
            );
            assert_eq!(
                own.len() + big.shared_explanation().len(),
                m.explanation.len()
            );
        }
        assert_eq!(operations(1), "1 operation");

        // Open findings first (as the workbench lists them) splits groups;
        // brought together, each group is one run headed by its first member.
        let mut open_first = all.clone();
        open_first.sort_by_key(|f| !f.is_open());
        let listed = together(&open_first);
        assert_eq!(listed.len(), all.len());
        let at = places(&listed);
        for (i, f) in listed.iter().enumerate() {
            match at[i] {
                Place::Head(n) => {
                    assert!(n > 1);
                    assert!(
                        listed[i..i + n]
                            .iter()
                            .all(|m| m.group_id() == f.group_id())
                    );
                    assert!(at[i + 1..i + n].iter().all(|p| *p == Place::Member));
                }
                Place::Member => assert_eq!(f.group_id(), listed[i - 1].group_id()),
                Place::Alone => {}
            }
        }
        assert!(at.iter().any(|p| matches!(p, Place::Head(_))));
    }
}
