//! Each heuristic of the OpenAPI import with a small document that triggers
//! it and one that does not. The word lists are in
//! `src/import/openapi/vocabulary.rs`.

use serde_json::{Value, json};
use threatmap::import::import_openapi;
use threatmap::model::Endpoint;

/// The one operation of a document with `paths` holding `POST /op` (or
/// whatever `paths` says), imported.
fn only(doc: Value) -> Endpoint {
    let mut doc = doc;
    let root = doc.as_object_mut().expect("an object");
    root.entry("openapi").or_insert(json!("3.1.0"));
    root.entry("info")
        .or_insert(json!({"title": "t", "version": "1"}));
    root.entry("servers")
        .or_insert(json!([{"url": "https://api.example.com"}]));
    let text = doc.to_string();
    let imported = import_openapi(&text, "t.json").unwrap_or_else(|e| panic!("{e:?}"));
    let mut endpoints: Vec<Endpoint> = imported
        .model
        .flows
        .into_iter()
        .flat_map(|f| f.endpoints)
        .collect();
    assert_eq!(endpoints.len(), 1, "{text}");
    endpoints.remove(0)
}

fn body(schema: Value) -> Endpoint {
    only(json!({"paths": {"/op": {"post": {
        "requestBody": {"content": {"application/json": {"schema": schema}}},
        "responses": {"204": {"description": "ok"}}
    }}}}))
}

fn response(path: &str, schema: Value) -> Endpoint {
    only(json!({"paths": {path: {"post": {
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}
    }}}}))
}

fn object(properties: Value) -> Value {
    json!({"type": "object", "properties": properties})
}

#[test]
fn url_inputs_by_format_name_and_example_unless_held_to_a_pattern() {
    let url = |p: Value| body(object(json!({"x": p}))).url_inputs;
    assert_eq!(url(json!({"type": "string", "format": "uri"})), ["x"]);
    assert_eq!(
        url(json!({"type": "string", "example": "https://a.example"})),
        ["x"]
    );
    assert!(url(json!({"type": "string", "format": "uri", "pattern": "^https://a\\."})).is_empty());
    let named = |name: &str| {
        body(object(json!({name: {"type": "string", "maxLength": 9}})))
            .url_inputs
            .len()
    };
    assert_eq!(named("mechanic_api"), 1);
    assert_eq!(named("returnTo"), 1);
    assert_eq!(named("callbackUrl"), 1);
    assert_eq!(named("apiKey"), 0, "a key, not a URL");
    assert_eq!(named("webhookSecret"), 0);
    assert_eq!(named("hostCount"), 0);
}

#[test]
fn privileged_fields_unless_read_only_in_a_closed_body_or_on_an_admin_operation() {
    let role = json!({"type": "string", "enum": ["a", "b"]});
    assert_eq!(
        body(object(json!({"role": role}))).privileged_fields,
        ["role"]
    );
    let read_only = json!({"type": "string", "readOnly": true});
    assert_eq!(
        body(object(json!({"role": read_only}))).privileged_fields,
        ["role (readOnly, but unknown properties are accepted)"]
    );
    let closed =
        json!({"type": "object", "additionalProperties": false, "properties": {"role": read_only}});
    assert!(body(closed).privileged_fields.is_empty());
    // 3.1: `readOnly` beside the `$ref`, closed by `unevaluatedProperties`.
    let doc = json!({"paths": {"/op": {"post": {
        "requestBody": {"content": {"application/json": {"schema": {
            "type": "object", "unevaluatedProperties": false,
            "properties": {"role": {"$ref": "#/components/schemas/Role", "readOnly": true}}}}}},
        "responses": {"204": {"description": "ok"}}
    }}}, "components": {"schemas": {"Role": {"type": "string", "maxLength": 9}}}});
    let e = only(doc);
    assert!(!e.binds_properties, "{:?}", e.privileged_fields);
    let admin = only(json!({"paths": {"/admin/users": {"post": {
        "requestBody": {"content": {"application/json": {"schema": object(json!({"role": role}))}}},
        "responses": {"204": {"description": "ok"}}
    }}}}));
    assert!(admin.admin && admin.privileged_fields.is_empty());
    assert!(
        body(object(
            json!({"nickname": {"type": "string", "maxLength": 9}})
        ))
        .privileged_fields
        .is_empty()
    );
    assert!(
        body(json!({"type": "object"})).binds_properties,
        "free-form"
    );
}

