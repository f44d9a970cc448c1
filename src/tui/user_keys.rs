//! Key bindings the user overrides in a file of their own,
//! `keys.ron` in the platform's config folder (`~/.config/threatmap/` on
//! Linux; `THREATMAP_KEYS` names another file). Each entry binds a key in a
//! mode to an action, replacing what that key did there:
//!
//! ```ron
//! (
//!     bindings: [
//!         (mode: "Canvas", key: "x", action: "Delete"),
//!         (mode: "Canvas", key: "C-n", action: "AddElement"),
//!         (mode: "Threats", key: "d", action: "None"),
//!     ],
//! )
//! ```
//!
//! The help screen and the key hints are generated from the keymap in
//! effect. A bad file is a located error with a hint, never a panic.

use std::path::PathBuf;

use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, closest};

use super::app::Mode;
use super::keymap::{Binding, defaults};

/// Every mode, by the name a key file gives it.
const MODES: [Mode; 11] = [
    Mode::Canvas,
    Mode::Threats,
    Mode::Findings,
    Mode::Form,
    Mode::Picker,
    Mode::Search,
    Mode::Prompt,
    Mode::Command,
    Mode::Confirm,
    Mode::Help,
    Mode::Review,
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
    #[serde(default)]
    bindings: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    mode: String,
    key: String,
    action: String,
}

/// Where the user's key file is: `THREATMAP_KEYS`, else `keys.ron` in the
/// platform's config folder for threatmap.
pub fn path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("THREATMAP_KEYS").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    use etcetera::BaseStrategy;
    let base = etcetera::choose_base_strategy().ok()?;
    Some(base.config_dir().join("threatmap").join("keys.ron"))
}

/// The keymap in effect: the defaults with the user's file applied, or
/// `None` when there is no file.
pub fn load() -> Result<Option<Vec<Binding>>, Diagnostic> {
    let Some(path) = path() else {
        return Ok(None);
    };
    let file = path.display().to_string();
    match std::fs::read(&path) {
        Ok(bytes) => {
            let text = String::from_utf8(bytes).map_err(|_| {
                Diagnostic::error(&file, (0, 0), "the key file is not UTF-8 text")
                    .with_hint("save it as UTF-8")
            })?;
            apply(&text, &file).map(Some)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(
            Diagnostic::error(&file, (0, 0), format!("cannot read the key file: {e}"))
                .with_hint("fix its permissions, or set THREATMAP_KEYS to another file"),
        ),
    }
}

/// The default keymap with the bindings of the key file `text` applied.
pub fn apply(text: &str, file: &str) -> Result<Vec<Binding>, Diagnostic> {
    let parsed: KeyFile =
        ron::from_str(text).map_err(|e| crate::model::load::ron_diagnostic(&e, file))?;
    let mut map = defaults();
    for entry in &parsed.bindings {
        let at = locate(text, entry);
        let mode = MODES
            .iter()
            .copied()
            .find(|m| format!("{m:?}") == entry.mode)
            .ok_or_else(|| {
                let names: Vec<String> = MODES.iter().map(|m| format!("{m:?}")).collect();
                unknown(file, at.mode, "a mode", &entry.mode, names)
            })?;
        let (code, mods) = parse_key(&entry.key).ok_or_else(|| {
            Diagnostic::error(file, at.key, format!("`{}` is not a key", entry.key)).with_hint(
                "write a character (`x`, `?`), a name (Enter Esc Tab BackTab Backspace Up Down Left Right Home End PageUp PageDown Delete Space F1…F12), with C- (Ctrl), A- (Alt) or S- (Shift) in front",
            )
        })?;
        // What the key did in this mode stops: the key now does this.
        let before: Vec<Binding> = map.iter().filter(|b| b.mode == mode).cloned().collect();
        map.retain(|b| !(b.mode == mode && b.code == code && b.mods == mods));
        if entry.action == "None" {
            continue;
        }
        let action = before
            .iter()
            .map(|b| &b.action)
            .find(|a| format!("{a:?}") == entry.action)
            .cloned()
            .ok_or_else(|| {
                let mut names: Vec<String> =
                    before.iter().map(|b| format!("{:?}", b.action)).collect();
                names.dedup();
                names.push("None".into());
                unknown(
                    file,
                    at.action,
                    &format!("an action in {mode:?}"),
                    &entry.action,
                    names,
                )
            })?;
        // The hint bar shows the key the user chose for a hinted action.
        let hint = before.iter().any(|b| b.action == action && b.hint);
        for b in map
            .iter_mut()
            .filter(|b| b.mode == mode && b.action == action)
        {
            b.hint = false;
        }
        let at = map
            .iter()
            .position(|b| b.mode == mode && b.action == action)
            .or_else(|| map.iter().rposition(|b| b.mode == mode).map(|i| i + 1))
            .unwrap_or(map.len());
        map.insert(
            at,
            Binding {
                mode,
                code,
                mods,
                action,
                hint,
            },
        );
    }
    Ok(map)
}

fn unknown(
    file: &str,
    at: (usize, usize),
    what: &str,
    found: &str,
    names: Vec<String>,
) -> Diagnostic {
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let hint = match closest(found, refs.iter().copied()) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!("one of: {}", names.join(", ")),
    };
    Diagnostic::error(file, at, format!("`{found}` is not {what}")).with_hint(hint)
}

