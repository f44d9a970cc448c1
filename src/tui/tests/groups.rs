//! Groups of operations in the threats panel, the findings view and the
//! review: folded to one line by default, opened and folded with Space (or
//! Enter on the group's line), decided as a whole on the group's line or
//! after `g` in a review, one operation at a time once open.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::analysis::Finding;
use crate::model::TriageStatus;
use crate::review::Scope;
use crate::tui::app::Mode;
use crate::tui::fold::Row;
use crate::tui::{Action, App, render, select_id, update};

use super::keys;

/// The bookstore spec of the tests, imported, in a workbench of 120×40
/// reviewed by Ana on a fixed day.
fn api() -> App {
    let text = include_str!("../../../tests/fixtures/openapi/bookstore.yaml");
    let model = crate::import::import_openapi(text, "bookstore.yaml")
        .expect("the bookstore spec imports")
        .model;
    let mut a = App::new(
        std::path::PathBuf::from("bookstore.ron"),
        model,
        crate::library::built_in(),
        None,
        super::TODAY,
    );
    a.color = false;
    a.reviewer = "Ana".into();
    a.refresh();
    update(&mut a, Action::Resize(120, 40));
    a
}

/// The biggest group of operations whose findings all need a decision.
fn group(a: &App) -> Vec<Finding> {
    let mut best: Vec<Finding> = Vec::new();
    for id in crate::tui::fold::all_groups(&a.findings.items) {
        let members: Vec<Finding> = a
            .findings
            .items
            .iter()
            .filter(|f| f.endpoint.is_some() && f.group_id() == id.as_str())
            .cloned()
            .collect();
        if members.iter().all(Finding::needs_decision) && members.len() > best.len() {
            best = members;
        }
    }
    assert!(
        best.len() >= 3,
        "the spec has a group of several operations"
    );
    best
}

/// The threats panel of the group's flow, the cursor on the group's line.
fn on_group_line(a: &mut App, members: &[Finding]) -> usize {
    select_id(a, &members[0].target);
    keys(a, "t");
    assert_eq!(a.mode(), Mode::Threats);
    let row = a
        .threat_rows()
        .row_of(&members[0].id, Scope::Group)
        .expect("the group has a line");
    keys(a, "g");
    for _ in 0..row {
        keys(a, "j");
    }
    assert_eq!(a.threat_cursor, row);
    row
}

#[test]
fn a_group_is_folded_to_one_line_and_space_opens_and_folds_it() {
    let mut a = api();
    let members = group(&a);
    let row = on_group_line(&mut a, &members);
    let folded = a.threat_rows();
    assert!(
        matches!(folded.rows[row], Row::Group { folded: true, len, .. } if len == members.len())
    );
    let all = a.selection_findings().len();
    assert!(
        folded.len() < all,
        "folded groups take one line: {} rows for {all} findings",
        folded.len()
    );
    let before = folded.len();

    keys(&mut a, "<Space>");
    let open = a.threat_rows();
    assert_eq!(open.len(), before + members.len(), "every operation shows");
    assert!(matches!(open.rows[row], Row::Group { folded: false, .. }));
    assert_eq!(a.threat_cursor, row, "the cursor stays on the group");
    for (i, f) in members.iter().enumerate() {
        assert_eq!(open.finding(row + 1 + i).map(|x| &x.id), Some(&f.id));
        assert_eq!(open.aim(row + 1 + i).map(|x| x.1), Some(Scope::Finding));
    }

    // Space on an operation folds its group and goes back to the group's line.
    keys(&mut a, "jj<Space>");
    assert_eq!(a.threat_cursor, row);
    assert_eq!(a.threat_rows().len(), before);
    // Enter on a group's line opens it too (and opens no detail).
    keys(&mut a, "<Enter>");
    assert_eq!(a.threat_rows().len(), before + members.len());
    assert!(!a.detail_open);
    keys(&mut a, "<Enter>");
    assert_eq!(a.threat_rows().len(), before);
}

#[test]
fn the_cursor_moves_over_visible_lines_only() {
    let mut a = api();
    let members = group(&a);
    on_group_line(&mut a, &members);
    let rows = a.threat_rows().len();
    keys(&mut a, "G");
    assert_eq!(a.threat_cursor, rows - 1, "the last visible line");
    for _ in 0..rows + 5 {
        keys(&mut a, "j");
    }
    assert_eq!(a.threat_cursor, rows - 1, "no line past the folded end");
    // Every visible line is something to decide on.
    for row in 0..rows {
        assert!(a.threat_rows().aim(row).is_some());
    }
}

