//! The CSV report: a header row and one row per selected finding. Cells that
//! a spreadsheet would read as a formula are neutralised
//! ([`escape::csv_cell`]); quoting follows RFC 4180 through the `csv` crate.

use super::escape::csv_cell;
use super::{ReportError, ReportInput};
use crate::analysis::status_str;
use crate::library::Rating;

pub const HEADER: [&str; 21] = [
    "id",
    "severity",
    "status",
    "rule",
    "title",
    "target",
    "target_kind",
    "stride",
    "owasp",
    "cwe",
    "explanation",
    "mitigations",
    "mitigated_by",
    "note",
    "likelihood",
    "impact",
    "owner",
    "due",
    "reviewer",
    "decided",
    "ticket",
];

/// One of a finding's ratings by name; empty when its rule is unknown.
fn rating(
    input: &ReportInput,
    f: &crate::analysis::Finding,
    pick: fn((Rating, Rating)) -> Rating,
) -> String {
    super::audit::ratings(input, f)
        .map(|r| super::audit::rating_str(pick(r)).to_string())
        .unwrap_or_default()
}

pub fn render(input: &ReportInput) -> Result<String, ReportError> {
    let mut bytes = Vec::new();
    write(input, &mut bytes)?;
    String::from_utf8(bytes).map_err(|e| ReportError::Csv(e.to_string()))
}

/// Writes the rows into `out` one by one.
pub fn write(input: &ReportInput, out: &mut dyn std::io::Write) -> Result<(), ReportError> {
    let selected = input.selected();
    let ctx = super::Context::new(input);
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    let fail = |e: ::csv::Error| {
        if e.is_io_error() {
            ReportError::Io(e.into())
        } else {
            ReportError::Csv(e.to_string())
        }
    };
    writer.write_record(HEADER).map_err(fail)?;
    for f in selected {
        let stride: Vec<&str> = f.stride.iter().map(|s| s.name()).collect();
        let cwe: Vec<String> = f.cwe.iter().map(|c| format!("CWE-{c}")).collect();
        let names = |cs: &[crate::model::Control]| {
            cs.iter()
                .map(|c| c.label().to_string())
                .collect::<Vec<_>>()
                .join("; ")
        };
        let t = ctx.tracking(f);
        let row = [
            f.id.clone(),
            f.severity.as_str().to_string(),
            status_str(f.status).to_string(),
            f.rule.to_string(),
            f.title.to_string(),
            f.target.clone(),
            f.target_kind.as_str().to_string(),
            stride.join("; "),
            f.owasp.join("; "),
            cwe.join("; "),
            f.explanation_text(),
            names(&f.mitigations),
            names(&f.mitigated_by),
            f.note.clone().unwrap_or_default(),
            rating(input, f, |(l, _)| l),
            rating(input, f, |(_, i)| i),
            t.owner.unwrap_or_default().to_string(),
            t.due.unwrap_or_default().to_string(),
            t.reviewer.unwrap_or_default().to_string(),
            t.decided.unwrap_or_default().to_string(),
            t.ticket.unwrap_or_default().to_string(),
        ];
        writer
            .write_record(row.iter().map(|cell| csv_cell(cell).into_owned()))
            .map_err(fail)?;
    }
    writer.flush()?;
    Ok(())
}
