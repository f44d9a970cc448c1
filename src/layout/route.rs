//! Orthogonal routing in cells. Each flow is a shortest path (A*, with a
//! price on bends) from a free cell beside its source box to a free cell
//! beside its target box that never enters a box, a frame corner, a frame
//! title or a label, crosses frame edges only straight across, and pays
//! dearly to run along a line another flow already uses, so parallel flows
//! keep apart and lines only ever cross at right angles. Short flows are
//! routed first; each flow's label then goes on a free stretch of its own
//! line (or beside it), and later lines go around it.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::model::Model;

use super::channel::{CHANNEL_EFFORT, channel};
use super::geometry::{Drawing, Rect, Route, cells_through};
use super::lanes;
use super::search::search;
use super::{flow_text, label_width};

const BOX: u8 = 1;
const HARD: u8 = 2;
const FRAME_H: u8 = 4;
const FRAME_V: u8 = 8;
const LINE_H: u8 = 16;
const LINE_V: u8 = 32;
const NEAR: u8 = 64;
const PORT: u8 = 128;

pub(super) const BEND: u32 = 4;
const CROSS: u32 = 8;
pub(super) const SHARE: u32 = 400;
pub(super) const RELAXED: u32 = 3000;
/// Columns and rows searched around the two boxes before a wider search.
pub(super) const WINDOW: (i32, i32) = (24, 10);
/// A grid larger than this many cells is not built; lines are then drawn as
/// simple elbows (only absurd hand-made layouts get there).
const MAX_CELLS: usize = 40_000_000;
/// States one search may expand before it gives up.
const MAX_STEPS: u32 = 200_000;
/// Drawings of up to this many boxes get the full search.
const SMALL: usize = 150;
/// Above this many boxes no grid is built and lines are plain elbows: the
/// picture of such an estate is read by searching, not by following lines,
/// and routing it would cost seconds.
const MAX_ROUTED: usize = 2_000;
/// The shortest label worth showing, in cells.
const MIN_LABEL: i32 = 7;

pub(super) const DIRS: [(i32, i32); 4] = [(1, 0), (0, 1), (-1, 0), (0, -1)];

#[derive(Clone)]
pub(super) struct Grid {
    x0: i32,
    y0: i32,
    w: i32,
    h: i32,
    cells: Vec<u8>,
}

impl Grid {
    fn new(d: &Drawing, flows: usize) -> Option<Grid> {
        if d.boxes.len() > MAX_ROUTED {
            return None;
        }
        // Room outside the drawing for long lines to go around it.
        let extra = (flows as i32 / 4).min(200);
        let area = d.bounds.grow(WINDOW.0 + extra, WINDOW.1 + extra);
        if (area.w.max(0) as usize).saturating_mul(area.h.max(0) as usize) > MAX_CELLS {
            return None;
        }
        let mut g = Grid {
            x0: area.x,
            y0: area.y,
            w: area.w,
            h: area.h,
            cells: vec![0; (area.w * area.h) as usize],
        };
        for f in &d.frames {
            let r = f.rect;
            let (right, bottom) = (r.right() - 1, r.bottom() - 1);
            for x in r.x + 1..right {
                g.set(x, r.y, FRAME_H);
                g.set(x, bottom, FRAME_H);
            }
            for y in r.y + 1..bottom {
                g.set(r.x, y, FRAME_V);
                g.set(right, y, FRAME_V);
            }
            for (x, y) in [(r.x, r.y), (right, r.y), (r.x, bottom), (right, bottom)] {
                g.set(x, y, HARD);
            }
            for x in f.title.x..f.title.right() {
                g.set(x, f.title.y, HARD);
            }
        }
        for b in &d.boxes {
            let near = b.rect.grow(1, 1);
            for y in near.y..near.bottom() {
                for x in near.x..near.right() {
                    g.set(x, y, if b.rect.contains(x, y) { BOX } else { NEAR });
                }
            }
        }
        Some(g)
    }

    fn at(&self, x: i32, y: i32) -> Option<usize> {
        let (cx, cy) = (x - self.x0, y - self.y0);
        (cx >= 0 && cy >= 0 && cx < self.w && cy < self.h).then(|| (cy * self.w + cx) as usize)
    }

    fn get(&self, x: i32, y: i32) -> u8 {
        self.at(x, y).map_or(HARD, |i| self.cells[i])
    }

