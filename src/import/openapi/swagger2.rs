//! Swagger 2.0 read as the OpenAPI 3.0 document it stands for, so that one
//! reader serves both: `host`/`basePath`/`schemes` become `servers`,
//! `securityDefinitions` become security schemes, `definitions` schemas,
//! body and form parameters a request body, response `schema`s content.

use serde_json::{Map, Value, json};

use super::refs::Resolver;

const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

/// Keywords of a Swagger 2.0 non-body parameter that describe its value.
const SCHEMA_KEYWORDS: [&str; 17] = [
    "type",
    "format",
    "items",
    "collectionFormat",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "example",
];

/// The OpenAPI 3.0 form of a Swagger 2.0 document. References keep working:
/// `#/definitions/X` becomes `#/components/schemas/X`; shared parameters and
/// responses are written in place.
pub fn to_openapi3(swagger: &Value) -> Value {
    let resolver = Resolver::new(swagger);
    let global = |key: &str| -> Vec<String> {
        swagger
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect()
    };
    let consumes = global("consumes");
    let produces = global("produces");

    let mut out = Map::new();
    out.insert("openapi".into(), json!("3.0.0"));
    for key in ["info", "security", "tags", "externalDocs"] {
        if let Some(v) = swagger.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    out.insert("servers".into(), Value::Array(servers(swagger)));

    let mut components = Map::new();
    if let Some(definitions) = swagger.get("definitions") {
        components.insert("schemas".into(), rewrite_refs(definitions));
    }
    if let Some(schemes) = swagger
        .get("securityDefinitions")
        .and_then(Value::as_object)
    {
        let converted: Map<String, Value> = schemes
            .iter()
            .map(|(name, s)| (name.clone(), security_scheme(s)))
            .collect();
        components.insert("securitySchemes".into(), Value::Object(converted));
    }
    out.insert("components".into(), Value::Object(components));

    let mut paths = Map::new();
    for (path, item) in swagger
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let Some(item) = resolver.resolve(item).and_then(Value::as_object) else {
            continue;
        };
        let shared = parameters(resolver, item.get("parameters"));
        let mut converted = Map::new();
        for (key, value) in item {
            if key == "parameters" {
                continue;
            }
            let Some(op) = value
                .as_object()
                .filter(|_| METHODS.contains(&key.as_str()))
            else {
                converted.insert(key.clone(), rewrite_refs(value));
                continue;
            };
            let list = |k: &str, fallback: &[String]| -> Vec<String> {
                op.get(k)
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_else(|| fallback.to_vec())
            };
            let context = Media {
                consumes: list("consumes", &consumes),
                produces: list("produces", &produces),
            };
            let own = parameters(resolver, op.get("parameters"));
            converted.insert(
                key.clone(),
                operation(resolver, op, &shared, &own, &context),
            );
        }
        paths.insert(path.clone(), Value::Object(converted));
    }
    out.insert("paths".into(), Value::Object(paths));
    Value::Object(out)
}

struct Media {
    consumes: Vec<String>,
    produces: Vec<String>,
}

fn servers(swagger: &Value) -> Vec<Value> {
    let text = |k: &str| swagger.get(k).and_then(Value::as_str).unwrap_or("");
    let base = text("basePath");
    let host = text("host");
    if host.is_empty() {
        return if base.is_empty() {
            Vec::new()
        } else {
            vec![json!({"url": base})]
        };
    }
    let schemes: Vec<&str> = swagger
        .get("schemes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    // Without `schemes`, the document is served the way it was fetched:
    // nothing says how, so HTTPS is assumed and said to be.
    let schemes = if schemes.is_empty() {
        vec!["https"]
    } else {
        schemes
    };
    schemes
        .iter()
        .map(|s| json!({"url": format!("{s}://{host}{base}")}))
        .collect()
}

fn security_scheme(scheme: &Value) -> Value {
    let field = |k: &str| scheme.get(k).and_then(Value::as_str).unwrap_or("");
    match field("type") {
        "basic" => json!({"type": "http", "scheme": "basic"}),
        "apiKey" => json!({"type": "apiKey", "name": field("name"), "in": field("in")}),
        "oauth2" => json!({"type": "oauth2", "flows": {}}),
        _ => scheme.clone(),
    }
}

/// Parameters with `$ref`s to shared ones followed.
fn parameters<'a>(resolver: Resolver<'a>, list: Option<&'a Value>) -> Vec<&'a Value> {
    list.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|p| resolver.resolve(p))
        .collect()
}

