//! Findings: one rule's threat on one element or flow.

use std::sync::Arc;

use serde::{Serialize, Serializer};

use crate::library::{Rating, Stride};
use crate::model::{Control, ElementKindTag, Method, TriageStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, strum::VariantArray)]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: &'static [Self] = <Self as strum::VariantArray>::VARIANTS;

    /// The symbol for a worst open severity (`None`: nothing open), shown
    /// beside every colour so that the meaning survives NO_COLOR, printing
    /// in black and white and colour blindness.
    pub fn mark(worst: Option<Severity>) -> &'static str {
        match worst {
            Some(Severity::Critical) => "!!",
            Some(Severity::High) => "!",
            Some(Severity::Medium) => "~",
            Some(Severity::Low) => "·",
            None => "✓",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
            Self::Critical => "critical",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Self::ALL
            .iter()
            .copied()
            .find(|v| v.as_str().eq_ignore_ascii_case(s))
    }

    /// Likelihood × impact, as in the OWASP risk rating matrix.
    pub fn from_ratings(likelihood: Rating, impact: Rating) -> Severity {
        use Rating::*;
        match (likelihood, impact) {
            (Low, Low) | (Low, Medium) | (Medium, Low) => Self::Low,
            (Medium, Medium) | (Low, High) | (High, Low) => Self::Medium,
            (High, Medium) | (Medium, High) => Self::High,
            (High, High) => Self::Critical,
        }
    }

    pub fn raised(self) -> Severity {
        match self {
            Self::Low => Self::Medium,
            Self::Medium => Self::High,
            Self::High | Self::Critical => Self::Critical,
        }
    }

    /// A CVSS-like score for SARIF's `security-severity`.
    pub fn score(self) -> &'static str {
        match self {
            Self::Low => "3.0",
            Self::Medium => "5.5",
            Self::High => "8.0",
            Self::Critical => "9.5",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Severity {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// What a finding is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TargetKind {
    Flow,
    Element(ElementKindTag),
}

impl TargetKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Flow => "flow",
            Self::Element(ElementKindTag::External) => "external",
            Self::Element(ElementKindTag::Process) => "process",
            Self::Element(ElementKindTag::DataStore) => "data-store",
        }
    }
}

impl Serialize for TargetKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The API operation a finding is about, when its rule is about operations.
/// Ordered by path, then method, so that one resource's operations sit together.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct EndpointRef {
    #[serde(serialize_with = "method_name")]
    pub method: Method,
    pub path: String,
}

impl EndpointRef {
    /// `METHOD /path`, as in finding ids.
    pub fn key(&self) -> String {
        format!("{} {}", self.method.as_str(), self.path)
    }
}

impl Ord for EndpointRef {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.path
            .cmp(&other.path)
            .then_with(|| self.method.cmp(&other.method))
    }
}

impl PartialOrd for EndpointRef {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for EndpointRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.method.as_str(), self.path)
    }
}

fn method_name<S: Serializer>(v: &Method, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(v.as_str())
}

/// The state of a finding for the team.
pub fn status_str(status: TriageStatus) -> &'static str {
    match status {
        TriageStatus::Open => "open",
        TriageStatus::InProgress => "in-progress",
        TriageStatus::Mitigated => "mitigated",
        TriageStatus::Accepted => "accepted",
        TriageStatus::Transferred => "transferred",
        TriageStatus::FalsePositive => "false-positive",
    }
}

/// How a finding's status was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StatusSource {
    /// No control and no triage record: the threat is open.
    Default,
    /// The target carries the rule's mitigating controls.
    Controls,
    /// A triage record in the model.
    Triage,
}