    fn set(&mut self, x: i32, y: i32, flag: u8) {
        if let Some(i) = self.at(x, y) {
            self.cells[i] |= flag;
        }
    }

    /// The price of stepping into a cell in direction `dir`, or `None` when
    /// the step is not allowed.
    pub(super) fn enter(&self, x: i32, y: i32, dir: usize, relaxed: bool) -> Option<u32> {
        let f = self.get(x, y);
        let horizontal = dir % 2 == 0;
        let mut cost = 1;
        let mut bad = |ok: bool| -> Option<()> {
            if ok {
                Some(())
            } else if relaxed {
                cost += RELAXED;
                Some(())
            } else {
                None
            }
        };
        // Another line's end is never shared, even by a line that has to
        // squeeze: two arrowheads in one cell read as one flow.
        if f & PORT != 0 {
            return None;
        }
        bad(f & (BOX | HARD) == 0)?;
        bad(!(f & FRAME_H != 0 && horizontal || f & FRAME_V != 0 && !horizontal))?;
        bad(f & (LINE_H | LINE_V) != LINE_H | LINE_V)?;
        if f & (FRAME_H | FRAME_V) != 0 {
            cost += 3;
        }
        let same = if horizontal { LINE_H } else { LINE_V };
        if f & same != 0 {
            cost += SHARE;
        } else if f & (LINE_H | LINE_V) != 0 {
            cost += CROSS;
        }
        if f & NEAR != 0 {
            cost += 2;
        }
        Some(cost)
    }

    /// Whether a line may start or end in this cell: no other line runs
    /// through it (an arrowhead on a crossing reads as the other flow's).
    pub(super) fn free_end(&self, (x, y): (i32, i32)) -> bool {
        self.get(x, y) & (LINE_H | LINE_V) == 0
    }

    /// Whether a line may turn in this cell: not on another line or a frame.
    pub(super) fn can_turn(&self, x: i32, y: i32) -> bool {
        self.get(x, y) & (LINE_H | LINE_V | FRAME_H | FRAME_V) == 0
    }
}

/// The free cells beside a box where a line can start or end, with the
/// direction pointing away from the box.
pub(super) fn ports(r: Rect) -> Vec<((i32, i32), usize)> {
    let mid = r.y + r.h / 2;
    let mut out = vec![((r.right(), mid), 0), ((r.x - 1, mid), 2)];
    for x in r.x + 1..r.right() - 1 {
        out.push(((x, r.bottom()), 1));
        out.push(((x, r.y - 1), 3));
    }
    out
}

/// A routed line before its label: flow index, source and target box, cells.
type Line = (usize, usize, usize, Vec<(i32, i32)>);

/// Routes every flow whose two ends are different boxes of `d`.
pub(super) fn route_all(
    model: &Model,
    d: &Drawing,
    numbers: &BTreeMap<String, usize>,
) -> Vec<Route> {
    route_keeping(model, d, numbers, Vec::new())
}

