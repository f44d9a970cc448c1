//! How the command line fails: exit codes (0 success, 1 policy, 2 input,
//! 3 system, 4 internal), closed pipes and endless input.

use std::fs;

use predicates::prelude::*;

use crate::common::threatmap;

#[test]
fn a_directory_or_a_missing_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    threatmap()
        .arg("check")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a directory"));
    threatmap()
        .arg("check")
        .arg(dir.path().join("nope.ron"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read"));
}

#[test]
fn usage_errors_exit_2_and_help_and_version_exit_0() {
    threatmap()
        .arg("frobnicate")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unrecognized subcommand 'frobnicate'",
        ));
    threatmap()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("threatmap "));
    threatmap()
        .args(["check", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:"));
    threatmap()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("threatmap"));
}

#[test]
fn the_workbench_without_a_terminal_is_a_clear_error_not_a_panic() {
    for command in ["edit", "review"] {
        threatmap()
            .args([command, "models/ecommerce.ron"])
            .write_stdin("")
            .assert()
            .code(2)
            .stderr(predicate::str::contains("must be a terminal"))
            .stderr(predicate::str::contains("panicked").not());
    }
}

#[test]
fn a_file_that_cannot_be_written_is_a_system_failure_not_invalid_input() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("no-such-folder").join("report.md");
    threatmap()
        .args(["report", "models/ecommerce.ron", "-o"])
        .arg(&target)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("error: cannot write"))
        .stderr(predicate::str::contains(
            "the original file was left untouched",
        ));
}

#[test]
fn help_lists_every_exit_code() {
    let out = threatmap().arg("--help").assert().success();
    let help = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    for code in [
        "0  success",
        "1  a policy failure",
        "2  invalid input",
        "3  a system failure",
        "4  an internal error",
    ] {
        assert!(help.contains(code), "--help lacks `{code}`:\n{help}");
    }
}

#[test]
fn a_reader_that_closes_the_pipe_early_ends_the_command_quietly() {
    use std::process::{Command as Std, Stdio};
    for args in [
        &["library", "list"][..],
        &["check", "models/ecommerce.ron"],
        &["report", "models/ecommerce.ron", "--format", "json"],
        &["report", "models/ecommerce.ron", "--format", "csv"],
        &["report", "models/ecommerce.ron", "--format", "sarif"],
        &["export", "models/ecommerce.ron", "--format", "dot"],
        &["completions", "bash"],
    ] {
        let mut child = Std::new(env!("CARGO_BIN_EXE_threatmap"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end at once, as `| head -0` would.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{args:?} ended with {:?}",
            out.status
        );
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
    }
}

#[test]
fn endless_standard_input_or_devices_stop_at_the_size_limit() {
    // Before: `check -` fed zeros grew to gigabytes, then ran out of memory.
    let zeros = fs::File::open("/dev/zero").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_threatmap"))
        .args(["check", "-"])
        .stdin(zeros)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(stderr.contains("larger than the limit"), "{stderr}");
    let out = threatmap()
        .args(["import", "openapi", "/dev/zero"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("larger than the limit"), "{stderr}");
}
