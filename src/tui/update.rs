//! `update`: the one place where actions change the workbench state. It
//! does no input or output: what it wants written comes back as effects
//! (`super::effect`), which the event loop performs, so tests drive it
//! directly and check the effects.

use crate::analysis::{Severity, TargetKind};
use crate::library::Stride;
use crate::model::{
    DataStore, Element, ElementKind, ElementKindTag, External, Flow, Position, Process, Protocol,
    TriageStatus,
};

use super::action::{Action, Dir};
use super::app::{
    App, Drag, FormLevel, Mode, PickFor, PickItem, Picker, Prompt, PromptFor, Question, Selection,
};
use super::effect::{Done, Effect};
use super::form::{self, Edit, FormTarget, Value};
use super::scene::CRect;
use crate::model::ids::unique_id;

/// Applies `action` and returns the effects it asks for, in order.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    step(app, action);
    std::mem::take(&mut app.effects)
}

fn step(app: &mut App, action: Action) {
    match action {
        Action::Done(done) => return finish(app, done),
        Action::Resize(w, h) => {
            app.size = (w, h);
            if app.base_mode() == Mode::Review {
                super::review::focus(app);
            } else {
                app.reset_view();
            }
            return;
        }
        Action::Click(x, y) => return click(app, x, y),
        Action::Drag(x, y) => return drag(app, x, y),
        Action::Release => return release(app),
        Action::DebugPanic => panic!("a panic requested from the debug key (F12)"),
        _ => {}
    }
    app.message = None;
    if common(app, &action) {
        return;
    }
    match app.mode {
        Mode::Canvas => canvas(app, action),
        Mode::Threats => threats(app, action),
        Mode::Findings => findings(app, action),
        Mode::Form => form_mode(app, action),
        Mode::Review => super::review::update(app, action),
        Mode::Picker | Mode::Search => picker(app, action),
        Mode::Prompt => prompt(app, action),
        Mode::Command => super::commands::update(app, action),
        Mode::Confirm => {
            if let Action::Answer(c) = action {
                answer(app, c);
            }
        }
        Mode::Help => match action {
            Action::Back if !app.help_filter.is_empty() => {
                app.help_filter.clear();
                app.help_scroll = 0;
            }
            Action::Back => app.mode = app.help_return,
            Action::Up => app.help_scroll = app.help_scroll.saturating_sub(1),
            Action::Down => app.help_scroll += 1,
            Action::Jump(j) => {
                let page = usize::from(app.size.1.saturating_sub(8));
                // The overlay clamps: "last" is as far as it scrolls.
                app.help_scroll = j.apply(app.help_scroll, usize::MAX, page);
            }
            Action::Search => open_prompt(
                app,
                "Search the help",
                app.help_filter.clone(),
                PromptFor::HelpFilter,
            ),
            _ => {}
        },
    }
}

/// Actions that mean the same in every mode that binds them.
fn common(app: &mut App, action: &Action) -> bool {
    match action {
        Action::Undo => {
            undo(app);
            if app.mode == Mode::Review {
                super::review::after_undo(app);
            }
        }
        Action::Redo => {
            redo(app);
            if app.mode == Mode::Review {
                super::review::focus(app);
            }
        }
        Action::Save => save(app, false),
        Action::Quit => quit(app),
        Action::Help => {
            app.help_return = app.mode;
            app.help_filter.clear();
            app.help_scroll = 0;
            app.mode = Mode::Help;
        }
        _ => return false,
    }
    true
}

fn undo(app: &mut App) {
    match app.history.undo() {
        Some(m) => {
            app.model = m.clone();
            app.refresh();
            app.message = Some("undone".into());
        }
        None => app.message = Some("nothing to undo".into()),
    }
}

fn redo(app: &mut App) {
    match app.history.redo() {
        Some(m) => {
            app.model = m.clone();
            app.refresh();
            app.message = Some("redone".into());
        }
        None => app.message = Some("nothing to redo".into()),
    }
}

fn quit(app: &mut App) {
    if app.dirty {
        ask(app, Question::QuitUnsaved);
    } else {
        app.quit = true;
    }
}

pub(super) fn ask(app: &mut App, q: Question) {
    if app.mode != Mode::Confirm {
        app.return_mode = app.mode;
    }
    app.question = Some(q);
    app.mode = Mode::Confirm;
}

