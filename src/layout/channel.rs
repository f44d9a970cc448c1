//! Channel routing: the fast path for long flows, as in layered engines
//! (Graphviz `dot`, ELK, dagre). A flow leaves its box, turns into a free
//! vertical track in the gap beside it, runs along a free row (the rows
//! between the boxes of a layer, between bands, or the margin outside the
//! drawing, where nothing stands) to a free track in the gap beside its
//! target, and enters the target. Every candidate is checked cell by cell
//! against the grid as it is walked, so a line never enters a box, a frame
//! title or corner, never runs along a frame edge or another line, and only
//! turns on free cells. The work is bounded: a flow costs at most
//! `effort` cell checks, and the caller falls back to a search.

use super::geometry::{Rect, cells_through};
use super::route::{DIRS, Grid, SHARE, clean, ports};

/// Cell checks one flow may spend before channel routing gives up (in a
/// small drawing; big ones give less).
pub(super) const CHANNEL_EFFORT: u32 = 60_000;
/// Tracks tried in the gap after a box.
const TRACKS: i32 = 40;
/// Rows tried for the horizontal run from one track.
const ROWS: usize = 48;

struct Walk<'a> {
    g: &'a Grid,
    budget: u32,
}

impl Walk<'_> {
    /// Whether the line may step into `(x, y)` going `dir`, without sharing.
    fn ok(&mut self, x: i32, y: i32, dir: usize) -> Option<bool> {
        self.budget = self.budget.checked_sub(1)?;
        Some(self.g.enter(x, y, dir, false).is_some_and(|c| c < SHARE))
    }

    /// Walks from `(x, y)` (not included) in `dir` while every cell is
    /// allowed, at most `max` cells; returns the cells reached.
    fn reach(&mut self, x: i32, y: i32, dir: usize, max: i32) -> Option<Vec<(i32, i32)>> {
        let (dx, dy) = DIRS[dir];
        let mut out = Vec::new();
        let (mut cx, mut cy) = (x, y);
        for _ in 0..max {
            cx += dx;
            cy += dy;
            if !self.ok(cx, cy, dir)? {
                break;
            }
            out.push((cx, cy));
        }
        Some(out)
    }

    /// Whether a straight run from `from` (not included) to `to` (included)
    /// is allowed.
    fn run(&mut self, from: (i32, i32), to: (i32, i32)) -> Option<bool> {
        if from == to {
            return Some(true);
        }
        let dir = dir_of(from, to);
        let (dx, dy) = DIRS[dir];
        let (mut x, mut y) = from;
        while (x, y) != to {
            x += dx;
            y += dy;
            if !self.ok(x, y, dir)? {
                return Some(false);
            }
        }
        Some(true)
    }
}

fn dir_of(a: (i32, i32), b: (i32, i32)) -> usize {
    match ((b.0 - a.0).signum(), (b.1 - a.1).signum()) {
        (1, 0) => 0,
        (0, 1) => 1,
        (-1, 0) => 2,
        _ => 3,
    }
}

