//! The input and output the workbench asks for. `update` never touches the
//! disk: it returns these effects, the event loop hands each to [`perform`],
//! and the outcome comes back to `update` as [`Action::Done`]
//! (`super::Action`). Tests check the effects `update` returns and feed it
//! outcomes, with no file system involved.

use std::path::{Path, PathBuf};

use crate::model::write::same_file;
use crate::model::write_atomic;

/// Something to do outside the workbench's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write the model's canonical text to its file, unless someone changed
    /// the file since it was read (its hash then differs from `known`);
    /// `force` writes over such a change.
    SaveModel {
        path: PathBuf,
        text: String,
        known: Option<u64>,
        force: bool,
        then_quit: bool,
    },
    /// Write a report, an exported copy or review minutes to `path`.
    Write {
        path: PathBuf,
        text: String,
        /// Never write over this file (the model being edited).
        not_over: Option<PathBuf>,
        /// Ask before replacing a file that exists.
        ask_first: bool,
        /// The status bar's message once written.
        done: String,
    },
}

/// How an effect went, for `update`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Done {
    /// The model was written; `hash` is the hash of what is now on disk.
    Saved {
        hash: u64,
        had_comments: bool,
        then_quit: bool,
    },
    /// The model's file changed on disk since it was read: nothing written.
    ChangedOnDisk { then_quit: bool },
    /// A file to write exists and the user must say whether to replace it.
    Exists(PathBuf),
    /// Written, or refused, or failed: the status bar says which.
    Message(String),
}

impl super::App {
    /// Asks to save, unless the file changed on disk since it was read,
    /// which asks first (see [`Done::ChangedOnDisk`]).
    pub fn save(&mut self, then_quit: bool) {
        self.request_save(then_quit, false);
    }

    /// Asks to save; `force` writes over a change made by someone else.
    pub fn request_save(&mut self, then_quit: bool, force: bool) {
        self.effects.push(Effect::SaveModel {
            path: self.path.clone(),
            text: crate::model::to_canonical_string(&self.model),
            known: self.disk_hash,
            force,
            then_quit,
        });
    }
}

/// Carries out one effect: the one place the workbench writes files.
pub fn perform(effect: Effect) -> Done {
    match effect {
        Effect::SaveModel {
            path,
            text,
            known,
            force,
            then_quit,
        } => {
            let bytes = std::fs::read(&path).ok();
            let on_disk = bytes.as_deref().map(super::content_hash);
            if !force && on_disk.is_some() && on_disk != known {
                return Done::ChangedOnDisk { then_quit };
            }
            let had_comments = bytes
                .as_deref()
                .and_then(|b| std::str::from_utf8(b).ok())
                .is_some_and(crate::model::save::has_comments);
            match write_atomic(&path, text.as_bytes()) {
                Ok(()) => Done::Saved {
                    hash: super::content_hash(text.as_bytes()),
                    had_comments,
                    then_quit,
                },
                Err(e) => Done::Message(format!("could not save {}: {e}", path.display())),
            }
        }
        Effect::Write {
            path,
            text,
            not_over,
            ask_first,
            done,
        } => {
            if not_over.as_deref().is_some_and(|m| same_file(&path, m)) {
                return Done::Message(format!(
                    "{} is the model being edited: write to another file",
                    path.display()
                ));
            }
            if ask_first && Path::new(&path).exists() {
                return Done::Exists(path);
            }
            match write_atomic(&path, text.as_bytes()) {
                Ok(()) => Done::Message(done),
                Err(e) => Done::Message(format!("could not write {}: {e}", path.display())),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn save(path: &Path, text: &str, known: Option<u64>, force: bool) -> Done {
        perform(Effect::SaveModel {
            path: path.to_path_buf(),
            text: text.into(),
            known,
            force,
            then_quit: false,
        })
    }

    #[test]
    fn saving_writes_unless_the_file_changed_since_it_was_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("m.ron");
        std::fs::write(&file, "// mine\nModel()").expect("write");
        let known = Some(super::super::content_hash(b"// mine\nModel()"));
        let done = save(&file, "Model(a)", known, false);
        assert!(
            matches!(
                done,
                Done::Saved {
                    had_comments: true,
                    ..
                }
            ),
            "{done:?}"
        );
        assert_eq!(std::fs::read_to_string(&file).expect("read"), "Model(a)");
        // Someone else writes; saving now asks, forcing writes.
        std::fs::write(&file, "Model(b)").expect("write");
        let done = save(&file, "Model(c)", known, false);
        assert_eq!(done, Done::ChangedOnDisk { then_quit: false });
        assert_eq!(std::fs::read_to_string(&file).expect("read"), "Model(b)");
        assert!(matches!(
            save(&file, "Model(c)", known, true),
            Done::Saved { .. }
        ));
        assert_eq!(std::fs::read_to_string(&file).expect("read"), "Model(c)");
    }

    #[test]
    fn a_write_never_replaces_the_model_and_asks_before_replacing_a_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let model = dir.path().join("m.ron");
        std::fs::write(&model, "Model()").expect("write");
        let write = |path: &Path, ask_first: bool| {
            perform(Effect::Write {
                path: path.to_path_buf(),
                text: "report".into(),
                not_over: Some(model.clone()),
                ask_first,
                done: "written".into(),
            })
        };
        let refused = write(&model, false);
        assert!(matches!(&refused, Done::Message(m) if m.contains("model being edited")));
        assert_eq!(std::fs::read_to_string(&model).expect("read"), "Model()");
        let report = dir.path().join("r.md");
        assert_eq!(write(&report, true), Done::Message("written".into()));
        assert!(write(&report, true) == Done::Exists(report.clone()));
        assert_eq!(write(&report, false), Done::Message("written".into()));
        let failed = write(&dir.path().join("missing/r.md"), false);
        assert!(matches!(&failed, Done::Message(m) if m.starts_with("could not write")));
    }
}
