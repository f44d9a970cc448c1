//! The checks on hand-written threats, reported through the validator.

use std::collections::HashSet;

use super::threat::STRIDE_LETTERS;
use super::types::{Method, Model};
use super::validate::is_valid_id;

/// Calls `report(section, index, key, message, hint)` for every problem in
/// the model's `threats`.
pub fn check(model: &Model, mut report: impl FnMut(&str, usize, &str, String, &str)) {
    let mut seen = HashSet::new();
    for (i, t) in model.threats.iter().enumerate() {
        if !is_valid_id(&t.id) {
            report(
                "threats",
                i,
                "id",
                format!("invalid threat id {:?}", t.id),
                "ids use letters, digits, `-`, `_`, `.` or `:` and start with a letter or digit",
            );
        } else if !seen.insert(t.id.as_str()) {
            report(
                "threats",
                i,
                "id",
                format!("duplicate threat id `{}`", t.id),
                "threat ids are unique among threats",
            );
        }
        if t.title.trim().is_empty() {
            report(
                "threats",
                i,
                "title",
                format!("threat `{}` has an empty title", t.id),
                "say in a few words what could go wrong",
            );
        }
        let flow = model.flows.iter().find(|f| f.id == t.target);
        if flow.is_none() && !model.elements.iter().any(|e| e.id == t.target) {
            let known: Vec<&str> = model
                .elements
                .iter()
                .map(|e| e.id.as_str())
                .chain(model.flows.iter().map(|f| f.id.as_str()))
                .collect();
            let hint = match crate::diagnostic::closest(&t.target, known.iter().copied()) {
                Some(c) => format!("did you mean `{c}`?"),
                None => "a threat's target is the id of an element or a flow".to_string(),
            };
            report(
                "threats",
                i,
                "target",
                format!("threat `{}` is on unknown target `{}`", t.id, t.target),
                &hint,
            );
        }
        if let Some(endpoint) = &t.endpoint {
            let carried = |f: &super::types::Flow| {
                parse_endpoint(endpoint)
                    .is_some_and(|(m, p)| f.endpoints.iter().any(|e| e.method == m && e.path == p))
            };
            match flow {
                Some(f) if !carried(f) => report(
                    "threats",
                    i,
                    "endpoint",
                    format!(
                        "threat `{}` names endpoint `{endpoint}`, which flow `{}` does not carry",
                        t.id, t.target
                    ),
                    "write `METHOD /path` exactly as it is listed in the flow's endpoints",
                ),
                None if model.elements.iter().any(|e| e.id == t.target) => report(
                    "threats",
                    i,
                    "endpoint",
                    format!(
                        "threat `{}` names an endpoint but its target `{}` is an element",
                        t.id, t.target
                    ),
                    "endpoints belong to flows: target the flow that carries it",
                ),
                _ => {}
            }
        }
        if let Some(bad) = t.stride.chars().find(|c| !STRIDE_LETTERS.contains(*c)) {
            report(
                "threats",
                i,
                "stride",
                format!("threat `{}` has {bad:?} among its STRIDE letters", t.id),
                "use the capital letters S, T, R, I, D and E",
            );
        }
        if let Some(bad) = t.owasp.iter().find(|o| !is_owasp_id(o)) {
            report(
                "threats",
                i,
                "owasp",
                format!(
                    "threat `{}` has `{bad}`, which is not an OWASP API id",
                    t.id
                ),
                "write OWASP API Security Top 10 ids as `API1:2023` … `API10:2023`",
            );
        }
    }
}

/// `"GET /users/{id}"` → (Get, "/users/{id}").
pub fn parse_endpoint(text: &str) -> Option<(Method, &str)> {
    let (method, path) = text.trim().split_once(' ')?;
    Some((Method::parse(method)?, path.trim()))
}

/// `API<n>:<year>`.
fn is_owasp_id(id: &str) -> bool {
    let Some(rest) = id.strip_prefix("API") else {
        return false;
    };
    let Some((n, year)) = rest.split_once(':') else {
        return false;
    };
    !n.is_empty()
        && n.chars().all(|c| c.is_ascii_digit())
        && year.len() == 4
        && year.chars().all(|c| c.is_ascii_digit())
}
