//! How long `import_openapi` takes on generated documents of 100, 1,000 and
//! 10,000 operations (five per resource, several MB at the top), in JSON and
//! in YAML; and on one of 300 operations and about 2 MB, the size of a large
//! real API description (issue #14: well under 0.5 s).
//!
//! Run with `cargo bench --bench import`; only the 300-operation case with
//! `cargo bench --bench import -- "/300 operations"`.

use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::{Value, json};

/// Resources per document (each has five operations), and how many times
/// the prose is repeated to reach a size.
const RESOURCES: [(usize, usize); 4] = [(20, 1), (60, 4), (200, 1), (2_000, 1)];

/// An OpenAPI 3.1 document with five operations per resource, shared and
/// per-resource schemas, `$ref`s everywhere and prose to bulk it up.
fn large_spec(resources: usize, repeats: usize) -> Value {
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

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("import_openapi");
    group.sample_size(10);
    for (resources, repeats) in RESOURCES {
        let spec = large_spec(resources, repeats);
        let json = serde_json::to_string_pretty(&spec).expect("serialises");
        let yaml = serde_yaml_ng::to_string(&spec).expect("serialises");
        for (format, text) in [("json", &json), ("yaml", &yaml)] {
            let imported = threatmap::import::import_openapi(text, "generated").expect("imports");
            let operations = imported.summary.operations;
            eprintln!(
                "{format}: {:.1} MB, {operations} operations, {} endpoints in the model",
                text.len() as f64 / 1e6,
                imported
                    .model
                    .flows
                    .iter()
                    .map(|f| f.endpoints.len())
                    .sum::<usize>()
            );
            group.bench_function(format!("{format}/{operations} operations"), |b| {
                b.iter(|| {
                    threatmap::import::import_openapi(std::hint::black_box(text), "generated")
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