/// Where an entry's strings are in the file (line and column, 1-based):
/// the first place each quoted value is written after the previous one.
struct Places {
    mode: (usize, usize),
    key: (usize, usize),
    action: (usize, usize),
}

fn locate(text: &str, entry: &Entry) -> Places {
    let find = |field: &str, value: &str| -> (usize, usize) {
        let quoted = format!("\"{value}\"");
        let mut from = 0;
        while let Some(i) = text[from..].find(field) {
            let start = from + i;
            let rest = &text[start + field.len()..];
            let gap = rest.len() - rest.trim_start_matches([' ', ':', '\t']).len();
            if rest[gap..].starts_with(&quoted) {
                return line_col(text, start + field.len() + gap);
            }
            from = start + field.len();
        }
        (1, 1)
    };
    Places {
        mode: find("mode", &entry.mode),
        key: find("key", &entry.key),
        action: find("action", &entry.action),
    }
}

fn line_col(text: &str, byte: usize) -> (usize, usize) {
    let before = &text[..byte];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// `x`, `?`, `Enter`, `C-s`, `S-Right`, `A-Left`, `F5`.
pub fn parse_key(text: &str) -> Option<(KeyCode, KeyModifiers)> {
    let mut mods = KeyModifiers::NONE;
    let mut rest = text;
    while rest.chars().count() > 1 {
        let flag = match rest.get(..2) {
            Some("C-") => KeyModifiers::CONTROL,
            Some("A-") => KeyModifiers::ALT,
            Some("S-") => KeyModifiers::SHIFT,
            _ => break,
        };
        mods |= flag;
        rest = &rest[2..];
    }
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(ch), None) => KeyCode::Char(ch),
        _ => match rest {
            "Enter" => KeyCode::Enter,
            "Esc" => KeyCode::Esc,
            "Tab" => KeyCode::Tab,
            "BackTab" => KeyCode::BackTab,
            "Backspace" => KeyCode::Backspace,
            "Delete" => KeyCode::Delete,
            "Up" => KeyCode::Up,
            "Down" => KeyCode::Down,
            "Left" => KeyCode::Left,
            "Right" => KeyCode::Right,
            "Home" => KeyCode::Home,
            "End" => KeyCode::End,
            "PageUp" => KeyCode::PageUp,
            "PageDown" => KeyCode::PageDown,
            "Space" => KeyCode::Char(' '),
            f if f.starts_with('F') => match f[1..].parse::<u8>() {
                Ok(n @ 1..=12) => KeyCode::F(n),
                _ => return None,
            },
            _ => return None,
        },
    };
    // Shift is part of a character ('X'): `lookup` ignores it there.
    if let KeyCode::Char(_) = code {
        mods -= KeyModifiers::SHIFT;
    }
    Some((code, mods))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::action::Action;
    use crate::tui::keymap::{self, lookup_in};
    use ratatui::crossterm::event::KeyEvent;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    const FILE: &str = r#"(
    bindings: [
        (mode: "Canvas", key: "x", action: "Delete"),
        (mode: "Canvas", key: "C-n", action: "AddElement"),
        (mode: "Threats", key: "q", action: "None"),
    ],
)
"#;

    #[test]
    fn a_key_file_rebinds_unbinds_and_the_hints_follow() {
        let map = apply(FILE, "keys.ron").expect("valid");
        let x = key(KeyCode::Char('x'), KeyModifiers::NONE);
        assert_eq!(lookup_in(&map, Mode::Canvas, x), Some(Action::Delete));
        let ctrl_n = key(KeyCode::Char('n'), KeyModifiers::CONTROL);
        assert_eq!(
            lookup_in(&map, Mode::Canvas, ctrl_n),
            Some(Action::AddElement)
        );
        let q = key(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(lookup_in(&map, Mode::Threats, q), None, "unbound");
        assert_eq!(
            lookup_in(&map, Mode::Canvas, q),
            Some(Action::Quit),
            "elsewhere kept"
        );
        // `a` still adds; the hint bar and the help say Ctrl-n now.
        let a = key(KeyCode::Char('a'), KeyModifiers::NONE);
        assert_eq!(lookup_in(&map, Mode::Canvas, a), Some(Action::AddElement));
        let hints = keymap::hints_in(&map, Mode::Canvas);
        assert!(hints.contains(&("Ctrl-n".to_string(), "add")), "{hints:?}");
        let help = keymap::help_lines_in(&map, Mode::Canvas);
        assert!(
            help.iter()
                .any(|(k, d)| k == "Ctrl-n/a" && *d == Action::AddElement.describe()),
            "{help:?}"
        );
        assert!(help.iter().any(|(k, _)| k == "x/d"), "{help:?}");
    }

    #[test]
    fn a_misspelt_action_is_located_with_a_suggestion() {
        let text = "(\n    bindings: [\n        (mode: \"Canvas\", key: \"x\", action: \"Delte\"),\n    ],\n)\n";
        let d = apply(text, "keys.ron").expect_err("refused");
        assert_eq!((d.line, d.column), (3, 44), "{d}");
        assert_eq!(d.message, "`Delte` is not an action in Canvas");
        assert_eq!(d.hint.as_deref(), Some("did you mean `Delete`?"));
    }

    #[test]
    fn bad_modes_keys_and_syntax_are_located_errors() {
        let mode = apply(
            r#"(bindings: [(mode: "Canvass", key: "x", action: "Delete")])"#,
            "k.ron",
        )
        .expect_err("mode");
        assert_eq!((mode.line, mode.column), (1, 20));
        assert_eq!(mode.hint.as_deref(), Some("did you mean `Canvas`?"));
        let key = apply(
            r#"(bindings: [(mode: "Canvas", key: "Ctrl+x", action: "Delete")])"#,
            "k.ron",
        )
        .expect_err("key");
        assert!(key.message.contains("`Ctrl+x` is not a key"), "{key}");
        assert!(key.hint.as_deref().is_some_and(|h| h.contains("C- (Ctrl)")));
        let syntax =
            apply("(bindings: [(mode: \"Canvas\", key: \"x\"", "k.ron").expect_err("syntax");
        assert_eq!(syntax.file, "k.ron");
        assert!(syntax.line >= 1, "{syntax}");
        let field = apply(
            r#"(bindings: [(mode: "Canvas", key: "x", action: "Delete", when: "")])"#,
            "k.ron",
        )
        .expect_err("unknown field");
        assert!(field.to_string().contains("when"), "{field}");
    }

    #[test]
    fn the_readme_example_is_a_valid_key_file() {
        let readme = include_str!("../../README.md");
        let section = &readme[readme.find("### Your own keys").expect("the section")..];
        let start = section.find("```ron\n").expect("an example") + "```ron\n".len();
        let example = &section[start..start + section[start..].find("```").expect("closed")];
        let map = apply(example, "README.md").unwrap_or_else(|d| panic!("{d}"));
        let down = key(KeyCode::Down, KeyModifiers::SHIFT);
        assert_eq!(lookup_in(&map, Mode::Threats, down), Some(Action::Down));
    }

    #[test]
    fn keys_are_written_as_in_the_help() {
        assert_eq!(
            parse_key("x"),
            Some((KeyCode::Char('x'), KeyModifiers::NONE))
        );
        assert_eq!(
            parse_key("X"),
            Some((KeyCode::Char('X'), KeyModifiers::NONE))
        );
        assert_eq!(
            parse_key("-"),
            Some((KeyCode::Char('-'), KeyModifiers::NONE))
        );
        assert_eq!(
            parse_key("C-s"),
            Some((KeyCode::Char('s'), KeyModifiers::CONTROL))
        );
        assert_eq!(
            parse_key("S-Right"),
            Some((KeyCode::Right, KeyModifiers::SHIFT))
        );
        assert_eq!(parse_key("F5"), Some((KeyCode::F(5), KeyModifiers::NONE)));
        assert_eq!(parse_key("F13"), None);
        assert_eq!(parse_key("Ctrl+x"), None);
    }
}
