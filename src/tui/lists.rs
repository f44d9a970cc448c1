//! Keys in the threats panel and the findings view: moving, folding,
//! filtering, opening a threat.

use crate::analysis::{Severity, TargetKind};
use crate::library::Stride;
use crate::model::TriageStatus;

use super::action::Action;
use super::app::{App, Screen, Selection};

/// Applies `action` and returns the effects it asks for, in order.
use super::edit_canvas::select;

pub(super) fn threats(app: &mut App, action: Action) {
    let rows = app.threat_rows();
    let n = rows.len();
    let on_group = rows.finding(app.threat_cursor).is_none();
    if app.detail_open {
        // The open detail scrolls; the renderer stops at its end.
        let page = page(app);
        match action {
            Action::Up => return app.detail_scroll = app.detail_scroll.saturating_sub(1),
            Action::Down => return app.detail_scroll += 1,
            Action::Jump(j) => {
                app.detail_scroll = j.apply(app.detail_scroll, 200, page);
                return;
            }
            _ => {}
        }
    }
    match action {
        Action::Up => app.threat_cursor = app.threat_cursor.saturating_sub(1),
        Action::Down if app.threat_cursor + 1 < n => app.threat_cursor += 1,
        Action::Jump(j) => app.threat_cursor = j.apply(app.threat_cursor, n, page(app)),
        Action::Fold => super::fold::toggle_here(app),
        Action::CommandLine => super::commands::open(app),
        Action::Confirm if n > 0 && on_group => super::fold::toggle_here(app),
        Action::NewThreat => super::threat_actions::new_threat(app, ""),
        Action::Confirm | Action::EditThreat if open_manual(app, app.threat_cursor) => {}
        Action::EditThreat => {
            app.message = Some("a rule's finding: decide on it (m a i t f)".into())
        }
        Action::Confirm if n > 0 => {
            app.detail_open = !app.detail_open;
            app.detail_scroll = 0;
        }
        ref a if super::decide::key(app, a) => {}
        Action::Back if app.detail_open => app.detail_open = false,
        Action::Back => app.show(Screen::Canvas),
        _ => {}
    }
}

/// The threat form of the panel's finding at `cursor`, when it is one
/// written by hand.
fn open_manual(app: &mut App, cursor: usize) -> bool {
    let id = app.threat_rows().finding(cursor).map(|f| f.id.clone());
    id.is_some_and(|id| super::threat_actions::open_finding(app, &id))
}

/// The same from the findings view, at its cursor.
fn open_filtered_manual(app: &mut App) -> bool {
    let id = app
        .findings_rows()
        .finding(app.findings_cursor)
        .map(|f| f.id.clone());
    id.is_some_and(|id| super::threat_actions::open_finding(app, &id))
}

fn cycle_option<T: Clone + PartialEq>(now: &Option<T>, all: &[T]) -> Option<T> {
    match now {
        None => all.first().cloned(),
        Some(v) => {
            let at = all.iter().position(|x| x == v)?;
            all.get(at + 1).cloned()
        }
    }
}

pub(super) fn findings(app: &mut App, action: Action) {
    let n = app.findings_rows().len();
    match action {
        Action::Up => app.findings_cursor = app.findings_cursor.saturating_sub(1),
        Action::Down if app.findings_cursor + 1 < n => app.findings_cursor += 1,
        Action::Jump(j) => app.findings_cursor = j.apply(app.findings_cursor, n, page(app)),
        Action::Fold => super::fold::toggle_here(app),
        Action::CommandLine => super::commands::open(app),
        Action::Confirm if app.findings_rows().finding(app.findings_cursor).is_none() => {
            super::fold::toggle_here(app);
        }
        Action::Confirm | Action::EditThreat if open_filtered_manual(app) => {}
        Action::EditThreat => {
            app.message = Some("a rule's finding: decide on it (m a i t f)".into())
        }
        Action::Confirm => {
            if let Some(f) = app.findings_rows().finding(app.findings_cursor) {
                let sel = match f.target_kind {
                    TargetKind::Flow => Selection::Flow(f.target.clone()),
                    TargetKind::Element(_) => Selection::Element(f.target.clone()),
                };
                let rule = f.id.clone();
                app.show(Screen::Canvas);
                select(app, sel);
                app.threat_cursor = app
                    .threat_rows()
                    .row_of(&rule, crate::review::Scope::Finding)
                    .unwrap_or(0);
            }
        }
        ref a if super::decide::key(app, a) => {}
        Action::FilterSeverity => {
            let worst_first: Vec<Severity> = Severity::ALL.iter().rev().copied().collect();
            app.filter.severity = cycle_option(&app.filter.severity, &worst_first);
            app.findings_cursor = 0;
        }
        Action::FilterStride => {
            app.filter.stride = cycle_option(&app.filter.stride, &Stride::ALL);
            app.findings_cursor = 0;
        }
        Action::FilterOwasp => {
            let mut ids: Vec<String> = app
                .findings
                .items
                .iter()
                .flat_map(|f| f.owasp.iter().cloned())
                .collect();
            ids.sort_by_key(|id| owasp_key(id));
            ids.dedup();
            app.filter.owasp = cycle_option(&app.filter.owasp, &ids);
            app.findings_cursor = 0;
        }
        Action::FilterStatus => {
            app.filter.status = cycle_option(&app.filter.status, TriageStatus::ALL);
            app.findings_cursor = 0;
        }
        Action::ClearFilters => {
            app.filter = Default::default();
            app.findings_cursor = 0;
        }
        Action::Back => app.show(Screen::Canvas),
        _ => {}
    }
}

/// Rows a page of a list moves: the height of the list panes, about.
pub(super) fn page(app: &App) -> usize {
    usize::from(app.size.1.saturating_sub(8) / 2).max(1)
}

/// `API10:2023` sorts after `API9:2023`.
fn owasp_key(id: &str) -> (u32, String) {
    let number = id
        .trim_start_matches("API")
        .split(':')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(u32::MAX);
    (number, id.to_string())
}
