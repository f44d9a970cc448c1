//! The review panel: progress, then the one finding under review with all a
//! team needs to decide (what, where, why it fired, what mitigates it, what
//! was decided before), and the decision keys.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget, Wrap};

use crate::analysis::{Finding, Severity, TargetKind};
use crate::model::Triage;
use crate::review::queue;
use crate::text;

/// Terminal-safe owned text.
fn escape_control(s: &str) -> String {
    text::escape_control(s).into_owned()
}
use crate::tui::app::App;
use crate::tui::review::{Review, current_finding, minutes_path};
use crate::tui::theme::{Theme, severity_mark};

use super::threats::classification;

pub fn draw(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    Clear.render(area, buf);
    let Some(review) = app.review.as_ref() else {
        return;
    };
    let title = if review.at_end() {
        " Review · end of the queue ".to_string()
    } else {
        format!(" Review · {} of {} ", review.at + 1, review.order.len())
    };
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .title(Span::styled(title, theme.title()))
        .title(
            Line::styled(
                format!(" {} · {} ", escape_control(&app.reviewer), app.today),
                theme.dim(),
            )
            .right_aligned(),
        );
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height == 0 {
        return;
    }
    let mut lines = vec![progress(app, review, theme)];
    let keys = if review.at_end() {
        end_lines(app, review, theme, &mut lines);
        end_keys(theme)
    } else {
        match (review.current(), current_finding(app)) {
            (_, Some(f)) => {
                // Blank lines between parts only when there is room for them.
                let roomy = inner.height >= 24;
                finding_lines(app, review, f, theme, roomy, &mut lines);
            }
            (Some(id), None) => {
                lines.push(Line::raw(""));
                lines.push(Line::raw(format!(
                    "{} no longer fires: the design changed under it.",
                    escape_control(id)
                )));
            }
            (None, None) => {}
        }
        decision_keys(theme, inner.width)
    };
    // The keys stay at the bottom; the story above wraps and may be cut.
    let keys = Paragraph::new(keys).wrap(Wrap { trim: false });
    let keys_h = rows(&keys, inner.width).min(inner.height.saturating_sub(4));
    let body = Rect::new(inner.x, inner.y, inner.width, inner.height - keys_h);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(body, buf);
    let keys_rect = Rect::new(inner.x, inner.y + body.height, inner.width, keys_h);
    keys.render(keys_rect, buf);
}

/// `3 decided · 31 to decide (3 critical, 10 high, 18 medium)`.
fn progress(app: &App, review: &Review, theme: Theme) -> Line<'static> {
    let left: Vec<Severity> = queue(&app.findings)
        .into_iter()
        .map(|i| app.findings.items[i].severity)
        .collect();
    let closed = review.closed_by_controls(app);
    let also = if closed > 0 {
        format!(" · {closed} closed by a control")
    } else {
        String::new()
    };
    let mut spans = vec![Span::raw(format!(
        "{} decided{also} · {} to decide",
        review.decided_count(app),
        left.len()
    ))];
    let parts: Vec<(Severity, usize)> = Severity::ALL
        .iter()
        .rev()
        .map(|s| (*s, left.iter().filter(|x| *x == s).count()))
        .filter(|(_, n)| *n > 0)
        .collect();
    if !parts.is_empty() {
        spans.push(Span::raw(" ("));
        for (i, (sev, n)) in parts.iter().enumerate() {
            if i > 0 {
                spans.push(Span::raw(", "));
            }
            spans.push(Span::styled(
                format!("{n} {sev}"),
                theme.severity(Some(*sev)),
            ));
        }
        spans.push(Span::raw(")"));
    }
    Line::from(spans)
}

