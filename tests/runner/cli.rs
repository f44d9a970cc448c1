//! The command line as a user drives it: streams, files, dates (how it
//! fails is in `exit_codes`).

use crate::common::threatmap;

use std::fs;

use predicates::prelude::*;

fn starter(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join("shop.ron");
    threatmap().arg("new").arg(&path).assert().success();
    path
}

#[test]
fn new_writes_a_valid_canonical_model_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let path = starter(&dir);
    let before = fs::read(&path).unwrap();
    threatmap()
        .arg("new")
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    assert_eq!(
        fs::read(&path).unwrap(),
        before,
        "the existing file is untouched"
    );
    threatmap()
        .args(["fmt", "--check"])
        .arg(&path)
        .assert()
        .success();
    threatmap().arg("check").arg(&path).assert().success();
}

#[test]
fn new_empty_writes_a_model_with_nothing_to_delete() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("payments.ron");
    threatmap()
        .args(["new", "--empty"])
        .arg(&path)
        .assert()
        .success();
    let text = fs::read_to_string(&path).unwrap();
    assert_eq!(
        text,
        "#![enable(implicit_some, unwrap_variant_newtypes)]\nModel(\n    name: \"payments\",\n)\n"
    );
    threatmap()
        .args(["fmt", "--check"])
        .arg(&path)
        .assert()
        .success();
    threatmap().arg("check").arg(&path).assert().success();
}

#[test]
fn edit_refuses_a_bad_key_file_with_its_line_and_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let model = starter(&dir);
    let keys = dir.path().join("keys.ron");
    fs::write(
        &keys,
        "(\n    bindings: [\n        (mode: \"Canvas\", key: \"x\", action: \"Delte\"),\n    ],\n)\n",
    )
    .unwrap();
    threatmap()
        .env("THREATMAP_KEYS", &keys)
        .arg("edit")
        .arg(&model)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{}:3:44: error: `Delte` is not an action in Canvas",
            keys.display()
        )))
        .stderr(predicate::str::contains("hint: did you mean `Delete`?"));
}

#[test]
fn check_reports_located_errors_with_hints_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.ron");
    fs::write(
        &path,
        "Model(\n    name: \"x\",\n    elements: [\n        Element(id: \"a\", name: \"A\", kind: Proces()),\n    ],\n)\n",
    )
    .unwrap();
    threatmap()
        .arg("check")
        .arg(&path)
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(format!(
            "{}:4:43: error: unknown value `Proces` for ElementKind",
            path.display()
        )))
        .stderr(predicate::str::contains("hint: did you mean `Process`?"));
}

#[test]
fn check_reports_every_validation_problem_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("refs.ron");
    fs::write(
        &path,
        r#"Model(
    name: "refs",
    elements: [
        Element(id: "api", name: "API", kind: Process(), boundary: "dmzz"),
        Element(id: "api", name: "Again", kind: Process()),
    ],
    flows: [
        Flow(id: "f", source: "api", target: "db", protocol: Http),
    ],
)
"#,
    )
    .unwrap();
    let out = threatmap().arg("check").arg(&path).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.contains(":4:58: error: unknown boundary `dmzz`"),
        "{stderr}"
    );
    assert!(
        stderr.contains(":5:17: error: duplicate id `api` (first declared at line 4)"),
        "{stderr}"
    );
    assert!(
        stderr.contains(":8:38: error: unknown element `db`"),
        "{stderr}"
    );
}

#[test]
fn check_fail_on_gates_on_open_findings() {
    let dir = tempfile::tempdir().unwrap();
    let path = starter(&dir);
    threatmap()
        .args(["check", "--fail-on", "low"])
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("open finding(s) at or above low"));
}

#[test]
fn check_json_has_the_documented_fields() {
    let dir = tempfile::tempdir().unwrap();
    let path = starter(&dir);
    let out = threatmap()
        .args(["check", "--format", "json"])
        .arg(&path)
        .assert()
        .success();
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(doc["schema_version"], 1);
    let finding = &doc["models"][0]["findings"][0];
    for field in [
        "id",
        "rule",
        "title",
        "target",
        "target_kind",
        "stride",
        "owasp",
        "cwe",
        "severity",
        "status",
        "mitigations",
        "explanation",
    ] {
        assert!(!finding[field].is_null(), "missing {field} in {finding}");
    }
    assert!(finding["id"].as_str().unwrap().contains('@'));
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(
        text.lines().count(),
        1,
        "piped JSON is compact, one document per line"
    );
}

