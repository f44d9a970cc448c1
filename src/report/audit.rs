//! What an auditor needs from a report besides the findings: who decided
//! what and until when, who owns the fix, the likelihood and impact behind
//! each severity, the people who worked on the model, a fingerprint of the
//! model's content, the trend since an earlier revision, and a short summary
//! in words. Every renderer takes these from here, so the formats agree.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{Context, ReportInput};
use crate::analysis::{Finding, Findings, Origin, Severity, Summary, TargetKind};
use crate::library::Rating;
use crate::model::{Model, Triage, TriageStatus};
use crate::text::count;

/// The risk-tracking facts of one finding, as a spreadsheet or ticket
/// system wants them. Empty fields are left out of JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tracking<'a> {
    /// Who owns the work: the decision's owner, else the owner of the target
    /// (for a flow, the owner of the element it goes to).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<&'a str>,
    /// The date the decision lapses (a triage record's `until`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<&'a str>,
    /// Who approved the decision.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviewer: Option<&'a str>,
    /// When the decision was made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided: Option<&'a str>,
    /// A ticket or document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ticket: Option<&'a str>,
}

impl<'a> Context<'a> {
    /// The triage record of a finding, if the model has one.
    pub fn triage(&self, finding: &str) -> Option<&'a Triage> {
        self.triage.get(finding).copied()
    }

    /// Who owns a finding's target: the element's owner; for a flow, the
    /// owner of the element the flow goes to.
    pub fn target_owner(&self, f: &Finding) -> Option<&'a str> {
        let element = match f.target_kind {
            TargetKind::Flow => self.flow(&f.target).and_then(|fl| self.element(&fl.target)),
            TargetKind::Element(_) => self.element(&f.target),
        };
        element
            .and_then(|e| e.owner.as_deref())
            .filter(|o| !o.is_empty())
    }

    pub fn tracking(&self, f: &Finding) -> Tracking<'a> {
        let t = f.deciding_record(|id| self.triage(id));
        let field = |get: fn(&'a Triage) -> &'a Option<String>| {
            t.and_then(|t| get(t).as_deref()).filter(|s| !s.is_empty())
        };
        Tracking {
            owner: field(|t| &t.owner).or_else(|| self.target_owner(f)),
            due: field(|t| &t.until),
            reviewer: field(|t| &t.reviewer),
            decided: field(|t| &t.date),
            ticket: field(|t| &t.reference),
        }
    }
}

