//! Layered routing by construction, as Graphviz `dot`, ELK and dagre do it:
//! when the boxes stand in columns (the [`super::layered`] layout), a flow
//! that spans several columns gets a reserved slot (a dummy node: one free
//! row of its own) in every column it crosses, and in every gap between two
//! columns a vertical track of its own. Its line is built from those pieces:
//! out of its source box on a port of its own, along its row to its track in
//! the gap, down or up the track to its row in the next column, straight
//! through that column's slot, and so on into a port of its target. Back
//! edges (responses, cycles) are built the same way from right to left.
//!
//! Every piece is checked as it is handed out, so by construction a line
//! never enters a box (slots are rows no box of the column takes, tracks lie
//! in the gaps where no box stands), never runs along another line or a
//! frame edge, never crosses a frame title, and only ever crosses other lines
//! at right angles. The work is O(flows × columns × gap width). A flow that
//! finds no port, slot or track is left to the caller (`None`).

use std::collections::HashMap;
use std::collections::HashSet;

use super::geometry::{Drawing, Rect};

/// Rows searched each way for a free slot before the flow is left out.
const MAX_SLOT_SEARCH: i32 = 4_000;
/// Rows above and below tried for a jog between two tracks.
const JOG_ROWS: i32 = 12;

/// One column of boxes: every box of it starts at `x0`; `x1` is the column
/// after the widest.
struct Col {
    x0: i32,
    x1: i32,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Side {
    Left,
    Right,
}

/// A flow on one side of a box: the row of its other end's box, the flow,
/// and whether it leaves the box there.
type OnSide = (i32, usize, bool);

/// Where a line leaves or enters a box: the cells from the one beside the
/// box to the one where the line runs along `row` away from the box.
struct Port {
    cells: Vec<(i32, i32)>,
    row: i32,
}

/// Free and taken rows of the columns.
struct Rows {
    /// Rows no line may run along through a column: its boxes and the
    /// edges of frames across it.
    blocked: Vec<HashSet<i32>>,
    /// Rows a line already runs along in a column: 1 on its left part
    /// (a port towards the left gap), 2 on its right part, 3 across.
    taken: HashMap<(usize, i32), u8>,
}

impl Rows {
    fn free(&self, c: usize, row: i32, part: u8) -> bool {
        !self.blocked[c].contains(&row) && self.taken.get(&(c, row)).is_none_or(|&m| m & part == 0)
    }
    fn take(&mut self, c: usize, row: i32, part: u8) {
        *self.taken.entry((c, row)).or_default() |= part;
    }
}

/// Lines of the flows `jobs` (flow index, source box, target box) built
/// through reserved slots and tracks, as corner points from the cell beside
/// the source to the cell beside the target; `None` for a flow this cannot
/// build (its ends in one column, or no room), and for all of them when the
/// boxes do not stand in columns.
pub(super) fn build(d: &Drawing, jobs: &[(usize, usize, usize)]) -> Vec<Option<Vec<(i32, i32)>>> {
    let mut out = vec![None; jobs.len()];
    let Some((cols, col_of)) = columns(d) else {
        return out;
    };
    let mut rows = Rows {
        blocked: vec![HashSet::new(); cols.len()],
        taken: HashMap::new(),
    };
    for (b, &c) in d.boxes.iter().zip(&col_of) {
        rows.blocked[c].extend(b.rect.y..b.rect.bottom());
    }
    for f in &d.frames {
        for (c, col) in cols.iter().enumerate() {
            if f.rect.x < col.x1 && col.x0 < f.rect.right() {
                rows.blocked[c].insert(f.rect.y);
                rows.blocked[c].insert(f.rect.bottom() - 1);
            }
        }
    }
    // Ports: the flows on each side of each box, ordered by where their
    // other end is, so that lines leave in the order they go.
    let mut sides: HashMap<(usize, Side), Vec<OnSide>> = HashMap::new();
    for (j, &(_, s, t)) in jobs.iter().enumerate() {
        let (cs, ct) = (col_of[s], col_of[t]);
        if cs == ct {
            continue;
        }
        let (out_side, in_side) = if cs < ct {
            (Side::Right, Side::Left)
        } else {
            (Side::Left, Side::Right)
        };
        sides
            .entry((s, out_side))
            .or_default()
            .push((d.boxes[t].rect.y, j, true));
        sides
            .entry((t, in_side))
            .or_default()
            .push((d.boxes[s].rect.y, j, false));
    }
    let mut keys: Vec<(usize, Side)> = sides.keys().copied().collect();
    keys.sort_by_key(|&(b, side)| (b, side == Side::Right));
    let mut from: Vec<Option<Port>> = (0..jobs.len()).map(|_| None).collect();
    let mut into: Vec<Option<Port>> = (0..jobs.len()).map(|_| None).collect();
    for key in keys {
        let mut flows = sides.remove(&key).unwrap_or_default();
        flows.sort();
        let (b, side) = key;
        let ports = ports(d.boxes[b].rect, side, flows.len(), col_of[b], &mut rows);
        for ((_, j, outgoing), port) in flows.into_iter().zip(ports) {
            if outgoing {
                from[j] = port;
            } else {
                into[j] = port;
            }
        }
    }
    // Slots: a free row in every column a flow crosses, near the straight
    // line between its two ports.
    let mut rows_of: Vec<Option<Vec<i32>>> = vec![None; jobs.len()];
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&j| {
        let (_, s, t) = jobs[j];
        (col_of[s].abs_diff(col_of[t]), j)
    });
    for &j in &order {
        let (_, s, t) = jobs[j];
        let (Some(a), Some(b)) = (&from[j], &into[j]) else {
            continue;
        };
        let (cs, ct) = (col_of[s] as i64, col_of[t] as i64);
        let step: i64 = if ct > cs { 1 } else { -1 };
        let span = (ct - cs).abs();
        let mut list = vec![a.row];
        let mut ok = true;
        let mut c = cs + step;
        while c != ct {
            let done = (c - cs).abs();
            let ideal = i64::from(a.row) + (i64::from(b.row) - i64::from(a.row)) * done / span;
            match slot(&rows, c as usize, ideal as i32) {
                Some(r) => {
                    rows.take(c as usize, r, 3);
                    list.push(r);
                }
                None => {
                    ok = false;
                    break;
                }
            }
            c += step;
        }
        list.push(b.row);
        if ok {
            rows_of[j] = Some(list);
        }
    }
    // Tracks: in each gap, every flow that changes rows there gets a
    // vertical track of its own.
    let gaps: Vec<Gap> = cols
        .windows(2)
        .map(|w| Gap::new(d, w[0].x1, w[1].x0 - 1))
        .collect();
    let mut gaps = gaps;
    // (gap, flow, row on the gap's left, row on its right)
    let mut segments: Vec<(usize, usize, i32, i32)> = Vec::new();
    for &j in &order {
        let Some(list) = &rows_of[j] else { continue };
        let (_, s, t) = jobs[j];
        let (cs, ct) = (col_of[s], col_of[t]);
        for (k, pair) in list.windows(2).enumerate() {
            if ct > cs {
                segments.push((cs + k, j, pair[0], pair[1]));
            } else {
                segments.push((cs - k - 1, j, pair[1], pair[0]));
            }
        }
    }
    segments.sort_by_key(|&(g, j, l, r)| (g, l.min(r), j));
    let segments = in_order(segments);
    let mut tracks: HashMap<(usize, usize), Vec<(i32, i32)>> = HashMap::new();
    let mut failed: HashSet<usize> = HashSet::new();
    for (g, j, l, r) in segments {
        if failed.contains(&j) {
            continue;
        }
        match gaps[g].track(l, r) {
            Some(x) => {
                tracks.insert((j, g), x);
            }
            None => {
                failed.insert(j);
            }
        }
    }
    for (j, &(_, s, t)) in jobs.iter().enumerate() {
        if failed.contains(&j) {
            continue;
        }
        let (Some(list), Some(a), Some(b)) = (&rows_of[j], &from[j], &into[j]) else {
            continue;
        };
        let (cs, ct) = (col_of[s], col_of[t]);
        let mut points: Vec<(i32, i32)> = a.cells.clone();
        for k in 0..list.len() - 1 {
            let g = if ct > cs { cs + k } else { cs - k - 1 };
            let Some(x) = tracks.get(&(j, g)) else {
                points.clear();
                break;
            };
            if ct > cs {
                points.extend(x.iter());
            } else {
                points.extend(x.iter().rev());
            }
        }
        if points.is_empty() {
            continue;
        }
        points.extend(b.cells.iter().rev());
        points.dedup();
        out[j] = Some(simplify(points));
    }
    out
}

