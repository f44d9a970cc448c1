//! The workbench at 80×24, 120×40 and 200×60: hints legible (never cut
//! before `? help` and `q quit`) and every panel reachable, as snapshots and
//! as assertions on the drawn screen.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::tui::app::Mode;
use crate::tui::{Action, App, render, select_id, update};

use super::{app, keys};

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

fn draw(app: &mut App) -> Vec<String> {
    let (w, h) = app.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal.draw(|f| render(app, f)).expect("draw");
    let buf = terminal.backend().buffer().clone();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect())
        .collect()
}

fn text(lines: &[String]) -> String {
    lines.join("\n")
}

fn sized(w: u16, h: u16) -> App {
    let mut a = app();
    update(&mut a, Action::Resize(w, h));
    a
}

#[test]
fn the_threats_panel_at_three_sizes() {
    for (w, h) in SIZES {
        let mut a = sized(w, h);
        select_id(&mut a, "gateway");
        keys(&mut a, "t");
        if !a.panel_shown() {
            // Narrow screens hide the side panel; `p` shows it (Esc first:
            // the threats list is open over the canvas).
            assert!(text(&draw(&mut a)).contains("Threats on gateway"));
            keys(&mut a, "<Esc>p");
            assert!(a.panel_shown(), "{w}x{h}: p shows the side panel");
            keys(&mut a, "t");
        }
        let screen = draw(&mut a);
        let hints = screen.last().cloned().unwrap_or_default();
        for want in ["? help", "q quit", "m control", "a accept"] {
            assert!(
                hints.contains(want),
                "{w}x{h}: `{want}` in the hints: {hints}"
            );
        }
        assert!(text(&screen).contains("Threats on gateway"), "{w}x{h}");
        insta::assert_snapshot!(format!("threats_{w}x{h}"), text(&screen));
    }
}

#[test]
fn the_threat_detail_scrolls_to_its_decision_at_three_sizes() {
    for (w, h) in SIZES {
        let mut a = sized(w, h);
        select_id(&mut a, "gateway");
        keys(&mut a, "t<Enter>");
        assert!(a.detail_open);
        keys(&mut a, "G");
        let screen = text(&draw(&mut a));
        assert!(
            screen.contains("Decision (m control"),
            "{w}x{h}: the decision section is reachable:\n{screen}"
        );
        insta::assert_snapshot!(format!("detail_end_{w}x{h}"), screen);
        keys(&mut a, "g");
        assert!(text(&draw(&mut a)).contains("Why it fired"), "{w}x{h}");
    }
}

#[test]
fn help_and_findings_are_legible_and_reach_their_end_at_three_sizes() {
    for (w, h) in SIZES {
        let mut a = sized(w, h);
        keys(&mut a, "?");
        assert_eq!(a.mode(), Mode::Help);
        let first = text(&draw(&mut a));
        assert!(first.contains("Canvas") && first.contains("add element"));
        keys(&mut a, "G");
        let last = text(&draw(&mut a));
        assert!(last.contains("end"), "{w}x{h}: the help's last line shows");
        assert!(
            last.contains(":layout"),
            "{w}x{h}: the command table is in the help"
        );
        keys(&mut a, "/accept<Enter>");
        let found = text(&draw(&mut a));
        assert!(
            found.contains("accept the risk"),
            "{w}x{h}: search finds it"
        );
        assert!(
            !found.contains("add element"),
            "{w}x{h}: search hides the rest"
        );
        keys(&mut a, "<Esc><Esc>F");
        assert_eq!(a.mode(), Mode::Findings);
        let screen = draw(&mut a);
        let hints = screen.last().cloned().unwrap_or_default();
        assert!(
            hints.contains("? help") && hints.contains("q quit"),
            "{w}x{h}: {hints}"
        );
        keys(&mut a, "G");
        let n = a.findings_rows().len();
        assert_eq!(
            a.findings_cursor + 1,
            n,
            "{w}x{h}: G goes to the last finding"
        );
    }
}

