//! The one way threatmap writes a file: models, reports, exports, imports,
//! minutes and the workbench's saves all come here.
//!
//! What a path names decides how it is written:
//! - a regular file is replaced atomically: a temporary file in the same
//!   folder, flushed to disk, given the original's owner, group and mode, then
//!   renamed over it. On any failure the original is left as it was;
//! - a symbolic link is followed and its final target saved that way, so the
//!   link stays a link;
//! - a regular file with other hard links is written in place, so every name
//!   keeps seeing the same file; a copy of the original is kept beside it
//!   until the write is complete, and put back if the write fails;
//! - a character or block device, a FIFO or a socket is written directly
//!   (`-o /dev/null` stays `/dev/null`);
//! - a read-only file is refused with a message, even for root;
//! - a new file gets the mode the umask gives (0644 under 022).
//!
//! Temporary files are named `.threatmap-NAME.XXXXXX.tmp` after the file they
//! are for; one left by a killed save is removed by the next save of that
//! file.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{Error, ErrorKind, Write};
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// How many symbolic links a path may pass through (Linux's own limit).
const MAX_LINKS: usize = 40;

/// Writes `contents` to `path` as described in the module's documentation.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |file| file.write_all(contents))
}

/// Like [`write_atomic`], with the writing done by `write` (tests inject
/// failures; reports stream into it).
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let target = resolve_links(path)?;
    let meta = match std::fs::symlink_metadata(&target) {
        Ok(meta) => meta,
        Err(e) if e.kind() == ErrorKind::NotFound => return replace(&target, None, write),
        Err(e) => return Err(e),
    };
    let kind = meta.file_type();
    if kind.is_dir() {
        return Err(Error::new(ErrorKind::IsADirectory, "it is a folder"));
    }
    if kind.is_fifo() || kind.is_char_device() || kind.is_block_device() {
        let mut file = OpenOptions::new().write(true).open(&target)?;
        write(&mut file)?;
        return file.flush();
    }
    if kind.is_socket() {
        let stream = std::os::unix::net::UnixStream::connect(&target)?;
        let mut file = File::from(std::os::fd::OwnedFd::from(stream));
        write(&mut file)?;
        return file.flush();
    }
    refuse_read_only(&target, &meta)?;
    if meta.nlink() > 1 {
        write_in_place(&target, write)
    } else {
        replace(&target, Some(&meta), write)
    }
}

/// The file `path` finally names, after following every symbolic link (the
/// last link may point at a file that does not exist yet).
pub fn resolve_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let to = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(Error::new(
        ErrorKind::InvalidInput,
        format!("more than {MAX_LINKS} symbolic links in a row (a loop?)"),
    ))
}

/// True when `a` and `b` name the same existing file, through links too.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// A file nobody may write is not written, whoever runs threatmap (root can
/// write anything, so the mode is checked as well as the open).
fn refuse_read_only(path: &Path, meta: &Metadata) -> std::io::Result<()> {
    let writable_by_mode = meta.permissions().mode() & 0o222 != 0;
    let writable_by_us = writable_by_mode && OpenOptions::new().write(true).open(path).is_ok();
    if writable_by_us {
        Ok(())
    } else {
        Err(Error::new(
            ErrorKind::PermissionDenied,
            "the file is read-only; make it writable (chmod u+w) if it should be replaced",
        ))
    }
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into())
}

/// Writes a new file beside `path` and renames it over `path`.
fn replace(
    path: &Path,
    original: Option<&Metadata>,
    write: impl FnOnce(&mut File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = folder_of(path);
    let prefix = format!(".threatmap-{}.", file_name(path));
    remove_leftovers(dir, &prefix);
    let mut tmp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".tmp")
        .rand_bytes(6)
        // Created with 0666 less the umask, as any new file would be; a
        // replaced file gets its original's mode below.
        .permissions(std::fs::Permissions::from_mode(0o666))
        .tempfile_in(dir)?;
    write(tmp.as_file_mut())?;
    tmp.as_file_mut().flush()?;
    tmp.as_file().sync_all()?;
    if let Some(meta) = original {
        keep_owner(tmp.as_file(), meta);
        // After the owner: changing the owner clears set-id bits.
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(meta.mode() & 0o7777))?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Gives `file` the owner and group of `meta` where the process may (root
/// may; others may only keep a group they belong to).
fn keep_owner(file: &File, meta: &Metadata) {
    let Ok(now) = file.metadata() else { return };
    if now.uid() == meta.uid() && now.gid() == meta.gid() {
        return;
    }
    if std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid())).is_err() {
        let _ = std::os::unix::fs::fchown(file, None, Some(meta.gid()));
    }
}

/// Removes temporary files a killed save of the same file left behind.
fn remove_leftovers(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Some(random) = name
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"))
        else {
            continue;
        };
        let is_ours = random.len() == 6 && random.chars().all(|c| c.is_ascii_alphanumeric());
        if is_ours && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Rewrites a file with several hard links in place, so all its names keep
/// naming it. The original's bytes are copied to `.threatmap-NAME.backup`
/// first; they are put back if the write fails, and the copy is removed once
/// the new bytes are on disk. A copy found after a kill is the user's.
fn write_in_place(
    path: &Path,
    write: impl FnOnce(&mut File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let backup = folder_of(path).join(format!(".threatmap-{}.backup", file_name(path)));
    if backup.exists() {
        return Err(Error::new(
            ErrorKind::AlreadyExists,
            format!(
                "{} holds the file's content from an interrupted save; \
                 compare it with the file, then remove it",
                backup.display()
            ),
        ));
    }
    std::fs::copy(path, &backup)?;
    File::open(&backup)?.sync_all()?;
    let written = (|| {
        let mut file = OpenOptions::new().write(true).truncate(true).open(path)?;
        write(&mut file)?;
        file.flush()?;
        file.sync_all()
    })();
    match written {
        Ok(()) => {
            let _ = std::fs::remove_file(&backup);
            Ok(())
        }
        Err(e) => {
            let restored = std::fs::read(&backup).and_then(|bytes| {
                let mut file = OpenOptions::new().write(true).truncate(true).open(path)?;
                file.write_all(&bytes)?;
                file.sync_all()
            });
            match restored {
                Ok(()) => {
                    let _ = std::fs::remove_file(&backup);
                    Err(e)
                }
                Err(_) => Err(Error::new(
                    e.kind(),
                    format!("{e}; the original is kept in {}", backup.display()),
                )),
            }
        }
    }
}
