//! Hand-set positions pulled apart: no two boxes overlap, no frame covers a
//! box that is not its member, every box stays inside its boundaries'
//! frames, and each keeps its place relative to its neighbours (left of,
//! right of, above, below) while moving as little as it can.
//!
//! Positions set by hand or scaled from another tool's pixels need this:
//! boxes are sized to names that outgrow the source's spacing (and grow
//! again when someone renames one), and a frame drawn around its members
//! with its padding and title can reach over a box that is not in it.
//!
//! The method is the one Graphviz uses to remove node overlaps
//! (`overlap=vpsc`: Dwyer, Marriott and Stuckey, "Fast node overlap
//! removal", 2005), applied inside each trust boundary from the innermost
//! out, with each nested boundary's frame moved as one piece:
//! 1. across: two items that overlap and are more beside each other than
//!    above or below, and any two that share rows, keep their left-to-right
//!    order with [`GAP_X`] columns between them;
//! 2. down: any two items that then still share columns keep their
//!    top-to-bottom order with [`GAP_Y`] rows between them.
//!
//! Each pass stays as close as it can to where the items were (least
//! squares, a frame weighing as much as the boxes in it) subject to those
//! gaps: items pushed together merge into blocks placed at the mean of
//! their members' wanted places. Positions that need no change are given
//! back unchanged.

use std::collections::BTreeMap;

use crate::model::{Model, Position};

use super::geometry::{Rect, frame_around};
use super::layered::Groups;
use super::{BOX_H, box_width};

/// Columns kept free between two items side by side: room for a line to
/// pass, or for a short one and its arrowhead.
pub const GAP_X: i32 = 4;
/// Rows kept free between two items one above the other (as the layered
/// layout leaves between the boxes of a layer).
pub const GAP_Y: i32 = 2;
/// How far apart two items may be (beyond the gap) and still be kept in
/// order by a pass: items further apart rarely meet in one push, and a
/// next round catches those that do.
const REACH: i32 = 48;
/// Rounds of the two passes at most; one is the usual case.
const ROUNDS: usize = 8;

/// How much more a box pinned by [`separate_keeping`] weighs than one that
/// is not: enough that the others make way, not so much that sums overflow.
const PIN: i64 = 1_000_000;

/// `positions` with every overlap removed as described in the module
/// documentation. Elements without a position are left out of it, as they
/// were; positions of ids that are not elements are kept as they are.
pub fn separate(
    model: &Model,
    positions: &BTreeMap<String, Position>,
) -> BTreeMap<String, Position> {
    separate_keeping(model, positions, &[])
}

/// Like [`separate`], but the elements in `pinned` (a box someone has just
/// moved) stay where they were put as far as anything can: the boxes and
/// frames in their way move aside instead of meeting them half way.
pub fn separate_keeping(
    model: &Model,
    positions: &BTreeMap<String, Position>,
    pinned: &[&str],
) -> BTreeMap<String, Position> {
    let groups = Groups::new(model);
    let pins: Vec<bool> = model
        .elements
        .iter()
        .map(|e| pinned.contains(&e.id.as_str()))
        .collect();
    let mut at: Vec<Option<Rect>> = model
        .elements
        .iter()
        .map(|e| {
            let p = positions.get(&e.id)?;
            Some(Rect {
                x: p.x,
                y: p.y,
                w: box_width(e),
                h: BOX_H,
            })
        })
        .collect();
    settle(model, &groups, &None, &mut at, &pins, 0);
    let mut out = positions.clone();
    for (e, r) in model.elements.iter().zip(&at) {
        if let Some(r) = r {
            out.insert(e.id.clone(), Position { x: r.x, y: r.y });
        }
    }
    out
}

/// A box, or a nested boundary's frame with every box inside it.
struct Item {
    rect: Rect,
    members: Vec<usize>,
}