#[test]
fn sensitive_response_fields_but_not_page_tokens_login_tokens_or_write_only() {
    let fields = |path: &str, p: Value| response(path, object(p)).sensitive_fields;
    assert_eq!(
        fields("/me", json!({"password": {"type": "string"}})),
        ["password"]
    );
    assert_eq!(
        fields("/me", json!({"reset_token": {"type": "string"}})),
        ["reset_token"]
    );
    assert!(
        fields(
            "/me",
            json!({"password": {"type": "string", "writeOnly": true}})
        )
        .is_empty()
    );
    assert!(fields("/items", json!({"nextPageToken": {"type": "string"}})).is_empty());
    assert!(fields("/login", json!({"accessToken": {"type": "string"}})).is_empty());
    assert!(fields("/me", json!({"email": {"type": "string"}})).is_empty());
}

#[test]
fn unbounded_inputs() {
    let unbounded = |p: Value| body(object(json!({"x": p}))).unbounded;
    assert_eq!(
        unbounded(json!({"type": "string"})),
        ["`x` without maxLength"]
    );
    assert!(unbounded(json!({"type": "string", "maxLength": 9})).is_empty());
    assert!(unbounded(json!({"type": "string", "enum": ["a"]})).is_empty());
    assert!(unbounded(json!({"type": "string", "format": "uuid"})).is_empty());
    assert_eq!(
        unbounded(json!({"type": "array"})),
        ["`x` without maxItems"]
    );
    assert_eq!(
        unbounded(json!({"type": "string", "format": "binary"})),
        ["upload `x` without a size limit"]
    );
    let number = |name: &str, p: Value| body(object(json!({name: p}))).unbounded;
    assert_eq!(
        number("number_of_repeats", json!({"type": "integer"})),
        ["`number_of_repeats` repeats work without a maximum"]
    );
    assert!(
        number(
            "number_of_repeats",
            json!({"type": "integer", "maximum": 3})
        )
        .is_empty()
    );
    assert_eq!(
        number("quantity", json!({"type": "integer"})),
        ["`quantity` without maximum"]
    );
    assert!(number("rating", json!({"type": "integer"})).is_empty());
    assert!(
        number("orderId", json!({"type": "string"})).is_empty(),
        "ids are not prose"
    );
}

#[test]
fn lists_are_bounded_by_max_items_or_a_capped_page_size() {
    let list = |parameters: Value, schema: Value| {
        only(json!({"paths": {"/items": {"get": {
            "parameters": parameters,
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}
        }}}}))
    };
    let array = json!({"type": "array", "items": {"type": "string"}});
    let limit = |schema: Value| json!([{"name": "limit", "in": "query", "schema": schema}]);
    assert!(list(json!([]), array.clone()).returns_list);
    assert!(list(limit(json!({"type": "integer"})), array.clone()).returns_list);
    assert!(
        !list(
            limit(json!({"type": "integer", "maximum": 50})),
            array.clone()
        )
        .returns_list
    );
    assert!(
        !list(
            json!([{"name": "page", "in": "query", "schema": {"type": "integer"}}]),
            array
        )
        .returns_list
    );
    assert!(!list(json!([]), json!({"type": "array", "maxItems": 9})).returns_list);
    let page = json!({"type": "object", "properties": {"posts": {"type": "array"}, "total": {"type": "integer"}}});
    assert!(list(json!([]), page).returns_list);
}

#[test]
fn declared_rate_limits() {
    let op = |responses: Value| {
        only(json!({"paths": {"/op": {"get": {"responses": responses}}}})).rate_limited
    };
    assert!(op(
        json!({"200": {"description": "ok"}, "429": {"description": "slow"}})
    ));
    assert!(op(
        json!({"200": {"description": "ok", "headers": {"X-RateLimit-Remaining": {"schema": {"type": "integer"}}}}})
    ));
    assert!(!op(
        json!({"200": {"description": "ok", "headers": {"X-Request-Id": {"schema": {"type": "string"}}}}})
    ));
}

#[test]
fn weak_credentials() {
    let weak = |scheme: Value, server: &str| {
        only(json!({
            "servers": [{"url": server}],
            "security": [{"s": []}],
            "components": {"securitySchemes": {"s": scheme}},
            "paths": {"/op": {"get": {"responses": {"200": {"description": "ok"}}}}}
        }))
        .weak_authentication
    };
    let https = "https://api.example.com";
    assert_eq!(
        weak(json!({"type": "http", "scheme": "basic"}), https),
        ["HTTP basic authentication"]
    );
    assert_eq!(
        weak(
            json!({"type": "apiKey", "in": "query", "name": "key"}),
            https
        ),
        ["API key in the query string (`key`)"]
    );
    assert!(
        weak(
            json!({"type": "apiKey", "in": "header", "name": "X-Key"}),
            https
        )
        .is_empty()
    );
    assert_eq!(
        weak(
            json!({"type": "http", "scheme": "bearer"}),
            "http://api.example.com"
        ),
        ["credentials sent over plain HTTP (`http://api.example.com`)"]
    );
}

