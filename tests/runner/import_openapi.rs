//! `threatmap::import`: OpenAPI documents to models, and merging a new import
//! into a model the team has edited.

use crate::common::fixtures;
use threatmap::diagnostic::Diagnostic;
use threatmap::import::{Imported, MergeOutcome, NOT_IN_OPENAPI, import_openapi, merge_openapi};
use threatmap::model::{
    Authentication, Control, ElementKind, Encryption, Endpoint, Method, Model, Position, Protocol,
    Triage, TriageStatus, parse_str, to_canonical_string,
};

fn fixture(name: &str) -> String {
    let path = fixtures().join("openapi").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn import(name: &str) -> Imported {
    match import_openapi(&fixture(name), name) {
        Ok(imported) => imported,
        Err(errors) => panic!("{name} did not import: {errors:#?}"),
    }
}

fn errors(name: &str) -> Vec<Diagnostic> {
    match import_openapi(&fixture(name), name) {
        Ok(_) => panic!("{name} imported but should not"),
        Err(errors) => errors,
    }
}

/// The canonical text, after checking it loads back as a valid model.
fn canonical(model: &Model) -> String {
    let text = to_canonical_string(model);
    if let Err(e) = parse_str(&text, "imported.ron") {
        panic!("imported model is invalid: {:#?}\n{text}", e.diagnostics());
    }
    text
}

fn endpoint<'m>(model: &'m Model, method: Method, path: &str) -> &'m Endpoint {
    model
        .flows
        .iter()
        .flat_map(|f| &f.endpoints)
        .find(|e| e.method == method && e.path == path)
        .unwrap_or_else(|| panic!("no endpoint {} {path}", method.as_str()))
}

/// The signals of an endpoint as one comparable list of names.
fn signals(e: &Endpoint) -> Vec<&'static str> {
    let flags = [
        ("object_id", e.has_object_id()),
        ("admin", e.admin),
        ("sensitive_flow", e.sensitive_flow),
        ("takes_url", e.takes_url),
        ("returns_list", e.returns_list),
        ("deprecated", e.deprecated),
        ("login", e.login),
        ("binds_properties", e.binds_properties),
    ];
    flags
        .iter()
        .filter(|(_, on)| *on)
        .map(|(name, _)| *name)
        .collect()
}

mod signals_30_yaml {
    use super::*;

    #[test]
    fn every_signal_is_detected_where_it_should_be() {
        let imported = import("signals-3.0.yaml");
        let m = &imported.model;
        canonical(m);
        use Method::*;
        let expected: &[(Method, &str, &[&str])] = &[
            (Get, "/users", &["returns_list"]),
            (Post, "/users", &["binds_properties"]),
            (Get, "/users/{userId}", &["object_id"]),
            // `id` is readOnly: not bound from the request.
            (Patch, "/users/{userId}", &["object_id"]),
            // A `limit` parameter bounds the list.
            (Get, "/pages", &[]),
            (Get, "/capped", &[]),
            (Get, "/feed", &["returns_list"]),
            (Get, "/search?accountId", &["object_id"]),
            (Delete, "/admin/users/{id}", &["object_id", "admin"]),
            (Get, "/reports", &["admin"]),
            (Put, "/settings", &["admin", "binds_properties"]),
            (Post, "/imports", &["takes_url"]),
            (Post, "/avatars", &["takes_url"]),
            (Post, "/subscriptions", &["takes_url"]),
            (Post, "/free", &["binds_properties"]),
            (Post, "/auth/login", &["login"]),
            (Post, "/password-reset", &["login"]),
            (Post, "/oauth/token", &["login"]),
            (Post, "/otp/verify-code", &["login"]),
            (Post, "/checkout", &["sensitive_flow"]),
            (Post, "/coupons/redeem", &["sensitive_flow"]),
            (Post, "/signup", &["sensitive_flow", "binds_properties"]),
            // Reading orders is no business flow.
            (Get, "/orders", &[]),
            (Get, "/v0/users", &["deprecated"]),
        ];
        for (method, path, want) in expected {
            assert_eq!(
                signals(endpoint(m, *method, path)),
                *want,
                "{} {path}",
                method.as_str()
            );
        }
    }

