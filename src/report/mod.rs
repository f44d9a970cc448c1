//! Reports of a model and its findings: Markdown, self-contained HTML, JSON,
//! SARIF 2.1.0 and CSV; and diagrams of the data flow as Mermaid, DOT and SVG.
//!
//! Every renderer takes a [`ReportInput`] and writes the document in one pass
//! into a writer, a piece at a time ([`write`]), or returns it as a `String`
//! ([`render`]). Output depends only on the input: no clock (unless a
//! timestamp is passed in), no hash-map order.

mod appendix;
pub mod audit;
pub mod csv;
pub mod diagram;
pub mod dot;
pub mod escape;
pub mod html;
mod html_sections;
pub mod json;
pub mod markdown;
mod markdown_sections;
pub mod mermaid;
pub mod owasp;
mod pieces;
pub mod sarif;
pub mod sink;
pub mod svg;

use std::collections::{BTreeMap, HashMap};

use crate::analysis::graph::{AttackPath, attack_paths};
use crate::analysis::{Finding, Findings, Severity, TargetKind};
use crate::library::Library;
use crate::model::{Element, Flow, Model, ModelIndex, SourceIndex};

/// The tool name and version written into reports.
pub const TOOL_NAME: &str = "threatmap";
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// What to include in a report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportOptions {
    /// Leave out findings that are mitigated, accepted, transferred or false
    /// positives.
    pub only_open: bool,
    /// Leave out findings below this severity.
    pub min_severity: Option<Severity>,
    /// SARIF only: also list non-open findings, marked with `suppressions`.
    /// Without it SARIF lists open findings only.
    pub sarif_suppressed: bool,
    /// When the report was made (RFC 3339); none keeps output reproducible.
    pub generated_at: Option<String>,
    /// How the findings moved since an earlier revision (`--since REV`).
    pub trend: Option<audit::Trend>,
    /// Markdown only: the short form for a pull-request comment (summary,
    /// open findings at or above `min_severity`, a note for the rest), kept
    /// under [`markdown::COMMENT_LIMIT`] characters.
    pub summary_only: bool,
}

/// Everything a report is made from.
pub struct ReportInput<'a> {
    pub model: &'a Model,
    pub findings: &'a Findings,
    pub library: &'a Library,
    /// Where ids are declared in the model file, for SARIF locations.
    pub source: Option<&'a SourceIndex>,
    /// The model file as the user named it.
    pub model_path: &'a str,
    pub options: ReportOptions,
}

impl<'a> ReportInput<'a> {
    pub fn new(model: &'a Model, findings: &'a Findings, library: &'a Library) -> Self {
        Self {
            model,
            findings,
            library,
            source: None,
            model_path: "",
            options: ReportOptions::default(),
        }
    }

    /// A finding's STRIDE names, OWASP ids and CWE ids, joined by ` · `.
    pub fn classification(f: &Finding) -> String {
        let mut parts: Vec<String> = vec![
            f.stride
                .iter()
                .map(|s| s.name())
                .collect::<Vec<_>>()
                .join(", "),
        ];
        parts.extend(f.owasp.iter().cloned());
        parts.extend(f.cwe.iter().map(|c| format!("CWE-{c}")));
        parts.join(" · ")
    }

    /// A finding's status and how it was decided, e.g. `mitigated (controls in place)`.
    pub fn status_text(f: &Finding) -> String {
        let how = match f.status_source {
            crate::analysis::StatusSource::Default => "",
            crate::analysis::StatusSource::Controls => " (controls in place)",
            crate::analysis::StatusSource::Triage => " (triage)",
        };
        format!("{}{how}", crate::analysis::status_str(f.status))
    }

    /// The model's key facts for a report's header: (label, value) pairs.
    pub fn facts(&self) -> Vec<(&'static str, String)> {
        let m = self.model;
        let mut facts = Vec::new();
        if !m.version.is_empty() {
            facts.push(("Version", m.version.clone()));
        }
        if !m.owners.is_empty() {
            facts.push(("Owners", m.owners.join(", ")));
        }
        if !self.model_path.is_empty() {
            facts.push(("Model file", self.model_path.to_string()));
        }
        facts.push(("Model content", audit::content_hash(m)));
        if let Some(t) = &self.options.trend {
            facts.push(("Compared with", t.since.clone()));
        }
        facts.push((
            "Report date",
            self.options
                .generated_at
                .clone()
                .unwrap_or_else(|| "not recorded (add --timestamp)".to_string()),
        ));
        facts.push(("Contents", m.contents()));
        facts
    }

    /// The findings the options select, in the analysis order (worst first).
    pub fn selected(&self) -> Vec<&'a Finding> {
        let o = &self.options;
        self.findings
            .items
            .iter()
            .filter(|f| !o.only_open || f.is_open())
            .filter(|f| o.min_severity.is_none_or(|min| f.severity >= min))
            .collect()
    }
}

/// The report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    Json,
    Sarif,
    Csv,
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("cannot serialize the report: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot write CSV: {0}")]
    Csv(String),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Renders a report in `format`.
pub fn render(format: Format, input: &ReportInput) -> Result<String, ReportError> {
    Ok(match format {
        Format::Markdown => markdown::render(input),
        Format::Html => html::render(input),
        Format::Json => json::render(input)?,
        Format::Sarif => sarif::render(input)?,
        Format::Csv => csv::render(input)?,
    })
}

