//! The help overlay's keys: scrolling, searching (`/`) and leaving.

use super::action::Action;
use super::app::{App, HelpView, Overlay, PromptFor};

/// `?`: the help over what is shown, the keys of where it was opened first.
pub(super) fn open(app: &mut App) {
    let from = app.mode();
    app.push(Overlay::Help(HelpView {
        from,
        scroll: 0,
        filter: String::new(),
    }));
}

pub(super) fn update(app: &mut App, action: Action) {
    let page = usize::from(app.size.1.saturating_sub(8));
    let Some(help) = app.help_view_mut() else {
        return;
    };
    match action {
        Action::Back if !help.filter.is_empty() => {
            help.filter.clear();
            help.scroll = 0;
        }
        Action::Back => {
            app.pop();
        }
        Action::Up => help.scroll = help.scroll.saturating_sub(1),
        Action::Down => help.scroll += 1,
        // The overlay clamps: "last" is as far as it scrolls.
        Action::Jump(j) => help.scroll = j.apply(help.scroll, usize::MAX, page),
        Action::Search => {
            let now = help.filter.clone();
            super::dialogs::open_prompt(app, "Search the help", now, PromptFor::HelpFilter);
        }
        _ => {}
    }
}

/// The words typed in the search prompt filter the help below it.
pub(super) fn search(app: &mut App, text: String) {
    app.close_dialog();
    if let Some(help) = app.help_view_mut() {
        help.filter = text;
        help.scroll = 0;
    }
}