#[test]
fn the_findings_view_folds_groups_as_well() {
    let mut a = api();
    let members = group(&a);
    keys(&mut a, "F");
    assert_eq!(a.mode(), Mode::Findings);
    let shown = a.findings_rows();
    assert!(shown.len() < a.filtered_findings().len());
    let row = shown
        .row_of(&members[1].id, Scope::Finding)
        .expect("the operation's folded group");
    assert!(matches!(shown.rows[row], Row::Group { folded: true, .. }));
    for _ in 0..row {
        keys(&mut a, "j");
    }
    keys(&mut a, "<Space>j");
    assert_eq!(
        crate::tui::decide::aim(&a).map(|(f, s)| (f.id, s)),
        Some((members[0].id.clone(), Scope::Finding))
    );
    keys(&mut a, ":fold<Enter>");
    assert_eq!(
        a.findings_cursor, row,
        ":fold goes back to the group's line"
    );
    keys(&mut a, ":unfold<Enter>");
    assert!(a.unfolded.contains(&*members[0].group_id()));
}

#[test]
fn accepting_a_folded_group_records_the_flow_level_decision_from_both_lists() {
    for path in ["threats", "findings"] {
        let mut a = api();
        let members = group(&a);
        let group_id = members[0].group_id().into_owned();
        if path == "threats" {
            on_group_line(&mut a, &members);
        } else {
            keys(&mut a, "F");
            let row = a
                .findings_rows()
                .row_of(&members[0].id, Scope::Group)
                .expect("a line");
            for _ in 0..row {
                keys(&mut a, "j");
            }
        }
        keys(&mut a, "a");
        let title = a.prompt().map(|p| p.title.clone()).unwrap_or_default();
        assert_eq!(
            title,
            format!(
                "Accept all {} operations of {group_id}: why (required)",
                members.len()
            ),
            "{path}: the prompt says the whole group"
        );
        keys(&mut a, "<Enter>");
        assert_eq!(
            a.mode(),
            Mode::Prompt,
            "{path}: a justification is required"
        );
        assert_eq!(
            a.message.as_deref(),
            Some("accepting a risk needs a justification")
        );
        keys(&mut a, "internal tool behind SSO<Enter><Enter>");
        let t = a.model.triage_for(&group_id).cloned().expect("recorded");
        assert_eq!(t.status, TriageStatus::Accepted, "{path}");
        assert_eq!(t.note, "internal tool behind SSO");
        assert_eq!(t.reviewer.as_deref(), Some("Ana"));
        assert_eq!(t.date.as_deref(), Some("2026-11-28"));
        assert!(t.fingerprint.is_some(), "{path}: fingerprinted");
        for f in &members {
            assert!(
                a.model.triage_for(&f.id).is_none(),
                "{path}: no record per operation"
            );
            let now = a.findings.get(&f.id).expect("still a finding");
            assert_eq!(now.status, TriageStatus::Accepted, "{path}: {}", f.id);
        }
        let said = a.message.clone().unwrap_or_default();
        assert!(
            said.starts_with(&format!(
                "{group_id}: accepted on all {} operations",
                members.len()
            )),
            "{path}: {said}"
        );
        // The cursor stays on the group's line.
        let aim = crate::tui::decide::aim(&a).map(|(f, s)| (f.group_id().into_owned(), s));
        assert_eq!(aim, Some((group_id.clone(), Scope::Group)), "{path}");
        goes_stale(&mut a, &members, path);
    }
}

/// A change to the design of the group's flow makes the decision on the
/// group stale for every operation it covers.
fn goes_stale(a: &mut App, members: &[Finding], path: &str) {
    let flow = members[0].target.clone();
    a.edit(|m| {
        if let Some(f) = m.flow_mut(&flow) {
            f.controls
                .push(crate::model::Control::Custom("changed-after".into()));
        }
    });
    for f in members {
        let now = a.findings.get(&f.id).expect("still a finding");
        assert!(now.stale.is_some(), "{path}: {} went stale", f.id);
        assert!(now.needs_decision(), "{path}: {}", f.id);
    }
}