fn answer(app: &mut App, c: char) {
    let Some(q) = app.question.take() else {
        app.mode = Mode::Canvas;
        return;
    };
    app.mode = app.return_mode;
    match (q, c) {
        (Question::QuitUnsaved, 's' | 'y') => save(app, true),
        (Question::QuitUnsaved, 'd' | 'n') => app.quit = true,
        (Question::DeleteWithFlows(id), 'y') => delete_element(app, &id),
        (Question::DeleteThreat(id), 'y') => super::threat_actions::delete(app, &id),
        (Question::OverwriteChanged { then_quit }, 'y') => request_save(app, then_quit, true),
        (Question::OverwriteExport(file), 'y') => match super::export::export(app, &file, false) {
            Ok(write) => app.effects.push(write),
            Err(why) => app.message = Some(why),
        },
        (
            q @ (Question::QuitUnsaved | Question::DeleteWithFlows(_) | Question::DeleteThreat(_)),
            'c' | 'n',
        )
        | (q @ (Question::OverwriteChanged { .. } | Question::OverwriteExport(_)), 'c' | 'n') => {
            let _ = q;
            app.message = Some("cancelled".into());
        }
        (q, _) => {
            // Not an answer to this question: keep asking.
            app.question = Some(q);
            app.mode = Mode::Confirm;
        }
    }
}

/// Saves unless the file changed on disk since it was read, which asks first.
pub(super) fn save(app: &mut App, then_quit: bool) {
    request_save(app, then_quit, false);
}

fn request_save(app: &mut App, then_quit: bool, force: bool) {
    app.effects.push(Effect::SaveModel {
        path: app.path.clone(),
        text: crate::model::to_canonical_string(&app.model),
        known: app.disk_hash,
        force,
        then_quit,
    });
}

/// An effect's outcome: the model saved, the file changed by someone else,
/// an export to confirm, or a message.
fn finish(app: &mut App, done: Done) {
    match done {
        Done::Saved {
            hash,
            had_comments,
            then_quit,
        } => {
            app.disk_hash = Some(hash);
            app.saved = app.model.clone();
            app.refresh();
            let path = app.path.display().to_string();
            app.message = Some(if had_comments {
                crate::model::save::comments_dropped(&path)
            } else {
                format!("saved {path}")
            });
            if then_quit {
                app.quit = true;
            }
        }
        Done::ChangedOnDisk { then_quit } => ask(app, Question::OverwriteChanged { then_quit }),
        Done::Exists(path) => ask(app, Question::OverwriteExport(path.display().to_string())),
        Done::Message(text) => app.message = Some(text),
    }
}

fn canvas(app: &mut App, action: Action) {
    match action {
        Action::Select(dir) => select_dir(app, dir),
        Action::CycleNext => cycle(app, 1),
        Action::CyclePrev => cycle(app, -1),
        Action::Deselect => app.selection = None,
        Action::Move(dir) => move_selected(app, dir),
        Action::Pan(dir) => {
            let (dx, dy) = delta(dir);
            app.view.0 += dx * 8;
            app.view.1 += dy * 4;
        }
        Action::AddElement => {
            let kinds = [
                "external entity (user, client, partner)",
                "process (service, gateway, function)",
                "data store (database, queue, log)",
            ];
            open_picker(
                app,
                Picker::new(
                    "Add element: kind",
                    kinds.iter().map(|s| s.to_string()).collect(),
                    PickFor::NewElementKind,
                ),
                Mode::Picker,
            );
        }
        Action::AddFlow => add_flow(app),
        Action::Delete => delete(app),
        Action::Rename => rename(app),
        Action::EditForm => {
            let target = match &app.selection {
                Some(Selection::Element(id)) => FormTarget::Element(id.clone()),
                Some(Selection::Flow(id)) => FormTarget::Flow(id.clone()),
                None => FormTarget::Model,
            };
            open_form(app, target);
        }
        Action::EditModel => open_form(app, FormTarget::Model),
        Action::AssignBoundary => assign_boundary(app),
        Action::FocusThreats => {
            if app.selection.is_none() {
                app.message = Some("select an element or flow first".into());
                return;
            }
            app.threat_cursor = 0;
            app.detail_open = false;
            app.mode = Mode::Threats;
        }
        Action::OpenFindings => {
            app.findings_cursor = 0;
            app.detail_open = false;
            app.mode = Mode::Findings;
        }
        Action::TogglePanel => app.show_panel = Some(!app.panel_shown()),
        Action::Search => search(app),
        Action::CommandLine => super::commands::open(app),
        Action::Review => super::review::start(app),
        _ => {}
    }
}

fn delta(dir: Dir) -> (i32, i32) {
    match dir {
        Dir::Up => (0, -1),
        Dir::Down => (0, 1),
        Dir::Left => (-1, 0),
        Dir::Right => (1, 0),
    }
}

fn select(app: &mut App, sel: Selection) {
    app.selection = Some(sel);
    app.threat_cursor = 0;
    app.follow_selection();
}