#[test]
fn administrative_operations_by_path_scope_and_prose() {
    let admin = |path: &str, op: Value| {
        let mut op = op;
        op["responses"] = json!({"200": {"description": "ok"}});
        only(json!({"paths": {path: {"get": op}}})).admin
    };
    assert!(admin("/admin/stats", json!({})));
    assert!(admin("/moderation/queue", json!({})));
    assert!(admin(
        "/stats",
        json!({"description": "Only admins can call this."})
    ));
    assert!(admin("/stats", json!({"tags": ["Admin"]})));
    assert!(!admin(
        "/stats",
        json!({"description": "Statistics of the caller's shop."})
    ));
    assert!(!admin("/administrative-regions", json!({})));
}

#[test]
fn inventory_debug_xml_and_versions() {
    let get = |path: &str| {
        only(json!({"paths": {path: {"get": {"responses": {"200": {"description": "ok"}}}}}}))
    };
    assert!(get("/debug/env").hidden);
    assert!(get("/users/v1/_debug").hidden);
    assert!(!get("/contests").hidden);
    let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {
        "/v1/otp": {"post": {"responses": {"200": {"description": "ok"}}}},
        "/v2/otp": {"post": {"responses": {"200": {"description": "ok"}}}},
        "/v1/users": {"get": {"responses": {"200": {"description": "ok"}}}}
    }});
    let imported = import_openapi(&doc.to_string(), "t.json").expect("imports");
    let superseded: Vec<(String, Option<String>)> = imported.model.flows[0]
        .endpoints
        .iter()
        .map(|e| (e.path.clone(), e.superseded_by.clone()))
        .collect();
    assert_eq!(
        superseded,
        [
            ("/v1/otp".to_string(), Some("POST /v2/otp".to_string())),
            ("/v1/users".to_string(), None),
            ("/v2/otp".to_string(), None),
        ]
    );
    // Versioned servers serve every operation once per version; the older
    // is live and superseded. A single versioned server changes nothing.
    let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "servers": [{"url": "https://api.example.com/v1"}, {"url": "https://api.example.com/v2"}],
        "paths": {"/users/{id}": {"get": {"responses": {"200": {"description": "ok"}}}}}});
    let imported = import_openapi(&doc.to_string(), "t.json").expect("imports");
    let served: Vec<(String, Option<String>)> = imported
        .model
        .flows
        .iter()
        .flat_map(|f| &f.endpoints)
        .map(|e| (e.path.clone(), e.superseded_by.clone()))
        .collect();
    assert_eq!(
        served,
        [
            (
                "/v1/users/{id}".to_string(),
                Some("GET /v2/users/{id}".to_string())
            ),
            ("/v2/users/{id}".to_string(), None),
        ]
    );
    let one = only(json!({"servers": [{"url": "https://api.example.com/v2"}],
        "paths": {"/users": {"get": {"responses": {"200": {"description": "ok"}}}}}}));
    assert_eq!((one.path.as_str(), one.superseded_by), ("/users", None));
    let xml = only(json!({"paths": {"/op": {"post": {
        "requestBody": {"content": {"text/xml": {"schema": {"type": "string", "maxLength": 9}}}},
        "responses": {"204": {"description": "ok"}}
    }}}}));
    assert!(xml.takes_xml);
    assert!(!body(object(json!({}))).takes_xml);
}

#[test]
fn swagger_2_form_uploads_and_body_parameters() {
    let doc = json!({
        "swagger": "2.0", "info": {"title": "t", "version": "1"}, "host": "api.example.com",
        "paths": {
            "/upload": {"post": {"consumes": ["multipart/form-data"], "parameters": [
                {"name": "file", "in": "formData", "type": "file"}
            ], "responses": {"200": {"description": "ok"}}}},
            "/users": {"post": {"parameters": [
                {"name": "u", "in": "body", "schema": {"$ref": "#/definitions/U"}}
            ], "responses": {"200": {"description": "ok"}}}}
        },
        "definitions": {"U": {"type": "object", "properties": {"isAdmin": {"type": "boolean"}}}}
    });
    let imported = import_openapi(&doc.to_string(), "t.json").expect("imports");
    let e = &imported.model.flows[0].endpoints;
    assert_eq!(e[0].path, "/upload");
    assert_eq!(e[0].unbounded, ["upload `file` without a size limit"]);
    assert_eq!(e[1].privileged_fields, ["isAdmin"]);
}
