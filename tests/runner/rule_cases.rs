//! Table-driven tests of the built-in threat library.
//!
//! Each file in `tests/rule_cases/` is a RON list of `Case`s: a small model,
//! the findings it must produce (`RULE@target`, open), and findings it must
//! not produce. For every expected finding, the rule's mitigations are put in
//! place on the target with `apply_control` (the first control of `AnyOf`,
//! every control of `AllOf`), and the finding must then be mitigated or gone.
//! Every built-in rule needs at least one case.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use threatmap::analysis::{Findings, StatusSource, analyze, finding_id};
use threatmap::library::{AppliesTo, Library, Mitigations, Rule, Stride, built_in};
use threatmap::model::edit::apply_control;
use threatmap::model::{Model, TriageStatus, parse_str, to_canonical_string};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// What the case shows, for failure messages.
    name: String,
    model: Model,
    /// Finding ids (`RULE@target`) that must be reported as open.
    fires: Vec<String>,
    /// Finding ids that must not be reported at all.
    #[serde(default)]
    silent: Vec<String>,
}

struct Loaded {
    file: String,
    case: Case,
}

fn case_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rule_cases")
}

fn load_cases() -> Vec<Loaded> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(case_dir())
        .expect("tests/rule_cases exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no case files in tests/rule_cases");
    let mut out = Vec::new();
    for path in paths {
        let file = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let text = std::fs::read_to_string(&path).expect("case file is readable");
        let cases: Vec<Case> = threatmap::model::load::ron_options()
            .from_str(&text)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        for case in cases {
            out.push(Loaded {
                file: file.clone(),
                case,
            });
        }
    }
    out
}

fn split(id: &str) -> (&str, &str) {
    id.split_once('@')
        .unwrap_or_else(|| panic!("`{id}` is not a finding id RULE@target"))
}

/// The controls a reviewer would add to mitigate `rule`.
fn fix_for(rule: &Rule) -> Vec<threatmap::model::Control> {
    match &rule.mitigations {
        Mitigations::AnyOf(cs) => cs.iter().take(1).cloned().collect(),
        Mitigations::AllOf(cs) => cs.clone(),
    }
}

fn describe(findings: &Findings, target: &str) -> String {
    let list: Vec<String> = findings
        .for_target(target)
        .map(|f| format!("{} ({})", f.id, f.status.label()))
        .collect();
    format!("findings on `{target}`: [{}]", list.join(", "))
}

