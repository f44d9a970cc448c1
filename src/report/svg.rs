//! The data-flow diagram as an inline SVG for the HTML report: the layout
//! engine's cells (`crate::layout`) scaled to pixels, so the report shows the
//! same picture as the workbench. Flows carry their number, as the findings
//! and the model appendix do.
//!
//! The `<svg>` scales down to the report's width (CSS `width: 100%` capped
//! at its natural size `--w`); the "Actual size" toggle before it (a
//! checkbox, no script) shows it full size, scrolling inside its frame.

use std::collections::HashMap;
use std::fmt::Write;

use super::diagram::{Diagram, colours};
use super::escape::html as text;
use super::sink::Sink;
use crate::analysis::Severity;
use crate::layout::{BOX_H, CELL_H, CELL_W, Drawing, Rect, Route};
use crate::model::ElementKindTag;
use crate::text::fit;

/// Pixels a box is inset from its cells, so lines beside it stay clear.
const INSET: (i32, i32) = (2, 4);

/// Renders the diagram as a standalone `<svg>` element.
pub fn render(diagram: &Diagram) -> String {
    super::sink::to_string(|out| {
        write_svg(out, diagram);
    })
}

/// Cell coordinates to pixels, with the drawing's top-left cell at (1, 1).
struct Scale {
    x0: i32,
    y0: i32,
}

impl Scale {
    fn x(&self, cx: i32) -> i32 {
        (cx - self.x0 + 1) * CELL_W
    }
    fn y(&self, cy: i32) -> i32 {
        (cy - self.y0 + 1) * CELL_H
    }
    /// The pixel centre of a cell.
    fn mid(&self, (cx, cy): (i32, i32)) -> (i32, i32) {
        (self.x(cx) + CELL_W / 2, self.y(cy) + CELL_H / 2)
    }
}

/// Pixels of the drawing one printed tile shows, across and down: at
/// [`TILE_MM`] mm across, 1,300 px print at 0.81 of their size, so an 11 px
/// flow label prints at 6.6 pt and a 10 px kind line at 6.0 pt.
pub const TILE_W: i32 = 1300;
pub const TILE_H: i32 = 800;
/// Millimetres a full tile takes across: an A4 landscape page less its
/// margins (the report's `@page diagram`).
pub const TILE_MM: f64 = 277.0;
/// More pages than this and the printed report shows the overview only.
const MAX_TILES: i32 = 30;

