//! What is on screen: one screen (the canvas, the threats panel, the
//! findings view or a review) under a stack of overlays (forms, pickers,
//! prompts, questions, the command line, help). The top overlay gets the
//! keys; closing it shows what is below, so no code remembers by hand where
//! to go back to.

use super::app::{App, FormLevel, Mode};
use super::dialogs::{PickFor, Picker, Prompt, Question};

/// The screen under every overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Canvas,
    /// The threats panel of the selection has focus.
    Threats,
    /// The list of every finding.
    Findings,
    /// A design review: the findings that need a decision, one at a time.
    Review,
}

impl Screen {
    pub fn mode(self) -> Mode {
        match self {
            Screen::Canvas => Mode::Canvas,
            Screen::Threats => Mode::Threats,
            Screen::Findings => Mode::Findings,
            Screen::Review => Mode::Review,
        }
    }
}

/// The help overlay: the mode it was opened from (whose keys come first),
/// how far it is scrolled and what it is searched for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpView {
    pub from: Mode,
    pub scroll: usize,
    pub filter: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// An attribute form; a form opened from a form is one more level.
    Form(FormLevel),
    Picker(Picker),
    /// A line of text for a name, a note or a value.
    Prompt(Prompt),
    /// A yes/no (or save/discard/cancel) question.
    Confirm(Question),
    /// The `:` command line and what is typed on it.
    Command(String),
    Help(HelpView),
}

impl Overlay {
    /// Which keymap applies while this overlay is on top.
    pub fn mode(&self) -> Mode {
        match self {
            Overlay::Form(_) => Mode::Form,
            Overlay::Picker(p) if p.purpose == PickFor::Jump => Mode::Search,
            Overlay::Picker(_) => Mode::Picker,
            Overlay::Prompt(_) => Mode::Prompt,
            Overlay::Confirm(_) => Mode::Confirm,
            Overlay::Command(_) => Mode::Command,
            Overlay::Help(_) => Mode::Help,
        }
    }

    /// A picker or prompt: one step of a question, which the next step of
    /// the same question replaces.
    fn is_dialog(&self) -> bool {
        matches!(self, Overlay::Picker(_) | Overlay::Prompt(_))
    }
}

impl App {
    /// Which keymap applies: the top overlay's, else the screen's.
    pub fn mode(&self) -> Mode {
        self.overlays
            .last()
            .map_or(self.screen.mode(), Overlay::mode)
    }

    /// Shows `screen` with nothing over it.
    pub fn show(&mut self, screen: Screen) {
        self.overlays.clear();
        self.screen = screen;
    }

    pub fn push(&mut self, overlay: Overlay) {
        self.overlays.push(overlay);
    }

    /// Closes the top overlay, showing what is below it.
    pub fn pop(&mut self) -> Option<Overlay> {
        self.overlays.pop()
    }

    /// Opens a dialog (picker or prompt): over what is shown, or in place
    /// of the dialog on top, whose next step it is.
    pub fn open_dialog(&mut self, dialog: Overlay) {
        if self.overlays.last().is_some_and(Overlay::is_dialog) {
            self.overlays.pop();
        }
        self.overlays.push(dialog);
    }

    /// Asks `q` over what is shown, or in place of the question on top; the
    /// answer goes to `update`, which does what it says.
    pub fn ask(&mut self, q: Question) {
        if self.question().is_some() {
            self.overlays.pop();
        }
        self.overlays.push(Overlay::Confirm(q));
    }

    /// Closes the dialog on top, if a dialog is on top.
    pub fn close_dialog(&mut self) {
        if self.overlays.last().is_some_and(Overlay::is_dialog) {
            self.overlays.pop();
        }
    }

    pub fn top(&self) -> Option<&Overlay> {
        self.overlays.last()
    }

    /// The picker on top, if one is.
    pub fn picker(&self) -> Option<&Picker> {
        match self.overlays.last() {
            Some(Overlay::Picker(p)) => Some(p),
            _ => None,
        }
    }

    pub fn picker_mut(&mut self) -> Option<&mut Picker> {
        match self.overlays.last_mut() {
            Some(Overlay::Picker(p)) => Some(p),
            _ => None,
        }
    }

    /// The prompt on top, if one is.
    pub fn prompt(&self) -> Option<&Prompt> {
        match self.overlays.last() {
            Some(Overlay::Prompt(p)) => Some(p),
            _ => None,
        }
    }

    pub fn prompt_mut(&mut self) -> Option<&mut Prompt> {
        match self.overlays.last_mut() {
            Some(Overlay::Prompt(p)) => Some(p),
            _ => None,
        }
    }

    /// The question on top, if one is.
    pub fn question(&self) -> Option<&Question> {
        match self.overlays.last() {
            Some(Overlay::Confirm(q)) => Some(q),
            _ => None,
        }
    }

    /// The command line on top, if it is.
    pub fn command_line(&self) -> Option<&String> {
        match self.overlays.last() {
            Some(Overlay::Command(line)) => Some(line),
            _ => None,
        }
    }

    pub fn command_line_mut(&mut self) -> Option<&mut String> {
        match self.overlays.last_mut() {
            Some(Overlay::Command(line)) => Some(line),
            _ => None,
        }
    }

    /// The help view nearest the top (a search prompt may be over it).
    pub fn help_view(&self) -> Option<&HelpView> {
        self.overlays.iter().rev().find_map(|o| match o {
            Overlay::Help(h) => Some(h),
            _ => None,
        })
    }

    pub fn help_view_mut(&mut self) -> Option<&mut HelpView> {
        self.overlays.iter_mut().rev().find_map(|o| match o {
            Overlay::Help(h) => Some(h),
            _ => None,
        })
    }

    /// The open forms, the first opened first.
    pub fn forms(&self) -> impl Iterator<Item = &FormLevel> {
        self.overlays.iter().filter_map(|o| match o {
            Overlay::Form(l) => Some(l),
            _ => None,
        })
    }

    pub fn forms_mut(&mut self) -> impl Iterator<Item = &mut FormLevel> {
        self.overlays.iter_mut().filter_map(|o| match o {
            Overlay::Form(l) => Some(l),
            _ => None,
        })
    }

    /// The form being edited: the last one opened.
    pub fn form(&self) -> Option<&FormLevel> {
        self.forms().last()
    }

    pub fn form_mut(&mut self) -> Option<&mut FormLevel> {
        self.forms_mut().last()
    }

    /// Closes every form for which `keep` is false (and what was over it).
    pub fn close_forms(&mut self, keep: impl Fn(&FormLevel) -> bool) {
        if let Some(at) = self
            .overlays
            .iter()
            .position(|o| matches!(o, Overlay::Form(l) if !keep(l)))
        {
            self.overlays.truncate(at);
        }
    }
}