/// Like [`route_all`], but the lines and labels in `keep` stay as they are
/// (the caller vouches that they are still clean) and the other flows are
/// routed around them: an edit re-routes only what it touched.
pub(super) fn route_keeping(
    model: &Model,
    d: &Drawing,
    numbers: &BTreeMap<String, usize>,
    keep: Vec<Route>,
) -> Vec<Route> {
    let mut grid = Grid::new(d, model.flows.len());
    if let Some(g) = grid.as_mut() {
        for r in &keep {
            mark(g, &r.cells());
            for (x, y) in r
                .label_rect()
                .iter()
                .flat_map(|l| (l.x..l.right()).map(|x| (x, l.y)))
            {
                g.set(x, y, HARD);
            }
        }
    }
    let keep_ids: HashSet<&str> = keep.iter().map(|r| r.flow.as_str()).collect();
    let kept: HashMap<&str, usize> = model
        .flows
        .iter()
        .enumerate()
        .map(|(k, f)| (f.id.as_str(), k))
        .filter(|(id, _)| keep_ids.contains(id))
        .collect();
    drop(keep_ids);
    // Hand-arranged and small drawings get a full search for the lines the
    // channels cannot take; big estates a short one, so that drawing them
    // stays fast (their layered layout leaves channels for nearly every line).
    let small = d.boxes.len() <= SMALL;
    let (steps, effort) = if small {
        (MAX_STEPS, CHANNEL_EFFORT)
    } else {
        (MAX_STEPS / 40, CHANNEL_EFFORT / 10)
    };
    let mut jobs: Vec<(i64, usize, usize, usize)> = Vec::new();
    for (k, f) in model.flows.iter().enumerate() {
        let (Some(&s), Some(&t)) = (d.by_id.get(&f.source), d.by_id.get(&f.target)) else {
            continue;
        };
        if s == t || kept.contains_key(f.id.as_str()) {
            continue;
        }
        let (a, b) = (d.boxes[s].rect.center(), d.boxes[t].rect.center());
        let dist = i64::from((a.0 - b.0).abs() + 2 * (a.1 - b.1).abs());
        jobs.push((dist, k, s, t));
    }
    jobs.sort();
    // A small drawing keeps the lines the search finds when it finds a
    // clean one for every flow (their long free runs carry the labels best);
    // otherwise, and in every big one, the lines are built through reserved
    // slots (boxes in columns) and only the rest searched around them. Every
    // line first, then the labels: a label placed early would wall off the
    // channels the long lines still need.
    let searched = grid
        .as_ref()
        .filter(|_| small)
        .and_then(|g| search_all(g.clone(), d, &jobs, steps, effort));
    let lines = match searched {
        Some((g, lines)) => {
            grid = Some(g);
            lines
        }
        None => {
            let ends: Vec<(usize, usize, usize)> =
                jobs.iter().map(|&(_, k, s, t)| (k, s, t)).collect();
            let mut built = lanes::build(d, &ends);
            if let Some(g) = grid.as_mut() {
                for points in built.iter_mut().flatten() {
                    *points = cells_through(points);
                    mark(g, points);
                }
            }
            let mut lines: Vec<Line> = Vec::with_capacity(jobs.len());
            for (&(_, k, s, t), done) in jobs.iter().zip(built) {
                let (a, b) = (d.boxes[s].rect, d.boxes[t].rect);
                let cells = match (done, grid.as_mut()) {
                    // Cells with a grid, corners without.
                    (Some(cells), _) => cells,
                    (None, Some(g)) => {
                        let path = find(g, a, b, steps, effort)
                            .or_else(|| small.then(|| search(g, a, b, true, steps)).flatten());
                        let path = path.unwrap_or_else(|| elbow(a, b));
                        mark(g, &path);
                        path
                    }
                    // Only the corners: an estate this big has lines
                    // thousands of cells long.
                    (None, None) => elbow_corners(a, b),
                };
                lines.push((k, s, t, cells));
            }
            lines
        }
    };
    let mut routes: Vec<(usize, Route)> = Vec::with_capacity(lines.len());
    for (k, s, t, cells) in lines {
        let f = &model.flows[k];
        let (a, b) = (d.boxes[s].rect, d.boxes[t].rect);
        let number = numbers.get(&f.id).copied().unwrap_or(0);
        let want = label_width(f, number);
        let spot = grid.as_mut().and_then(|g| place_label(g, &cells, want));
        let points = corners(&cells);
        let back = inward(a, cells[0]);
        let depart = (-back.0, -back.1);
        let arrive = inward(b, cells[cells.len() - 1]);
        let mut bbox = points
            .iter()
            .map(|&(x, y)| Rect { x, y, w: 1, h: 1 })
            .reduce(|p, q| p.union(&q))
            .unwrap_or_default();
        if let Some((x, y, w)) = spot {
            bbox = bbox.union(&Rect { x, y, w, h: 1 });
        }
        routes.push((
            k,
            Route {
                flow: f.id.clone(),
                number,
                source: s,
                target: t,
                points,
                depart,
                arrive,
                label: flow_text(f),
                label_at: spot.map(|(x, y, _)| (x, y)),
                label_room: spot.map_or(0, |(_, _, w)| w),
                both_ways: f.bidirectional,
                response: f.response,
                bbox,
            },
        ));
    }
    for r in keep {
        if let Some(&k) = kept.get(r.flow.as_str()) {
            routes.push((k, r));
        }
    }
    routes.sort_by_key(|(k, _)| *k);
    routes.into_iter().map(|(_, r)| r).collect()
}

/// A clean line from `a` to `b`: straight or a Z, else through the
/// channels, else a bounded search.
fn find(g: &Grid, a: Rect, b: Rect, steps: u32, effort: u32) -> Option<Vec<(i32, i32)>> {
    simple(g, a, b)
        .or_else(|| channel(g, a, b, effort))
        .or_else(|| search(g, a, b, false, steps))
}

