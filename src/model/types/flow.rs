//! Flows between elements: protocol, encryption, authentication, authorization.

use serde::{Deserialize, Serialize};

use super::*;

/// A directed edge of the data-flow graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    pub id: String,
    pub source: String,
    pub target: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    pub protocol: Protocol,
    #[serde(default, skip_serializing_if = "is_default")]
    pub encryption: Encryption,
    #[serde(default, skip_serializing_if = "is_default")]
    pub authentication: Authentication,
    #[serde(default, skip_serializing_if = "is_default")]
    pub authorization: Authorization,
    /// Data asset ids carried.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub endpoints: Vec<Endpoint>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<Control>,
    /// This flow is the response to a request flow.
    #[serde(default, skip_serializing_if = "is_false")]
    pub response: bool,
    /// Data moves both ways on this connection.
    #[serde(default, skip_serializing_if = "is_false")]
    pub bidirectional: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

impl Flow {
    /// A flow from `source` to `target` over `protocol`, with every other
    /// attribute at the value a file that leaves it out gets.
    pub fn new(
        id: impl Into<String>,
        source: impl Into<String>,
        target: impl Into<String>,
        protocol: Protocol,
    ) -> Self {
        Self {
            id: id.into(),
            source: source.into(),
            target: target.into(),
            label: String::new(),
            protocol,
            encryption: Encryption::default(),
            authentication: Authentication::default(),
            authorization: Authorization::default(),
            data: Vec::new(),
            endpoints: Vec::new(),
            controls: Vec::new(),
            response: false,
            bidirectional: false,
            tags: Vec::new(),
            description: String::new(),
        }
    }
}

labelled_choice! {
    pub enum Protocol {
        #[strum(serialize = "HTTP")]
        Http,
        #[strum(serialize = "HTTPS")]
        Https,
        #[strum(serialize = "gRPC")]
        Grpc,
        #[strum(serialize = "GraphQL")]
        GraphQl,
        #[strum(serialize = "WebSocket")]
        WebSocket,
        #[strum(serialize = "SQL")]
        Sql,
        #[strum(serialize = "NoSQL")]
        NoSql,
        #[strum(serialize = "MQ")]
        MessageQueue,
        #[strum(serialize = "SMTP")]
        Smtp,
        #[strum(serialize = "LDAP")]
        Ldap,
        #[strum(serialize = "SSH")]
        Ssh,
        #[strum(serialize = "SFTP")]
        Sftp,
        #[strum(serialize = "TCP")]
        Tcp,
        #[strum(serialize = "other")]
        Other,
    }
}

labelled_choice! {
    /// Encryption in transit.
    #[derive(Default)]
    pub enum Encryption {
        #[default]
        #[strum(serialize = "none")]
        None,
        #[strum(serialize = "TLS")]
        Tls,
        #[strum(serialize = "mutual TLS")]
        MutualTls,
    }
}

labelled_choice! {
    /// How a caller proves who it is, from weakest to strongest.
    #[derive(Default)]
    pub enum Authentication {
        #[default]
        #[strum(serialize = "none")]
        None,
        #[strum(serialize = "HTTP basic")]
        Basic,
        #[strum(serialize = "API key")]
        ApiKey,
        #[strum(serialize = "session cookie")]
        SessionCookie,
        #[strum(serialize = "JWT")]
        Jwt,
        #[strum(serialize = "OAuth2 bearer token")]
        OAuth2,
        #[strum(serialize = "OpenID Connect")]
        Oidc,
        #[strum(serialize = "mTLS client certificate")]
        ClientCertificate,
    }
}

labelled_choice! {
    /// How access to objects and functions is decided.
    #[derive(Default)]
    pub enum Authorization {
        #[default]
        #[strum(serialize = "none")]
        None,
        #[strum(serialize = "role-based")]
        RoleBased,
        #[strum(serialize = "object-level")]
        ObjectLevel,
        #[strum(serialize = "attribute-based")]
        AttributeBased,
    }
}
