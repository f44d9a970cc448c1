//! `threatmap review --minutes` end to end: every decision, one day's, and
//! those since a git revision.
//!
//! The snapshot runs against the built-in rules, so it changes when rules are
//! added; review and re-accept it then.

use crate::common::{git, threatmap_in};

use std::path::Path;

use threatmap::analysis::analyze;
use threatmap::library::built_in;
use threatmap::model::starter::starter_model;
use threatmap::model::{Model, to_canonical_string};
use threatmap::review::{Decision, decide, queue};

/// Decides the `n`-th finding of the review queue of `model`.
fn decide_nth(model: &mut Model, n: usize, decision: Decision, who: &str, day: &str) -> String {
    let findings = analyze(model, &built_in());
    let q = queue(&findings);
    let f = findings.items[q[n]].clone();
    assert!(decide(model, &f, &decision, who, day));
    f.id
}

/// The starter model after a short review: three decisions on two days.
fn reviewed() -> Model {
    let mut m = starter_model();
    decide_nth(
        &mut m,
        0,
        Decision::Accept {
            note: "internal network only | for now".into(),
            until: Some("2099-12-31".into()),
        },
        "Ana Silva",
        "2026-11-27",
    );
    decide_nth(
        &mut m,
        0,
        Decision::InProgress {
            owner: "checkout-team".into(),
            reference: "SEC-7".into(),
        },
        "Ana Silva",
        "2026-11-28",
    );
    decide_nth(
        &mut m,
        0,
        Decision::FalsePositive {
            note: "the endpoint is not exposed".into(),
        },
        "Bo Chen",
        "2026-11-28",
    );
    m
}

fn write(dir: &Path, model: &Model) {
    std::fs::write(dir.join("shop.ron"), to_canonical_string(model)).expect("write model");
}

#[test]
fn minutes_of_every_decision_to_a_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), &reviewed());
    threatmap_in(dir.path())
        .args([
            "review",
            "shop.ron",
            "--minutes",
            "-o",
            "minutes.md",
            "--all",
        ])
        .assert()
        .success();
    let text = std::fs::read_to_string(dir.path().join("minutes.md")).expect("minutes");
    assert!(text.contains("Ana Silva") && text.contains("Bo Chen"));
    insta::assert_snapshot!("minutes_all", text);
}

#[test]
fn minutes_of_one_day() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), &reviewed());
    let out = threatmap_in(dir.path())
        .args(["review", "shop.ron", "--minutes", "--date", "2026-11-27"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8_lossy(&out);
    assert!(text.contains("decisions of 2026-11-27"), "{text}");
    assert!(text.contains("internal network only"), "{text}");
    assert!(!text.contains("Bo Chen"), "{text}");
}

#[test]
fn minutes_since_a_git_revision() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    git(d, &["config", "user.name", "Test"]);
    git(d, &["config", "user.email", "test@example.com"]);
    git(d, &["config", "commit.gpgsign", "false"]);
    let mut m = starter_model();
    let old = decide_nth(
        &mut m,
        0,
        Decision::Transfer {
            note: "the payment provider".into(),
        },
        "Ana Silva",
        "2026-10-01",
    );
    write(d, &m);
    git(d, &["add", "-A"]);
    git(d, &["commit", "-q", "-m", "first review"]);
    let new = decide_nth(
        &mut m,
        0,
        Decision::FalsePositive {
            note: "no such endpoint".into(),
        },
        "Bo Chen",
        "2026-11-28",
    );
    write(d, &m);
    let out = threatmap_in(d)
        .args(["review", "shop.ron", "--minutes", "--since", "HEAD"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8_lossy(&out);
    assert!(text.contains("decisions since HEAD"), "{text}");
    assert!(text.contains(&new), "{text}");
    assert!(
        !text.contains(&old),
        "the older decision is left out:\n{text}"
    );
}

#[test]
fn bad_dates_and_missing_files_are_usage_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), &reviewed());
    threatmap_in(dir.path())
        .args(["review", "shop.ron", "--minutes", "--date", "yesterday"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not a date"));
    threatmap_in(dir.path())
        .args(["review", "nope.ron", "--minutes"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("nope.ron: error: cannot read"));
    threatmap_in(dir.path())
        .args(["review", "shop.ron", "--all"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--minutes"));
}
