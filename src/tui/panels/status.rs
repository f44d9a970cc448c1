//! The two-line status bar: file, unsaved marker, mode, open findings by
//! severity and a message; then the key hints of the mode (or the command line).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::analysis::Severity;

use crate::tui::app::{App, Mode};
use crate::tui::keymap;
use crate::tui::theme::{Theme, severity_mark};

pub fn draw(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    if area.height == 0 {
        return;
    }
    let bar = Style::new().add_modifier(Modifier::REVERSED);
    buf.set_style(Rect::new(area.x, area.y, area.width, 1), bar);
    let file = app
        .path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut spans = vec![
        Span::styled(
            format!(" {} ", app.mode.label()),
            bar.add_modifier(Modifier::BOLD),
        ),
        Span::styled(
            format!(
                " {}{} ",
                crate::text::escape_control(&file),
                if app.dirty { " [+]" } else { "" }
            ),
            bar,
        ),
        Span::styled("│ open ", bar),
    ];
    for sev in Severity::ALL.iter().rev() {
        let n = app
            .summary
            .open_by_severity
            .get(sev.as_str())
            .copied()
            .unwrap_or(0);
        let (sym, _) = severity_mark(Some(*sev));
        let style = if n > 0 {
            theme.severity(Some(*sev)).patch(bar)
        } else {
            bar
        };
        spans.push(Span::styled(format!("{sym}{n} "), style));
    }
    if app.summary.open == 0 {
        spans.push(Span::styled("✓ ", theme.severity(None).patch(bar)));
    }
    if let Some(msg) = &app.message {
        spans.push(Span::styled(
            format!("│ {}", crate::text::escape_control(msg)),
            bar,
        ));
    }
    Line::from(spans).render(Rect::new(area.x, area.y, area.width, 1), buf);
    if area.height < 2 {
        return;
    }
    let second = Rect::new(area.x, area.y + 1, area.width, 1);
    if app.mode == Mode::Command {
        Line::from(vec![
            Span::raw(":"),
            Span::raw(app.command.clone()),
            Span::raw("▏"),
        ])
        .render(second, buf);
        return;
    }
    let mode = if app.mode == Mode::Help {
        app.return_mode
    } else {
        app.mode
    };
    let mut hints = Vec::new();
    for (key, desc) in keymap::hints(mode) {
        hints.push(Span::styled(format!(" {key}"), theme.key()));
        hints.push(Span::raw(format!(" {desc} ")));
    }
    Line::from(hints).render(second, buf);
}
