//! Every operation of `paths` as an `Endpoint`, with the signals the threat
//! rules read, guessed from names, schemas and security.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::locate::Locator;
use super::refs::Resolver;
use super::security::{self, Accepted, Schemes};
use super::servers::{self, Server};
use super::signals::{self, name_of};
use super::vocabulary as v;
use super::words::{names_any, words};
use crate::diagnostic::Diagnostic;
use crate::model::endpoint::{is_valid_path, path_has_object_id};
use crate::model::{Authentication, Endpoint, Method};

/// Longest summary copied into the model; the document stays the reference.
const MAX_SUMMARY_CHARS: usize = 200;

const METHODS: [(&str, Method); 8] = [
    ("get", Method::Get),
    ("put", Method::Put),
    ("post", Method::Post),
    ("delete", Method::Delete),
    ("options", Method::Options),
    ("head", Method::Head),
    ("patch", Method::Patch),
    ("trace", Method::Trace),
];

/// One operation, and the servers it runs on when they differ from the document's.
#[derive(Debug, Clone)]
pub struct Operation {
    pub endpoint: Endpoint,
    /// `None`: the document-level servers.
    pub servers: Option<Vec<Server>>,
}

/// Shared, read-only facts of the document while reading operations.
pub struct Reader<'a> {
    pub resolver: Resolver<'a>,
    pub schemes: &'a Schemes,
    pub global: &'a Accepted,
    pub at: &'a Locator<'a>,
    pub file: &'a str,
    /// The document's own servers, for operations that name none.
    pub root_servers: &'a [Server],
}

impl<'a> Reader<'a> {
    pub fn read_all(
        &self,
        paths: &'a Map<String, Value>,
        warnings: &mut Vec<Diagnostic>,
    ) -> Vec<Operation> {
        let mut reported = BTreeSet::new();
        let mut out = Vec::new();
        for (path, item) in paths {
            if path.starts_with("x-") {
                continue;
            }
            let Some(item) = self.resolver.resolve(item).and_then(Value::as_object) else {
                continue;
            };
            if !is_valid_path(path) {
                warnings.push(
                    Diagnostic::warning(
                        self.file,
                        self.at.key_path(&["paths", path]),
                        format!(
                            "path `{path}` is skipped: it must start with `/` and hold no spaces"
                        ),
                    )
                    .with_hint("fix the path in the document, or add the endpoint by hand"),
                );
                continue;
            }
            let item_servers = non_empty_servers(item.get("servers"));
            for (key, method) in METHODS {
                let Some(op) = item.get(key).and_then(Value::as_object) else {
                    continue;
                };
                let servers = non_empty_servers(op.get("servers")).or_else(|| item_servers.clone());
                let served_on = servers.as_deref().unwrap_or(self.root_servers);
                let endpoint = self.endpoint(
                    (path, key, method),
                    item,
                    op,
                    served_on,
                    &mut reported,
                    warnings,
                );
                out.push(Operation { endpoint, servers });
            }
        }
        out
    }

    fn endpoint(
        &self,
        (path, key, method): (&str, &str, Method),
        item: &'a Map<String, Value>,
        op: &'a Map<String, Value>,
        served_on: &[Server],
        reported: &mut BTreeSet<String>,
        warnings: &mut Vec<Diagnostic>,
    ) -> Endpoint {
        let parameters = self.parameters(item, op);
        let text = |k: &str| {
            op.get(k)
                .and_then(Value::as_str)
                .map(str::trim)
                .unwrap_or("")
        };
        let operation_id = Some(text("operationId"))
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        let tags: Vec<String> = op
            .get("tags")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect();

        let (own_security, accepted) = match op.get("security") {
            Some(requirements) => {
                let at = ["paths", path, key, "security"];
                let accepted = security::accepted(
                    requirements,
                    self.schemes,
                    &at,
                    self.at,
                    self.file,
                    reported,
                    warnings,
                );
                (true, accepted)
            }
            None => (false, self.global.clone()),
        };
        let authentication = match op.get("security") {
            Some(Value::Array(list)) if list.is_empty() => vec![Authentication::None],
            _ if own_security && accepted.alternatives != self.global.alternatives => {
                accepted.alternatives.iter().copied().collect()
            }
            _ => Vec::new(),
        };

        let path_words = words(path);
        let id_words = operation_id.as_deref().map(words).unwrap_or_default();
        let name_words: Vec<String> = path_words.iter().chain(&id_words).cloned().collect();
        let prose = format!("{} {}", text("summary"), text("description")).to_lowercase();
        let admin = names_any(&path_words, v::ADMIN_PATH)
            || names_any(&id_words, v::ADMIN_NAME)
            || tags.iter().any(|t| names_any(&words(t), v::ADMIN_NAME))
            || accepted
                .scopes
                .iter()
                .any(|s| names_any(&words(s), v::ADMIN_NAME))
            || v::ADMIN_PROSE.iter().any(|phrase| prose.contains(phrase));
        let mut login_words = v::LOGIN.to_vec();
        if method == Method::Post {
            // Creating a session is how many APIs spell "log in".
            login_words.push("session");
        }
        let login = names_any(&name_words, &login_words);
        let changes_state = matches!(method, Method::Post | Method::Put | Method::Patch);
        let extension = |k: &str| op.get(k).and_then(Value::as_bool).unwrap_or(false);
        let hidden =
            names_any(&name_words, v::HIDDEN) || extension("x-internal") || extension("x-hidden");

        let found = signals::read(
            self.resolver,
            &signals::Operation {
                op,
                parameters: &parameters,
                login,
                admin,
            },
        );
        let summary: String = text("summary").chars().take(MAX_SUMMARY_CHARS).collect();
        Endpoint {
            path: with_query_ids(path, &parameters),
            operation_id,
            summary,
            tags,
            weak_authentication: weak_authentication(&accepted, served_on),
            authentication,
            admin,
            sensitive_flow: changes_state && is_business_flow(&name_words),
            takes_url: !found.url_inputs.is_empty(),
            url_inputs: found.url_inputs,
            returns_list: found.returns_list,
            deprecated: op
                .get("deprecated")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            login,
            binds_properties: !found.privileged.is_empty(),
            privileged_fields: found.privileged,
            sensitive_fields: found.sensitive,
            described: true,
            unbounded: found.unbounded,
            rate_limited: found.rate_limited,
            superseded_by: None,
            hidden,
            takes_xml: found.takes_xml,
            ..Endpoint::new(method, path)
        }
    }

