//! Overlays stack over one screen: the top one gets the keys, and closing
//! it shows what was below, whatever opened it.

use crate::tui::app::{Mode, Overlay, Question, Screen};
use crate::tui::select_id;

use super::{app, keys};

fn stack(a: &crate::tui::App) -> Vec<Mode> {
    a.overlays.iter().map(Overlay::mode).collect()
}

#[test]
fn help_and_its_search_over_a_form_close_back_to_the_form_then_the_canvas() {
    let mut a = app();
    select_id(&mut a, "orders-svc");
    keys(&mut a, "e?");
    assert_eq!(stack(&a), [Mode::Form, Mode::Help]);
    assert_eq!(a.help_view().map(|h| h.from), Some(Mode::Form));
    keys(&mut a, "/undo<Enter>");
    assert_eq!(stack(&a), [Mode::Form, Mode::Help], "the prompt closed");
    assert_eq!(a.help_view().map(|h| h.filter.as_str()), Some("undo"));
    keys(&mut a, "<Esc>");
    assert_eq!(a.help_view().map(|h| h.filter.as_str()), Some(""));
    keys(&mut a, "<Esc>");
    assert_eq!(a.mode(), Mode::Form);
    keys(&mut a, "<Esc>");
    assert_eq!((a.mode(), a.overlays.len()), (Mode::Canvas, 0));
}

#[test]
fn the_command_line_closes_back_to_the_review_and_a_question_asks_until_answered() {
    let mut a = app();
    keys(&mut a, "R");
    assert_eq!(a.screen, Screen::Review);
    keys(&mut a, ":");
    assert_eq!(stack(&a), [Mode::Command]);
    keys(&mut a, "<Esc>");
    assert_eq!(a.mode(), Mode::Review, "Esc leaves the command line");
    keys(&mut a, ":<BS>");
    assert_eq!(a.mode(), Mode::Review, "so does Backspace on an empty line");
    a.dirty = true;
    keys(&mut a, "<Esc>q");
    assert_eq!(a.question(), Some(&Question::QuitUnsaved));
    assert_eq!(a.screen, Screen::Canvas);
    keys(&mut a, "x");
    assert_eq!(a.question(), Some(&Question::QuitUnsaved), "not an answer");
    keys(&mut a, "c");
    assert_eq!((a.mode(), a.overlays.len()), (Mode::Canvas, 0));
}

#[test]
fn each_step_of_a_question_replaces_the_last_and_esc_drops_the_whole_question() {
    let mut a = app();
    select_id(&mut a, "orders-svc");
    keys(&mut a, "a");
    assert_eq!(stack(&a), [Mode::Picker]);
    keys(&mut a, "<Enter>");
    assert_eq!(stack(&a), [Mode::Prompt], "the name replaces the kind");
    keys(&mut a, "<Esc>");
    assert_eq!((a.mode(), a.overlays.len()), (Mode::Canvas, 0));
}
