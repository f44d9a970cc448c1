//! Draws the scene into the frame buffer: boundary frames, flow lines with
//! arrowheads and labels, and element boxes whose border tells the kind.
//! Only what intersects the viewport is drawn.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use unicode_width::UnicodeWidthChar;

use crate::model::ElementKindTag;
use crate::text::fit;

use super::app::{App, Selection};
use super::scene::{CRect, ElementBox, Frame, Route};
use super::theme::{Theme, severity_mark};

/// A viewport: canvas cells `view` shown in screen `area`.
struct Pen<'b> {
    buf: &'b mut Buffer,
    area: Rect,
    view: (i32, i32),
}

impl Pen<'_> {
    fn screen(&self, x: i32, y: i32) -> Option<(u16, u16)> {
        let sx = x - self.view.0;
        let sy = y - self.view.1;
        if sx < 0 || sy < 0 || sx >= i32::from(self.area.width) || sy >= i32::from(self.area.height)
        {
            return None;
        }
        Some((self.area.x + sx as u16, self.area.y + sy as u16))
    }

    fn put(&mut self, x: i32, y: i32, symbol: &str, style: Style) {
        if let Some(pos) = self.screen(x, y) {
            let cell = &mut self.buf[pos];
            cell.set_symbol(symbol);
            cell.set_style(style);
        }
    }

    /// Writes text from (x, y), at most `max` cells; returns cells used.
    fn text(&mut self, x: i32, y: i32, text: &str, max: i32, style: Style) -> i32 {
        let mut at = 0;
        for ch in text.chars() {
            let w = ch.width().unwrap_or(0) as i32;
            if w == 0 || at + w > max {
                if w > 0 {
                    break;
                }
                continue;
            }
            let mut s = [0u8; 4];
            self.put(x + at, y, ch.encode_utf8(&mut s), style);
            if w == 2 {
                self.put(x + at + 1, y, "", style);
            }
            at += w;
        }
        at
    }
}

pub fn draw(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    let view = CRect {
        x: app.view.0,
        y: app.view.1,
        w: i32::from(area.width),
        h: i32::from(area.height),
    };
    let mut pen = Pen {
        buf,
        area,
        view: app.view,
    };
    for frame in app.scene.frames.iter().filter(|f| f.rect.intersects(&view)) {
        draw_frame(&mut pen, frame, theme);
    }
    let selected = app.selection.as_ref();
    let flow_selected = |r: &Route| matches!(selected, Some(Selection::Flow(id)) if *id == r.flow);
    // The selected flow last, so it can be followed end to end.
    let visible = || app.scene.routes.iter().filter(|r| r.bbox.intersects(&view));
    for route in visible()
        .filter(|r| !flow_selected(r))
        .chain(visible().filter(|r| flow_selected(r)))
    {
        let worst = app.worst.get(&route.flow).copied().flatten();
        draw_route(&mut pen, route, theme, worst, flow_selected(route));
    }
    for b in app.scene.boxes.iter().filter(|b| b.rect.intersects(&view)) {
        let worst = app.worst.get(&b.id).copied().flatten();
        let sel = matches!(selected, Some(Selection::Element(id)) if *id == b.id);
        draw_box(&mut pen, b, theme, worst, sel);
    }
    // Labels last, so a box edge never hides the name of a flow.
    for route in app.scene.routes.iter().filter(|r| r.bbox.intersects(&view)) {
        let worst = app.worst.get(&route.flow).copied().flatten();
        draw_label(&mut pen, route, theme, worst, flow_selected(route));
    }
    if app.scene.boxes.is_empty() {
        let msg = "Empty model: a adds an element, M edits boundaries and data";
        let y = area.y + area.height / 2;
        let x = area.x + area.width.saturating_sub(msg.len() as u16) / 2;
        pen.buf
            .set_stringn(x, y, msg, usize::from(area.width), theme.dim());
    }
}

fn draw_frame(pen: &mut Pen, f: &Frame, theme: Theme) {
    let style = theme.frame();
    let r = f.rect;
    let (right, bottom) = (r.right() - 1, r.bottom() - 1);
    for x in r.x + 1..right {
        pen.put(x, r.y, "┄", style);
        pen.put(x, bottom, "┄", style);
    }
    for y in r.y + 1..bottom {
        pen.put(r.x, y, "┆", style);
        pen.put(right, y, "┆", style);
    }
    pen.put(r.x, r.y, "┌", style);
    pen.put(right, r.y, "┐", style);
    pen.put(r.x, bottom, "└", style);
    pen.put(right, bottom, "┘", style);
    let room = r.w - 4;
    if room > 2 {
        // The trust level goes when the frame is too narrow for it.
        let name = f.label.split(" · ").next().unwrap_or(&f.label);
        let text = if f.label.chars().count() + 2 <= room as usize {
            &f.label
        } else {
            name
        };
        let label = format!(" {} ", fit(text, room as usize - 2));
        pen.text(
            r.x + 2,
            r.y,
            &label,
            room,
            style.add_modifier(Modifier::BOLD),
        );
    }
}