/// The columns of the drawing and the column of each box, when every box
/// starts where its column does and the columns stand apart.
fn columns(d: &Drawing) -> Option<(Vec<Col>, Vec<usize>)> {
    let mut starts: Vec<i32> = d.boxes.iter().map(|b| b.rect.x).collect();
    starts.sort_unstable();
    starts.dedup();
    let index: HashMap<i32, usize> = starts.iter().enumerate().map(|(i, &x)| (x, i)).collect();
    let mut cols: Vec<Col> = starts.iter().map(|&x| Col { x0: x, x1: x }).collect();
    let col_of: Vec<usize> = d.boxes.iter().map(|b| index[&b.rect.x]).collect();
    for (b, &c) in d.boxes.iter().zip(&col_of) {
        cols[c].x1 = cols[c].x1.max(b.rect.right());
    }
    // A gap needs room for a track, with a free column each side of it.
    let apart = cols.windows(2).all(|w| w[0].x1 + 4 <= w[1].x0);
    (apart && cols.len() >= 2).then_some((cols, col_of))
}

/// Ports for `n` flows on one side of a box: the rows of its side (up to
/// three), then lanes above and below it (a short run up or down from its
/// top or bottom edge, then along a free row of the column), outermost
/// first, so that lines leaving in order never cross.
fn ports(r: Rect, side: Side, n: usize, col: usize, rows: &mut Rows) -> Vec<Option<Port>> {
    let part = if side == Side::Left { 1 } else { 2 };
    let beside = if side == Side::Left {
        r.x - 1
    } else {
        r.right()
    };
    let side_rows: Vec<i32> = match n {
        1 => vec![r.y + 1],
        2 => vec![r.y, r.y + 2],
        _ => vec![r.y, r.y + 1, r.y + 2],
    };
    let extra = n.saturating_sub(3);
    let (above, below) = (extra.div_ceil(2), extra / 2);
    // The column a lane leaves the box from: nearest the side first.
    let lane_x = |k: i32| {
        if side == Side::Left {
            r.x + 1 + k
        } else {
            r.right() - 2 - k
        }
    };
    let mut top: Vec<Option<Port>> = Vec::new();
    for k in 0..above as i32 {
        let row = r.y - 1 - k;
        if k >= r.w - 3 || !rows.free(col, row, part) {
            top.push(None);
            continue;
        }
        rows.take(col, row, part);
        let x = lane_x(k);
        top.push(Some(Port {
            cells: vec![(x, r.y - 1), (x, row)],
            row,
        }));
    }
    let mut bottom: Vec<Option<Port>> = Vec::new();
    for k in 0..below as i32 {
        let row = r.bottom() + k;
        if k >= r.w - 3 || !rows.free(col, row, part) {
            bottom.push(None);
            continue;
        }
        rows.take(col, row, part);
        let x = lane_x(k);
        bottom.push(Some(Port {
            cells: vec![(x, r.bottom()), (x, row)],
            row,
        }));
    }
    top.reverse();
    let mut out = top;
    out.extend(side_rows.into_iter().map(|row| {
        Some(Port {
            cells: vec![(beside, row)],
            row,
        })
    }));
    out.extend(bottom);
    out
}

