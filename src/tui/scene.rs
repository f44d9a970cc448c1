//! The canvas geometry of a model: element boxes, boundary frames and flow
//! routes, in canvas cells. Built once per edit so that drawing a frame only
//! has to clip what the viewport shows.

use crate::text::escape_control;
use std::collections::{BTreeMap, HashMap};

use crate::model::{ElementKindTag, Model, Position};

use super::layout::{BOX_H, box_width};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CRect {
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
}

impl CRect {
    pub fn right(&self) -> i32 {
        self.x + self.w
    }
    pub fn bottom(&self) -> i32 {
        self.y + self.h
    }
    pub fn contains(&self, x: i32, y: i32) -> bool {
        x >= self.x && x < self.right() && y >= self.y && y < self.bottom()
    }
    pub fn intersects(&self, o: &CRect) -> bool {
        self.x < o.right() && o.x < self.right() && self.y < o.bottom() && o.y < self.bottom()
    }
    fn union(&self, o: &CRect) -> CRect {
        let x = self.x.min(o.x);
        let y = self.y.min(o.y);
        CRect {
            x,
            y,
            w: self.right().max(o.right()) - x,
            h: self.bottom().max(o.bottom()) - y,
        }
    }
    pub fn center(&self) -> (i32, i32) {
        (self.x + self.w / 2, self.y + self.h / 2)
    }
}

#[derive(Debug, Clone)]
pub struct ElementBox {
    pub id: String,
    pub name: String,
    pub kind: ElementKindTag,
    pub rect: CRect,
}

#[derive(Debug, Clone)]
pub struct Frame {
    pub id: String,
    pub label: String,
    pub rect: CRect,
}

#[derive(Debug, Clone)]
pub struct Route {
    pub flow: String,
    /// Corner points of the orthogonal line, from source to target.
    pub points: Vec<(i32, i32)>,
    pub label: String,
    pub label_at: Option<(i32, i32)>,
    /// Cells the label may take on its segment.
    pub label_room: i32,
    pub both_ways: bool,
    pub bbox: CRect,
}

#[derive(Debug, Clone, Default)]
pub struct Scene {
    pub boxes: Vec<ElementBox>,
    pub frames: Vec<Frame>,
    pub routes: Vec<Route>,
    pub by_id: HashMap<String, usize>,
    pub bounds: CRect,
}

impl Scene {
    pub fn build(model: &Model, positions: &BTreeMap<String, Position>) -> Scene {
        let mut scene = Scene::default();
        for e in &model.elements {
            let p = positions.get(&e.id).copied().unwrap_or_default();
            scene.by_id.insert(e.id.clone(), scene.boxes.len());
            scene.boxes.push(ElementBox {
                id: e.id.clone(),
                name: escape_control(&e.name).into_owned(),
                kind: e.kind.tag(),
                rect: CRect {
                    x: p.x,
                    y: p.y,
                    w: box_width(e),
                    h: BOX_H,
                },
            });
        }
        scene.frames = frames(model, &scene);
        let bounds = scene
            .boxes
            .iter()
            .map(|b| b.rect)
            .chain(scene.frames.iter().map(|f| f.rect))
            .reduce(|a, b| a.union(&b))
            .unwrap_or_default();
        scene.bounds = bounds;
        let grid = Grid::new(&scene);
        let mut pairs: HashMap<(String, String), usize> = HashMap::new();
        let mut labels: Vec<CRect> = Vec::new();
        for f in &model.flows {
            let (Some(&s), Some(&t)) = (scene.by_id.get(&f.source), scene.by_id.get(&f.target))
            else {
                continue;
            };
            if s == t {
                continue;
            }
            let key = if f.source < f.target {
                (f.source.clone(), f.target.clone())
            } else {
                (f.target.clone(), f.source.clone())
            };
            let nth = pairs.entry(key).or_insert(0);
            let points = route(&grid, scene.boxes[s].rect, scene.boxes[t].rect, *nth);
            *nth += 1;
            let label = if f.label.is_empty() {
                f.protocol.label().to_string()
            } else {
                escape_control(&f.label).into_owned()
            };
            let spot = label_spot(&points, &label, &labels);
            if let Some((x, y, room)) = spot {
                labels.push(CRect {
                    x,
                    y,
                    w: room,
                    h: 1,
                });
            }
            let label_at = spot.map(|(x, y, _)| (x, y));
            let label_room = spot.map_or(0, |(_, _, room)| room);
            let bbox = points
                .iter()
                .map(|&(x, y)| CRect { x, y, w: 1, h: 1 })
                .reduce(|a, b| a.union(&b))
                .unwrap_or_default();
            let bbox = match label_at {
                Some((x, y)) => bbox.union(&CRect {
                    x,
                    y,
                    w: label_room,
                    h: 1,
                }),
                None => bbox,
            };
            scene.routes.push(Route {
                flow: f.id.clone(),
                points,
                label,
                label_at,
                label_room,
                both_ways: f.bidirectional,
                bbox,
            });
        }
        scene
    }