fn draw_box(
    pen: &mut Pen,
    b: &ElementBox,
    theme: Theme,
    worst: Option<crate::analysis::Severity>,
    selected: bool,
) {
    let [tl, tr, bl, br, h, v] = match b.kind {
        ElementKindTag::External => ["┌", "┐", "└", "┘", "─", "│"],
        ElementKindTag::Process => ["╭", "╮", "╰", "╯", "─", "│"],
        ElementKindTag::DataStore => ["╔", "╗", "╚", "╝", "═", "║"],
    };
    let r = b.rect;
    let mut border = theme.severity(worst);
    if selected {
        border = border.add_modifier(Modifier::BOLD);
    }
    let (right, bottom) = (r.right() - 1, r.bottom() - 1);
    for x in r.x + 1..right {
        pen.put(x, r.y, h, border);
        pen.put(x, bottom, h, border);
    }
    for y in r.y + 1..bottom {
        pen.put(r.x, y, v, border);
        pen.put(right, y, v, border);
        for x in r.x + 1..right {
            pen.put(x, y, " ", Style::new());
        }
    }
    pen.put(r.x, r.y, tl, border);
    pen.put(right, r.y, tr, border);
    pen.put(r.x, bottom, bl, border);
    pen.put(right, bottom, br, border);
    let (sym, _) = severity_mark(worst);
    let inner = r.w - 2;
    let row = r.y + 1;
    let base = if selected {
        theme.selected().add_modifier(Modifier::BOLD)
    } else {
        Style::new()
    };
    if selected {
        for x in r.x + 1..right {
            pen.put(x, row, " ", base);
        }
    }
    let used = pen.text(r.x + 2, row, sym, 2, theme.severity(worst).patch(base));
    let name = fit(&b.name, (inner - used - 3).max(0) as usize);
    pen.text(r.x + 2 + used + 1, row, &name, inner - used - 2, base);
}

/// The line character for a cell joining the directions in `l` (up, down,
/// left, right).
fn line_symbol(l: [bool; 4]) -> &'static str {
    match l {
        [false, false, _, _] => "─",
        [_, _, false, false] => "│",
        [false, true, false, true] => "┌",
        [false, true, true, false] => "┐",
        [true, false, false, true] => "└",
        _ => "┘",
    }
}

/// Draws a flow's line. Lines only cross at right angles (the router sees to
/// it), and a crossing is drawn as the later line passing over the earlier
/// one, so a junction character never suggests flows meet where they do not.
fn draw_route(
    pen: &mut Pen,
    r: &Route,
    theme: Theme,
    worst: Option<crate::analysis::Severity>,
    selected: bool,
) {
    let style = if selected {
        theme
            .severity(worst)
            .patch(theme.selected())
            .add_modifier(Modifier::BOLD)
    } else {
        theme.severity(worst)
    };
    let cells = r.cells();
    let n = cells.len();
    for (k, &(x, y)) in cells.iter().enumerate() {
        let mut l = [false; 4];
        if k > 0 {
            mark(&mut l, step(cells[k], cells[k - 1]));
        }
        if k + 1 < n {
            mark(&mut l, step(cells[k], cells[k + 1]));
        }
        let symbol = if k + 1 == n {
            arrow(r.arrive)
        } else if k == 0 && r.both_ways {
            arrow(step(cells[1], cells[0]))
        } else if k == 0 {
            // Joined to its box.
            mark(&mut l, (-r.depart.0, -r.depart.1));
            line_symbol(l)
        } else {
            line_symbol(l)
        };
        pen.put(x, y, symbol, style);
    }
}

fn step(from: (i32, i32), to: (i32, i32)) -> (i32, i32) {
    ((to.0 - from.0).signum(), (to.1 - from.1).signum())
}

fn mark(l: &mut [bool; 4], d: (i32, i32)) {
    match d {
        (0, -1) => l[0] = true,
        (0, 1) => l[1] = true,
        (-1, 0) => l[2] = true,
        (1, 0) => l[3] = true,
        _ => {}
    }
}

fn arrow(d: (i32, i32)) -> &'static str {
    match d {
        (1, 0) => "▶",
        (-1, 0) => "◀",
        (0, 1) => "▼",
        _ => "▲",
    }
}

fn draw_label(
    pen: &mut Pen,
    r: &Route,
    theme: Theme,
    worst: Option<crate::analysis::Severity>,
    selected: bool,
) {
    let Some((x, y)) = r.label_at else {
        return;
    };
    let (sym, _) = severity_mark(worst);
    let base = if selected {
        theme.selected().add_modifier(Modifier::BOLD)
    } else {
        Style::new()
    };
    let room = r.label_room;
    let text = fit(
        &format!("{} {}", r.number, r.label),
        (room - sym.chars().count() as i32 - 3).max(0) as usize,
    );
    let mut at = x;
    at += pen.text(at, y, " ", 1, base);
    at += pen.text(at, y, sym, 2, theme.severity(worst).patch(base));
    at += pen.text(at, y, " ", 1, base);
    at += pen.text(at, y, &text, room, base);
    pen.text(at, y, " ", 1, base);
}
