//! Every place that decides on a finding (threats panel, findings view,
//! review) goes through `review::decide`: same justification rule, same
//! reviewer, date and fingerprint, so every decision goes stale when the
//! design of its target changes.

use crate::analysis::{Finding, Severity};
use crate::model::{Control, TriageStatus};
use crate::tui::app::Mode;
use crate::tui::{App, select_id};

use super::{app, keys};

/// Where a decision is made.
#[derive(Debug, Clone, Copy)]
enum Path {
    Threats,
    Findings,
    Review,
}

const PATHS: [Path; 3] = [Path::Threats, Path::Findings, Path::Review];

fn workbench() -> App {
    let mut a = app();
    a.reviewer = "Ana".into();
    a.today = "2026-11-28".into();
    a.refresh();
    a
}

/// An open critical finding of the starter model.
fn critical(a: &App) -> Finding {
    a.findings
        .items
        .iter()
        .find(|f| f.severity == Severity::Critical && f.needs_decision())
        .cloned()
        .expect("the starter model has an open critical finding")
}

/// Puts the cursor of `path` on `f`.
fn point_at(a: &mut App, path: Path, f: &Finding) {
    match path {
        Path::Threats => {
            select_id(a, &f.target);
            keys(a, "t");
            assert_eq!(a.mode(), Mode::Threats);
            // The cursor counts visible lines: groups of operations fold.
            let at = a
                .threat_rows()
                .row_of(&f.id, crate::review::Scope::Finding)
                .expect("listed in the threats panel");
            for _ in 0..at {
                keys(a, "j");
            }
        }
        Path::Findings => {
            keys(a, "F");
            assert_eq!(a.mode(), Mode::Findings);
            let at = a
                .findings_rows()
                .row_of(&f.id, crate::review::Scope::Finding)
                .expect("listed in the findings view");
            for _ in 0..at {
                keys(a, "j");
            }
        }
        Path::Review => {
            keys(a, "R");
            for _ in 0..200 {
                if crate::tui::review::current_finding(a).is_some_and(|x| x.id == f.id) {
                    break;
                }
                keys(a, "s");
            }
        }
    }
    assert_eq!(
        crate::tui::decide::subject(a).map(|x| x.id),
        Some(f.id.clone()),
        "{path:?}: the cursor is on the finding"
    );
}

/// A change to the target's design that the fingerprint sees.
fn change_design(a: &mut App, target: &str) {
    let extra = Control::Custom("changed-after-the-decision".into());
    a.edit(|m| {
        if let Some(f) = m.flow_mut(target) {
            f.controls.push(extra);
        } else if let Some(e) = m.element_mut(target) {
            e.controls.push(extra);
        }
    });
}

#[test]
fn a_critical_cannot_be_accepted_without_a_justification_from_any_path() {
    for path in PATHS {
        let mut a = workbench();
        let f = critical(&a);
        point_at(&mut a, path, &f);
        keys(&mut a, "a<Enter>");
        assert_eq!(a.mode(), Mode::Prompt, "{path:?}: still asking why");
        assert_eq!(
            a.message.as_deref(),
            Some("accepting a risk needs a justification"),
            "{path:?}"
        );
        keys(&mut a, "   <Enter>");
        assert_eq!(a.mode(), Mode::Prompt, "{path:?}: blanks are no reason");
        keys(&mut a, "<Esc>");
        assert!(a.model.triage_for(&f.id).is_none(), "{path:?}: no record");
        assert!(
            a.findings.get(&f.id).is_some_and(Finding::needs_decision),
            "{path:?}"
        );
    }
}

#[test]
fn an_accepted_risk_records_who_when_until_and_goes_stale_from_every_path() {
    for path in PATHS {
        let mut a = workbench();
        let f = critical(&a);
        point_at(&mut a, path, &f);
        keys(&mut a, "abehind the VPN<Enter>2027-06-30<Enter>");
        let t = a.model.triage_for(&f.id).cloned().expect("recorded");
        assert_eq!(t.status, TriageStatus::Accepted, "{path:?}");
        assert_eq!(t.note, "behind the VPN", "{path:?}");
        assert_eq!(t.reviewer.as_deref(), Some("Ana"), "{path:?}");
        assert_eq!(t.date.as_deref(), Some("2026-11-28"), "{path:?}");
        assert_eq!(t.until.as_deref(), Some("2027-06-30"), "{path:?}");
        assert!(t.fingerprint.is_some(), "{path:?}: fingerprinted");
        let now = a.findings.get(&f.id).expect("still a finding");
        assert_eq!(
            (now.status, now.stale.is_some()),
            (TriageStatus::Accepted, false)
        );
        change_design(&mut a, &f.target);
        let now = a.findings.get(&f.id).expect("still a finding");
        assert!(now.stale.is_some(), "{path:?}: the decision went stale");
        assert!(now.needs_decision(), "{path:?}");
    }
}

#[test]
fn every_kind_of_decision_goes_stale_from_the_threats_panel_and_findings_view() {
    for path in [Path::Threats, Path::Findings] {
        for (keys_typed, status) in [
            ("iteam-api<Enter>SEC-1<Enter>", TriageStatus::InProgress),
            ("tthe hosting provider<Enter>", TriageStatus::Transferred),
            ("fnot reachable<Enter>", TriageStatus::FalsePositive),
        ] {
            let mut a = workbench();
            let f = critical(&a);
            point_at(&mut a, path, &f);
            keys(&mut a, keys_typed);
            let t = a.model.triage_for(&f.id).cloned().expect("recorded");
            assert_eq!(t.status, status, "{path:?}");
            assert!(t.fingerprint.is_some() && t.reviewer.is_some() && t.date.is_some());
            change_design(&mut a, &f.target);
            assert!(
                a.findings.get(&f.id).is_some_and(|x| x.stale.is_some()),
                "{path:?} {status:?}: stale after the change"
            );
        }
    }
}

#[test]
fn m_puts_a_control_in_place_the_same_way_from_every_path() {
    for path in PATHS {
        let mut a = workbench();
        let f = a
            .findings
            .items
            .iter()
            .find(|f| f.needs_decision() && f.mitigations.len() == 1)
            .cloned()
            .expect("a finding with one mitigating control");
        point_at(&mut a, path, &f);
        keys(&mut a, "m");
        let now = a.findings.get(&f.id).expect("still a finding");
        assert_eq!(now.status, TriageStatus::Mitigated, "{path:?}");
        let t = a.model.triage_for(&f.id).expect("recorded");
        assert!(t.fingerprint.is_some() && t.reviewer.as_deref() == Some("Ana"));
        let said = a.message.clone().unwrap_or_default();
        assert!(
            said.contains(f.mitigations[0].label()) && said.contains(&f.target),
            "{path:?}: the message says what was put where: {said}"
        );
    }
}