/// Separates the items directly in `group` (its own boxes, and the frames
/// of the boundaries in it, each settled first), and gives back the group
/// as one item: its frame (the area of its items at the top level).
fn settle(
    model: &Model,
    groups: &Groups,
    group: &Option<String>,
    at: &mut [Option<Rect>],
    pins: &[bool],
    depth: usize,
) -> Option<Item> {
    if depth > 64 {
        return None;
    }
    let mut items: Vec<Item> = groups
        .members
        .get(group)
        .into_iter()
        .flatten()
        .filter_map(|&i| {
            Some(Item {
                rect: at[i]?,
                members: vec![i],
            })
        })
        .collect();
    for child in groups.children.get(group).into_iter().flatten() {
        items.extend(settle(
            model,
            groups,
            &Some(child.clone()),
            at,
            pins,
            depth + 1,
        ));
    }
    let rects: Vec<Rect> = items.iter().map(|i| i.rect).collect();
    let weights: Vec<i64> = items
        .iter()
        .map(|i| {
            let pinned = i.members.iter().filter(|&&m| pins[m]).count() as i64;
            i.members.len() as i64 + PIN * pinned
        })
        .collect();
    let spread = spread(&rects, &weights);
    let mut members = Vec::new();
    for (item, to) in items.iter().zip(&spread) {
        let (dx, dy) = (to.x - item.rect.x, to.y - item.rect.y);
        for &m in &item.members {
            if let Some(r) = at[m].as_mut() {
                r.x += dx;
                r.y += dy;
            }
        }
        members.extend_from_slice(&item.members);
    }
    let area = spread.into_iter().reduce(|a, b| a.union(&b))?;
    let rect = match group {
        Some(id) => frame_around(area, model.boundary(id)?),
        None => area,
    };
    Some(Item { rect, members })
}

/// Whether two items are closer than the gaps along both axes.
fn crowd(a: &Rect, b: &Rect) -> bool {
    beside(a, b) && level(a, b)
}

/// Whether two items share columns, gap included.
fn beside(a: &Rect, b: &Rect) -> bool {
    a.x < b.right() + GAP_X && b.x < a.right() + GAP_X
}

/// Whether two items share rows, gap included.
fn level(a: &Rect, b: &Rect) -> bool {
    a.y < b.bottom() + GAP_Y && b.y < a.bottom() + GAP_Y
}

/// Pairs of items near enough along one axis to matter: sorted by their
/// start on `axis`, each with the ones that start before it ends, plus
/// [`REACH`].
fn near_pairs(rects: &[Rect], across: bool) -> Vec<(usize, usize)> {
    let start = |r: &Rect| if across { r.x } else { r.y };
    let end = |r: &Rect| {
        if across {
            r.right() + GAP_X
        } else {
            r.bottom() + GAP_Y
        }
    };
    let mut order: Vec<usize> = (0..rects.len()).collect();
    order.sort_by_key(|&i| (start(&rects[i]), i));
    let mut out = Vec::new();
    for (k, &i) in order.iter().enumerate() {
        let limit = end(&rects[i]) + REACH;
        for &j in &order[k + 1..] {
            if start(&rects[j]) >= limit {
                break;
            }
            out.push((i, j));
        }
    }
    out
}