#[test]
fn case_models_are_valid() {
    let mut failures = Vec::new();
    for Loaded { file, case } in load_cases() {
        let text = to_canonical_string(&case.model);
        if let Err(e) = parse_str(&text, &case.name) {
            failures.push(format!(
                "{file}: case `{}` has an invalid model: {:#?}",
                case.name,
                e.diagnostics()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_case_fires_and_its_mitigation_works() {
    let library = built_in();
    let mut failures = Vec::new();
    for Loaded { file, case } in load_cases() {
        let at = format!("{file}: case `{}`", case.name);
        let findings = analyze(&case.model, &library);
        for id in &case.silent {
            let (rule, _) = split(id);
            if library.get(rule).is_none() {
                failures.push(format!("{at}: silent names unknown rule `{rule}`"));
            } else if let Some(f) = findings
                .get(id)
                // `RULE@flow` is silent only when no operation of the flow has it either.
                .or_else(|| findings.items.iter().find(|f| f.group_id() == id.as_str()))
            {
                failures.push(format!(
                    "{at}: `{id}` must not be reported, but is ({})",
                    f.explanation.join("; ")
                ));
            }
        }
        for id in &case.fires {
            let (rule_id, target) = split(id);
            let Some(rule) = library.get(rule_id) else {
                failures.push(format!("{at}: unknown rule `{rule_id}`"));
                continue;
            };
            match findings.get(id) {
                None => {
                    failures.push(format!(
                        "{at}: `{id}` did not fire; {}",
                        describe(&findings, target)
                    ));
                    continue;
                }
                Some(f) if f.status != TriageStatus::Open => {
                    failures.push(format!(
                        "{at}: `{id}` fired as {}, expected open",
                        f.status.label()
                    ));
                    continue;
                }
                Some(f) if f.explanation.is_empty() => {
                    failures.push(format!("{at}: `{id}` fired without an explanation"));
                }
                Some(_) => {}
            }
            let mut fixed = case.model.clone();
            for control in fix_for(rule) {
                assert!(
                    apply_control(&mut fixed, target, &control),
                    "{at}: no target `{target}`"
                );
            }
            let after = analyze(&fixed, &library);
            if let Some(f) = after.get(id) {
                if f.status != TriageStatus::Mitigated || f.status_source != StatusSource::Controls
                {
                    failures.push(format!(
                        "{at}: `{id}` is still {} after applying {:?}",
                        f.status.label(),
                        fix_for(rule)
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_built_in_rule_has_a_case() {
    let library = built_in();
    let covered: BTreeSet<String> = load_cases()
        .iter()
        .flat_map(|l| l.case.fires.iter().map(|id| split(id).0.to_string()))
        .collect();
    let missing: Vec<&str> = library
        .rules()
        .iter()
        .map(|r| r.id.as_str())
        .filter(|id| !covered.contains(*id))
        .collect();
    assert!(
        missing.is_empty(),
        "rules without a firing case: {missing:?}"
    );
    let unknown: Vec<&String> = covered
        .iter()
        .filter(|id| library.get(id).is_none())
        .collect();
    assert!(
        unknown.is_empty(),
        "cases name rules that do not exist: {unknown:?}"
    );
}

#[test]
fn finding_ids_are_rule_at_target() {
    assert_eq!(finding_id("API1-BOLA-path-id", "f"), "API1-BOLA-path-id@f");
}

#[test]
fn every_rule_is_documented() {
    let library = built_in();
    assert!(
        library.len() >= 60,
        "the library has {} rules",
        library.len()
    );
    for rule in library.rules() {
        let id = &rule.id;
        for (what, text) in [
            ("title", &rule.title),
            ("description", &rule.description),
            ("recommendation", &rule.recommendation),
        ] {
            assert!(
                text.trim().len() >= 20,
                "{id}: {what} is too short: {text:?}"
            );
        }
        assert!(!rule.stride.is_empty(), "{id}: no STRIDE category");
        let api6_only = !rule.owasp.is_empty() && rule.owasp.iter().all(|o| o == "API6:2023");
        assert!(!rule.cwe.is_empty() || api6_only, "{id}: no CWE id");
        assert!(!rule.references.is_empty(), "{id}: no reference");
        for r in &rule.references {
            assert!(
                r.starts_with("https://"),
                "{id}: reference {r:?} is not an https URL"
            );
        }
        let cwe_cited = rule.cwe.iter().any(|cwe| {
            let url = format!("https://cwe.mitre.org/data/definitions/{cwe}.html");
            rule.references.contains(&url)
        });
        assert!(
            rule.cwe.is_empty() || cwe_cited,
            "{id}: cite one of its CWE pages"
        );
        for owasp in &rule.owasp {
            let n = owasp.trim_start_matches("API").trim_end_matches(":2023");
            let page = format!(
                "/0xa{}",
                if n == "10" {
                    "a".to_string()
                } else {
                    n.to_string()
                }
            );
            let cited = rule.references.iter().any(|r| r.contains(&page));
            let primary = rule.owasp.first() == Some(owasp);
            assert!(!primary || cited, "{id}: cite the OWASP page of {owasp}");
        }
    }
}

/// STRIDE per element, with repudiation for data stores only when they hold logs.
#[test]
fn library_covers_stride_per_element_and_all_owasp_categories() {
    use Stride::*;
    let library = built_in();
    let required: [(AppliesTo, &[Stride]); 5] = [
        (AppliesTo::External, &[Spoofing, Repudiation]),
        (
            AppliesTo::Process,
            &[
                Spoofing,
                Tampering,
                Repudiation,
                InformationDisclosure,
                DenialOfService,
                ElevationOfPrivilege,
            ],
        ),
        (
            AppliesTo::DataStore,
            &[
                Tampering,
                Repudiation,
                InformationDisclosure,
                DenialOfService,
            ],
        ),
        (
            AppliesTo::Flow,
            &[Tampering, InformationDisclosure, DenialOfService],
        ),
        (
            AppliesTo::CrossingFlow,
            &[Spoofing, Tampering, InformationDisclosure],
        ),
    ];
    for (kind, letters) in required {
        for letter in letters {
            let found = library
                .rules()
                .iter()
                .any(|r| r.applies_to.contains(&kind) && r.stride.contains(letter));
            assert!(found, "no rule for {kind:?} × {}", letter.name());
        }
    }
    let mut owasp: BTreeSet<&str> = BTreeSet::new();
    for r in library.rules() {
        owasp.extend(r.owasp.iter().map(String::as_str));
    }
    for n in 1..=10 {
        let id = format!("API{n}:2023");
        assert!(owasp.contains(id.as_str()), "no rule for {id}");
    }
}

/// Repudiation on a data store is only about stores of logs and audit records.
#[test]
fn store_repudiation_rules_need_a_log_store() {
    let library = built_in();
    let repudiation: Vec<&Rule> = library
        .rules()
        .iter()
        .filter(|r| {
            r.applies_to.contains(&AppliesTo::DataStore) && r.stride.contains(&Stride::Repudiation)
        })
        .collect();
    assert!(!repudiation.is_empty());
    for rule in repudiation {
        let text = format!("{:?}", rule.when);
        assert!(
            text.contains("HoldsLogs"),
            "{} is repudiation on a store without HoldsLogs",
            rule.id
        );
    }
}

/// Each built-in file is one family; rule ids are unique over the library.
#[test]
fn built_in_files_are_the_expected_families() {
    let names: Vec<&str> = threatmap::library::built_in_files()
        .iter()
        .map(|(n, _)| *n)
        .collect();
    for family in [
        "stride-external.ron",
        "stride-process.ron",
        "stride-datastore.ron",
        "stride-flow.ron",
        "boundary-crossing.ron",
        "api1-bola.ron",
        "api10-unsafe-consumption.ron",
    ] {
        assert!(names.contains(&family), "missing {family}");
    }
    let total: usize = threatmap::library::built_in_files()
        .iter()
        .map(|(name, text)| {
            threatmap::library::parse_rule_file(text, name)
                .unwrap_or_else(|e| panic!("{name}: {:?}", e.0))
                .len()
        })
        .sum();
    assert_eq!(
        total,
        Library::new(built_in().rules().to_vec()).len(),
        "a rule id is defined twice"
    );
}
