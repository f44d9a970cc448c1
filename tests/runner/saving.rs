//! Saving never costs a user their model: every failure leaves the original
//! file byte-identical, leaves no temporary file behind, and says why.

use crate::common::threatmap;

use std::fs;
use std::io::{Error, ErrorKind};
use std::path::Path;

use threatmap::model::{save, starter::starter_model, to_canonical_string};
use threatmap::model::{write_atomic, write_atomic_with};

fn leftovers(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".threatmap-"))
        .collect();
    names.sort();
    names
}

fn original(dir: &Path) -> (std::path::PathBuf, Vec<u8>) {
    let path = dir.join("model.ron");
    let bytes = b"the team's model, byte for byte\n".to_vec();
    fs::write(&path, &bytes).unwrap();
    (path, bytes)
}

#[test]
fn a_full_disk_while_writing_leaves_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let (path, bytes) = original(dir.path());
    let err = write_atomic_with(&path, |file| {
        use std::io::Write;
        file.write_all(b"half a mod")?;
        Err(Error::new(
            ErrorKind::StorageFull,
            "no space left on device",
        ))
    })
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::StorageFull);
    assert!(err.to_string().contains("no space left"));
    assert_eq!(fs::read(&path).unwrap(), bytes);
    assert!(leftovers(dir.path()).is_empty(), "temporary file removed");
}

#[test]
fn a_rename_that_fails_leaves_the_original() {
    let dir = tempfile::tempdir().unwrap();
    // Renaming a file over a non-empty directory always fails, even as root.
    let target = dir.path().join("model.ron");
    fs::create_dir(&target).unwrap();
    fs::write(target.join("keep.txt"), "kept").unwrap();
    let err = write_atomic(&target, b"new").unwrap_err();
    assert!(!err.to_string().is_empty());
    assert_eq!(fs::read_to_string(target.join("keep.txt")).unwrap(), "kept");
    assert!(leftovers(dir.path()).is_empty(), "temporary file removed");
}

#[test]
fn a_missing_folder_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let err = write_atomic(&dir.path().join("no/such/folder/model.ron"), b"x").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
}

#[test]
fn a_successful_save_replaces_the_file_whole_and_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = original(dir.path());
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    let model = starter_model();
    save(&model, &path).unwrap();
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        to_canonical_string(&model)
    );
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o640
    );
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn a_command_that_cannot_write_says_so_and_exits_3() {
    let dir = tempfile::tempdir().unwrap();
    // A path through a regular file: no temporary file can be made there.
    let blocker = dir.path().join("blocker");
    fs::write(&blocker, "mine").unwrap();
    let out = threatmap()
        .arg("new")
        .arg(blocker.join("shop.ron"))
        .assert()
        // A system failure, not invalid input (README's exit codes).
        .code(3);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("cannot write"), "{stderr}");
    assert!(stderr.contains("left untouched"), "{stderr}");
    assert_eq!(fs::read_to_string(&blocker).unwrap(), "mine");
}

// What the path names decides how it is written (issue #20).

use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};

fn is_root() -> bool {
    fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

#[test]
fn a_symlink_stays_a_link_and_its_target_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let (target, _) = original(dir.path());
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink("model.ron", &link).unwrap();
    write_atomic(&link, b"through the link\n").unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_link(&link).unwrap(), Path::new("model.ron"));
    assert_eq!(fs::read_to_string(&target).unwrap(), "through the link\n");
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn fmt_through_a_symlink_formats_the_target_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.ron");
    let model = starter_model();
    let messy = to_canonical_string(&model).replace("    ", "  ");
    fs::write(&real, &messy).unwrap();
    let link = dir.path().join("shop.ron");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    threatmap().arg("fmt").arg(&link).assert().success();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        fs::read_to_string(&real).unwrap(),
        to_canonical_string(&model)
    );
}

#[test]
fn a_fifo_is_written_to_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read_to_string(fifo).unwrap())
    };
    write_atomic(&fifo, b"to the reader\n").unwrap();
    assert_eq!(reader.join().unwrap(), "to the reader\n");
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn a_report_to_a_character_device_writes_to_the_device() {
    let dir = tempfile::tempdir().unwrap();
    // A private copy of /dev/null (major 1, minor 3), so a regression
    // cannot replace the machine's own.
    let null = dir.path().join("null");
    let made = std::process::Command::new("mknod")
        .arg(&null)
        .args(["c", "1", "3"])
        .status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("SKIP a_report_to_a_character_device_writes_to_the_device: mknod needs root");
        return;
    }
    let model = dir.path().join("shop.ron");
    save(&starter_model(), &model).unwrap();
    threatmap()
        .arg("report")
        .arg(&model)
        .arg("-o")
        .arg(&null)
        .assert()
        .success();
    let meta = fs::symlink_metadata(&null).unwrap();
    assert!(meta.file_type().is_char_device(), "still a device");
    assert_eq!(meta.rdev(), fs::metadata("/dev/null").unwrap().rdev());
}

