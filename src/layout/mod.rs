//! Diagram layout and routing, in character cells, for every picture of a
//! model: the workbench canvas draws the cells as they are, the HTML report's
//! SVG scales them (one cell is [`CELL_W`] × [`CELL_H`] px), and exports
//! write the positions.
//!
//! Three steps, as in Graphviz `dot` and ELK's layered algorithm:
//! 1. [`layered`] ranks elements along the request flows (cycles broken where
//!    a depth-first search runs back up its stack), keeps each trust boundary
//!    together in a band of its own, nested boundaries inside their parent's,
//!    and orders each band's layers by the barycentre of their neighbours to
//!    cut crossings;
//! 2. [`geometry`] sizes boxes to their names and frames to their members and
//!    titles;
//! 3. [`route`] draws every flow as an orthogonal line of cells that never
//!    enters a box or a frame title, crosses a frame edge only straight
//!    across and keeps off the cells other flows use. When the boxes stand
//!    in layers, [`lanes`] builds each line through slots reserved for it
//!    (a free row in every layer it crosses, a track of its own in every
//!    gap, a port of its own on each box), clean by construction; a small
//!    drawing keeps instead the lines found one by one — a straight line or
//!    a Z, else [`channel`] routing, else a bounded [`search`] — when every
//!    one of them is clean, and hand-arranged layouts are routed that way;
//!    once every line is drawn, each flow's label goes on a free stretch of
//!    its own line.

mod channel;
mod geometry;
mod lanes;
mod layered;
mod place;
mod reroute;
mod route;
mod search;
mod separate;

use std::collections::BTreeMap;

use unicode_width::UnicodeWidthStr;

use crate::model::{Boundary, Element, Flow, Model, Position};

pub use geometry::{Drawing, ElementBox, Frame, Rect, Route};
pub use layered::layered;
pub use place::place_near;
pub use separate::{separate, separate_keeping};

/// Height of an element box in cells.
pub const BOX_H: i32 = 3;
/// Width of one cell in SVG pixels.
pub const CELL_W: i32 = 8;
/// Height of one cell in SVG pixels (a terminal cell is twice as tall as wide).
pub const CELL_H: i32 = 16;
/// The widest a box gets; longer names are elided with `…`.
const MAX_BOX_W: i32 = 34;
/// The widest a label gets, in cells, status mark and padding included.
const MAX_LABEL_W: i32 = 30;
/// The widest a boundary title gets before it is elided.
const MAX_TITLE_W: i32 = 48;

/// Width of an element's box: its name plus the status symbol and borders.
pub fn box_width(element: &Element) -> i32 {
    let name = UnicodeWidthStr::width(element.name.as_str()) as i32;
    (name + 7).clamp(12, MAX_BOX_W)
}

/// The title of a boundary's frame: name, kind and trust level.
pub fn frame_title(boundary: &Boundary) -> String {
    format!(
        "{} · {} · trust {}",
        crate::text::escape_control(&boundary.name),
        boundary.kind.label(),
        boundary.trust_level()
    )
}

/// Cells the frame title takes, with a space each side.
pub fn frame_title_width(boundary: &Boundary) -> i32 {
    (UnicodeWidthStr::width(frame_title(boundary).as_str()) as i32 + 2).min(MAX_TITLE_W)
}

/// The text of a flow's label: its own label, or its protocol when it has none.
pub fn flow_text(flow: &Flow) -> String {
    if flow.label.is_empty() {
        flow.protocol.label().to_string()
    } else {
        crate::text::escape_control(&flow.label).into_owned()
    }
}

/// Cells a flow's label would like: number, text, status mark and a space
/// each side.
pub fn label_width(flow: &Flow, number: usize) -> i32 {
    let text = UnicodeWidthStr::width(flow_text(flow).as_str()) as i32;
    let digits = number.to_string().len() as i32;
    (text + digits + 6).min(MAX_LABEL_W)
}

/// The number of each flow, as the diagrams and the reports show it: flows in
/// model order from 1. The one numbering every picture and table uses.
pub fn flow_numbers(model: &Model) -> BTreeMap<String, usize> {
    model
        .flows
        .iter()
        .enumerate()
        .map(|(i, f)| (f.id.clone(), i + 1))
        .collect()
}

/// A position for every element: the one set by hand in `model.layout` when
/// there is one, and otherwise an automatic one. With no hand-set positions
/// this is the [`layered`] layout; elements missing from a hand-made layout
/// go into free space next to an element they exchange flows with (below the
/// arranged ones when they have none). Hand-set positions are [`separate`]d:
/// boxes that names have grown into each other, or a frame reaching over a
/// box that is not in it, are pulled apart as little as it takes.
pub fn auto_positions(model: &Model) -> BTreeMap<String, Position> {
    let missing: Vec<&Element> = model
        .elements
        .iter()
        .filter(|e| !model.layout.contains_key(&e.id))
        .collect();
    let mut out: BTreeMap<String, Position> = model
        .elements
        .iter()
        .filter_map(|e| Some((e.id.clone(), *model.layout.get(&e.id)?)))
        .collect();
    if out.is_empty() && !missing.is_empty() {
        return layered(model);
    }
    out = separate(model, &out);
    if missing.is_empty() {
        return out;
    }
    for e in missing {
        let partner = model.flows.iter().find_map(|f| {
            let other = if f.source == e.id {
                &f.target
            } else if f.target == e.id {
                &f.source
            } else {
                return None;
            };
            out.contains_key(other).then_some(other.as_str())
        });
        let spot = place_near(model, &out, partner, e);
        out.insert(e.id.clone(), spot);
    }
    separate(model, &out)
}

#[cfg(test)]
mod tests;
