//! The HTML report's summary and audit sections: the management summary,
//! counts that add up, the risk matrix, scope and assumptions, the closed
//! findings in one compact table, the model appendix and the contributors.

use std::fmt::Write;

use super::appendix::{self, Align, Medium, Row, Table};
use super::audit::{self, RATINGS_DOWN, rating_str};
use super::escape::{anchor, html as esc, html_with_code};
use super::sink::Sink;
use super::{Context, ReportInput, owasp};
use crate::analysis::{Finding, Severity, Summary, status_str};

pub(super) fn write_management(out: &mut String, input: &ReportInput, ctx: &Context) {
    out.push_str("<section id=\"management\"><h2>Management summary</h2>\n<p>");
    esc(out, &audit::management_summary(input, ctx));
    out.push_str("</p>\n</section>\n");
}

pub(super) fn write_summary(out: &mut String, s: &Summary) {
    out.push_str("<section id=\"summary\"><h2>Summary</h2>\n");
    // The status cards add up to the total: every status is named.
    let _ = writeln!(
        out,
        "<div class=\"cards\" aria-label=\"Findings by status\"><div class=\"card total\" data-total=\"{0}\"><b>{0}</b>findings</div>",
        s.total
    );
    for (status, n) in audit::status_counts(s) {
        let _ = writeln!(
            out,
            "<div class=\"card status-{}\" data-count=\"{n}\"><b>{n}</b>{}</div>",
            status_str(status),
            status.label()
        );
    }
    out.push_str("</div>\n<div class=\"cards\" aria-label=\"Open or in progress, by severity\">\n");
    let open = |sev: Severity| s.open_by_severity.get(sev.as_str()).copied().unwrap_or(0);
    for sev in Severity::ALL.iter().rev() {
        let _ = writeln!(
            out,
            "<div class=\"card sev-{0}\"><b>{1}</b>{0} open or in progress</div>",
            sev.as_str(),
            open(*sev)
        );
    }
    out.push_str("</div>\n<div class=\"tables\">\n<table><caption>By severity</caption><thead><tr><th>Severity</th><th class=\"num\">Open</th><th class=\"num\">All</th></tr></thead><tbody>\n");
    for sev in Severity::ALL.iter().rev() {
        let all = s.by_severity.get(sev.as_str()).copied().unwrap_or(0);
        let _ = writeln!(
            out,
            "<tr><td><span class=\"sev sev-{0}\">{0}</span></td><td class=\"num\">{1}</td><td class=\"num\">{all}</td></tr>",
            sev.as_str(),
            open(*sev)
        );
    }
    out.push_str("</tbody></table>\n<table><caption>By STRIDE category</caption><thead><tr><th>Category</th><th class=\"num\">Findings</th></tr></thead><tbody>\n");
    for (stride, n) in s.stride_sorted() {
        let _ = writeln!(
            out,
            "<tr><td>{} ({})</td><td class=\"num\">{n}</td></tr>",
            stride.name(),
            stride.letter()
        );
    }
    out.push_str("</tbody></table>\n");
    let owasp_counts = s.owasp_sorted();
    if !owasp_counts.is_empty() {
        out.push_str("<table><caption>By OWASP API Security Top 10 (2023)</caption><thead><tr><th>Category</th><th class=\"num\">Findings</th></tr></thead><tbody>\n");
        for (id, n) in owasp_counts {
            out.push_str("<tr><td><span class=\"nobr\">");
            esc(out, id);
            out.push_str("</span>");
            if let Some(name) = owasp::name(id) {
                let _ = write!(out, " {name}");
            }
            let _ = writeln!(out, "</td><td class=\"num\">{n}</td></tr>");
        }
        out.push_str("</tbody></table>\n");
    }
    out.push_str("</div>\n</section>\n");
}