#[test]
fn a_hard_link_keeps_both_names_on_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = original(dir.path());
    let other = dir.path().join("other-name.ron");
    fs::hard_link(&path, &other).unwrap();
    write_atomic(&path, b"seen by both names\n").unwrap();
    assert_eq!(fs::read_to_string(&other).unwrap(), "seen by both names\n");
    assert_eq!(fs::metadata(&path).unwrap().nlink(), 2);
    assert_eq!(
        fs::metadata(&path).unwrap().ino(),
        fs::metadata(&other).unwrap().ino()
    );
    assert!(leftovers(dir.path()).is_empty(), "the backup is removed");
}

#[test]
fn a_hard_link_whose_write_fails_gets_its_bytes_back() {
    let dir = tempfile::tempdir().unwrap();
    let (path, bytes) = original(dir.path());
    fs::hard_link(&path, dir.path().join("other-name.ron")).unwrap();
    let err = write_atomic_with(&path, |file| {
        use std::io::Write;
        file.write_all(b"half")?;
        Err(Error::new(
            ErrorKind::StorageFull,
            "no space left on device",
        ))
    })
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::StorageFull);
    assert_eq!(fs::read(&path).unwrap(), bytes);
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn a_read_only_file_is_refused_even_for_root() {
    let dir = tempfile::tempdir().unwrap();
    let (path, bytes) = original(dir.path());
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let err = write_atomic(&path, b"new").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PermissionDenied);
    assert!(err.to_string().contains("read-only"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), bytes);
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn fmt_leaves_a_read_only_model_alone_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.ron");
    let messy = to_canonical_string(&starter_model()).replace("    ", "  ");
    fs::write(&path, &messy).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let out = threatmap().arg("fmt").arg(&path).assert().code(3);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("read-only"), "{stderr}");
    assert_eq!(fs::read_to_string(&path).unwrap(), messy);
    assert_eq!(fs::metadata(&path).unwrap().mode() & 0o777, 0o444);
}

#[test]
fn a_save_keeps_the_owner_and_group() {
    if !is_root() {
        eprintln!("SKIP a_save_keeps_the_owner_and_group: only root can give a file away");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = original(dir.path());
    std::os::unix::fs::chown(&path, Some(65534), Some(65534)).unwrap();
    save(&starter_model(), &path).unwrap();
    let meta = fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        to_canonical_string(&starter_model())
    );
}

#[test]
fn new_files_follow_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    for (umask, mode) in [("022", 0o644), ("077", 0o600), ("002", 0o664)] {
        let path = dir.path().join(format!("shop-{umask}.ron"));
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("umask {umask} && exec \"$0\" new \"$1\"",))
            .arg(env!("CARGO_BIN_EXE_threatmap"))
            .arg(&path)
            .status()
            .unwrap();
        assert!(status.success());
        assert_eq!(
            fs::metadata(&path).unwrap().mode() & 0o777,
            mode,
            "umask {umask}"
        );
    }
}

#[test]
fn a_temporary_file_left_by_a_killed_save_is_removed_by_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = original(dir.path());
    let stale = dir.path().join(".threatmap-model.ron.a1B2c3.tmp");
    fs::write(&stale, "half a save").unwrap();
    let someone_elses = dir.path().join(".threatmap-other.ron.a1B2c3.tmp");
    fs::write(&someone_elses, "another file's").unwrap();
    save(&starter_model(), &path).unwrap();
    assert!(!stale.exists());
    assert!(someone_elses.exists(), "only this file's leftovers go");
}

#[test]
fn a_report_or_minutes_over_the_model_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("shop.ron");
    save(&starter_model(), &model).unwrap();
    let before = fs::read(&model).unwrap();
    let link = dir.path().join("same.ron");
    std::os::unix::fs::symlink(&model, &link).unwrap();
    for args in [
        vec!["report", "MODEL", "-o", "MODEL"],
        vec!["report", "MODEL", "--format", "json", "-o", "LINK"],
        vec!["export", "MODEL", "-o", "MODEL"],
        vec!["review", "MODEL", "--minutes", "--all", "-o", "MODEL"],
    ] {
        let mut cmd = threatmap();
        for a in &args {
            match *a {
                "MODEL" => cmd.arg(&model),
                "LINK" => cmd.arg(&link),
                a => cmd.arg(a),
            };
        }
        let out = cmd.assert().code(2);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(
            stderr.contains("is the file being read"),
            "{args:?}: {stderr}"
        );
        assert_eq!(fs::read(&model).unwrap(), before, "{args:?}");
    }
}