    pub fn element_at(&self, x: i32, y: i32) -> Option<&ElementBox> {
        self.boxes.iter().rev().find(|b| b.rect.contains(x, y))
    }

    pub fn flow_at(&self, x: i32, y: i32) -> Option<&Route> {
        self.routes.iter().find(|r| {
            if let Some((lx, ly)) = r.label_at
                && y == ly
                && x >= lx
                && x < lx + r.label_room
            {
                return true;
            }
            r.points.windows(2).any(|w| on_segment(w[0], w[1], x, y))
        })
    }

    pub fn rect_of(&self, id: &str) -> Option<CRect> {
        if let Some(&i) = self.by_id.get(id) {
            return Some(self.boxes[i].rect);
        }
        self.routes.iter().find(|r| r.flow == id).map(|r| r.bbox)
    }
}

fn on_segment(a: (i32, i32), b: (i32, i32), x: i32, y: i32) -> bool {
    x >= a.0.min(b.0) && x <= a.0.max(b.0) && y >= a.1.min(b.1) && y <= a.1.max(b.1)
}

/// Frames around the members of each boundary, nested frames inside their
/// parents' (computed children first).
fn frames(model: &Model, scene: &Scene) -> Vec<Frame> {
    let mut rects: HashMap<&str, CRect> = HashMap::new();
    // Depth-first from the leaves: a boundary's frame needs its children's.
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
    for &(_, id) in &order {
        let mut area: Option<CRect> = None;
        for e in model
            .elements
            .iter()
            .filter(|e| e.boundary.as_deref() == Some(id))
        {
            if let Some(&i) = scene.by_id.get(&e.id) {
                let r = scene.boxes[i].rect;
                area = Some(area.map_or(r, |a| a.union(&r)));
            }
        }
        for child in model
            .boundaries
            .iter()
            .filter(|b| b.parent.as_deref() == Some(id))
        {
            if let Some(r) = rects.get(child.id.as_str()) {
                area = Some(area.map_or(*r, |a| a.union(r)));
            }
        }
        if let Some(a) = area {
            rects.insert(
                id,
                CRect {
                    x: a.x - 2,
                    y: a.y - 2,
                    w: a.w + 4,
                    h: a.h + 3,
                },
            );
        }
    }
    // Outer frames first, so inner ones are drawn over them.
    order.reverse();
    order
        .iter()
        .filter_map(|&(_, id)| {
            let b = model.boundary(id)?;
            Some(Frame {
                id: id.to_string(),
                label: format!("{} · trust {}", escape_control(&b.name), b.trust_level()),
                rect: *rects.get(id)?,
            })
        })
        .collect()
}

/// Which canvas cells are inside element boxes, to steer lines around them.
struct Grid {
    origin: (i32, i32),
    w: i32,
    h: i32,
    cells: Vec<bool>,
}

impl Grid {
    fn new(scene: &Scene) -> Grid {
        let b = scene.bounds;
        let (ox, oy, w, h) = (b.x - 8, b.y - 8, b.w + 16, b.h + 16);
        // Very large canvases skip the avoidance rather than use much memory.
        let size = (w.max(0) as usize).saturating_mul(h.max(0) as usize);
        let mut cells = if size <= 16_000_000 {
            vec![false; size]
        } else {
            Vec::new()
        };
        if !cells.is_empty() {
            for bx in &scene.boxes {
                for y in bx.rect.y..bx.rect.bottom() {
                    for x in bx.rect.x..bx.rect.right() {
                        let (cx, cy) = (x - ox, y - oy);
                        if cx >= 0 && cy >= 0 && cx < w && cy < h {
                            cells[(cy * w + cx) as usize] = true;
                        }
                    }
                }
            }
        }
        Grid {
            origin: (ox, oy),
            w,
            h,
            cells,
        }
    }

    fn blocked(&self, x: i32, y: i32) -> bool {
        let (cx, cy) = (x - self.origin.0, y - self.origin.1);
        if self.cells.is_empty() || cx < 0 || cy < 0 || cx >= self.w || cy >= self.h {
            return false;
        }
        self.cells[(cy * self.w + cx) as usize]
    }

