//! The threats panel: findings on the selection, worst first; and the detail
//! of one finding: why it fired, what mitigates it, its triage.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget, Wrap};

use crate::analysis::Finding;
use crate::analysis::group::Place;
use crate::library::Library;
use crate::text::escape_control;
use crate::text::fit;
use crate::tui::app::{App, Mode};
use crate::tui::fold::{Listing, Row};
use crate::tui::theme::{Theme, severity_mark, short};

use super::scroll_for;

/// One finding in a line: symbol, severity, STRIDE, OWASP, status, title.
pub fn finding_line(f: &Finding, width: usize, theme: Theme, with_target: bool) -> Line<'static> {
    grouped_line(f, Place::Alone, width, theme, with_target)
}

/// [`finding_line`] in a list whose operations are grouped: the first of a
/// group names the threat once with its count, the others only their operation.
pub fn grouped_line(
    f: &Finding,
    place: Place,
    width: usize,
    theme: Theme,
    with_target: bool,
) -> Line<'static> {
    let open = f.is_open();
    let head = columns(f, f.severity, status_word(f.status));
    let target = if with_target {
        format!("{}: ", f.target)
    } else {
        String::new()
    };
    let rest = width.saturating_sub(3 + head.chars().count());
    let operation = f.endpoint.as_ref().map(ToString::to_string);
    let text = match (place, operation) {
        (Place::Head(n), Some(op)) => {
            format!(
                "{target}{} — {} · {op}",
                f.title,
                crate::analysis::group::operations(n)
            )
        }
        (Place::Member, Some(op)) => format!("└ {op}"),
        (_, Some(op)) => format!("{target}{} · {op}", f.title),
        (_, None) => format!("{target}{}", f.title),
    };
    let title = fit(&escape_control(&text), rest);
    styled(open.then_some(f.severity), head, title, theme)
}

/// The five-letter status column.
fn status_word(status: crate::model::TriageStatus) -> &'static str {
    match status {
        crate::model::TriageStatus::Open => "open",
        crate::model::TriageStatus::InProgress => "doing",
        crate::model::TriageStatus::Mitigated => "mitig",
        crate::model::TriageStatus::Accepted => "accpt",
        crate::model::TriageStatus::Transferred => "trans",
        crate::model::TriageStatus::FalsePositive => "f.pos",
    }
}

/// Severity, STRIDE, OWASP and status columns.
fn columns(f: &Finding, severity: crate::analysis::Severity, status: &str) -> String {
    let owasp = f
        .owasp
        .first()
        .map(|o| o.split(':').next().unwrap_or(o).to_string())
        .unwrap_or_default();
    format!(
        "{:<4} {:<3} {:<5} {:<5} ",
        short(severity),
        f.stride_letters(),
        owasp,
        status
    )
}

/// A list line: the mark of the worst open severity, the columns, the text
/// (dim when nothing in it is open).
fn styled(
    worst: Option<crate::analysis::Severity>,
    head: String,
    text: String,
    theme: Theme,
) -> Line<'static> {
    let (sym, _) = severity_mark(worst);
    let text_style = if worst.is_some() {
        Style::new()
    } else {
        theme.dim()
    };
    Line::from(vec![
        Span::styled(format!("{sym:<2} "), theme.severity(worst)),
        Span::styled(head, text_style),
        Span::styled(text, text_style),
    ])
}

/// Columns for a group's text from which its count goes last: room for
/// `▸ `, ` — 999 operations, 999 open` and a readable part of the title.
const WIDE_GROUP_LINE: usize = 48;

