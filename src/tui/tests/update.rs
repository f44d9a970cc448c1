use crate::model::{Control, ElementKindTag, Encryption, Protocol, TriageStatus};
use crate::tui::app::{Mode, Question, Selection};

use crate::tui::{Action, select_id, update};

use super::{app, keys};

/// Moves the open form's cursor from its first row down to the row `label`.
fn to_row(app: &mut crate::tui::App, target: crate::tui::form::FormTarget, label: &str) {
    let rows = crate::tui::form::rows(&app.model, &target);
    let at = rows
        .iter()
        .position(|r| r.label == label)
        .unwrap_or_else(|| panic!("the form has a {label} row"));
    for _ in 0..at {
        keys(app, "<Down>");
    }
}

fn selected(app: &crate::tui::App) -> Option<String> {
    app.selected_id().map(String::from)
}

#[test]
fn adds_an_element_near_the_selection_in_no_boundary_with_an_id_from_its_name() {
    let mut a = app();
    select_id(&mut a, "orders-svc");
    let n = a.model.elements.len();
    keys(&mut a, "a<Down><Enter>Billing API<Enter>");
    assert_eq!(a.model.elements.len(), n + 1);
    let e = a.model.element("billing-api").expect("added");
    assert_eq!(e.kind.tag(), ElementKindTag::Process);
    assert_eq!(
        e.boundary, None,
        "never takes the selection's boundary unasked (issue #17)"
    );
    let said = a.message.clone().unwrap_or_default();
    assert!(said.contains("b puts it in one"), "{said}");
    assert_eq!(selected(&a).as_deref(), Some("billing-api"));
    assert_eq!(a.mode(), Mode::Canvas);
    assert!(a.dirty);
    // Every box keeps its place once the user starts arranging.
    assert_eq!(a.model.layout.len(), a.model.elements.len());
    let near = a.model.layout["billing-api"];
    let from = a.model.layout["orders-svc"];
    assert!((near.x - from.x).abs() < 40 && (near.y - from.y).abs() < 20);
}

#[test]
fn connects_two_elements_by_typing_part_of_the_target_name() {
    let mut a = app();
    select_id(&mut a, "gateway");
    keys(&mut a, "faudit<Enter>");
    assert_eq!(a.mode(), Mode::Picker, "protocol picker");
    keys(&mut a, "<Enter>");
    let f = a.model.flow("gateway-audit-log").expect("flow added");
    assert_eq!(
        (f.source.as_str(), f.target.as_str()),
        ("gateway", "audit-log")
    );
    assert_eq!(f.protocol, Protocol::Https);
    assert_eq!(f.encryption, Encryption::Tls);
    assert_eq!(
        a.selection,
        Some(Selection::Flow("gateway-audit-log".into()))
    );
}

#[test]
fn deleting_an_element_with_flows_asks_first() {
    let mut a = app();
    select_id(&mut a, "orders-db");
    keys(&mut a, "d");
    assert_eq!(
        a.question().cloned(),
        Some(Question::DeleteWithFlows("orders-db".into()))
    );
    keys(&mut a, "n");
    assert!(a.model.element("orders-db").is_some());
    keys(&mut a, "dy");
    assert!(a.model.element("orders-db").is_none());
    assert!(a.model.flow("orders-db-write").is_none());
    assert_eq!(a.selection, None);
}

#[test]
fn moves_are_edits_that_undo_and_redo() {
    let mut a = app();
    select_id(&mut a, "gateway");
    let before = a.positions["gateway"];
    keys(&mut a, "<S-Right><S-Down>");
    let after = a.model.layout["gateway"];
    assert_eq!((after.x, after.y), (before.x + 2, before.y + 1));
    keys(&mut a, "u");
    assert_eq!(
        a.model.layout.get("gateway").map(|p| (p.x, p.y)),
        Some((before.x + 2, before.y))
    );
    keys(&mut a, "uu");
    assert!(a.model.layout.is_empty(), "back to the automatic layout");
    assert!(!a.dirty);
    keys(&mut a, "<C-r><C-r>");
    assert_eq!(a.model.layout["gateway"], after);
}

