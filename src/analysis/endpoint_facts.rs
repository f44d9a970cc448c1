//! Facts about one endpoint, and the words that explain them.

use crate::library::EndpointFact;
use crate::model::{Authentication, Endpoint, Flow};

pub fn endpoint_fact(flow: &Flow, e: &Endpoint, fact: &EndpointFact) -> bool {
    use EndpointFact as F;
    match fact {
        F::ObjectId => e.has_object_id(),
        F::Admin => e.admin,
        F::SensitiveFlow => e.sensitive_flow,
        F::TakesUrl => e.takes_url,
        F::ReturnsList => e.returns_list,
        F::Deprecated => e.deprecated,
        F::Login => e.login,
        F::BindsProperties => e.binds_properties,
        F::Public => {
            e.authentication == [Authentication::None]
                || (e.authentication.is_empty() && flow.authentication == Authentication::None)
        }
        F::DeclaredPublic => e.authentication == [Authentication::None],
        F::WeakAuthentication => !weak_authentication(e).is_empty(),
        F::SensitiveFields => !e.sensitive_fields.is_empty(),
        F::Unbounded => !e.unbounded.is_empty(),
        F::Described => e.described,
        F::RateLimited => e.rate_limited,
        F::Superseded => e.superseded_by.is_some(),
        F::Hidden => e.hidden,
        F::TakesXml => e.takes_xml,
        F::Not(inner) => !endpoint_fact(flow, e, inner),
        F::Method(methods) => methods.contains(&e.method),
        F::PathContains(text) => e
            .path
            .to_ascii_lowercase()
            .contains(&text.to_ascii_lowercase()),
    }
}

/// The weak ways an endpoint takes credentials: what the importer read from
/// the document, and basic authentication set on the endpoint itself (a
/// flow's own authentication is the flow rules' business).
fn weak_authentication(e: &Endpoint) -> Vec<String> {
    let mut out = e.weak_authentication.clone();
    let basic = e.authentication.contains(&Authentication::Basic);
    if basic && !out.iter().any(|w| w.contains("HTTP basic")) {
        out.push("HTTP basic authentication".into());
    }
    out
}

/// Why one endpoint has a fact, in a few words, for facts that carry more
/// than their name; `None` for the others.
pub fn fact_evidence(e: &Endpoint, fact: &EndpointFact) -> Option<String> {
    use EndpointFact as F;
    let quoted = |items: &[String]| {
        items
            .iter()
            .map(|i| format!("`{i}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let plain = |items: &[String]| (!items.is_empty()).then(|| items.join(", "));
    match fact {
        F::BindsProperties if !e.privileged_fields.is_empty() => {
            Some(format!("writable: {}", e.privileged_fields.join(", ")))
        }
        F::SensitiveFields => Some(format!("returns {}", quoted(&e.sensitive_fields))),
        F::Unbounded => plain(&e.unbounded),
        F::WeakAuthentication => plain(&weak_authentication(e)),
        F::TakesUrl if !e.url_inputs.is_empty() => {
            Some(format!("URL in {}", quoted(&e.url_inputs)))
        }
        F::Superseded => e
            .superseded_by
            .as_ref()
            .map(|newer| format!("superseded by `{newer}`")),
        F::DeclaredPublic => Some("`security: []`".into()),
        _ => None,
    }
}

pub fn fact_words(fact: &EndpointFact) -> String {
    use EndpointFact as F;
    match fact {
        F::ObjectId => "object id in the path".into(),
        F::Admin => "admin-only".into(),
        F::SensitiveFlow => "sensitive business flow".into(),
        F::TakesUrl => "takes a URL from the caller".into(),
        F::ReturnsList => "returns a list".into(),
        F::Deprecated => "deprecated".into(),
        F::Login => "login or credential operation".into(),
        F::BindsProperties => "binds request properties".into(),
        F::Public => "public (no authentication)".into(),
        F::DeclaredPublic => "declared public".into(),
        F::WeakAuthentication => "weak authentication".into(),
        F::SensitiveFields => "returns sensitive fields".into(),
        F::Unbounded => "inputs without declared bounds".into(),
        F::Described => "read from an API description".into(),
        F::RateLimited => "declares a rate limit".into(),
        F::Superseded => "an older version still served".into(),
        F::Hidden => "debug, test or hidden-looking".into(),
        F::TakesXml => "takes an XML body".into(),
        F::Not(inner) => match inner.as_ref() {
            // A scope, like `Described`: the operation is what is explained.
            F::RateLimited => String::new(),
            // Scopes a guess to hand-written endpoints; nothing to explain.
            F::Described => String::new(),
            F::Login => "not a login".into(),
            other => format!("not {}", fact_words(other)),
        },
        F::Method(ms) => ms.iter().map(|m| m.as_str()).collect::<Vec<_>>().join("/"),
        F::PathContains(t) => format!("path contains `{t}`"),
    }
}
