//! Every operation of `paths` as an `Endpoint`, with the signals the threat
//! rules read, guessed from names, schemas and security.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::locate::Locator;
use super::refs::Resolver;
use super::schema::{self, Listing};
use super::security::{self, Accepted, Schemes};
use super::servers::{self, Server};
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

const ADMIN_PATH: &[&str] = &[
    "admin",
    "administrator",
    "internal",
    "manage",
    "management",
    "backoffice",
    "superuser",
];
const LOGIN: &[&str] = &[
    "login",
    "logon",
    "signin",
    "authenticate",
    "token",
    "otp",
    "totp",
    "mfa",
    "2fa",
    "password",
    "passwd",
    "verifycode",
    "magiclink",
    "oauth",
];
const SENSITIVE_FLOW: &[&str] = &[
    "checkout",
    "order",
    "payment",
    "pay",
    "coupon",
    "voucher",
    "transfer",
    "purchase",
    "booking",
    "reserve",
    "reservation",
    "signup",
    "register",
    "registration",
    "vote",
    "review",
    "redeem",
];
/// Registering these is configuration, not a sign-up.
const TECHNICAL_OBJECTS: &[&str] = &[
    "webhook",
    "hook",
    "callback",
    "device",
    "client",
    "application",
    "app",
    "key",
    "url",
];
const URL_NAMES: &[&str] = &[
    "url", "uri", "callback", "webhook", "redirect", "link", "href", "imageurl", "returnto",
];
const URL_FORMATS: &[&str] = &[
    "uri",
    "url",
    "uri-reference",
    "iri",
    "iri-reference",
    "uri-template",
];
const PAGINATION: &[&str] = &[
    "limit",
    "page",
    "pagesize",
    "perpage",
    "cursor",
    "size",
    "top",
    "first",
    "last",
    "maxresult",
    "take",
    "pagetoken",
];
const BOUND_PROPERTIES: &[&str] = &[
    "role",
    "isadmin",
    "admin",
    "balance",
    "credit",
    "status",
    "permission",
    "verified",
    "isverified",
    "emailverified",
    "owner",
    "ownerid",
    "accountbalance",
    "privilege",
    "scope",
    "tier",
    "plan",
];

/// One operation, and the servers it runs on when they differ from the document's.
#[derive(Debug)]
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
                let endpoint = self.endpoint(path, key, method, item, op, &mut reported, warnings);
                let servers = non_empty_servers(op.get("servers")).or_else(|| item_servers.clone());
                out.push(Operation { endpoint, servers });
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn endpoint(
        &self,
        path: &str,
        key: &str,
        method: Method,
        item: &'a Map<String, Value>,
        op: &'a Map<String, Value>,
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
        let admin = names_any(&path_words, ADMIN_PATH)
            || names_any(&id_words, &["admin"])
            || tags
                .iter()
                .any(|t| names_any(&words(t), &["admin", "administrator"]))
            || accepted
                .scopes
                .iter()
                .any(|s| names_any(&words(s), &["admin"]));
        let mut login_words = LOGIN.to_vec();
        if method == Method::Post {
            // Creating a session is how many APIs spell "log in".
            login_words.push("session");
        }
        let changes_state = matches!(method, Method::Post | Method::Put | Method::Patch);

        let body = self.body_schemas(op);
        let mut takes_url = op
            .get("callbacks")
            .is_some_and(|c| c.as_object().is_some_and(|m| !m.is_empty()))
            || parameters
                .iter()
                .any(|p| carries_url(name_of(p), p.get("schema").unwrap_or(&Value::Null)));
        let mut binds_properties = false;
        for schema in &body {
            binds_properties |= schema::is_free_form(self.resolver, schema);
            schema::for_each_property(self.resolver, schema, &mut |name, property| {
                takes_url |= carries_url(name, property);
                let read_only = property
                    .get("readOnly")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                binds_properties |= !read_only && names_any(&words(name), BOUND_PROPERTIES);
            });
        }
        let paginated = parameters
            .iter()
            .any(|p| names_any(&words(name_of(p)), PAGINATION));
        let returns_list = !paginated && self.listing(op) == Listing::Unbounded;

        let summary: String = text("summary").chars().take(MAX_SUMMARY_CHARS).collect();
        Endpoint {
            method,
            path: with_query_ids(path, &parameters),
            operation_id,
            summary,
            tags,
            authentication,
            admin,
            sensitive_flow: changes_state && is_business_flow(&name_words),
            takes_url,
            returns_list,
            deprecated: op
                .get("deprecated")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            login: names_any(&name_words, &login_words),
            binds_properties,
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

    fn body_schemas(&self, op: &'a Map<String, Value>) -> Vec<&'a Value> {
        let body = op.get("requestBody").and_then(|b| self.resolver.resolve(b));
        media_schemas(body)
    }

    /// The listing of the first success response that has a body.
    fn listing(&self, op: &'a Map<String, Value>) -> Listing {
        let Some(responses) = op.get("responses").and_then(Value::as_object) else {
            return Listing::NotAList;
        };
        let success = responses.iter().filter(|(code, _)| code.starts_with('2'));
        for (_, response) in success {
            let schemas = media_schemas(self.resolver.resolve(response));
            if schemas.is_empty() {
                continue;
            }
            let kinds: Vec<Listing> = schemas
                .iter()
                .map(|s| schema::listing(self.resolver, s))
                .collect();
            return kinds
                .into_iter()
                .find(|k| *k != Listing::NotAList)
                .unwrap_or(Listing::NotAList);
        }
        Listing::NotAList
    }
}

fn media_schemas(holder: Option<&Value>) -> Vec<&Value> {
    holder
        .and_then(|h| h.get("content"))
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|content| content.values())
        .filter_map(|media| media.get("schema"))
        .collect()
}

fn name_of(parameter: &Value) -> &str {
    parameter.get("name").and_then(Value::as_str).unwrap_or("")
}

fn non_empty_servers(list: Option<&Value>) -> Option<Vec<Server>> {
    let servers = servers::read_list(list);
    (!servers.is_empty()).then_some(servers)
}

/// Names of a business flow that hurts when automated (API6). "Register" only
/// counts when no technical object is registered (`registerWebhook` is set-up).
fn is_business_flow(name_words: &[String]) -> bool {
    const REGISTER: &[&str] = &["register", "registration"];
    let others: Vec<&str> = SENSITIVE_FLOW
        .iter()
        .copied()
        .filter(|w| !REGISTER.contains(w))
        .collect();
    names_any(name_words, &others)
        || (names_any(name_words, REGISTER) && !names_any(name_words, TECHNICAL_OBJECTS))
}

/// A property or parameter that holds a URL the server may fetch.
fn carries_url(name: &str, schema: &Value) -> bool {
    let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
    URL_FORMATS.contains(&format) || names_any(&words(name), URL_NAMES)
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
