//! The data-flow model: what a `.ron` model file holds.
//!
//! Everything refers to everything else by a stable, human-chosen string id,
//! never by position, so that two people can edit one model in git and merge.
//! Fields that hold their default value are left out when saving, which keeps
//! files short and diffs small.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::control::Control;
use super::threat::Threat;

/// A whole threat model.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub version: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scope: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub boundaries: Vec<Boundary>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<DataAsset>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub elements: Vec<Element>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flows: Vec<Flow>,
    /// Rule ids switched off for this model.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disabled_rules: Vec<String>,
    /// Threats written by hand (or imported from other tools).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub threats: Vec<Threat>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub triage: Vec<Triage>,
    /// Positions for the workbench canvas, kept apart from the design so that
    /// moving a box is a separate, ignorable change in a diff.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub layout: BTreeMap<String, Position>,
}

/// A trust boundary: a zone whose members share a level of trust.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Boundary {
    pub id: String,
    pub name: String,
    pub kind: BoundaryKind,
    /// The boundary this one sits inside.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// 0 (untrusted) to 10 (fully trusted); when absent, the kind's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust: Option<u8>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

impl Boundary {
    pub fn trust_level(&self) -> u8 {
        self.trust.unwrap_or_else(|| self.kind.default_trust())
    }
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::VariantArray,
    strum::IntoStaticStr,
)]
pub enum BoundaryKind {
    #[strum(serialize = "internet")]
    Internet,
    #[strum(serialize = "third party")]
    ThirdParty,
    #[strum(serialize = "DMZ")]
    Dmz,
    #[strum(serialize = "internal network")]
    InternalNetwork,
    #[strum(serialize = "cloud account")]
    CloudAccount,
    #[strum(serialize = "cloud VPC")]
    CloudVpc,
    #[strum(serialize = "cluster")]
    Cluster,
    #[strum(serialize = "host")]
    Host,
}

impl BoundaryKind {
    pub const ALL: &'static [Self] = <Self as strum::VariantArray>::VARIANTS;

    pub fn default_trust(self) -> u8 {
        match self {
            Self::Internet => 0,
            Self::ThirdParty => 2,
            Self::Dmz => 4,
            Self::InternalNetwork | Self::CloudAccount | Self::CloudVpc => 6,
            Self::Cluster => 7,
            Self::Host => 8,
        }
    }

    pub fn label(self) -> &'static str {
        self.into()
    }
}

/// How sensitive a piece of data is, in increasing order.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::VariantArray,
    strum::IntoStaticStr,
)]
pub enum Classification {
    #[strum(serialize = "public")]
    Public,
    #[default]
    #[strum(serialize = "internal")]
    Internal,
    #[strum(serialize = "confidential")]
    Confidential,
    #[serde(alias = "Secret")]
    #[strum(serialize = "restricted")]
    Restricted,
}

impl Classification {
    pub const ALL: &'static [Self] = <Self as strum::VariantArray>::VARIANTS;

    pub fn label(self) -> &'static str {
        self.into()
    }
}

/// A kind of data the system handles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataAsset {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "is_default")]
    pub classification: Classification,
    /// Personal data (PII) under privacy law.
    #[serde(default, skip_serializing_if = "is_false")]
    pub personal: bool,
    /// Credentials, tokens, keys or other secrets.
    #[serde(default, skip_serializing_if = "is_false")]
    pub credentials: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// A node of the data-flow graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Element {
    pub id: String,
    pub name: String,
    pub kind: ElementKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boundary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub in_scope: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<Control>,
}

/// The three kinds of data-flow-diagram node, each with its own attributes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ElementKind {
    External(External),
    Process(Process),
    DataStore(DataStore),
}

/// The kind of an element without its attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ElementKindTag {
    External,
    Process,
    DataStore,
}

impl ElementKindTag {
    pub fn label(self) -> &'static str {
        match self {
            Self::External => "external entity",
            Self::Process => "process",
            Self::DataStore => "data store",
        }
    }
}

impl ElementKind {
    pub fn tag(&self) -> ElementKindTag {
        match self {
            Self::External(_) => ElementKindTag::External,
            Self::Process(_) => ElementKindTag::Process,
            Self::DataStore(_) => ElementKindTag::DataStore,
        }
    }
}

/// An end user, a client application, a partner system or a third-party API.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct External {
    /// A person (true) or a system (false).
    #[serde(default, skip_serializing_if = "is_false")]
    pub human: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub internet_facing: bool,
    /// Operated by another organisation (a partner, a SaaS or payment provider).
    #[serde(default, skip_serializing_if = "is_false")]
    pub third_party: bool,
}