/// The line of a group of operations: `▸` folded or `▾` open, the threat
/// once, and how many operations (and how many of them open) it covers.
/// Where it does not fit, the count comes first and the title is cut.
pub fn group_line(
    members: &[&Finding],
    folded: bool,
    width: usize,
    theme: Theme,
    with_target: bool,
) -> Line<'static> {
    let Some(first) = members.first() else {
        return Line::raw("");
    };
    let open = members.iter().filter(|f| f.is_open()).count();
    let worst = members
        .iter()
        .filter(|f| f.is_open())
        .map(|f| f.severity)
        .max();
    let severity = members
        .iter()
        .map(|f| f.severity)
        .max()
        .unwrap_or(first.severity);
    let status = if members.iter().all(|f| f.status == first.status) {
        status_word(first.status)
    } else {
        "mixed"
    };
    let head = columns(first, severity, status);
    let n = members.len();
    let count = if open == 0 || open == n {
        format!(" — {}", crate::analysis::group::operations(n))
    } else {
        format!(" — {}, {open} open", crate::analysis::group::operations(n))
    };
    let mark = if folded { "▸ " } else { "▾ " };
    let target = if with_target {
        format!("{}: ", first.target)
    } else {
        String::new()
    };
    let rest = width.saturating_sub(3 + head.chars().count());
    let title = escape_control(&format!("{target}{}", first.title)).into_owned();
    // Where a list is too narrow for the title and the count, every group
    // puts its count first and the title is cut: `▸ 14× Object ids with…`.
    let text = if rest >= WIDE_GROUP_LINE {
        let room = rest.saturating_sub(mark.chars().count() + count.chars().count());
        format!("{mark}{}{count}", fit(&title, room))
    } else {
        let count = format!("{mark}{n}× ");
        let room = rest.saturating_sub(count.chars().count());
        format!("{count}{}", fit(&title, room))
    };
    styled(worst, head, fit(&text, rest), theme)
}

/// One row of a folded list: a finding, an operation under its open group,
/// or a group's line.
pub fn row_line(
    listing: &Listing,
    row: usize,
    width: usize,
    theme: Theme,
    with_target: bool,
) -> Line<'static> {
    match listing.rows.get(row) {
        Some(Row::One { at, member }) => {
            let place = if *member { Place::Member } else { Place::Alone };
            grouped_line(listing.findings[*at], place, width, theme, with_target)
        }
        Some(Row::Group { folded, .. }) => {
            group_line(listing.members(row), *folded, width, theme, with_target)
        }
        None => Line::raw(""),
    }
}

pub fn draw_list(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    let focused = app.mode() == Mode::Threats;
    let rows = app.threat_rows();
    let list = &rows.findings;
    let open = list.iter().filter(|f| f.is_open()).count();
    let title = match app.selected_id() {
        Some(id) => format!(
            " Threats on {} · {open} open of {} ",
            fit(&escape_control(id), 16),
            list.len()
        ),
        None => " Threats ".to_string(),
    };
    Clear.render(area, buf);
    let block = Block::bordered()
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .title(Span::styled(title, theme.title()));
    let inner = block.inner(area);
    block.render(area, buf);
    if list.is_empty() {
        let text = if app.selection.is_some() {
            "✓ no threats found here"
        } else {
            "select an element or flow"
        };
        Line::from(Span::styled(text, theme.dim())).render(inner, buf);
        return;
    }
    let height = usize::from(inner.height);
    let skip = if focused {
        scroll_for(app.threat_cursor, height)
    } else {
        0
    };
    for i in (0..rows.len()).skip(skip).take(height) {
        let rect = Rect::new(inner.x, inner.y + (i - skip) as u16, inner.width, 1);
        row_line(&rows, i, usize::from(inner.width), theme, false).render(rect, buf);
        if focused && i == app.threat_cursor {
            buf.set_style(rect, Style::new().add_modifier(Modifier::REVERSED));
        }
    }
}

/// `STRIDE … · OWASP … · CWE …`, leaving out what the rule does not name.
pub fn classification(f: &Finding) -> String {
    let mut parts = vec![format!(
        "STRIDE {}",
        f.stride
            .iter()
            .map(|s| s.name())
            .collect::<Vec<_>>()
            .join(", ")
    )];
    if !f.owasp.is_empty() {
        parts.push(format!("OWASP {}", f.owasp.join(", ")));
    }
    if !f.cwe.is_empty() {
        let cwe: Vec<String> = f.cwe.iter().map(u32::to_string).collect();
        parts.push(format!("CWE {}", cwe.join(", ")));
    }
    parts.join(" · ")
}

