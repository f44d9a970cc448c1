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
    /// The `openapi` field as written, e.g. `3.1.0`; `Swagger 2.0` for a
    /// Swagger document.
    pub version: String,
    /// A Swagger 2.0 document, to be read through [`super::swagger2`].
    pub swagger: bool,
}

/// `OpenAPI 3.1.0` or `Swagger 2.0`, for people.
pub fn label(version: &str) -> String {
    if version.starts_with("Swagger") {
        version.to_string()
    } else {
        format!("OpenAPI {version}")
    }
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
    let (root, repeated) = if text.trim().is_empty() {
        return Err(one(
            (1, 1),
            "the document is empty".into(),
            "give an OpenAPI 3 document in YAML or JSON",
        ));
    } else if text.trim_start().starts_with('{') {
        super::duplicates::json(text).map_err(|e| {
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
        if let Some(offset) = too_deep_flow(text) {
            return Err(one(
                Locator::new(text).position(offset),
                format!("`[` and `{{` nested more than {MAX_FLOW_NESTING} levels deep"),
                "no API description nests this deep; check that this is the file you meant",
            ));
        }
        super::duplicates::yaml(text).map_err(|e| {
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
    if !repeated.is_empty() {
        return Err(super::duplicates::diagnostics(&repeated, text, file));
    }
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
    let mut warnings = Vec::new();
    let swagger = top.contains_key("swagger");
    let version = match top.get("swagger") {
        Some(Value::String(v)) if v.trim() == "2.0" => "Swagger 2.0".to_string(),
        Some(other) => {
            return Err(error(
                &["swagger"],
                &format!("unsupported Swagger version {other}"),
                "threatmap reads Swagger 2.0 and OpenAPI 3.0 and 3.1 documents",
            ));
        }
        None => match top.get("openapi") {
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
        },
    };
    if swagger {
        // Read through its OpenAPI 3.0 form.
    } else if version.starts_with("3.2") {
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
    Ok((
        Document {
            root,
            version,
            swagger,
        },
        warnings,
    ))
}

/// Deepest nesting of YAML flow collections read (JSON's parser stops at
/// the same depth).
const MAX_FLOW_NESTING: usize = 128;

/// The byte offset of the first `[` or `{` nested deeper than
/// [`MAX_FLOW_NESTING`], outside quotes and comments. The YAML parser's time
/// grows with the square of this nesting, so it is measured first, in one
/// pass. Brackets inside plain text count too: a false alarm needs more than
/// a hundred unclosed brackets.
fn too_deep_flow(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let starts_token = i == 0
            || matches!(
                bytes[i - 1],
                b' ' | b'\t' | b'\n' | b'\r' | b'[' | b'{' | b',' | b':'
            );
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_FLOW_NESTING {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'#' if starts_token => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' if starts_token => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'\'' if starts_token => {
                i += 1;
                // `''` inside is an escaped quote: leaving and entering again
                // gives the same result.
                while i < bytes.len() && bytes[i] != b'\'' {
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The parsers write the error's own place into the message; the diagnostic
/// carries it already. Other places (what was being parsed) stay.
pub(crate) fn strip_position(message: &str, line: usize, column: usize) -> String {
    message.replacen(&format!(" at line {line} column {column}"), "", 1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn deep_yaml_flow_nesting_is_refused_before_parsing() {
        let deep = format!(
            "openapi: 3.1.0\npaths: {}{}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let err = super::parse(&deep, "deep.yaml").unwrap_err();
        assert!(
            err[0].message.contains("nested more than 128 levels"),
            "{:?}",
            err[0]
        );
        assert_eq!(err[0].line, 2);
        // Brackets in quotes and comments are text; shallow nesting parses.
        let quoted = format!(
            "openapi: 3.1.0\ninfo: {{title: '{}', version: \"{}\"}} # {}\npaths: {{}}\nx-deep: {}{}\n",
            "[".repeat(500),
            "{".repeat(500),
            "[".repeat(500),
            "[".repeat(100),
            "]".repeat(100)
        );
        let (doc, _) = super::parse(&quoted, "ok.yaml").expect("parses");
        assert!(doc.root.get("x-deep").is_some());
    }
}
