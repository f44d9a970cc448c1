//! Undo and redo: every version of the model this session, and where we are.
//! A new edit after some undos cuts off the versions that were undone.

use crate::model::Model;

#[derive(Debug, Clone)]
pub struct History {
    versions: Vec<Model>,
    index: usize,
}

impl History {
    pub fn new(first: Model) -> Self {
        Self {
            versions: vec![first],
            index: 0,
        }
    }

    /// Records `model` as the newest version.
    pub fn push(&mut self, model: Model) {
        self.versions.truncate(self.index + 1);
        self.versions.push(model);
        self.index = self.versions.len() - 1;
    }

    /// The version before the current one, if any.
    pub fn undo(&mut self) -> Option<&Model> {
        if self.index == 0 {
            return None;
        }
        self.index -= 1;
        self.versions.get(self.index)
    }

    pub fn redo(&mut self) -> Option<&Model> {
        if self.index + 1 >= self.versions.len() {
            return None;
        }
        self.index += 1;
        self.versions.get(self.index)
    }

    pub fn current(&self) -> &Model {
        &self.versions[self.index]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(n: &str) -> Model {
        Model {
            name: n.into(),
            ..Model::default()
        }
    }

    #[test]
    fn a_new_edit_cuts_the_redo_branch() {
        let mut h = History::new(named("a"));
        h.push(named("b"));
        h.push(named("c"));
        assert_eq!(h.undo().map(|m| m.name.clone()), Some("b".into()));
        h.push(named("d"));
        assert!(h.redo().is_none());
        assert_eq!(h.undo().map(|m| m.name.clone()), Some("b".into()));
        assert_eq!(h.undo().map(|m| m.name.clone()), Some("a".into()));
        assert!(h.undo().is_none());
        assert_eq!(h.redo().map(|m| m.name.clone()), Some("b".into()));
    }
}
