//! The two-line status bar: file, unsaved marker, mode, open findings by
//! severity and a message; then the key hints of the mode (or the command line).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use crate::analysis::Severity;

use crate::tui::app::App;
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
            format!(" {} ", app.mode().label()),
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
    // A message that does not fit after the counts takes the second line.
    let used: usize = spans.iter().map(|s| s.width()).sum();
    let mut long_message = None;
    if let Some(msg) = &app.message {
        let msg = crate::text::escape_control(msg).into_owned();
        if used + 2 + msg.width() <= usize::from(area.width) {
            spans.push(Span::styled(format!("│ {msg}"), bar));
        } else {
            long_message = Some(msg);
        }
    }
    Line::from(spans).render(Rect::new(area.x, area.y, area.width, 1), buf);
    if area.height < 2 {
        return;
    }
    let second = Rect::new(area.x, area.y + 1, area.width, 1);
    if let Some(line) = app.command_line() {
        Line::from(vec![
            Span::raw(":"),
            Span::raw(line.clone()),
            Span::raw("▏"),
        ])
        .render(second, buf);
        return;
    }
    if let Some(msg) = long_message {
        Line::raw(word_fit(&msg, usize::from(area.width))).render(second, buf);
        return;
    }
    if let Some(q) = app.question() {
        Line::styled(format!(" {}", q.keys()), theme.key()).render(second, buf);
        return;
    }
    let all = keymap::hints_here(app.mode(), app.picker().is_some_and(|p| p.multi));
    let shown = fit_hints(&all, usize::from(area.width));
    let mut hints = Vec::new();
    for (key, desc) in shown {
        hints.push(Span::styled(format!(" {key}"), theme.key()));
        hints.push(Span::raw(format!(" {desc} ")));
    }
    Line::from(hints).render(second, buf);
}

/// The hints that fit in `width`: `? help` and `q quit` always stay; others
/// are dropped from the end until the rest fits, never cut mid-word.
pub fn fit_hints(all: &[(String, &'static str)], width: usize) -> Vec<(String, &'static str)> {
    let cost = |h: &(String, &str)| h.0.width() + h.1.width() + 3;
    let essential = |h: &(String, &str)| matches!(h.1, "help" | "quit");
    let mut shown: Vec<(String, &'static str)> = all.to_vec();
    while shown.iter().map(cost).sum::<usize>() > width {
        let Some(at) = shown.iter().rposition(|h| !essential(h)) else {
            break;
        };
        shown.remove(at);
    }
    shown
}

/// `text` cut at a word boundary to `width` terminal columns (display
/// width, as `text::fit` counts), with `…` when cut.
pub fn word_fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let fitted = crate::text::fit(text, width);
    let head = fitted.strip_suffix('…').unwrap_or(&fitted);
    let cut = head
        .rfind(' ')
        .filter(|&i| i > head.len() / 2)
        .unwrap_or(head.len());
    format!("{}…", head[..cut].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_count_two_columns_when_a_message_is_cut() {
        // Eight CJK characters take 16 columns: cut to 10, at most 10 remain.
        let cut = word_fit("注文一覧 取得する", 10);
        assert!(cut.width() <= 10, "{cut:?} is {} wide", cut.width());
        assert_eq!(cut, "注文一覧…");
        assert_eq!(word_fit("saved orders.ron", 40), "saved orders.ron");
        assert_eq!(
            word_fit("applied rate limiting to shop", 20),
            "applied rate…"
        );
    }

    #[test]
    fn hints_are_measured_in_columns() {
        let hints = vec![
            ("a".to_string(), "追加する"),
            ("?".to_string(), "help"),
            ("q".to_string(), "quit"),
        ];
        // `a 追加する` costs 1 + 8 + 3 = 12 columns; with help (8) and quit (8)
        // that is 28, over 20, so the wide hint goes.
        let shown = fit_hints(&hints, 20);
        assert_eq!(shown.len(), 2);
        assert!(shown.iter().all(|h| h.1 != "追加する"));
    }
}
