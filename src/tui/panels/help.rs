//! The help overlay, generated from the keymap so that it never lies: one
//! scrollable column, a heading per section, searchable with `/`.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Widget};

use crate::tui::app::Mode;
use crate::tui::keymap::help_lines;
use crate::tui::theme::{Theme, severity_mark};

use super::centered;

fn section(mode: Mode) -> &'static str {
    match mode {
        Mode::Canvas => "Canvas",
        Mode::Threats => "Threats panel",
        Mode::Findings => "Findings view",
        Mode::Form => "Form",
        Mode::Picker | Mode::Search => "Pickers and search",
        Mode::Prompt | Mode::Command => "Text input and : commands",
        Mode::Confirm => "Questions",
        Mode::Help => "Help",
        Mode::Review => "Review",
    }
}

/// The help as lines: the sections of the mode the user came from first,
/// then the others; with a filter, only the lines that match it (under
/// their section's heading).
pub fn lines(current: Mode, filter: &str, theme: Theme) -> Vec<Line<'static>> {
    let order = [
        Mode::Canvas,
        Mode::Review,
        Mode::Threats,
        Mode::Findings,
        Mode::Form,
        Mode::Picker,
        Mode::Prompt,
        Mode::Help,
    ];
    let current = match current {
        Mode::Search => Mode::Picker,
        Mode::Command => Mode::Prompt,
        m => m,
    };
    let mut modes = vec![current];
    modes.extend(order.iter().copied().filter(|m| *m != current));
    let filter = filter.trim().to_lowercase();
    let mut out: Vec<Line> = Vec::new();
    for mode in modes {
        let mut entries: Vec<(String, String)> = help_lines(mode)
            .into_iter()
            .map(|(k, d)| (k, d.to_string()))
            .collect();
        if mode == Mode::Prompt {
            entries.extend(super::super::commands::help_entries());
        }
        let entries: Vec<(String, String)> = entries
            .into_iter()
            .filter(|(k, d)| {
                filter.is_empty()
                    || k.to_lowercase().contains(&filter)
                    || d.to_lowercase().contains(&filter)
            })
            .collect();
        if entries.is_empty() {
            continue;
        }
        out.push(Line::styled(section(mode), theme.title()));
        for (keys, desc) in entries {
            out.push(Line::from(vec![
                Span::styled(format!("  {keys:<13} "), theme.key()),
                Span::raw(desc),
            ]));
        }
        out.push(Line::raw(""));
    }
    if out.is_empty() {
        out.push(Line::raw(format!(
            "nothing matches `{}`: Esc shows everything",
            crate::text::escape_control(&filter)
        )));
    }
    out
}

pub fn draw(
    current: Mode,
    scroll: usize,
    filter: &str,
    area: Rect,
    buf: &mut Buffer,
    theme: Theme,
) {
    let lines = lines(current, filter, theme);
    let mut legend = vec![Span::styled("Marks ", theme.title())];
    for (sev, name) in [
        (Some(crate::analysis::Severity::Critical), "critical"),
        (Some(crate::analysis::Severity::High), "high"),
        (Some(crate::analysis::Severity::Medium), "medium"),
        (Some(crate::analysis::Severity::Low), "low"),
        (None, "clean"),
    ] {
        legend.push(Span::styled(severity_mark(sev).0, theme.severity(sev)));
        legend.push(Span::raw(format!(" {name}  ")));
    }
    let boxes = Line::raw("Boxes  ┌┐ external  ╭╮ process  ╔╗ store  ┌┄┐ boundary");
    let w = 80.min(area.width);
    let rect = centered(area, w, area.height);
    Clear.render(rect, buf);
    let title = if filter.is_empty() {
        " Help · ↑↓ PgUp PgDn scroll · / search · Esc closes ".to_string()
    } else {
        format!(
            " Help · matching `{}` · Esc shows all ",
            crate::text::escape_control(filter)
        )
    };
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .title(Span::styled(title, theme.title()));
    let inner = block.inner(rect);
    block.render(rect, buf);
    if inner.height < 4 {
        return;
    }
    Line::from(legend).render(Rect::new(inner.x, inner.y, inner.width, 1), buf);
    boxes.render(Rect::new(inner.x, inner.y + 1, inner.width, 1), buf);
    let body = Rect::new(
        inner.x,
        inner.y + 3,
        inner.width,
        inner.height.saturating_sub(4),
    );
    let h = usize::from(body.height);
    // Scrolling stops when the last line is in view.
    let max_scroll = lines.len().saturating_sub(h);
    let from = scroll.min(max_scroll);
    for (r, line) in lines.into_iter().skip(from).take(h).enumerate() {
        line.render(Rect::new(body.x, body.y + r as u16, body.width, 1), buf);
    }
    let shown_to = (from + h).min(max_scroll + h);
    let more = if from < max_scroll {
        format!("↓ more ({} of {} lines)", shown_to, max_scroll + h)
    } else {
        "end".to_string()
    };
    Line::styled(more, theme.dim()).render(
        Rect::new(inner.x, inner.y + inner.height - 1, inner.width, 1),
        buf,
    );
}
