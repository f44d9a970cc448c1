//! A diff as Markdown, written to be pasted as a pull-request comment.
//!
//! Every string from the model is escaped: it cannot close a table cell, open
//! a code span, start HTML or break a line.

use super::{Comparison, FindingChange, item_words, layout_words, model_words};
use crate::analysis::{Severity, status_str};
use crate::text::count;

/// What the comment is about, e.g. `models/shop.ron`, `origin/main`, `working tree`.
#[derive(Debug, Clone)]
pub struct Heading<'a> {
    pub file: &'a str,
    pub old: &'a str,
    pub new: &'a str,
}

/// Renders the comparison; `layout` also lists canvas moves.
pub fn render(c: &Comparison, heading: &Heading, layout: bool) -> String {
    let mut out = format!(
        "### Threat model diff: {} ({} → {})\n\n",
        code(heading.file),
        code(heading.old),
        code(heading.new)
    );
    if let Some(nothing) = c.nothing_to_review() {
        let mut line = capitalised(nothing);
        if nothing == "only layout changed" && !layout {
            line.push_str(" (boxes moved on the canvas)");
        }
        out.push_str(&format!("{line}.\n"));
        if layout {
            push_layout(&mut out, c);
        }
        return out;
    }
    out.push_str(&headline(c));
    out.push_str("\n\n");
    let t = &c.threats;
    if !t.introduced.is_empty() {
        out.push_str("#### New findings\n\n| Severity | Status | Finding | Target | Why |\n|---|---|---|---|---|\n");
        for f in &t.introduced {
            let status = f.new.map_or("gone", |s| status_str(s.status));
            out.push_str(&format!(
                "| **{}** | {} | {} {} | {} | {} |\n",
                f.severity(),
                status,
                text(&f.title),
                cell_code(&f.rule),
                f.place(cell_code),
                text(&f.why)
            ));
        }
        out.push('\n');
    }
    if !t.changed.is_empty() {
        out.push_str("#### Changed findings\n\n");
        for f in &t.changed {
            out.push_str(&format!("- {}\n", finding_line(f)));
        }
        out.push('\n');
    }
    let design: Vec<String> = c
        .design
        .model
        .iter()
        .map(|m| model_words(m, &code))
        .chain(c.design.items.iter().map(|i| item_words(i, &code)))
        .collect();
    if !design.is_empty() {
        out.push_str("#### Design changes\n\n");
        for line in design {
            out.push_str(&format!("- {line}\n"));
        }
        out.push('\n');
    }
    if !t.resolved.is_empty() {
        out.push_str("#### Resolved findings\n\n");
        for f in &t.resolved {
            out.push_str(&format!("- {}\n", finding_line(f)));
        }
        out.push('\n');
    }
    if layout {
        push_layout(&mut out, c);
    } else if !c.design.layout.is_empty() {
        out.push_str(&format!(
            "_Layout: {} box(es) moved on the canvas (not shown)._\n",
            c.design.layout.len()
        ));
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn push_layout(out: &mut String, c: &Comparison) {
    if c.design.layout.is_empty() {
        return;
    }
    out.push_str("\n#### Layout\n\n");
    for l in &c.design.layout {
        out.push_str(&format!("- {}\n", layout_words(l, &code)));
    }
}

/// "**2 new findings** (1 high, 1 medium) · 1 resolved · 1 changed · 3 design changes"
fn headline(c: &Comparison) -> String {
    let t = &c.threats;
    let by_severity: Vec<String> = Severity::ALL
        .iter()
        .rev()
        .filter_map(|s| {
            let n = t.introduced.iter().filter(|f| f.severity() == *s).count();
            (n > 0).then(|| format!("{n} {s}"))
        })
        .collect();
    let mut parts = vec![format!(
        "**{}**",
        count(t.introduced.len(), "new finding", "new findings")
    )];
    if !by_severity.is_empty() {
        parts[0].push_str(&format!(" ({})", by_severity.join(", ")));
    }
    parts.push(format!("{} resolved", t.resolved.len()));
    parts.push(format!("{} changed", t.changed.len()));
    let design = c.design.model.len() + c.design.items.len();
    parts.push(count(design, "design change", "design changes"));
    parts.join(" · ")
}

fn finding_line(f: &FindingChange) -> String {
    format!(
        "**{}** {} {} on {}: {}",
        f.severity(),
        text(&f.title),
        code(&f.rule),
        f.place(code),
        text(&f.why)
    )
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Model text shown as text: Markdown and HTML characters escaped, one line.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in one_line(s).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Model text in a table cell as a code span: pipes are escaped so that the
/// cell still ends where it should (GitHub drops the backslash there).
pub fn cell_code(s: &str) -> String {
    code(&s.replace('|', "\\|"))
}

/// Model text shown as a code span, fenced with more backticks than it holds.
pub fn code(s: &str) -> String {
    let s = one_line(s);
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    if longest == 0 && !s.is_empty() {
        return format!("`{s}`");
    }
    let fence = "`".repeat(longest + 1);
    format!("{fence} {s} {fence}")
}

/// Control characters made visible, so one string stays on one line.
fn one_line(s: &str) -> String {
    crate::text::escape_control(s).into_owned()
}
