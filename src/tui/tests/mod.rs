//! Headless tests of the workbench: keys through the keymap into `update`,
//! and rendered screens on ratatui's `TestBackend`.

mod decisions;
mod effects;
mod faults;
mod groups;
mod layers;
mod render;
mod review;
mod scenario;
mod sizes;
mod threats;
mod update;

use std::path::PathBuf;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::library::built_in;
use crate::model::starter::starter_model;

use super::app::App;
use super::keymap;
use super::update::update;

/// The day every test runs on: decisions are dated, and expiries checked, by it.
pub const TODAY: &str = "2026-11-28";

/// The starter model in a workbench of 120×40, colours off.
pub fn app() -> App {
    let mut app = App::new(
        PathBuf::from("shop.ron"),
        starter_model(),
        built_in(),
        None,
        TODAY,
    );
    app.color = false;
    update(&mut app, super::Action::Resize(120, 40));
    app
}

/// Feeds keys written as in `"a"`, `"<Enter>"`, `"<C-s>"`, `"<S-Right>"`;
/// the effects they ask for are dropped (see [`keys_effects`]).
pub fn keys(app: &mut App, script: &str) {
    keys_effects(app, script);
}

/// [`keys`], returning the effects `update` asked for, in order.
pub fn keys_effects(app: &mut App, script: &str) -> Vec<super::effect::Effect> {
    let mut effects = Vec::new();
    let mut rest = script;
    while !rest.is_empty() {
        let (key, tail) = if let Some(stripped) = rest.strip_prefix('<') {
            let end = stripped.find('>').expect("closed key name");
            (named(&stripped[..end]), &stripped[end + 1..])
        } else {
            let ch = rest.chars().next().expect("a character");
            (
                KeyEvent::new(KeyCode::Char(ch), KeyModifiers::NONE),
                &rest[ch.len_utf8()..],
            )
        };
        if let Some(action) = keymap::lookup(app.mode(), key) {
            effects.extend(update(app, action));
        }
        rest = tail;
    }
    effects
}

fn named(name: &str) -> KeyEvent {
    let (mods, base) = match name.split_once('-') {
        Some(("C", b)) => (KeyModifiers::CONTROL, b),
        Some(("S", b)) => (KeyModifiers::SHIFT, b),
        Some(("A", b)) => (KeyModifiers::ALT, b),
        _ => (KeyModifiers::NONE, name),
    };
    let code = match base {
        "Enter" => KeyCode::Enter,
        "Esc" => KeyCode::Esc,
        "Tab" => KeyCode::Tab,
        "BackTab" => KeyCode::BackTab,
        "BS" => KeyCode::Backspace,
        "Up" => KeyCode::Up,
        "Down" => KeyCode::Down,
        "Left" => KeyCode::Left,
        "Right" => KeyCode::Right,
        "Home" => KeyCode::Home,
        "End" => KeyCode::End,
        "PgUp" => KeyCode::PageUp,
        "PgDn" => KeyCode::PageDown,
        "Space" => KeyCode::Char(' '),
        other if other.chars().count() == 1 => KeyCode::Char(other.chars().next().unwrap_or(' ')),
        other => panic!("unknown key {other}"),
    };
    KeyEvent::new(code, mods)
}
