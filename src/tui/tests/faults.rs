//! The faults of issue #17 seen on screen, each pinned by a test on
//! `update` or on a rendered screen.

use crate::model::{Encryption, Protocol};
use crate::tui::app::Mode;
use crate::tui::form::FormTarget;
use crate::tui::{Action, select_id, update};

use super::{app, keys};

/// Opens the form of `target` and its row `label`'s picker.
fn open_row(a: &mut crate::tui::App, target: FormTarget, label: &str) {
    keys(a, "<Enter>");
    let rows = crate::tui::form::rows(&a.model, &target);
    let at = rows
        .iter()
        .position(|r| r.label == label)
        .unwrap_or_else(|| panic!("a {label} row"));
    for _ in 0..at {
        keys(a, "<Down>");
    }
    keys(a, "<Enter>");
}

fn checked(a: &crate::tui::App, label: &str) -> Option<bool> {
    let p = a.picker().expect("a picker");
    p.items.iter().find(|i| i.label == label)?.checked
}

#[test]
fn the_controls_picker_shows_tls_on_a_flow_encrypted_with_tls() {
    let mut a = app();
    select_id(&mut a, "browser-gateway");
    open_row(
        &mut a,
        FormTarget::Flow("browser-gateway".into()),
        "controls",
    );
    assert_eq!(a.mode(), Mode::Picker);
    assert_eq!(checked(&a, "TLS"), Some(true), "encryption: Tls is TLS");
    assert_eq!(checked(&a, "authentication"), Some(true), "JWT");
    assert_eq!(checked(&a, "mutual TLS"), Some(false));
    // Unticking TLS takes the encryption off, and the picker says so.
    keys(&mut a, "TLS<Enter>");
    let f = a.model.flow("browser-gateway").expect("flow");
    assert_eq!(f.encryption, Encryption::None);
    assert_eq!(checked(&a, "TLS"), Some(false));
    // Ticking it again puts it back where the analysis sees it.
    keys(&mut a, "<Enter>");
    let f = a.model.flow("browser-gateway").expect("flow");
    assert_eq!(f.encryption, Encryption::Tls);
    assert!(f.controls.is_empty(), "TLS lives in `encryption` alone");
}

#[test]
fn a_control_implied_by_an_attribute_stays_ticked_and_says_which_field() {
    let mut a = app();
    select_id(&mut a, "browser-gateway");
    open_row(
        &mut a,
        FormTarget::Flow("browser-gateway".into()),
        "controls",
    );
    keys(&mut a, "authentication<Enter>");
    assert_eq!(checked(&a, "authentication"), Some(true));
    let said = a.message.clone().unwrap_or_default();
    assert!(said.contains("`authentication`"), "{said}");
}

#[test]
fn a_new_flow_into_a_sql_store_defaults_to_sql() {
    let mut a = app();
    select_id(&mut a, "gateway");
    keys(&mut a, "forders database<Enter><Enter>");
    let f = a.model.flow("gateway-orders-db").expect("flow added");
    assert_eq!(f.protocol, Protocol::Sql);
    assert_eq!(f.encryption, Encryption::None, "SQL sets no TLS by itself");
}

#[test]
fn changing_a_protocol_to_https_later_sets_tls_as_at_creation() {
    let mut a = app();
    select_id(&mut a, "gateway-orders");
    assert_eq!(
        a.model.flow("gateway-orders").map(|f| f.encryption),
        Some(Encryption::None)
    );
    open_row(
        &mut a,
        FormTarget::Flow("gateway-orders".into()),
        "protocol",
    );
    let at = Protocol::ALL
        .iter()
        .position(|p| *p == Protocol::Https)
        .expect("HTTPS");
    let now = a.picker().map_or(0, |p| p.cursor);
    for _ in now..at {
        keys(&mut a, "<Down>");
    }
    keys(&mut a, "<Enter>");
    let f = a.model.flow("gateway-orders").expect("flow");
    assert_eq!(
        (f.protocol, f.encryption),
        (Protocol::Https, Encryption::Tls)
    );
}

