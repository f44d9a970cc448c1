//! The rule format of the threat library.
//!
//! A rule is data: a declarative condition over facts of the model, never code.
//! Loading a rule file can read nothing, run nothing and reach nothing.

use serde::{Deserialize, Serialize};

use crate::model::{
    Authentication, Authorization, BoundaryKind, Classification, Control, ElementKindTag,
    Encryption, Method, Privileges, ProcessRole, Protocol, StoreKind,
};

/// One threat rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable id such as `API1-BOLA-path-id`; findings are keyed on it.
    pub id: String,
    pub title: String,
    /// The threat, in the team's words.
    pub description: String,
    /// Which parts of the model the rule is checked against.
    pub applies_to: Vec<AppliesTo>,
    pub stride: Vec<Stride>,
    /// OWASP API Security Top 10 2023 ids, `API1:2023` … `API10:2023`.
    #[serde(default)]
    pub owasp: Vec<String>,
    #[serde(default)]
    pub cwe: Vec<u32>,
    #[serde(default)]
    pub capec: Vec<u32>,
    pub likelihood: Rating,
    pub impact: Rating,
    /// Raise the severity one step when restricted data is involved. On a
    /// flow or process, restricted credentials count only when `when`
    /// mentions [`Condition::Credentials`]; in a data store everything does.
    #[serde(default)]
    pub data_raises_severity: bool,
    /// When the threat applies.
    pub when: Condition,
    /// Controls that, in place on the target, mitigate the threat.
    pub mitigations: Mitigations,
    pub recommendation: String,
    #[serde(default)]
    pub references: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AppliesTo {
    Flow,
    /// A flow whose source and target sit in different trust boundaries.
    CrossingFlow,
    Process,
    DataStore,
    External,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Stride {
    Spoofing,
    Tampering,
    Repudiation,
    InformationDisclosure,
    DenialOfService,
    ElevationOfPrivilege,
}

impl Stride {
    pub const ALL: [Stride; 6] = [
        Self::Spoofing,
        Self::Tampering,
        Self::Repudiation,
        Self::InformationDisclosure,
        Self::DenialOfService,
        Self::ElevationOfPrivilege,
    ];

    pub fn letter(self) -> char {
        match self {
            Self::Spoofing => 'S',
            Self::Tampering => 'T',
            Self::Repudiation => 'R',
            Self::InformationDisclosure => 'I',
            Self::DenialOfService => 'D',
            Self::ElevationOfPrivilege => 'E',
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Spoofing => "Spoofing",
            Self::Tampering => "Tampering",
            Self::Repudiation => "Repudiation",
            Self::InformationDisclosure => "Information disclosure",
            Self::DenialOfService => "Denial of service",
            Self::ElevationOfPrivilege => "Elevation of privilege",
        }
    }
}

/// A three-step rating for likelihood and impact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Rating {
    Low,
    Medium,
    High,
}

/// The controls that mitigate a rule's threat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mitigations {
    /// Any one of these controls mitigates.
    AnyOf(Vec<Control>),
    /// Only all of these together mitigate.
    AllOf(Vec<Control>),
}

impl Mitigations {
    pub fn controls(&self) -> &[Control] {
        match self {
            Self::AnyOf(c) | Self::AllOf(c) => c,
        }
    }

    /// How the controls read in a sentence: `A or B`, or `A and B` when
    /// every one is needed.
    pub fn joiner(&self) -> &'static str {
        match self {
            Self::AnyOf(_) => " or ",
            Self::AllOf(_) => " and ",
        }
    }
}

