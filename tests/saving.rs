//! Saving never costs a user their model: every failure leaves the original
//! file byte-identical, leaves no temporary file behind, and says why.

use std::fs;
use std::io::{Error, ErrorKind};
use std::path::Path;

use threatmap::model::save::{write_atomic, write_atomic_with};
use threatmap::model::{save, starter::starter_model, to_canonical_string};

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
    let out = assert_cmd::Command::cargo_bin("threatmap")
        .unwrap()
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
