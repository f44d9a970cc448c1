//! Endpoint-level findings on realistic, deliberately vulnerable API
//! descriptions written for these tests (OpenAPI 3.0 in the style of crAPI,
//! Swagger 2.0 in the style of VAmPI, OpenAPI 3.1 in the style of OWASP Juice
//! Shop), and on their hardened twins, which declare their defences and must
//! stay quiet about them.
//!
//! An operation's findings are those of the endpoint rules (rules whose
//! condition asks about an endpoint) on its flow, computed with the flow
//! carrying that one operation, less those the flow has with no operation
//! at all (about its transport or data, not the operation): what
//! per-endpoint findings report.

use crate::common::fixtures;
use std::collections::BTreeSet;

use threatmap::analysis::analyze;
use threatmap::import::import_openapi;
use threatmap::library::{Condition, Library, built_in};
use threatmap::model::Model;

fn fixture(name: &str) -> String {
    let path = fixtures().join("openapi/endpoint").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn mentions_endpoint(c: &Condition) -> bool {
    match c {
        Condition::Endpoint(_) => true,
        Condition::All(cs) | Condition::Any(cs) => cs.iter().any(mentions_endpoint),
        Condition::Not(c) | Condition::Source(c) | Condition::Target(c) => mentions_endpoint(c),
        _ => false,
    }
}

/// The rules whose findings are per endpoint: on a flow, asking about one.
fn endpoint_rules(library: &Library) -> BTreeSet<String> {
    library
        .rules()
        .iter()
        .filter(|r| mentions_endpoint(&r.when))
        .map(|r| r.id.clone())
        .collect()
}

/// One operation and its findings: `(rule id, OWASP ids)`.
struct Operation {
    name: String,
    findings: Vec<(String, Vec<String>)>,
}

fn per_operation(model: &Model) -> Vec<Operation> {
    let library = built_in();
    let rules = endpoint_rules(&library);
    let mut out = Vec::new();
    for (f, flow) in model.flows.iter().enumerate() {
        let mut bare = model.clone();
        bare.flows[f].endpoints.clear();
        let baseline: BTreeSet<String> = analyze(&bare, &library)
            .items
            .iter()
            .filter(|x| x.target == flow.id)
            .map(|x| x.rule.to_string())
            .collect();
        for endpoint in &flow.endpoints {
            let mut one = model.clone();
            one.flows[f].endpoints = vec![endpoint.clone()];
            let findings = analyze(&one, &library);
            let mut mine: Vec<(String, Vec<String>)> = findings
                .items
                .iter()
                .filter(|x| x.target == flow.id && rules.contains(&*x.rule) && x.is_open())
                .filter(|x| !baseline.contains(&*x.rule))
                .map(|x| {
                    let owasp = x.owasp.iter().map(|o| o.replace(":2023", "")).collect();
                    (x.rule.to_string(), owasp)
                })
                .collect();
            mine.sort();
            out.push(Operation {
                name: format!("{} {}", endpoint.method.as_str(), endpoint.path),
                findings: mine,
            });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

fn import(name: &str) -> Model {
    match import_openapi(&fixture(name), name) {
        Ok(i) => i.model,
        Err(e) => panic!("{name}: {e:?}"),
    }
}

/// One line per operation: its findings, or `-`.
fn listing(ops: &[Operation]) -> String {
    let mut out = String::new();
    for op in ops {
        let findings: Vec<String> = op
            .findings
            .iter()
            .map(|(rule, owasp)| format!("{rule} ({})", owasp.join(",")))
            .collect();
        let findings = if findings.is_empty() {
            "-".to_string()
        } else {
            findings.join(", ")
        };
        out.push_str(&format!("{}\n    {findings}\n", op.name));
    }
    out
}

/// Every vulnerable operation has a finding with its OWASP id.
fn assert_named(ops: &[Operation], expected: &[(&str, &str)]) {
    for (name, owasp) in expected {
        let op = ops
            .iter()
            .find(|o| o.name == *name)
            .unwrap_or_else(|| panic!("no operation {name}"));
        assert!(
            op.findings
                .iter()
                .any(|(_, ids)| ids.iter().any(|i| i == owasp)),
            "{name} should have an {owasp} finding; has {:?}",
            op.findings
        );
    }
}

/// The hardened twin: nothing about authentication, mass assignment,
/// resource limits, URLs, configuration or inventory on any operation.
fn assert_quiet(ops: &[Operation]) {
    const QUIET: [&str; 5] = ["API2", "API4", "API7", "API8", "API9"];
    assert!(!ops.is_empty());
    for op in ops {
        for (rule, owasp) in &op.findings {
            assert!(
                !owasp.iter().any(|o| QUIET.contains(&o.as_str()))
                    && rule != "API3-mass-assignment",
                "{}: {rule} ({owasp:?}) in a spec that declares the defence",
                op.name
            );
        }
    }
}

mod garage_30 {
    use super::*;

    const VULNERABLE: [(&str, &str); 26] = [
        ("POST /identity/api/auth/signup", "API6"),
        ("POST /identity/api/auth/login", "API2"),
        ("POST /identity/api/auth/v3/check-otp", "API2"),
        ("POST /identity/api/auth/v2/check-otp", "API9"),
        ("POST /identity/api/auth/forget-password", "API2"),
        ("GET /identity/api/v2/user/me", "API3"),
        ("PATCH /identity/api/v2/user/settings", "API3"),
        ("POST /identity/api/v2/user/change-email", "API2"),
        ("GET /identity/api/v2/user/export", "API2"),
        ("POST /identity/api/v2/user/pictures", "API4"),
        ("GET /identity/api/v2/vehicle/{vehicleId}/location", "API1"),
        ("DELETE /identity/api/v2/users/{userId}", "API5"),
        ("DELETE /identity/api/v2/admin/videos/{videoId}", "API5"),
        ("GET /identity/api/v2/admin/users", "API5"),
        ("GET /community/api/v2/community/posts/recent", "API4"),
        (
            "POST /community/api/v2/community/posts/{postId}/comment",
            "API6",
        ),
        ("POST /community/api/v2/coupon/new-coupon", "API5"),
        ("POST /workshop/api/shop/orders", "API6"),
        ("GET /workshop/api/shop/orders/all", "API9"),
        ("GET /workshop/api/shop/orders/{orderId}", "API1"),
        ("PUT /workshop/api/shop/orders/{orderId}", "API3"),
        ("POST /workshop/api/shop/apply_coupon", "API6"),
        ("POST /workshop/api/merchant/contact_mechanic", "API7"),
        ("POST /workshop/api/mechanic/report", "API4"),
        ("POST /workshop/api/mechanic/receive_report", "API8"),
        ("GET /workshop/api/mechanic/debug/env", "API9"),
    ];

    #[test]
    fn every_vulnerable_operation_is_named() {
        let ops = per_operation(&import("garage-3.0.yaml"));
        assert_named(&ops, &VULNERABLE);
        insta::assert_snapshot!("garage_vulnerable", listing(&ops));
    }

    #[test]
    fn the_hardened_twin_stays_quiet() {
        let ops = per_operation(&import("garage-3.0-hardened.yaml"));
        assert_quiet(&ops);
        insta::assert_snapshot!("garage_hardened", listing(&ops));
    }
}

mod vampi_swagger2 {
    use super::*;

    const VULNERABLE: [(&str, &str); 13] = [
        ("GET /users/v1", "API4"),
        ("GET /users/v1/_debug", "API3"),
        ("GET /users/v1/_debug", "API9"),
        ("POST /users/v1/register", "API3"),
        ("POST /users/v1/login", "API2"),
        ("GET /users/v1/{username}", "API1"),
        ("DELETE /users/v1/{username}", "API5"),
        ("GET /users/v0/{username}", "API9"),
        ("PUT /users/v1/{username}/email", "API4"),
        ("PUT /users/v1/{username}/password", "API2"),
        ("GET /books/v1/{book_title}", "API1"),
        ("POST /books/v1/import", "API8"),
        ("POST /books/v1/cover", "API7"),
    ];

    #[test]
    fn every_vulnerable_operation_is_named() {
        let ops = per_operation(&import("vampi-swagger2.json"));
        assert_named(&ops, &VULNERABLE);
        insta::assert_snapshot!("vampi_vulnerable", listing(&ops));
    }

    #[test]
    fn the_hardened_twin_stays_quiet() {
        let ops = per_operation(&import("vampi-swagger2-hardened.json"));
        assert_quiet(&ops);
        insta::assert_snapshot!("vampi_hardened", listing(&ops));
    }

    #[test]
    fn swagger_servers_and_schemes_are_read() {
        let m = import("vampi-swagger2.json");
        assert_eq!(m.flows.len(), 1);
        assert_eq!(m.flows[0].protocol, threatmap::model::Protocol::Https);
        assert_eq!(m.flows[0].endpoints.len(), 15);
    }
}

mod juice_31 {
    use super::*;

    const VULNERABLE: [(&str, &str); 13] = [
        ("POST /rest/user/login", "API2"),
        ("POST /rest/2fa/verify", "API2"),
        ("POST /api/Users", "API3"),
        ("GET /api/Users", "API3"),
        ("GET /rest/basket/{basketId}", "API1"),
        ("POST /api/BasketItems", "API4"),
        ("POST /profile/image/url", "API7"),
        ("POST /file-upload", "API8"),
        ("GET /rest/admin/application-configuration", "API5"),
        ("DELETE /api/Feedbacks/{id}", "API5"),
        ("POST /rest/deluxe-membership", "API6"),
        ("GET /rest/track-order/{id}", "API2"),
        ("GET /rest/track-order/{id}", "API1"),
    ];

    #[test]
    fn every_vulnerable_operation_is_named() {
        let ops = per_operation(&import("juice-3.1.yaml"));
        assert_named(&ops, &VULNERABLE);
        insta::assert_snapshot!("juice_vulnerable", listing(&ops));
    }

    #[test]
    fn the_hardened_twin_stays_quiet() {
        let ops = per_operation(&import("juice-3.1-hardened.yaml"));
        assert_quiet(&ops);
        insta::assert_snapshot!("juice_hardened", listing(&ops));
    }
}
