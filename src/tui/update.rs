//! `update`: the one place where actions change the workbench state. It
//! does no input or output: what it wants written comes back as effects
//! (`super::effect`), which the event loop performs, so tests drive it
//! directly and check the effects. Each mode's keys are handled next to
//! their feature: `edit_canvas`, `lists` (threats panel, findings view),
//! `form_keys`, `dialogs` (pickers and prompts), `mouse`, `review`,
//! `commands`.

use super::action::Action;
use super::app::{App, Mode, Overlay, Question, Screen};
use super::effect::{Done, Effect};

use super::dialogs::{picker, prompt};
use super::edit_canvas::{canvas, delete_element};
use super::form_keys::form_mode;
use super::lists::{findings, threats};
use super::mouse::{click, drag, release};

/// Applies `action` and returns the effects it asks for, in order.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    step(app, action);
    std::mem::take(&mut app.effects)
}

fn step(app: &mut App, action: Action) {
    match action {
        Action::Done(done) => return finish(app, done),
        Action::Today(date) => return app.set_today(date),
        Action::Resize(w, h) => {
            app.size = (w, h);
            if app.screen == Screen::Review {
                super::review::focus(app);
            } else {
                app.reset_view();
            }
            return;
        }
        Action::Click(x, y) => return click(app, x, y),
        Action::Drag(x, y) => return drag(app, x, y),
        Action::Release => return release(app),
        Action::DebugPanic => panic!("a panic requested from the debug key (F12)"),
        _ => {}
    }
    app.message = None;
    if common(app, &action) {
        return;
    }
    match app.mode() {
        Mode::Canvas => canvas(app, action),
        Mode::Threats => threats(app, action),
        Mode::Findings => findings(app, action),
        Mode::Form => form_mode(app, action),
        Mode::Review => super::review::update(app, action),
        Mode::Picker | Mode::Search => picker(app, action),
        Mode::Prompt => prompt(app, action),
        Mode::Command => super::commands::update(app, action),
        Mode::Confirm => {
            if let Action::Answer(c) = action {
                answer(app, c);
            }
        }
        Mode::Help => super::help_keys::update(app, action),
    }
}

/// Actions that mean the same in every mode that binds them.
fn common(app: &mut App, action: &Action) -> bool {
    match action {
        Action::Undo => {
            undo(app);
            if app.mode() == Mode::Review {
                super::review::after_undo(app);
            }
        }
        Action::Redo => {
            redo(app);
            if app.mode() == Mode::Review {
                super::review::focus(app);
            }
        }
        Action::Save => app.save(false),
        Action::Quit => quit(app),
        Action::Help => super::help_keys::open(app),
        _ => return false,
    }
    true
}

fn undo(app: &mut App) {
    match app.history.undo() {
        Some(m) => {
            app.model = m.clone();
            app.refresh();
            app.message = Some("undone".into());
        }
        None => app.message = Some("nothing to undo".into()),
    }
}

fn redo(app: &mut App) {
    match app.history.redo() {
        Some(m) => {
            app.model = m.clone();
            app.refresh();
            app.message = Some("redone".into());
        }
        None => app.message = Some("nothing to redo".into()),
    }
}

fn quit(app: &mut App) {
    if app.dirty {
        app.ask(Question::QuitUnsaved);
    } else {
        app.quit = true;
    }
}

fn answer(app: &mut App, c: char) {
    let Some(Overlay::Confirm(q)) = app.pop() else {
        return;
    };
    match (q, c) {
        (Question::QuitUnsaved, 's' | 'y') => app.save(true),
        (Question::QuitUnsaved, 'd' | 'n') => app.quit = true,
        (Question::DeleteWithFlows(id), 'y') => delete_element(app, &id),
        (Question::DeleteThreat(id), 'y') => super::threat_actions::delete(app, &id),
        (Question::OverwriteChanged { then_quit }, 'y') => app.request_save(then_quit, true),
        (Question::OverwriteExport(file), 'y') => match super::export::export(app, &file, false) {
            Ok(write) => app.effects.push(write),
            Err(why) => app.message = Some(why),
        },
        (
            q @ (Question::QuitUnsaved | Question::DeleteWithFlows(_) | Question::DeleteThreat(_)),
            'c' | 'n',
        )
        | (q @ (Question::OverwriteChanged { .. } | Question::OverwriteExport(_)), 'c' | 'n') => {
            let _ = q;
            app.message = Some("cancelled".into());
        }
        (q, _) => {
            // Not an answer to this question: keep asking.
            app.push(Overlay::Confirm(q));
        }
    }
}

/// An effect's outcome: the model saved, the file changed by someone else,
/// an export to confirm, or a message.
fn finish(app: &mut App, done: Done) {
    match done {
        Done::Saved {
            hash,
            had_comments,
            then_quit,
        } => {
            app.disk_hash = Some(hash);
            app.saved = app.model.clone();
            app.refresh();
            let path = app.path.display().to_string();
            app.message = Some(if had_comments {
                crate::model::save::comments_dropped(&path)
            } else {
                format!("saved {path}")
            });
            if then_quit {
                app.quit = true;
            }
        }
        Done::ChangedOnDisk { then_quit } => app.ask(Question::OverwriteChanged { then_quit }),
        Done::Exists(path) => app.ask(Question::OverwriteExport(path.display().to_string())),
        Done::Message(text) => app.message = Some(text),
    }
}
