//! Rule files that are wrong must give one exact, located message each, and
//! never a panic; a team's folder of rules loads, ignores other files and
//! overrides built-in rules by id.

use crate::common::fixtures;

use threatmap::analysis::analyze;
use threatmap::library::{Library, built_in, load_dir, parse_rule_file};
use threatmap::model::starter::starter_model;

/// The diagnostics for one invalid fixture, as `line:col: error: message` plus hint.
fn problems_in(name: &str) -> Vec<(String, Option<String>)> {
    let path = fixtures().join("rules-invalid").join(name);
    let text = std::fs::read_to_string(&path).expect("fixture is readable");
    match parse_rule_file(&text, name) {
        Ok(rules) => panic!(
            "{name} parsed into {} rule(s); it must be rejected",
            rules.len()
        ),
        Err(e) => {
            e.0.iter()
                .map(|d| {
                    (
                        format!("{}:{}: error: {}", d.line, d.column, d.message),
                        d.hint.clone(),
                    )
                })
                .collect()
        }
    }
}

fn one_problem(name: &str) -> (String, Option<String>) {
    let mut all = problems_in(name);
    assert_eq!(all.len(), 1, "{name}: {all:?}");
    all.remove(0)
}

#[test]
fn a_syntax_error_points_after_the_missing_comma() {
    let (message, hint) = one_problem("syntax-error.ron");
    assert_eq!(message, "11:9: error: expected a `,` before this");
    assert_eq!(
        hint.as_deref(),
        Some("a `,` is probably missing at the end of the previous field or item")
    );
}

#[test]
fn an_unknown_fact_suggests_the_closest_one() {
    let (message, hint) = one_problem("unknown-fact.ron");
    assert_eq!(
        message,
        "10:15: error: unknown value `Protocl` for Condition"
    );
    assert_eq!(hint.as_deref(), Some("did you mean `Protocol`?"));
}

#[test]
fn an_unknown_control_suggests_the_closest_one() {
    let (message, hint) = one_problem("unknown-control.ron");
    assert_eq!(
        message,
        "11:29: error: unknown value `RateLimitting` for Control"
    );
    assert_eq!(hint.as_deref(), Some("did you mean `RateLimiting`?"));
}

#[test]
fn an_empty_condition_is_refused_where_it_is_written() {
    let (message, _) = one_problem("empty-condition.ron");
    assert_eq!(
        message,
        "10:15: error: rule `BAD-empty` has an empty condition `All([])`"
    );
}

#[test]
fn a_bad_owasp_id_is_refused_where_it_is_written() {
    let (message, hint) = one_problem("bad-owasp.ron");
    assert_eq!(
        message,
        "10:17: error: rule `BAD-owasp`: `API11:2023` is not an OWASP API Top 10 2023 id"
    );
    assert_eq!(hint.as_deref(), Some("write `API1:2023` … `API10:2023`"));
}

#[test]
fn a_deeply_nested_condition_is_refused() {
    let (message, _) = one_problem("deep-nesting.ron");
    assert_eq!(
        message,
        "10:9: error: rule `BAD-deep` nests its condition 21 deep; the limit is 16"
    );
}

#[test]
fn absurd_nesting_is_an_error_not_a_stack_overflow() {
    let mut when = String::from("IsResponse");
    for _ in 0..10_000 {
        when = format!("Not({when})");
    }
    let text = format!(
        "[Rule(id: \"X\", title: \"t\", description: \"d\", applies_to: [Flow], stride: [Tampering], \
         likelihood: Low, impact: Low, when: {when}, mitigations: AnyOf([Tls]), recommendation: \"r\")]"
    );
    let e = parse_rule_file(&text, "deep.ron").expect_err("must be refused");
    assert_eq!(e.0.len(), 1);
    assert_eq!(e.0[0].message, "the rule file nests too deeply");
}

#[test]
fn an_empty_file_is_refused() {
    let e = parse_rule_file("  \n", "empty.ron").expect_err("must be refused");
    assert_eq!(
        e.0[0].to_string().lines().next(),
        Some("empty.ron:1:1: error: the rule file is empty")
    );
}

