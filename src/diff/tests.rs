//! Unit tests of the semantic diff, against a small library built here so
//! they do not depend on the built-in rules.

use super::*;
use crate::analysis::{Severity, analyze};
use crate::library::{Library, parse_rule_file};
use crate::model::{Encryption, Model, Position, parse_str};

const RULES: &str = r#"[
    Rule(
        id: "T-BOLA",
        title: "Object ids without object-level authorization",
        description: "d",
        applies_to: [Flow],
        stride: [ElevationOfPrivilege],
        owasp: ["API1:2023"],
        likelihood: High,
        impact: High,
        when: Endpoint([ObjectId]),
        mitigations: AnyOf([ObjectLevelAuthorization]),
        recommendation: "r",
    ),
    Rule(
        id: "T-PLAIN",
        title: "Unencrypted flow",
        description: "d",
        applies_to: [Flow],
        stride: [InformationDisclosure],
        likelihood: Medium,
        impact: Medium,
        when: Encryption([None]),
        mitigations: AnyOf([Tls]),
        recommendation: "r",
    ),
]"#;

const BASE: &str = r#"Model(
    name: "Shop",
    elements: [
        Element(id: "web", name: "Web", kind: External(human: true)),
        Element(id: "api", name: "API", kind: Process(role: Gateway), controls: [RateLimiting]),
        Element(id: "db", name: "DB", kind: DataStore(store: Sql)),
    ],
    flows: [
        Flow(id: "web-api", source: "web", target: "api", protocol: Https, encryption: Tls, endpoints: [
            Endpoint(method: Get, path: "/orders"),
        ]),
        Flow(id: "api-db", source: "api", target: "db", protocol: Sql, encryption: Tls),
    ],
)"#;

fn library() -> Library {
    Library::new(parse_rule_file(RULES, "test-rules.ron").expect("test rules parse"))
}

fn model(text: &str) -> Model {
    parse_str(text, "test.ron").expect("test model loads").model
}

fn words(c: &ItemChange) -> String {
    item_words(c, &|s| format!("`{s}`"))
}

#[test]
fn identical_models_have_no_semantic_change() {
    let m = model(BASE);
    let c = compare(&m, &m, &library());
    assert!(c.is_semantically_empty());
    assert_eq!(c.nothing_to_review(), Some("no semantic change"));
}

#[test]
fn layout_alone_is_not_a_semantic_change() {
    let old = model(BASE);
    let mut new = old.clone();
    new.layout.insert("api".into(), Position { x: 4, y: 2 });
    let c = compare(&old, &new, &library());
    assert_eq!(c.nothing_to_review(), Some("only layout changed"));
    assert_eq!(c.design.layout.len(), 1);
    assert_eq!(
        layout_words(&c.design.layout[0], &|s| s.to_string()),
        "api placed at (4, 2)"
    );
}

#[test]
fn attribute_changes_are_described_in_words() {
    let old = model(BASE);
    let mut new = old.clone();
    new.flows[0].encryption = Encryption::None;
    new.flows[0].endpoints.push(crate::model::Endpoint {
        admin: true,
        ..crate::model::Endpoint::new(crate::model::Method::Post, "/refunds")
    });
    new.flows[0].endpoints[0].returns_list = true;
    let d = diff_models(&old, &new);
    assert_eq!(d.items.len(), 1);
    assert_eq!(
        words(&d.items[0]),
        "flow `web-api`: encryption TLS → none; endpoint `GET /orders`: returns list no → yes; endpoint `POST /refunds` added (admin)"
    );
}

#[test]
fn a_rename_is_a_change_of_name() {
    let old = model(BASE);
    let mut new = old.clone();
    new.elements[1].name = "Gateway".into();
    let d = diff_models(&old, &new);
    assert_eq!(d.items.len(), 1);
    assert_eq!(words(&d.items[0]), "element `api`: name `API` → `Gateway`");
}