    #[test]
    fn authentication_per_operation() {
        let m = import("signals-3.0.yaml").model;
        let flow = &m.flows[0];
        assert_eq!(
            (flow.protocol, flow.encryption, flow.authentication),
            (Protocol::Https, Encryption::Tls, Authentication::Jwt)
        );
        let auth = |method, path| endpoint(&m, method, path).authentication.clone();
        use Authentication::*;
        assert_eq!(
            auth(Method::Get, "/users"),
            [],
            "inherits the global default"
        );
        assert_eq!(auth(Method::Post, "/auth/login"), [None], "`security: []`");
        assert_eq!(auth(Method::Put, "/settings"), [OAuth2]);
        assert_eq!(
            auth(Method::Get, "/v0/users"),
            [ApiKey],
            "header and query keys"
        );
        assert_eq!(
            auth(Method::Post, "/partner/sync"),
            [ClientCertificate],
            "basic AND mTLS: the strongest"
        );
        assert_eq!(
            auth(Method::Get, "/sso"),
            [None, ApiKey, Oidc],
            "cookie key, OIDC, or optional"
        );
    }

    #[test]
    fn summary_and_warnings() {
        let imported = import("signals-3.0.yaml");
        let s = &imported.summary;
        assert_eq!(s.operations, 27);
        assert_eq!(
            s.sensitive_flow_candidates,
            ["POST /checkout", "POST /coupons/redeem", "POST /signup"]
        );
        assert_eq!(s.public, 4);
        let warnings: Vec<String> = imported.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                "signals-3.0.yaml:257:11: warning: security requirement names `notDeclared`, which `components.securitySchemes` does not declare\n  hint: declare the scheme, or fix the name; the requirement is ignored"
            ]
        );
    }

    #[test]
    fn guessed_data_asks_for_confirmation() {
        let m = import("signals-3.0.yaml").model;
        let ids: Vec<&str> = m.data.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["credentials", "personal-data"]);
        assert!(m.data.iter().all(|d| {
            d.description
                .starts_with("Guessed from the OpenAPI schemas (")
        }));
        assert!(m.data[0].credentials && m.data[1].personal);
        assert_eq!(m.flows[0].data, ["credentials", "personal-data"]);
    }
}

mod signals_31_json {
    use super::*;

    #[test]
    fn reads_json_and_31_type_arrays() {
        let m = import("signals-3.1.json").model;
        canonical(&m);
        assert_eq!(
            (m.flows[0].protocol, m.flows[0].encryption),
            (Protocol::Http, Encryption::None)
        );
        assert_eq!(m.flows[0].authentication, Authentication::ApiKey);
        let transfer = endpoint(&m, Method::Post, "/accounts/{accountId}/transfers");
        assert_eq!(
            signals(transfer),
            [
                "object_id",
                "sensitive_flow",
                "takes_url",
                "binds_properties"
            ]
        );
        let list = endpoint(&m, Method::Get, "/accounts/{accountId}/transfers");
        assert_eq!(signals(list), ["object_id", "returns_list"]);
        assert_eq!(
            signals(endpoint(&m, Method::Get, "/statements")),
            Vec::<&str>::new(),
            "a cursor bounds the list"
        );
    }

    #[test]
    fn yaml_and_json_of_one_document_give_one_model() {
        let yaml = fixture("signals-3.0.yaml");
        let tree: serde_json::Value = serde_yaml_ng::from_str(&yaml).expect("fixture is YAML");
        let json = serde_json::to_string_pretty(&tree).expect("serialises");
        let from_yaml = import_openapi(&yaml, "api").expect("imports").model;
        let from_json = import_openapi(&json, "api").expect("imports").model;
        assert_eq!(from_yaml, from_json);
    }
}

