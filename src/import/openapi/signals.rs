//! What an operation's request body, parameters and responses say about its
//! threats: fields a caller should not set, fields that should not leave the
//! server, inputs without bounds, declared rate limits, URL inputs, XML.
//!
//! The word lists live in [`super::vocabulary`]; here is only how they are
//! applied.

use serde_json::{Map, Value};

use super::refs::Resolver;
use super::schema::{self, Listing, Property};
use super::vocabulary as v;
use super::words::{names_any, words};
use crate::model::endpoint::path_has_object_id;

/// Most names quoted in one piece of evidence.
const MAX_NAMED: usize = 4;

/// Formats whose values are short by nature: a string in one of them needs
/// no `maxLength`.
const SHORT_FORMATS: &[&str] = &[
    "uuid",
    "date",
    "date-time",
    "time",
    "ipv4",
    "ipv6",
    "byte",
    "int32",
    "int64",
    "duration",
];

/// The signals of one operation's inputs and outputs.
#[derive(Debug, Default)]
pub struct Signals {
    /// Request fields the caller should not set, or why the body takes any.
    pub privileged: Vec<String>,
    /// The request body is free-form (takes any property).
    pub free_form: bool,
    pub sensitive: Vec<String>,
    pub unbounded: Vec<String>,
    pub returns_list: bool,
    pub rate_limited: bool,
    pub url_inputs: Vec<String>,
    pub takes_xml: bool,
}

/// One operation as read by [`read`].
pub struct Operation<'a> {
    pub op: &'a Map<String, Value>,
    /// Path-item and operation parameters, resolved.
    pub parameters: &'a [&'a Value],
    /// The operation logs a user in: tokens in its response are expected.
    pub login: bool,
    /// Only administrators call it: they may set privileged fields.
    pub admin: bool,
}

pub fn read<'a>(resolver: Resolver<'a>, operation: &Operation<'a>) -> Signals {
    let mut out = Signals::default();
    let op = operation.op;
    request_body(resolver, op, operation.admin, &mut out);
    let sizes = parameters(operation.parameters, &mut out);
    responses(resolver, op, operation.login, &mut out);

    let paginated = operation
        .parameters
        .iter()
        .any(|p| names_any(&words(name_of(p)), v::PAGINATION));
    let is_list = listing(resolver, op) == Listing::Unbounded;
    // A list is bounded by pagination only when every size the caller may
    // ask for is capped.
    out.returns_list = is_list && !(paginated && sizes.is_empty());
    if !out.returns_list {
        out.unbounded.extend(sizes);
    }
    if op
        .get("callbacks")
        .is_some_and(|c| c.as_object().is_some_and(|m| !m.is_empty()))
    {
        out.url_inputs.push("callbacks".into());
    }
    for list in [
        &mut out.privileged,
        &mut out.sensitive,
        &mut out.unbounded,
        &mut out.url_inputs,
    ] {
        let mut seen = std::collections::BTreeSet::new();
        list.retain(|x| seen.insert(x.clone()));
        shorten(list);
    }
    out
}

/// Keeps the first few entries and says how many more there were.
fn shorten(list: &mut Vec<String>) {
    if list.len() > MAX_NAMED {
        let more = list.len() - MAX_NAMED;
        list.truncate(MAX_NAMED);
        list.push(format!("{more} more"));
    }
}

