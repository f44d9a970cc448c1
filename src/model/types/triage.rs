//! The team's decisions on findings.

use serde::{Deserialize, Serialize};

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

labelled_choice! {
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
}
