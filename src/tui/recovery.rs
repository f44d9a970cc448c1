//! Never lose work: the latest unsaved model is kept where a panic hook can
//! reach it, and written next to the original file if the workbench crashes.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::model::{Model, to_canonical_string, write_atomic};

struct Unsaved {
    path: PathBuf,
    model: Model,
}

static UNSAVED: Mutex<Option<Unsaved>> = Mutex::new(None);

/// Where the recovery copy of `path` goes: `shop.ron` → `shop.recovered.ron`.
pub fn recovery_path(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "model".into());
    path.with_file_name(format!("{stem}.recovered.ron"))
}

/// Keeps the current model for the panic hook (only when it has changes).
pub fn remember(path: &Path, model: &Model, dirty: bool) {
    if let Ok(mut slot) = UNSAVED.lock() {
        *slot = dirty.then(|| Unsaved {
            path: path.to_path_buf(),
            model: model.clone(),
        });
    }
}

/// Writes the unsaved model, if any, to its recovery file; returns where.
/// `wait` waits for the model being remembered (a signal arrives on its own
/// thread); a panic does not wait, as its own thread may hold the lock.
pub fn write_recovery(wait: bool) -> Option<Result<PathBuf, String>> {
    // A panic while the lock is held poisons it; the data is still good.
    let slot = match UNSAVED.try_lock() {
        Ok(slot) => slot,
        Err(std::sync::TryLockError::Poisoned(p)) => p.into_inner(),
        Err(std::sync::TryLockError::WouldBlock) if wait => UNSAVED
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
        Err(std::sync::TryLockError::WouldBlock) => return None,
    };
    let unsaved = slot.as_ref()?;
    let target = recovery_path(&unsaved.path);
    let text = to_canonical_string(&unsaved.model);
    Some(
        write_atomic(&target, text.as_bytes())
            .map(|()| target.clone())
            .map_err(|e| format!("could not write {}: {e}", target.display())),
    )
}

/// Forgets the unsaved model (after a clean exit).
pub fn clear() {
    if let Ok(mut slot) = UNSAVED.lock() {
        *slot = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_file_sits_next_to_the_original() {
        assert_eq!(
            recovery_path(Path::new("/tmp/a/shop.ron")),
            PathBuf::from("/tmp/a/shop.recovered.ron")
        );
    }
}