fn request_body<'a>(
    resolver: Resolver<'a>,
    op: &'a Map<String, Value>,
    admin: bool,
    out: &mut Signals,
) {
    let Some(body) = op.get("requestBody").and_then(|b| resolver.resolve(b)) else {
        return;
    };
    let Some(content) = body.get("content").and_then(Value::as_object) else {
        return;
    };
    for (media, entry) in content {
        let media = media.to_ascii_lowercase();
        out.takes_xml |= v::XML_MEDIA.iter().any(|x| media.contains(x));
        let Some(written) = entry.get("schema") else {
            continue;
        };
        let Some(top) = resolver.resolve(written) else {
            continue;
        };
        let is_file_media = v::FILE_MEDIA.iter().any(|f| media.starts_with(f));
        if is_file_media && media != "multipart/form-data" && !has(top, "maxLength") {
            out.unbounded.push("upload without a size limit".into());
        }
        if schema::is_free_form(resolver, top) {
            out.free_form = true;
            out.privileged
                .push("any property (the body is free-form)".into());
        }
        let body_closed = schema::is_closed(top);
        schema::for_each_property(resolver, top, &mut |p| {
            body_property(p, body_closed, admin, out);
        });
        if schema::has_type(top, "array") && !has(top, "maxItems") {
            out.unbounded.push("body array without maxItems".into());
        }
    }
}

fn body_property(p: Property, body_closed: bool, admin: bool, out: &mut Signals) {
    let name_words = words(p.name);
    // Setting roles and prices is what administrators are for.
    let privileged = !admin && names_any(&name_words, v::PRIVILEGED_FIELDS);
    if p.flag("readOnly") {
        // The server's own field: harmless when unknown input is refused.
        if privileged && !(body_closed || schema::is_closed(p.parent)) {
            out.privileged.push(format!(
                "{} (readOnly, but unknown properties are accepted)",
                p.name
            ));
        }
        return;
    }
    if privileged {
        out.privileged.push(p.name.to_string());
    }
    if carries_url(&p) {
        out.url_inputs.push(p.name.to_string());
    }
    let s = p.schema;
    let binary = p.keyword("format").and_then(Value::as_str) == Some("binary");
    let bounded_by_choice = has(s, "enum") || has(s, "const") || p.keyword("enum").is_some();
    if binary && p.keyword("maxLength").is_none() {
        out.unbounded
            .push(format!("upload `{}` without a size limit", p.name));
    } else if schema::has_type(s, "string")
        && !bounded_by_choice
        && p.keyword("maxLength").is_none()
    {
        let format = p.keyword("format").and_then(Value::as_str).unwrap_or("");
        let is_id = path_has_object_id(&format!("/?{}", p.name));
        if !SHORT_FORMATS.contains(&format) && !is_id {
            out.unbounded
                .push(format!("`{}` without maxLength", p.name));
        }
    } else if schema::has_type(s, "array") && p.keyword("maxItems").is_none() {
        out.unbounded.push(format!("`{}` without maxItems", p.name));
    } else if is_number(s) && p.keyword("maximum").is_none() && !bounded_by_choice {
        if names_any(&name_words, v::MULTIPLIERS) {
            out.unbounded
                .push(format!("`{}` repeats work without a maximum", p.name));
        } else if names_any(&name_words, v::SIZE_PARAMETERS) {
            out.unbounded.push(format!("`{}` without maximum", p.name));
        }
    }
}

/// Query, header and path parameters: URL inputs go to `out`; sizes without
/// a maximum are returned, since a list decides where they count.
fn parameters(parameters: &[&Value], out: &mut Signals) -> Vec<String> {
    let mut sizes = Vec::new();
    for p in parameters {
        let name = name_of(p);
        let Some(s) = p.get("schema") else {
            continue;
        };
        let property = Property {
            name,
            written: s,
            schema: s,
            parent: p,
        };
        if carries_url(&property) {
            out.url_inputs.push(name.to_string());
        }
        let name_words = words(name);
        let unbounded = is_number(s) && !has(s, "maximum") && !has(s, "enum");
        if unbounded && names_any(&name_words, v::MULTIPLIERS) {
            out.unbounded
                .push(format!("`{name}` repeats work without a maximum"));
        } else if unbounded && names_any(&name_words, v::SIZE_PARAMETERS) {
            sizes.push(format!("`{name}` without maximum"));
        }
    }
    sizes
}

