//! The cell geometry of a laid-out model: element boxes sized to their
//! names, boundary frames around their members and titles, and each flow's
//! routed line with its label.

use std::collections::{BTreeMap, HashMap};

use crate::model::{Boundary, ElementKindTag, Model, Position};
use crate::text::escape_control;

use super::layered::FRAME_PAD;
use super::{BOX_H, auto_positions, box_width, flow_numbers, frame_title, frame_title_width};

/// A rectangle of cells.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
}

impl Rect {
    pub fn right(&self) -> i32 {
        self.x + self.w
    }
    pub fn bottom(&self) -> i32 {
        self.y + self.h
    }
    pub fn contains(&self, x: i32, y: i32) -> bool {
        x >= self.x && x < self.right() && y >= self.y && y < self.bottom()
    }
    pub fn intersects(&self, o: &Rect) -> bool {
        self.x < o.right() && o.x < self.right() && self.y < o.bottom() && o.y < self.bottom()
    }
    /// Whether `o` lies wholly inside this rectangle.
    pub fn encloses(&self, o: &Rect) -> bool {
        o.x >= self.x && o.y >= self.y && o.right() <= self.right() && o.bottom() <= self.bottom()
    }
    pub fn union(&self, o: &Rect) -> Rect {
        let x = self.x.min(o.x);
        let y = self.y.min(o.y);
        Rect {
            x,
            y,
            w: self.right().max(o.right()) - x,
            h: self.bottom().max(o.bottom()) - y,
        }
    }
    pub fn center(&self) -> (i32, i32) {
        (self.x + self.w / 2, self.y + self.h / 2)
    }
    /// The rectangle grown by `dx` columns and `dy` rows on every side.
    pub fn grow(&self, dx: i32, dy: i32) -> Rect {
        Rect {
            x: self.x - dx,
            y: self.y - dy,
            w: self.w + 2 * dx,
            h: self.h + 2 * dy,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ElementBox {
    pub id: String,
    /// The full name, control characters escaped (boxes elide it to fit).
    pub name: String,
    pub kind: ElementKindTag,
    pub rect: Rect,
}

#[derive(Debug, Clone)]
pub struct Frame {
    pub id: String,
    /// Name, kind and trust level.
    pub label: String,
    pub rect: Rect,
    /// The cells the title takes on the top edge.
    pub title: Rect,
    /// Boundaries around this one.
    pub depth: usize,
}

#[derive(Debug, Clone)]
pub struct Route {
    pub flow: String,
    /// The flow's number, as [`super::flow_numbers`] gives it.
    pub number: usize,
    /// Indices of the two boxes in [`Drawing::boxes`].
    pub source: usize,
    pub target: usize,
    /// Corner cells of the orthogonal line, from the cell beside the source
    /// box to the cell beside the target box (where the arrowhead goes).
    pub points: Vec<(i32, i32)>,
    /// The direction the line leaves the source box in.
    pub depart: (i32, i32),
    /// The direction of the last step, into the target box.
    pub arrive: (i32, i32),
    pub label: String,
    /// Where the label starts; it takes `label_room` cells of one row.
    pub label_at: Option<(i32, i32)>,
    pub label_room: i32,
    pub both_ways: bool,
    pub response: bool,
    pub bbox: Rect,
}

impl Route {
    /// The label's cells, when it has a place.
    pub fn label_rect(&self) -> Option<Rect> {
        self.label_at.map(|(x, y)| Rect {
            x,
            y,
            w: self.label_room,
            h: 1,
        })
    }

    /// Every cell of the line, in order, each once.
    pub fn cells(&self) -> Vec<(i32, i32)> {
        cells_through(&self.points)
    }
}

/// Boxes, frames and routes of a whole model.
#[derive(Debug, Clone, Default)]
pub struct Drawing {
    pub boxes: Vec<ElementBox>,
    /// Outer frames before the frames nested in them.
    pub frames: Vec<Frame>,
    pub routes: Vec<Route>,
    pub by_id: HashMap<String, usize>,
    /// What the drawing covers: boxes, frames, lines and labels.
    pub bounds: Rect,
}

impl Drawing {
    /// The model laid out by [`auto_positions`] (hand-set positions kept).
    pub fn of(model: &Model) -> Drawing {
        Drawing::build(model, &auto_positions(model))
    }

    /// The model with its elements at `positions` (missing ones at 0,0).
    pub fn build(model: &Model, positions: &BTreeMap<String, Position>) -> Drawing {
        let mut d = Drawing::unrouted(model, positions);
        let routes = super::route::route_all(model, &d, &flow_numbers(model));
        d.set_routes(routes);
        d
    }

    /// Takes the lines, and widens the bounds to hold them and their
    /// labels: a line may go around the boxes, and whatever shows the
    /// drawing (the canvas's view, the SVG's size) must not cut it off.
    pub(super) fn set_routes(&mut self, routes: Vec<Route>) {
        self.bounds = routes.iter().fold(self.bounds, |b, r| b.union(&r.bbox));
        self.routes = routes;
    }

    /// Boxes and frames of the model at `positions`, without any line yet.
    pub(super) fn unrouted(model: &Model, positions: &BTreeMap<String, Position>) -> Drawing {
        let mut d = Drawing::default();
        for e in &model.elements {
            let p = positions.get(&e.id).copied().unwrap_or_default();
            d.by_id.insert(e.id.clone(), d.boxes.len());
            d.boxes.push(ElementBox {
                id: e.id.clone(),
                name: escape_control(&e.name).into_owned(),
                kind: e.kind.tag(),
                rect: Rect {
                    x: p.x,
                    y: p.y,
                    w: box_width(e),
                    h: BOX_H,
                },
            });
        }
        d.frames = frames(model, &d);
        d.bounds = d
            .boxes
            .iter()
            .map(|b| b.rect)
            .chain(d.frames.iter().map(|f| f.rect))
            .reduce(|a, b| a.union(&b))
            .unwrap_or_default();
        d
    }

    pub fn element_at(&self, x: i32, y: i32) -> Option<&ElementBox> {
        self.boxes.iter().rev().find(|b| b.rect.contains(x, y))
    }

    pub fn flow_at(&self, x: i32, y: i32) -> Option<&Route> {
        self.routes.iter().find(|r| {
            r.label_rect().is_some_and(|l| l.contains(x, y))
                || r.points.windows(2).any(|w| on_segment(w[0], w[1], x, y))
        })
    }

    pub fn rect_of(&self, id: &str) -> Option<Rect> {
        if let Some(&i) = self.by_id.get(id) {
            return Some(self.boxes[i].rect);
        }
        self.routes.iter().find(|r| r.flow == id).map(|r| r.bbox)
    }
}

fn on_segment(a: (i32, i32), b: (i32, i32), x: i32, y: i32) -> bool {
    x >= a.0.min(b.0) && x <= a.0.max(b.0) && y >= a.1.min(b.1) && y <= a.1.max(b.1)
}

/// The frame of boundary `b` around the cells its members and nested frames
/// take: padded on every side, and at least as wide as its title.
pub(super) fn frame_around(area: Rect, b: &Boundary) -> Rect {
    let mut r = area.grow(FRAME_PAD, FRAME_PAD);
    r.w = r.w.max(frame_title_width(b) + 4);
    r
}

/// Frames around the members of each boundary, nested frames inside their
/// parents' (computed children first), each at least as wide as its title.
pub(super) fn frames(model: &Model, d: &Drawing) -> Vec<Frame> {
    let mut rects: HashMap<&str, Rect> = HashMap::new();
    let depth = |id: &str| {
        let mut d = 0;
        let mut at = model.boundary(id).and_then(|b| b.parent.as_deref());
        while let Some(p) = at {
            d += 1;
            if d > model.boundaries.len() {
                break;
            }
            at = model.boundary(p).and_then(|b| b.parent.as_deref());
        }
        d
    };
    let mut order: Vec<(usize, &str)> = model
        .boundaries
        .iter()
        .map(|b| (depth(&b.id), b.id.as_str()))
        .collect();
    order.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let mut members: HashMap<&str, Vec<Rect>> = HashMap::new();
    for e in &model.elements {
        if let (Some(b), Some(&i)) = (e.boundary.as_deref(), d.by_id.get(&e.id)) {
            members.entry(b).or_default().push(d.boxes[i].rect);
        }
    }
    let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
    for b in &model.boundaries {
        if let Some(p) = b.parent.as_deref() {
            children.entry(p).or_default().push(b.id.as_str());
        }
    }
    for &(_, id) in &order {
        let own = members.get(id).into_iter().flatten().copied();
        let nested = children
            .get(id)
            .into_iter()
            .flatten()
            .filter_map(|c| rects.get(c).copied());
        let Some(area) = own.chain(nested).reduce(|a, b| a.union(&b)) else {
            continue;
        };
        let Some(b) = model.boundary(id) else {
            continue;
        };
        rects.insert(id, frame_around(area, b));
    }
    order.reverse();
    order
        .iter()
        .filter_map(|&(depth, id)| {
            let b = model.boundary(id)?;
            let rect = *rects.get(id)?;
            Some(Frame {
                id: id.to_string(),
                label: frame_title(b),
                rect,
                title: Rect {
                    x: rect.x + 2,
                    y: rect.y,
                    w: frame_title_width(b).min(rect.w - 4),
                    h: 1,
                },
                depth,
            })
        })
        .collect()
}

/// The cells of a line through the given corners.
pub(super) fn cells_through(points: &[(i32, i32)]) -> Vec<(i32, i32)> {
    let mut out = vec![points[0]];
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        let (dx, dy) = ((b.0 - a.0).signum(), (b.1 - a.1).signum());
        let (mut x, mut y) = a;
        while (x, y) != b {
            x += dx;
            y += dy;
            out.push((x, y));
        }
    }
    out
}
