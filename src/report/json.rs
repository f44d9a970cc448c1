//! The JSON report: one document with the model's overview, the summary, the
//! selected findings and the attack paths. Its shape is documented in
//! `docs/report-json.md`; `schema_version` changes when it breaks.

use serde::Serialize;

use super::audit::{self, Tracking, Trend};
use super::{Context, ReportError, ReportInput, TOOL_NAME, TOOL_VERSION};
use crate::analysis::graph::AttackPath;
use crate::analysis::{Finding, Summary};

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    tool: Tool,
    #[serde(skip_serializing_if = "Option::is_none")]
    generated_at: Option<&'a str>,
    model: ModelInfo<'a>,
    summary: Summary,
    /// Open findings by likelihood (rows: high, medium, low) × impact
    /// (columns: low, medium, high).
    risk_matrix: [[usize; 3]; 3],
    #[serde(skip_serializing_if = "Option::is_none")]
    trend: Option<&'a Trend>,
    findings: Vec<FindingDoc<'a>>,
    attack_paths: &'a [AttackPath],
}

/// A finding with its likelihood, impact and risk-tracking facts.
#[derive(Serialize)]
struct FindingDoc<'a> {
    #[serde(flatten)]
    finding: &'a Finding,
    #[serde(skip_serializing_if = "Option::is_none")]
    likelihood: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    impact: Option<&'static str>,
    tracking: Tracking<'a>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct ModelInfo<'a> {
    name: &'a str,
    description: &'a str,
    version: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    file: &'a str,
    /// The first 16 hex digits of the SHA-256 of the model's canonical text.
    content_hash: String,
    owners: &'a [String],
    scope: &'a str,
    counts: Counts,
}

#[derive(Serialize)]
struct Counts {
    boundaries: usize,
    data: usize,
    elements: usize,
    flows: usize,
}

pub fn render(input: &ReportInput) -> Result<String, ReportError> {
    let mut bytes = Vec::new();
    write(input, &mut bytes)?;
    String::from_utf8(bytes).map_err(|e| ReportError::Io(std::io::Error::other(e)))
}

/// Writes the document into `out` as it is serialized.
pub fn write(input: &ReportInput, out: &mut dyn std::io::Write) -> Result<(), ReportError> {
    let ctx = Context::new(input);
    let m = input.model;
    let doc = Document {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: TOOL_NAME,
            version: TOOL_VERSION,
        },
        generated_at: input.options.generated_at.as_deref(),
        model: ModelInfo {
            name: &m.name,
            description: &m.description,
            version: &m.version,
            file: input.model_path,
            content_hash: audit::content_hash(m),
            owners: &m.owners,
            scope: &m.scope,
            counts: Counts {
                boundaries: m.boundaries.len(),
                data: m.data.len(),
                elements: m.elements.len(),
                flows: m.flows.len(),
            },
        },
        summary: input.findings.summary(),
        risk_matrix: audit::risk_matrix(input),
        trend: input.options.trend.as_ref(),
        findings: input
            .selected()
            .into_iter()
            .map(|f| {
                let ratings = audit::ratings(input, f);
                FindingDoc {
                    finding: f,
                    likelihood: ratings.map(|(l, _)| audit::rating_str(l)),
                    impact: ratings.map(|(_, i)| audit::rating_str(i)),
                    tracking: ctx.tracking(f),
                }
            })
            .collect(),
        attack_paths: &ctx.paths,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")?;
    Ok(())
}
