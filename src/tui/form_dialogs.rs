//! What a form's pickers and prompts do: a field's new value, a team's own
//! control, and a new trust boundary, data asset or endpoint.

use super::app::{App, PickItem};
use super::dialogs::close_dialog;
use super::form::{self, Edit, FormTarget, Value};
use super::form_keys::set_field;

/// A choice in a field's picker; a set's picker stays open, each choice
/// flipping one option.
pub(super) fn chose(app: &mut App, target: &FormTarget, key: form::Key, item: PickItem) {
    let Some(option) = item.key else {
        return;
    };
    let multi = app.picker().is_some_and(|p| p.multi);
    set_field(app, target, key, Value::Choice(option));
    if multi {
        recheck(app, target, key);
    } else {
        close_dialog(app);
    }
}

/// A value typed for a field; a bad one keeps the prompt open.
pub(super) fn submit(app: &mut App, target: &FormTarget, key: form::Key, text: String) {
    if set_field(app, target, key, Value::Text(text)) {
        close_dialog(app);
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
    let Some(p) = app.picker_mut() else {
        return;
    };
    for (option, on) in options {
        match p
            .items
            .iter_mut()
            .find(|item| item.key == Some(option.key.clone()))
        {
            Some(item) => item.checked = Some(on),
            None => p.items.push(PickItem::option(option, Some(on))),
        }
    }
}

/// A name typed in the controls picker that matches no control becomes the
/// team's own control, switched on, and joins the list.
pub(super) fn add_custom_control(app: &mut App, target: &FormTarget) {
    let Some(name) = app.picker().map(|p| p.filter.trim().to_string()) else {
        return;
    };
    if name.is_empty() || !set_field(app, target, form::Key::Controls, Value::Text(name.clone())) {
        return;
    }
    recheck(app, target, form::Key::Controls);
    if let Some(p) = app.picker_mut() {
        p.filter.clear();
        p.cursor = 0;
    }
    app.message = Some(format!("added the team control `{name}`"));
}

pub(super) fn new_boundary(app: &mut App, assign_to: Option<String>, name: String) {
    if name.is_empty() {
        app.message = Some("type a name".into());
        return;
    }
    app.edit(|m| {
        let id = crate::model::structure::add_boundary(m, &name);
        if let Some(e) = assign_to.as_deref().and_then(|e| m.element_mut(e)) {
            e.boundary = Some(id);
        }
    });
    close_dialog(app);
}

pub(super) fn new_data(app: &mut App, name: String) {
    if name.is_empty() {
        app.message = Some("type a name".into());
        return;
    }
    app.edit(|m| {
        crate::model::structure::add_data(m, &name);
    });
    close_dialog(app);
}

/// `METHOD /path` typed for a flow; a bad line keeps the prompt open.
pub(super) fn new_endpoint(app: &mut App, flow: &str, line: String) {
    let mut model = app.model.clone();
    match crate::model::structure::add_endpoint(&mut model, flow, &line) {
        Ok(_) => {
            app.model = model;
            app.commit();
            close_dialog(app);
        }
        Err(e) => app.message = Some(e),
    }
}