/// A declarative predicate over the facts of one element or flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    /// Every condition holds.
    All(Vec<Condition>),
    /// At least one condition holds.
    Any(Vec<Condition>),
    Not(Box<Condition>),

    // Flows.
    /// The flow's protocol is one of these.
    Protocol(Vec<Protocol>),
    /// The flow's encryption in transit is one of these.
    Encryption(Vec<Encryption>),
    /// The flow's authentication (a process: the authentication it enforces) is one of these.
    Authentication(Vec<Authentication>),
    /// Authentication is weaker than this one (`None` < `Basic` < `ApiKey` <
    /// `SessionCookie` < `Jwt` < `OAuth2` < `Oidc` < `ClientCertificate`).
    AuthenticationBelow(Authentication),
    /// The flow's (a process: its) authorization model is one of these.
    Authorization(Vec<Authorization>),
    /// Source and target sit in different trust boundaries.
    CrossesBoundary,
    /// The flow goes from a less trusted into a more trusted boundary.
    EntersMoreTrusted,
    /// The flow is a response to another flow.
    IsResponse,
    /// The flow's source satisfies the condition.
    Source(Box<Condition>),
    /// The flow's target satisfies the condition.
    Target(Box<Condition>),
    /// Some endpoint of the flow satisfies every fact listed.
    Endpoint(Vec<EndpointFact>),
    /// The flow carries at least one endpoint.
    HasEndpoints,

    // Elements.
    /// Some flow into the element satisfies the condition.
    Inbound(Box<Condition>),
    /// Some flow out of the element satisfies the condition.
    Outbound(Box<Condition>),
    Kind(Vec<ElementKindTag>),
    Role(Vec<ProcessRole>),
    Store(Vec<StoreKind>),
    Privileges(Vec<Privileges>),
    /// The element (a flow: its source or target) sits in a boundary of one of these kinds.
    InBoundary(Vec<BoundaryKind>),
    /// Exposed to the internet: internet-facing, or in an internet boundary.
    InternetFacing,
    /// Operated by a third party (an external entity, or in a third-party boundary).
    ThirdParty,
    /// A person rather than a system.
    Human,
    /// A data store holding logs or audit data.
    HoldsLogs,
    EncryptedAtRest,

    // Data.
    /// Carries (a flow), handles (a process) or stores (a data store) data
    /// of at least this classification.
    Data(Classification),
    /// Like `Data`, with credentials left aside: the records an API serves,
    /// not the token or key a caller presents.
    Payload(Classification),
    PersonalData,
    Credentials,

    // Controls and tags.
    /// The control is in place (for a flow: on the flow or on its target).
    HasControl(Control),
    /// The control is not in place.
    Missing(Control),
    Tag(String),
    /// Tagged as a non-production host or flow (`non-production`, `dev`,
    /// `test`, `staging`, `sandbox`).
    NonProduction,
}

/// A fact about one endpoint; `Endpoint([...])` needs one endpoint with all of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum EndpointFact {
    /// The path or query names an object by id.
    ObjectId,
    Admin,
    SensitiveFlow,
    TakesUrl,
    ReturnsList,
    Deprecated,
    Login,
    BindsProperties,
    /// Reachable without credentials: marked `authentication: [None]`, or
    /// inheriting a flow without authentication.
    Public,
    /// Marked `authentication: [None]` itself (`security: []` in OpenAPI).
    DeclaredPublic,
    /// Accepts credentials in a weak way: HTTP basic, an API key in the query
    /// string, or over plain HTTP.
    WeakAuthentication,
    /// Returns fields that look sensitive (`password`, `cardNumber`).
    SensitiveFields,
    /// Takes inputs without a declared bound (`limit` without maximum,
    /// strings without maxLength, uploads without a size limit).
    Unbounded,
    /// Read from an API description: signals it does not give are absent.
    Described,
    /// Declares a rate limit (a 429 response, `RateLimit` headers).
    RateLimited,
    /// A newer version of the same operation is served too.
    Superseded,
    /// Looks like a debug, test or hidden operation.
    Hidden,
    /// Takes an XML request body.
    TakesXml,
    /// The endpoint does not have this fact.
    Not(Box<EndpointFact>),
    Method(Vec<Method>),
    /// The path contains this text (case-insensitive).
    PathContains(String),
}

impl Condition {
    /// How deeply conditions nest (a leaf is 1).
    pub fn depth(&self) -> usize {
        match self {
            Self::All(cs) | Self::Any(cs) => 1 + cs.iter().map(Self::depth).max().unwrap_or(0),
            Self::Not(c)
            | Self::Source(c)
            | Self::Target(c)
            | Self::Inbound(c)
            | Self::Outbound(c) => 1 + c.depth(),
            _ => 1,
        }
    }

    /// The first `All([])`, `Any([])` or `Endpoint([])` inside, which can never mean anything useful.
    pub fn find_empty(&self) -> Option<&'static str> {
        match self {
            Self::All(cs) if cs.is_empty() => Some("All([])"),
            Self::Any(cs) if cs.is_empty() => Some("Any([])"),
            Self::Endpoint(fs) if fs.is_empty() => Some("Endpoint([])"),
            Self::Protocol(v) if v.is_empty() => Some("Protocol([])"),
            Self::All(cs) | Self::Any(cs) => cs.iter().find_map(Self::find_empty),
            Self::Not(c)
            | Self::Source(c)
            | Self::Target(c)
            | Self::Inbound(c)
            | Self::Outbound(c) => c.find_empty(),
            _ => None,
        }
    }
}