fn place(p: &Value) -> (&str, &str) {
    let text = |k: &str| p.get(k).and_then(Value::as_str).unwrap_or("");
    (text("name"), text("in"))
}

fn operation(
    resolver: Resolver,
    op: &Map<String, Value>,
    shared: &[&Value],
    own: &[&Value],
    media: &Media,
) -> Value {
    let mut out = Map::new();
    for (key, value) in op {
        match key.as_str() {
            "parameters" | "responses" | "consumes" | "produces" | "schemes" => {}
            _ => {
                out.insert(key.clone(), rewrite_refs(value));
            }
        }
    }
    // The operation's own parameters win over the path item's.
    let own_places: Vec<(&str, &str)> = own.iter().map(|p| place(p)).collect();
    let all: Vec<&Value> = shared
        .iter()
        .filter(|p| !own_places.contains(&place(p)))
        .chain(own)
        .copied()
        .collect();

    let mut plain = Vec::new();
    let mut form = Map::new();
    let mut form_required = Vec::new();
    let mut body = None;
    for p in all {
        match place(p).1 {
            "body" => body = p.get("schema").map(rewrite_refs),
            "formData" => {
                let (name, _) = place(p);
                if p.get("required").and_then(Value::as_bool) == Some(true) {
                    form_required.push(json!(name));
                }
                form.insert(name.to_string(), value_schema(p));
            }
            _ => plain.push(plain_parameter(p)),
        }
    }
    if !plain.is_empty() {
        out.insert("parameters".into(), Value::Array(plain));
    }
    let consumes = if media.consumes.is_empty() {
        vec!["application/json".to_string()]
    } else {
        media.consumes.clone()
    };
    if let Some(schema) = body {
        let content: Map<String, Value> = consumes
            .iter()
            .map(|m| (m.clone(), json!({"schema": schema})))
            .collect();
        out.insert("requestBody".into(), json!({"content": content}));
    } else if !form.is_empty() {
        let multipart = consumes.iter().any(|m| m == "multipart/form-data")
            || form
                .values()
                .any(|s| s.get("format") == Some(&json!("binary")));
        let kind = if multipart {
            "multipart/form-data"
        } else {
            "application/x-www-form-urlencoded"
        };
        let schema = json!({"type": "object", "properties": form, "required": form_required});
        out.insert(
            "requestBody".into(),
            json!({"content": {kind: {"schema": schema}}}),
        );
    }
    let mut responses = Map::new();
    for (code, response) in op
        .get("responses")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let Some(response) = resolver.resolve(response) else {
            continue;
        };
        responses.insert(code.clone(), self::response(response, &media.produces));
    }
    out.insert("responses".into(), Value::Object(responses));
    Value::Object(out)
}

fn response(response: &Value, produces: &[String]) -> Value {
    let mut out = Map::new();
    out.insert(
        "description".into(),
        response.get("description").cloned().unwrap_or(json!("")),
    );
    if let Some(schema) = response.get("schema") {
        let schema = rewrite_refs(schema);
        let types = if produces.is_empty() {
            vec!["application/json".to_string()]
        } else {
            produces.to_vec()
        };
        let content: Map<String, Value> = types
            .iter()
            .map(|m| (m.clone(), json!({"schema": schema})))
            .collect();
        out.insert("content".into(), Value::Object(content));
    }
    if let Some(headers) = response.get("headers").and_then(Value::as_object) {
        let converted: Map<String, Value> = headers
            .iter()
            .map(|(name, h)| (name.clone(), json!({"schema": rewrite_refs(h)})))
            .collect();
        out.insert("headers".into(), Value::Object(converted));
    }
    Value::Object(out)
}

