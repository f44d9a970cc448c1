//! `threatmap diff` end to end: files, git revisions, output formats, the
//! `--fail-on-new` gate, textconv, and merging canonical files in git.
//!
//! CLI snapshots run against the built-in rules, so they change when rules
//! are added; review and re-accept them then.

use crate::common::{git, threatmap_in};

use std::path::Path;
use std::process::Command as StdCommand;

use assert_cmd::Command;
use threatmap::model::starter::starter_model;
use threatmap::model::{
    Element, ElementKind, Encryption, Endpoint, Flow, Method, Model, Process, Protocol, Triage,
    TriageStatus, load, to_canonical_string,
};

fn write(dir: &Path, name: &str, model: &Model) {
    std::fs::write(dir.join(name), to_canonical_string(model)).expect("write model");
}

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    git(dir.path(), &["init", "-q", "-b", "main"]);
    git(dir.path(), &["config", "user.name", "Test"]);
    git(dir.path(), &["config", "user.email", "test@example.com"]);
    git(dir.path(), &["config", "commit.gpgsign", "false"]);
    dir
}

fn commit(dir: &Path, message: &str) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", message]);
}

fn endpoint(method: Method, path: &str) -> Endpoint {
    Endpoint::new(method, path)
}

fn flow_mut<'m>(m: &'m mut Model, id: &str) -> &'m mut Flow {
    m.flows
        .iter_mut()
        .find(|f| f.id == id)
        .expect("flow exists")
}

/// The starter model after a realistic change: the payment flow loses TLS, an
/// endpoint with an object id appears, and a finding is accepted.
fn changed_model() -> Model {
    let mut m = starter_model();
    flow_mut(&mut m, "orders-psp").encryption = Encryption::None;
    flow_mut(&mut m, "gateway-orders")
        .endpoints
        .push(endpoint(Method::Get, "/users/{id}"));
    m.triage.push(Triage {
        finding: "API1-BOLA-path-id@browser-gateway".into(),
        status: TriageStatus::Accepted,
        note: "order ids are random | checked by the orders service".into(),
        owner: None,
        reference: Some("https://tickets.example.com/SEC-12".into()),
        date: Some("2025-01-10".into()),
        reviewer: None,
        until: None,
        fingerprint: None,
    });
    m
}

fn stdout_of(cmd: &mut Command, code: i32) -> String {
    let out = cmd.output().expect("threatmap runs");
    assert_eq!(
        out.status.code(),
        Some(code),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn stderr_of(cmd: &mut Command, code: i32) -> String {
    let out = cmd.output().expect("threatmap runs");
    assert_eq!(out.status.code(), Some(code));
    String::from_utf8(out.stderr).expect("UTF-8 output")
}

fn realistic_pair() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "old.ron", &starter_model());
    write(dir.path(), "new.ron", &changed_model());
    dir
}

#[test]
fn realistic_change_as_text() {
    let dir = realistic_pair();
    let out = stdout_of(
        threatmap_in(dir.path()).args(["diff", "old.ron", "new.ron"]),
        0,
    );
    insta::assert_snapshot!("realistic_text", out);
}

#[test]
fn realistic_change_as_markdown() {
    let dir = realistic_pair();
    let out = stdout_of(
        threatmap_in(dir.path()).args(["diff", "old.ron", "new.ron", "--format", "markdown"]),
        0,
    );
    insta::assert_snapshot!("realistic_markdown", out);
}

#[test]
fn realistic_change_as_json() {
    let dir = realistic_pair();
    let out = stdout_of(
        threatmap_in(dir.path()).args(["diff", "old.ron", "new.ron", "--format", "json"]),
        0,
    );
    let doc: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(doc["schema_version"], 1);
    insta::assert_snapshot!("realistic_json", out);
}

#[test]
fn the_empty_diff_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "a.ron", &starter_model());
    write(dir.path(), "b.ron", &starter_model());
    let out = stdout_of(threatmap_in(dir.path()).args(["diff", "a.ron", "b.ron"]), 0);
    insta::assert_snapshot!("empty_text", out);
    let md = stdout_of(
        threatmap_in(dir.path()).args(["diff", "a.ron", "b.ron", "--format", "markdown"]),
        0,
    );
    assert!(md.contains("No semantic change."), "{md}");
}