mod servers {
    use super::*;

    #[test]
    fn servers_of_different_trust_get_their_own_process() {
        let m = import("servers-mixed.yaml").model;
        canonical(&m);
        let processes: Vec<(&str, bool, &[String])> = m
            .elements
            .iter()
            .filter_map(|e| match &e.kind {
                ElementKind::Process(p) => {
                    Some((e.id.as_str(), p.internet_facing, e.tags.as_slice()))
                }
                _ => None,
            })
            .collect();
        let non_production = ["non-production".to_string()];
        assert_eq!(
            processes,
            [
                ("orders-api-orders-example-com", true, &[][..]),
                ("orders-orders-internal", false, &[][..]),
                (
                    "orders-staging-orders-example-com",
                    true,
                    &non_production[..]
                ),
            ]
        );
        let internal = m
            .flows
            .iter()
            .find(|f| f.target == "orders-orders-internal")
            .expect("internal flow");
        assert_eq!(internal.source, "internal-clients");
        assert_eq!(internal.protocol, Protocol::Http);
        let paths: Vec<&str> = internal.endpoints.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["/internal/reindex", "/orders"]);
        for public in m.flows.iter().filter(|f| f.source == "api-clients") {
            assert_eq!(
                public.endpoints.len(),
                1,
                "operation-level servers keep /internal/reindex off {}",
                public.id
            );
        }
    }

    #[test]
    fn a_localhost_only_api_is_one_non_production_process() {
        let m = import("local-only.yaml").model;
        canonical(&m);
        let process = m
            .elements
            .iter()
            .find(|e| e.id == "dev-tool")
            .expect("process");
        assert_eq!(process.tags, ["non-production"]);
        assert_eq!(m.flows[0].source, "internal-clients");
    }
}

mod references {
    use super::*;

    #[test]
    fn cyclic_schemas_import() {
        let m = import("cyclic.yaml").model;
        canonical(&m);
        assert_eq!(
            signals(endpoint(&m, Method::Post, "/nodes")),
            ["takes_url"],
            "`href` found through the cycle"
        );
        assert_eq!(
            signals(endpoint(&m, Method::Get, "/nodes/{nodeId}")),
            ["object_id"]
        );
    }

    #[test]
    fn external_references_are_warned_about_not_fetched() {
        let imported = import("external-ref.yaml");
        let warnings: Vec<String> = imported
            .warnings
            .iter()
            .map(|w| format!("{}:{} {}", w.line, w.column, w.message))
            .collect();
        assert_eq!(
            warnings,
            [
                "1:1 no absolute server URL says how the API is reached: HTTPS with TLS is assumed",
                "1:1 the document declares no global `security`: operations without their own are modelled as unauthenticated",
                "11:32 external reference `schemas/pets.yaml#/Pets` is not followed",
                "16:30 external reference `https://schemas.example.com/pet.json` is not followed",
            ]
        );
        canonical(&imported.model);
    }

    #[test]
    fn dangling_references_are_located_errors() {
        let errors = errors("dangling-ref.yaml");
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "dangling-ref.yaml:12:24: error: `$ref` `#/components/schemas/Pets` points to nothing in this document\n  hint: define the target under `components`, or fix the spelling"
            ]
        );
    }
}

mod refused {
    use super::*;

    fn first(name: &str) -> String {
        errors(name)[0].to_string()
    }

    #[test]
    fn bad_yaml_is_located() {
        assert_eq!(
            first("bad.yaml"),
            "bad.yaml:8:5: error: invalid YAML: did not find expected ',' or ']', while parsing a flow sequence at line 7 column 10\n  hint: fix the YAML syntax at this place (indentation, a missing `:` or quote)"
        );
    }

    #[test]
    fn bad_json_is_located() {
        assert_eq!(
            first("bad.json"),
            "bad.json:5:23: error: invalid JSON: key must be a string\n  hint: fix the JSON syntax at this place"
        );
    }

