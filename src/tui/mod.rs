//! The workbench: `threatmap edit FILE`.
//!
//! Input events become [`Action`]s through the per-mode keymap, `update`
//! applies them to the [`App`] state, and `render` draws the state. The
//! terminal is restored on every exit path, panics included, and a panic
//! writes the unsaved model next to the original file.

pub mod action;
pub mod app;
mod areas;
pub mod canvas;
mod canvas_dialogs;
pub mod commands;
pub mod decide;
mod dialogs;
mod edit_canvas;
pub mod effect;
mod export;
pub mod fold;
pub mod form;
mod form_dialogs;
mod form_keys;
mod help_keys;
pub mod history;
pub mod keymap;
mod lists;
mod mouse;
pub mod overlay;
pub mod panels;
pub mod recovery;
pub mod review;
pub mod scene;
pub mod theme;
mod threat_actions;
pub mod threat_form;
pub mod update;
pub mod user_keys;

use std::hash::{Hash, Hasher};
use std::io;
use std::path::Path;

use ratatui::Frame;
use ratatui::crossterm::event::{self, Event, KeyEventKind, MouseButton, MouseEventKind};
use ratatui::crossterm::execute;
use ratatui::layout::Rect;

pub use action::Action;
pub use app::{App, Mode};
pub use update::update;

use crate::library::Library;
use crate::model::Model;

use app::Selection;
use overlay::{Overlay, Screen};
use panels::{centered, dialog, findings, help, inspector, status, threats};
use theme::Theme;

/// A hash of a file's bytes, to notice changes made by others.
pub fn content_hash(bytes: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// True unless NO_COLOR is set to a non-empty value.
pub fn colour_wanted() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// How the workbench starts: who signs review decisions, and whether it
/// opens straight into a review.
#[derive(Debug, Clone, Default)]
pub struct Start {
    pub reviewer: String,
    pub review: bool,
}

/// Runs the workbench on `model`, read from `path`, until the user quits.
pub fn run(
    path: &Path,
    model: Model,
    library: Library,
    disk_hash: Option<u64>,
    start: Start,
) -> io::Result<()> {
    let today = crate::clock::today();
    let mut app = App::new(path.to_path_buf(), model, library, disk_hash, &today);
    app.color = colour_wanted();
    // Who signs decisions is read here (git, the environment), not in `update`.
    app.reviewer = if start.reviewer.trim().is_empty() {
        crate::review::default_reviewer()
    } else {
        start.reviewer
    };
    use std::io::IsTerminal;
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        // Unsupported: a usage problem (no terminal), not a failing one.
        return Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "standard input and output must be a terminal",
        ));
    }
    let mut terminal = ratatui::try_init().inspect_err(|_| ratatui::restore())?;
    install_panic_hook();
    install_signal_handler();
    let _ = execute!(io::stdout(), event::EnableMouseCapture);
    let result = event_loop(&mut terminal, &mut app, start.review);
    restore_terminal();
    recovery::clear();
    result
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let recovered = recovery::write_recovery(false);
        restore_terminal();
        report_recovery("threatmap crashed", recovered);
        previous(info);
    }));
}

/// SIGTERM, SIGHUP and SIGINT end the workbench like a crash does: the
/// unsaved model goes to its recovery file and the terminal is restored;
/// then the signal's default action ends the process, so the shell sees the
/// usual status (143, 129, 130).
fn install_signal_handler() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    // The handlers are registered on the thread that reads them: if it
    // cannot start, the signals keep their default action.
    let _ = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])
            else {
                return;
            };
            if let Some(signal) = signals.forever().next() {
                let recovered = recovery::write_recovery(true);
                restore_terminal();
                let name = match signal {
                    SIGTERM => "threatmap was terminated",
                    SIGHUP => "threatmap lost its terminal",
                    _ => "threatmap was interrupted",
                };
                report_recovery(name, recovered);
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                std::process::exit(128 + signal);
            }
        });
}

/// Leaves the alternate screen, releases the mouse and shows the cursor.
fn restore_terminal() {
    let _ = execute!(
        io::stdout(),
        event::DisableMouseCapture,
        ratatui::crossterm::cursor::Show
    );
    ratatui::restore();
}

