//! Keys on the canvas: selecting, moving, adding, deleting and renaming
//! elements and flows, and the pickers they open.

use crate::model::{DataStore, Element, ElementKind, ElementKindTag, External, Process};

use super::action::{Action, Dir};
use super::app::{
    App, FormLevel, Overlay, PickFor, PickItem, Picker, PromptFor, Question, Screen, Selection,
};
use super::dialogs::BoundaryPick;
use super::form::FormTarget;
use crate::model::ids::unique_id;

use super::dialogs::{open_picker, open_prompt};

pub(super) fn canvas(app: &mut App, action: Action) {
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
            // One row per kind, keyed by the kind.
            let kinds = ElementKindTag::ALL
                .iter()
                .map(|&tag| {
                    let like = match tag {
                        ElementKindTag::External => "user, client, partner",
                        ElementKindTag::Process => "service, gateway, function",
                        ElementKindTag::DataStore => "database, queue, log",
                    };
                    let label = format!("{} ({like})", tag.label());
                    super::form::Opt::new(label, super::form::variant(tag))
                })
                .collect();
            open_picker(
                app,
                Picker::options("Add element: kind", kinds, PickFor::NewElementKind),
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
            app.show(Screen::Threats);
        }
        Action::OpenFindings => {
            app.findings_cursor = 0;
            app.detail_open = false;
            app.show(Screen::Findings);
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

pub(super) fn select(app: &mut App, sel: Selection) {
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

pub(super) fn cycle(app: &mut App, step: isize) {
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
        // What is in the way moves aside; the moved box goes where it was sent.
        m.layout = crate::layout::separate_keeping(m, &m.layout, &[id.as_str()]);
    });
    app.follow_selection();
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
            key: None,
        })
        .collect();
    if items.is_empty() {
        app.message = Some("add another element first".into());
        return;
    }
    let p = Picker::with_items(
        format!("New flow from {source}: target (type to filter)"),
        items,
        PickFor::FlowTarget { source },
    );
    open_picker(app, p);
}

fn attached_flows(app: &App, id: &str) -> usize {
    app.model
        .flows
        .iter()
        .filter(|f| f.source == id || f.target == id)
        .count()
}

pub(super) fn delete(app: &mut App) {
    match app.selection.clone() {
        Some(Selection::Element(id)) => {
            if attached_flows(app, &id) > 0 {
                app.ask(Question::DeleteWithFlows(id));
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

pub(super) fn delete_element(app: &mut App, id: &str) {
    app.edit(|m| {
        m.elements.retain(|e| e.id != id);
        m.flows.retain(|f| f.source != id && f.target != id);
        m.layout.remove(id);
    });
    app.message = Some(format!("deleted {id}"));
}

pub(super) fn rename(app: &mut App) {
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
    app.show(Screen::Canvas);
    app.push(Overlay::Form(FormLevel { target, cursor: 0 }));
}

fn assign_boundary(app: &mut App) {
    let Some(Selection::Element(id)) = app.selection.clone() else {
        app.message = Some("select an element first".into());
        return;
    };
    let current = app.model.element(&id).and_then(|e| e.boundary.clone());
    // Each row carries what it does as its key; the choice is read from it.
    let mut choices = vec![BoundaryPick::None];
    choices.extend(
        app.model
            .boundaries
            .iter()
            .map(|b| BoundaryPick::Into(b.id.clone())),
    );
    choices.push(BoundaryPick::New);
    let cursor = choices
        .iter()
        .position(|c| matches!(c, BoundaryPick::Into(b) if Some(b) == current.as_ref()))
        .unwrap_or(0);
    let items = choices
        .iter()
        .map(|c| PickItem {
            label: match c {
                BoundaryPick::None => "(none)".to_string(),
                BoundaryPick::Into(b) => {
                    let name = app.model.boundary(b).map_or("", |x| x.name.as_str());
                    format!("{name} ({b})")
                }
                BoundaryPick::New => "+ new trust boundary…".to_string(),
            },
            checked: None,
            jump: None,
            key: Some(c.key()),
        })
        .collect();
    let mut p = Picker::with_items(
        format!("Trust boundary of {id}"),
        items,
        PickFor::Boundary { element: id },
    );
    p.cursor = cursor;
    open_picker(app, p);
}

pub(super) fn search(app: &mut App) {
    let mut items: Vec<PickItem> = app
        .model
        .elements
        .iter()
        .map(|e| PickItem {
            label: format!("{}  ({}, {})", e.name, e.id, e.kind.tag().label()),
            checked: None,
            jump: Some(Selection::Element(e.id.clone())),
            key: None,
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
        key: None,
    }));
    open_picker(
        app,
        Picker::with_items("Search elements and flows", items, PickFor::Jump),
    );
}

pub(super) fn add_element(app: &mut App, tag: ElementKindTag, name: &str) {
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
    let element = Element::new(id.clone(), name.to_string(), kind);
    let near = match &app.selection {
        Some(Selection::Element(s)) => Some(s.as_str()),
        _ => None,
    };
    let spot = crate::layout::place_near(&app.model, &app.positions, near, &element);
    let positions = app.positions.clone();
    app.edit(|m| {
        App::freeze_layout(m, &positions);
        m.elements.push(element);
        m.layout.insert(id.clone(), spot);
    });
    app.show(Screen::Canvas);
    select(app, Selection::Element(id.clone()));
    app.message = Some(format!("added {id}{placed}"));
}