fn target_line(app: &App, review: &Review, f: &Finding, theme: Theme) -> Line<'static> {
    let what = match f.target_kind {
        TargetKind::Flow => match app.model.flow(&f.target) {
            Some(flow) => format!("flow {} → {}", flow.source, flow.target),
            None => "flow".into(),
        },
        TargetKind::Element(tag) => tag.label().to_string(),
    };
    let same: Vec<&String> = review
        .order
        .iter()
        .filter(|id| {
            id.split_once('@')
                .is_some_and(|(_, t)| crate::model::endpoint::split_target(t).0 == f.target)
        })
        .collect();
    let operation = f
        .endpoint
        .as_ref()
        .map_or_else(String::new, |e| format!(" {e}"));
    let nth = same.iter().position(|id| **id == f.id).map_or(0, |i| i + 1);
    Line::from(vec![
        Span::styled("▸ ", theme.key()),
        Span::styled(escape_control(&f.target), theme.title()),
        Span::styled(escape_control(&operation), theme.title()),
        Span::raw(format!(
            " ({}) · {nth} of {} here",
            escape_control(&what),
            same.len()
        )),
    ])
}

/// For one of several operations with this threat: what the next decision
/// covers, and the key that changes it.
fn group_line(app: &App, review: &Review, f: &Finding, theme: Theme) -> Option<Line<'static>> {
    let n = crate::tui::decide::group_size(app, f);
    if n < 2 {
        return None;
    }
    let ops = crate::analysis::group::operations(n);
    Some(if review.whole_group {
        Line::from(vec![
            Span::styled("◆ next decision: all ", theme.key()),
            Span::styled(ops, theme.key()),
            Span::raw(format!(" of {} ", escape_control(&f.group_id()))),
            Span::styled("g", theme.key()),
            Span::raw(" this one only"),
        ])
    } else {
        Line::from(vec![
            Span::raw(format!("  one of {ops} with this threat · ")),
            Span::styled("g", theme.key()),
            Span::raw(" decides them all"),
        ])
    })
}

fn finding_lines(
    app: &App,
    review: &Review,
    f: &Finding,
    theme: Theme,
    roomy: bool,
    lines: &mut Vec<Line<'static>>,
) {
    let bold = theme.title();
    let gap = |lines: &mut Vec<Line<'static>>| {
        if roomy {
            lines.push(Line::raw(""));
        }
    };
    let (sym, _) = severity_mark(Some(f.severity));
    lines.push(target_line(app, review, f, theme));
    if let Some(line) = group_line(app, review, f, theme) {
        lines.push(line);
    }
    gap(lines);
    lines.push(Line::from(vec![
        Span::styled(format!("{sym} "), theme.severity(Some(f.severity))),
        Span::styled(escape_control(&f.title), bold),
    ]));
    lines.push(Line::from(vec![
        Span::styled(
            f.severity.as_str().to_string(),
            theme.severity(Some(f.severity)),
        ),
        Span::raw(format!(
            " · {} · {}",
            classification(f),
            escape_control(&f.rule)
        )),
    ]));
    if let Some(record) = app.model.triage_for(&f.id) {
        record_lines(record, f, review.decided(app, &f.id), theme, lines);
    }
    gap(lines);
    lines.push(Line::styled("Why it fired", bold));
    for why in &f.explanation {
        lines.push(Line::raw(format!("  • {}", escape_control(why))));
    }
    if !f.mitigations.is_empty() {
        gap(lines);
        lines.push(Line::styled(
            "Mitigating controls (m puts one in place)",
            bold,
        ));
        for c in f.mitigations.iter() {
            lines.push(super::threats::control_line(&theme, f, c, true));
        }
    }
    if let Some(rule) = app.library.get(&f.rule) {
        let text = rule.description.trim();
        if !text.is_empty() {
            gap(lines);
            lines.push(Line::styled("About this threat", bold));
            lines.push(Line::raw(escape_control(text)));
        }
    }
}

