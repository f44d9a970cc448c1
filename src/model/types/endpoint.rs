//! API operations a flow carries.

use serde::{Deserialize, Serialize};

use super::*;

/// One API operation carried by a flow, with the signals the rules need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    pub method: Method,
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Authentication accepted by this operation when it differs from the
    /// flow's: empty inherits the flow's, `[None]` marks a public operation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authentication: Vec<Authentication>,
    /// Reserved for administrators.
    #[serde(default, skip_serializing_if = "is_false")]
    pub admin: bool,
    /// A business flow that hurts when automated (checkout, sign-up, booking).
    #[serde(default, skip_serializing_if = "is_false")]
    pub sensitive_flow: bool,
    /// Fetches a URL the caller supplies (webhooks, previews, imports).
    #[serde(default, skip_serializing_if = "is_false")]
    pub takes_url: bool,
    /// Returns a collection.
    #[serde(default, skip_serializing_if = "is_false")]
    pub returns_list: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// Logs a user in, resets a password or checks a one-time code.
    #[serde(default, skip_serializing_if = "is_false")]
    pub login: bool,
    /// Binds the request body onto an internal object, or accepts fields such
    /// as `role`, `isAdmin` or `balance` from the caller.
    #[serde(default, skip_serializing_if = "is_false")]
    pub binds_properties: bool,
    /// Why `binds_properties` holds: request fields the caller should not
    /// set (`role`, `balance`), or a body that takes any property.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub privileged_fields: Vec<String>,
    /// Response fields that look sensitive (`password`, `cardNumber`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sensitive_fields: Vec<String>,
    /// Inputs without a declared bound, each saying what is missing
    /// (`limit` without maximum, upload without size limit).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unbounded: Vec<String>,
    /// Read from an API description (OpenAPI): a signal the description
    /// does not give is known to be absent, not merely unrecorded, so rules
    /// that guess for hand-written endpoints stay quiet.
    #[serde(default, skip_serializing_if = "is_false")]
    pub described: bool,
    /// Declares a rate limit: a 429 response or `RateLimit` headers.
    #[serde(default, skip_serializing_if = "is_false")]
    pub rate_limited: bool,
    /// Weak ways this operation accepts credentials: HTTP basic, an API key
    /// in the query string, credentials over plain HTTP.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weak_authentication: Vec<String>,
    /// Why `takes_url` holds: the parameters or properties carrying a URL.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub url_inputs: Vec<String>,
    /// A newer version of this operation (`GET /v2/users`): this one is
    /// superseded but still served.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub superseded_by: Option<String>,
    /// Looks like a debug, test or hidden operation.
    #[serde(default, skip_serializing_if = "is_false")]
    pub hidden: bool,
    /// Takes an XML request body.
    #[serde(default, skip_serializing_if = "is_false")]
    pub takes_xml: bool,
    /// Controls in place on this operation alone, on top of the flow's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<Control>,
}

impl Endpoint {
    /// `METHOD path` with every flag off and nothing else set.
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Self {
            method,
            path: path.into(),
            operation_id: None,
            summary: String::new(),
            tags: Vec::new(),
            authentication: Vec::new(),
            admin: false,
            sensitive_flow: false,
            takes_url: false,
            returns_list: false,
            deprecated: false,
            login: false,
            binds_properties: false,
            privileged_fields: Vec::new(),
            sensitive_fields: Vec::new(),
            unbounded: Vec::new(),
            described: false,
            rate_limited: false,
            weak_authentication: Vec::new(),
            url_inputs: Vec::new(),
            superseded_by: None,
            hidden: false,
            takes_xml: false,
            controls: Vec::new(),
        }
    }

    /// `METHOD /path`: how findings, triage records and people name the operation.
    pub fn key(&self) -> String {
        let mut key = String::with_capacity(self.method.as_str().len() + 1 + self.path.len());
        key.push_str(self.method.as_str());
        key.push(' ');
        key.push_str(&self.path);
        key
    }

    /// True when the path or query names an object by id (`/users/{id}`, `?orderId=`).
    pub fn has_object_id(&self) -> bool {
        crate::model::endpoint::path_has_object_id(&self.path)
    }
}

choice! {
    pub enum Method {
        Get,
        Post,
        Put,
        Patch,
        Delete,
        Head,
        Options,
        Trace,
        /// gRPC, GraphQL or message operations that are not HTTP verbs.
        Call,
    }
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
            Self::Head => "HEAD",
            Self::Options => "OPTIONS",
            Self::Trace => "TRACE",
            Self::Call => "CALL",
        }
    }

    pub fn parse(s: &str) -> Option<Method> {
        Self::ALL
            .iter()
            .copied()
            .find(|m| m.as_str().eq_ignore_ascii_case(s))
    }
}
