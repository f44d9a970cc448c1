//! Threats written by hand in the workbench: add one on the selection, fill
//! in its form, see it in the threats panel, delete it, undo.

use crate::analysis::{Origin, Severity};
use crate::model::ThreatSeverity;
use crate::tui::app::{Mode, Question};
use crate::tui::form::{self, FormTarget};
use crate::tui::{App, select_id};

use super::render::screen;
use super::{app, keys};

/// Moves the open form's cursor from wherever it is down to the row `label`.
fn to_row(a: &mut App, label: &str) {
    let target = a.form().expect("a form is open").target.clone();
    let rows = form::rows(&a.model, &target);
    let at = rows
        .iter()
        .position(|r| r.label == label)
        .unwrap_or_else(|| panic!("the form has a {label} row"));
    keys(a, "g");
    for _ in 0..at {
        keys(a, "<Down>");
    }
}

/// The panel's entry for the threat `id`, if it shows one.
fn in_panel(a: &App, id: &str) -> Option<(Severity, String)> {
    a.selection_findings()
        .iter()
        .find(|f| f.origin == Origin::Manual && &*f.rule == id)
        .map(|f| (f.severity, f.title.to_string()))
}

#[test]
fn a_threat_is_added_on_a_flow_filled_in_seen_and_deleted() {
    let mut a = app();
    select_id(&mut a, "browser-gateway");
    keys(&mut a, "tnCoupon stacking<Enter>");
    assert_eq!(a.model.threats.len(), 1, "{:?}", a.message);
    let t = &a.model.threats[0];
    assert_eq!(
        (t.id.as_str(), t.target.as_str()),
        ("coupon-stacking", "browser-gateway")
    );
    assert_eq!(a.mode(), Mode::Form, "its form opens");
    assert_eq!(
        a.form().map(|l| &l.target),
        Some(&FormTarget::Threat("coupon-stacking".into()))
    );
    assert_eq!(
        in_panel(&a, "coupon-stacking"),
        Some((Severity::Medium, "Coupon stacking".into())),
        "a new threat is a medium finding on its target"
    );

    to_row(&mut a, "title");
    keys(&mut a, "<Enter><C-u>Coupons stack without limit<Enter>");
    // STRIDE is a set: T, then E; Esc closes the picker.
    to_row(&mut a, "STRIDE");
    keys(
        &mut a,
        "<Enter><Down><Enter><Down><Down><Down><Down><Enter><Esc>",
    );
    assert_eq!(a.model.threats[0].stride, "TE");
    to_row(&mut a, "severity");
    keys(&mut a, "<Enter><Down><Down><Down><Enter>");
    assert_eq!(a.model.threats[0].severity, Some(ThreatSeverity::High));
    to_row(&mut a, "endpoint");
    keys(&mut a, "<Enter>checkout<Enter>");
    assert_eq!(
        a.model.threats[0].endpoint.as_deref(),
        Some("POST /checkout")
    );
    assert_eq!(
        in_panel(&a, "coupon-stacking"),
        Some((Severity::High, "Coupons stack without limit".into()))
    );
    let problems = crate::model::validate::validate(
        &a.model,
        &crate::model::to_canonical_string(&a.model),
        "m.ron",
    )
    .0;
    assert!(
        problems.iter().all(|d| !d.message.contains("threat")),
        "{problems:?}"
    );

    // Esc goes back to the threats panel, on the threat; Enter opens it again.
    keys(&mut a, "<Esc>");
    assert_eq!(a.mode(), Mode::Threats);
    let at = a.threat_cursor;
    let here = a.threat_rows().finding(at).map(|f| f.rule.to_string());
    assert_eq!(here.as_deref(), Some("coupon-stacking"));
    keys(&mut a, "<Enter>");
    assert_eq!(a.mode(), Mode::Form);

    // Delete asks first; no keeps it, yes deletes it and closes the form.
    to_row(&mut a, "delete this threat");
    keys(&mut a, "<Enter>");
    assert_eq!(
        a.question().cloned(),
        Some(Question::DeleteThreat("coupon-stacking".into()))
    );
    keys(&mut a, "n");
    assert_eq!(a.model.threats.len(), 1);
    assert_eq!(a.mode(), Mode::Form);
    keys(&mut a, "<Enter>y");
    assert!(a.model.threats.is_empty());
    assert_eq!(a.mode(), Mode::Threats);
    assert_eq!(in_panel(&a, "coupon-stacking"), None);

    // Undo brings it back as it was, then takes each edit back in turn.
    keys(&mut a, "u");
    assert_eq!(a.model.threats.len(), 1);
    assert_eq!(a.model.threats[0].severity, Some(ThreatSeverity::High));
    assert!(in_panel(&a, "coupon-stacking").is_some());
    keys(&mut a, "u");
    assert_eq!(
        a.model.threats[0].endpoint, None,
        "the endpoint edit undone"
    );
    keys(&mut a, "uuuu");
    assert_eq!(a.model.threats[0].title, "Coupon stacking");
    keys(&mut a, "u");
    assert!(a.model.threats.is_empty(), "the addition undone");
}

#[test]
fn rule_findings_keep_their_detail_and_manual_ones_open_from_the_findings_view() {
    let mut a = app();
    select_id(&mut a, "gateway");
    keys(&mut a, "t<Enter>");
    assert_eq!(a.mode(), Mode::Threats);
    assert!(a.detail_open, "Enter on a rule's finding opens its detail");
    keys(&mut a, "e");
    assert_eq!(a.mode(), Mode::Threats, "a rule's finding has no form");
    keys(&mut a, "<Esc><Esc>");

    // `:threat TITLE` adds on the selection directly.
    keys(&mut a, ":threat Refund abuse<Enter>");
    assert_eq!(a.model.threats.len(), 1, "{:?}", a.message);
    assert_eq!(a.model.threats[0].target, "gateway");
    keys(&mut a, "<Esc><Esc><Esc>");
    a.selection = None;
    keys(&mut a, ":threat Nothing selected<Enter>");
    assert_eq!(a.model.threats.len(), 1, "no target, no threat");

    keys(&mut a, "F");
    let rows = a.findings_rows();
    let at = (0..rows.len())
        .find(|&i| rows.finding(i).is_some_and(|f| f.origin == Origin::Manual))
        .expect("the findings view lists the threat");
    a.findings_cursor = at;
    keys(&mut a, "e");
    assert_eq!(a.mode(), Mode::Form);
    assert_eq!(
        a.form().map(|l| &l.target),
        Some(&FormTarget::Threat("refund-abuse".into()))
    );
    assert_eq!(a.selected_id(), Some("gateway"), "its target is selected");
}

#[test]
fn renaming_a_threat_keeps_its_form_open() {
    let mut a = app();
    select_id(&mut a, "orders-db");
    keys(&mut a, "tnBackup theft<Enter>");
    to_row(&mut a, "id");
    keys(&mut a, "<Enter><C-u>backups<Enter>");
    assert_eq!(a.model.threats[0].id, "backups");
    assert_eq!(
        a.form().map(|l| &l.target),
        Some(&FormTarget::Threat("backups".into()))
    );
    // An id that is not one is refused, and says why.
    keys(&mut a, "<Enter><C-u>no good<Enter>");
    assert_eq!(a.model.threats[0].id, "backups");
    assert!(a.message.as_deref().is_some_and(|m| m.contains("valid id")));
}

#[test]
fn threat_form_at_80x24() {
    let mut a = app();
    select_id(&mut a, "browser-gateway");
    keys(&mut a, "tnCoupon stacking<Enter>");
    insta::assert_snapshot!(screen(&mut a, 80, 24));
}
