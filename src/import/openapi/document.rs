//! Reading an OpenAPI document: size limit, JSON or YAML, and the checks that
//! decide whether it can be imported at all.

use serde_json::Value;

use super::locate::Locator;
use crate::diagnostic::Diagnostic;

/// Documents larger than this are refused before parsing.
pub const MAX_DOCUMENT_BYTES: usize = 64 * 1024 * 1024;

/// A parsed document that claims a supported OpenAPI version and has `paths`.
#[derive(Debug)]
pub struct Document {
    pub root: Value,
    /// The `openapi` field as written, e.g. `3.1.0`.
    pub version: String,
}

/// Parses `text` as JSON when it starts with `{`, as YAML otherwise.
pub fn parse(text: &str, file: &str) -> Result<(Document, Vec<Diagnostic>), Vec<Diagnostic>> {
    let one = |at, message: String, hint: &str| {
        vec![Diagnostic::error(file, at, message).with_hint(hint.to_string())]
    };
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(one(
            (1, 1),
            format!(
                "the document is {} bytes; the limit is {MAX_DOCUMENT_BYTES}",
                text.len()
            ),
            "split the API description, or check that this is the file you meant",
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root = if text.trim().is_empty() {
        return Err(one(
            (1, 1),
            "the document is empty".into(),
            "give an OpenAPI 3 document in YAML or JSON",
        ));
    } else if text.trim_start().starts_with('{') {
        serde_json::from_str::<Value>(text).map_err(|e| {
            one(
                (e.line().max(1), e.column().max(1)),
                format!(
                    "invalid JSON: {}",
                    strip_position(&e.to_string(), e.line(), e.column())
                ),
                "fix the JSON syntax at this place",
            )
        })?
    } else {
        serde_yaml_ng::from_str::<Value>(text).map_err(|e| {
            let at = e
                .location()
                .map_or((1, 1), |l| (l.line().max(1), l.column().max(1)));
            one(
                at,
                format!(
                    "invalid YAML: {}",
                    strip_position(&e.to_string(), at.0, at.1)
                ),
                "fix the YAML syntax at this place (indentation, a missing `:` or quote)",
            )
        })?
    };
    check(root, text, file)
}

fn check(
    root: Value,
    text: &str,
    file: &str,
) -> Result<(Document, Vec<Diagnostic>), Vec<Diagnostic>> {
    let at = Locator::new(text);
    let error = |path: &[&str], message: &str, hint: &str| {
        vec![Diagnostic::error(file, at.key_path(path), message).with_hint(hint)]
    };
    let Some(top) = root.as_object() else {
        return Err(error(
            &[],
            "the document is not a mapping of OpenAPI fields",
            "an OpenAPI document starts with `openapi: 3.x.y`, `info` and `paths`",
        ));
    };
    if top.contains_key("swagger") {
        return Err(error(
            &["swagger"],
            "Swagger 2.0 is not supported; convert to OpenAPI 3 (e.g. with swagger2openapi)",
            "`npx swagger2openapi in.yaml -o out.yaml` writes an OpenAPI 3.0 document",
        ));
    }
    let mut warnings = Vec::new();
    let version = match top.get("openapi") {
        None => {
            return Err(error(
                &[],
                "the document has no `openapi` version",
                "start it with `openapi: 3.1.0` (or the 3.0.x version it follows)",
            ));
        }
        Some(Value::String(v)) => v.trim().to_string(),
        Some(other) => {
            return Err(error(
                &["openapi"],
                &format!("`openapi` must be a version string, not {other}"),
                "write it quoted, e.g. `openapi: \"3.1.0\"`",
            ));
        }
    };
    if version.starts_with("3.2") {
        warnings.push(Diagnostic::warning(
            file,
            at.key_path(&["openapi"]),
            format!("OpenAPI {version} is read as 3.1; features new in 3.2 are ignored"),
        ));
    } else if !(version.starts_with("3.0") || version.starts_with("3.1")) {
        return Err(error(
            &["openapi"],
            &format!("unsupported OpenAPI version `{version}`"),
            "threatmap reads OpenAPI 3.0 and 3.1 documents",
        ));
    }
    match top.get("paths") {
        None => {
            return Err(error(
                &[],
                "the document has no `paths`",
                "add the API's operations under `paths:`; there is nothing to import without them",
            ));
        }
        Some(Value::Object(paths)) if paths.is_empty() => warnings.push(Diagnostic::warning(
            file,
            at.key_path(&["paths"]),
            "`paths` is empty: the model gets no endpoints",
        )),
        Some(Value::Object(_)) => {}
        Some(_) => {
            return Err(error(
                &["paths"],
                "`paths` must be a mapping of paths to operations",
                "e.g. `paths: {\"/users\": {get: …}}`",
            ));
        }
    }
    Ok((Document { root, version }, warnings))
}

/// The parsers write the error's own place into the message; the diagnostic
/// carries it already. Other places (what was being parsed) stay.
fn strip_position(message: &str, line: usize, column: usize) -> String {
    message.replacen(&format!(" at line {line} column {column}"), "", 1)
}
