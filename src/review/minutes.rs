//! The minutes of a design review, in Markdown fit for a wiki or a pull request.

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::analysis::{Findings, Severity, status_str};
use crate::model::{Model, Triage, TriageStatus};

/// Which decisions the minutes cover.
#[derive(Debug, Clone, Default)]
pub enum Period<'a> {
    /// Every decision in the model.
    #[default]
    All,
    /// Decisions dated on this day (`YYYY-MM-DD`).
    On(&'a str),
    /// Decisions that are new or changed since this earlier version of the model.
    Since { label: &'a str, old: &'a Model },
}

impl Period<'_> {
    fn covers(&self, record: &Triage) -> bool {
        match self {
            Period::All => true,
            Period::On(day) => record.date.as_deref() == Some(*day),
            Period::Since { old, .. } => old.triage_for(&record.finding) != Some(record),
        }
    }

    fn describe(&self) -> String {
        match self {
            Period::All => "all recorded decisions".into(),
            Period::On(day) => format!("decisions of {day}"),
            Period::Since { label, .. } => format!("decisions since {label}"),
        }
    }
}

/// Markdown minutes: who reviewed and when, how many findings were decided
/// and how, each decision with its justification, what is left open, and
/// the diagram (`diagram`, a Mermaid flowchart, when given).
pub fn minutes(
    model: &Model,
    findings: &Findings,
    period: &Period,
    diagram: Option<&str>,
) -> String {
    let decided: Vec<&Triage> = model.triage.iter().filter(|t| period.covers(t)).collect();
    let reviewers: BTreeSet<&str> = decided
        .iter()
        .filter_map(|t| t.reviewer.as_deref())
        .collect();
    let dates: BTreeSet<&str> = decided.iter().filter_map(|t| t.date.as_deref()).collect();
    let mut out = String::new();
    let _ = writeln!(out, "# Design review: {}\n", inline(&model.name));
    let _ = writeln!(out, "- **Covers:** {}", period.describe());
    let _ = writeln!(
        out,
        "- **Reviewers:** {}",
        join_or_none(reviewers.iter().map(|r| inline(r)))
    );
    let when = match (dates.first(), dates.last()) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a} to {b}"),
        _ => "not recorded".into(),
    };
    let _ = writeln!(out, "- **When:** {when}");
    let mut counts = Vec::new();
    for &status in TriageStatus::ALL {
        let n = decided.iter().filter(|t| t.status == status).count();
        if n > 0 {
            counts.push(format!("{n} {}", status.label()));
        }
    }
    let _ = writeln!(
        out,
        "- **Decided:** {} finding(s){}",
        decided.len(),
        if counts.is_empty() {
            String::new()
        } else {
            format!(": {}", counts.join(", "))
        }
    );
    let open: Vec<_> = findings
        .items
        .iter()
        .filter(|f| f.needs_decision())
        .collect();
    let by_severity: Vec<String> = Severity::ALL
        .iter()
        .rev()
        .map(|s| format!("{} {s}", open.iter().filter(|f| f.severity == *s).count()))
        .collect();
    let _ = writeln!(
        out,
        "- **Still to decide:** {} ({})\n",
        open.len(),
        by_severity.join(", ")
    );

    let _ = writeln!(out, "## Decisions\n");
    if decided.is_empty() {
        let _ = writeln!(out, "No decisions in this period.\n");
    } else {
        let _ = writeln!(
            out,
            "| Finding | Severity | Decision | Justification | Owner / ticket | Reviewer | Date |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|---|---|");
        for t in &decided {
            let finding = findings.get(&t.finding);
            let title = finding.map_or_else(
                || "(no longer a finding)".to_string(),
                |f| f.title.to_string(),
            );
            let severity = finding.map_or("—", |f| f.severity.as_str());
            let mut decision = t.status.label().to_string();
            if let Some(until) = &t.until {
                decision.push_str(&format!(" until {until}"));
            }
            if finding.is_some_and(|f| f.stale.is_some()) {
                decision.push_str(" (stale)");
            }
            let owner = [t.owner.as_deref(), t.reference.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            let _ = writeln!(
                out,
                "| {} — `{}` | {severity} | {} | {} | {} | {} | {} |",
                cell(&title),
                code(&t.finding),
                cell(&decision),
                cell(&t.note),
                cell(&owner),
                cell(t.reviewer.as_deref().unwrap_or("")),
                cell(t.date.as_deref().unwrap_or("")),
            );
        }
        let _ = writeln!(out);
    }

    let _ = writeln!(out, "## Left open\n");
    if open.is_empty() {
        let _ = writeln!(out, "Nothing: every finding is decided.\n");
    } else {
        let _ = writeln!(out, "| Finding | Severity | Target | Status | Owner |");
        let _ = writeln!(out, "|---|---|---|---|---|");
        for f in &open {
            let owner = model
                .triage_for(&f.id)
                .and_then(|t| t.owner.as_deref())
                .unwrap_or("—");
            let status = if f.stale.is_some() {
                "stale decision"
            } else {
                status_str(f.status)
            };
            let _ = writeln!(
                out,
                "| {} — `{}` | {} | `{}` | {status} | {} |",
                cell(&f.title),
                code(&f.id),
                f.severity,
                code(&f.target),
                cell(owner)
            );
        }
        let _ = writeln!(out);
    }
    if let Some(diagram) = diagram {
        let _ = writeln!(out, "## Diagram\n\n```mermaid\n{}\n```", diagram.trim_end());
    }
    out
}

fn join_or_none(items: impl Iterator<Item = String>) -> String {
    let v: Vec<String> = items.collect();
    if v.is_empty() {
        "not recorded".into()
    } else {
        v.join(", ")
    }
}

/// Text for a table cell: pipes, newlines and HTML cannot break the table.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\n' | '\r' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '`' => out.push_str("\\`"),
            '*' | '_' | '[' | ']' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text inside a code span in a table: backticks and pipes cannot escape it.
fn code(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '`' => '\'',
            '|' => '¦',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

/// Text in a heading or list item.
fn inline(text: &str) -> String {
    cell(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;
    use crate::library::built_in;
    use crate::model::starter::starter_model;
    use crate::review::{Decision, decide, queue};

    #[test]
    fn minutes_list_decisions_of_the_day_and_what_is_left() {
        let mut m = starter_model();
        m.name = "Shop | <b>API</b>".into();
        let findings = analyze(&m, &built_in());
        let first = findings.items[queue(&findings)[0]].clone();
        decide(
            &mut m,
            &first,
            &Decision::Accept {
                note: "line1\nline2 | x".into(),
                until: None,
            },
            "ana",
            "2026-11-28",
        );
        let after = analyze(&m, &built_in());
        let text = minutes(&m, &after, &Period::On("2026-11-28"), None);
        assert!(
            text.starts_with("# Design review: Shop \\| &lt;b&gt;API&lt;/b&gt;\n"),
            "{text}"
        );
        assert!(text.contains("- **Reviewers:** ana"));
        assert!(text.contains("line1 line2 \\| x"));
        for line in text
            .lines()
            .filter(|l| l.starts_with("| ") && l.contains(&first.id))
        {
            assert_eq!(line.matches(" | ").count() + 2, 8, "seven cells: {line}");
        }
        let none = minutes(&m, &after, &Period::On("2020-01-01"), None);
        assert!(none.contains("No decisions in this period."));
    }
}