    #[test]
    fn missing_paths() {
        assert!(
            first("missing-paths.yaml")
                .starts_with("missing-paths.yaml:1:1: error: the document has no `paths`")
        );
    }

    #[test]
    fn swagger_2_is_read_and_other_swagger_versions_are_refused() {
        // Swagger 2.0 is read since #14 (it was refused before).
        let imported = import("swagger2.json");
        assert_eq!(imported.summary.openapi, "Swagger 2.0");
        let text = r#"{"swagger": "1.2", "info": {"title": "x", "version": "1"}, "paths": {}}"#;
        let errors = import_openapi(text, "old.json").expect_err("1.2 is refused");
        assert_eq!(
            errors[0].to_string().lines().next().unwrap_or(""),
            "old.json:1:2: error: unsupported Swagger version \"1.2\""
        );
    }

    #[test]
    fn unknown_and_missing_versions() {
        assert!(
            first("unknown-version.yaml").starts_with(
                "unknown-version.yaml:1:1: error: unsupported OpenAPI version `4.0.0`"
            )
        );
        assert!(
            first("no-version.yaml")
                .starts_with("no-version.yaml:1:1: error: the document has no `openapi` version")
        );
    }

    #[test]
    fn empty_and_oversized_documents() {
        let empty = import_openapi("  \n", "e.yaml").expect_err("refused");
        assert!(empty[0].message.contains("empty"), "{}", empty[0]);
        let huge = " ".repeat(threatmap::import::openapi::MAX_DOCUMENT_BYTES + 1);
        let errors = import_openapi(&huge, "huge.yaml").expect_err("refused");
        assert!(
            errors[0].message.contains("the limit is 67108864"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn duplicate_path_keys_are_refused_with_both_places() {
        // Before: the second `/users` silently replaced the first, and
        // `GET /users` vanished from the import.
        let yaml = "openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths:\n  /users:\n    get:\n      responses: {'200': {description: ok}}\n  /users:\n    post:\n      responses: {'201': {description: ok}}\n";
        let errors = import_openapi(yaml, "dup.yaml").expect_err("refused");
        assert_eq!(
            errors[0].to_string(),
            "dup.yaml:7:3: error: `/users` is written again in `paths` (first at line 4, column 3); only one would be read\n  hint: merge the two entries into one, or rename one of them"
        );
        let json = "{\"openapi\": \"3.1.0\", \"paths\": {\n  \"/a\": {\"get\": {}, \"get\": {}}}}";
        let errors = import_openapi(json, "dup.json").expect_err("refused");
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].line, errors[0].column), (2, 21));
        assert!(
            errors[0]
                .message
                .contains("`get` is written again in `paths./a` (first at line 2, column 10)"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut doc = String::from(
            "openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths: {}\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n",
        );
        for i in 1..9 {
            let p = i - 1;
            doc.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"));
        }
        let errors = import_openapi(&doc, "bomb.yaml").expect_err("refused");
        assert!(
            errors[0].message.contains("repetition limit exceeded"),
            "{}",
            errors[0]
        );
    }
}

mod bookstore {
    use super::*;

    #[test]
    fn realistic_spec_snapshot() {
        let imported = import("bookstore.yaml");
        insta::assert_snapshot!("bookstore_model", canonical(&imported.model));
        insta::assert_snapshot!("bookstore_summary", imported.summary.to_string());
        assert!(imported.warnings.is_empty(), "{:#?}", imported.warnings);
    }

    #[test]
    fn output_is_deterministic() {
        let a = canonical(&import("bookstore.yaml").model);
        let b = canonical(&import("bookstore.yaml").model);
        assert_eq!(a, b);
    }
}

mod merge;

mod robustness {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
            let _ = import_openapi(&text, "fuzz.yaml");
        }

        #[test]
        fn truncated_documents_never_panic(cut in 0usize..12_000) {
            let text = fixture("bookstore.yaml");
            let end = (0..=cut.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
            let _ = import_openapi(&text[..end], "cut.yaml");
        }
    }
}
