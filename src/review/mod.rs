//! Design review sessions: which findings need a decision and in what order,
//! how a decision is written into the model, and the minutes of a review.

pub mod minutes;

use crate::analysis::stale::{fingerprint, stale_reason};
use crate::analysis::{Finding, Findings};
use crate::model::{Control, Model, Triage, TriageStatus, edit::apply_control};

/// The findings a review walks through, as indices into `findings.items`:
/// open ones without a decision and stale decisions, grouped by target with
/// the worst target first, worst finding first within each target.
pub fn queue(findings: &Findings) -> Vec<usize> {
    let wanted: Vec<usize> = (0..findings.items.len())
        .filter(|&i| findings.items[i].needs_decision())
        .collect();
    let mut worst: std::collections::HashMap<&str, crate::analysis::Severity> =
        std::collections::HashMap::new();
    for &i in &wanted {
        let f = &findings.items[i];
        let entry = worst.entry(f.target.as_str()).or_insert(f.severity);
        *entry = (*entry).max(f.severity);
    }
    let mut ordered = wanted;
    ordered.sort_by(|&a, &b| {
        let (fa, fb) = (&findings.items[a], &findings.items[b]);
        worst[fb.target.as_str()]
            .cmp(&worst[fa.target.as_str()])
            .then_with(|| fa.target.cmp(&fb.target))
            .then_with(|| fb.severity.cmp(&fa.severity))
            .then_with(|| fa.rule.cmp(&fb.rule))
    });
    ordered
}

/// What the team decided about one finding.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// Put one of the finding's mitigating controls in place on its target.
    ApplyControl(Control),
    InProgress {
        owner: String,
        reference: String,
    },
    /// Accepted as a risk; the justification is required.
    Accept {
        note: String,
        until: Option<String>,
    },
    Transfer {
        note: String,
    },
    /// Not a real threat here; the justification is required.
    FalsePositive {
        note: String,
    },
}

impl Decision {
    pub fn status(&self) -> TriageStatus {
        match self {
            Self::ApplyControl(_) => TriageStatus::Mitigated,
            Self::InProgress { .. } => TriageStatus::InProgress,
            Self::Accept { .. } => TriageStatus::Accepted,
            Self::Transfer { .. } => TriageStatus::Transferred,
            Self::FalsePositive { .. } => TriageStatus::FalsePositive,
        }
    }

    /// A decision that needs a justification and has none.
    pub fn missing_justification(&self) -> bool {
        match self {
            Self::Accept { note, .. } | Self::FalsePositive { note } => note.trim().is_empty(),
            _ => false,
        }
    }
}

/// Who signs a decision when nobody could be found.
pub const UNKNOWN_REVIEWER: &str = "unknown reviewer";

/// Who is reviewing: `git config user.name`, else the login name.
pub fn default_reviewer() -> String {
    let from_git = std::process::Command::new("git")
        .args(["config", "user.name"])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    from_git
        .or_else(|| std::env::var("USER").ok().filter(|s| !s.is_empty()))
        .or_else(|| std::env::var("USERNAME").ok().filter(|s| !s.is_empty()))
        .unwrap_or_else(|| UNKNOWN_REVIEWER.to_string())
}

/// What one decision is about, for a finding on one API operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The finding alone: for an operation, a record `RULE@flow#METHOD /path`
    /// (and a control on that operation).
    Finding,
    /// Every operation of the flow the rule finds: the flow-level record
    /// `RULE@flow` (and a control on the flow). For a finding that is not
    /// about an operation this is the same as [`Scope::Finding`].
    Group,
}

/// Writes `decision` on `finding` into the model as a triage record (with
/// reviewer, date and a fingerprint of the facts it was made on), applying
/// the control first when the decision is to mitigate. Returns false when a
/// required justification is missing; the model is then unchanged.
pub fn decide(
    model: &mut Model,
    finding: &Finding,
    decision: &Decision,
    reviewer: &str,
    date: &str,
) -> bool {
    decide_on(model, finding, Scope::Finding, decision, reviewer, date)
}