/// The free row nearest `ideal` in column `c`.
fn slot(rows: &Rows, c: usize, ideal: i32) -> Option<i32> {
    (0..MAX_SLOT_SEARCH).find_map(|k| {
        [ideal + k, ideal - k]
            .into_iter()
            .find(|&r| rows.free(c, r, 3))
    })
}

/// One gap between two columns: what stands in it, and the lines built
/// through it so far.
struct Gap {
    /// First and last column of the gap.
    x0: i32,
    x1: i32,
    /// Vertical stretches a track may not overlap, by column: frame edges,
    /// title cells, tracks already given (with their rows).
    vertical: HashMap<i32, Vec<(i32, i32)>>,
    /// Horizontal stretches a line may not overlap, by row: frame edges,
    /// runs already given.
    horizontal: HashMap<i32, Vec<(i32, i32)>>,
}

impl Gap {
    fn new(d: &Drawing, x0: i32, x1: i32) -> Gap {
        let mut g = Gap {
            x0,
            x1,
            vertical: HashMap::new(),
            horizontal: HashMap::new(),
        };
        for f in &d.frames {
            let r = f.rect;
            if r.right() <= x0 || r.x > x1 {
                continue;
            }
            for x in [r.x, r.right() - 1] {
                if (x0..=x1).contains(&x) {
                    g.vertical.entry(x).or_default().push((r.y, r.bottom() - 1));
                }
            }
            let (a, b) = (r.x.max(x0), (r.right() - 1).min(x1));
            for y in [r.y, r.bottom() - 1] {
                g.horizontal.entry(y).or_default().push((a, b));
            }
            let t = f.title;
            for x in t.x.max(x0)..t.right().min(x1 + 1) {
                g.vertical.entry(x).or_default().push((t.y, t.y));
            }
        }
        g
    }

    fn clear(list: Option<&Vec<(i32, i32)>>, lo: i32, hi: i32) -> bool {
        list.is_none_or(|l| l.iter().all(|&(a, b)| b < lo || a > hi))
    }

    /// Whether a vertical run at `x` over rows `a..=b` is free, with one
    /// free cell between it and any other line, so two lines never read as
    /// one.
    fn vfree(&self, x: i32, a: i32, b: i32) -> bool {
        x > self.x0 && x < self.x1 && Self::clear(self.vertical.get(&x), a.min(b) - 1, a.max(b) + 1)
    }

    fn hfree(&self, y: i32, a: i32, b: i32) -> bool {
        Self::clear(self.horizontal.get(&y), a.min(b) - 1, a.max(b) + 1)
    }