#[test]
fn layout_only_is_hidden_unless_asked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut moved = starter_model();
    moved
        .layout
        .insert("gateway".into(), threatmap::model::Position { x: 30, y: 4 });
    write(dir.path(), "a.ron", &starter_model());
    write(dir.path(), "b.ron", &moved);
    let out = stdout_of(threatmap_in(dir.path()).args(["diff", "a.ron", "b.ron"]), 0);
    assert!(out.contains("only layout changed"), "{out}");
    assert!(!out.contains("(30, 4)"), "{out}");
    let out = stdout_of(
        threatmap_in(dir.path()).args(["diff", "a.ron", "b.ron", "--layout"]),
        0,
    );
    assert!(out.contains("`gateway` placed at (30, 4)"), "{out}");
}

#[test]
fn a_removed_element() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut m = starter_model();
    m.elements.retain(|e| e.id != "audit-log");
    m.flows.retain(|f| f.id != "orders-audit");
    write(dir.path(), "old.ron", &starter_model());
    write(dir.path(), "new.ron", &m);
    let out = stdout_of(
        threatmap_in(dir.path()).args(["diff", "old.ron", "new.ron"]),
        0,
    );
    insta::assert_snapshot!("removed_element", out);
}

#[test]
fn fail_on_new_gates_on_open_findings_the_change_brings() {
    let dir = realistic_pair();
    // The new object-id endpoint brings an open critical finding.
    for (level, code) in [("low", 1), ("high", 1), ("critical", 1)] {
        let err = stderr_of(
            threatmap_in(dir.path()).args(["diff", "old.ron", "new.ron", "--fail-on-new", level]),
            code,
        );
        assert!(err.contains("API1-BOLA-path-id@gateway-orders"), "{err}");
    }
    // Accepting a finding alone passes.
    let mut accepted = starter_model();
    accepted.triage = changed_model().triage;
    write(dir.path(), "accepted.ron", &accepted);
    stdout_of(
        threatmap_in(dir.path()).args(["diff", "old.ron", "accepted.ron", "--fail-on-new", "low"]),
        0,
    );
    // Undoing the endpoint and the TLS change only resolves findings.
    stdout_of(
        threatmap_in(dir.path()).args(["diff", "new.ron", "accepted.ron", "--fail-on-new", "low"]),
        0,
    );
    // Removing the acceptance reopens the finding: that fails.
    let err = stderr_of(
        threatmap_in(dir.path()).args(["diff", "accepted.ron", "old.ron", "--fail-on-new", "high"]),
        1,
    );
    assert!(err.contains("API1-BOLA-path-id@browser-gateway"), "{err}");
}

#[test]
fn bad_input_exits_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "a.ron", &starter_model());
    std::fs::write(
        dir.path().join("broken.ron"),
        "Model(name: \"x\",\n  flows: [,\n",
    )
    .unwrap();
    let err = stderr_of(
        threatmap_in(dir.path()).args(["diff", "a.ron", "broken.ron"]),
        2,
    );
    assert!(err.contains("broken.ron:2:"), "{err}");
    stderr_of(threatmap_in(dir.path()).args(["diff", "a.ron"]), 2);
    stderr_of(
        threatmap_in(dir.path()).args(["diff", "a.ron", "missing.ron"]),
        2,
    );
}