pub(super) fn write_risk_matrix(out: &mut String, input: &ReportInput) {
    let cells = audit::risk_matrix(input);
    out.push_str("<section id=\"risk-matrix\"><h2>Risk matrix</h2>\n<p>Open findings by the likelihood and impact their rule rates (data that is restricted can raise a finding's severity one step).</p>\n<table class=\"matrix\"><thead><tr><th scope=\"col\">Likelihood ↓ / impact →</th>");
    for i in RATINGS_DOWN.iter().rev() {
        let _ = write!(out, "<th scope=\"col\">{}</th>", rating_str(*i));
    }
    out.push_str("</tr></thead><tbody>\n");
    for (row, l) in RATINGS_DOWN.iter().enumerate() {
        let _ = write!(out, "<tr><th scope=\"row\">{}</th>", rating_str(*l));
        for (col, i) in RATINGS_DOWN.iter().rev().enumerate() {
            let sev = Severity::from_ratings(*l, *i).as_str();
            let _ = write!(
                out,
                "<td class=\"cell-{sev}\"><b>{}</b> <span class=\"sev sev-{sev}\">{sev}</span></td>",
                cells[row][col]
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
    let unrated = audit::unrated_open(input, &cells);
    if unrated > 0 {
        let _ = writeln!(
            out,
            "<p>{unrated} open findings have no likelihood and impact and are not counted here.</p>"
        );
    }
    out.push_str("</section>\n");
}

pub(super) fn write_scope(out: &mut String, input: &ReportInput) {
    let m = input.model;
    out.push_str("<section id=\"scope\"><h2>Scope and assumptions</h2>\n");
    if m.scope.trim().is_empty() {
        out.push_str("<p>The model states no scope.</p>\n");
    } else {
        out.push_str("<p class=\"text\">");
        esc(out, &m.scope);
        out.push_str("</p>\n");
    }
    out.push_str("<ul>\n");
    let outside: Vec<&str> = m
        .elements
        .iter()
        .filter(|e| !e.in_scope)
        .map(|e| e.name.as_str())
        .collect();
    if outside.is_empty() {
        out.push_str("<li>Every element is in scope.</li>\n");
    } else {
        out.push_str("<li>Out of scope (no threats analysed): ");
        esc(out, &outside.join(", "));
        out.push_str(".</li>\n");
    }
    if m.disabled_rules.is_empty() {
        out.push_str("<li>Every rule of the library was applied.</li>\n");
    } else {
        out.push_str("<li>Rules switched off for this model: ");
        esc(out, &m.disabled_rules.join(", "));
        out.push_str(".</li>\n");
    }
    out.push_str("<li>Threats are derived from the design as modelled; a control counts as in place when the model says so.</li>\n</ul>\n</section>\n");
}

/// Mitigated, accepted, transferred and false-positive findings in one
/// compact table, apart from the open ones.
pub(super) fn write_closed(
    out: &mut Sink,
    input: &ReportInput,
    ctx: &Context,
    closed: &[&Finding],
) {
    out.push_str("<section id=\"closed\"><h2>Closed findings</h2>\n");
    if closed.is_empty() {
        out.push_str("<p>No finding in this report is mitigated, accepted, transferred or a false positive.</p>\n</section>\n");
        return;
    }
    let _ = writeln!(
        out,
        "<p>{} findings are mitigated, accepted, transferred or false positives: how each was closed, and who decided.</p>",
        closed.len()
    );
    out.push_str("<table class=\"list compact\"><colgroup><col class=\"w-sev\"><col class=\"w-status\"><col class=\"w-finding\"><col class=\"w-target\"><col class=\"w-how\"></colgroup><thead><tr><th>Severity</th><th>Status</th><th>Finding</th><th>Target</th><th>How, and who decided</th></tr></thead><tbody>\n");
    for f in closed {
        out.spill();
        let sev = f.severity.as_str();
        out.push_str("<tr id=\"");
        anchor(out, "f-", &f.id);
        let _ = write!(
            out,
            "\"><td><span class=\"sev sev-{sev}\">{sev}</span></td><td>{}</td><td>",
            status_str(f.status)
        );
        esc(out, &f.title);
        out.push_str("<br><code class=\"id\">");
        super::html::id_with_breaks(out, &f.id);
        out.push_str("</code></td><td>");
        super::html::target_cell(out, ctx, f);
        out.push_str("</td><td>");
        let how = if f.mitigated_by.is_empty() {
            super::ReportInput::status_text(f)
        } else {
            let names: Vec<&str> = f.mitigated_by.iter().map(|c| c.label()).collect();
            format!("mitigated by {}", names.join(", "))
        };
        esc(out, &how);
        if let Some(d) = audit::decision_text(f, &ctx.tracking(f)) {
            out.push_str("; ");
            esc(out, &d);
        }
        if let Some(note) = &f.note {
            out.push_str(" — <span class=\"text\">");
            html_with_code(out, note);
            out.push_str("</span>");
        }
        if let Some(stale) = &f.stale {
            out.push_str(" <strong>Stale:</strong> ");
            esc(out, stale);
        }
        out.push_str("</td></tr>\n");
    }
    let _ = input;
    out.push_str("</tbody></table>\n</section>\n");
}

pub(super) fn write_appendix(out: &mut Sink, input: &ReportInput, ctx: &Context) {
    out.push_str("<section id=\"appendix\"><h2>Appendix: the model</h2>\n");
    appendix::write_tables(out, input, ctx, &HtmlTables);
    out.push_str("</section>\n");
}

/// The appendix's tables in HTML.
struct HtmlTables;

impl Medium for HtmlTables {
    fn start(&self, out: &mut String, table: &Table) {
        let _ = writeln!(out, "<h3 id=\"{}\">{}</h3>", table.id, table.title);
        if let Some(note) = table.note {
            let _ = writeln!(out, "<p>{note}</p>");
        }
        out.push_str("<table class=\"list\"><thead><tr>");
        for c in table.columns {
            out.push_str(match c.align {
                Align::Number => "<th class=\"num\">",
                Align::Plain | Align::Prose => "<th>",
            });
            out.push_str(c.head);
            out.push_str("</th>");
        }
        out.push_str("</tr></thead><tbody>\n");
    }

    fn row(&self, out: &mut String, table: &Table, row: &Row) {
        match row.anchor {
            Some((prefix, id)) => {
                out.push_str("<tr id=\"");
                anchor(out, prefix, id);
                out.push_str("\">");
            }
            None => out.push_str("<tr>"),
        }
        for (column, cell) in table.columns.iter().zip(&row.cells) {
            out.push_str(match column.align {
                Align::Plain => "<td>",
                Align::Number => "<td class=\"num\">",
                Align::Prose => "<td class=\"text\">",
            });
            super::html::write_pieces(out, cell);
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }

    fn end(&self, out: &mut String, _: &Table) {
        out.push_str("</tbody></table>\n");
    }
}

pub(super) fn write_contributors(out: &mut String, input: &ReportInput) {
    out.push_str("<section id=\"contributors\"><h2>Contributors and reviewers</h2>\n");
    let people = audit::contributors(input.model);
    if people.is_empty() {
        out.push_str("<p>The model names no owner, decision owner or reviewer.</p>\n</section>\n");
        return;
    }
    out.push_str("<table><thead><tr><th>Name</th><th>Role</th></tr></thead><tbody>\n");
    for (name, roles) in people {
        out.push_str("<tr><td>");
        esc(out, name);
        out.push_str("</td><td>");
        out.push_str(&roles.into_iter().collect::<Vec<_>>().join(", "));
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody></table>\n</section>\n");
}

/// The recommendation and references of each rule with an open finding,
/// once; printed only, since on screen each finding carries its own.
pub(super) fn write_rules(out: &mut Sink, input: &ReportInput, open: &[&Finding]) {
    let mut seen = std::collections::BTreeSet::new();
    let rules: Vec<&crate::library::Rule> = open
        .iter()
        .filter(|f| seen.insert(&*f.rule))
        .filter_map(|f| input.library.get(&f.rule))
        .collect();
    if rules.is_empty() {
        return;
    }
    out.push_str(
        "<section id=\"rules\" class=\"print\"><h2>Appendix: recommendations by rule</h2>\n",
    );
    for rule in rules {
        out.spill();
        out.push_str("<div class=\"rule\" id=\"");
        anchor(out, "rule-", &rule.id);
        out.push_str("\"><h4>");
        esc(out, &rule.title);
        out.push_str(" <code>");
        esc(out, &rule.id);
        out.push_str("</code></h4>\n<p class=\"text\">");
        html_with_code(out, &rule.recommendation);
        out.push_str("</p>\n");
        if !rule.references.is_empty() {
            out.push_str("<p class=\"meta\">");
            for (i, r) in rule.references.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                super::html::reference(out, r);
            }
            out.push_str("</p>\n");
        }
        out.push_str("</div>\n");
    }
    out.push_str("</section>\n");
}