/// Every line by [`find`], or `None` as soon as one has no clean line.
fn search_all(
    mut g: Grid,
    d: &Drawing,
    jobs: &[(i64, usize, usize, usize)],
    steps: u32,
    effort: u32,
) -> Option<(Grid, Vec<Line>)> {
    let mut lines = Vec::with_capacity(jobs.len());
    for &(_, k, s, t) in jobs {
        let path = find(&g, d.boxes[s].rect, d.boxes[t].rect, steps, effort)?;
        mark(&mut g, &path);
        lines.push((k, s, t, path));
    }
    Some((g, lines))
}

fn step(a: (i32, i32), b: (i32, i32)) -> (i32, i32) {
    ((b.0 - a.0).signum(), (b.1 - a.1).signum())
}

/// The direction from a cell beside box `r` into the box.
fn inward(r: Rect, (x, y): (i32, i32)) -> (i32, i32) {
    if x < r.x {
        (1, 0)
    } else if x >= r.right() {
        (-1, 0)
    } else if y < r.y {
        (0, 1)
    } else {
        (0, -1)
    }
}

/// The common case, without a search: a straight line or one Z between
/// the facing sides of two boxes, its middle run in the first free channel
/// from the middle of the gap outwards. `None` when no such shape is clean.
fn simple(g: &Grid, a: Rect, b: Rect) -> Option<Vec<(i32, i32)>> {
    let (amid, bmid) = (a.y + a.h / 2, b.y + b.h / 2);
    let (start, end) = if b.x >= a.right() + 2 {
        ((a.right(), amid), (b.x - 1, bmid))
    } else if a.x >= b.right() + 2 {
        ((a.x - 1, amid), (b.right(), bmid))
    } else {
        return None;
    };
    let dir = if end.0 > start.0 { 1 } else { -1 };
    let gap = (end.0 - start.0).abs();
    let middle = (start.0 + end.0) / 2;
    let mut offsets = vec![0];
    for k in 1..gap {
        offsets.push(k);
        offsets.push(-k);
    }
    for off in offsets {
        let mx = middle + off;
        if (mx - start.0) * dir <= 0 || (end.0 - mx) * dir < 0 {
            continue;
        }
        let mut cells =
            Vec::with_capacity(gap as usize + (end.1 - start.1).unsigned_abs() as usize + 1);
        let mut at = start;
        cells.push(at);
        while at.0 != mx {
            at.0 += dir;
            cells.push(at);
        }
        while at.1 != end.1 {
            at.1 += (end.1 - at.1).signum();
            cells.push(at);
        }
        while at.0 != end.0 {
            at.0 += dir;
            cells.push(at);
        }
        if clean(g, &cells) {
            return Some(cells);
        }
        if start.1 == end.1 {
            break;
        }
    }
    None
}

/// Whether a line may take these cells as they are: every step allowed,
/// no stretch shared with another line, turns only on free cells.
pub(super) fn clean(g: &Grid, cells: &[(i32, i32)]) -> bool {
    let ends = [cells.first(), cells.last()];
    if !ends.into_iter().flatten().all(|&c| g.free_end(c)) {
        return false;
    }
    let dir_of = |a: (i32, i32), b: (i32, i32)| match step(a, b) {
        (1, 0) => 0,
        (0, 1) => 1,
        (-1, 0) => 2,
        _ => 3,
    };
    for k in 0..cells.len() {
        let (x, y) = cells[k];
        let dir = if k == 0 {
            dir_of(cells[0], cells[1.min(cells.len() - 1)])
        } else {
            dir_of(cells[k - 1], cells[k])
        };
        if g.enter(x, y, dir, false).is_none_or(|c| c >= SHARE) {
            return false;
        }
        let f = g.get(x, y);
        if k + 1 < cells.len() && k > 0 {
            let next = dir_of(cells[k], cells[k + 1]);
            if next != dir && !g.can_turn(x, y) {
                return false;
            }
            let along = if next % 2 == 0 { LINE_H } else { LINE_V };
            if f & along != 0 {
                return false;
            }
        }
    }
    true
}

