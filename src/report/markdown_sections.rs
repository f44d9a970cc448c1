//! The Markdown report's summary and audit sections (management summary,
//! counts that add up, risk matrix, scope and assumptions, closed findings,
//! model appendix, contributors) and the short form for a pull-request
//! comment.

use std::fmt::Write;

use super::appendix::{self, Align, Medium, Row, Table};
use super::audit::{self, RATINGS_DOWN, rating_str};
use super::escape::{markdown as md, markdown_code as code, markdown_with_code};
use super::sink::Sink;
use super::{Context, ReportInput};
use crate::analysis::{Finding, Severity, Summary, status_str};

/// GitHub refuses a comment longer than this many characters.
pub const COMMENT_LIMIT: usize = 65_536;

/// What the short form keeps free for its closing note.
const CLOSING_RESERVE: usize = 1_024;

pub(super) fn write_contents(out: &mut String) {
    out.push_str("**Contents:** [Management summary](#management-summary) · [Summary](#summary) · [Risk matrix](#risk-matrix) · [Scope and assumptions](#scope-and-assumptions) · [Diagram](#data-flow-diagram) · [Open findings](#open-findings) · [Closed findings](#closed-findings) · [Attack paths](#attack-paths) · [Appendix](#appendix-the-model) · [Contributors](#contributors-and-reviewers)\n\n");
}

pub(super) fn write_management(out: &mut String, input: &ReportInput, ctx: &Context) {
    out.push_str("## Management summary\n\n");
    md(out, &audit::management_summary(input, ctx));
    out.push_str("\n\n");
}

/// `**176 findings**: 107 open, 1 in progress, 64 mitigated, …` — every
/// status named, so the figures add up to the total.
pub(super) fn write_status_line(out: &mut String, s: &Summary) {
    let _ = writeln!(
        out,
        "**{}**: {}.\n",
        crate::text::count(s.total, "finding", "findings"),
        audit::status_line(s)
    );
}

pub(super) fn write_severity_table(out: &mut String, s: &Summary) {
    out.push_str("| Severity | Open or in progress | All |\n|---|---:|---:|\n");
    for sev in Severity::ALL.iter().rev() {
        let open = s.open_by_severity.get(sev.as_str()).copied().unwrap_or(0);
        let all = s.by_severity.get(sev.as_str()).copied().unwrap_or(0);
        let _ = writeln!(out, "| {} | {open} | {all} |", sev.as_str().to_uppercase());
    }
    out.push('\n');
}

pub(super) fn write_risk_matrix(out: &mut String, input: &ReportInput, heading: &str) {
    let cells = audit::risk_matrix(input);
    let _ = write!(
        out,
        "{heading} Risk matrix\n\nOpen findings by the likelihood and impact their rule rates.\n\n| Likelihood ↓ / impact → |"
    );
    for i in RATINGS_DOWN.iter().rev() {
        let _ = write!(out, " {} |", rating_str(*i));
    }
    out.push_str("\n|---|---:|---:|---:|\n");
    for (row, l) in RATINGS_DOWN.iter().enumerate() {
        let _ = write!(out, "| **{}** |", rating_str(*l));
        for (col, i) in RATINGS_DOWN.iter().rev().enumerate() {
            let sev = Severity::from_ratings(*l, *i);
            let _ = write!(out, " {} ({}) |", cells[row][col], sev.as_str());
        }
        out.push('\n');
    }
    out.push('\n');
    let unrated = audit::unrated_open(input, &cells);
    if unrated > 0 {
        let _ = writeln!(
            out,
            "{unrated} open findings have no likelihood and impact and are not counted here.\n"
        );
    }
}

pub(super) fn write_scope(out: &mut String, input: &ReportInput) {
    let m = input.model;
    out.push_str("## Scope and assumptions\n\n");
    if m.scope.trim().is_empty() {
        out.push_str("The model states no scope.\n\n");
    } else {
        md(out, &m.scope);
        out.push_str("\n\n");
    }
    let outside: Vec<&str> = m
        .elements
        .iter()
        .filter(|e| !e.in_scope)
        .map(|e| e.name.as_str())
        .collect();
    if outside.is_empty() {
        out.push_str("- Every element is in scope.\n");
    } else {
        out.push_str("- Out of scope (no threats analysed): ");
        md(out, &outside.join(", "));
        out.push_str(".\n");
    }
    if m.disabled_rules.is_empty() {
        out.push_str("- Every rule of the library was applied.\n");
    } else {
        out.push_str("- Rules switched off for this model: ");
        md(out, &m.disabled_rules.join(", "));
        out.push_str(".\n");
    }
    out.push_str("- Threats are derived from the design as modelled; a control counts as in place when the model says so.\n\n");
}