/// A decision in words for a finding decided by triage, e.g. `accepted by
/// Ana (approver) on 2025-01-10, expires 2025-07-01, owner Ben, ref …`.
/// An accepted or transferred risk always says whether it has an approver
/// and an expiry, so a missing one is seen.
pub fn decision_text(f: &Finding, t: &Tracking) -> Option<String> {
    if f.status_source != crate::analysis::StatusSource::Triage {
        return None;
    }
    let risk = matches!(f.status, TriageStatus::Accepted | TriageStatus::Transferred);
    let mut parts = Vec::new();
    let on = t.decided.map(|d| format!(" on {d}")).unwrap_or_default();
    match (t.reviewer, risk) {
        (Some(r), true) => parts.push(format!("approved by {r}{on}")),
        (Some(r), false) => parts.push(format!("reviewed by {r}{on}")),
        (None, true) => parts.push(format!("no approver recorded{on}")),
        (None, false) if !on.is_empty() => parts.push(format!("decided{on}")),
        (None, false) => {}
    }
    match (t.due, risk) {
        (Some(u), true) => parts.push(format!("expires {u}")),
        (Some(u), false) => parts.push(format!("due {u}")),
        (None, true) => parts.push("no expiry".to_string()),
        (None, false) => {}
    }
    if let Some(o) = t.owner {
        parts.push(format!("owner {o}"));
    }
    if let Some(r) = t.ticket {
        parts.push(format!("ref {r}"));
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The likelihood and impact behind a finding: its rule's, or for a threat
/// written by hand its own when both are given; `None` otherwise (a rule not
/// in the library the report was made with).
pub fn ratings(input: &ReportInput, f: &Finding) -> Option<(Rating, Rating)> {
    match f.origin {
        Origin::Rule => input.library.get(&f.rule).map(|r| (r.likelihood, r.impact)),
        Origin::Manual => input
            .model
            .threats
            .iter()
            .find(|t| *t.id == *f.rule)
            .and_then(|t| Some((t.likelihood?, t.impact?))),
    }
}

/// `likelihood medium × impact high → high`, and when the data a finding
/// touches raised it, `…, raised to critical by restricted data`.
pub fn risk_text(input: &ReportInput, f: &Finding) -> Option<String> {
    let (l, i) = ratings(input, f)?;
    let base = Severity::from_ratings(l, i);
    let mut text = format!(
        "likelihood {} × impact {} → {base}",
        rating_str(l),
        rating_str(i)
    );
    if f.severity > base {
        text.push_str(&format!(", raised to {} for restricted data", f.severity));
    } else if f.severity < base {
        text.push_str(&format!(", lowered to {}", f.severity));
    }
    Some(text)
}

pub fn rating_str(r: Rating) -> &'static str {
    match r {
        Rating::Low => "low",
        Rating::Medium => "medium",
        Rating::High => "high",
    }
}

/// Ratings from highest to lowest, the order of a risk matrix's rows.
pub const RATINGS_DOWN: [Rating; 3] = [Rating::High, Rating::Medium, Rating::Low];

/// Open findings counted by likelihood (rows, high first) × impact (columns,
/// low first); findings without both ratings are left out.
pub fn risk_matrix(input: &ReportInput) -> [[usize; 3]; 3] {
    let mut cells = [[0usize; 3]; 3];
    for f in input.findings.open() {
        if let Some((l, i)) = ratings(input, f) {
            cells[2 - l as usize][i as usize] += 1;
        }
    }
    cells
}

/// Open findings the risk matrix leaves out for want of ratings.
pub fn unrated_open(input: &ReportInput, cells: &[[usize; 3]; 3]) -> usize {
    let rated: usize = cells.iter().flatten().sum();
    input.findings.open().count().saturating_sub(rated)
}

/// Everyone named in the model with what they did, by name.
pub fn contributors(model: &Model) -> BTreeMap<&str, BTreeSet<&'static str>> {
    fn add<'m>(
        people: &mut BTreeMap<&'m str, BTreeSet<&'static str>>,
        name: &'m str,
        role: &'static str,
    ) {
        let name = name.trim();
        if !name.is_empty() {
            people.entry(name).or_default().insert(role);
        }
    }
    let mut people: BTreeMap<&str, BTreeSet<&'static str>> = BTreeMap::new();
    for o in &model.owners {
        add(&mut people, o, "model owner");
    }
    for e in &model.elements {
        if let Some(o) = &e.owner {
            add(&mut people, o, "element owner");
        }
    }
    for t in &model.triage {
        if let Some(o) = &t.owner {
            add(&mut people, o, "decision owner");
        }
        if let Some(r) = &t.reviewer {
            add(&mut people, r, "reviewer");
        }
    }
    people
}

/// A fingerprint of the model's content: the first 16 hex digits of the
/// SHA-256 of its canonical text, so two reports of the same model agree
/// whatever the file's formatting.
pub fn content_hash(model: &Model) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(crate::model::to_canonical_string(model).as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// How the findings moved since an earlier revision of the model.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Trend {
    /// The earlier revision, as the user named it.
    pub since: String,
    pub total_before: usize,
    pub open_before: usize,
    /// Findings new since then.
    pub introduced: usize,
    /// Findings gone, or no longer open.
    pub resolved: usize,
    /// Findings whose severity or status changed otherwise.
    pub changed: usize,
}