/// The nearest element in a direction, preferring ones straight ahead.
fn select_dir(app: &mut App, dir: Dir) {
    let from = match app.selected_id().and_then(|id| app.scene.rect_of(id)) {
        Some(r) => r.center(),
        None => {
            let c = app.areas().canvas;
            (
                app.view.0 + i32::from(c.width) / 2,
                app.view.1 + i32::from(c.height) / 2,
            )
        }
    };
    let (dx, dy) = delta(dir);
    let best = app
        .scene
        .boxes
        .iter()
        .filter(|b| Some(b.id.as_str()) != app.selected_id())
        .filter_map(|b| {
            let (cx, cy) = b.rect.center();
            let (ox, oy) = (cx - from.0, cy - from.1);
            // Rows are about twice as tall as columns are wide.
            let ahead = ox * dx + oy * dy * 2;
            let side = (ox * dy).abs() + (oy * dx).abs() * 2;
            (ahead > 0).then_some((ahead + side * 2, b.id.clone()))
        })
        .min();
    if let Some((_, id)) = best {
        select(app, Selection::Element(id));
    } else if app.selection.is_none() {
        cycle(app, 1);
    }
}

fn all_targets(app: &App) -> Vec<Selection> {
    app.model
        .elements
        .iter()
        .map(|e| Selection::Element(e.id.clone()))
        .chain(
            app.model
                .flows
                .iter()
                .map(|f| Selection::Flow(f.id.clone())),
        )
        .collect()
}

fn cycle(app: &mut App, step: isize) {
    let all = all_targets(app);
    if all.is_empty() {
        return;
    }
    let n = all.len() as isize;
    let at = app
        .selection
        .as_ref()
        .and_then(|s| all.iter().position(|x| x == s))
        .map_or(if step > 0 { -1 } else { 0 }, |i| i as isize);
    let next = (at + step).rem_euclid(n) as usize;
    select(app, all[next].clone());
}

fn move_selected(app: &mut App, dir: Dir) {
    let Some(Selection::Element(id)) = app.selection.clone() else {
        app.message = Some("select an element to move it".into());
        return;
    };
    let (dx, dy) = delta(dir);
    let positions = app.positions.clone();
    app.edit(|m| {
        App::freeze_layout(m, &positions);
        if let Some(p) = m.layout.get_mut(&id) {
            p.x += dx * 2;
            p.y += dy;
        }
    });
    app.follow_selection();
}

pub(super) fn open_picker(app: &mut App, picker: Picker, mode: Mode) {
    if !matches!(app.mode, Mode::Picker | Mode::Search | Mode::Prompt) {
        app.return_mode = app.mode;
    }
    app.picker = Some(picker);
    app.mode = mode;
}

pub(super) fn open_prompt(
    app: &mut App,
    title: impl Into<String>,
    text: String,
    purpose: PromptFor,
) {
    if !matches!(app.mode, Mode::Picker | Mode::Search | Mode::Prompt) {
        app.return_mode = app.mode;
    }
    app.picker = None;
    app.prompt = Some(Prompt {
        title: title.into(),
        text,
        purpose,
    });
    app.mode = Mode::Prompt;
}

pub(super) fn close_dialog(app: &mut App) {
    app.picker = None;
    app.prompt = None;
    app.mode = app.return_mode;
    if app.mode == Mode::Form && app.forms.is_empty() {
        app.mode = app.form_return;
    }
}

fn add_flow(app: &mut App) {
    let Some(Selection::Element(source)) = app.selection.clone() else {
        app.message = Some("select the element the flow starts from".into());
        return;
    };
    let items: Vec<PickItem> = app
        .model
        .elements
        .iter()
        .filter(|e| e.id != source)
        .map(|e| PickItem {
            label: format!("{} ({})", e.name, e.id),
            checked: None,
            jump: Some(Selection::Element(e.id.clone())),
        })
        .collect();
    if items.is_empty() {
        app.message = Some("add another element first".into());
        return;
    }
    let mut p = Picker::new(
        format!("New flow from {source}: target (type to filter)"),
        Vec::new(),
        PickFor::FlowTarget { source },
    );
    p.items = items;
    open_picker(app, p, Mode::Picker);
}

fn attached_flows(app: &App, id: &str) -> usize {
    app.model
        .flows
        .iter()
        .filter(|f| f.source == id || f.target == id)
        .count()
}

fn delete(app: &mut App) {
    match app.selection.clone() {
        Some(Selection::Element(id)) => {
            if attached_flows(app, &id) > 0 {
                ask(app, Question::DeleteWithFlows(id));
            } else {
                delete_element(app, &id);
            }
        }
        Some(Selection::Flow(id)) => {
            app.edit(|m| m.flows.retain(|f| f.id != id));
            app.message = Some(format!("deleted flow {id}"));
        }
        None => app.message = Some("nothing selected".into()),
    }
}

fn delete_element(app: &mut App, id: &str) {
    app.edit(|m| {
        m.elements.retain(|e| e.id != id);
        m.flows.retain(|f| f.source != id && f.target != id);
        m.layout.remove(id);
    });
    app.message = Some(format!("deleted {id}"));
}

