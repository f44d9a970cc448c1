//! Pickers and prompts as widgets: opening them, typing and moving in them.
//! What a choice or a line of text does lives with its feature
//! (`canvas_dialogs`, `form_dialogs`, `decide`, `threat_actions`,
//! `help_keys`); `chose` and `submit` only say which.

use super::action::Action;
use super::app::{App, Overlay, Selection};
pub use super::canvas_dialogs::BoundaryPick;
use super::form::FormTarget;

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
    /// Each row's key is its [`BoundaryPick::key`].
    Boundary {
        element: String,
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
    /// What it stands for, for a form's options (see `form::Opt`).
    pub key: Option<String>,
}

impl PickItem {
    /// An option of a form's choice or set, `checked` for sets.
    pub fn option(opt: super::form::Opt, checked: Option<bool>) -> Self {
        Self {
            label: opt.label,
            checked,
            jump: None,
            key: Some(opt.key),
        }
    }
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
        let items = labels
            .into_iter()
            .map(|label| PickItem {
                label,
                checked: None,
                jump: None,
                key: None,
            })
            .collect();
        Self::with_items(title, items, purpose)
    }

    pub fn with_items(title: impl Into<String>, items: Vec<PickItem>, purpose: PickFor) -> Self {
        Self {
            title: title.into(),
            items,
            filter: String::new(),
            cursor: 0,
            purpose,
            multi: false,
        }
    }

    /// A picker of options, each choice read back by its key (see
    /// `form::Opt`), never by its place.
    pub fn options(
        title: impl Into<String>,
        options: Vec<super::form::Opt>,
        purpose: PickFor,
    ) -> Self {
        let items = options
            .into_iter()
            .map(|o| PickItem::option(o, None))
            .collect();
        Self::with_items(title, items, purpose)
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

/// Opens a picker over what is shown (in place of a picker or prompt that
/// it is the next step of).
pub(super) fn open_picker(app: &mut App, picker: Picker) {
    app.open_dialog(Overlay::Picker(picker));
}

/// Opens a prompt, as [`open_picker`].
pub(super) fn open_prompt(
    app: &mut App,
    title: impl Into<String>,
    text: String,
    purpose: PromptFor,
) {
    app.open_dialog(Overlay::Prompt(Prompt {
        title: title.into(),
        text,
        purpose,
    }));
}

pub(super) fn close_dialog(app: &mut App) {
    app.close_dialog();
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
    let page = usize::from(app.size.1 / 2);
    let Some(p) = app.picker_mut() else {
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
        Action::Jump(j) => p.cursor = j.apply(p.cursor, n, page),
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
                chose(app, purpose, item);
            } else if let PickFor::Field(target, super::form::Key::Controls) = p.purpose.clone() {
                super::form_dialogs::add_custom_control(app, &target);
            }
        }
        _ => {}
    }
}

/// A choice made in a picker: its feature does what it means.
fn chose(app: &mut App, purpose: PickFor, item: PickItem) {
    use super::canvas_dialogs as canvas;
    match purpose {
        PickFor::NewElementKind => canvas::chose_kind(app, item),
        PickFor::FlowTarget { source } => canvas::chose_flow_target(app, source, item),
        PickFor::FlowProtocol { source, target } => {
            canvas::chose_flow_protocol(app, source, target, item)
        }
        PickFor::Boundary { element } => {
            let choice = item.key.as_deref().map(BoundaryPick::from_key);
            canvas::chose_boundary(app, element, choice)
        }
        PickFor::Jump => canvas::chose_jump(app, item),
        PickFor::Field(target, key) => super::form_dialogs::chose(app, &target, key, item),
        PickFor::DecideControl { on } => super::decide::chose_control(app, &on, item),
    }
}

pub(super) fn prompt(app: &mut App, action: Action) {
    let Some(p) = app.prompt_mut() else {
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

/// A line typed into a prompt: its feature does what it means.
fn submit(app: &mut App, purpose: PromptFor, text: String) {
    use super::{canvas_dialogs as canvas, form_dialogs as form};
    match purpose {
        PromptFor::NewElementName(tag) => canvas::name_new_element(app, tag, text),
        PromptFor::Rename(sel) => canvas::rename(app, &sel, text),
        PromptFor::Field(target, key) => form::submit(app, &target, key, text),
        PromptFor::NewBoundary { assign_to } => form::new_boundary(app, assign_to, text),
        PromptFor::NewData => form::new_data(app, text),
        PromptFor::NewEndpoint { flow } => form::new_endpoint(app, &flow, text),
        PromptFor::HelpFilter => super::help_keys::search(app, text),
        PromptFor::Decide(step) => super::decide::submit(app, step, text),
        PromptFor::NewThreat { target } => super::threat_actions::add(app, &target, &text),
    }
}