impl Trend {
    pub fn between(since: &str, before: &Findings, now: &Findings) -> Trend {
        let d = crate::diff::diff_findings(before, now);
        Trend {
            since: since.to_string(),
            total_before: before.items.len(),
            open_before: before.open().count(),
            introduced: d.introduced.len(),
            resolved: d.resolved.len(),
            changed: d.changed.len(),
        }
    }
}

/// Every status with its count, in workflow order; they add up to the total.
pub fn status_counts(s: &Summary) -> Vec<(TriageStatus, usize)> {
    TriageStatus::ALL
        .iter()
        .copied()
        .map(|st| {
            let n = s
                .by_status
                .get(crate::analysis::status_str(st))
                .copied()
                .unwrap_or(0);
            (st, n)
        })
        .collect()
}

/// `107 open, 1 in progress, 64 mitigated, 3 accepted, 0 transferred, 1 false positive`.
pub fn status_line(s: &Summary) -> String {
    status_counts(s)
        .iter()
        .map(|(st, n)| format!("{n} {}", st.label()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The management summary: a short paragraph written from the figures.
pub(crate) fn management_summary(input: &ReportInput, ctx: &Context) -> String {
    let m = input.model;
    let s = input.findings.summary();
    let sensitive = m
        .data
        .iter()
        .filter(|d| d.classification >= crate::model::Classification::Confidential)
        .count();
    let mut text = format!(
        "This threat model of {} covers {}, {} and {}, handling {} ({} confidential or restricted). ",
        m.name.trim(),
        count(m.elements.len(), "element", "elements"),
        count(m.flows.len(), "data flow", "data flows"),
        count(m.boundaries.len(), "trust boundary", "trust boundaries"),
        count(m.data.len(), "data asset", "data assets"),
        sensitive
    );
    let open = |sev: Severity| s.open_by_severity.get(sev.as_str()).copied().unwrap_or(0);
    if s.total == 0 {
        text.push_str("The analysis found no threats.");
    } else {
        let by_sev: Vec<String> = Severity::ALL
            .iter()
            .rev()
            .filter(|sev| open(**sev) > 0)
            .map(|sev| format!("{} {}", open(*sev), sev.as_str()))
            .collect();
        text.push_str(&format!(
            "The analysis found {}: {} still need work{}",
            count(s.total, "threat", "threats"),
            s.open,
            if by_sev.is_empty() {
                String::new()
            } else {
                format!(" ({})", by_sev.join(", "))
            }
        ));
        let decided: Vec<String> = status_counts(&s)
            .into_iter()
            .filter(|(st, n)| {
                *n > 0 && !matches!(st, TriageStatus::Open | TriageStatus::InProgress)
            })
            .map(|(st, n)| format!("{n} {}", st.label()))
            .collect();
        if !decided.is_empty() {
            text.push_str(&format!("; {}", decided.join(", ")));
        }
        text.push('.');
        let risks: Vec<&Finding> = input
            .findings
            .items
            .iter()
            .filter(|f| matches!(f.status, TriageStatus::Accepted | TriageStatus::Transferred))
            .collect();
        let unbounded = risks
            .iter()
            .filter(|f| {
                let t = ctx.tracking(f);
                t.reviewer.is_none() || t.due.is_none()
            })
            .count();
        if unbounded > 0 {
            text.push_str(&format!(
                " {} of the accepted or transferred risks {} an approver or an expiry date.",
                unbounded,
                if unbounded == 1 { "lacks" } else { "lack" }
            ));
        }
        if let Some(worst) = input.findings.open().next() {
            text.push_str(&format!(
                " The most exposed part is {} ({} open {}).",
                ctx.target_name(&worst.target, worst.target_kind),
                worst.severity,
                if worst.severity >= Severity::High {
                    "finding needing attention first"
                } else {
                    "finding"
                }
            ));
        }
    }
    if let Some(t) = &input.options.trend {
        text.push_str(&format!(
            " Since {}: {} new, {} resolved, {} changed; open findings went from {} to {}.",
            t.since, t.introduced, t.resolved, t.changed, t.open_before, s.open
        ));
    }
    text
}