#[test]
fn an_id_change_alone_is_not_remove_and_add() {
    let old = model(BASE);
    let mut new = old.clone();
    new.flows[1].id = "api-to-db".into();
    let d = diff_models(&old, &new);
    assert_eq!(d.items.len(), 1);
    assert_eq!(
        words(&d.items[0]),
        "flow id `api-db` → `api-to-db`, nothing else changed"
    );
}

#[test]
fn sets_are_compared_as_sets() {
    let old = model(BASE);
    let mut new = old.clone();
    new.elements[1].controls = vec![
        crate::model::Control::Waf,
        crate::model::Control::Custom("canary tokens".into()),
    ];
    new.elements[1].tags = vec!["edge".into()];
    let d = diff_models(&old, &new);
    assert_eq!(
        words(&d.items[0]),
        "element `api`: tags: added `edge`; controls: added web application firewall, `canary tokens`; removed rate limiting"
    );
    // Order alone is no change.
    let mut reordered = new.clone();
    reordered.elements[1].controls.reverse();
    assert!(diff_models(&new, &reordered).is_semantically_empty());
}

#[test]
fn added_and_removed_items_are_summarised() {
    let old = model(BASE);
    let mut new = old.clone();
    new.elements.retain(|e| e.id != "db");
    new.flows.retain(|f| f.id != "api-db");
    let d = diff_models(&old, &new);
    let lines: Vec<String> = d.items.iter().map(words).collect();
    assert_eq!(
        lines,
        [
            "element `db` removed (was data store)",
            "flow `api-db` removed (was `api` → `db` over SQL, encryption TLS, authentication none)",
        ]
    );
}

#[test]
fn a_kind_change_lists_the_facts_that_came_and_went() {
    let old = model(BASE);
    let new = model(&BASE.replace(
        r#"kind: DataStore(store: Sql)"#,
        r#"kind: Process(role: Worker)"#,
    ));
    let d = diff_models(&old, &new);
    let line = words(&d.items[0]);
    assert!(
        line.starts_with("element `db`: kind data store → process;"),
        "{line}"
    );
    assert!(line.contains("role (none) → Worker"), "{line}");
    assert!(line.contains("store Sql → (none)"), "{line}");
}

#[test]
fn findings_introduced_resolved_and_changed() {
    let lib = library();
    let old = model(BASE);
    // A flow loses TLS; an endpoint with an object id appears.
    let new = model(
        &BASE
            .replace(
                r#"protocol: Sql, encryption: Tls"#,
                r#"protocol: Sql, encryption: None"#,
            )
            .replace(
                r#"Endpoint(method: Get, path: "/orders"),"#,
                r#"Endpoint(method: Get, path: "/orders"), Endpoint(method: Get, path: "/users/{id}"),"#,
            ),
    );
    let t = diff_findings(&analyze(&old, &lib), &analyze(&new, &lib));
    let ids: Vec<&str> = t.introduced.iter().map(|c| c.id.as_str()).collect();
    // One finding on the operation that appeared, named by it.
    assert_eq!(ids, ["T-BOLA@web-api#GET /users/{id}", "T-PLAIN@api-db"]);
    assert!(t.resolved.is_empty() && t.changed.is_empty());
    assert_eq!(t.introduced[0].severity(), Severity::Critical);
    assert!(!t.introduced[1].why.is_empty());
    assert_eq!(t.failing(Severity::High).len(), 1);
    assert_eq!(t.failing(Severity::Medium).len(), 2);
    assert!(t.failing(Severity::Critical).len() == 1);

    // Accepting one finding resolves it; removing the record reopens it.
    let accepted = model(&new_with_triage(&new, "T-BOLA@web-api", "Accepted"));
    let t = diff_findings(&analyze(&new, &lib), &analyze(&accepted, &lib));
    assert_eq!(t.resolved.len(), 1);
    assert_eq!(
        t.resolved[0].why,
        "status open → accepted by a triage record: only admins call it"
    );
    let back = diff_findings(&analyze(&accepted, &lib), &analyze(&new, &lib));
    assert_eq!(back.changed.len(), 1);
    assert_eq!(
        back.changed[0].why,
        "status accepted → open (its triage record is gone)"
    );
    assert_eq!(
        back.failing(Severity::High).len(),
        1,
        "a reopened finding counts as new"
    );
}

