//! Elements: external entities, processes and data stores.

use serde::{Deserialize, Serialize};

use super::*;

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

impl Element {
    /// An element with only its id, name and kind: in no boundary, in scope,
    /// nothing else said. Every place that makes an element starts here, so
    /// a new field gets its default in one place.
    pub fn new(id: impl Into<String>, name: impl Into<String>, kind: ElementKind) -> Element {
        Element {
            id: id.into(),
            name: name.into(),
            kind,
            boundary: None,
            owner: None,
            description: String::new(),
            tags: Vec::new(),
            in_scope: true,
            controls: Vec::new(),
        }
    }
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
    /// Every kind, in the order forms and pickers list them.
    pub const ALL: &'static [Self] = &[Self::External, Self::Process, Self::DataStore];

    pub fn label(self) -> &'static str {
        match self {
            Self::External => "external entity",
            Self::Process => "process",
            Self::DataStore => "data store",
        }
    }
}

impl ElementKind {
    /// A kind with every attribute at its default.
    pub fn empty(tag: ElementKindTag) -> Self {
        match tag {
            ElementKindTag::External => Self::External(External::default()),
            ElementKindTag::Process => Self::Process(Process::default()),
            ElementKindTag::DataStore => Self::DataStore(DataStore::default()),
        }
    }

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

choice! {
    #[derive(Default)]
    pub enum ProcessRole {
        Gateway,
        #[default]
        Service,
        Function,
        Worker,
        IdentityProvider,
        WebApp,
    }
}

choice! {
    #[derive(Default)]
    pub enum Privileges {
        /// Runs with only the rights it needs.
        Least,
        #[default]
        Standard,
        /// Root, administrator, or a cloud role that can change infrastructure.
        Elevated,
    }
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

choice! {
    #[derive(Default)]
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
}