#[test]
fn an_operation_of_an_open_group_is_decided_alone_and_its_decision_wins() {
    let mut a = api();
    let members = group(&a);
    let group_id = members[0].group_id().into_owned();
    on_group_line(&mut a, &members);
    keys(&mut a, "aone decision for all<Enter><Enter>");
    keys(&mut a, "<Space>jj");
    let op = &members[1];
    assert_eq!(
        crate::tui::decide::aim(&a).map(|(f, s)| (f.id, s)),
        Some((op.id.clone(), Scope::Finding))
    );
    keys(&mut a, "a");
    let title = a.prompt().map(|p| p.title.clone()).unwrap_or_default();
    assert_eq!(title, format!("Accept {}: why (required)", op.id));
    keys(&mut a, "<Esc>f");
    keys(&mut a, "the id is the caller's own<Enter>");
    let own = a.model.triage_for(&op.id).cloned().expect("its own record");
    assert_eq!(own.status, TriageStatus::FalsePositive);
    assert_eq!(own.reviewer.as_deref(), Some("Ana"));
    assert!(own.fingerprint.is_some());
    assert_eq!(
        a.findings.get(&op.id).map(|f| f.status),
        Some(TriageStatus::FalsePositive),
        "the operation's own decision wins"
    );
    for f in members.iter().filter(|f| f.id != op.id) {
        assert_eq!(
            a.findings.get(&f.id).map(|f| f.status),
            Some(TriageStatus::Accepted),
            "{}",
            f.id
        );
    }
    assert_eq!(
        a.model.triage_for(&group_id).map(|t| t.status),
        Some(TriageStatus::Accepted),
        "the group's record stands"
    );
    // The group's line now says its operations differ.
    let rows = a.threat_rows();
    let line = crate::tui::panels::threats::row_line(
        &rows,
        a.threat_cursor - 2,
        100,
        crate::tui::theme::Theme { color: false },
        false,
    );
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    assert!(text.contains(" mixed "), "{text}");
}

#[test]
fn in_a_review_g_makes_the_next_decision_cover_the_group_and_moves_past_it() {
    let mut a = api();
    let members = group(&a);
    let group_id = members[0].group_id().into_owned();
    keys(&mut a, "R");
    for _ in 0..200 {
        if crate::tui::review::current_finding(&a).is_some_and(|f| f.group_id() == group_id) {
            break;
        }
        keys(&mut a, "s");
    }
    let shown = crate::tui::review::current_finding(&a)
        .cloned()
        .expect("an operation of the group under review");
    assert_eq!(
        crate::tui::decide::aim(&a).map(|x| x.1),
        Some(Scope::Finding),
        "one operation unless asked"
    );
    keys(&mut a, "g");
    assert_eq!(crate::tui::decide::aim(&a).map(|x| x.1), Some(Scope::Group));
    let panel = screen(&mut a, 120, 40);
    assert!(
        panel.contains(&format!("next decision: all {} operations", members.len())),
        "the review panel says the decision covers the group"
    );
    keys(&mut a, "twhoever runs the bookstore<Enter>");
    let t = a
        .model
        .triage_for(&group_id)
        .cloned()
        .expect("group record");
    assert_eq!(t.status, TriageStatus::Transferred);
    assert!(a.model.triage_for(&shown.id).is_none());
    let now = crate::tui::review::current_finding(&a).map(|f| f.group_id().into_owned());
    assert_ne!(
        now,
        Some(group_id.clone()),
        "the review moved past the group"
    );
    let r = a.review.as_ref().expect("review");
    assert!(
        !r.whole_group,
        "the next decision is about one operation again"
    );
    assert!(
        r.decided_count(&a) >= members.len(),
        "each operation counts as decided"
    );
    assert!(t.fingerprint.is_some() && t.reviewer.as_deref() == Some("Ana"));
    goes_stale(&mut a, &members, "review");
}

fn screen(a: &mut App, w: u16, h: u16) -> String {
    update(a, Action::Resize(w, h));
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal.draw(|f| render(a, f)).expect("draw");
    terminal.backend().to_string()
}

#[test]
fn folded_and_open_group_in_the_threats_panel() {
    let mut a = api();
    let members = group(&a);
    on_group_line(&mut a, &members);
    let folded = screen(&mut a, 140, 30);
    keys(&mut a, "<Space>");
    let open = screen(&mut a, 140, 30);
    insta::assert_snapshot!("group_folded", folded);
    insta::assert_snapshot!("group_open", open);
}

#[test]
fn folded_groups_in_the_findings_view() {
    let mut a = api();
    keys(&mut a, "F");
    insta::assert_snapshot!(screen(&mut a, 120, 30));
}