/// Running code: an API gateway, a service, a function, a worker, an identity provider.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Process {
    #[serde(default, skip_serializing_if = "is_default")]
    pub role: ProcessRole,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub technology: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub internet_facing: bool,
    /// Data asset ids the process handles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub handles: Vec<String>,
    /// The authentication the process enforces on its callers.
    #[serde(default, skip_serializing_if = "is_default")]
    pub authentication: Authentication,
    #[serde(default, skip_serializing_if = "is_default")]
    pub authorization: Authorization,
    #[serde(default, skip_serializing_if = "is_default")]
    pub privileges: Privileges,
}

#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::VariantArray,
)]
pub enum ProcessRole {
    Gateway,
    #[default]
    Service,
    Function,
    Worker,
    IdentityProvider,
    WebApp,
}

impl ProcessRole {
    pub const ALL: &'static [Self] = <Self as strum::VariantArray>::VARIANTS;
}

#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::VariantArray,
)]
pub enum Privileges {
    /// Runs with only the rights it needs.
    Least,
    #[default]
    Standard,
    /// Root, administrator, or a cloud role that can change infrastructure.
    Elevated,
}

impl Privileges {
    pub const ALL: &'static [Self] = <Self as strum::VariantArray>::VARIANTS;
}

/// Where data rests: databases, caches, buckets, queues, logs, vaults.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataStore {
    #[serde(default, skip_serializing_if = "is_default")]
    pub store: StoreKind,
    /// Data asset ids the store holds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stores: Vec<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub encrypted_at_rest: bool,
    /// Holds logs or audit records (which makes repudiation threats apply).
    #[serde(default, skip_serializing_if = "is_false")]
    pub logs: bool,
}

#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::VariantArray,
)]
pub enum StoreKind {
    #[default]
    Sql,
    NoSql,
    Cache,
    ObjectStorage,
    Queue,
    Log,
    SecretsVault,
    File,
}

impl StoreKind {
    pub const ALL: &'static [Self] = <Self as strum::VariantArray>::VARIANTS;
}

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

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::VariantArray,
    strum::IntoStaticStr,
)]
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

impl Protocol {
    pub const ALL: &'static [Self] = <Self as strum::VariantArray>::VARIANTS;

    pub fn label(self) -> &'static str {
        self.into()
    }
}

/// Encryption in transit.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::VariantArray,
    strum::IntoStaticStr,
)]
pub enum Encryption {
    #[default]
    #[strum(serialize = "none")]
    None,
    #[strum(serialize = "TLS")]
    Tls,
    #[strum(serialize = "mutual TLS")]
    MutualTls,
}

impl Encryption {
    pub const ALL: &'static [Self] = <Self as strum::VariantArray>::VARIANTS;

    pub fn label(self) -> &'static str {
        self.into()
    }
}

/// How a caller proves who it is, from weakest to strongest.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::VariantArray,
    strum::IntoStaticStr,
)]
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

impl Authentication {
    pub const ALL: &'static [Self] = <Self as strum::VariantArray>::VARIANTS;

    pub fn label(self) -> &'static str {
        self.into()
    }
}

/// How access to objects and functions is decided.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::VariantArray,
    strum::IntoStaticStr,
)]
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

impl Authorization {
    pub const ALL: &'static [Self] = <Self as strum::VariantArray>::VARIANTS;

    pub fn label(self) -> &'static str {
        self.into()
    }
}

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
        super::endpoint::path_has_object_id(&self.path)
    }
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::VariantArray,
)]
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

impl Method {
    pub const ALL: &'static [Self] = <Self as strum::VariantArray>::VARIANTS;

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

/// The team's decision on one finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Triage {
    /// The finding id, `RULE-ID@target-id`.
    pub finding: String,
    pub status: TriageStatus,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// A ticket or document, usually a URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// When the decision was made, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Who made the decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewer: Option<String>,
    /// The decision lapses after this date, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// A fingerprint of the facts the decision was made on; when the design
    /// changes them the decision is stale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
}

impl Triage {
    /// A decision with a status and nothing else.
    pub fn new(finding: impl Into<String>, status: TriageStatus) -> Self {
        Self {
            finding: finding.into(),
            status,
            note: String::new(),
            owner: None,
            reference: None,
            date: None,
            reviewer: None,
            until: None,
            fingerprint: None,
        }
    }
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::VariantArray,
    strum::IntoStaticStr,
)]
pub enum TriageStatus {
    #[strum(serialize = "open")]
    Open,
    #[strum(serialize = "in progress")]
    InProgress,
    #[strum(serialize = "mitigated")]
    Mitigated,
    #[strum(serialize = "accepted")]
    Accepted,
    #[strum(serialize = "transferred")]
    Transferred,
    #[strum(serialize = "false positive")]
    FalsePositive,
}

impl TriageStatus {
    pub const ALL: &'static [Self] = <Self as strum::VariantArray>::VARIANTS;

    pub fn label(self) -> &'static str {
        self.into()
    }
}

/// A canvas position in character cells.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Position {
    pub x: i32,
    pub y: i32,
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_true(b: &bool) -> bool {
    *b
}

fn yes() -> bool {
    true
}