/// How a closed finding was closed, and who decided.
fn closed_how(ctx: &Context, f: &Finding) -> String {
    let mut how = if f.mitigated_by.is_empty() {
        ReportInput::status_text(f)
    } else {
        let names: Vec<&str> = f.mitigated_by.iter().map(|c| c.label()).collect();
        format!("mitigated by {}", names.join(", "))
    };
    if let Some(d) = audit::decision_text(f, &ctx.tracking(f)) {
        how.push_str("; ");
        how.push_str(&d);
    }
    how
}

pub(super) fn write_closed(out: &mut Sink, ctx: &Context, closed: &[&Finding]) {
    out.push_str("## Closed findings\n\n");
    if closed.is_empty() {
        out.push_str(
            "No finding in this report is mitigated, accepted, transferred or a false positive.\n\n",
        );
        return;
    }
    out.push_str(
        "| Severity | Status | Finding | Target | How, and who decided |\n|---|---|---|---|---|\n",
    );
    for f in closed {
        out.spill();
        let _ = write!(
            out,
            "| {} | {} | ",
            f.severity.as_str().to_uppercase(),
            status_str(f.status)
        );
        md(out, &f.title);
        out.push_str("<br>");
        code(out, &f.id);
        out.push_str(" | ");
        md(out, &ctx.numbered_target(&f.target, f.target_kind));
        out.push_str("<br>");
        code(out, &f.target);
        out.push_str(" | ");
        md(out, &closed_how(ctx, f));
        if let Some(note) = &f.note {
            out.push_str(" — ");
            markdown_with_code(out, note);
        }
        out.push_str(" |\n");
    }
    out.push('\n');
}

pub(super) fn write_appendix(out: &mut Sink, input: &ReportInput, ctx: &Context) {
    out.push_str("## Appendix: the model\n\n");
    appendix::write_tables(out, input, ctx, &MarkdownTables);
}

/// The appendix's tables in Markdown.
struct MarkdownTables;

impl Medium for MarkdownTables {
    fn start(&self, out: &mut String, table: &Table) {
        let _ = write!(out, "### {}\n\n", table.title);
        if let Some(note) = table.note {
            let _ = write!(out, "{note}\n\n");
        }
        for c in table.columns {
            out.push_str("| ");
            out.push_str(c.head);
            out.push(' ');
        }
        out.push_str("|\n");
        for c in table.columns {
            out.push_str(match c.align {
                Align::Number => "|---:",
                Align::Plain | Align::Prose => "|---",
            });
        }
        out.push_str("|\n");
    }

    fn row(&self, out: &mut String, _: &Table, row: &Row) {
        for cell in &row.cells {
            out.push_str("| ");
            super::markdown::write_pieces(out, cell);
            out.push(' ');
        }
        out.push_str("|\n");
    }

    fn end(&self, out: &mut String, _: &Table) {
        out.push('\n');
    }
}

pub(super) fn write_contributors(out: &mut String, input: &ReportInput) {
    out.push_str("## Contributors and reviewers\n\n");
    let people = audit::contributors(input.model);
    if people.is_empty() {
        out.push_str("The model names no owner, decision owner or reviewer.\n\n");
        return;
    }
    out.push_str("| Name | Role |\n|---|---|\n");
    for (name, roles) in people {
        out.push_str("| ");
        md(out, name);
        let _ = writeln!(
            out,
            " | {} |",
            roles.into_iter().collect::<Vec<_>>().join(", ")
        );
    }
    out.push('\n');
}

/// At most `max` characters of `text`, with `…` when cut.
fn clipped(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]).into(),
        None => text.into(),
    }
}

