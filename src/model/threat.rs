//! Threats written by hand: what the team knows that no rule does (business
//! logic, abuse cases), and the threats brought in from other tools.
//!
//! Each one becomes a finding in the analysis (see `analysis::manual`), so it
//! gets the same triage, reports, SARIF, diff and review as a rule's finding.

use serde::{Deserialize, Serialize};

use super::control::Control;
use crate::library::Rating;

/// A threat the team wrote, on one element or flow (or one endpoint of a flow).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threat {
    /// Unique among threats; the finding is `id@target`.
    pub id: String,
    pub title: String,
    /// The element or flow the threat is on.
    pub target: String,
    /// One operation of the target flow, `METHOD /path`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// STRIDE letters, e.g. `"TI"`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub stride: String,
    /// OWASP API Security Top 10 ids, e.g. `"API1:2023"`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owasp: Vec<String>,
    /// Given directly; otherwise likelihood × impact; otherwise medium.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<ThreatSeverity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub likelihood: Option<Rating>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<Rating>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Controls that mitigate it: any one of them in place on the target
    /// marks the threat mitigated, as for a rule.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mitigations: Vec<Control>,
    /// What the team plans or has done, in words (imported mitigations land here).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub mitigation_note: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

impl Threat {
    /// A medium threat with nothing but an id, a title and a target.
    pub fn new(id: impl Into<String>, title: impl Into<String>, target: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            title: title.into(),
            target: target.into(),
            endpoint: None,
            stride: String::new(),
            owasp: Vec::new(),
            severity: None,
            likelihood: None,
            impact: None,
            description: String::new(),
            mitigations: Vec::new(),
            mitigation_note: String::new(),
            tags: Vec::new(),
        }
    }

    /// The id of the threat's finding, which triage records name.
    pub fn finding_id(&self) -> String {
        format!("{}@{}", self.id, self.target)
    }
}

choice! {
    /// A hand-written threat's severity, as the analysis grades findings.
    pub enum ThreatSeverity {
        Low,
        Medium,
        High,
        Critical,
    }
}

/// STRIDE letters in a threat's `stride` string.
pub const STRIDE_LETTERS: &str = "STRIDE";
