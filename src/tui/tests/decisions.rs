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

/// Every kind of decision made from `path` is recorded with its reviewer,
/// date and fingerprint, and goes stale when its target's design changes.
fn every_decision_goes_stale_from(path: Path) {
    for (keys_typed, status) in [
        ("aonly staff reach it<Enter><Enter>", TriageStatus::Accepted),
        ("iteam-api<Enter>SEC-1<Enter>", TriageStatus::InProgress),
        ("tthe hosting provider<Enter>", TriageStatus::Transferred),
        ("fnot reachable<Enter>", TriageStatus::FalsePositive),
        ("m", TriageStatus::Mitigated),
    ] {
        let mut a = workbench();
        let f = a
            .findings
            .items
            .iter()
            .find(|f| f.needs_decision() && f.mitigations.len() == 1)
            .cloned()
            .expect("an open finding with one mitigating control");
        point_at(&mut a, path, &f);
        keys(&mut a, keys_typed);
        let t = a.model.triage_for(&f.id).cloned().expect("recorded");
        assert_eq!(t.status, status, "{path:?}");
        assert_eq!(t.reviewer.as_deref(), Some("Ana"), "{path:?} {status:?}");
        assert_eq!(t.date.as_deref(), Some(super::TODAY), "{path:?} {status:?}");
        assert!(t.fingerprint.is_some(), "{path:?} {status:?}");
        assert!(
            a.findings.get(&f.id).is_some_and(|x| x.stale.is_none()),
            "{path:?} {status:?}: fresh when made"
        );
        change_design(&mut a, &f.target);
        let now = a.findings.get(&f.id).expect("still a finding");
        assert!(
            now.stale.is_some() && now.needs_decision(),
            "{path:?} {status:?}: stale after the change"
        );
    }
}

#[test]
fn decisions_from_the_threats_panel_go_stale_when_the_design_changes() {
    every_decision_goes_stale_from(Path::Threats);
}

#[test]
fn decisions_from_the_findings_view_go_stale_when_the_design_changes() {
    every_decision_goes_stale_from(Path::Findings);
}

#[test]
fn decisions_from_a_review_go_stale_when_the_design_changes() {
    every_decision_goes_stale_from(Path::Review);
}

/// The clock is an input: an acceptance lapses on the day after its expiry,
/// when the event loop says the date changed, with no other key pressed.
#[test]
fn an_acceptance_lapses_when_the_date_passes_its_expiry() {
    let mut a = workbench();
    let f = critical(&a);
    point_at(&mut a, Path::Threats, &f);
    keys(&mut a, "abehind the VPN<Enter>2026-11-30<Enter>");
    let accepted = |a: &App| a.findings.get(&f.id).map(|x| x.status);
    assert_eq!(accepted(&a), Some(TriageStatus::Accepted));
    crate::tui::update(&mut a, crate::tui::Action::Today("2026-11-30".into()));
    assert_eq!(
        accepted(&a),
        Some(TriageStatus::Accepted),
        "still valid that day"
    );
    crate::tui::update(&mut a, crate::tui::Action::Today("2026-12-01".into()));
    assert_eq!(a.today, "2026-12-01");
    assert!(
        a.findings.get(&f.id).is_some_and(Finding::needs_decision),
        "expired: it needs a decision again"
    );
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