#[test]
fn a_duplicate_id_across_files_names_both_files_and_other_files_are_ignored() {
    let dir = fixtures().join("rules-invalid/duplicate-ids");
    let e = load_dir(&dir).expect_err("duplicate ids are refused");
    assert_eq!(
        e.0.len(),
        1,
        "only the duplicate is a problem (notes.txt is ignored): {:?}",
        e.0
    );
    let d = &e.0[0];
    let a = dir.join("a.ron").display().to_string();
    let b = dir.join("b.ron").display().to_string();
    assert_eq!(d.file, b);
    assert_eq!((d.line, d.column), (4, 13));
    assert_eq!(
        d.message,
        format!("rule id `SAME-id` is also defined in {a}")
    );
}

#[cfg(unix)]
#[test]
fn a_linked_rule_file_is_refused_unread() {
    // Before: the link was followed and the RON error quoted a token of the
    // file it reached.
    let outside = tempfile::tempdir().expect("temp dir");
    let secret = outside.path().join("passwd");
    std::fs::write(&secret, "root:x:0:0:secret-token-4711:/root:/bin/sh\n").expect("write");
    let dir = tempfile::tempdir().expect("temp dir");
    for name in std::fs::read_dir(fixtures().join("rules-custom")).expect("fixtures") {
        let from = name.expect("entry").path();
        std::fs::copy(&from, dir.path().join(from.file_name().expect("name"))).expect("copy");
    }
    let link = dir.path().join("passwd.ron");
    std::os::unix::fs::symlink(&secret, &link).expect("symlink");
    let e = load_dir(dir.path()).expect_err("the link is refused");
    assert_eq!(e.0.len(), 1, "{:?}", e.0);
    assert_eq!(e.0[0].file, link.display().to_string());
    assert!(
        e.0[0]
            .message
            .starts_with("is not a regular file (a symbolic link"),
        "{}",
        e.0[0]
    );
    assert!(!e.0[0].to_string().contains("secret-token"), "{}", e.0[0]);
    // Without the link the folder loads.
    std::fs::remove_file(&link).expect("remove");
    assert!(load_dir(dir.path()).is_ok());
}

#[test]
fn a_missing_folder_is_an_error() {
    let e = load_dir(&fixtures().join("no-such-folder")).expect_err("missing folder");
    assert!(
        e.0[0].message.starts_with("cannot read the rule folder"),
        "{}",
        e.0[0]
    );
}

#[test]
fn a_team_folder_adds_rules_and_replaces_built_ins_by_id() {
    let custom = load_dir(&fixtures().join("rules-custom")).expect("the team folder loads");
    let ids: Vec<&str> = custom.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        ["TEAM-partner-ip-allowlist", "API4-unbounded-page-size"]
    );
    let base = built_in();
    let library = base.with_overrides(custom);
    assert_eq!(library.len(), base.len() + 1);
    let replaced = library
        .get("API4-unbounded-page-size")
        .expect("still there");
    assert!(replaced.title.contains("team policy"));
}

#[test]
fn models_switch_rules_off_with_disabled_rules() {
    let library: Library = built_in();
    let mut model = starter_model();
    let id = "API6-automated-business-flow@browser-gateway#POST /checkout";
    assert!(analyze(&model, &library).get(id).is_some());
    model
        .disabled_rules
        .push("API6-automated-business-flow".into());
    assert!(analyze(&model, &library).get(id).is_none());
}

#[test]
fn every_invalid_fixture_is_checked_here() {
    // A new fixture must come with an assertion above.
    let mut names: Vec<String> = std::fs::read_dir(fixtures().join("rules-invalid"))
        .expect("fixture folder")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "bad-owasp.ron",
            "deep-nesting.ron",
            "duplicate-ids",
            "empty-condition.ron",
            "syntax-error.ron",
            "unknown-control.ron",
            "unknown-fact.ron",
        ]
    );
}
