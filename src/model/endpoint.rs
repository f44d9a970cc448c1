//! Parsing and reading API endpoints written as `METHOD /path`.

use super::types::Method;

/// Splits `"GET /users/{id}"` into its method and path.
pub fn parse_endpoint(text: &str) -> Option<(Method, String)> {
    let mut parts = text.split_whitespace();
    let method = Method::parse(parts.next()?)?;
    let path = parts.next()?;
    if parts.next().is_some() || !is_valid_path(path) {
        return None;
    }
    Some((method, path.to_string()))
}

/// The target part of a finding id (what follows `@`) split into the flow
/// or element id and, for a finding on one operation, its `METHOD /path`:
/// `orders-api#GET /orders/{id}` → (`orders-api`, `Some("GET /orders/{id}")`).
/// Ids of elements and flows hold no `#`, so the first one splits.
pub fn split_target(target: &str) -> (&str, Option<&str>) {
    match target.split_once('#') {
        Some((id, endpoint)) => (id, Some(endpoint)),
        None => (target, None),
    }
}

/// A path starts with `/` and holds no whitespace or control characters.
pub fn is_valid_path(path: &str) -> bool {
    path.starts_with('/') && !path.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// True when a path segment or query parameter names one object by its id:
/// `/users/{id}`, `/orders/{orderId}/items`, `/files/:fileId`, `?account_id=`.
pub fn path_has_object_id(path: &str) -> bool {
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let segment_is_id = path.split('/').any(|segment| {
        let name = segment
            .strip_prefix('{')
            .and_then(|s| s.strip_suffix('}'))
            .or_else(|| segment.strip_prefix(':'));
        name.is_some_and(|n| !n.is_empty())
    });
    let query_is_id = query.split('&').any(|pair| {
        let key = pair.split('=').next().unwrap_or("");
        names_an_id(key)
    });
    segment_is_id || query_is_id
}

fn names_an_id(key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    lower == "id" || lower.ends_with("_id") || lower.ends_with("-id") || key.ends_with("Id")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_method_and_path() {
        assert_eq!(
            parse_endpoint("get /users/{id}"),
            Some((Method::Get, "/users/{id}".to_string()))
        );
        assert_eq!(parse_endpoint("FETCH /x"), None);
        assert_eq!(parse_endpoint("GET users"), None);
        assert_eq!(parse_endpoint("GET /a /b"), None);
    }

    #[test]
    fn splits_a_finding_target_at_the_first_hash() {
        assert_eq!(
            split_target("orders-api#GET /orders/{id}#x"),
            ("orders-api", Some("GET /orders/{id}#x"))
        );
        assert_eq!(split_target("orders-api"), ("orders-api", None));
    }

    #[test]
    fn recognises_object_ids() {
        assert!(path_has_object_id("/users/{id}"));
        assert!(path_has_object_id("/orders/:orderId/items"));
        assert!(path_has_object_id("/search?accountId=1"));
        assert!(path_has_object_id("/search?account_id"));
        assert!(!path_has_object_id("/users"));
        assert!(!path_has_object_id("/users?page=2"));
        assert!(!path_has_object_id("/{}"));
    }
}