/// A plain elbow from the right of `a` to the left of `b`, for when no
/// grid could be built.
fn elbow(a: Rect, b: Rect) -> Vec<(i32, i32)> {
    let start = (a.right(), a.y + a.h / 2);
    let end = (b.x - 1, b.y + b.h / 2);
    let mut out = vec![start];
    let mut at = start;
    while at.0 != end.0 {
        at.0 += (end.0 - at.0).signum();
        out.push(at);
    }
    while at.1 != end.1 {
        at.1 += (end.1 - at.1).signum();
        out.push(at);
    }
    out
}

/// The corners of [`elbow`], without the cells between them.
fn elbow_corners(a: Rect, b: Rect) -> Vec<(i32, i32)> {
    let start = (a.right(), a.y + a.h / 2);
    let end = (b.x - 1, b.y + b.h / 2);
    let mut out = vec![start, (end.0, start.1), end];
    out.dedup();
    out
}

/// Records a routed line in the grid.
fn mark(g: &mut Grid, cells: &[(i32, i32)]) {
    let n = cells.len();
    for (k, &(x, y)) in cells.iter().enumerate() {
        let mut flag = 0;
        for other in [k.checked_sub(1), (k + 1 < n).then_some(k + 1)]
            .into_iter()
            .flatten()
        {
            flag |= if cells[other].1 == y { LINE_H } else { LINE_V };
        }
        if k == 0 || k + 1 == n {
            flag |= PORT | LINE_H | LINE_V;
        }
        g.set(x, y, flag);
    }
}

/// The cells where the line turns, with its two ends.
fn corners(cells: &[(i32, i32)]) -> Vec<(i32, i32)> {
    let mut out = vec![cells[0]];
    for k in 1..cells.len().saturating_sub(1) {
        if step(cells[k - 1], cells[k]) != step(cells[k], cells[k + 1]) {
            out.push(cells[k]);
        }
    }
    if cells.len() > 1 {
        out.push(cells[cells.len() - 1]);
    }
    out
}

/// A place for a label of `want` cells: on the longest stretch of the line's
/// horizontal runs that no other line crosses, or else in free cells beside
/// one of its vertical runs. Marks the cells taken.
fn place_label(g: &mut Grid, cells: &[(i32, i32)], want: i32) -> Option<(i32, i32, i32)> {
    let n = cells.len();
    let mut best: Option<(i32, i32, i32)> = None; // (x, y, len)
    let mut run: Option<(i32, i32, i32)> = None;
    for k in 1..n.saturating_sub(1) {
        let (x, y) = cells[k];
        let horizontal = cells[k - 1].1 == y && cells[k + 1].1 == y;
        // Not where the line crosses a frame edge: the label would hide it.
        let free = horizontal && g.get(x, y) & (LINE_V | FRAME_V) == 0 && !by_box(g, x, y);
        run = match (free, run) {
            (true, Some((rx, ry, len))) if ry == y && (rx + len == x || rx - 1 == x) => {
                Some((rx.min(x), y, len + 1))
            }
            (true, _) => Some((x, y, 1)),
            (false, _) => None,
        };
        if let Some(r) = run
            && best.is_none_or(|b| r.2 > b.2)
        {
            best = Some(r);
        }
    }
    let spot = match best {
        Some((x, y, len)) if len >= want.min(MIN_LABEL + 2) => {
            let room = want.min(len);
            Some((x + (len - room) / 2, y, room))
        }
        _ => beside(g, cells, want),
    }?;
    for x in spot.0..spot.0 + spot.2 {
        g.set(x, spot.1, HARD);
    }
    Some(spot)
}

/// Free cells right or left of a vertical run of the line.
fn beside(g: &Grid, cells: &[(i32, i32)], want: i32) -> Option<(i32, i32, i32)> {
    let free = |x: i32, y: i32, w: i32| (x..x + w).all(|cx| g.get(cx, y) == 0 && !by_box(g, cx, y));
    for room in [want, want.min(14), MIN_LABEL] {
        for k in 1..cells.len().saturating_sub(1) {
            let (x, y) = cells[k];
            if cells[k - 1].0 != x || cells[k + 1].0 != x {
                continue;
            }
            if free(x + 1, y, room) {
                return Some((x + 1, y, room));
            }
            if free(x - room, y, room) {
                return Some((x - room, y, room));
            }
        }
    }
    None
}

/// Whether a cell is beside a box or one row off: a label there would wall
/// off the box's top or bottom from lines still to come.
fn by_box(g: &Grid, x: i32, y: i32) -> bool {
    (y - 1..=y + 1).any(|cy| g.get(x, cy) & NEAR != 0)
}
