//! Findings on API operations: one per matching operation, with controls,
//! decisions and staleness at both the flow's and the operation's level.

use super::stale::{fingerprint, stale_reason};
use super::{Findings, StatusSource, analyze, is_per_endpoint};
use crate::library::built_in;
use crate::model::{
    Control, Endpoint, Method, Model, Triage, TriageStatus, starter::starter_model,
};

const BOLA: &str = "API1-BOLA-path-id";

/// The starter model with two more operations that name an object by id on
/// `browser-gateway`, so that one rule has three operations to report.
fn three_object_ids() -> Model {
    let mut m = starter_model();
    let flow = m.flow_mut("browser-gateway").expect("starter flow");
    flow.endpoints
        .push(Endpoint::new(Method::Delete, "/orders/{orderId}"));
    flow.endpoints
        .push(Endpoint::new(Method::Get, "/customers/{customerId}"));
    m
}

fn on_flow<'a>(findings: &'a Findings, rule: &str, flow: &str) -> Vec<&'a str> {
    findings
        .items
        .iter()
        .filter(|f| &*f.rule == rule && f.target == flow)
        .map(|f| f.id.as_str())
        .collect()
}

fn record(m: &Model, finding: &str, status: TriageStatus) -> Triage {
    Triage {
        finding: finding.into(),
        status,
        note: "checked".into(),
        owner: None,
        reference: None,
        date: None,
        reviewer: None,
        until: None,
        fingerprint: fingerprint(m, finding.split_once('@').map_or("", |(_, t)| t)),
    }
}

#[test]
fn a_rule_about_operations_gives_one_finding_per_matching_operation() {
    let m = three_object_ids();
    let findings = analyze(&m, &built_in());
    assert_eq!(
        on_flow(&findings, BOLA, "browser-gateway"),
        [
            "API1-BOLA-path-id@browser-gateway#GET /customers/{customerId}",
            "API1-BOLA-path-id@browser-gateway#GET /orders/{orderId}",
            "API1-BOLA-path-id@browser-gateway#DELETE /orders/{orderId}",
        ],
        "by path, then method"
    );
    let one = findings
        .get("API1-BOLA-path-id@browser-gateway#DELETE /orders/{orderId}")
        .expect("reported");
    let endpoint = one.endpoint.as_ref().expect("names its operation");
    assert_eq!(
        (endpoint.method, endpoint.path.as_str()),
        (Method::Delete, "/orders/{orderId}")
    );
    assert_eq!(one.target, "browser-gateway");
    assert_eq!(one.group_id(), "API1-BOLA-path-id@browser-gateway");
    assert_eq!(
        one.subject_key(),
        "browser-gateway#DELETE /orders/{orderId}"
    );
    assert_eq!(
        one.explanation,
        ["object id in the path: `DELETE /orders/{orderId}`"],
        "the explanation names this operation only"
    );
    // A rule about the flow as a whole stays one finding per flow.
    let flow_wide: Vec<_> = findings
        .items
        .iter()
        .filter(|f| f.target == "browser-gateway" && f.endpoint.is_none())
        .collect();
    assert!(!flow_wide.is_empty());
    assert!(flow_wide.iter().all(|f| !f.id.contains('#')));
}

#[test]
fn which_rules_are_about_operations_follows_from_their_condition() {
    let library = built_in();
    let per = |id: &str| is_per_endpoint(library.get(id).expect("a built-in rule"));
    assert!(per("API1-BOLA-path-id"));
    assert!(
        per("API5-admin-without-role-check"),
        "every branch names an endpoint"
    );
    assert!(
        !per("API4-unbounded-payloads"),
        "a protocol alone can make it hold"
    );
    assert!(
        !per("API3-excessive-data-exposure"),
        "a response flow can make it hold"
    );
    assert!(!per("FLOW-I-cleartext-inside-zone"), "no endpoint at all");
}

