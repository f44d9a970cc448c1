//! The threat half of a diff: findings introduced, resolved and changed.

use std::collections::BTreeMap;

use serde::{Serialize, Serializer};

use crate::analysis::{
    EndpointRef, Finding, Findings, Severity, StatusSource, TargetKind, status_str,
};
use crate::model::TriageStatus;

/// How the findings of two versions of a model differ, each list worst first.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ThreatDiff {
    /// Findings the new version has and the old did not.
    pub introduced: Vec<FindingChange>,
    /// Findings that are gone, or were open and no longer are.
    pub resolved: Vec<FindingChange>,
    /// Findings whose severity or status changed otherwise (reopened, raised…).
    pub changed: Vec<FindingChange>,
}

/// One finding and how it moved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FindingChange {
    pub id: String,
    pub rule: String,
    pub title: String,
    pub target: String,
    pub target_kind: TargetKind,
    /// The API operation, for a finding on one operation of a flow.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<EndpointRef>,
    /// Absent for an introduced finding.
    pub old: Option<FindingState>,
    /// Absent for a finding that is gone.
    pub new: Option<FindingState>,
    /// Why, in words.
    pub why: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FindingState {
    pub severity: Severity,
    #[serde(serialize_with = "status_name")]
    pub status: TriageStatus,
    pub status_source: StatusSource,
}

fn status_name<S: Serializer>(v: &TriageStatus, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(status_str(*v))
}

impl FindingState {
    fn of(f: &Finding) -> Self {
        Self {
            severity: f.severity,
            status: f.status,
            status_source: f.status_source,
        }
    }

    pub fn is_open(&self) -> bool {
        matches!(self.status, TriageStatus::Open | TriageStatus::InProgress)
    }
}

impl FindingChange {
    /// `flow `orders-api`` or, for one operation, `flow `orders-api` · GET /orders/{id}`,
    /// with the ids written by `quote`.
    pub fn place(&self, quote: impl Fn(&str) -> String) -> String {
        let mut place = format!("{} {}", self.target_kind.as_str(), quote(&self.target));
        if let Some(e) = &self.endpoint {
            place.push_str(" · ");
            place.push_str(&quote(&e.key()));
        }
        place
    }

    /// The severity now, or the last one known for a finding that is gone.
    pub fn severity(&self) -> Severity {
        self.new.or(self.old).map_or(Severity::Low, |s| s.severity)
    }

    /// Open in the new version at or above `threshold`, and not already so before.
    pub fn newly_over(&self, threshold: Severity) -> bool {
        let over =
            |s: &Option<FindingState>| s.is_some_and(|s| s.is_open() && s.severity >= threshold);
        over(&self.new) && !over(&self.old)
    }
}

impl ThreatDiff {
    pub fn is_empty(&self) -> bool {
        self.introduced.is_empty() && self.resolved.is_empty() && self.changed.is_empty()
    }

    /// The changes that bring an open finding at or above `threshold`: new
    /// ones, reopened ones, and ones whose severity rose over it.
    pub fn failing(&self, threshold: Severity) -> Vec<&FindingChange> {
        self.introduced
            .iter()
            .chain(&self.changed)
            .filter(|c| c.newly_over(threshold))
            .collect()
    }

    /// Introduced findings that are open.
    pub fn introduced_open(&self) -> impl Iterator<Item = &FindingChange> {
        self.introduced
            .iter()
            .filter(|c| c.new.is_some_and(|s| s.is_open()))
    }
}

/// Compares two analyses finding by finding id (`RULE@target`).
pub fn diff_findings(old: &Findings, new: &Findings) -> ThreatDiff {
    let old_by: BTreeMap<&str, &Finding> = old.items.iter().map(|f| (f.id.as_str(), f)).collect();
    let new_by: BTreeMap<&str, &Finding> = new.items.iter().map(|f| (f.id.as_str(), f)).collect();
    let mut diff = ThreatDiff::default();
    for (id, f) in &new_by {
        match old_by.get(id) {
            None => diff
                .introduced
                .push(change(f, None, Some(f), introduced_why(f))),
            Some(before) => {
                let (a, b) = (FindingState::of(before), FindingState::of(f));
                if a.severity == b.severity && a.status == b.status {
                    continue;
                }
                let why = moved_why(before, f);
                if a.is_open() && !b.is_open() {
                    diff.resolved.push(change(f, Some(before), Some(f), why));
                } else {
                    diff.changed.push(change(f, Some(before), Some(f), why));
                }
            }
        }
    }
    for (id, f) in &old_by {
        if !new_by.contains_key(id) {
            let why = match &f.endpoint {
                Some(e) => format!(
                    "no longer found: the rule's condition does not hold for `{e}` any more, or the operation is gone"
                ),
                None => "no longer found: the rule's condition does not hold any more".to_string(),
            };
            diff.resolved.push(change(f, Some(f), None, why));
        }
    }
    for list in [&mut diff.introduced, &mut diff.resolved, &mut diff.changed] {
        list.sort_by(|a, b| {
            b.severity()
                .cmp(&a.severity())
                .then_with(|| a.target.cmp(&b.target))
                .then_with(|| a.rule.cmp(&b.rule))
                .then_with(|| a.endpoint.cmp(&b.endpoint))
        });
    }
    diff
}

fn change(f: &Finding, old: Option<&Finding>, new: Option<&Finding>, why: String) -> FindingChange {
    FindingChange {
        id: f.id.clone(),
        rule: f.rule.to_string(),
        title: f.title.to_string(),
        target: f.target.clone(),
        target_kind: f.target_kind,
        endpoint: f.endpoint.clone(),
        old: old.map(FindingState::of),
        new: new.map(FindingState::of),
        why,
    }
}

fn introduced_why(f: &Finding) -> String {
    let mut why = f.explanation_text();
    if !f.is_open() {
        why.push_str(&format!("; already {}", status_reason(f)));
    }
    why
}

/// Why a finding has its status: "mitigated by rate limiting", "accepted: note".
fn status_reason(f: &Finding) -> String {
    let status = f.status.label();
    match f.status_source {
        StatusSource::Controls => {
            let by: Vec<&str> = f.mitigated_by.iter().map(|c| c.label()).collect();
            format!("{status} by {}", by.join(", "))
        }
        StatusSource::Triage => match &f.note {
            Some(note) => format!("{status} by a triage record: {note}"),
            None => format!("{status} by a triage record"),
        },
        StatusSource::Default => status.to_string(),
    }
}

fn moved_why(before: &Finding, after: &Finding) -> String {
    let mut parts = Vec::new();
    if before.status != after.status {
        let mut s = format!(
            "status {} → {}",
            before.status.label(),
            status_reason(after)
        );
        if after.status_source == StatusSource::Default {
            match before.status_source {
                StatusSource::Triage => s.push_str(" (its triage record is gone)"),
                StatusSource::Controls => s.push_str(" (its mitigating controls are gone)"),
                StatusSource::Default => {}
            }
        }
        parts.push(s);
    }
    if before.severity != after.severity {
        parts.push(format!("severity {} → {}", before.severity, after.severity));
    }
    parts.join("; ")
}
