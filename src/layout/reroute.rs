//! Drawing again after one edit without routing every line again: a line
//! is kept, cell for cell, when neither of its ends changed, no box that
//! moved, grew or appeared now covers it or its label (or the ring of
//! cells around the box), no frame whose edge or title moved runs over it,
//! and its label reads the same; every other flow is routed around the
//! kept lines as [`Drawing::build`] routes it. On a 1,000-element canvas one
//! edit then re-routes a handful of lines instead of all of them.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::model::{Flow, Model, Position};

use super::geometry::{Drawing, Rect, Route};
use super::{flow_numbers, flow_text};

/// More changed boxes or frames than this and every line is routed again:
/// checking each line against each change would cost more than it saves.
const MAX_CHANGES: usize = 48;

impl Drawing {
    /// The model at `positions`, drawn as [`Drawing::build`] draws it, with
    /// the lines of `before` (the drawing before the edit) that the edit did
    /// not touch kept as they were.
    pub fn rebuild(
        model: &Model,
        positions: &BTreeMap<String, Position>,
        before: &Drawing,
    ) -> Drawing {
        let mut d = Drawing::unrouted(model, positions);
        let numbers = flow_numbers(model);
        let keep = untouched(model, &d, before, &numbers);
        let routes = super::route::route_keeping(model, &d, &numbers, keep);
        d.set_routes(routes);
        d
    }
}

/// The routes of `before` that still hold in `d`, their box indices and
/// numbers brought up to date.
fn untouched(
    model: &Model,
    d: &Drawing,
    before: &Drawing,
    numbers: &BTreeMap<String, usize>,
) -> Vec<Route> {
    let mut moved: HashSet<&str> = HashSet::new();
    let mut covered: Vec<Rect> = Vec::new();
    for b in &d.boxes {
        let same = before
            .by_id
            .get(&b.id)
            .is_some_and(|&i| before.boxes[i].rect == b.rect);
        if !same {
            moved.insert(b.id.as_str());
            covered.push(b.rect.grow(1, 1));
        }
    }
    let old_frames: HashMap<&str, &super::Frame> =
        before.frames.iter().map(|f| (f.id.as_str(), f)).collect();
    let edges: Vec<&super::Frame> = d
        .frames
        .iter()
        .filter(|f| {
            old_frames
                .get(f.id.as_str())
                .is_none_or(|o| o.rect != f.rect || o.title != f.title)
        })
        .collect();
    if covered.len() + edges.len() > MAX_CHANGES {
        return Vec::new();
    }
    let flows: HashMap<&str, &Flow> = model.flows.iter().map(|f| (f.id.as_str(), f)).collect();
    let mut keep = Vec::new();
    for r in &before.routes {
        let Some(f) = flows.get(r.flow.as_str()) else {
            continue;
        };
        let (Some(&s), Some(&t)) = (d.by_id.get(&f.source), d.by_id.get(&f.target)) else {
            continue;
        };
        let same_ends = before.boxes.get(r.source).is_some_and(|b| b.id == f.source)
            && before.boxes.get(r.target).is_some_and(|b| b.id == f.target);
        if !same_ends || moved.contains(f.source.as_str()) || moved.contains(f.target.as_str()) {
            continue;
        }
        // The label keeps its room only if it reads the same, number aside
        // when that has as many digits.
        let number = numbers.get(&f.id).copied().unwrap_or(0);
        if flow_text(f) != r.label || number.to_string().len() != r.number.to_string().len() {
            continue;
        }
        let cells = r.cells();
        let label: Vec<(i32, i32)> = r
            .label_rect()
            .iter()
            .flat_map(|l| (l.x..l.right()).map(|x| (x, l.y)))
            .collect();
        let hit = cells.iter().chain(&label).any(|&(x, y)| {
            covered.iter().any(|c| c.contains(x, y)) || edges.iter().any(|f| on_edge(&f.rect, x, y))
        });
        if hit && !crosses_only(&cells, &label, &covered, &edges) {
            continue;
        }
        keep.push(Route {
            number,
            source: s,
            target: t,
            both_ways: f.bidirectional,
            response: f.response,
            ..r.clone()
        });
    }
    keep
}

/// Whether a cell is on the edge of a frame.
fn on_edge(r: &Rect, x: i32, y: i32) -> bool {
    r.contains(x, y) && !r.grow(-1, -1).contains(x, y)
}

/// Whether a line that meets a changed frame's edge may stay: it keeps off
/// every changed box, its label keeps off the edges, and it only crosses
/// each edge straight across, away from corners and titles, as the router
/// would let it.
fn crosses_only(
    cells: &[(i32, i32)],
    label: &[(i32, i32)],
    covered: &[Rect],
    frames: &[&super::Frame],
) -> bool {
    let clear = |&(x, y): &(i32, i32)| {
        !covered.iter().any(|c| c.contains(x, y)) && !frames.iter().any(|f| on_edge(&f.rect, x, y))
    };
    if !label.iter().all(clear)
        || !cells
            .iter()
            .all(|&(x, y)| !covered.iter().any(|c| c.contains(x, y)))
    {
        return false;
    }
    let n = cells.len();
    cells.iter().enumerate().all(|(k, &(x, y))| {
        frames.iter().all(|f| {
            let r = f.rect;
            if !on_edge(&r, x, y) {
                return true;
            }
            let corner = (x == r.x || x == r.right() - 1) && (y == r.y || y == r.bottom() - 1);
            if corner || k == 0 || k + 1 == n || f.title.contains(x, y) {
                return false;
            }
            let (prev, next) = (cells[k - 1], cells[k + 1]);
            let across_row = (y == r.y || y == r.bottom() - 1) && prev.0 == x && next.0 == x;
            let across_column = (x == r.x || x == r.right() - 1) && prev.1 == y && next.1 == y;
            // A corner is on both a row and a column edge: neither passes.
            across_row != across_column
        })
    })
}

#[cfg(test)]
mod tests;