    /// Cells of a polyline inside boxes, plus a little for length and bends.
    fn cost(&self, points: &[(i32, i32)]) -> i64 {
        let mut hits = 0i64;
        let mut len = 0i64;
        for w in points.windows(2) {
            let (a, b) = (w[0], w[1]);
            let (dx, dy) = ((b.0 - a.0).signum(), (b.1 - a.1).signum());
            let (mut x, mut y) = a;
            loop {
                if self.blocked(x, y) {
                    hits += 1;
                }
                if (x, y) == b {
                    break;
                }
                x += dx;
                y += dy;
                len += 1;
            }
        }
        hits * 1000 + len + points.len() as i64 * 3
    }
}

/// An orthogonal route from box `a` to box `b`: the best of a few candidate
/// shapes, judged by how many box cells they cross. `nth` > 0 marks another
/// flow between the same two boxes, which takes a different lane.
fn route(grid: &Grid, a: CRect, b: CRect, nth: usize) -> Vec<(i32, i32)> {
    let lane = nth as i32;
    let mut candidates: Vec<Vec<(i32, i32)>> = Vec::new();
    let horizontal = b.x >= a.right() + 3 || b.right() + 3 <= a.x;
    if horizontal {
        let rightward = b.x >= a.right();
        let (sx, ex) = if rightward {
            (a.right(), b.x - 1)
        } else {
            (a.x - 1, b.right())
        };
        let (sy, ey) = (a.y + 1, b.y + 1);
        let step = if rightward { 1 } else { -1 };
        if lane == 0 {
            if sy == ey {
                candidates.push(vec![(sx, sy), (ex, ey)]);
            }
            for mx in [ex - 3 * step, (sx + ex) / 2, sx + 2 * step] {
                candidates.push(vec![(sx, sy), (mx, sy), (mx, ey), (ex, ey)]);
            }
        }
        let (x1, x2) = (sx + (2 + lane) * step, ex - (2 + lane) * step);
        for ly in [
            b.y - 1 - lane,
            b.bottom() + lane,
            a.y - 1 - lane,
            a.bottom() + lane,
        ] {
            candidates.push(vec![
                (sx, sy),
                (x1, sy),
                (x1, ly),
                (x2, ly),
                (x2, ey),
                (ex, ey),
            ]);
        }
    } else {
        let downward = b.y >= a.y;
        let (sy, ey) = if downward {
            (a.bottom(), b.y - 1)
        } else {
            (a.y - 1, b.bottom())
        };
        let (sx, ex) = (a.x + a.w / 2 + lane * 2, b.x + b.w / 2 + lane * 2);
        let my = (sy + ey) / 2;
        candidates.push(vec![(sx, sy), (sx, my), (ex, my), (ex, ey)]);
        for lx in [a.x.min(b.x) - 2 - lane, a.right().max(b.right()) + 1 + lane] {
            let step = if downward { 1 } else { -1 };
            candidates.push(vec![
                (sx, sy),
                (sx, sy + step),
                (lx, sy + step),
                (lx, ey - step),
                (ex, ey - step),
                (ex, ey),
            ]);
        }
    }
    let mut best = candidates
        .into_iter()
        .min_by_key(|c| grid.cost(c))
        .unwrap_or_default();
    best.dedup();
    // Drop corners that lie on a straight line.
    let mut i = 1;
    while i + 1 < best.len() {
        let (p, q, r) = (best[i - 1], best[i], best[i + 1]);
        if (p.0 == q.0 && q.0 == r.0) || (p.1 == q.1 && q.1 == r.1) {
            best.remove(i);
        } else {
            i += 1;
        }
    }
    best
}

/// Where a flow's label goes: on a horizontal segment, longest first,
/// centred if it can be, and never over another flow's label.
fn label_spot(points: &[(i32, i32)], label: &str, taken: &[CRect]) -> Option<(i32, i32, i32)> {
    // Room for the status symbol, a space, and the text, with a space each side.
    let want = label.chars().count().min(16) as i32 + 5;
    let mut segments: Vec<(i32, i32, i32)> = points
        .windows(2)
        .filter(|w| w[0].1 == w[1].1)
        .map(|w| (w[0].0.min(w[1].0), (w[0].0 - w[1].0).abs(), w[0].1))
        .collect();
    segments.sort_by_key(|s| std::cmp::Reverse(s.1));
    for (left, len, y) in segments {
        let room = want.min(len - 2);
        if room < 5 {
            continue;
        }
        for x in [left + (len - room) / 2 + 1, left + 1, left + len - room - 1] {
            let r = CRect {
                x,
                y,
                w: room,
                h: 1,
            };
            if !taken.iter().any(|t| t.intersects(&r)) {
                return Some((x, y, room));
            }
        }
    }
    None
}
