//! Pickers and prompts: opening and closing them, typing in them, and what
//! a choice or a line of text does.

use crate::model::{ElementKindTag, Flow, Protocol};

use super::action::Action;
use super::app::{App, Mode, Selection};
use super::form::{self, Edit, FormTarget, Value};
use crate::model::ids::unique_id;

/// Applies `action` and returns the effects it asks for, in order.
use super::edit_canvas::{add_element, select};
use super::form_keys::set_field;

/// A row of the trust-boundary picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BoundaryPick {
    None,
    Into(String),
    New,
}

/// What a picker's choice is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickFor {
    NewElementKind,
    FlowTarget {
        source: String,
    },
    FlowProtocol {
        source: String,
        target: String,
    },
    Field(FormTarget, super::form::Key),
    Boundary {
        element: String,
        choices: Vec<BoundaryPick>,
    },
    /// A decision: which mitigating control to put in place.
    DecideControl {
        on: super::decide::On,
    },
    Jump,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickItem {
    pub label: String,
    /// For sets: whether the option is on.
    pub checked: Option<bool>,
    /// What choosing it selects, for searches.
    pub jump: Option<Selection>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub title: String,
    pub items: Vec<PickItem>,
    pub filter: String,
    /// Position in the filtered list.
    pub cursor: usize,
    pub purpose: PickFor,
    /// Sets stay open: each Enter flips one option.
    pub multi: bool,
}

impl Picker {
    pub fn new(title: impl Into<String>, labels: Vec<String>, purpose: PickFor) -> Self {
        Self {
            title: title.into(),
            items: labels
                .into_iter()
                .map(|label| PickItem {
                    label,
                    checked: None,
                    jump: None,
                })
                .collect(),
            filter: String::new(),
            cursor: 0,
            purpose,
            multi: false,
        }
    }

    /// Indices of the items matching the filter, in order.
    pub fn visible(&self) -> Vec<usize> {
        let f = self.filter.to_lowercase();
        self.items
            .iter()
            .enumerate()
            .filter(|(_, it)| f.is_empty() || it.label.to_lowercase().contains(&f))
            .map(|(i, _)| i)
            .collect()
    }

    pub fn chosen(&self) -> Option<usize> {
        self.visible().get(self.cursor).copied()
    }
}

/// What a line of text is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptFor {
    NewElementName(crate::model::ElementKindTag),
    Rename(Selection),
    Field(FormTarget, super::form::Key),
    NewBoundary {
        assign_to: Option<String>,
    },
    NewData,
    NewEndpoint {
        flow: String,
    },
    /// The title of a new hand-written threat on an element or flow.
    NewThreat {
        target: String,
    },
    /// Words to search the help for.
    HelpFilter,
    /// A step of a decision on a finding.
    Decide(super::decide::Ask),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub title: String,
    pub text: String,
    pub purpose: PromptFor,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    /// Quit with unsaved changes: save, discard or cancel.
    QuitUnsaved,
    /// Delete an element and the flows attached to it.
    DeleteWithFlows(String),
    /// Delete a hand-written threat.
    DeleteThreat(String),
    /// The file changed on disk since it was opened.
    OverwriteChanged { then_quit: bool },
    /// `:export FILE` names a file that already exists.
    OverwriteExport(String),
}

impl Question {
    /// The answers, as the dialog and the status bar both show them.
    pub fn keys(&self) -> &'static str {
        match self {
            Question::QuitUnsaved => "s save and quit · d discard · c cancel",
            Question::DeleteWithFlows(_) | Question::DeleteThreat(_) => "y delete · n keep",
            Question::OverwriteChanged { .. } => "y overwrite · n cancel",
            Question::OverwriteExport(_) => "y replace · n cancel",
        }
    }
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

pub(super) fn picker(app: &mut App, action: Action) {
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

pub(super) fn chose(app: &mut App, purpose: PickFor, i: usize, item: PickItem) {
    match purpose {
        PickFor::NewElementKind => {
            let Some(&tag) = ElementKindTag::ALL.get(i) else {
                return;
            };
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
        PickFor::Boundary { element, choices } => {
            let boundary = match choices.get(i) {
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
                Some(BoundaryPick::Into(b)) => Some(b.clone()),
                Some(BoundaryPick::None) | None => None,
            };
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

pub(super) fn prompt(app: &mut App, action: Action) {
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

pub(super) fn submit(app: &mut App, purpose: PromptFor, text: String) {
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