#[test]
fn the_side_panel_uses_the_width_and_a_resize_resets_the_pan() {
    let mut a = sized(200, 60);
    let side = a.areas().side.expect("a side panel at 200 wide").width;
    assert!(side >= 60, "the side panel grows with the screen: {side}");
    keys(&mut a, "<C-Right><C-Right><C-Right><C-Right><C-Right>");
    let panned = a.view;
    update(&mut a, Action::Resize(120, 40));
    assert_ne!(a.view, panned, "a resize does not keep the old pan");
    assert!(
        text(&draw(&mut a)).contains("Web shop"),
        "the diagram is in view"
    );
}

/// Every screen a new user meets, and the keys that reach it from the
/// starter model with `gateway` selected.
const SCREENS: [(&str, &str); 12] = [
    ("canvas", ""),
    ("threats", "t"),
    ("findings", "F"),
    ("form", "e"),
    ("picker", "a"),
    ("set", "eG<Enter>"),
    ("prompt", "a<Enter>"),
    ("search", "/"),
    ("question", "x"),
    ("help", "?"),
    ("review", "R"),
    ("detail", "t<Enter>"),
];

/// The hint bar's hints, as drawn: ` key desc ` each, two blanks apart.
fn drawn_hints(line: &str) -> Vec<String> {
    line.split("  ")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

#[test]
fn every_screen_s_hints_are_whole_and_keep_help_and_quit_at_three_sizes() {
    for (w, h) in SIZES {
        for (name, script) in SCREENS {
            let mut a = sized(w, h);
            select_id(&mut a, "gateway");
            keys(&mut a, script);
            let mode = a.mode();
            if let Some(said) = a.message.take() {
                // The message shows whole: after the counts, or, too long
                // for them, on the hint line until the next key.
                a.message = Some(said.clone());
                let shown = draw(&mut a);
                a.message = None;
                let last = shown.last().cloned().unwrap_or_default();
                assert!(
                    shown.iter().any(|l| l.contains(&said)) || last.trim() == said,
                    "{name} {w}x{h}: `{said}` not shown whole:\n{}",
                    text(&shown)
                );
            }
            let screen = draw(&mut a);
            let line = screen.last().cloned().unwrap_or_default();
            if let Some(q) = a.question() {
                assert_eq!(line.trim(), q.keys(), "{name} {w}x{h}: the answers, whole");
                continue;
            }
            let multi = a.picker().is_some_and(|p| p.multi);
            assert_eq!(multi, name == "set", "{name}: a set's picker is open");
            let all: Vec<String> = crate::tui::keymap::hints_here(mode, multi)
                .into_iter()
                .map(|(k, d)| format!("{k} {d}"))
                .collect();
            let shown = drawn_hints(&line);
            assert!(!shown.is_empty(), "{name} {w}x{h}: no hints: {line}");
            for hint in &shown {
                assert!(
                    all.contains(hint),
                    "{name} {w}x{h}: `{hint}` is not a whole hint of {mode:?}: {line}"
                );
            }
            // Where `?` or `q` works at all, its hint shows at every size.
            let binds = |action: Action| {
                crate::tui::keymap::bindings()
                    .iter()
                    .any(|b| b.mode == mode && b.action == action)
            };
            for (must, action) in [("? help", Action::Help), ("q quit", Action::Quit)] {
                if binds(action) {
                    assert!(
                        shown.iter().any(|x| x == must),
                        "{name} {w}x{h}: `{must}` cut off: {line}"
                    );
                }
            }
            if name == "set" {
                assert!(
                    shown.iter().any(|x| x == "Enter flip")
                        && shown.iter().any(|x| x == "Esc done"),
                    "{w}x{h}: a set's picker stays open, and the bar says so: {line}"
                );
            }
            if matches!(name, "canvas" | "form" | "help" | "review") {
                insta::assert_snapshot!(format!("{name}_{w}x{h}"), text(&screen));
            }
        }
    }
}