/// Writes the diagram as a standalone `<svg>`; returns its size in pixels.
pub fn write_svg(out: &mut Sink, diagram: &Diagram) -> (i32, i32) {
    let d = Drawing::of(diagram.model);
    let s = Scale {
        x0: d.bounds.x,
        y0: d.bounds.y,
    };
    let width = (d.bounds.w + 2) * CELL_W;
    let height = (d.bounds.h + 2) * CELL_H;
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"dfd\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" style=\"--w:{width}px\" role=\"img\" aria-labelledby=\"dfd-title\">\n<title id=\"dfd-title\">Data-flow diagram</title>\n"
    );
    out.push_str("<g id=\"dfd-all\">\n");
    out.push_str("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"context-stroke\"/></marker></defs>\n");
    for f in &d.frames {
        out.spill();
        let r = f.rect;
        let _ = write!(
            out,
            "<g class=\"boundary\" data-id=\"{}\"><title>",
            attr(&f.id)
        );
        text(out, &f.label);
        let _ = write!(
            out,
            "</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\"/><text x=\"{}\" y=\"{}\">",
            s.x(r.x) + CELL_W / 2,
            s.y(r.y) + CELL_H / 2,
            (r.w - 1) * CELL_W,
            (r.h - 1) * CELL_H,
            s.x(f.title.x) + CELL_W / 2,
            s.y(f.title.y) + 12,
        );
        text(out, &fit(&f.label, (f.title.w - 2).max(1) as usize));
        out.push_str("</text></g>\n");
    }
    let worst: HashMap<&str, _> = diagram
        .edges
        .iter()
        .map(|e| (e.flow.id.as_str(), e.worst))
        .collect();
    for r in &d.routes {
        out.spill();
        write_route(
            out,
            &d,
            r,
            &s,
            worst.get(r.flow.as_str()).copied().flatten(),
        );
    }
    for (i, b) in d.boxes.iter().enumerate() {
        out.spill();
        let worst = diagram.nodes.get(i).and_then(|n| n.worst);
        let (fill, stroke) = colours(worst);
        let (x, y) = (s.x(b.rect.x) + INSET.0, s.y(b.rect.y) + INSET.1);
        let (w, h) = (
            b.rect.w * CELL_W - 2 * INSET.0,
            BOX_H * CELL_H - 2 * INSET.1,
        );
        let _ = write!(
            out,
            "<g class=\"node\" data-id=\"{}\" data-box=\"{x} {y} {w} {h}\"><title>",
            attr(&b.id)
        );
        text(out, &b.name);
        out.push_str(" (");
        text(out, &b.id);
        out.push_str("): ");
        out.push_str(worst_words(worst));
        out.push_str("</title>");
        let style = format!("fill=\"{fill}\" stroke=\"{stroke}\"");
        match b.kind {
            ElementKindTag::External => {
                let _ = write!(
                    out,
                    "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" {style}/>"
                );
            }
            ElementKindTag::Process => {
                let _ = write!(
                    out,
                    "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"{}\" {style}/>",
                    h / 2
                );
            }
            ElementKindTag::DataStore => {
                let (r, body) = (w / 2, h - 10);
                let _ = write!(
                    out,
                    "<path d=\"M{x},{} a{r},5 0 0,0 {w},0 a{r},5 0 0,0 -{w},0 v{body} a{r},5 0 0,0 {w},0 v-{body}\" {style}/>",
                    y + 5
                );
            }
        }
        let cx = x + w / 2;
        let _ = write!(out, "<text x=\"{cx}\" y=\"{}\" class=\"name\">", y + 20);
        text(out, &fit(&b.name, (b.rect.w - 4).max(1) as usize));
        let _ = write!(
            out,
            "</text><text x=\"{cx}\" y=\"{}\" class=\"kind\">",
            y + 33
        );
        // Severity in a symbol as well as the colour: it survives grey print.
        out.push_str(Severity::mark(worst));
        out.push(' ');
        out.push_str(b.kind.label());
        out.push_str("</text></g>\n");
    }
    out.push_str("</g>\n</svg>\n");
    (width, height)
}

/// The drawing again for print, in tiles of [`TILE_W`] × [`TILE_H`] px, a
/// landscape page each, so that its labels print legibly (the overview
/// above fits the whole drawing on one page, too small to read on a big
/// model). Each tile is a view (`viewBox`) of the same drawing (`<use>`),
/// so it costs a few bytes, not another copy. Shown only in print.
pub fn write_tiles(out: &mut Sink, (width, height): (i32, i32)) {
    let across = (width + TILE_W - 1) / TILE_W;
    let down = (height + TILE_H - 1) / TILE_H;
    let total = across * down;
    if total <= 1 {
        return;
    }
    if total > MAX_TILES {
        let _ = writeln!(
            out,
            "<p class=\"print\">This diagram would take {total} pages to print at a legible size; the page above shows all of it, and the HTML report on screen shows it full size.</p>"
        );
        return;
    }
    let mm = TILE_MM / f64::from(TILE_W);
    out.push_str("<div class=\"print dfd-tiles\">\n");
    let mut n = 0;
    for row in 0..down {
        for col in 0..across {
            n += 1;
            let (x, y) = (col * TILE_W, row * TILE_H);
            let (w, h) = (TILE_W.min(width - x), TILE_H.min(height - y));
            let _ = writeln!(
                out,
                "<figure class=\"dfd-tile\"><figcaption>Data-flow diagram, part {n} of {total}: row {} of {down}, column {} of {across}</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"dfd\" viewBox=\"{x} {y} {w} {h}\" style=\"width:{:.1}mm;height:{:.1}mm\" role=\"img\" aria-label=\"Data-flow diagram, part {n} of {total}\"><use href=\"#dfd-all\"/></svg></figure>",
                row + 1,
                col + 1,
                f64::from(w) * mm,
                f64::from(h) * mm,
            );
        }
    }
    out.push_str("</div>\n");
}