#[test]
fn a_new_edit_cuts_the_redo_branch() {
    let mut a = app();
    select_id(&mut a, "gateway");
    keys(&mut a, "<S-Right>u");
    keys(&mut a, "<S-Left>");
    keys(&mut a, "<C-r>");
    assert_eq!(a.message.as_deref(), Some("nothing to redo"));
}

#[test]
fn the_form_edits_attributes_and_each_edit_re_analyzes() {
    let mut a = app();
    select_id(&mut a, "browser-gateway");
    let open_before = a.summary.open;
    keys(&mut a, "<Enter>");
    assert_eq!(a.mode(), Mode::Form);
    // controls row: flip object-level authorization on.
    let target = crate::tui::form::FormTarget::Flow("browser-gateway".into());
    let rows = crate::tui::form::rows(&a.model, &target);
    to_row(&mut a, target, "controls");
    keys(&mut a, "<Enter>object-level<Enter><Esc>");
    let f = a.model.flow("browser-gateway").expect("flow");
    assert!(f.controls.contains(&Control::ObjectLevelAuthorization));
    assert!(a.summary.open < open_before || open_before == 0);
    // label: a text field
    keys(&mut a, "<Up>");
    let label_row = rows
        .iter()
        .position(|r| r.label == "label")
        .expect("label row");
    for _ in 0..rows.len() {
        keys(&mut a, "<Up>");
    }
    for _ in 0..label_row {
        keys(&mut a, "<Down>");
    }
    keys(&mut a, "<Enter>REST<Enter>");
    assert_eq!(
        a.model.flow("browser-gateway").map(|f| f.label.as_str()),
        Some("shop APIREST")
    );
    keys(&mut a, "<Esc>");
    assert_eq!(a.mode(), Mode::Canvas);
}

#[test]
fn the_id_row_renames_the_element_and_what_points_at_it() {
    let mut a = app();
    select_id(&mut a, "gateway");
    keys(&mut a, "<Enter>");
    assert_eq!(a.mode(), Mode::Form);
    // The id is the first row; the prompt starts with the current id.
    keys(&mut a, "<Enter>");
    keys(&mut a, &"<BS>".repeat("gateway".len()));
    keys(&mut a, "edge<Enter>");
    assert!(a.model.element("gateway").is_none());
    assert_eq!(
        a.model.flow("browser-gateway").map(|f| f.target.as_str()),
        Some("edge")
    );
    assert_eq!(selected(&a).as_deref(), Some("edge"));
    assert!(a.findings.items.iter().any(|f| f.target == "edge"));
    // The form still edits the renamed element.
    keys(&mut a, "<Down><Enter> box<Enter>");
    assert_eq!(
        a.model.element("edge").map(|e| e.name.as_str()),
        Some("API gateway box")
    );
    // A taken id is refused and changes nothing.
    keys(&mut a, "<Up><Enter>");
    keys(&mut a, &"<BS>".repeat("edge".len()));
    keys(&mut a, "orders-svc<Enter>");
    assert!(a.model.element("edge").is_some());
    assert!(a.message.as_deref().is_some_and(|m| m.contains("already")));
    // Undo takes back the name, then the id, everywhere at once.
    keys(&mut a, "<Esc><Esc><Esc>u");
    assert!(a.model.element("edge").is_some());
    keys(&mut a, "u");
    assert!(a.model.element("gateway").is_some());
    assert_eq!(
        a.model.flow("browser-gateway").map(|f| f.target.as_str()),
        Some("gateway")
    );
}

#[test]
fn a_name_that_matches_no_control_adds_the_team_s_own() {
    let mut a = app();
    select_id(&mut a, "orders-svc");
    keys(&mut a, "<Enter>");
    to_row(
        &mut a,
        crate::tui::form::FormTarget::Element("orders-svc".into()),
        "controls",
    );
    keys(&mut a, "<Enter>mTLS sidecar mesh<Enter>");
    let controls = &a.model.element("orders-svc").expect("element").controls;
    assert!(controls.contains(&Control::Custom("mTLS sidecar mesh".into())));
    // The new control is in the list, on; Enter on it turns it off again.
    keys(&mut a, "sidecar<Enter><Esc>");
    let controls = &a.model.element("orders-svc").expect("element").controls;
    assert!(!controls.iter().any(|c| matches!(c, Control::Custom(_))));
}

