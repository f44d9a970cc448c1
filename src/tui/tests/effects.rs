//! Saving and exporting: what `update` asks the event loop to write, and
//! what it does with the outcome. No file is touched.

use std::path::PathBuf;

use crate::tui::app::Question;
use crate::tui::effect::{Done, Effect};
use crate::tui::{Action, select_id, update};

use super::{app, keys, keys_effects};

/// The one save effect in `effects`: its text, whether it overwrites a
/// change made on disk, and whether the workbench quits after it.
fn the_save(effects: &[Effect]) -> (String, bool, bool) {
    match effects {
        [
            Effect::SaveModel {
                text,
                force,
                then_quit,
                ..
            },
        ] => (text.clone(), *force, *then_quit),
        other => panic!("one save expected, got {other:?}"),
    }
}

fn saved(a: &mut crate::tui::App, had_comments: bool, then_quit: bool) {
    let done = Done::Saved {
        hash: 42,
        had_comments,
        then_quit,
    };
    assert!(update(a, Action::Done(done)).is_empty());
}

#[test]
fn saving_asks_for_the_canonical_text_and_asks_when_the_file_changed() {
    let mut a = app();
    let known = a.disk_hash;
    select_id(&mut a, "gateway");
    let effects = keys_effects(&mut a, "<S-Down><C-s>");
    let (text, force, then_quit) = the_save(&effects);
    assert!(!force && !then_quit);
    assert!(
        matches!(&effects[0], Effect::SaveModel { path, known: k, .. }
        if *path == a.path && *k == known)
    );
    let loaded = crate::model::parse_str(&text, "shop.ron").expect("valid");
    assert_eq!(crate::model::to_canonical_string(&loaded.model), text);
    assert!(loaded.model.layout.contains_key("gateway"));
    assert!(a.dirty, "unsaved until the write is done");
    saved(&mut a, false, false);
    assert!(!a.dirty);
    assert_eq!(a.disk_hash, Some(42));
    assert_eq!(a.message, Some(format!("saved {}", a.path.display())));
    // Someone else wrote the file: the save comes back and asks.
    keys(&mut a, "<S-Down><C-s>");
    let back = Done::ChangedOnDisk { then_quit: false };
    assert!(update(&mut a, Action::Done(back.clone())).is_empty());
    assert_eq!(
        a.question().cloned(),
        Some(Question::OverwriteChanged { then_quit: false })
    );
    assert!(keys_effects(&mut a, "n").is_empty(), "no means no write");
    keys(&mut a, "<C-s>");
    update(&mut a, Action::Done(back));
    let (_, force, _) = the_save(&keys_effects(&mut a, "y"));
    assert!(force, "yes writes over the other change");
}

#[test]
fn quitting_with_unsaved_changes_saves_then_quits() {
    let mut a = app();
    select_id(&mut a, "gateway");
    keys(&mut a, "<S-Down>");
    let (_, _, then_quit) = the_save(&keys_effects(&mut a, "qs"));
    assert!(then_quit);
    assert!(!a.quit, "not before the model is written");
    saved(&mut a, false, true);
    assert!(a.quit);
}

#[test]
fn saving_a_model_with_comments_says_they_were_dropped() {
    // Before: the save silently dropped them.
    let mut a = app();
    select_id(&mut a, "gateway");
    keys(&mut a, "<S-Down><C-s>");
    saved(&mut a, true, false);
    assert!(!a.dirty);
    assert_eq!(
        a.message,
        Some(format!(
            "{} had comments, which the canonical layout does not keep: they were dropped",
            a.path.display()
        ))
    );
}

/// The one write effect in `effects`.
fn the_write(effects: &[Effect]) -> (PathBuf, String, Option<PathBuf>, bool) {
    match effects {
        [
            Effect::Write {
                path,
                text,
                not_over,
                ask_first,
                ..
            },
        ] => (path.clone(), text.clone(), not_over.clone(), *ask_first),
        other => panic!("one write expected, got {other:?}"),
    }
}

#[test]
fn commands_layout_export_and_unknown() {
    let mut a = app();
    select_id(&mut a, "gateway");
    keys(&mut a, "<S-Down>:layout<Enter>");
    assert!(a.model.layout.is_empty());
    let (path, text, not_over, ask_first) =
        the_write(&keys_effects(&mut a, ":export copy.ron<Enter>"));
    assert_eq!(path, PathBuf::from("copy.ron"));
    assert_eq!(text, crate::model::to_canonical_string(&a.model));
    assert_eq!(not_over, None, "a .ron copy may replace the model");
    assert!(ask_first);
    let (_, md, not_over, _) = the_write(&keys_effects(&mut a, ":export report.md<Enter>"));
    assert!(md.contains("Shop API"), "{md}");
    assert_eq!(not_over, Some(a.path.clone()), "a report never does");
    assert!(keys_effects(&mut a, ":export x.docx<Enter>").is_empty());
    assert!(
        a.message
            .as_deref()
            .is_some_and(|m| m.contains("cannot tell the format"))
    );
    keys(&mut a, ":frobnicate<Enter>");
    assert!(
        a.message
            .as_deref()
            .is_some_and(|m| m.contains("unknown command"))
    );
}

#[test]
fn export_asks_before_replacing_a_file() {
    let mut a = app();
    keys(&mut a, ":export victim.md<Enter>");
    let exists = Done::Exists(PathBuf::from("victim.md"));
    assert!(update(&mut a, Action::Done(exists.clone())).is_empty());
    assert_eq!(
        a.question().cloned(),
        Some(Question::OverwriteExport("victim.md".into()))
    );
    assert!(keys_effects(&mut a, "n").is_empty());
    keys(&mut a, ":export victim.md<Enter>");
    update(&mut a, Action::Done(exists));
    let (path, text, _, ask_first) = the_write(&keys_effects(&mut a, "y"));
    assert_eq!(path, PathBuf::from("victim.md"));
    assert!(text.contains("Shop API"));
    assert!(!ask_first, "answered");
    // Whatever was written, the outcome is said.
    update(
        &mut a,
        Action::Done(Done::Message("exported victim.md".into())),
    );
    assert_eq!(a.message.as_deref(), Some("exported victim.md"));
}
