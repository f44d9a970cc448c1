//! A generated OpenAPI document for the benchmarks: the import benchmark
//! reads it, the workbench benchmark opens what it imports to.

use serde_json::{Value, json};

/// An OpenAPI 3.1 document with five operations per resource, shared and
/// per-resource schemas, `$ref`s everywhere and prose to bulk it up.
pub fn large_spec(resources: usize, repeats: usize) -> Value {
    let prose = "This operation is part of the generated benchmark API. It exists to give the importer \
                 realistic amounts of text to skip over, as real documents carry long descriptions, \
                 examples and notes for client developers. "
        .repeat(repeats);
    let prose = prose.as_str();
    let mut paths = serde_json::Map::new();
    let mut schemas = serde_json::Map::new();
    schemas.insert(
        "Address".into(),
        json!({"type": "object", "properties": {"street": {"type": "string"}, "city": {"type": "string"}, "postcode": {"type": "string"}}}),
    );
    schemas.insert(
        "Money".into(),
        json!({"type": "object", "properties": {"amount": {"type": "number"}, "currency": {"type": "string"}}}),
    );
    for i in 0..resources {
        let name = format!("Resource{i}");
        let id = format!("resource{i}Id");
        let mut properties = serde_json::Map::new();
        for p in 0..20 {
            properties.insert(
                format!("field{p}"),
                json!({"type": "string", "description": prose, "maxLength": 200}),
            );
        }
        properties.insert(
            "owner".into(),
            json!({"$ref": "#/components/schemas/Address"}),
        );
        properties.insert(
            "price".into(),
            json!({"$ref": "#/components/schemas/Money"}),
        );
        properties.insert(
            "callbackUrl".into(),
            json!({"type": "string", "format": "uri"}),
        );
        properties.insert(
            "parent".into(),
            json!({"$ref": format!("#/components/schemas/{name}")}),
        );
        schemas.insert(
            name.clone(),
            json!({"type": "object", "properties": properties}),
        );
        let one = json!({"$ref": format!("#/components/schemas/{name}")});
        let body = json!({"content": {"application/json": {"schema": one}}});
        let ok = |schema: &Value| json!({"description": prose, "content": {"application/json": {"schema": schema, "example": {"field0": "x"}}}});
        let id_param =
            json!({"name": id, "in": "path", "required": true, "schema": {"type": "string"}});
        paths.insert(
            format!("/resources{i}"),
            json!({
                "get": {"operationId": format!("list{name}"), "description": prose, "tags": [format!("group{}", i % 10)],
                        "parameters": [{"name": "accountId", "in": "query", "schema": {"type": "string"}}],
                        "responses": {"200": ok(&json!({"type": "array", "items": one}))}},
                "post": {"operationId": format!("create{name}"), "description": prose, "requestBody": body,
                         "responses": {"201": ok(&one)}},
            }),
        );
        paths.insert(
            format!("/resources{i}/{{{id}}}"),
            json!({
                "parameters": [id_param],
                "get": {"operationId": format!("get{name}"), "description": prose, "responses": {"200": ok(&one)}},
                "put": {"operationId": format!("replace{name}"), "description": prose, "requestBody": body, "responses": {"200": ok(&one)}},
                "delete": {"operationId": format!("delete{name}"), "description": prose, "deprecated": i % 7 == 0,
                           "security": [], "responses": {"204": {"description": "gone"}}},
            }),
        );
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Generated API", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com"}, {"url": "https://staging.example.com"}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {"schemas": schemas, "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
    })
}