    /// Path-item parameters overridden by the operation's own (same name and place).
    fn parameters(
        &self,
        item: &'a Map<String, Value>,
        op: &'a Map<String, Value>,
    ) -> Vec<&'a Value> {
        let resolved = |list: Option<&'a Value>| -> Vec<&'a Value> {
            list.and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|p| self.resolver.resolve(p))
                .collect()
        };
        let own = resolved(op.get("parameters"));
        let key = |p: &Value| {
            (
                name_of(p).to_string(),
                p.get("in")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
            )
        };
        let own_keys: BTreeSet<_> = own.iter().map(|p| key(p)).collect();
        let mut all: Vec<&Value> = resolved(item.get("parameters"))
            .into_iter()
            .filter(|p| !own_keys.contains(&key(p)))
            .collect();
        all.extend(own);
        all
    }
}

fn non_empty_servers(list: Option<&Value>) -> Option<Vec<Server>> {
    let servers = servers::read_list(list);
    (!servers.is_empty()).then_some(servers)
}

/// Names of a business flow that hurts when automated (API6). "Register" only
/// counts when no technical object is registered (`registerWebhook` is set-up).
fn is_business_flow(name_words: &[String]) -> bool {
    let others: Vec<&str> = v::SENSITIVE_FLOW
        .iter()
        .copied()
        .filter(|w| !v::REGISTER.contains(w))
        .collect();
    names_any(name_words, &others)
        || (names_any(name_words, v::REGISTER) && !names_any(name_words, v::TECHNICAL_OBJECTS))
}

/// The weak ways an operation accepts credentials, in words.
fn weak_authentication(accepted: &Accepted, served_on: &[Server]) -> Vec<String> {
    let mut out = Vec::new();
    if accepted.alternatives.contains(&Authentication::Basic) {
        out.push("HTTP basic authentication".to_string());
    }
    for parameter in &accepted.query_keys {
        out.push(format!("API key in the query string (`{parameter}`)"));
    }
    let authenticated = accepted
        .alternatives
        .iter()
        .any(|a| *a != Authentication::None);
    let plain = served_on.iter().find(|s| s.scheme == "http");
    if let Some(plain) = plain.filter(|_| authenticated) {
        out.push(format!(
            "credentials sent over plain HTTP (`{}`)",
            plain.url
        ));
    }
    out
}

/// `/search` with query parameter `accountId` becomes `/search?accountId`, so
/// the model's object-id detector sees ids passed in the query too.
fn with_query_ids(path: &str, parameters: &[&Value]) -> String {
    let ids: Vec<&str> = parameters
        .iter()
        .filter(|p| p.get("in").and_then(Value::as_str) == Some("query"))
        .map(|p| name_of(p))
        .filter(|name| {
            !name.is_empty()
                && !name
                    .chars()
                    .any(|c| c.is_whitespace() || c.is_control() || c == '&')
        })
        .filter(|name| path_has_object_id(&format!("/?{name}")))
        .collect();
    if ids.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", ids.join("&"))
    }
}