/// The full story of one finding, as an overlay.
pub fn draw_detail(
    f: &Finding,
    library: &Library,
    scroll: usize,
    area: Rect,
    buf: &mut Buffer,
    theme: Theme,
) {
    Clear.render(area, buf);
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .title(Span::styled(
            format!(" {} ", escape_control(&f.id)),
            theme.title(),
        ))
        .title_bottom(Line::from(vec![
            Span::styled(" ↑↓", theme.key()),
            Span::raw(" scroll "),
            Span::styled(" m", theme.key()),
            Span::raw(" control "),
            Span::styled(" a", theme.key()),
            Span::raw(" accept "),
            Span::styled(" Esc", theme.key()),
            Span::raw(" close "),
        ]));
    let inner = block.inner(area);
    block.render(area, buf);
    let worst = f.is_open().then_some(f.severity);
    let (sym, _) = severity_mark(worst);
    let rule = library.get(&f.rule);
    let bold = theme.title();
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("{sym} "), theme.severity(worst)),
            Span::styled(escape_control(&f.title), bold),
        ]),
        Line::from(format!(
            "{} on {} · {} · status {}{}",
            f.severity,
            escape_control(&f.target),
            f.target_kind.as_str(),
            f.status.label(),
            match f.status_source {
                crate::analysis::StatusSource::Controls => " (controls in place)",
                crate::analysis::StatusSource::Triage => " (triaged)",
                crate::analysis::StatusSource::Default => "",
            }
        )),
        Line::from(classification(f)),
        Line::raw(""),
    ];
    if let Some(rule) = rule {
        lines.push(Line::raw(escape_control(rule.description.trim())));
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled("Why it fired", bold));
    for why in &f.explanation {
        lines.push(Line::raw(format!("  • {}", escape_control(why))));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Mitigating controls (m applies one)", bold));
    for c in f.mitigations.iter() {
        lines.push(control_line(&theme, f, c, false));
    }
    if let Some(rule) = rule
        && !rule.recommendation.trim().is_empty()
    {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Recommendation", bold));
        lines.push(Line::raw(escape_control(rule.recommendation.trim())));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Decision (m control · a accept · i t f: see ?)",
        bold,
    ));
    lines.push(Line::raw(format!(
        "  {}{}",
        f.status.label(),
        f.note
            .as_ref()
            .map(|n| format!(": {}", escape_control(n)))
            .unwrap_or_default()
    )));
    if let Some(stale) = &f.stale {
        lines.push(Line::raw(format!(
            "  STALE: {}; decide again",
            escape_control(stale)
        )));
    }
    // Wrapped height, near enough to stop scrolling once the end is shown.
    let width = usize::from(inner.width.max(1));
    let total: usize = lines.iter().map(|l| l.width().max(1).div_ceil(width)).sum();
    let max = total.saturating_sub(usize::from(inner.height));
    let top = u16::try_from(scroll.min(max)).unwrap_or(u16::MAX);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((top, 0))
        .render(inner, buf);
}

/// One mitigating control of a finding: `✓` when in place, `○` when not,
/// with its meaning when there is room for it.
pub fn control_line(
    theme: &Theme,
    f: &Finding,
    control: &crate::model::Control,
    with_meaning: bool,
) -> Line<'static> {
    let on = f.mitigated_by.contains(control);
    let mark = if on {
        Span::styled("  ✓ ", theme.severity(None))
    } else {
        Span::styled("  ○ ", Style::new())
    };
    let mut spans = vec![mark, Span::raw(control.label().to_string())];
    if with_meaning {
        spans.push(Span::styled(
            format!(" — {}", control.meaning()),
            theme.dim(),
        ));
    }
    Line::from(spans)
}