/// The short form for a pull-request comment: the management summary, the
/// counts, the risk matrix and the open findings at or above the chosen
/// severity, as many as fit; a note names what was left out. The whole stays
/// under [`COMMENT_LIMIT`] characters whatever the model holds.
pub(super) fn write_comment(out: &mut String, input: &ReportInput, ctx: &Context) {
    let budget = COMMENT_LIMIT - CLOSING_RESERVE;
    let m = input.model;
    let s = input.findings.summary();
    out.push_str("## Threat model: ");
    md(out, &clipped(m.name.trim(), 200));
    out.push_str("\n\n");
    md(out, &clipped(&audit::management_summary(input, ctx), 2_000));
    out.push_str("\n\n");
    write_status_line(out, &s);
    write_severity_table(out, &s);
    write_risk_matrix(out, input, "###");
    let floor = input.options.min_severity;
    let open: Vec<&Finding> = input
        .findings
        .open()
        .filter(|f| floor.is_none_or(|min| f.severity >= min))
        .collect();
    match floor {
        Some(min) => {
            let _ = write!(out, "### Open findings, {min} and above\n\n");
        }
        None => out.push_str("### Open findings\n\n"),
    }
    if open.is_empty() {
        out.push_str("None.\n\n");
    } else {
        out.push_str("| Severity | Finding | Target | Owner | Due |\n|---|---|---|---|---|\n");
    }
    let mut shown = 0;
    let mut row = String::new();
    for f in &open {
        row.clear();
        let t = ctx.tracking(f);
        let _ = write!(row, "| {} | ", f.severity.as_str().to_uppercase());
        md(&mut row, &clipped(&f.title, 120));
        row.push_str("<br>");
        code(&mut row, &clipped(&f.id, 160));
        row.push_str(" | ");
        md(
            &mut row,
            &clipped(&ctx.numbered_target(&f.target, f.target_kind), 120),
        );
        row.push_str(" | ");
        md(&mut row, &clipped(t.owner.unwrap_or(""), 60));
        row.push_str(" | ");
        md(&mut row, &clipped(t.due.unwrap_or(""), 30));
        row.push_str(" |\n");
        if out.len() + row.len() > budget {
            break;
        }
        out.push_str(&row);
        shown += 1;
    }
    out.push('\n');
    let left = open.len() - shown;
    let below = input.findings.open().count() - open.len();
    if left > 0 || below > 0 {
        let mut parts = Vec::new();
        if left > 0 {
            parts.push(format!(
                "{left} more open findings did not fit in this comment"
            ));
        }
        if below > 0 {
            parts.push(format!(
                "{below} open findings are below the severity shown"
            ));
        }
        let _ = writeln!(
            out,
            "_{}; the full report (`threatmap report --format html`) lists every finding._",
            parts.join(", and ")
        );
    }
}

/// `text` cut at a line boundary so that it fits a pull-request comment,
/// with a closing note saying how many lines were left out. Text that fits
/// is returned as it is. Cutting between lines keeps a table's rows whole;
/// callers must not put code fences in text they cut.
pub fn fit_comment(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().count() < COMMENT_LIMIT {
        return text.into();
    }
    let budget = COMMENT_LIMIT - CLOSING_RESERVE;
    let mut end = 0;
    for (at, _) in text.match_indices('\n') {
        if at + 1 > budget {
            break;
        }
        end = at + 1;
    }
    let left = text[end..].lines().count();
    let mut out = text[..end].to_string();
    let _ = write!(
        out,
        "\n_{left} more lines did not fit in a pull-request comment (GitHub's limit is {COMMENT_LIMIT} characters); run the command locally for the whole text._\n"
    );
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_between_lines_with_a_note() {
        let line = "| a | b |\n";
        let text = line.repeat(COMMENT_LIMIT / line.len() + 100);
        let fitted = fit_comment(&text);
        assert!(fitted.chars().count() < COMMENT_LIMIT);
        assert!(fitted.contains("more lines did not fit"));
        let body = fitted.split("\n_").next().unwrap();
        assert!(body.lines().all(|l| l == "| a | b |"));
        assert_eq!(fit_comment("short\n"), "short\n");
        // One line longer than the limit is left out whole.
        let huge = format!("head\n{}\ntail\n", "x".repeat(COMMENT_LIMIT));
        let fitted = fit_comment(&huge);
        assert!(fitted.starts_with("head\n\n_2 more lines"));
    }
}
