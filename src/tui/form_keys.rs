//! Keys in an attribute form, and writing a field back through `form::set`.

use super::action::Action;
use super::app::{App, FormLevel, Overlay, PickFor, PickItem, Picker, PromptFor, Selection};
use super::form::{self, Edit, FormTarget, Value};

use super::dialogs::{open_picker, open_prompt};
use super::lists::page;

pub(super) fn form_mode(app: &mut App, action: Action) {
    let Some(level) = app.form().cloned() else {
        return;
    };
    let rows = form::rows(&app.model, &level.target);
    if rows.is_empty() {
        app.pop();
        return;
    }
    let cursor = level.cursor.min(rows.len() - 1);
    let set_cursor = |app: &mut App, c: usize| {
        if let Some(l) = app.form_mut() {
            l.cursor = c;
        }
    };
    let row = rows[cursor].clone();
    match action {
        Action::Up => set_cursor(app, cursor.saturating_sub(1)),
        Action::Down => set_cursor(app, (cursor + 1).min(rows.len() - 1)),
        Action::Jump(j) => set_cursor(app, j.apply(cursor, rows.len(), page(app))),
        Action::Back => {
            app.pop();
            if app.form().is_none() {
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
                let mut p = Picker::options(
                    format!("{}: {}", form::title(&app.model, &level.target), row.label),
                    options,
                    PickFor::Field(level.target.clone(), key),
                );
                p.cursor = at;
                open_picker(app, p);
            }
            Edit::Toggle(key, _) => {
                set_field(app, &level.target, key, Value::Toggle);
            }
            Edit::Multi(key, options) => {
                if key == form::Key::Controls {
                    app.message = Some("type a name that is not listed to add your own".into());
                }
                let items = options
                    .into_iter()
                    .map(|(o, on)| PickItem::option(o, Some(on)))
                    .collect();
                let mut p = Picker::with_items(
                    format!("{}: {}", form::title(&app.model, &level.target), row.label),
                    items,
                    PickFor::Field(level.target.clone(), key),
                );
                p.multi = true;
                open_picker(app, p);
            }
            Edit::Open(target) => {
                app.push(Overlay::Form(FormLevel { target, cursor: 0 }));
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

pub(super) fn set_field(app: &mut App, target: &FormTarget, key: form::Key, value: Value) -> bool {
    let mut model = app.model.clone();
    match form::set(&mut model, target, key, &value) {
        Ok(now) => {
            // An endpoint is named by its method and path: its forms follow.
            if now != *target {
                for level in app.forms_mut() {
                    if level.target == *target {
                        level.target = now.clone();
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
        for level in app.forms_mut() {
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
    for level in app.forms_mut() {
        level.target = level.target.renamed(&old, new);
    }
    app.selection = match app.selection.take() {
        Some(Selection::Element(id)) if id == old => Some(Selection::Element(new.to_string())),
        Some(Selection::Flow(id)) if id == old => Some(Selection::Flow(new.to_string())),
        other => other,
    };
}