#[test]
fn rev_reads_earlier_versions_through_git() {
    let dir = repo();
    let path = dir.path().join("models dir");
    std::fs::create_dir(&path).unwrap();
    write(&path, "shop model.ron", &starter_model());
    commit(dir.path(), "first");
    git(dir.path(), &["tag", "v1"]);
    write(&path, "shop model.ron", &changed_model());
    commit(dir.path(), "second");
    let file = "models dir/shop model.ron";

    let same = stdout_of(
        threatmap_in(dir.path()).args(["diff", file, "--rev", "HEAD"]),
        0,
    );
    assert!(same.contains("no semantic change"), "{same}");
    for rev in ["HEAD~1", "v1"] {
        let out = stdout_of(
            threatmap_in(dir.path()).args(["diff", file, "--rev", rev]),
            0,
        );
        assert!(
            out.contains("flow `orders-psp`: encryption TLS → none"),
            "{out}"
        );
        assert!(out.contains(&format!("({rev} → working tree)")), "{out}");
    }
    // From inside the subfolder, with a path relative to it.
    let out = stdout_of(
        threatmap_in(&path).args([
            "diff",
            "shop model.ron",
            "--rev",
            "v1",
            "--fail-on-new",
            "high",
        ]),
        1,
    );
    assert!(out.contains("triage record"), "{out}");
    // An unknown revision is bad input.
    let err = stderr_of(
        threatmap_in(dir.path()).args(["diff", file, "--rev", "nope"]),
        2,
    );
    assert!(err.contains("unknown revision `nope`"), "{err}");
}

#[test]
fn rev_outside_a_repository_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "shop.ron", &starter_model());
    let err = stderr_of(
        threatmap_in(dir.path())
            .env(
                "GIT_CEILING_DIRECTORIES",
                dir.path().parent().unwrap_or(dir.path()),
            )
            .args(["diff", "shop.ron", "--rev", "HEAD"]),
        2,
    );
    assert!(err.contains("shop.ron@HEAD"), "{err}");
    assert!(err.contains("is not inside a git repository"), "{err}");
}

#[test]
fn a_file_absent_at_rev_is_all_added() {
    let dir = repo();
    std::fs::write(dir.path().join("README"), "x").unwrap();
    commit(dir.path(), "first");
    write(dir.path(), "shop.ron", &starter_model());
    let out = stdout_of(
        threatmap_in(dir.path()).args(["diff", "shop.ron", "--rev", "HEAD"]),
        0,
    );
    assert!(out.contains("HEAD, where the file did not exist"), "{out}");
    assert!(
        out.contains("+ element `gateway` added: process in `cloud`"),
        "{out}"
    );
    assert!(!out.contains("removed"), "{out}");
}

#[test]
fn a_syntax_error_at_the_old_revision_names_it() {
    let dir = repo();
    std::fs::write(
        dir.path().join("shop.ron"),
        "Model(\n    name: \"Shop\",\n    flows: [,\n)\n",
    )
    .unwrap();
    commit(dir.path(), "broken");
    write(dir.path(), "shop.ron", &starter_model());
    let err = stderr_of(
        threatmap_in(dir.path()).args(["diff", "shop.ron", "--rev", "HEAD"]),
        2,
    );
    assert!(err.starts_with("shop.ron@HEAD:3:"), "{err}");
    assert!(err.contains("error:"), "{err}");
}

#[test]
fn textconv_makes_git_diff_semantic() {
    let dir = repo();
    let bin = assert_cmd::cargo::cargo_bin("threatmap");
    std::fs::write(dir.path().join(".gitattributes"), "*.ron diff=threatmap\n").unwrap();
    git(
        dir.path(),
        &[
            "config",
            "diff.threatmap.textconv",
            &format!("'{}' diff --textconv", bin.display()),
        ],
    );
    write(dir.path(), "shop.ron", &starter_model());
    commit(dir.path(), "first");
    write(dir.path(), "shop.ron", &changed_model());
    let diff = git(dir.path(), &["diff", "--no-color"]);
    assert!(
        diff.contains("\n-flow orders-psp: encryption TLS\n"),
        "{diff}"
    );
    assert!(
        diff.contains("\n+flow orders-psp: encryption none\n"),
        "{diff}"
    );
    assert!(
        diff.contains("\n+flow gateway-orders: endpoint GET /users/{id}\n"),
        "{diff}"
    );
    // `--rev` still reads the real file, not the textconv summary.
    let out = stdout_of(
        threatmap_in(dir.path()).args(["diff", "shop.ron", "--rev", "HEAD"]),
        0,
    );
    assert!(out.contains("encryption TLS → none"), "{out}");
}

#[test]
fn textconv_prints_unparsable_files_as_they_are() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("half.ron"), "Model(name: \"x\", flows: [").unwrap();
    let out = stdout_of(
        threatmap_in(dir.path()).args(["diff", "--textconv", "half.ron"]),
        0,
    );
    assert_eq!(out, "Model(name: \"x\", flows: [");
}