#[test]
fn fmt_check_names_files_that_are_not_canonical_and_fmt_fixes_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("loose.ron");
    fs::write(&path, "Model(name: \"loose\", elements: [Element(id: \"b\", name: \"B\", kind: External()), Element(id: \"a\", name: \"A\", kind: Process())], flows: [Flow(id: \"f\", source: \"a\", target: \"b\", protocol: Https, encryption: Tls)])").unwrap();
    let before = fs::read(&path).unwrap();
    threatmap()
        .args(["fmt", "--check"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("loose.ron"));
    assert_eq!(fs::read(&path).unwrap(), before, "--check changes nothing");
    threatmap().arg("fmt").arg(&path).assert().success();
    let once = fs::read(&path).unwrap();
    threatmap().arg("fmt").arg(&path).assert().success();
    assert_eq!(fs::read(&path).unwrap(), once, "fmt is idempotent");
    threatmap()
        .args(["fmt", "--check"])
        .arg(&path)
        .assert()
        .success();
}

#[test]
fn fmt_refuses_to_drop_comments_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("commented.ron");
    let text = "// our notes\nModel(name: \"c\")\n";
    fs::write(&path, text).unwrap();
    threatmap()
        .arg("fmt")
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("has comments"));
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
    threatmap()
        .args(["fmt", "--strip-comments"])
        .arg(&path)
        .assert()
        .success();
}

#[test]
fn fmt_reads_stdin_and_writes_stdout() {
    threatmap()
        .args(["fmt", "-"])
        .write_stdin("Model(name: \"piped\")")
        .assert()
        .success()
        .stdout(
            "#![enable(implicit_some, unwrap_variant_newtypes)]\nModel(\n    name: \"piped\",\n)\n",
        );
}

#[test]
fn problems_in_piped_models_are_placed_in_stdin() {
    threatmap()
        .args(["check", "-"])
        .write_stdin("Model(name: \"piped\", protocl: Https)")
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("<stdin>:1:"));
}

#[test]
fn no_colour_when_not_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let path = starter(&dir);
    let out = threatmap().arg("check").arg(&path).assert().success();
    assert!(
        !out.get_output().stdout.contains(&0x1b),
        "no escape codes in piped output"
    );
}