#[test]
fn endpoints_boundaries_and_data_are_made_from_forms() {
    let mut a = app();
    select_id(&mut a, "gateway-orders");
    keys(&mut a, "<Enter>");
    let rows = crate::tui::form::rows(
        &a.model,
        &crate::tui::form::FormTarget::Flow("gateway-orders".into()),
    );
    for _ in 0..rows.len() {
        keys(&mut a, "<Down>");
    }
    keys(&mut a, "<Enter>DELETE /orders/{id}<Enter>");
    let f = a.model.flow("gateway-orders").expect("flow");
    assert_eq!(f.endpoints.len(), 1);
    assert_eq!(f.endpoints[0].path, "/orders/{id}");
    keys(&mut a, "<Esc>M");
    let rows = crate::tui::form::rows(&a.model, &crate::tui::form::FormTarget::Model);
    let add_b = rows
        .iter()
        .position(|r| r.label.contains("add trust boundary"))
        .expect("row");
    for _ in 0..add_b {
        keys(&mut a, "<Down>");
    }
    keys(&mut a, "<Enter>Partner VPN<Enter>");
    assert!(a.model.boundary("partner-vpn").is_some());
    let rows = crate::tui::form::rows(&a.model, &crate::tui::form::FormTarget::Model);
    let add_d = rows
        .iter()
        .position(|r| r.label.contains("add data asset"))
        .expect("row");
    for _ in 0..rows.len() {
        keys(&mut a, "<Up>");
    }
    for _ in 0..add_d {
        keys(&mut a, "<Down>");
    }
    keys(&mut a, "<Enter>Invoices<Enter>");
    assert!(a.model.data_asset("invoices").is_some());
    keys(&mut a, "<Esc>");
    select_id(&mut a, "psp");
    keys(&mut a, "b");
    keys(&mut a, "Partner<Enter>");
    assert_eq!(
        a.model
            .element("psp")
            .and_then(|e| e.boundary.clone())
            .as_deref(),
        Some("partner-vpn")
    );
}

#[test]
fn mitigating_from_a_finding_applies_its_control() {
    let mut a = app();
    let finding = a
        .findings
        .open()
        .find(|f| f.mitigations.len() > 1)
        .cloned()
        .expect("an open finding with several controls");
    select_id(&mut a, &finding.target);
    keys(&mut a, "t");
    assert_eq!(a.mode(), Mode::Threats);
    let at = a
        .threat_rows()
        .row_of(&finding.id, crate::review::Scope::Finding)
        .expect("listed");
    for _ in 0..at {
        keys(&mut a, "<Down>");
    }
    keys(&mut a, "m");
    assert_eq!(a.mode(), Mode::Picker);
    keys(&mut a, "<Enter>");
    let now = a.findings.get(&finding.id).expect("still found");
    assert_eq!(now.status, TriageStatus::Mitigated);
    assert_eq!(a.mode(), Mode::Threats);
    // The cursor stays on the threat just decided.
    assert_eq!(
        a.threat_rows()
            .finding(a.threat_cursor)
            .map(|f| f.id.clone()),
        Some(finding.id.clone())
    );
    keys(&mut a, "u");
    assert!(a.findings.get(&finding.id).is_some_and(|f| f.is_open()));
}

#[test]
fn findings_view_filters_and_jumps_to_the_target() {
    let mut a = app();
    keys(&mut a, "F");
    let all = a.filtered_findings().len();
    keys(&mut a, "x");
    assert_eq!(a.filter.status, Some(TriageStatus::Open));
    assert!(
        a.filtered_findings()
            .iter()
            .all(|f| f.status == TriageStatus::Open)
    );
    keys(&mut a, "0");
    assert_eq!(a.filtered_findings().len(), all);
    if let Some(first) = a.filtered_findings().first().map(|f| f.target.clone()) {
        keys(&mut a, "<Enter>");
        assert_eq!(a.mode(), Mode::Canvas);
        assert_eq!(selected(&a), Some(first));
    }
}