fn rename(app: &mut App) {
    let (title, current) = match &app.selection {
        Some(Selection::Element(id)) => (
            format!("Rename {id}"),
            app.model.element(id).map(|e| e.name.clone()),
        ),
        Some(Selection::Flow(id)) => (
            format!("Label of flow {id}"),
            app.model.flow(id).map(|f| f.label.clone()),
        ),
        None => return,
    };
    if let (Some(sel), Some(text)) = (app.selection.clone(), current) {
        open_prompt(app, title, text, PromptFor::Rename(sel));
    }
}

fn open_form(app: &mut App, target: FormTarget) {
    app.forms = vec![FormLevel { target, cursor: 0 }];
    app.form_return = Mode::Canvas;
    app.mode = Mode::Form;
}

fn assign_boundary(app: &mut App) {
    let Some(Selection::Element(id)) = app.selection.clone() else {
        app.message = Some("select an element first".into());
        return;
    };
    let mut labels = vec!["(none)".to_string()];
    labels.extend(
        app.model
            .boundaries
            .iter()
            .map(|b| format!("{} ({})", b.name, b.id)),
    );
    labels.push("+ new trust boundary…".into());
    let current = app.model.element(&id).and_then(|e| e.boundary.clone());
    let mut p = Picker::new(
        format!("Trust boundary of {id}"),
        labels,
        PickFor::Boundary { element: id },
    );
    p.cursor = current
        .and_then(|b| app.model.boundaries.iter().position(|x| x.id == b))
        .map_or(0, |i| i + 1);
    open_picker(app, p, Mode::Picker);
}

fn search(app: &mut App) {
    let mut items: Vec<PickItem> = app
        .model
        .elements
        .iter()
        .map(|e| PickItem {
            label: format!("{}  ({}, {})", e.name, e.id, e.kind.tag().label()),
            checked: None,
            jump: Some(Selection::Element(e.id.clone())),
        })
        .collect();
    items.extend(app.model.flows.iter().map(|f| PickItem {
        label: format!(
            "{} → {}  ({}, flow {})",
            f.source,
            f.target,
            if f.label.is_empty() {
                f.protocol.label()
            } else {
                &f.label
            },
            f.id
        ),
        checked: None,
        jump: Some(Selection::Flow(f.id.clone())),
    }));
    let mut p = Picker::new("Search elements and flows", Vec::new(), PickFor::Jump);
    p.items = items;
    open_picker(app, p, Mode::Search);
}

fn threats(app: &mut App, action: Action) {
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
        Action::Back => app.mode = Mode::Canvas,
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

fn findings(app: &mut App, action: Action) {
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
                app.mode = Mode::Canvas;
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
        Action::Back => app.mode = Mode::Canvas,
        _ => {}
    }
}

/// Rows a page of a list moves: the height of the list panes, about.
fn page(app: &App) -> usize {
    usize::from(app.size.1.saturating_sub(8) / 2).max(1)
}

