//! Data assets and how sensitive they are.

use serde::{Deserialize, Serialize};

use super::*;

labelled_choice! {
    /// How sensitive a piece of data is, in increasing order.
    #[derive(Default)]
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