#[test]
fn library_commands() {
    threatmap()
        .args(["library", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("API1-BOLA-path-id"));
    threatmap()
        .args(["library", "show", "API1-BOLA-path-id"])
        .assert()
        .success()
        .stdout(predicate::str::contains("CWE-639"));
    threatmap()
        .args(["library", "show", "API1-BOLA-path-ix"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "did you mean `API1-BOLA-path-id`?",
        ));
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("bad.ron"), "[ Rule(id: \"x\") ]").unwrap();
    threatmap()
        .args(["library", "check"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.ron:1:"));
}

#[test]
fn removing_tls_makes_an_accepted_decision_stale_and_fail_on_stale_exits_1() {
    use threatmap::analysis::analyze;
    use threatmap::library::built_in;
    use threatmap::model::{Encryption, save, starter::starter_model};
    use threatmap::review::{Decision, decide};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reviewed.ron");
    let mut model = starter_model();
    let findings = analyze(&model, &built_in());
    let on_flow = findings
        .items
        .iter()
        .find(|f| f.target == "browser-gateway" && f.is_open())
        .expect("an open finding on the browser flow")
        .clone();
    let accept = Decision::Accept {
        note: "gateway enforces it".into(),
        until: None,
    };
    assert!(decide(&mut model, &on_flow, &accept, "ana", "2026-11-28"));
    save(&model, &path).unwrap();
    threatmap()
        .args(["check", "--fail-on-stale"])
        .arg(&path)
        .assert()
        .success();

    model.flow_mut("browser-gateway").unwrap().encryption = Encryption::None;
    save(&model, &path).unwrap();
    threatmap()
        .args(["check", "--fail-on-stale"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "STALE: the design changed since the decision",
        ))
        .stderr(predicate::str::contains("1 stale triage decision(s)"));
}

#[test]
fn import_merge_warns_that_the_models_comments_are_dropped() {
    // Before: the merge rewrote the model and its comments vanished silently.
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("shop.ron");
    threatmap()
        .args([
            "import",
            "openapi",
            "tests/fixtures/openapi/bookstore.yaml",
            "-o",
        ])
        .arg(&model)
        .assert()
        .success();
    let text = fs::read_to_string(&model).unwrap();
    fs::write(&model, format!("// reviewed with the team\n{text}")).unwrap();
    threatmap()
        .args([
            "import",
            "openapi",
            "tests/fixtures/openapi/swagger2.json",
            "--merge",
        ])
        .arg(&model)
        .assert()
        .success()
        .stderr(predicate::str::contains(format!(
            "warning: {} had comments, which the canonical layout does not keep: they were dropped",
            model.display()
        )));
    assert!(!fs::read_to_string(&model).unwrap().contains("reviewed"));
}

#[test]
fn import_openapi_writes_a_model_and_merge_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("bookstore.ron");
    let spec = "tests/fixtures/openapi/bookstore.yaml";
    threatmap()
        .args(["import", "openapi", spec, "-o"])
        .arg(&model)
        .assert()
        .success()
        .stderr(predicate::str::contains("38 operations"));
    threatmap()
        .args(["fmt", "--check"])
        .arg(&model)
        .assert()
        .success();
    threatmap()
        .args(["import", "openapi", spec, "-o"])
        .arg(&model)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    let before = fs::read(&model).unwrap();
    threatmap()
        .args(["import", "openapi", spec, "--merge"])
        .arg(&model)
        .assert()
        .success()
        .stderr(predicate::str::contains("no change"));
    assert_eq!(
        fs::read(&model).unwrap(),
        before,
        "a second import changes nothing"
    );
    // Swagger 2.0 is read since #14 (it was refused before).
    threatmap()
        .args(["import", "openapi", "tests/fixtures/openapi/swagger2.json"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Imported from the Swagger 2.0 document",
        ));
}

#[test]
fn hostile_strings_reach_the_terminal_as_visible_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.ron");
    threatmap().arg("new").arg(&old).assert().success();
    for args in [
        vec!["check", "--all", "tests/fixtures/hostile.ron"],
        vec!["diff", old.to_str().unwrap(), "tests/fixtures/hostile.ron"],
        vec!["diff", "--textconv", "tests/fixtures/hostile.ron"],
    ] {
        let out = threatmap().args(&args).output().unwrap();
        for stream in [&out.stdout, &out.stderr] {
            let text = String::from_utf8_lossy(stream);
            assert!(
                !text.is_empty() || stream == &out.stderr,
                "{args:?} printed something"
            );
            for bad in ['\u{1b}', '\u{7}', '\r'] {
                assert!(!text.contains(bad), "{args:?} leaked {bad:?}: {text}");
            }
        }
    }
}

#[test]
fn edit_creates_nothing_without_an_answer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.ron");
    let out = threatmap().arg("edit").arg(&path).write_stdin("").assert();
    assert!(!path.exists(), "no file without a yes");
    assert!(!String::from_utf8_lossy(&out.get_output().stderr).contains("panicked"));
}

#[test]
fn today_is_the_local_date() {
    // Twenty-five hours apart: whatever the time, these two zones are on
    // different dates, and each must be used rather than UTC's date.
    let day_in = |tz: &str| {
        let out = threatmap()
            .env("TZ", tz)
            .args(["review", "models/ecommerce.ron", "--minutes"])
            .assert()
            .success();
        let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        let at = text
            .find("decisions of ")
            .expect("the minutes name their day")
            + 13;
        text[at..at + 10].to_string()
    };
    let east = day_in("<+14>-14");
    let west = day_in("<-11>+11");
    assert_ne!(east, west, "both zones got {east}");
}

#[test]
fn a_day_that_is_not_on_the_calendar_is_refused_with_a_hint() {
    threatmap()
        .args([
            "review",
            "models/ecommerce.ron",
            "--minutes",
            "--date",
            "2025-02-31",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`2025-02-31` is not a date"))
        .stderr(predicate::str::contains("2025-02 has 28 days"));
}
