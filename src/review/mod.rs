//! Design review sessions: which findings need a decision and in what order,
//! how a decision is written into the model, and the minutes of a review.

pub mod minutes;

use crate::analysis::stale::fingerprint;
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
        .unwrap_or_else(|| "unknown reviewer".to_string())
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
    if decision.missing_justification() {
        return false;
    }
    let mut note = String::new();
    let mut owner = None;
    let mut reference = None;
    let mut until = None;
    match decision {
        Decision::ApplyControl(control) => {
            let before = model.clone();
            if !apply_control(model, &finding.target, control) {
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
    let record = Triage {
        finding: finding.id.clone(),
        status: decision.status(),
        note,
        owner,
        reference,
        date: Some(date.to_string()),
        reviewer: Some(reviewer.to_string()),
        until,
        fingerprint: fingerprint(model, &finding.target),
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
}