#[test]
fn a_control_on_the_flow_covers_every_operation_and_one_on_an_operation_only_it() {
    let library = built_in();
    let mut m = three_object_ids();
    let flow = m.flow_mut("browser-gateway").expect("starter flow");
    let delete = flow
        .endpoints
        .iter_mut()
        .find(|e| e.method == Method::Delete)
        .expect("added above");
    delete.controls.push(Control::ObjectLevelAuthorization);
    let findings = analyze(&m, &library);
    let status = |f: &Findings, key: &str| {
        f.get(&format!("{BOLA}@browser-gateway#{key}"))
            .map(|x| (x.status, x.status_source))
    };
    assert_eq!(
        status(&findings, "DELETE /orders/{orderId}"),
        Some((TriageStatus::Mitigated, StatusSource::Controls))
    );
    assert_eq!(
        status(&findings, "GET /orders/{orderId}"),
        Some((TriageStatus::Open, StatusSource::Default))
    );
    let flow = m.flow_mut("browser-gateway").expect("starter flow");
    flow.controls.push(Control::ObjectLevelAuthorization);
    let findings = analyze(&m, &library);
    for key in ["GET /orders/{orderId}", "GET /customers/{customerId}"] {
        assert_eq!(
            status(&findings, key),
            Some((TriageStatus::Mitigated, StatusSource::Controls)),
            "{key}"
        );
    }
}

#[test]
fn a_flow_record_decides_every_operation_and_an_operation_record_wins() {
    let library = built_in();
    let mut m = three_object_ids();
    let group = format!("{BOLA}@browser-gateway");
    let own = format!("{BOLA}@browser-gateway#GET /customers/{{customerId}}");
    m.triage = vec![
        record(&m, &group, TriageStatus::Accepted),
        record(&m, &own, TriageStatus::FalsePositive),
    ];
    let findings = analyze(&m, &library);
    let ids = on_flow(&findings, BOLA, "browser-gateway");
    assert_eq!(ids.len(), 3);
    for id in ids {
        let f = findings.get(id).expect("listed");
        let want = if id == own {
            TriageStatus::FalsePositive
        } else {
            TriageStatus::Accepted
        };
        assert_eq!(
            (f.status, f.status_source),
            (want, StatusSource::Triage),
            "{id}"
        );
        assert_eq!(f.stale, None, "{id}");
    }
    // Neither record is reported as naming no finding.
    let text = crate::model::to_canonical_string(&m);
    let loaded = crate::model::parse_str(&text, "m.ron").expect("valid");
    let warnings = super::warnings::after_analysis(&loaded, "m.ron", &findings, &library);
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn an_operation_decision_goes_stale_when_that_operation_changes_not_another() {
    let mut m = three_object_ids();
    let own = format!("{BOLA}@browser-gateway#GET /orders/{{orderId}}");
    let group = format!("{BOLA}@browser-gateway");
    let own_record = record(&m, &own, TriageStatus::Accepted);
    let group_record = record(&m, &group, TriageStatus::Accepted);
    let flow = m.flow_mut("browser-gateway").expect("starter flow");
    flow.endpoints
        .push(Endpoint::new(Method::Put, "/orders/{orderId}"));
    assert_eq!(
        stale_reason(&m, &own_record, None),
        None,
        "another operation came"
    );
    assert!(
        stale_reason(&m, &group_record, None).is_some(),
        "a decision on the whole flow was made without the new operation"
    );
    let flow = m.flow_mut("browser-gateway").expect("starter flow");
    let get = flow
        .endpoints
        .iter_mut()
        .find(|e| e.method == Method::Get && e.path == "/orders/{orderId}")
        .expect("starter endpoint");
    get.authentication = vec![crate::model::Authentication::None];
    assert!(
        stale_reason(&m, &own_record, None).is_some(),
        "its operation changed"
    );
    // An operation that is gone leaves nothing to compare.
    assert_eq!(fingerprint(&m, "browser-gateway#PATCH /nope"), None);
}

#[test]
fn an_operation_listed_twice_gives_one_finding() {
    let mut m = starter_model();
    let flow = m.flow_mut("browser-gateway").expect("starter flow");
    flow.endpoints
        .push(Endpoint::new(Method::Get, "/orders/{orderId}"));
    let findings = analyze(&m, &built_in());
    assert_eq!(on_flow(&findings, BOLA, "browser-gateway").len(), 1);
}