#[test]
fn quitting_with_unsaved_changes_asks() {
    let mut a = app();
    keys(&mut a, "q");
    assert!(a.quit, "nothing to lose");
    let mut a = app();
    select_id(&mut a, "gateway");
    keys(&mut a, "<S-Down>q");
    assert!(!a.quit);
    assert_eq!(a.question().cloned(), Some(Question::QuitUnsaved));
    keys(&mut a, "c");
    assert!(!a.quit);
    assert_eq!(a.mode(), Mode::Canvas);
    keys(&mut a, ":q<Enter>");
    assert!(!a.quit, ":q refuses too");
    keys(&mut a, "qd");
    assert!(a.quit);
}

#[test]
fn search_jumps_to_elements_and_flows() {
    let mut a = app();
    keys(&mut a, "/charge<Enter>");
    assert_eq!(a.selection, Some(Selection::Flow("orders-psp".into())));
    keys(&mut a, "/database<Enter>");
    assert_eq!(selected(&a).as_deref(), Some("orders-db"));
}

#[test]
fn arrows_select_the_nearest_element_in_that_direction() {
    let mut a = app();
    select_id(&mut a, "browser");
    keys(&mut a, "l");
    assert_eq!(selected(&a).as_deref(), Some("gateway"));
    keys(&mut a, "<Right>");
    assert_eq!(selected(&a).as_deref(), Some("orders-svc"));
    keys(&mut a, "h");
    assert_eq!(selected(&a).as_deref(), Some("gateway"));
    keys(&mut a, "<Tab>");
    assert!(a.selection.is_some());
}

#[test]
fn rename_changes_the_name_and_keeps_the_id() {
    let mut a = app();
    select_id(&mut a, "gateway");
    keys(&mut a, "r");
    for _ in 0.."API gateway".len() {
        keys(&mut a, "<BS>");
    }
    keys(&mut a, "Edge proxy<Enter>");
    assert_eq!(
        a.model.element("gateway").map(|e| e.name.as_str()),
        Some("Edge proxy")
    );
}

#[test]
fn mouse_click_selects_and_drag_moves_in_one_undo_step() {
    let mut a = app();
    let r = a.scene.boxes[a.scene.by_id["gateway"]].rect;
    let c = a.areas().canvas;
    let sx = (r.x - a.view.0) as u16 + c.x + 1;
    let sy = (r.y - a.view.1) as u16 + c.y + 1;
    update(&mut a, Action::Click(sx, sy));
    assert_eq!(selected(&a).as_deref(), Some("gateway"));
    update(&mut a, Action::Drag(sx + 3, sy + 1));
    update(&mut a, Action::Drag(sx + 6, sy + 2));
    update(&mut a, Action::Release);
    assert_eq!(a.model.layout["gateway"].x, r.x + 6);
    keys(&mut a, "u");
    assert!(a.model.layout.is_empty());
}

#[test]
fn a_click_on_a_listed_threat_focuses_it() {
    let mut a = app();
    select_id(&mut a, "gateway");
    let threats = a.threat_rows().len();
    assert!(threats >= 3, "the gateway has threats to click");
    let side = a
        .areas()
        .side
        .expect("a 120-column screen has the side panel");
    let (_, list) = crate::tui::app::side_split(side, true);
    // The third row inside the list's border.
    update(&mut a, Action::Click(list.x + 2, list.y + 3));
    assert_eq!(a.mode(), Mode::Threats);
    assert_eq!(a.threat_cursor, 2);
    // The border and the space below the last threat select nothing new.
    update(&mut a, Action::Click(list.x + 2, list.y));
    assert_eq!(a.threat_cursor, 2);
    assert_eq!(selected(&a).as_deref(), Some("gateway"));
}

#[test]
fn help_is_generated_from_the_keymap() {
    let lines = crate::tui::keymap::help_lines(Mode::Canvas);
    for b in crate::tui::keymap::bindings()
        .iter()
        .filter(|b| b.mode == Mode::Canvas)
    {
        let desc = b.action.describe();
        if desc.is_empty() {
            continue;
        }
        assert!(
            lines.iter().any(|(_, d)| d.starts_with(desc)),
            "{desc} missing from help"
        );
    }
}
