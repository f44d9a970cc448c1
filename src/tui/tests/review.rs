//! The review mode: each decision through the keys, going back, undo, leaving.

use crate::analysis::Finding;
use crate::model::{Control, TriageStatus};
use crate::tui::App;
use crate::tui::app::Mode;
use crate::tui::effect::Effect;
use crate::tui::keymap::help_lines;

use super::{app, keys};

/// The starter model in review, by Ana on a fixed day.
fn reviewing() -> App {
    let mut a = app();
    a.reviewer = "Ana".into();
    a.refresh();
    keys(&mut a, "R");
    assert_eq!(a.mode(), Mode::Review);
    a
}

fn current(a: &App) -> Option<Finding> {
    crate::tui::review::current_finding(a).cloned()
}

fn shown(a: &App) -> Finding {
    current(a).expect("a finding under review")
}

/// Skips until the shown finding satisfies `want`.
fn skip_to(a: &mut App, want: impl Fn(&Finding) -> bool) -> Finding {
    for _ in 0..100 {
        if let Some(f) = current(a).filter(|f| want(f)) {
            return f;
        }
        keys(a, "s");
    }
    panic!("no such finding in the review");
}

#[test]
fn starts_on_the_worst_finding_with_its_target_selected() {
    let a = reviewing();
    let f = shown(&a);
    let q = crate::review::queue(&a.findings);
    assert_eq!(f.id, a.findings.items[q[0]].id);
    assert_eq!(a.selected_id(), Some(f.target.as_str()));
    let r = a.review.as_ref().expect("review");
    assert_eq!(r.order.len(), q.len());
}

#[test]
fn applying_the_only_control_mitigates_and_moves_on() {
    let mut a = reviewing();
    let f = skip_to(&mut a, |f| f.mitigations.len() == 1);
    keys(&mut a, "m");
    let after = a.findings.get(&f.id).expect("still a finding");
    assert_eq!(after.status, TriageStatus::Mitigated);
    assert!(after.mitigated_by.contains(&f.mitigations[0]));
    let t = a.model.triage_for(&f.id).expect("recorded");
    assert_eq!(
        (t.reviewer.as_deref(), t.date.as_deref()),
        (Some("Ana"), Some("2026-11-28"))
    );
    assert!(t.fingerprint.is_some());
    assert_ne!(current(&a).map(|x| x.id), Some(f.id));
    assert!(a.dirty);
}

#[test]
fn applying_one_of_several_controls_asks_which() {
    let mut a = reviewing();
    let f = skip_to(&mut a, |f| f.mitigations.len() > 1);
    keys(&mut a, "m");
    assert_eq!(a.mode(), Mode::Picker);
    keys(&mut a, "<Down><Enter>");
    assert_eq!(a.mode(), Mode::Review);
    let chosen: &Control = &f.mitigations[1];
    let after = a.findings.get(&f.id).expect("still a finding");
    assert_eq!(after.status, TriageStatus::Mitigated);
    assert!(after.mitigated_by.contains(chosen), "{after:?}");
}

#[test]
fn in_progress_asks_owner_then_ticket() {
    let mut a = reviewing();
    let f = shown(&a);
    keys(&mut a, "icheckout-team<Enter>SEC-7<Enter>");
    let t = a.model.triage_for(&f.id).expect("recorded");
    assert_eq!(t.status, TriageStatus::InProgress);
    assert_eq!(t.owner.as_deref(), Some("checkout-team"));
    assert_eq!(t.reference.as_deref(), Some("SEC-7"));
    assert_eq!(a.mode(), Mode::Review);
    assert_ne!(shown(&a).id, f.id);
}

#[test]
fn accepting_needs_a_justification_and_a_valid_future_date() {
    let mut a = reviewing();
    let f = shown(&a);
    keys(&mut a, "a<Enter>");
    assert_eq!(a.mode(), Mode::Prompt, "an empty justification is refused");
    assert!(
        a.message
            .as_deref()
            .is_some_and(|m| m.contains("justification"))
    );
    assert!(a.model.triage_for(&f.id).is_none());
    keys(&mut a, "behind the VPN<Enter>soon<Enter>");
    assert!(
        a.message
            .as_deref()
            .is_some_and(|m| m.contains("not a date"))
    );
    keys(&mut a, "<BS><BS><BS><BS>2020-01-01<Enter>");
    assert!(a.message.as_deref().is_some_and(|m| m.contains("passed")));
    assert!(a.model.triage_for(&f.id).is_none());
    for _ in 0..10 {
        keys(&mut a, "<BS>");
    }
    keys(&mut a, "2027-06-30<Enter>");
    let t = a.model.triage_for(&f.id).expect("recorded");
    assert_eq!(t.status, TriageStatus::Accepted);
    assert_eq!(t.note, "behind the VPN");
    assert_eq!(t.until.as_deref(), Some("2027-06-30"));
    assert_eq!(a.mode(), Mode::Review);
}

#[test]
fn accepting_without_an_end_date() {
    let mut a = reviewing();
    let f = shown(&a);
    keys(&mut a, "alow value data<Enter><Enter>");
    let t = a.model.triage_for(&f.id).expect("recorded");
    assert_eq!((t.status, t.until.clone()), (TriageStatus::Accepted, None));
}

#[test]
fn transfer_records_the_note() {
    let mut a = reviewing();
    let f = shown(&a);
    keys(&mut a, "tthe payment provider, per contract<Enter>");
    let t = a.model.triage_for(&f.id).expect("recorded");
    assert_eq!(t.status, TriageStatus::Transferred);
    assert_eq!(t.note, "the payment provider, per contract");
}