fn responses<'a>(
    resolver: Resolver<'a>,
    op: &'a Map<String, Value>,
    login: bool,
    out: &mut Signals,
) {
    let Some(responses) = op.get("responses").and_then(Value::as_object) else {
        return;
    };
    for (code, response) in responses {
        let Some(response) = resolver.resolve(response) else {
            continue;
        };
        let headers = response.get("headers").and_then(Value::as_object);
        let limit_header = headers
            .into_iter()
            .flatten()
            .any(|(h, _)| names_any(&words(h), v::RATE_LIMIT_HEADERS));
        out.rate_limited |= code == "429" || limit_header;
        if !code.starts_with('2') {
            continue;
        }
        for schema in media_schemas(Some(response)) {
            schema::for_each_property(resolver, schema, &mut |p| {
                if p.flag("writeOnly") {
                    return;
                }
                let name_words = words(p.name);
                let issued = login && names_any(&name_words, v::ISSUED_AT_LOGIN);
                let paging = names_any(&name_words, v::PAGE_TOKENS);
                if !issued && !paging && names_any(&name_words, v::SENSITIVE_FIELDS) {
                    out.sensitive.push(p.name.to_string());
                }
            });
        }
    }
}

/// The listing of the first success response that has a body.
fn listing<'a>(resolver: Resolver<'a>, op: &'a Map<String, Value>) -> Listing {
    let Some(responses) = op.get("responses").and_then(Value::as_object) else {
        return Listing::NotAList;
    };
    let success = responses.iter().filter(|(code, _)| code.starts_with('2'));
    for (_, response) in success {
        let schemas = media_schemas(resolver.resolve(response));
        if schemas.is_empty() {
            continue;
        }
        return schemas
            .iter()
            .map(|s| schema::listing(resolver, s))
            .find(|k| *k != Listing::NotAList)
            .unwrap_or(Listing::NotAList);
    }
    Listing::NotAList
}

pub fn media_schemas(holder: Option<&Value>) -> Vec<&Value> {
    holder
        .and_then(|h| h.get("content"))
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|content| content.values())
        .filter_map(|media| media.get("schema"))
        .collect()
}

pub fn name_of(parameter: &Value) -> &str {
    parameter.get("name").and_then(Value::as_str).unwrap_or("")
}

fn has(schema: &Value, key: &str) -> bool {
    schema.get(key).is_some()
}

fn is_number(schema: &Value) -> bool {
    schema::has_type(schema, "integer") || schema::has_type(schema, "number")
}

/// A property or parameter that holds a URL the server may fetch: by format,
/// name or example value. One whose values are fixed (`enum`) or held to a
/// `pattern` is taken as allow-listed.
fn carries_url(p: &Property) -> bool {
    if p.keyword("enum").is_some() || p.keyword("const").is_some() || p.keyword("pattern").is_some()
    {
        return false;
    }
    let format = p.keyword("format").and_then(Value::as_str).unwrap_or("");
    let example_is_url = ["example", "default"].iter().any(|k| {
        p.keyword(k)
            .and_then(Value::as_str)
            .is_some_and(|e| e.starts_with("http://") || e.starts_with("https://"))
    });
    let textual = !(is_number(p.schema) || schema::has_type(p.schema, "boolean"));
    v::URL_FORMATS.contains(&format) || example_is_url || (textual && ends_in_url_name(p.name))
}

/// `callbackUrl`, `mechanic_api`, `returnTo`: the name's last word (or last
/// two written together) names a URL; `apiKey` and `webhookSecret` do not.
fn ends_in_url_name(name: &str) -> bool {
    let w = words(name);
    let tail = &w[w.len().saturating_sub(2)..];
    let last = &w[w.len().saturating_sub(1)..];
    names_any(last, v::URL_NAMES)
        || (tail.len() == 2 && names_any(&[format!("{}{}", tail[0], tail[1])], v::URL_NAMES))
}