fn report_recovery(what: &str, recovered: Option<Result<std::path::PathBuf, String>>) {
    match recovered {
        Some(Ok(p)) => eprintln!(
            "{what}; your unsaved changes are saved in {}",
            crate::text::escape_control(&p.display().to_string())
        ),
        Some(Err(e)) => eprintln!("{what} and {e}"),
        None => {}
    }
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    start_review: bool,
) -> io::Result<()> {
    let size = terminal.size()?;
    let effects = update(app, Action::Resize(size.width, size.height));
    run_effects(app, effects);
    app.follow_selection();
    if start_review {
        let effects = update(app, Action::Review);
        run_effects(app, effects);
    }
    while !app.quit {
        terminal.draw(|f| render(app, f))?;
        let event = event::read()?;
        // The clock is an input: a session past midnight dates its
        // decisions, and checks expiries, on the new day.
        let today = crate::clock::today();
        if today != app.today {
            let effects = update(app, Action::Today(today));
            run_effects(app, effects);
        }
        if let Some(action) = to_action(app, event) {
            let effects = update(app, action);
            run_effects(app, effects);
        }
    }
    Ok(())
}

/// Performs what `update` asked for, feeding each outcome back to it (which
/// may ask for more, e.g. a save after "replace it?" was answered).
pub fn run_effects(app: &mut App, effects: Vec<effect::Effect>) {
    let mut queue = std::collections::VecDeque::from(effects);
    while let Some(effect) = queue.pop_front() {
        let done = effect::perform(effect);
        queue.extend(update(app, Action::Done(done)));
    }
}

/// Turns a terminal event into an action, through the mode's keymap.
pub fn to_action(app: &App, event: Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => keymap::lookup(app.mode(), key),
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(m.column, m.row)),
            MouseEventKind::Drag(MouseButton::Left) => Some(Action::Drag(m.column, m.row)),
            MouseEventKind::Up(MouseButton::Left) => Some(Action::Release),
            MouseEventKind::ScrollDown if app.mode() == Mode::Canvas => {
                Some(Action::Pan(action::Dir::Down))
            }
            MouseEventKind::ScrollUp if app.mode() == Mode::Canvas => {
                Some(Action::Pan(action::Dir::Up))
            }
            _ => None,
        },
        _ => None,
    }
}

pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    let theme = Theme { color: app.color };
    let base = app.screen;
    let areas = if base == Screen::Review {
        app::review_areas(area)
    } else {
        app::areas(area, app.panel_shown())
    };
    let body = Rect::new(
        area.x,
        area.y,
        area.width,
        area.height - areas.status.height,
    );
    if base == Screen::Findings {
        findings::draw(app, body, buf, theme);
    } else if base == Screen::Review {
        canvas::draw(app, areas.canvas, buf, theme);
        if let Some(side) = areas.side {
            panels::review::draw(app, side, buf, theme);
        }
    } else {
        canvas::draw(app, areas.canvas, buf, theme);
        let editing = app.form().is_some();
        match areas.side {
            Some(side) if editing => inspector::draw(app, side, buf, theme),
            Some(side) => {
                let (top, bottom) = app::side_split(side, app.selection.is_some());
                inspector::draw(app, top, buf, theme);
                threats::draw_list(app, bottom, buf, theme);
            }
            None if editing => {
                let rect = centered(areas.canvas, 60, areas.canvas.height);
                inspector::draw(app, rect, buf, theme);
            }
            None if base == Screen::Threats => {
                let h = areas.canvas.height.min(12);
                let rect = Rect::new(
                    areas.canvas.x,
                    areas.canvas.y + areas.canvas.height - h,
                    areas.canvas.width,
                    h,
                );
                threats::draw_list(app, rect, buf, theme);
            }
            None => {}
        }
        if base == Screen::Threats
            && !editing
            && app.detail_open
            && let Some(f) = app.threat_rows().finding(app.threat_cursor)
        {
            let rect = centered(areas.canvas, 76, areas.canvas.height);
            threats::draw_detail(f, &app.library, app.detail_scroll, rect, buf, theme);
        }
    }
    match app.top() {
        Some(Overlay::Picker(p)) => dialog::draw_picker(p, body, buf, theme),
        Some(Overlay::Prompt(p)) => dialog::draw_prompt(p, body, buf, theme),
        Some(Overlay::Confirm(q)) => dialog::draw_question(q, body, buf, theme),
        Some(Overlay::Help(h)) => help::draw(h.from, h.scroll, &h.filter, body, buf, theme),
        Some(Overlay::Form(_) | Overlay::Command(_)) | None => {}
    }
    status::draw(app, areas.status, buf, theme);
}

/// Selects a target by id, for tests and the command line.
pub fn select_id(app: &mut App, id: &str) {
    if app.model.element(id).is_some() {
        app.selection = Some(Selection::Element(id.to_string()));
    } else if app.model.flow(id).is_some() {
        app.selection = Some(Selection::Flow(id.to_string()));
    }
    app.follow_selection();
}
#[cfg(test)]
mod tests;