/// [`decide`] for the finding alone or for its whole group; the one way a
/// decision is written. A decision on the group is recorded as `RULE@flow`;
/// an operation's own current decision still wins over it, and the group's
/// stale operation decisions are replaced by it.
pub fn decide_on(
    model: &mut Model,
    finding: &Finding,
    scope: Scope,
    decision: &Decision,
    reviewer: &str,
    date: &str,
) -> bool {
    if decision.missing_justification() {
        return false;
    }
    let (id, subject) = match scope {
        Scope::Group => (finding.group_id().into_owned(), finding.target.as_str()),
        Scope::Finding => (finding.id.clone(), finding.subject_key()),
    };
    let mut note = String::new();
    let mut owner = None;
    let mut reference = None;
    let mut until = None;
    match decision {
        Decision::ApplyControl(control) => {
            let before = model.clone();
            if !apply_control(model, subject, control) {
                return false;
            }
            // A control put in place only strengthens the target: the other
            // decisions on it still stand.
            crate::analysis::stale::carry_over(&before, model, None);
            note = format!("{} put in place during review", control.label());
        }
        Decision::InProgress {
            owner: o,
            reference: r,
        } => {
            owner = Some(o.clone()).filter(|s| !s.trim().is_empty());
            reference = Some(r.clone()).filter(|s| !s.trim().is_empty());
        }
        Decision::Accept { note: n, until: u } => {
            note = n.clone();
            until = u.clone();
        }
        Decision::Transfer { note: n } | Decision::FalsePositive { note: n } => note = n.clone(),
    }
    if scope == Scope::Group && finding.endpoint.is_some() {
        let group = format!("{id}#");
        let stale: Vec<bool> = model
            .triage
            .iter()
            .map(|t| t.finding.starts_with(&group) && stale_reason(model, t, Some(date)).is_some())
            .collect();
        let mut at = 0;
        model.triage.retain(|_| {
            at += 1;
            !stale[at - 1]
        });
    }
    let record = Triage {
        finding: id,
        status: decision.status(),
        note,
        owner,
        reference,
        date: Some(date.to_string()),
        reviewer: Some(reviewer.to_string()),
        until,
        fingerprint: fingerprint(model, subject),
    };
    match model
        .triage
        .iter_mut()
        .find(|t| t.finding == record.finding)
    {
        Some(existing) => *existing = record,
        None => model.triage.push(record),
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;
    use crate::library::built_in;
    use crate::model::starter::starter_model;

    fn first_open(model: &Model) -> Finding {
        let findings = analyze(model, &built_in());
        let q = queue(&findings);
        findings.items[q[0]].clone()
    }

    #[test]
    fn accept_needs_a_justification_and_records_who_and_when() {
        let mut m = starter_model();
        let f = first_open(&m);
        let empty = Decision::Accept {
            note: " ".into(),
            until: None,
        };
        assert!(!decide(&mut m, &f, &empty, "ana", "2026-11-28"));
        assert!(m.triage.is_empty());
        let accept = Decision::Accept {
            note: "behind VPN".into(),
            until: Some("2027-06-30".into()),
        };
        assert!(decide(&mut m, &f, &accept, "ana", "2026-11-28"));
        let t = m.triage_for(&f.id).expect("recorded");
        assert_eq!(
            (t.status, t.reviewer.as_deref(), t.date.as_deref()),
            (TriageStatus::Accepted, Some("ana"), Some("2026-11-28"))
        );
        assert!(t.fingerprint.is_some());
        let after = analyze(&m, &built_in());
        assert_eq!(
            after.get(&f.id).map(|x| x.status),
            Some(TriageStatus::Accepted)
        );
        assert!(!queue(&after).iter().any(|&i| after.items[i].id == f.id));
    }

    #[test]
    fn applying_a_control_leaves_the_other_decisions_on_the_target_current() {
        let mut m = starter_model();
        let findings = analyze(&m, &built_in());
        // Two open findings on one target: accept one, mitigate the other.
        let on_target = |t: &str| {
            findings
                .open()
                .filter(|f| f.target == t && !f.mitigations.is_empty())
                .cloned()
                .collect::<Vec<_>>()
        };
        let target = findings
            .open()
            .map(|f| f.target.clone())
            .find(|t| on_target(t).len() >= 2)
            .expect("a target with two open findings");
        let pair = on_target(&target);
        let (accepted, mitigated) = (&pair[0], &pair[1]);
        let accept = Decision::Accept {
            note: "risk owner agreed".into(),
            until: None,
        };
        assert!(decide(&mut m, accepted, &accept, "ana", "2026-11-28"));
        let control = Decision::ApplyControl(mitigated.mitigations[0].clone());
        assert!(decide(&mut m, mitigated, &control, "ana", "2026-11-28"));
        let after = analyze(&m, &built_in());
        let kept = after.get(&accepted.id).expect("still a finding");
        assert_eq!(kept.status, TriageStatus::Accepted);
        assert_eq!(kept.stale, None, "a control put in place stales nothing");
    }

    #[test]
    fn applying_a_control_mitigates_and_a_second_decision_replaces_the_first() {
        let mut m = starter_model();
        let f = first_open(&m);
        let control = f.mitigations[0].clone();
        assert!(decide(
            &mut m,
            &f,
            &Decision::ApplyControl(control),
            "ana",
            "2026-11-28"
        ));
        let after = analyze(&m, &built_in());
        assert_eq!(
            after.get(&f.id).map(|x| x.status),
            Some(TriageStatus::Mitigated)
        );
        assert!(decide(
            &mut m,
            &f,
            &Decision::FalsePositive { note: "n/a".into() },
            "bo",
            "2026-11-29"
        ));
        assert_eq!(m.triage.iter().filter(|t| t.finding == f.id).count(), 1);
        assert_eq!(
            m.triage_for(&f.id).map(|t| t.status),
            Some(TriageStatus::FalsePositive)
        );
    }

    /// The open BOLA findings on the starter's browser flow, with one more
    /// operation so that the group has two.
    fn bola_group() -> (Model, Vec<Finding>) {
        let mut m = starter_model();
        let flow = m.flow_mut("browser-gateway").expect("starter flow");
        flow.endpoints.push(crate::model::Endpoint::new(
            crate::model::Method::Delete,
            "/orders/{orderId}",
        ));
        let group: Vec<Finding> = analyze(&m, &built_in())
            .items
            .into_iter()
            .filter(|f| f.group_id() == "API1-BOLA-path-id@browser-gateway")
            .collect();
        assert_eq!(group.len(), 2);
        (m, group)
    }

    #[test]
    fn one_decision_covers_a_whole_group_of_operations_or_one_of_them() {
        let (mut m, group) = bola_group();
        let accept = Decision::Accept {
            note: "ids are random".into(),
            until: None,
        };
        assert!(decide_on(
            &mut m,
            &group[0],
            Scope::Finding,
            &accept,
            "ana",
            "2026-11-28"
        ));
        assert_eq!(
            m.triage
                .iter()
                .map(|t| t.finding.as_str())
                .collect::<Vec<_>>(),
            [group[0].id.as_str()],
            "a decision on one operation is recorded under its own id"
        );
        let after = analyze(&m, &built_in());
        assert_eq!(
            after.get(&group[1].id).map(|f| f.status),
            Some(TriageStatus::Open)
        );

        let no = Decision::FalsePositive {
            note: "the gateway checks ownership".into(),
        };
        assert!(decide_on(
            &mut m,
            &group[1],
            Scope::Group,
            &no,
            "ana",
            "2026-11-28"
        ));
        assert!(m.triage_for("API1-BOLA-path-id@browser-gateway").is_some());
        let after = analyze(&m, &built_in());
        let status = |id: &str| after.get(id).map(|f| f.status);
        assert_eq!(status(&group[1].id), Some(TriageStatus::FalsePositive));
        assert_eq!(
            status(&group[0].id),
            Some(TriageStatus::Accepted),
            "the operation's own current decision wins"
        );
        assert!(
            !queue(&after)
                .iter()
                .any(|&i| after.items[i].group_id() == group[0].group_id())
        );
    }

    #[test]
    fn a_control_for_one_operation_goes_on_that_operation() {
        let (mut m, group) = bola_group();
        let control = Decision::ApplyControl(Control::ObjectLevelAuthorization);
        assert!(decide_on(
            &mut m,
            &group[0],
            Scope::Finding,
            &control,
            "ana",
            "2026-11-28"
        ));
        let flow = m.flow("browser-gateway").expect("starter flow");
        assert!(!flow.controls.contains(&Control::ObjectLevelAuthorization));
        let after = analyze(&m, &built_in());
        let status = |id: &str| after.get(id).map(|f| (f.status, f.stale.is_some()));
        assert_eq!(status(&group[0].id), Some((TriageStatus::Mitigated, false)));
        assert_eq!(status(&group[1].id), Some((TriageStatus::Open, false)));
    }
}
