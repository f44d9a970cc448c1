//! The findings view: every finding of the model, filterable by severity,
//! STRIDE category, OWASP id and status.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use crate::text::escape_control;
use crate::tui::app::App;
use crate::tui::theme::Theme;

use super::scroll_for;
use super::threats::row_line;

pub fn draw(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    Clear.render(area, buf);
    let rows = app.findings_rows();
    let list = &rows.findings;
    let f = &app.filter;
    let filter = |name: &str, v: Option<String>| -> Vec<Span<'static>> {
        let on = v.is_some();
        vec![
            Span::raw(format!("{name} ")),
            Span::styled(
                v.unwrap_or_else(|| "all".into()),
                if on { theme.key() } else { theme.dim() },
            ),
            Span::raw("  "),
        ]
    };
    let mut head = Vec::new();
    head.extend(filter("s severity", f.severity.map(|s| s.to_string())));
    head.extend(filter("c STRIDE", f.stride.map(|s| s.name().to_string())));
    head.extend(filter("o OWASP", f.owasp.clone()));
    head.extend(filter("x status", f.status.map(|s| s.label().to_string())));
    let block = Block::bordered().title(Span::styled(
        format!(
            " Findings · {} shown of {} · {} open ",
            list.len(),
            app.findings.items.len(),
            app.summary.open
        ),
        theme.title(),
    ));
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height < 3 {
        return;
    }
    Line::from(head).render(Rect::new(inner.x, inner.y, inner.width, 1), buf);
    let preview_h = if inner.height >= 16 { 5 } else { 0 };
    let list_h = inner.height - 1 - preview_h;
    let height = usize::from(list_h);
    let skip = scroll_for(app.findings_cursor, height);
    for i in (0..rows.len()).skip(skip).take(height) {
        let rect = Rect::new(inner.x, inner.y + 1 + (i - skip) as u16, inner.width, 1);
        row_line(&rows, i, usize::from(inner.width), theme, true).render(rect, buf);
        if i == app.findings_cursor {
            buf.set_style(rect, Style::new().add_modifier(Modifier::REVERSED));
        }
    }
    if list.is_empty() {
        Line::from(Span::styled(
            "no finding matches the filters (0 clears them)",
            theme.dim(),
        ))
        .render(Rect::new(inner.x, inner.y + 1, inner.width, 1), buf);
    }
    if preview_h > 0
        && let Some(cur) = rows.members(app.findings_cursor).first()
    {
        let rect = Rect::new(
            inner.x,
            inner.y + inner.height - preview_h,
            inner.width,
            preview_h,
        );
        let mut lines = vec![Line::styled(
            "─".repeat(usize::from(inner.width)),
            theme.dim(),
        )];
        lines.push(Line::from(vec![
            Span::styled("why: ", theme.title()),
            Span::raw(escape_control(&cur.explanation_text()).into_owned()),
        ]));
        lines.push(mitigation_line(app, cur, &theme));
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(rect, buf);
    }
}

/// "mitigated by" the controls in place, or "mitigate with" the rule's
/// controls while none is: an open finding never claims a mitigation.
fn mitigation_line(app: &App, f: &crate::analysis::Finding, theme: &Theme) -> Line<'static> {
    let (title, controls, joiner) = if f.mitigated_by.is_empty() {
        let joiner = app
            .library
            .get(&f.rule)
            .map_or(" or ", |r| r.mitigations.joiner());
        ("mitigate with: ", &f.mitigations[..], joiner)
    } else {
        ("mitigated by: ", &f.mitigated_by[..], ", ")
    };
    let labels: Vec<&str> = controls.iter().map(|c| c.label()).collect();
    Line::from(vec![
        Span::styled(title, theme.title()),
        Span::raw(labels.join(joiner)),
    ])
}
