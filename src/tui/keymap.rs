//! The keymap as data: for each mode, which key does which action. Input is
//! looked up here, and the help overlay and key hints are generated from it.

use std::sync::OnceLock;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, Dir, Jump};
use super::app::Mode;

#[derive(Debug, Clone)]
pub struct Binding {
    pub mode: Mode,
    pub code: KeyCode,
    pub mods: KeyModifiers,
    pub action: Action,
    /// Shown in the status bar's key hints.
    pub hint: bool,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;
const ALT: KeyModifiers = KeyModifiers::ALT;

fn b(mode: Mode, code: KeyCode, mods: KeyModifiers, action: Action, hint: bool) -> Binding {
    Binding {
        mode,
        code,
        mods,
        action,
        hint,
    }
}

fn c(ch: char) -> KeyCode {
    KeyCode::Char(ch)
}

/// The built-in keymap, in help order.
pub fn defaults() -> Vec<Binding> {
    use Action as A;
    use KeyCode as K;
    use Mode::*;
    let mut v = Vec::new();
    let dirs = [
        (K::Up, 'k', Dir::Up),
        (K::Down, 'j', Dir::Down),
        (K::Left, 'h', Dir::Left),
        (K::Right, 'l', Dir::Right),
    ];
    for (arrow, letter, dir) in dirs {
        v.push(b(Canvas, arrow, NONE, A::Select(dir), false));
        v.push(b(Canvas, c(letter), NONE, A::Select(dir), false));
    }
    for (arrow, _, dir) in dirs {
        v.push(b(Canvas, arrow, SHIFT, A::Move(dir), false));
    }
    for (arrow, _, dir) in dirs {
        v.push(b(Canvas, arrow, CTRL, A::Pan(dir), false));
        v.push(b(Canvas, arrow, ALT, A::Pan(dir), false));
    }
    let canvas = [
        (K::Tab, NONE, A::CycleNext, false),
        (K::BackTab, NONE, A::CyclePrev, false),
        (K::Esc, NONE, A::Deselect, false),
        (c('a'), NONE, A::AddElement, true),
        (c('f'), NONE, A::AddFlow, true),
        (c('d'), NONE, A::Delete, false),
        (c('r'), NONE, A::Rename, false),
        (K::Enter, NONE, A::EditForm, true),
        (c('e'), NONE, A::EditForm, false),
        (c('b'), NONE, A::AssignBoundary, false),
        (c('M'), NONE, A::EditModel, false),
        (c('t'), NONE, A::FocusThreats, true),
        (c('F'), NONE, A::OpenFindings, true),
        (c('R'), NONE, A::Review, true),
        (c('p'), NONE, A::TogglePanel, false),
        (c('/'), NONE, A::Search, true),
        (c(':'), NONE, A::CommandLine, false),
        (c('u'), NONE, A::Undo, true),
        (c('r'), CTRL, A::Redo, false),
        (c('s'), CTRL, A::Save, true),
        (c('?'), NONE, A::Help, true),
        (c('q'), NONE, A::Quit, true),
        (c('c'), CTRL, A::Quit, false),
    ];
    for (code, mods, action, hint) in canvas {
        v.push(b(Canvas, code, mods, action, hint));
    }
    // A deliberate panic, to test the recovery file: in debug builds, and in
    // any build when THREATMAP_PANIC_KEY is set (the end-to-end tests).
    if cfg!(debug_assertions) || std::env::var_os("THREATMAP_PANIC_KEY").is_some() {
        v.push(b(Canvas, K::F(12), NONE, A::DebugPanic, false));
    }

    let list = [
        (K::Up, NONE, A::Up, false),
        (c('k'), NONE, A::Up, false),
        (K::Down, NONE, A::Down, false),
        (c('j'), NONE, A::Down, false),
    ];
    let jumps = [
        (K::PageUp, Jump::PageUp),
        (K::PageDown, Jump::PageDown),
        (K::Home, Jump::First),
        (K::End, Jump::Last),
        (c('g'), Jump::First),
        (c('G'), Jump::Last),
    ];
    for mode in [Threats, Findings, Form] {
        for (code, mods, action, hint) in list.clone() {
            v.push(b(mode, code, mods, action, hint));
        }
    }
    for mode in [Threats, Findings, Form, Help] {
        for (code, jump) in jumps {
            v.push(b(mode, code, NONE, A::Jump(jump), false));
        }
    }
    // Where letters type, only the named keys jump.
    for mode in [Picker, Search] {
        for (code, jump) in jumps.iter().take(4) {
            v.push(b(mode, *code, NONE, A::Jump(*jump), false));
        }
    }
    for mode in [Picker, Search, Prompt, Command] {
        v.push(b(mode, c('u'), CTRL, A::ClearLine, false));
        v.push(b(mode, c('w'), CTRL, A::DeleteWord, false));
    }
    let threats = [
        (K::Enter, NONE, A::Confirm, true),
        (c(' '), NONE, A::Fold, false),
        (c('m'), NONE, A::DecideControl, true),
        (c('a'), NONE, A::DecideAccept, true),
        (c('i'), NONE, A::DecideInProgress, false),
        (c('t'), NONE, A::DecideTransfer, false),
        (c('f'), NONE, A::DecideFalsePositive, false),
        (c('n'), NONE, A::NewThreat, true),
        (c('e'), NONE, A::EditThreat, false),
        (K::Esc, NONE, A::Back, true),
        (c(':'), NONE, A::CommandLine, false),
        (c('u'), NONE, A::Undo, false),
        (c('s'), CTRL, A::Save, false),
        (c('?'), NONE, A::Help, true),
        (c('q'), NONE, A::Quit, true),
    ];
    for (code, mods, action, hint) in threats {
        v.push(b(Threats, code, mods, action, hint));
    }
    let findings = [
        (K::Enter, NONE, A::Confirm, true),
        (c(' '), NONE, A::Fold, false),
        (c('m'), NONE, A::DecideControl, false),
        (c('a'), NONE, A::DecideAccept, false),
        (c('i'), NONE, A::DecideInProgress, false),
        (c('t'), NONE, A::DecideTransfer, false),
        (c('f'), NONE, A::DecideFalsePositive, false),
        (c('s'), NONE, A::FilterSeverity, true),
        (c('c'), NONE, A::FilterStride, true),
        (c('o'), NONE, A::FilterOwasp, true),
        (c('x'), NONE, A::FilterStatus, true),
        (c('0'), NONE, A::ClearFilters, false),
        (c('e'), NONE, A::EditThreat, false),
        (K::Esc, NONE, A::Back, true),
        (c('F'), NONE, A::Back, false),
        (c(':'), NONE, A::CommandLine, false),
        (c('u'), NONE, A::Undo, false),
        (c('s'), CTRL, A::Save, false),
        (c('?'), NONE, A::Help, true),
        (c('q'), NONE, A::Quit, true),
    ];
    for (code, mods, action, hint) in findings {
        v.push(b(Findings, code, mods, action, hint));
    }
    // Decisions are listed in the review panel; the bar hints the rest.
    let review = [
        (c('m'), NONE, A::DecideControl, false),
        (c('i'), NONE, A::DecideInProgress, false),
        (c('a'), NONE, A::DecideAccept, false),
        (c('t'), NONE, A::DecideTransfer, false),
        (c('f'), NONE, A::DecideFalsePositive, false),
        (c('g'), NONE, A::WholeGroup, false),
        (c('s'), NONE, A::Skip, true),
        (c('n'), NONE, A::Skip, false),
        (K::Right, NONE, A::Skip, false),
        (c('p'), NONE, A::Previous, true),
        (K::Left, NONE, A::Previous, false),
        (K::Backspace, NONE, A::Previous, false),
        (c('w'), NONE, A::WriteMinutes, true),
        (c('u'), NONE, A::Undo, true),
        (c('r'), CTRL, A::Redo, false),
        (c('s'), CTRL, A::Save, true),
        (c(':'), NONE, A::CommandLine, false),
        (K::Esc, NONE, A::Back, true),
        (c('?'), NONE, A::Help, true),
        (c('q'), NONE, A::Quit, true),
        (c('c'), CTRL, A::Quit, false),
    ];
    for (code, mods, action, hint) in review {
        v.push(b(Review, code, mods, action, hint));
    }
    let form = [
        (K::Enter, NONE, A::Confirm, true),
        (c(' '), NONE, A::Toggle, true),
        (c('x'), NONE, A::RemoveItem, true),
        (K::Delete, NONE, A::RemoveItem, false),
        (K::Esc, NONE, A::Back, true),
        (c('u'), NONE, A::Undo, false),
        (c('s'), CTRL, A::Save, false),
        (c('?'), NONE, A::Help, true),
    ];
    for (code, mods, action, hint) in form {
        v.push(b(Form, code, mods, action, hint));
    }
    // Modes that take typed text: printable keys type (see `lookup`).
    let picker = [
        (K::Up, NONE, A::Up, false),
        (K::Down, NONE, A::Down, false),
        (K::Tab, NONE, A::Down, false),
        (K::Enter, NONE, A::Confirm, true),
        (K::Esc, NONE, A::Back, true),
        (K::Backspace, NONE, A::Backspace, false),
    ];
    for mode in [Picker, Search] {
        for (code, mods, action, hint) in picker.clone() {
            v.push(b(mode, code, mods, action, hint));
        }
    }
    v.push(b(Picker, c(' '), CTRL, A::Toggle, false));
    let text = [
        (K::Enter, NONE, A::Confirm, true),
        (K::Esc, NONE, A::Back, true),
        (K::Backspace, NONE, A::Backspace, false),
    ];
    for mode in [Prompt, Command] {
        for (code, mods, action, hint) in text.clone() {
            v.push(b(mode, code, mods, action, hint));
        }
    }
    v.push(b(Command, K::Tab, NONE, A::Complete, false));
    for ch in ['y', 'n', 's', 'd', 'c'] {
        v.push(b(Confirm, c(ch), NONE, A::Answer(ch), false));
    }
    v.push(b(Confirm, K::Esc, NONE, A::Answer('c'), false));
    for code in [K::Esc, c('?'), c('q')] {
        v.push(b(Help, code, NONE, A::Back, code == K::Esc));
    }
    v.push(b(Help, c('/'), NONE, A::Search, true));
    for (code, action) in [
        (K::Up, A::Up),
        (c('k'), A::Up),
        (K::Down, A::Down),
        (c('j'), A::Down),
    ] {
        v.push(b(Help, code, NONE, action, false));
    }
    v
}

static DEFAULTS: OnceLock<Vec<Binding>> = OnceLock::new();
static EFFECTIVE: OnceLock<Vec<Binding>> = OnceLock::new();

/// Makes `map` (the defaults with the user's key file applied, see
/// `user_keys`) the keymap in effect; once, before the workbench starts.
pub fn install(map: Vec<Binding>) {
    let _ = EFFECTIVE.set(map);
}

/// Every binding in effect, in help order.
pub fn bindings() -> &'static [Binding] {
    match EFFECTIVE.get() {
        Some(map) => map,
        None => DEFAULTS.get_or_init(defaults),
    }
}