/// Ctrl-U clears the line; Ctrl-W deletes the last word and the blanks after it.
pub(super) fn edit_line(text: &mut String, action: &Action) {
    match action {
        Action::ClearLine => text.clear(),
        Action::DeleteWord => {
            let kept = text.trim_end().len();
            text.truncate(kept);
            let cut = text
                .char_indices()
                .rev()
                .find(|(_, c)| c.is_whitespace() || *c == '/')
                .map_or(0, |(i, c)| i + c.len_utf8());
            text.truncate(cut);
        }
        _ => {}
    }
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

fn form_mode(app: &mut App, action: Action) {
    let Some(level) = app.forms.last().cloned() else {
        app.mode = Mode::Canvas;
        return;
    };
    let rows = form::rows(&app.model, &level.target);
    if rows.is_empty() {
        app.forms.pop();
        if app.forms.is_empty() {
            app.mode = app.form_return;
        }
        return;
    }
    let cursor = level.cursor.min(rows.len() - 1);
    let set_cursor = |app: &mut App, c: usize| {
        if let Some(l) = app.forms.last_mut() {
            l.cursor = c;
        }
    };
    let row = rows[cursor].clone();
    match action {
        Action::Up => set_cursor(app, cursor.saturating_sub(1)),
        Action::Down => set_cursor(app, (cursor + 1).min(rows.len() - 1)),
        Action::Jump(j) => set_cursor(app, j.apply(cursor, rows.len(), page(app))),
        Action::Back => {
            app.forms.pop();
            if app.forms.is_empty() {
                app.mode = app.form_return;
                super::threat_actions::closed(app, &level.target);
            }
        }
        Action::Toggle => {
            if let Edit::Toggle(key, _) = row.edit {
                set_field(app, &level.target, key, Value::Toggle);
            }
        }
        Action::RemoveItem => {
            if let Edit::Open(target) = &row.edit
                && !matches!(target, FormTarget::Element(_) | FormTarget::Flow(_))
            {
                let t = target.clone();
                app.edit(|m| {
                    form::remove(m, &t);
                });
                app.message = Some(format!("removed {}", row.label.trim()));
            }
        }
        Action::Confirm => match row.edit {
            Edit::Text(key, now) => open_prompt(
                app,
                format!("{}: {}", form::title(&app.model, &level.target), row.label),
                now,
                PromptFor::Field(level.target.clone(), key),
            ),
            Edit::Choice(key, options, at) => {
                let mut p = Picker::new(
                    format!("{}: {}", form::title(&app.model, &level.target), row.label),
                    options,
                    PickFor::Field(level.target.clone(), key),
                );
                p.cursor = at;
                open_picker(app, p, Mode::Picker);
            }
            Edit::Toggle(key, _) => {
                set_field(app, &level.target, key, Value::Toggle);
            }
            Edit::Multi(key, options) => {
                let hint = if key == form::Key::Controls {
                    "Enter flips, a new name adds a team control, Esc done"
                } else {
                    "Enter flips, Esc done"
                };
                let mut p = Picker::new(
                    format!(
                        "{}: {} ({hint})",
                        form::title(&app.model, &level.target),
                        row.label
                    ),
                    Vec::new(),
                    PickFor::Field(level.target.clone(), key),
                );
                p.items = options
                    .into_iter()
                    .map(|(label, on)| PickItem {
                        label,
                        checked: Some(on),
                        jump: None,
                    })
                    .collect();
                p.multi = true;
                open_picker(app, p, Mode::Picker);
            }
            Edit::Open(target) => {
                app.forms.push(FormLevel { target, cursor: 0 });
            }
            Edit::AddBoundary => open_prompt(
                app,
                "Name of the new trust boundary",
                String::new(),
                PromptFor::NewBoundary { assign_to: None },
            ),
            Edit::AddData => open_prompt(
                app,
                "Name of the new data asset",
                String::new(),
                PromptFor::NewData,
            ),
            Edit::AddEndpoint => {
                if let FormTarget::Flow(flow) = &level.target {
                    open_prompt(
                        app,
                        "New endpoint: METHOD /path",
                        String::new(),
                        PromptFor::NewEndpoint { flow: flow.clone() },
                    );
                }
            }
            Edit::Delete => {
                if let FormTarget::Threat(id) = &level.target {
                    super::threat_actions::ask_delete(app, id);
                }
            }
            Edit::None => {}
        },
        _ => {}
    }
}

fn set_field(app: &mut App, target: &FormTarget, key: form::Key, value: Value) -> bool {
    let mut model = app.model.clone();
    // An endpoint is addressed by method and path: where it is in its flow
    // tells its new key after either changes.
    let place = match target {
        FormTarget::Endpoint(flow, at) => app
            .model
            .flow(flow)
            .and_then(|f| f.endpoints.iter().position(|e| e.key() == *at))
            .map(|i| (flow.clone(), at.clone(), i)),
        _ => None,
    };
    match form::set(&mut model, target, key, &value) {
        Ok(()) => {
            if let Some((flow, old, i)) = place
                && let Some(new) = model
                    .flow(&flow)
                    .and_then(|f| f.endpoints.get(i))
                    .map(|e| e.key())
                && new != old
            {
                for level in &mut app.forms {
                    if level.target == FormTarget::Endpoint(flow.clone(), old.clone()) {
                        level.target = FormTarget::Endpoint(flow.clone(), new.clone());
                    }
                }
            }
            app.model = model;
            if let (form::Key::Id, Value::Text(new)) = (key, &value) {
                follow_rename(app, target, new.trim());
            }
            app.commit();
            true
        }
        Err(e) => {
            app.message = Some(e);
            false
        }
    }
}

/// After an id changed, the open forms and the selection name the new one.
fn follow_rename(app: &mut App, target: &FormTarget, new: &str) {
    if let FormTarget::Threat(_) = target {
        // Threat ids have their own namespace: only the threat's form follows.
        for level in &mut app.forms {
            if level.target == *target {
                level.target = FormTarget::Threat(new.to_string());
            }
        }
        return;
    }
    let old = match target {
        FormTarget::Element(id)
        | FormTarget::Flow(id)
        | FormTarget::Boundary(id)
        | FormTarget::Data(id) => id.clone(),
        FormTarget::Model | FormTarget::Endpoint(..) | FormTarget::Threat(_) => return,
    };
    for level in &mut app.forms {
        level.target = level.target.renamed(&old, new);
    }
    app.selection = match app.selection.take() {
        Some(Selection::Element(id)) if id == old => Some(Selection::Element(new.to_string())),
        Some(Selection::Flow(id)) if id == old => Some(Selection::Flow(new.to_string())),
        other => other,
    };
}

fn picker(app: &mut App, action: Action) {
    let Some(p) = app.picker.as_mut() else {
        close_dialog(app);
        return;
    };
    let n = p.visible().len();
    match action {
        Action::Up => p.cursor = p.cursor.saturating_sub(1),
        Action::Down => {
            if p.cursor + 1 < n {
                p.cursor += 1;
            } else {
                p.cursor = 0;
            }
        }
        Action::Jump(j) => {
            let page = usize::from(app.size.1 / 2);
            p.cursor = j.apply(p.cursor, n, page);
        }
        Action::Insert(c) => {
            p.filter.push(c);
            p.cursor = 0;
        }
        Action::ClearLine | Action::DeleteWord => {
            edit_line(&mut p.filter, &action);
            p.cursor = 0;
        }
        Action::Backspace => {
            p.filter.pop();
            p.cursor = 0;
        }
        Action::Back => close_dialog(app),
        Action::Confirm | Action::Toggle => {
            if let Some(i) = p.chosen() {
                let purpose = p.purpose.clone();
                let item = p.items[i].clone();
                chose(app, purpose, i, item);
            } else if let PickFor::Field(target, form::Key::Controls) = p.purpose.clone() {
                add_custom_control(app, &target);
            }
        }
        _ => {}
    }
}

/// The open multiple-choice picker shows the field's state as the model now
/// has it (a control may stay in place through an attribute).
fn recheck(app: &mut App, target: &FormTarget, key: form::Key) {
    let rows = form::rows(&app.model, target);
    let Some(options) = rows.into_iter().find_map(|r| match r.edit {
        Edit::Multi(k, options) if k == key => Some(options),
        _ => None,
    }) else {
        return;
    };
    let Some(p) = app.picker.as_mut() else {
        return;
    };
    for (label, on) in options {
        match p.items.iter_mut().find(|item| item.label == label) {
            Some(item) => item.checked = Some(on),
            None => p.items.push(PickItem {
                label,
                checked: Some(on),
                jump: None,
            }),
        }
    }
}

/// A name typed in the controls picker that matches no control becomes the
/// team's own control, switched on, and joins the list.
fn add_custom_control(app: &mut App, target: &FormTarget) {
    let Some(name) = app.picker.as_ref().map(|p| p.filter.trim().to_string()) else {
        return;
    };
    if name.is_empty() || !set_field(app, target, form::Key::Controls, Value::Text(name.clone())) {
        return;
    }
    recheck(app, target, form::Key::Controls);
    if let Some(p) = app.picker.as_mut() {
        p.filter.clear();
        p.cursor = 0;
    }
    app.message = Some(format!("added the team control `{name}`"));
}

fn chose(app: &mut App, purpose: PickFor, i: usize, item: PickItem) {
    match purpose {
        PickFor::NewElementKind => {
            let tag = [
                ElementKindTag::External,
                ElementKindTag::Process,
                ElementKindTag::DataStore,
            ][i.min(2)];
            open_prompt(
                app,
                format!("Name of the new {}", tag.label()),
                String::new(),
                PromptFor::NewElementName(tag),
            );
        }
        PickFor::FlowTarget { source } => {
            let Some(Selection::Element(target)) = item.jump else {
                return;
            };
            let labels = Protocol::ALL
                .iter()
                .map(|p| p.label().to_string())
                .collect();
            let likely = app
                .model
                .element(target.as_str())
                .map_or(Protocol::Https, |e| {
                    crate::model::edit::default_protocol(&e.kind)
                });
            let mut p = Picker::new(
                format!("New flow {source} → {target}: protocol"),
                labels,
                PickFor::FlowProtocol { source, target },
            );
            p.cursor = Protocol::ALL.iter().position(|p| *p == likely).unwrap_or(0);
            app.picker = Some(p);
        }
        PickFor::FlowProtocol { source, target } => {
            let protocol = Protocol::ALL[i.min(Protocol::ALL.len() - 1)];
            let id = unique_id(&app.model, &format!("{source}-{target}"));
            let mut flow = Flow::new(id.clone(), source, target, Protocol::Other);
            crate::model::edit::set_protocol(&mut flow, protocol);
            app.edit(|m| m.flows.push(flow));
            close_dialog(app);
            app.mode = Mode::Canvas;
            select(app, Selection::Flow(id.clone()));
            app.message = Some(format!("added flow {id}"));
        }
        PickFor::Field(target, key) => {
            let multi = app.picker.as_ref().is_some_and(|p| p.multi);
            set_field(app, &target, key, Value::Index(i));
            if multi {
                recheck(app, &target, key);
            } else {
                close_dialog(app);
            }
        }
        PickFor::Boundary { element } => {
            let n = app.model.boundaries.len();
            if i == n + 1 {
                open_prompt(
                    app,
                    "Name of the new trust boundary",
                    String::new(),
                    PromptFor::NewBoundary {
                        assign_to: Some(element),
                    },
                );
                return;
            }
            let boundary = i.checked_sub(1).map(|b| app.model.boundaries[b].id.clone());
            app.edit(|m| {
                if let Some(e) = m.element_mut(&element) {
                    e.boundary = boundary;
                }
            });
            close_dialog(app);
        }
        PickFor::DecideControl { on } => super::decide::chose_control(app, &on, i),
        PickFor::Jump => {
            close_dialog(app);
            app.mode = Mode::Canvas;
            if let Some(sel) = item.jump {
                select(app, sel);
            }
        }
    }
}

fn prompt(app: &mut App, action: Action) {
    let Some(p) = app.prompt.as_mut() else {
        close_dialog(app);
        return;
    };
    match action {
        Action::Insert(c) => p.text.push(c),
        Action::ClearLine | Action::DeleteWord => edit_line(&mut p.text, &action),
        Action::Backspace => {
            p.text.pop();
        }
        Action::Back => close_dialog(app),
        Action::Confirm => {
            let p = p.clone();
            submit(app, p.purpose, p.text.trim().to_string());
        }
        _ => {}
    }
}

fn submit(app: &mut App, purpose: PromptFor, text: String) {
    match purpose {
        PromptFor::NewElementName(tag) => {
            if text.is_empty() {
                app.message = Some("type a name".into());
                return;
            }
            add_element(app, tag, &text);
        }
        PromptFor::Rename(sel) => {
            match &sel {
                Selection::Element(id) if !text.is_empty() => app.edit(|m| {
                    if let Some(e) = m.element_mut(id) {
                        e.name = text;
                    }
                }),
                Selection::Flow(id) => app.edit(|m| {
                    if let Some(f) = m.flow_mut(id) {
                        f.label = text;
                    }
                }),
                _ => {
                    app.message = Some("a name cannot be empty".into());
                    return;
                }
            }
            close_dialog(app);
        }
        PromptFor::Field(target, key) => {
            if set_field(app, &target, key, Value::Text(text)) {
                close_dialog(app);
            }
        }
        PromptFor::NewBoundary { assign_to } => {
            if text.is_empty() {
                app.message = Some("type a name".into());
                return;
            }
            app.edit(|m| {
                let id = crate::model::structure::add_boundary(m, &text);
                if let Some(e) = assign_to.as_deref().and_then(|e| m.element_mut(e)) {
                    e.boundary = Some(id);
                }
            });
            close_dialog(app);
        }
        PromptFor::NewData => {
            if text.is_empty() {
                app.message = Some("type a name".into());
                return;
            }
            app.edit(|m| {
                crate::model::structure::add_data(m, &text);
            });
            close_dialog(app);
        }
        PromptFor::HelpFilter => {
            app.help_filter = text;
            app.help_scroll = 0;
            app.prompt = None;
            app.mode = Mode::Help;
        }
        PromptFor::Decide(step) => super::decide::submit(app, step, text),
        PromptFor::NewThreat { target } => super::threat_actions::add(app, &target, &text),
        PromptFor::NewEndpoint { flow } => {
            let mut model = app.model.clone();
            match crate::model::structure::add_endpoint(&mut model, &flow, &text) {
                Ok(_) => {
                    app.model = model;
                    app.commit();
                    close_dialog(app);
                }
                Err(e) => app.message = Some(e),
            }
        }
    }
}

/// A free spot for a new box near the selection (below it, else further down).
fn free_spot(app: &App, width: i32) -> Position {
    let start = match app.selected_id().and_then(|id| app.scene.rect_of(id)) {
        Some(r) => (r.x, r.bottom() + 2),
        None => (app.view.0 + 4, app.view.1 + 2),
    };
    let fits = |x: i32, y: i32| {
        let r = CRect {
            x: x - 2,
            y: y - 1,
            w: width + 4,
            h: 5,
        };
        !app.scene.boxes.iter().any(|b| b.rect.intersects(&r))
    };
    for step in 0..200 {
        for dx in [0, width + 6] {
            let (x, y) = (start.0 + dx, start.1 + step * 2);
            if fits(x, y) {
                return Position { x, y };
            }
        }
    }
    Position {
        x: start.0,
        y: app.scene.bounds.bottom() + 2,
    }
}

fn add_element(app: &mut App, tag: ElementKindTag, name: &str) {
    let id = unique_id(&app.model, name);
    // Next to the selection but in no trust boundary: `b` puts it in one.
    let placed = if app.model.boundaries.is_empty() {
        ""
    } else {
        " in no trust boundary (b puts it in one)"
    };
    let kind = match tag {
        ElementKindTag::External => ElementKind::External(External::default()),
        ElementKindTag::Process => ElementKind::Process(Process::default()),
        ElementKindTag::DataStore => ElementKind::DataStore(DataStore::default()),
    };
    let element = Element {
        id: id.clone(),
        name: name.to_string(),
        kind,
        boundary: None,
        owner: None,
        description: String::new(),
        tags: Vec::new(),
        in_scope: true,
        controls: Vec::new(),
    };
    let spot = free_spot(app, super::layout::box_width(&element));
    let positions = app.positions.clone();
    app.edit(|m| {
        App::freeze_layout(m, &positions);
        m.elements.push(element);
        m.layout.insert(id.clone(), spot);
    });
    close_dialog(app);
    app.mode = Mode::Canvas;
    select(app, Selection::Element(id.clone()));
    app.message = Some(format!("added {id}{placed}"));
}

fn canvas_cell(app: &App, x: u16, y: u16) -> Option<(i32, i32)> {
    let c = app.areas().canvas;
    let inside = x >= c.x && x < c.x + c.width && y >= c.y && y < c.y + c.height;
    inside.then(|| {
        (
            i32::from(x - c.x) + app.view.0,
            i32::from(y - c.y) + app.view.1,
        )
    })
}

fn click(app: &mut App, x: u16, y: u16) {
    if !matches!(app.mode, Mode::Canvas | Mode::Threats) {
        return;
    }
    if let Some(side) = app.areas().side {
        if side.contains(ratatui::layout::Position::new(x, y)) {
            click_threat_list(app, side, x, y);
            return;
        }
    }
    let Some((cx, cy)) = canvas_cell(app, x, y) else {
        return;
    };
    app.mode = Mode::Canvas;
    app.message = None;
    if let Some(b) = app.scene.element_at(cx, cy) {
        let (id, grab) = (b.id.clone(), (cx - b.rect.x, cy - b.rect.y));
        app.selection = Some(Selection::Element(id.clone()));
        app.threat_cursor = 0;
        app.drag = Some(Drag::Element { id, grab });
    } else if let Some(r) = app.scene.flow_at(cx, cy) {
        app.selection = Some(Selection::Flow(r.flow.clone()));
        app.threat_cursor = 0;
        app.drag = None;
    } else {
        app.drag = Some(Drag::Pan { last: (x, y) });
    }
}

/// A click on a row of the side panel's threat list focuses the list on
/// that threat (Enter then opens it); elsewhere in the panel it does nothing.
fn click_threat_list(app: &mut App, side: ratatui::layout::Rect, x: u16, y: u16) {
    let (_, list) = super::app::side_split(side, app.selection.is_some());
    // Inside the list's border.
    let inner = ratatui::layout::Rect::new(
        list.x + 1,
        list.y + 1,
        list.width.saturating_sub(2),
        list.height.saturating_sub(2),
    );
    if !inner.contains(ratatui::layout::Position::new(x, y)) {
        return;
    }
    let height = usize::from(inner.height);
    // The list scrolls only while it has the focus; see `draw_list`.
    let skip = if app.mode == Mode::Threats {
        super::panels::scroll_for(app.threat_cursor, height)
    } else {
        0
    };
    let row = skip + usize::from(y - inner.y);
    if row < app.threat_rows().len() {
        app.mode = Mode::Threats;
        app.threat_cursor = row;
        app.message = None;
    }
}

fn drag(app: &mut App, x: u16, y: u16) {
    match app.drag.clone() {
        Some(Drag::Element { id, grab }) => {
            let c = app.areas().canvas;
            let cx = i32::from(x) - i32::from(c.x) + app.view.0;
            let cy = i32::from(y) - i32::from(c.y) + app.view.1;
            let to = Position {
                x: cx - grab.0,
                y: cy - grab.1,
            };
            if app.positions.get(&id) == Some(&to) {
                return;
            }
            // Moved in place while dragging; one undo step when released.
            let positions = app.positions.clone();
            App::freeze_layout(&mut app.model, &positions);
            app.model.layout.insert(id, to);
            app.positions = super::app::positions(&app.model);
            app.scene = super::scene::Scene::build(&app.model, &app.positions);
            app.dirty = app.model != app.saved;
        }
        Some(Drag::Pan { last }) => {
            app.view.0 -= i32::from(x) - i32::from(last.0);
            app.view.1 -= i32::from(y) - i32::from(last.1);
            app.drag = Some(Drag::Pan { last: (x, y) });
        }
        None => {}
    }
}

fn release(app: &mut App) {
    if let Some(Drag::Element { .. }) = app.drag.take() {
        app.commit();
    }
}