/// The decision on record, and why it no longer holds when it is stale.
fn record_lines(
    record: &Triage,
    f: &Finding,
    this_review: bool,
    theme: Theme,
    lines: &mut Vec<Line<'static>>,
) {
    let mut head = format!(
        "{} {}",
        if this_review {
            "Decided in this review:"
        } else {
            "On record:"
        },
        record.status.label()
    );
    if let Some(r) = &record.reviewer {
        head.push_str(&format!(" by {}", escape_control(r)));
    }
    if let Some(d) = &record.date {
        head.push_str(&format!(" on {d}"));
    }
    if let Some(u) = &record.until {
        head.push_str(&format!(" until {u}"));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(head, theme.title()));
    let who = [record.owner.as_deref(), record.reference.as_deref()]
        .into_iter()
        .flatten()
        .map(escape_control)
        .collect::<Vec<_>>()
        .join(" · ");
    if !who.is_empty() {
        lines.push(Line::raw(format!("  {who}")));
    }
    if !record.note.trim().is_empty() {
        lines.push(Line::raw(format!(
            "  “{}”",
            escape_control(record.note.trim())
        )));
    }
    if let Some(why) = &f.stale {
        lines.push(Line::from(vec![
            Span::styled("  ⚠ stale: ", theme.severity(Some(Severity::Medium))),
            Span::raw(format!("{}; decide again", escape_control(why))),
        ]));
    }
}

fn end_lines(app: &App, review: &Review, theme: Theme, lines: &mut Vec<Line<'static>>) {
    let left = queue(&app.findings).len();
    lines.push(Line::raw(""));
    if review.order.is_empty() {
        lines.push(Line::styled("Nothing needs a decision", theme.title()));
        lines.push(Line::raw(
            "Every finding is mitigated by controls or has a decision that still holds.",
        ));
    } else if left == 0 {
        lines.push(Line::styled("Review complete", theme.title()));
        lines.push(Line::raw("Every finding of the queue has a decision."));
    } else {
        lines.push(Line::styled("End of the queue", theme.title()));
        lines.push(Line::raw(format!(
            "{left} finding(s) skipped, still to decide: s goes over them."
        )));
    }
    lines.push(Line::raw(""));
    let file = minutes_path(app)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    lines.push(Line::from(vec![
        Span::styled("w", theme.key()),
        Span::raw(format!(
            " writes the minutes of today's decisions to {}",
            escape_control(&file)
        )),
    ]));
    lines.push(Line::from(vec![
        Span::styled(":minutes FILE", theme.key()),
        Span::raw(" writes them elsewhere"),
    ]));
    if app.dirty {
        lines.push(Line::from(vec![
            Span::styled("Ctrl-s", theme.key()),
            Span::raw(" saves the decisions into the model"),
        ]));
    }
}

/// Rows a paragraph takes at `width`, wrapped as ratatui wraps it.
fn rows(paragraph: &Paragraph, width: u16) -> u16 {
    u16::try_from(paragraph.line_count(width)).unwrap_or(u16::MAX)
}

/// Whether `line` fits on one row of `width`.
fn fits(line: &Line<'static>, width: u16) -> bool {
    rows(
        &Paragraph::new(line.clone()).wrap(Wrap { trim: false }),
        width,
    ) <= 1
}

fn key_spans(keys: &[(&'static str, &'static str)], theme: Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for (key, what) in keys {
        spans.push(Span::styled(*key, theme.key()));
        spans.push(Span::raw(format!(" {what}  ")));
    }
    Line::from(spans)
}

/// The decision keys, in words when they fit on one line.
fn decision_keys(theme: Theme, width: u16) -> Vec<Line<'static>> {
    let long = key_spans(
        &[
            ("m", "control"),
            ("i", "in progress"),
            ("a", "accept"),
            ("t", "transfer"),
            ("f", "false positive"),
            ("s", "skip"),
            ("p", "back"),
        ],
        theme,
    );
    if fits(&long, width) {
        return vec![long];
    }
    let short = key_spans(
        &[
            ("m", "control"),
            ("i", "doing"),
            ("a", "accept"),
            ("t", "transfer"),
            ("f", "false pos."),
            ("s", "skip"),
            ("p", "back"),
        ],
        theme,
    );
    if fits(&short, width) {
        vec![short]
    } else {
        vec![long]
    }
}

fn end_keys(theme: Theme) -> Vec<Line<'static>> {
    vec![key_spans(
        &[
            ("w", "minutes"),
            ("s", "skipped"),
            ("p", "back"),
            ("Esc", "leave"),
        ],
        theme,
    )]
}