/// True for modes where printable keys type text.
pub fn takes_text(mode: Mode) -> bool {
    matches!(
        mode,
        Mode::Picker | Mode::Search | Mode::Prompt | Mode::Command
    )
}

/// The action for a key in a mode.
pub fn lookup(mode: Mode, key: KeyEvent) -> Option<Action> {
    lookup_in(bindings(), mode, key)
}

/// [`lookup`] in the keymap `map`.
pub fn lookup_in(map: &[Binding], mode: Mode, key: KeyEvent) -> Option<Action> {
    // Shift is part of the character itself ('K', '?'), and of BackTab.
    let ignore_shift = matches!(key.code, KeyCode::Char(_) | KeyCode::BackTab);
    let mods = if ignore_shift {
        key.modifiers - KeyModifiers::SHIFT
    } else {
        key.modifiers
    };
    let found = map
        .iter()
        .find(|b| b.mode == mode && b.code == key.code && b.mods == mods)
        .map(|b| b.action.clone());
    if found.is_some() {
        return found;
    }
    match key.code {
        KeyCode::Char(ch)
            if takes_text(mode) && !mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(Action::Insert(ch))
        }
        _ => None,
    }
}

/// How a key is written for people: `Ctrl-s`, `Shift-←`, `Enter`.
pub fn key_label(code: KeyCode, mods: KeyModifiers) -> String {
    let key = match code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(ch) => ch.to_string(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Backspace => "Backspace".into(),
        KeyCode::Delete => "Del".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    let mut prefix = String::new();
    if mods.contains(KeyModifiers::CONTROL) {
        prefix.push_str("Ctrl-");
    }
    if mods.contains(KeyModifiers::ALT) {
        prefix.push_str("Alt-");
    }
    if mods.contains(KeyModifiers::SHIFT) {
        prefix.push_str("Shift-");
    }
    prefix + &key
}

/// Help lines for a mode: keys that share an action are joined (`↑/k`).
pub fn help_lines(mode: Mode) -> Vec<(String, &'static str)> {
    help_lines_in(bindings(), mode)
}

/// [`help_lines`] of the keymap `map`.
pub fn help_lines_in(map: &[Binding], mode: Mode) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, Action)> = Vec::new();
    for b in map.iter().filter(|b| b.mode == mode) {
        let desc = b.action.describe();
        if desc.is_empty() {
            continue;
        }
        let label = key_label(b.code, b.mods);
        match out.iter_mut().find(|(_, a)| *a == b.action) {
            Some((keys, _)) => {
                keys.push('/');
                keys.push_str(&label);
            }
            None => out.push((label, b.action.clone())),
        }
    }
    let mut lines: Vec<(String, &'static str)> =
        out.into_iter().map(|(k, a)| (k, a.describe())).collect();
    if mode == Mode::Canvas {
        // Arrows and letters for each direction are one idea; say it once.
        lines.retain(|(_, d)| {
            !matches!(
                *d,
                "select nearest in direction" | "move selected element" | "pan the view"
            )
        });
        lines.insert(0, ("arrows/hjkl".into(), "select nearest in direction"));
        lines.insert(
            1,
            ("Shift-arrows".into(), "move selected element (or drag)"),
        );
        lines.insert(2, ("Ctrl-arrows".into(), "pan the view (Alt-arrows, drag)"));
    }
    if takes_text(mode) {
        lines.push(("letters".into(), "type text"));
    }
    lines
}