fn write_route(
    out: &mut String,
    d: &Drawing,
    r: &Route,
    s: &Scale,
    worst: Option<crate::analysis::Severity>,
) {
    let (_, stroke) = colours(worst);
    let _ = write!(
        out,
        "<g class=\"flow\" data-flow=\"{}\" data-ends=\"{} {}\"><title>",
        attr(&r.flow),
        attr(&d.boxes[r.source].id),
        attr(&d.boxes[r.target].id)
    );
    let _ = write!(out, "{}. ", r.number);
    text(out, &r.label);
    out.push_str(": ");
    text(out, &d.boxes[r.source].name);
    out.push_str(if r.both_ways { " ↔ " } else { " → " });
    text(out, &d.boxes[r.target].name);
    out.push_str(": ");
    out.push_str(worst_words(worst));
    out.push_str("</title><path d=\"");
    // From the source box's edge, through the cell centres, to the target's.
    let reach = |dir: (i32, i32)| {
        (
            dir.0 * (CELL_W / 2 + INSET.0),
            dir.1 * (CELL_H / 2 + INSET.1),
        )
    };
    let mut pts: Vec<(i32, i32)> = r.points.iter().map(|&p| s.mid(p)).collect();
    let (back, ahead) = (reach(r.depart), reach(r.arrive));
    pts.insert(0, (pts[0].0 - back.0, pts[0].1 - back.1));
    let last = pts[pts.len() - 1];
    pts.push((last.0 + ahead.0, last.1 + ahead.1));
    pts.dedup();
    for (k, (x, y)) in pts.iter().enumerate() {
        let _ = write!(out, "{}{x},{y}", if k == 0 { "M" } else { " L" });
    }
    let _ = write!(out, "\" stroke=\"{stroke}\"");
    if r.response {
        out.push_str(" stroke-dasharray=\"5 4\"");
    }
    if r.both_ways {
        out.push_str(" marker-start=\"url(#arrow)\"");
    }
    out.push_str(" marker-end=\"url(#arrow)\"/>");
    if let Some(l) = r.label_rect() {
        let Rect { x, y, w, .. } = l;
        // A white ground under the label, over its own line only (the
        // label's cells are kept free of other lines), so the line does not
        // show through the gaps between words: as wide as the text is likely
        // to be at 11 px (about 6 px a character), never wider than its room.
        let shown = fit(
            &format!("{} {} {}", r.number, Severity::mark(worst), r.label),
            (w - 1).max(1) as usize,
        );
        let chars = unicode_width::UnicodeWidthStr::width(shown.as_str()) as i32;
        let ground = (chars * 6 + 4).min(w * CELL_W - CELL_W / 2 + 3);
        let _ = write!(
            out,
            "<rect class=\"label-bg\" x=\"{}\" y=\"{}\" width=\"{ground}\" height=\"{}\" fill=\"#fff\"/>",
            s.x(x) + CELL_W / 2 - 3,
            s.y(y) + 2,
            CELL_H - 4
        );
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" class=\"label\" data-w=\"{}\">",
            s.x(x) + CELL_W / 2,
            s.y(y) + 12,
            (w - 1) * CELL_W
        );
        text(out, &shown);
        out.push_str("</text>");
    }
    out.push_str("</g>\n");
}

/// An id as an attribute value (ids are plain, but escape anyway).
fn attr(id: &str) -> String {
    let mut s = String::new();
    text(&mut s, id);
    s
}

/// The worst open severity in words, for a box's or line's tooltip.
fn worst_words(worst: Option<Severity>) -> &'static str {
    match worst {
        Some(Severity::Critical) => "worst open finding critical",
        Some(Severity::High) => "worst open finding high",
        Some(Severity::Medium) => "worst open finding medium",
        Some(Severity::Low) => "worst open finding low",
        None => "no open finding",
    }
}
