//! Dialogs over the canvas: pickers (with a filter), text prompts and questions.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Widget};

use crate::text::escape_control;
use crate::text::fit;
use crate::tui::app::{Picker, Prompt, Question};
use crate::tui::theme::Theme;

use super::{centered, scroll_for};

fn frame(area: Rect, title: &str, buf: &mut Buffer, theme: Theme) -> Rect {
    Clear.render(area, buf);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .title(Span::styled(
            format!(
                " {} ",
                fit(&escape_control(title), area.width.saturating_sub(4).into())
            ),
            theme.title(),
        ));
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

pub fn draw_picker(p: &Picker, area: Rect, buf: &mut Buffer, theme: Theme) {
    let visible = p.visible();
    let want = visible.len().clamp(1, 14) as u16 + 3;
    let rect = centered(area, 64, want);
    let inner = frame(rect, &p.title, buf, theme);
    if inner.height == 0 {
        return;
    }
    Line::from(vec![
        Span::styled("filter › ", theme.dim()),
        Span::raw(escape_control(&p.filter)),
        Span::raw("▏"),
    ])
    .render(Rect::new(inner.x, inner.y, inner.width, 1), buf);
    let height = usize::from(inner.height.saturating_sub(1));
    let skip = scroll_for(p.cursor, height);
    for (row, &i) in visible.iter().enumerate().skip(skip).take(height) {
        let item = &p.items[i];
        let check = match item.checked {
            Some(true) => "[x] ",
            Some(false) => "[ ] ",
            None => "",
        };
        let rect = Rect::new(inner.x, inner.y + 1 + (row - skip) as u16, inner.width, 1);
        Line::raw(fit(
            &format!("{check}{}", escape_control(&item.label)),
            usize::from(inner.width),
        ))
        .render(rect, buf);
        if row == p.cursor {
            buf.set_style(rect, Style::new().add_modifier(Modifier::REVERSED));
        }
    }
    if visible.is_empty() {
        Line::styled("nothing matches", theme.dim())
            .render(Rect::new(inner.x, inner.y + 1, inner.width, 1), buf);
    }
}

pub fn draw_prompt(p: &Prompt, area: Rect, buf: &mut Buffer, theme: Theme) {
    let rect = centered(area, 64, 4);
    let inner = frame(rect, &p.title, buf, theme);
    if inner.height == 0 {
        return;
    }
    let shown: String = {
        let text = escape_control(&p.text);
        let room = usize::from(inner.width).saturating_sub(3);
        let n = text.chars().count();
        text.chars().skip(n.saturating_sub(room)).collect()
    };
    Line::from(vec![Span::raw("› "), Span::raw(shown), Span::raw("▏")])
        .render(Rect::new(inner.x, inner.y, inner.width, 1), buf);
    if inner.height > 1 {
        Line::styled("Enter accepts · Esc cancels", theme.dim())
            .render(Rect::new(inner.x, inner.y + 1, inner.width, 1), buf);
    }
}

pub fn draw_question(q: &Question, area: Rect, buf: &mut Buffer, theme: Theme) {
    let keys = q.keys();
    let (title, text): (&str, String) = match q {
        Question::QuitUnsaved => (
            "Unsaved changes",
            "Save your changes before quitting?".into(),
        ),
        Question::DeleteWithFlows(id) => (
            "Delete",
            format!(
                "Delete {} and the flows attached to it?",
                escape_control(id)
            ),
        ),
        Question::DeleteThreat(id) => (
            "Delete threat",
            format!("Delete the threat {}?", escape_control(id)),
        ),
        Question::OverwriteChanged { .. } => (
            "File changed on disk",
            "The file changed since it was opened. Overwrite it?".into(),
        ),
        Question::OverwriteExport(file) => (
            "File exists",
            format!("{} exists. Replace it?", escape_control(file)),
        ),
    };
    let rect = centered(area, 60, 5);
    let inner = frame(rect, title, buf, theme);
    Line::raw(text).render(Rect::new(inner.x, inner.y, inner.width, 1), buf);
    if inner.height > 2 {
        Line::styled(keys, theme.key())
            .render(Rect::new(inner.x, inner.y + 2, inner.width, 1), buf);
    }
}
