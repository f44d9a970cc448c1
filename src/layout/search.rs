//! The bounded shortest-path search for the lines neither a straight
//! line, a Z, a channel nor a reserved slot can take (hand-arranged layouts
//! on the canvas): A* over (cell, direction) with a price on bends, in a
//! window around the two boxes.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use super::geometry::Rect;
use super::route::{BEND, DIRS, Grid, RELAXED, WINDOW, ports};

/// A* over (cell, direction) from the ports of `a` to the ports of `b`.
pub(super) fn search(
    g: &Grid,
    a: Rect,
    b: Rect,
    relaxed: bool,
    steps: u32,
) -> Option<Vec<(i32, i32)>> {
    let win = if relaxed {
        a.union(&b).grow(4 * WINDOW.0, 4 * WINDOW.1)
    } else {
        a.union(&b).grow(WINDOW.0, WINDOW.1)
    };
    let ww = win.w as usize;
    let idx = |x: i32, y: i32, dir: usize| -> Option<usize> {
        win.contains(x, y)
            .then(|| ((y - win.y) as usize * ww + (x - win.x) as usize) * 4 + dir)
    };
    let mid = b.y + b.h / 2;
    let is_goal = |(x, y): (i32, i32), dir: usize| {
        let beside = match dir {
            0 => x == b.x - 1 && y == mid,
            2 => x == b.right() && y == mid,
            1 => y == b.y - 1 && x > b.x && x < b.right() - 1,
            _ => y == b.bottom() && x > b.x && x < b.right() - 1,
        };
        beside && g.free_end((x, y))
    };
    let h = |(x, y): (i32, i32)| -> u32 {
        let dx = (b.x - 1 - x).max(x - b.right()).max(0);
        let dy = (b.y - 1 - y).max(y - b.bottom()).max(0);
        // Weighted twice: a little longer lines, far less searching.
        2 * (dx + dy) as u32
    };
    // Best cost and predecessor of each state reached: a map, not arrays the
    // size of the window, so a search costs what it explores.
    let mut seen: Seen = Seen::default();
    let dist = |seen: &Seen, i: usize| seen.get(&i).map_or(u32::MAX, |s| s.0);
    let mut heap = BinaryHeap::new();
    for ((x, y), dir) in ports(a) {
        let Some(i) = idx(x, y, dir).filter(|_| g.free_end((x, y))) else {
            continue;
        };
        let Some(cost) = g.enter(x, y, dir, relaxed) else {
            continue;
        };
        if cost < dist(&seen, i) {
            seen.insert(i, (cost, NONE));
            heap.push(Reverse((cost + h((x, y)), cost, x, y, dir)));
        }
    }
    let mut budget = steps;
    while let Some(Reverse((_, cost, x, y, dir))) = heap.pop() {
        budget -= 1;
        if budget == 0 {
            return None;
        }
        let Some(i) = idx(x, y, dir) else { continue };
        if cost > dist(&seen, i) {
            continue;
        }
        if is_goal((x, y), dir) {
            return Some(unwind(&seen, i, ww, win));
        }
        let came_from = seen.get(&i).map_or(NONE, |s| s.1);
        for (nd, &(dx, dy)) in DIRS.iter().enumerate() {
            if nd == (dir + 2) % 4 {
                continue;
            }
            let turn = nd != dir;
            // Lines leave their box straight out.
            if turn && (came_from == NONE || !relaxed && !g.can_turn(x, y)) {
                continue;
            }
            let (nx, ny) = (x + dx, y + dy);
            let Some(j) = idx(nx, ny, nd) else { continue };
            let Some(mut c) = g.enter(nx, ny, nd, relaxed) else {
                continue;
            };
            if turn {
                c += if g.can_turn(x, y) { BEND } else { RELAXED };
            }
            let nc = cost + c;
            if nc < dist(&seen, j) {
                seen.insert(j, (nc, i));
                heap.push(Reverse((nc + h((nx, ny)), nc, nx, ny, nd)));
            }
        }
    }
    None
}

/// No predecessor: a state the search started from.
const NONE: usize = usize::MAX;

/// Search states reached: cost so far and the state before.
type Seen = HashMap<usize, (u32, usize), BuildHasherDefault<Mix>>;

/// A fast multiplicative hash for the search's integer keys (the default
/// hasher resists hostile keys these are not, at several times the cost).
#[derive(Default)]
struct Mix(u64);

impl Hasher for Mix {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = (n as u64 ^ self.0)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(26);
    }
}

fn unwind(seen: &Seen, mut i: usize, ww: usize, win: Rect) -> Vec<(i32, i32)> {
    let mut out = Vec::new();
    loop {
        let cell = i / 4;
        out.push((win.x + (cell % ww) as i32, win.y + (cell / ww) as i32));
        match seen.get(&i).map_or(NONE, |s| s.1) {
            NONE => break,
            p => i = p,
        }
    }
    out.reverse();
    out
}
