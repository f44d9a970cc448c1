//! The JSON report: one document with the model's overview, the summary, the
//! selected findings and the attack paths. Its shape is documented in
//! `docs/report-json.md`; `schema_version` changes when it breaks.

use serde::Serialize;

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
    findings: Vec<&'a Finding>,
    attack_paths: &'a [AttackPath],
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
            counts: Counts {
                boundaries: m.boundaries.len(),
                data: m.data.len(),
                elements: m.elements.len(),
                flows: m.flows.len(),
            },
        },
        summary: input.findings.summary(),
        findings: input.selected(),
        attack_paths: &ctx.paths,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")?;
    Ok(())
}