fn plain_parameter(p: &Value) -> Value {
    let mut out = Map::new();
    for key in ["name", "in", "description", "required", "deprecated"] {
        if let Some(v) = p.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    out.insert("schema".into(), value_schema(p));
    Value::Object(out)
}

/// The schema of a non-body parameter: its value keywords, with `type: file`
/// read as binary content.
fn value_schema(p: &Value) -> Value {
    let mut schema = Map::new();
    for key in SCHEMA_KEYWORDS {
        if let Some(v) = p.get(key) {
            schema.insert(key.into(), rewrite_refs(v));
        }
    }
    if schema.get("type") == Some(&json!("file")) {
        schema.insert("type".into(), json!("string"));
        schema.insert("format".into(), json!("binary"));
    }
    Value::Object(schema)
}

/// A copy of `value` with Swagger 2.0 schema references pointing where the
/// OpenAPI 3 form keeps them.
fn rewrite_refs(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = match (k.as_str(), v) {
                        ("$ref", Value::String(r)) => match r.strip_prefix("#/definitions/") {
                            Some(name) => json!(format!("#/components/schemas/{name}")),
                            None => v.clone(),
                        },
                        _ => rewrite_refs(v),
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(rewrite_refs).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_the_parts_the_importer_reads() {
        let swagger = json!({
            "swagger": "2.0",
            "info": {"title": "T", "version": "1"},
            "host": "api.example.com", "basePath": "/v1", "schemes": ["http", "https"],
            "securityDefinitions": {
                "basic": {"type": "basic"},
                "key": {"type": "apiKey", "in": "query", "name": "api_key"}
            },
            "definitions": {"User": {"type": "object", "properties": {"role": {"type": "string"}}}},
            "parameters": {"limit": {"name": "limit", "in": "query", "type": "integer"}},
            "paths": {"/users": {
                "post": {
                    "parameters": [{"name": "u", "in": "body", "schema": {"$ref": "#/definitions/User"}}],
                    "responses": {"200": {"description": "ok", "schema": {"type": "array", "items": {"$ref": "#/definitions/User"}}}}
                },
                "get": {
                    "parameters": [{"$ref": "#/parameters/limit"}],
                    "responses": {"429": {"description": "slow down"}}
                }
            }, "/upload": {"post": {"consumes": ["multipart/form-data"], "parameters": [
                {"name": "file", "in": "formData", "type": "file", "required": true}
            ], "responses": {}}}}
        });
        let doc = to_openapi3(&swagger);
        assert_eq!(
            doc["servers"],
            json!([{"url": "http://api.example.com/v1"}, {"url": "https://api.example.com/v1"}])
        );
        assert_eq!(
            doc["components"]["securitySchemes"]["basic"],
            json!({"type": "http", "scheme": "basic"})
        );
        let post = &doc["paths"]["/users"]["post"];
        assert_eq!(
            post["requestBody"]["content"]["application/json"]["schema"],
            json!({"$ref": "#/components/schemas/User"})
        );
        assert_eq!(
            post["responses"]["200"]["content"]["application/json"]["schema"]["items"],
            json!({"$ref": "#/components/schemas/User"})
        );
        assert_eq!(
            doc["paths"]["/users"]["get"]["parameters"][0],
            json!({"name": "limit", "in": "query", "schema": {"type": "integer"}})
        );
        assert_eq!(
            doc["paths"]["/upload"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
                ["properties"]["file"],
            json!({"type": "string", "format": "binary"})
        );
    }
}
