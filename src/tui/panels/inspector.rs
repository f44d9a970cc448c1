//! The inspector: the selection's attributes, and the same rows as an
//! editable form in form mode.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Widget};

use crate::text::escape_control;
use crate::text::fit;
use crate::tui::app::{App, Selection};
use crate::tui::form::{self, Edit, FormTarget};
use crate::tui::theme::Theme;

use super::scroll_for;

pub fn draw(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    let (target, cursor) = match (app.form(), &app.selection) {
        (Some(level), _) => (level.target.clone(), Some(level.cursor)),
        (_, Some(Selection::Element(id))) => (FormTarget::Element(id.clone()), None),
        (_, Some(Selection::Flow(id))) => (FormTarget::Flow(id.clone()), None),
        (_, None) => (FormTarget::Model, None),
    };
    let title = form::title(&app.model, &target);
    let title = if cursor.is_some() {
        format!(
            " Edit: {} ",
            fit(
                &escape_control(&title),
                area.width.saturating_sub(10).into()
            )
        )
    } else {
        format!(
            " {} ",
            fit(&escape_control(&title), area.width.saturating_sub(4).into())
        )
    };
    Clear.render(area, buf);
    let block = Block::bordered()
        .border_type(if cursor.is_some() {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .title(Span::styled(title, theme.title()));
    let inner = block.inner(area);
    block.render(area, buf);
    let rows = form::rows(&app.model, &target);
    let label_w = rows
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(0)
        .min(usize::from(inner.width) / 2)
        .max(4);
    let height = usize::from(inner.height);
    let skip = cursor.map_or(0, |c| scroll_for(c, height));
    for (i, row) in rows.iter().enumerate().skip(skip).take(height) {
        let y = inner.y + (i - skip) as u16;
        let here = cursor == Some(i);
        let label_style = match row.edit {
            Edit::None => theme.title(),
            Edit::Open(_)
            | Edit::AddBoundary
            | Edit::AddData
            | Edit::AddEndpoint
            | Edit::Delete => theme.key(),
            _ => theme.dim(),
        };
        let value_w = usize::from(inner.width).saturating_sub(label_w + 2);
        // Headings and actions have no value: they may use the whole width.
        let line = if row.value.is_empty() {
            Line::from(Span::styled(
                fit(&escape_control(&row.label), usize::from(inner.width)),
                label_style,
            ))
        } else {
            Line::from(vec![
                Span::styled(
                    format!("{:<label_w$} ", fit(&escape_control(&row.label), label_w)),
                    label_style,
                ),
                Span::raw(fit(&escape_control(&row.value), value_w)),
            ])
        };
        let rect = Rect::new(inner.x, y, inner.width, 1);
        line.render(rect, buf);
        if here {
            buf.set_style(rect, Style::new().add_modifier(Modifier::REVERSED));
        }
    }
    if rows.is_empty() {
        Line::from(Span::styled("(gone)", theme.dim())).render(inner, buf);
    }
}