#[test]
fn a_finding_of_a_removed_target_says_so() {
    let lib = library();
    let old = model(&BASE.replace(
        r#"protocol: Sql, encryption: Tls"#,
        r#"protocol: Sql, encryption: None"#,
    ));
    let mut new = old.clone();
    new.flows.retain(|f| f.id != "api-db");
    let c = compare(&old, &new, &lib);
    assert_eq!(c.threats.resolved.len(), 1);
    assert_eq!(c.threats.resolved[0].why, "its target, flow, was removed");
    assert!(c.threats.failing(Severity::Low).is_empty());
}

#[test]
fn a_severity_rising_over_the_threshold_fails() {
    let lib = library();
    let raised = RULES.replace(
        "likelihood: Medium,\n        impact: Medium",
        "likelihood: High,\n        impact: Medium",
    );
    let lib2 = Library::new(parse_rule_file(&raised, "raised.ron").expect("rules parse"));
    let m = model(&BASE.replace(
        r#"protocol: Sql, encryption: Tls"#,
        r#"protocol: Sql, encryption: None"#,
    ));
    let t = diff_findings(&analyze(&m, &lib), &analyze(&m, &lib2));
    assert_eq!(t.changed.len(), 1);
    assert_eq!(t.changed[0].why, "severity medium → high");
    assert_eq!(t.failing(Severity::High).len(), 1);
    assert!(
        t.failing(Severity::Medium).is_empty(),
        "already over medium before"
    );
}

#[test]
fn triage_records_are_diffed_with_notes() {
    let old = model(BASE);
    let new = model(&new_with_triage(&old, "T-PLAIN@api-db", "Accepted"));
    let d = diff_models(&old, &new);
    assert_eq!(
        words(&d.items[0]),
        "triage record `T-PLAIN@api-db` added: accepted — `only admins call it`"
    );
    let changed = model(&new_with_triage(&old, "T-PLAIN@api-db", "Mitigated"));
    let d = diff_models(&new, &changed);
    assert_eq!(
        words(&d.items[0]),
        "triage record `T-PLAIN@api-db`: status accepted → mitigated"
    );
    let d = diff_models(&new, &old);
    assert_eq!(
        words(&d.items[0]),
        "triage record `T-PLAIN@api-db` removed (was accepted — `only admins call it`)"
    );
}

#[test]
fn fact_lines_name_the_item_on_every_line() {
    let text = fact_lines(&model(BASE));
    assert!(text.contains("flow web-api: encryption TLS\n"), "{text}");
    assert!(
        text.contains("flow web-api: endpoint GET /orders\n"),
        "{text}"
    );
    assert!(
        text.contains("element api: controls rate limiting\n"),
        "{text}"
    );
    assert!(text.contains("element web: human\n"), "{text}");
    assert!(
        !text.contains("internet facing"),
        "empty facts are left out"
    );
}

#[test]
fn markdown_escapes_model_strings() {
    let old = model(BASE);
    let mut new = old.clone();
    new.elements[1].name = "a|b `c` <script>\nnext".into();
    let c = compare(&old, &new, &library());
    let md = markdown::render(
        &c,
        &markdown::Heading {
            file: "shop.ron",
            old: "HEAD",
            new: "working tree",
        },
        false,
    );
    assert!(
        md.contains("name `API` → `` a|b `c` <script>\\nnext ``"),
        "{md}"
    );
    assert_eq!(markdown::text("a|b <i>`x`"), "a\\|b &lt;i&gt;\\`x\\`");
    assert_eq!(markdown::cell_code("a|b"), "`a\\|b`");
}

fn new_with_triage(m: &Model, finding: &str, status: &str) -> String {
    let mut text = crate::model::to_canonical_string(m);
    let record = format!(
        "    triage: [\n        Triage(finding: \"{finding}\", status: {status}, note: \"only admins call it\"),\n    ],\n)"
    );
    let end = text.rfind(')').unwrap_or(text.len());
    text.replace_range(end.., &record);
    text.push('\n');
    text
}