/// One threat on one target. Its id, `RULE@target`, survives edits and
/// reorderings; a threat to one API operation of a flow is
/// `RULE@flow#METHOD /path`, and its `target` is the flow.
///
/// What comes from the rule (id, title, classification, mitigations) is
/// shared between all of the rule's findings rather than copied into each:
/// a large estate has tens of thousands of findings from a few dozen rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub id: String,
    pub rule: Arc<str>,
    pub title: Arc<str>,
    pub target: String,
    pub target_kind: TargetKind,
    /// The operation, for a rule about operations: one finding per operation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<EndpointRef>,
    #[serde(serialize_with = "stride_names")]
    pub stride: Arc<[Stride]>,
    pub owasp: Arc<[String]>,
    pub cwe: Arc<[u32]>,
    pub severity: Severity,
    #[serde(serialize_with = "status_name")]
    pub status: TriageStatus,
    pub status_source: StatusSource,
    /// The controls that mitigate the threat (the rule's list).
    #[serde(serialize_with = "control_names")]
    pub mitigations: Arc<[Control]>,
    /// The mitigating controls already in place on the target.
    #[serde(serialize_with = "control_names")]
    pub mitigated_by: Vec<Control>,
    /// The facts of the model that made the rule's condition true.
    pub explanation: Vec<String>,
    /// The triage note, when a record exists.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "visible_controls"
    )]
    pub note: Option<String>,
    /// Why the triage decision no longer holds (the design changed, or it expired).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stale: Option<String>,
    /// Where the threat comes from: a rule of the library, or the model's
    /// hand-written threats (then `rule` is the threat's id).
    #[serde(skip_serializing_if = "Origin::is_rule")]
    pub origin: Origin,
}

/// Where a finding comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// A rule of the threat library matched the design.
    #[default]
    Rule,
    /// A threat written by hand in the model (or imported from another tool).
    Manual,
}

impl Origin {
    pub fn is_rule(&self) -> bool {
        *self == Origin::Rule
    }
}

impl Finding {
    /// Open or in progress: still needs work.
    pub fn is_open(&self) -> bool {
        matches!(self.status, TriageStatus::Open | TriageStatus::InProgress)
    }

    /// Open, or decided on facts that have since changed: the team must look at it.
    pub fn needs_decision(&self) -> bool {
        (self.status == TriageStatus::Open && self.status_source != StatusSource::Controls)
            || self.stale.is_some()
    }

    /// What the finding is on: the target id, or `flow#METHOD /path` for an
    /// operation (the part of the id after `@`).
    pub fn subject_key(&self) -> &str {
        self.id
            .split_once('@')
            .map_or(self.target.as_str(), |(_, t)| t)
    }

    /// The id of the finding's group: `RULE@flow` for a finding on one
    /// operation (also the id a decision on the whole group is recorded
    /// under), the finding's own id otherwise.
    pub fn group_id(&self) -> std::borrow::Cow<'_, str> {
        if self.endpoint.is_some() {
            std::borrow::Cow::Owned(super::finding_id(&self.rule, &self.target))
        } else {
            std::borrow::Cow::Borrowed(&self.id)
        }
    }

    /// The triage record that decides this finding, found with `lookup`
    /// (by finding id): the operation's own record, else its flow's.
    pub fn deciding_record<'t>(
        &self,
        lookup: impl Fn(&str) -> Option<&'t crate::model::Triage>,
    ) -> Option<&'t crate::model::Triage> {
        let group = self.endpoint.is_some().then(|| self.group_id());
        deciding_record(&self.id, group.as_deref(), lookup)
    }

    pub fn stride_letters(&self) -> String {
        self.stride.iter().map(|s| s.letter()).collect()
    }

    pub fn explanation_text(&self) -> String {
        self.explanation.join("; ")
    }
}

/// A triage note as JSON: control characters (an escape sequence, a bell)
/// made visible, so a tool printing the decoded value cannot drive a terminal.
fn visible_controls<S: Serializer>(v: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(text) => s.serialize_str(&crate::text::sanitize(text, true)),
        None => s.serialize_none(),
    }
}

fn stride_names<S: Serializer>(v: &[Stride], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(v.iter().map(|x| x.name()))
}

fn status_name<S: Serializer>(v: &TriageStatus, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(status_str(*v))
}

fn control_names<S: Serializer>(v: &[Control], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(v.iter().map(Control::name))
}

/// The record that decides finding `id`: its own, else (for an operation)
/// the one on its group `RULE@flow`. An operation's own decision wins.
pub(crate) fn deciding_record<'t>(
    id: &str,
    group: Option<&str>,
    lookup: impl Fn(&str) -> Option<&'t crate::model::Triage>,
) -> Option<&'t crate::model::Triage> {
    lookup(id).or_else(|| group.and_then(&lookup))
}
