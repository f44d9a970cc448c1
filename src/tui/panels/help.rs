//! The help overlay, generated from the keymap so that it never lies.

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

pub fn draw(current: Mode, scroll: usize, area: Rect, buf: &mut Buffer, theme: Theme) {
    let order = [
        Mode::Canvas,
        Mode::Review,
        Mode::Threats,
        Mode::Findings,
        Mode::Form,
        Mode::Picker,
        Mode::Prompt,
    ];
    // The mode the user came from first.
    let mut modes = vec![current];
    modes.extend(order.iter().copied().filter(|m| {
        *m != current
            && !(current == Mode::Search && *m == Mode::Picker)
            && !(current == Mode::Command && *m == Mode::Prompt)
    }));
    let mut lines: Vec<Line> = Vec::new();
    for mode in modes {
        lines.push(Line::styled(section(mode), theme.title()));
        for (keys, desc) in help_lines(mode) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<12} "), theme.key()),
                Span::raw(desc),
            ]));
        }
        if mode == Mode::Prompt {
            lines.push(Line::raw(
                "  :w :q :q! :wq :layout :minutes [FILE] :export FILE.{md,html,json,sarif,csv,ron}",
            ));
        }
        lines.push(Line::raw(""));
    }
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
    let boxes = Line::raw("Boxes  ┌┐ external  ╭╮ process  ╔╗ data store  ┌┄┐ trust boundary");
    let w = 96.min(area.width);
    let rect = centered(area, w, area.height);
    Clear.render(rect, buf);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .title(Span::styled(
            " Help · ↑↓ scroll · Esc closes ",
            theme.title(),
        ));
    let inner = block.inner(rect);
    block.render(rect, buf);
    if inner.height < 3 {
        return;
    }
    Line::from(legend).render(Rect::new(inner.x, inner.y, inner.width, 1), buf);
    boxes.render(Rect::new(inner.x, inner.y + 1, inner.width, 1), buf);
    // Two columns when the lines do not fit in one.
    let body = Rect::new(
        inner.x,
        inner.y + 3,
        inner.width,
        inner.height.saturating_sub(3),
    );
    let h = usize::from(body.height);
    let cols: u16 = if lines.len() > h && body.width >= 92 {
        2
    } else {
        1
    };
    // Scrolling stops when the last line is in view.
    let max_scroll = lines.len().saturating_sub(h * usize::from(cols));
    let lines: Vec<Line> = lines.into_iter().skip(scroll.min(max_scroll)).collect();
    let col_w = body.width / cols;
    for (i, line) in lines.into_iter().enumerate().take(h * usize::from(cols)) {
        let (c, r) = ((i / h.max(1)) as u16, (i % h.max(1)) as u16);
        line.render(
            Rect::new(body.x + c * col_w, body.y + r, col_w.saturating_sub(1), 1),
            buf,
        );
    }
}
