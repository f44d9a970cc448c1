//! Trust boundaries and their kinds.

use serde::{Deserialize, Serialize};

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

labelled_choice! {
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
}

impl BoundaryKind {
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
}