#[test]
fn false_positive_needs_a_justification() {
    let mut a = reviewing();
    let f = shown(&a);
    keys(&mut a, "f<Enter>");
    assert_eq!(a.mode(), Mode::Prompt);
    assert!(a.model.triage_for(&f.id).is_none());
    keys(&mut a, "no such endpoint in production<Enter>");
    let t = a.model.triage_for(&f.id).expect("recorded");
    assert_eq!(t.status, TriageStatus::FalsePositive);
    assert_eq!(
        a.findings.get(&f.id).map(|x| x.status),
        Some(TriageStatus::FalsePositive)
    );
}

#[test]
fn escape_in_a_prompt_cancels_the_decision() {
    let mut a = reviewing();
    let f = shown(&a);
    keys(&mut a, "fnot sure<Esc>");
    assert_eq!(a.mode(), Mode::Review);
    assert!(a.model.triage_for(&f.id).is_none());
    assert_eq!(shown(&a).id, f.id);
}

#[test]
fn skip_moves_on_without_a_change_and_the_end_offers_the_skipped_again() {
    let mut a = reviewing();
    let first = shown(&a);
    keys(&mut a, "s");
    assert_ne!(shown(&a).id, first.id);
    assert!(!a.dirty);
    assert!(a.model.triage.is_empty());
    let n = a.review.as_ref().map_or(0, |r| r.order.len());
    for _ in 1..n {
        keys(&mut a, "s");
    }
    assert!(a.review.as_ref().is_some_and(|r| r.at_end()));
    keys(&mut a, "s");
    assert_eq!(shown(&a).id, first.id, "goes over the skipped ones");
}

#[test]
fn going_back_and_changing_a_decision_replaces_the_record() {
    let mut a = reviewing();
    let f = shown(&a);
    keys(&mut a, "tops team<Enter>");
    assert_ne!(shown(&a).id, f.id);
    keys(&mut a, "p");
    assert_eq!(shown(&a).id, f.id);
    keys(&mut a, "<Right><Left>");
    assert_eq!(shown(&a).id, f.id, "→ and ← move too");
    keys(&mut a, "fa test fixture<Enter>");
    let records: Vec<_> = a
        .model
        .triage
        .iter()
        .filter(|t| t.finding == f.id)
        .collect();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].status, TriageStatus::FalsePositive);
    assert_eq!(a.review.as_ref().map(|r| r.decided_count(&a)), Some(1));
}

#[test]
fn a_decision_is_one_undo_step_and_undo_shows_it_again() {
    let mut a = reviewing();
    let f = shown(&a);
    let before = a.model.clone();
    keys(&mut a, "icheckout-team<Enter>SEC-7<Enter>");
    assert_ne!(shown(&a).id, f.id);
    keys(&mut a, "u");
    assert_eq!(a.model, before);
    assert!(!a.dirty);
    assert_eq!(shown(&a).id, f.id);
    assert_eq!(a.mode(), Mode::Review);
    keys(&mut a, "<C-r>");
    assert!(a.model.triage_for(&f.id).is_some());
}

#[test]
fn leaving_keeps_the_decisions_and_r_resumes() {
    let mut a = reviewing();
    let f = shown(&a);
    keys(&mut a, "tops team<Enter>");
    let next = shown(&a);
    keys(&mut a, "<Esc>");
    assert_eq!(a.mode(), Mode::Canvas);
    assert!(a.dirty, "the decisions are unsaved edits");
    assert!(a.model.triage_for(&f.id).is_some());
    keys(&mut a, "q");
    assert_eq!(a.mode(), Mode::Confirm, "the unsaved-changes guard applies");
    keys(&mut a, "c");
    keys(&mut a, "R");
    assert_eq!(a.mode(), Mode::Review);
    assert_eq!(shown(&a).id, next.id);
}

#[test]
fn help_lists_the_review_keys() {
    let lines = help_lines(Mode::Review);
    for want in [
        "apply a mitigating control",
        "in progress: owner, ticket",
        "accept the risk: why, until",
        "transfer: to whom",
        "false positive: why",
        "skip for now",
        "previous finding",
        "write today's minutes",
    ] {
        assert!(lines.iter().any(|(_, d)| *d == want), "{want}");
    }
    let mut a = reviewing();
    keys(&mut a, "?");
    assert_eq!(
        (a.mode(), a.help_view().map(|h| h.from)),
        (Mode::Help, Some(Mode::Review))
    );
    keys(&mut a, "<Esc>");
    assert_eq!(a.mode(), Mode::Review);
}

#[test]
fn minutes_go_next_to_the_model() {
    let mut a = reviewing();
    a.path = std::path::PathBuf::from("models/shop.ron");
    let f = shown(&a);
    let effects = super::keys_effects(&mut a, "fnot reachable<Enter>w");
    let [
        Effect::Write {
            path,
            text,
            not_over,
            ..
        },
    ] = &effects[..]
    else {
        panic!("one write expected, got {effects:?}");
    };
    assert_eq!(path.to_str(), Some("models/shop.review-2026-11-28.md"));
    assert_eq!(not_over.as_ref(), Some(&a.path), "never over the model");
    assert!(text.contains(&f.id), "{text}");
    assert!(text.contains("```mermaid"), "{text}");
    let effects = super::keys_effects(&mut a, ":minutes other.md<Enter>");
    assert!(
        matches!(&effects[..], [Effect::Write { path, .. }] if path.to_str() == Some("other.md")),
        "{effects:?}"
    );
    assert_eq!(
        a.mode(),
        Mode::Review,
        "the command line returns to the review"
    );
}
