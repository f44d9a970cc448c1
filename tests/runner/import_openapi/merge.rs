//! Refreshing an edited model from a new version of its OpenAPI document.

use super::*;

fn bookstore() -> Model {
    import("bookstore.yaml").model
}

/// The bookstore document with `edit` applied to its text.
fn bookstore_edited(edit: impl Fn(String) -> String) -> Model {
    let text = edit(fixture("bookstore.yaml"));
    import_openapi(&text, "bookstore.yaml")
        .expect("edited spec imports")
        .model
}

fn hand_edited(mut m: Model) -> Model {
    m.name = "Bookstore (reviewed)".into();
    m.layout
        .insert("api-clients".into(), Position { x: 3, y: 4 });
    m.triage.push(Triage {
        finding: "API2-LOGIN@api-clients-bookstore-api-api".into(),
        status: TriageStatus::Mitigated,
        note: "lockout after 5 attempts".into(),
        owner: None,
        reference: None,
        date: Some("2025-01-02".into()),
        reviewer: None,
        until: None,
        fingerprint: None,
    });
    let mut db = m
        .elements
        .iter()
        .find(|e| e.id == "api-clients")
        .expect("callers")
        .clone();
    db.id = "books-db".into();
    db.name = "Books database".into();
    db.kind = ElementKind::DataStore(Default::default());
    m.elements.push(db);
    let flow = m
        .flows
        .iter_mut()
        .find(|f| f.id == "api-clients-bookstore-api-api")
        .expect("flow");
    flow.controls.push(Control::RateLimiting);
    flow.endpoints
        .iter_mut()
        .find(|e| e.path == "/cart")
        .expect("cart")
        .returns_list = false;
    m
}

#[test]
fn facts_read_from_the_document_are_refreshed_and_the_teams_are_kept() {
    let existing = hand_edited(bookstore());
    // The document now bounds every input and names no sensitive field.
    let mut newer = bookstore();
    for e in newer.flows.iter_mut().flat_map(|f| f.endpoints.iter_mut()) {
        e.unbounded.clear();
        e.sensitive_fields.clear();
    }
    let outcome = merge_openapi(&existing, &newer);
    assert!(outcome.changed(), "{outcome}");
    assert!(!outcome.refreshed.is_empty());
    assert!(
        outcome
            .refreshed
            .iter()
            .all(|r| r.contains("unbounded") || r.contains("sensitive_fields")),
        "{:?}",
        outcome.refreshed
    );
    assert!(
        outcome
            .model
            .flows
            .iter()
            .flat_map(|f| &f.endpoints)
            .all(|e| e.unbounded.is_empty() && e.sensitive_fields.is_empty())
    );
    // The team's edits stay: the name, the layout, the triage, the flag.
    assert_eq!(outcome.model.name, "Bookstore (reviewed)");
    assert_eq!(outcome.model.triage.len(), 1);
    assert!(!endpoint(&outcome.model, Method::Get, "/cart").returns_list);
    // And once refreshed, the same document changes nothing more.
    let again = merge_openapi(&outcome.model, &newer);
    assert!(!again.changed(), "{again}");
}

#[test]
fn merging_the_same_document_changes_nothing() {
    let existing = hand_edited(bookstore());
    let outcome = merge_openapi(&existing, &bookstore());
    assert!(!outcome.changed(), "{outcome}");
    let mut expected = existing.clone();
    threatmap::model::save::canonicalize(&mut expected);
    assert_eq!(outcome.model, expected);
    assert_eq!(
        outcome.notes,
        [
            "GET /cart (flow `api-clients-bookstore-api-api`): the document suggests `returns_list: true`"
        ]
    );
}

#[test]
fn new_operations_are_added_and_hand_work_is_kept() {
    let existing = hand_edited(bookstore());
    let newer = bookstore_edited(|t| {
        t.replace("  /health:\n", "  /gift-cards/{cardId}/redeem:\n    post:\n      operationId: redeemGiftCard\n      responses: { '200': { description: ok } }\n  /health:\n")
    });
    let outcome = merge_openapi(&existing, &newer);
    let added: Vec<String> = outcome.added.iter().map(ToString::to_string).collect();
    assert_eq!(
        added,
        [
            "POST /gift-cards/{cardId}/redeem (flow `api-clients-bookstore-api-api`)",
            "POST /gift-cards/{cardId}/redeem (flow `api-clients-bookstore-api-sandbox`)",
        ]
    );
    let m = &outcome.model;
    let redeem = endpoint(m, Method::Post, "/gift-cards/{cardId}/redeem");
    assert_eq!(signals(redeem), ["object_id", "sensitive_flow"]);
    assert_eq!(m.name, "Bookstore (reviewed)");
    assert_eq!(m.layout.get("api-clients"), Some(&Position { x: 3, y: 4 }));
    assert_eq!(m.triage.len(), 1);
    assert!(m.elements.iter().any(|e| e.id == "books-db"));
    let flow = m
        .flows
        .iter()
        .find(|f| f.id == "api-clients-bookstore-api-api")
        .expect("flow");
    assert_eq!(flow.controls, [Control::RateLimiting]);
    assert!(
        !endpoint(m, Method::Get, "/cart").returns_list,
        "the team's correction stays"
    );
    canonical(m);

    let again = merge_openapi(m, &newer);
    assert!(!again.changed(), "{again}");
    assert_eq!(&again.model, m);
}

#[test]
fn removed_operations_are_reported_and_kept() {
    let existing = bookstore();
    let newer = bookstore_edited(|t| {
        t.replace("  /health:\n    get:\n      operationId: health\n      security: []\n      responses:\n        '200': { description: up }\n", "")
    });
    let outcome = merge_openapi(&existing, &newer);
    let removed: Vec<String> = outcome.removed.iter().map(ToString::to_string).collect();
    assert_eq!(
        removed,
        [
            "GET /health (flow `api-clients-bookstore-api-api`)",
            "GET /health (flow `api-clients-bookstore-api-sandbox`)",
        ]
    );
    let health = endpoint(&outcome.model, Method::Get, "/health");
    assert_eq!(health.tags, [NOT_IN_OPENAPI]);
    assert!(outcome.changed());
    canonical(&outcome.model);

    let again: MergeOutcome = merge_openapi(&outcome.model, &newer);
    assert!(!again.changed(), "{again}");
    assert_eq!(again.model, outcome.model);
    assert_eq!(again.still_removed.len(), 2);

    let back = merge_openapi(&outcome.model, &existing);
    assert_eq!(back.restored.len(), 2);
    assert!(
        endpoint(&back.model, Method::Get, "/health")
            .tags
            .is_empty()
    );
}

#[test]
fn a_new_server_brings_its_flow_and_process() {
    let existing = import("local-only.yaml").model;
    let newer = import_openapi(
        &fixture("local-only.yaml").replace(
            "  - url: http://localhost:3000\n",
            "  - url: http://localhost:3000\n  - url: https://tools.example.com\n",
        ),
        "local-only.yaml",
    )
    .expect("imports")
    .model;
    let outcome = merge_openapi(&existing, &newer);
    assert!(outcome.changed());
    assert!(
        outcome.added_items.iter().any(|i| i.starts_with("flow `")),
        "{outcome}"
    );
    canonical(&outcome.model);
    let again = merge_openapi(&outcome.model, &newer);
    assert!(!again.changed(), "{again}");
    assert_eq!(again.model, outcome.model);
}