/// Writes a report in `format` into `out` as it is composed, so that a
/// report of tens of thousands of findings is never held in memory whole.
pub fn write(
    format: Format,
    input: &ReportInput,
    out: &mut dyn std::io::Write,
) -> Result<(), ReportError> {
    match format {
        Format::Markdown => sink::Sink::write_with(out, |s| markdown::write(input, s))?,
        Format::Html => sink::Sink::write_with(out, |s| html::write(input, s))?,
        Format::Json => json::write(input, out)?,
        Format::Sarif => sarif::write(input, out)?,
        Format::Csv => csv::write(input, out)?,
    }
    Ok(())
}

/// Lookups every renderer needs, built once per report.
pub(crate) struct Context<'a> {
    pub model: &'a Model,
    pub index: ModelIndex,
    pub paths: Vec<AttackPath>,
    /// Triage records by finding id.
    pub triage: HashMap<&'a str, &'a crate::model::Triage>,
    /// Each flow's number, as the diagram shows it ([`crate::layout::flow_numbers`]).
    pub numbers: BTreeMap<String, usize>,
}

impl<'a> Context<'a> {
    pub fn new(input: &ReportInput<'a>) -> Self {
        Self {
            model: input.model,
            index: ModelIndex::new(input.model),
            paths: attack_paths(input.model, input.findings),
            triage: input
                .model
                .triage
                .iter()
                .map(|t| (t.finding.as_str(), t))
                .collect(),
            numbers: crate::layout::flow_numbers(input.model),
        }
    }

    pub fn element(&self, id: &str) -> Option<&'a Element> {
        self.index.element(self.model, id)
    }

    pub fn flow(&self, id: &str) -> Option<&'a Flow> {
        self.index.flow(self.model, id)
    }

    /// A person-readable name of a finding's target: an element's name, or a
    /// flow's `source → target` names.
    pub fn target_name(&self, id: &str, kind: TargetKind) -> String {
        match kind {
            TargetKind::Flow => match self.flow(id) {
                Some(f) => format!(
                    "{} → {}",
                    self.element_name(&f.source),
                    self.element_name(&f.target)
                ),
                None => id.to_string(),
            },
            TargetKind::Element(_) => self.element_name(id).to_string(),
        }
    }

    /// [`Self::target_name`] with a flow's number in front (`#3 Web shop →
    /// API gateway`), the number the diagram puts on its line: what the
    /// findings tables show.
    pub fn numbered_target(&self, id: &str, kind: TargetKind) -> String {
        let name = self.target_name(id, kind);
        match (kind, self.numbers.get(id)) {
            (TargetKind::Flow, Some(n)) => format!("#{n} {name}"),
            _ => name,
        }
    }

    /// A flow's number as the diagram shows it (0 for an unknown flow).
    pub fn flow_number(&self, id: &str) -> usize {
        self.numbers.get(id).copied().unwrap_or(0)
    }

    pub fn element_name<'s>(&self, id: &'s str) -> &'s str
    where
        'a: 's,
    {
        self.element(id).map_or(id, |e| e.name.as_str())
    }
}

/// The model path to show in a report: as given when relative; when
/// absolute, relative to the working directory or to the root of the git
/// repository that holds it; failing both, the file name alone, so a report
/// never shows a home directory.
pub fn shown_path(path: &std::path::Path) -> String {
    if !path.is_absolute() {
        return path.display().to_string();
    }
    let relative_to = |base: &std::path::Path| {
        path.strip_prefix(base)
            .ok()
            .filter(|p| !p.as_os_str().is_empty())
            .map(|p| p.display().to_string())
    };
    if let Some(p) = std::env::current_dir()
        .ok()
        .and_then(|cwd| relative_to(&cwd))
    {
        return p;
    }
    if let Some(p) = path
        .ancestors()
        .skip(1)
        .find(|dir| dir.join(".git").exists())
        .and_then(relative_to)
    {
        return p;
    }
    path.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// Findings grouped by target, groups in order of first appearance: since
/// findings come worst first, the target with the worst finding leads.
pub(crate) fn group_by_target<'f>(findings: &[&'f Finding]) -> Vec<(&'f str, Vec<&'f Finding>)> {
    let mut slot: HashMap<&str, usize> = HashMap::new();
    let mut groups: Vec<(&str, Vec<&Finding>)> = Vec::new();
    for f in findings {
        let i = *slot.entry(f.target.as_str()).or_insert_with(|| {
            groups.push((f.target.as_str(), Vec::new()));
            groups.len() - 1
        });
        groups[i].1.push(f);
    }
    groups
}

/// Worst open severity of each target, computed in one pass (the model can
/// hold thousands of targets, so no per-target scan of all findings).
pub(crate) fn worst_open_by_target(findings: &Findings) -> HashMap<&str, Severity> {
    let mut worst: HashMap<&str, Severity> = HashMap::new();
    for f in findings.open() {
        let w = worst.entry(f.target.as_str()).or_insert(f.severity);
        if f.severity > *w {
            *w = f.severity;
        }
    }
    worst
}

/// The label of a flow on a diagram: its protocol, and its label when set.
pub(crate) fn flow_label(flow: &Flow) -> String {
    if flow.label.is_empty() {
        flow.protocol.label().to_string()
    } else {
        format!("{}: {}", flow.protocol.label(), flow.label)
    }
}

/// Controls as one line of their labels, joined by `joiner`.
pub(crate) fn control_labels(controls: &[crate::model::Control], joiner: &str) -> String {
    let names: Vec<&str> = controls.iter().map(|c| c.label()).collect();
    names.join(joiner)
}

/// The controls that would mitigate `f`, joined as its rule asks for them:
/// `A or B`, or `A and B` when every one is needed.
pub(crate) fn mitigate_with(input: &ReportInput, f: &Finding) -> String {
    let joiner = input
        .library
        .get(&f.rule)
        .map_or(" or ", |r| r.mitigations.joiner());
    control_labels(&f.mitigations, joiner)
}