#[test]
fn applying_a_control_says_how_many_findings_it_closed() {
    let mut a = app();
    // The finding with the most open siblings that one control closes.
    let finding = a
        .findings
        .open()
        .find(|f| f.mitigations.len() == 1 && f.target == "gateway-orders")
        .cloned()
        .expect("an open finding with one control on gateway-orders");
    select_id(&mut a, &finding.target);
    keys(&mut a, "t");
    let at = a
        .threat_rows()
        .row_of(&finding.id, crate::review::Scope::Finding)
        .expect("listed");
    for _ in 0..at {
        keys(&mut a, "<Down>");
    }
    keys(&mut a, "m");
    let said = a.message.clone().unwrap_or_default();
    assert!(
        said.contains("closed 1 finding") || said.contains("findings"),
        "{said}"
    );
    assert!(said.contains(finding.mitigations[0].label()), "{said}");
}

#[test]
fn in_a_review_a_control_says_it_moved_on_and_the_counter_counts_what_it_closed() {
    let mut a = app();
    a.reviewer = "Ana".into();
    // A second operation by id makes the path-id finding a group of two.
    a.edit(|m| {
        crate::model::structure::add_endpoint(m, "browser-gateway", "DELETE /orders/{orderId}")
            .expect("endpoint added");
    });
    keys(&mut a, "R");
    // Object-level authorization on the whole flow (`g`, then `m`) closes
    // the path-id finding's group and the unscoped list's as well.
    while crate::tui::review::current_finding(&a)
        .is_some_and(|f| !f.id.starts_with("API1-BOLA-path-id@browser-gateway"))
    {
        keys(&mut a, "s");
    }
    assert!(
        crate::tui::review::current_finding(&a).is_some(),
        "in the queue"
    );
    keys(&mut a, "gm");
    let said = a.message.clone().unwrap_or_default();
    assert!(
        said.contains("also closed API1-BOLA-unscoped-list"),
        "{said}"
    );
    assert!(said.ends_with("on to the next threat"), "{said}");
    let review = a.review.clone().expect("in review");
    assert!(review.closed_by_controls(&a) >= 1);
    let screen = super::render::screen(&mut a, 120, 40).to_string();
    assert!(screen.contains("closed by a control"), "{screen}");
}

#[test]
fn the_findings_view_never_says_mitigated_by_on_an_open_finding() {
    let mut a = app();
    keys(&mut a, "F");
    update(&mut a, Action::Resize(120, 40));
    let open = a
        .findings_rows()
        .finding(a.findings_cursor)
        .cloned()
        .expect("a finding under the cursor");
    assert!(open.mitigated_by.is_empty(), "the first one is open");
    let screen = super::render::screen(&mut a, 120, 40).to_string();
    assert!(!screen.contains("mitigated by:"), "{screen}");
    assert!(screen.contains("mitigate with:"), "{screen}");
}

#[test]
fn an_endpoint_form_follows_its_endpoint_when_its_path_changes() {
    let mut a = app();
    select_id(&mut a, "browser-gateway");
    open_row(
        &mut a,
        FormTarget::Flow("browser-gateway".into()),
        "  POST /login",
    );
    let login = FormTarget::Endpoint("browser-gateway".into(), "POST /login".into());
    assert_eq!(a.form().map(|l| &l.target), Some(&login));
    let rows = crate::tui::form::rows(&a.model, &login);
    let at = rows
        .iter()
        .position(|r| r.label == "path")
        .expect("path row");
    for _ in 0..at {
        keys(&mut a, "<Down>");
    }
    keys(&mut a, "<Enter><C-u>/signin<Enter>");
    let signin = FormTarget::Endpoint("browser-gateway".into(), "POST /signin".into());
    assert_eq!(a.form().map(|l| &l.target), Some(&signin));
    assert!(!crate::tui::form::rows(&a.model, &signin).is_empty());
    // A second endpoint with the same method and path is refused.
    keys(&mut a, "<Enter><C-u>/checkout<Enter>");
    assert!(
        a.message
            .as_deref()
            .is_some_and(|m| m.contains("already has"))
    );
    assert!(
        crate::model::structure::endpoint(&a.model, "browser-gateway", "POST /signin").is_some()
    );
}

#[test]
fn the_boundary_picker_reads_the_choice_from_the_row_not_its_position() {
    let mut a = app();
    select_id(&mut a, "audit-log");
    // Filtered down to one row, the chosen boundary is that row's.
    keys(&mut a, "bpayment<Enter>");
    let boundary = |a: &crate::tui::App| a.model.element("audit-log").unwrap().boundary.clone();
    assert_eq!(boundary(&a).as_deref(), Some("payment-provider"));
    keys(&mut a, "b(none)<Enter>");
    assert_eq!(boundary(&a), None);
    keys(&mut a, "bnew trust<Enter>");
    assert_eq!(a.mode(), Mode::Prompt, "the last row asks for a name");
}