/// Two branches edit different parts of one canonical model; git merges them
/// without conflicts and the result holds both edits.
#[test]
fn canonical_files_merge_cleanly() {
    let dir = repo();
    write(dir.path(), "shop.ron", &starter_model());
    commit(dir.path(), "base");

    git(dir.path(), &["checkout", "-q", "-b", "search"]);
    let mut a = starter_model();
    a.elements.push(Element {
        id: "search-svc".into(),
        name: "Search service".into(),
        kind: ElementKind::Process(Process::default()),
        boundary: Some("cloud".into()),
        owner: None,
        description: String::new(),
        tags: vec![],
        in_scope: true,
        controls: vec![],
    });
    a.flows.push(Flow {
        encryption: Encryption::MutualTls,
        ..Flow::new("gateway-search", "gateway", "search-svc", Protocol::Grpc)
    });
    write(dir.path(), "shop.ron", &a);
    commit(dir.path(), "add search");

    git(dir.path(), &["checkout", "-q", "main"]);
    git(dir.path(), &["checkout", "-q", "-b", "payments"]);
    let mut b = starter_model();
    flow_mut(&mut b, "orders-psp").encryption = Encryption::MutualTls;
    b.triage = changed_model().triage;
    write(dir.path(), "shop.ron", &b);
    commit(dir.path(), "payments over mTLS");

    git(dir.path(), &["checkout", "-q", "main"]);
    git(dir.path(), &["merge", "-q", "--no-edit", "search"]);
    git(dir.path(), &["merge", "-q", "--no-edit", "payments"]);

    let merged = load(&dir.path().join("shop.ron")).expect("merged model loads");
    let m = merged.model;
    assert!(m.elements.iter().any(|e| e.id == "search-svc"));
    assert!(m.flows.iter().any(|f| f.id == "gateway-search"));
    let psp = m.flows.iter().find(|f| f.id == "orders-psp").expect("flow");
    assert_eq!(psp.encryption, Encryption::MutualTls);
    assert_eq!(m.triage.len(), 1);
    // The merge result is still canonical.
    assert_eq!(merged.source, to_canonical_string(&m));
}

/// Two branches that each add a flow whose ids sort next to each other
/// conflict in a line-based merge; with `threatmap merge` as git's merge
/// driver both land.
#[test]
fn the_merge_driver_merges_neighbouring_additions() {
    let dir = repo();
    let path = dir.path();
    let base = starter_model();
    write(path, "shop.ron", &base);
    commit(path, "base");
    let copy = |id: &str| {
        let mut f = base.flow("orders-psp").cloned().expect("flow");
        f.id = id.into();
        f
    };
    let (ours_flow, theirs_flow) = (copy("orders-psp-a"), copy("orders-psp-b"));

    git(path, &["checkout", "-q", "-b", "theirs"]);
    let mut theirs = base.clone();
    theirs.flows.push(theirs_flow);
    write(path, "shop.ron", &theirs);
    commit(path, "theirs adds a flow");
    git(path, &["checkout", "-q", "main"]);
    let mut ours = base.clone();
    ours.flows.push(ours_flow);
    write(path, "shop.ron", &ours);
    commit(path, "ours adds a flow");

    // A plain line merge conflicts: both insert at the same place.
    let plain = StdCommand::new("git")
        .current_dir(path)
        .args(["merge", "-q", "--no-edit", "theirs"])
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(!plain.status.success(), "the line merge conflicts");
    git(path, &["merge", "--abort"]);

    let binary = assert_cmd::cargo::cargo_bin("threatmap");
    std::fs::write(path.join(".gitattributes"), "*.ron merge=threatmap\n").expect("attributes");
    git(
        path,
        &[
            "config",
            "merge.threatmap.driver",
            &format!("{} merge %O %A %B", binary.display()),
        ],
    );
    git(path, &["merge", "-q", "--no-edit", "theirs"]);
    let merged = threatmap::model::load(&path.join("shop.ron")).expect("the merged model loads");
    assert!(merged.model.flow("orders-psp-a").is_some());
    assert!(merged.model.flow("orders-psp-b").is_some());
}
