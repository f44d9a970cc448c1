//! What the canvas's pickers and prompts do: the kind and name of a new
//! element, the target and protocol of a new flow, an element's trust
//! boundary, a new name, and a search result to jump to.

use crate::model::ids::unique_id;
use crate::model::{ElementKindTag, Flow, Protocol};

use super::app::{App, PickFor, PickItem, Picker, PromptFor, Screen, Selection};
use super::dialogs::{close_dialog, open_picker, open_prompt};
use super::edit_canvas::{add_element, select};
use super::form::{Opt, variant};

/// A row of the trust-boundary picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BoundaryPick {
    None,
    Into(String),
    New,
}

impl BoundaryPick {
    /// The row's key in the picker: a boundary's id, or a key no id can be
    /// (ids are never empty and never `+`).
    pub fn key(&self) -> String {
        match self {
            Self::None => String::new(),
            Self::Into(id) => id.clone(),
            Self::New => "+".into(),
        }
    }

    pub fn from_key(key: &str) -> Self {
        match key {
            "" => Self::None,
            "+" => Self::New,
            id => Self::Into(id.to_string()),
        }
    }
}

/// The kind of a new element (keyed by its variant): its name next.
pub(super) fn chose_kind(app: &mut App, item: PickItem) {
    let Some(&tag) = ElementKindTag::ALL
        .iter()
        .find(|&&t| item.key.as_deref() == Some(&*variant(t)))
    else {
        return;
    };
    open_prompt(
        app,
        format!("Name of the new {}", tag.label()),
        String::new(),
        PromptFor::NewElementName(tag),
    );
}

pub(super) fn name_new_element(app: &mut App, tag: ElementKindTag, name: String) {
    if name.is_empty() {
        app.message = Some("type a name".into());
        return;
    }
    add_element(app, tag, &name);
}

/// The target of a new flow: its protocol next, the likely one (from the
/// target's kind) under the cursor.
pub(super) fn chose_flow_target(app: &mut App, source: String, item: PickItem) {
    let Some(Selection::Element(target)) = item.jump else {
        return;
    };
    let options = Protocol::ALL
        .iter()
        .map(|&p| Opt::new(p.label(), variant(p)))
        .collect();
    let likely = app
        .model
        .element(target.as_str())
        .map_or(Protocol::Https, |e| {
            crate::model::edit::default_protocol(&e.kind)
        });
    let mut p = Picker::options(
        format!("New flow {source} → {target}: protocol"),
        options,
        PickFor::FlowProtocol { source, target },
    );
    p.cursor = Protocol::ALL.iter().position(|p| *p == likely).unwrap_or(0);
    open_picker(app, p);
}

pub(super) fn chose_flow_protocol(app: &mut App, source: String, target: String, item: PickItem) {
    let Some(&protocol) = Protocol::ALL
        .iter()
        .find(|&&p| item.key.as_deref() == Some(&*variant(p)))
    else {
        return;
    };
    let id = unique_id(&app.model, &format!("{source}-{target}"));
    let mut flow = Flow::new(id.clone(), source, target, Protocol::Other);
    crate::model::edit::set_protocol(&mut flow, protocol);
    app.edit(|m| m.flows.push(flow));
    app.show(Screen::Canvas);
    select(app, Selection::Flow(id.clone()));
    app.message = Some(format!("added flow {id}"));
}

pub(super) fn chose_boundary(app: &mut App, element: String, choice: Option<BoundaryPick>) {
    let boundary = match choice {
        Some(BoundaryPick::New) => {
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
        Some(BoundaryPick::Into(b)) => Some(b),
        Some(BoundaryPick::None) | None => None,
    };
    app.edit(|m| {
        if let Some(e) = m.element_mut(&element) {
            e.boundary = boundary;
        }
    });
    close_dialog(app);
}

pub(super) fn chose_jump(app: &mut App, item: PickItem) {
    app.show(Screen::Canvas);
    if let Some(sel) = item.jump {
        select(app, sel);
    }
}

pub(super) fn rename(app: &mut App, sel: &Selection, text: String) {
    match sel {
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