/// The short key hints for the status bar.
pub fn hints(mode: Mode) -> Vec<(String, &'static str)> {
    hints_in(bindings(), mode)
}

/// The hints for what is on screen: a set's picker (`multi`) stays open,
/// so there Enter flips an option and Esc is done, as its title says.
pub fn hints_here(mode: Mode, multi: bool) -> Vec<(String, &'static str)> {
    let mut all = hints(mode);
    if multi {
        for (_, desc) in &mut all {
            *desc = match *desc {
                "accept" => "flip",
                "cancel" => "done",
                d => d,
            };
        }
    }
    all
}

/// [`hints`] of the keymap `map`.
pub fn hints_in(map: &[Binding], mode: Mode) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = Vec::new();
    for b in map.iter().filter(|b| b.mode == mode && b.hint) {
        // In dialogs, Enter and Esc accept and cancel, as the dialog says.
        let desc = match (&b.action, takes_text(mode)) {
            (Action::Confirm, true) => "accept",
            (Action::Back, true) => "cancel",
            // On a form's row, Enter edits the value (or opens a nested form).
            (Action::Confirm, false) if mode == Mode::Form => "edit",
            (a, _) => a.hint(),
        };
        if !out.iter().any(|(_, d)| *d == desc) {
            out.push((key_label(b.code, b.mods), desc));
        }
    }
    out
}