    fn take_v(&mut self, x: i32, a: i32, b: i32) {
        self.vertical
            .entry(x)
            .or_default()
            .push((a.min(b), a.max(b)));
    }

    fn take_h(&mut self, y: i32, a: i32, b: i32) {
        self.horizontal
            .entry(y)
            .or_default()
            .push((a.min(b), a.max(b)));
    }

    /// Columns of the gap from its middle outwards.
    fn middle_out(&self) -> impl Iterator<Item = i32> + use<> {
        let (x0, x1) = (self.x0, self.x1);
        let mid = (x0 + x1) / 2;
        (0..=2 * (x1 - x0))
            .map(move |k| {
                if k % 2 == 0 {
                    mid + k / 2
                } else {
                    mid - k / 2 - 1
                }
            })
            .filter(move |&x| x > x0 && x < x1)
    }

    /// The corners, left to right, of a line that comes into the gap on row
    /// `l` and leaves it on row `r`: none when it goes straight across, two
    /// for a track of its own, four when it must jog along a free row of the
    /// gap (two lines that swap rows); `None` when there is no room.
    fn track(&mut self, l: i32, r: i32) -> Option<Vec<(i32, i32)>> {
        let (x0, x1) = (self.x0, self.x1);
        if l == r && self.hfree(l, x0, x1) {
            self.take_h(l, x0, x1);
            return Some(Vec::new());
        }
        let one = self
            .middle_out()
            .find(|&x| self.vfree(x, l, r) && self.hfree(l, x0, x) && self.hfree(r, x, x1));
        if let Some(x) = one {
            self.take_v(x, l, r);
            self.take_h(l, x0, x);
            self.take_h(r, x, x1);
            return Some(vec![(x, l), (x, r)]);
        }
        // A jog: down or up the first track, along a free row `m`, then
        // down or up a second track further right.
        for k in 1..JOG_ROWS {
            for m in [l.max(r) + k, l.min(r) - k] {
                let Some(a) = self
                    .middle_out()
                    .find(|&x| self.vfree(x, l, m) && self.hfree(l, x0, x))
                else {
                    continue;
                };
                let b = (a + 2..x1)
                    .take_while(|&x| self.hfree(m, a, x))
                    .find(|&x| self.vfree(x, m, r) && self.hfree(r, x, x1));
                if let Some(b) = b {
                    self.take_h(l, x0, a);
                    self.take_v(a, l, m);
                    self.take_h(m, a, b);
                    self.take_v(b, m, r);
                    self.take_h(r, b, x1);
                    return Some(vec![(a, l), (a, m), (b, m), (b, r)]);
                }
            }
        }
        None
    }
}

/// Segments (gap, flow, left row, right row) in the order their tracks are
/// given, gap by gap: a line that comes in on a row another line leaves on
/// must turn left of it (else the two would run along that row together),
/// so it goes first and the other then takes a track to its right.
fn in_order(segments: Vec<(usize, usize, i32, i32)>) -> Vec<(usize, usize, i32, i32)> {
    let mut by_left: HashMap<(usize, i32), usize> = HashMap::new();
    let mut by_right: HashMap<(usize, i32), usize> = HashMap::new();
    for (i, &(g, _, l, r)) in segments.iter().enumerate() {
        if l != r {
            by_left.insert((g, l), i);
            by_right.insert((g, r), i);
        }
    }
    let mut done = vec![false; segments.len()];
    let mut out = Vec::with_capacity(segments.len());
    for i in 0..segments.len() {
        if done[i] {
            continue;
        }
        // Back to the head of its chain (a cycle is cut where it closes).
        let mut head = i;
        let mut steps = 0;
        while let Some(&p) = by_left.get(&(segments[head].0, segments[head].3)) {
            if done[p] || p == i || steps > segments.len() {
                break;
            }
            head = p;
            steps += 1;
        }
        let mut at = Some(head);
        while let Some(k) = at.filter(|&k| !done[k]) {
            done[k] = true;
            out.push(segments[k]);
            let (g, _, l, r) = segments[k];
            at = (l != r).then(|| by_right.get(&(g, l)).copied()).flatten();
        }
    }
    out
}

/// The corners of a line through `points` (each one step or a straight run
/// from the one before): consecutive repeats and points in the middle of a
/// straight run dropped.
fn simplify(points: Vec<(i32, i32)>) -> Vec<(i32, i32)> {
    let mut out: Vec<(i32, i32)> = Vec::with_capacity(points.len());
    for p in points {
        if out.last() == Some(&p) {
            continue;
        }
        if out.len() >= 2 {
            let (a, b) = (out[out.len() - 2], out[out.len() - 1]);
            if (a.0 == b.0 && b.0 == p.0) || (a.1 == b.1 && b.1 == p.1) {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}