/// A line from box `a` to box `b` of at most four turns through the free
/// channels, or `None` when none was found within the budget.
pub(super) fn channel(g: &Grid, a: Rect, b: Rect, effort: u32) -> Option<Vec<(i32, i32)>> {
    let mut w = Walk { g, budget: effort };
    let toward = if b.center().0 >= a.center().0 { 0 } else { 2 };
    let target_row = b.y + b.h / 2;
    // Ports of the source: the side facing the target first.
    let mut starts: Vec<((i32, i32), usize)> = ports(a)
        .into_iter()
        .filter(|&((x, y), d)| g.enter(x, y, d, false).is_some_and(|c| c < SHARE))
        .collect();
    starts.sort_by_key(|&((x, y), d)| {
        let side = if d == toward {
            0
        } else if d % 2 == 1 {
            1
        } else {
            2
        };
        (side, (x - b.center().0).abs() + (y - target_row).abs())
    });
    // Ends: the free cell beside `b` and the direction of the last step.
    let ends: Vec<((i32, i32), usize)> = ports(b)
        .into_iter()
        .map(|(c, d)| (c, (d + 2) % 4))
        .filter(|&((x, y), d)| g.enter(x, y, d, false).is_some_and(|c| c < SHARE))
        .collect();
    if ends.is_empty() {
        return None;
    }
    for (s, d0) in starts.into_iter().take(8) {
        // Tracks: where the line turns from leaving the box to vertical.
        let tracks: Vec<(i32, i32)> = if d0 % 2 == 0 {
            w.reach(s.0, s.1, d0, TRACKS)?
                .into_iter()
                .filter(|&(x, y)| g.can_turn(x, y))
                .collect()
        } else {
            vec![s]
        };
        for t in tracks {
            // Rows the vertical leg reaches from the track.
            let mut rows: Vec<i32> = Vec::new();
            for vd in [1, 3] {
                if d0 % 2 == 1 && vd != d0 {
                    continue;
                }
                let reached = w.reach(t.0, t.1, vd, i32::MAX / 2)?;
                rows.extend(
                    reached
                        .into_iter()
                        .filter(|&(x, y)| g.can_turn(x, y))
                        .map(|(_, y)| y),
                );
            }
            rows.sort_by_key(|&y| ((y - target_row).abs(), y));
            for y in rows.into_iter().take(ROWS) {
                if let Some(points) = across(&mut w, s, t, y, &ends)? {
                    let cells = cells_through(&points);
                    if clean(g, &cells) {
                        return Some(cells);
                    }
                }
            }
        }
    }
    None
}

/// From the turn at `(t.0, y)`, along row `y` towards the ends, then down
/// or up a free track into one of them. `Some(None)` when none fits;
/// `None` when the budget ran out.
#[allow(clippy::type_complexity)]
fn across(
    w: &mut Walk,
    s: (i32, i32),
    t: (i32, i32),
    y: i32,
    ends: &[((i32, i32), usize)],
) -> Option<Option<Vec<(i32, i32)>>> {
    let g = w.g;
    let corner = (t.0, y);
    let lead: Vec<(i32, i32)> = [s, t, corner].into_iter().fold(Vec::new(), |mut v, p| {
        if v.last() != Some(&p) {
            v.push(p);
        }
        v
    });
    let goal_x: i32 = ends.iter().map(|e| e.0.0).sum::<i32>() / ends.len() as i32;
    let hd = if goal_x >= t.0 { 0 } else { 2 };
    let mut row = vec![corner];
    row.extend(w.reach(corner.0, y, hd, i32::MAX / 2)?);
    for &(x, _) in &row[1..] {
        for &(e, ed) in ends {
            let shape: Option<Vec<(i32, i32)>> = match ed {
                // Arriving from above or below: the track is the port's column.
                1 | 3 if e.0 == x && ((ed == 1 && y < e.1) || (ed == 3 && y > e.1)) => {
                    Some(vec![(x, y), e])
                }
                // Arriving sideways: a track before the port, then across.
                0 | 2 if (ed == 0 && x < e.0) || (ed == 2 && x > e.0) => {
                    Some(vec![(x, y), (x, e.1), e])
                }
                _ => None,
            };
            let Some(tail) = shape else { continue };
            if !g.can_turn(x, y) {
                continue;
            }
            if tail.len() == 3 && tail[1] != tail[0] && !g.can_turn(tail[1].0, tail[1].1) {
                continue;
            }
            let mut ok = true;
            for pair in tail.windows(2) {
                if !w.run(pair[0], pair[1])? {
                    ok = false;
                    break;
                }
            }
            if !ok {
                continue;
            }
            let mut points = lead.clone();
            for p in tail {
                if points.last() != Some(&p) {
                    points.push(p);
                }
            }
            return Some(Some(points));
        }
    }
    Some(None)
}