/// New rectangles for `rects`, none of them crowding another.
fn spread(rects: &[Rect], weights: &[i64]) -> Vec<Rect> {
    let mut r = rects.to_vec();
    for _ in 0..ROUNDS {
        let crowded = near_pairs(&r, true)
            .iter()
            .any(|&(i, j)| crowd(&r[i], &r[j]));
        if !crowded {
            break;
        }
        // Across: ordered by centre, left to right.
        let key = |r: &Rect, i: usize| (2 * r.x + r.w, i);
        let mut cons = Vec::new();
        for (i, j) in near_pairs(&r, true) {
            if !level(&r[i], &r[j]) {
                continue;
            }
            let (l, rt) = if key(&r[i], i) < key(&r[j], j) {
                (i, j)
            } else {
                (j, i)
            };
            if beside(&r[l], &r[rt]) {
                // Overlapping: apart across only when that is the shorter
                // way (a row counts as two columns and a bit: terminal cells
                // are twice as tall as wide, and rows are worth keeping).
                let need_x = r[l].right() + GAP_X - r[rt].x;
                let (t, b) = if (2 * r[i].y + r[i].h, i) < (2 * r[j].y + r[j].h, j) {
                    (i, j)
                } else {
                    (j, i)
                };
                let need_y = r[t].bottom() + GAP_Y - r[b].y;
                if 2 * r[l].x + r[l].w == 2 * r[rt].x + r[rt].w || need_x > 3 * need_y {
                    continue;
                }
            }
            cons.push((l, rt, r[l].w + GAP_X));
        }
        let mut order: Vec<usize> = (0..r.len()).collect();
        order.sort_by_key(|&i| key(&r[i], i));
        let want: Vec<i64> = r.iter().map(|r| i64::from(r.x)).collect();
        for (rect, x) in r.iter_mut().zip(solve(&want, weights, &order, &cons)) {
            rect.x = x as i32;
        }
        // Down: everything that still shares columns, top to bottom.
        let key = |r: &Rect, i: usize| (2 * r.y + r.h, 2 * r.x + r.w, i);
        let mut cons = Vec::new();
        for (i, j) in near_pairs(&r, false) {
            if !beside(&r[i], &r[j]) {
                continue;
            }
            let (t, b) = if key(&r[i], i) < key(&r[j], j) {
                (i, j)
            } else {
                (j, i)
            };
            cons.push((t, b, r[t].h + GAP_Y));
        }
        let mut order: Vec<usize> = (0..r.len()).collect();
        order.sort_by_key(|&i| key(&r[i], i));
        let want: Vec<i64> = r.iter().map(|r| i64::from(r.y)).collect();
        for (rect, y) in r.iter_mut().zip(solve(&want, weights, &order, &cons)) {
            rect.y = y as i32;
        }
    }
    r
}

/// Places as close to `want` as the constraints allow (weighted least
/// squares), each constraint `(l, r, gap)` meaning `x[r] >= x[l] + gap`;
/// every constraint runs forward in `order`. Variables pushed together
/// form blocks, each at the weighted mean of its members' wanted places
/// less their offsets in the block; a last sweep along `order` makes any
/// constraint a merge left loose hold.
fn solve(want: &[i64], weight: &[i64], order: &[usize], cons: &[(usize, usize, i32)]) -> Vec<i64> {
    let n = want.len();
    let mut incoming: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, &(_, r, _)) in cons.iter().enumerate() {
        incoming[r].push(k);
    }
    let mut block: Vec<usize> = (0..n).collect();
    let mut vars: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    let mut offset = vec![0i64; n];
    let mut place: Vec<i64> = want.to_vec();
    for &v in order {
        loop {
            let b = block[v];
            let pos = |i: usize| place[block[i]] + offset[i];
            let mut worst: Option<(i64, usize)> = None;
            for &u in &vars[b] {
                for &k in &incoming[u] {
                    let (l, r, gap) = cons[k];
                    if block[l] == b {
                        continue;
                    }
                    let violation = pos(l) + i64::from(gap) - pos(r);
                    if violation > 0 && worst.is_none_or(|(w, _)| violation > w) {
                        worst = Some((violation, k));
                    }
                }
            }
            let Some((_, k)) = worst else { break };
            let (l, r, gap) = cons[k];
            let from = block[l];
            let shift = offset[r] - i64::from(gap) - offset[l];
            let moved = std::mem::take(&mut vars[from]);
            for &u in &moved {
                offset[u] += shift;
                block[u] = b;
            }
            vars[b].extend(moved);
            let (mut sum_w, mut sum) = (0i64, 0i64);
            for &u in &vars[b] {
                sum_w += weight[u].max(1);
                sum += weight[u].max(1) * (want[u] - offset[u]);
            }
            place[b] = (sum as f64 / sum_w as f64).round() as i64;
        }
    }
    let mut x: Vec<i64> = (0..n).map(|i| place[block[i]] + offset[i]).collect();
    for &v in order {
        for &k in &incoming[v] {
            let (l, _, gap) = cons[k];
            x[v] = x[v].max(x[l] + i64::from(gap));
        }
    }
    x
}

#[cfg(test)]
mod tests;
