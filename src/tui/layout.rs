//! Automatic layout: layered, left to right along the flows, with the members
//! of each trust boundary kept together in a band of their own so that
//! boundary frames never overlap.

use std::collections::{BTreeMap, HashMap};

use unicode_width::UnicodeWidthStr;

use crate::model::{Element, Model, Position};

/// Height of an element box in cells.
pub const BOX_H: i32 = 3;
/// Horizontal space between layers, for arrows and their labels.
const HGAP: i32 = 16;
/// Vertical space between boxes of one layer.
const VGAP: i32 = 2;
/// Rows a boundary frame takes above and below its members.
const FRAME_PAD: i32 = 2;

/// Width of an element's box: its name plus the status symbol and borders.
pub fn box_width(element: &Element) -> i32 {
    let name = UnicodeWidthStr::width(element.name.as_str()) as i32;
    (name + 7).clamp(12, 32)
}

/// Positions for every element of `model`, ignoring any saved layout.
pub fn auto_layout(model: &Model) -> BTreeMap<String, Position> {
    let n = model.elements.len();
    let index: HashMap<&str, usize> = model
        .elements
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let mut succ = vec![Vec::new(); n];
    let mut pred = vec![Vec::new(); n];
    for f in &model.flows {
        if let (Some(&s), Some(&t)) = (index.get(f.source.as_str()), index.get(f.target.as_str()))
            && s != t
            && !f.response
        {
            succ[s].push(t);
            pred[t].push(s);
        }
    }
    let rank = ranks(&succ);
    let groups = Groups::new(model);
    let columns = rank.iter().copied().max().map_or(0, |r| r + 1);
    let mut col_w = vec![0; columns];
    for (i, e) in model.elements.iter().enumerate() {
        col_w[rank[i]] = col_w[rank[i]].max(box_width(e));
    }
    let margin = FRAME_PAD * (groups.max_depth + 1) + 1;
    let mut col_x = Vec::with_capacity(columns);
    let mut x = margin;
    for w in &col_w {
        col_x.push(x);
        x += w + HGAP;
    }
    let mut placer = Placer {
        rank: &rank,
        pred: &pred,
        col_x: &col_x,
        groups: &groups,
        y: vec![None; n],
    };
    placer.place_group(None, 1);
    let ys = placer.y;
    model
        .elements
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let pos = Position {
                x: col_x[rank[i]],
                y: ys[i].unwrap_or(0),
            };
            (e.id.clone(), pos)
        })
        .collect()
}

/// Longest-path layers after breaking cycles at the edges a depth-first
/// search finds going back up its stack.
fn ranks(succ: &[Vec<usize>]) -> Vec<usize> {
    let n = succ.len();
    let mut state = vec![0u8; n]; // 0 new, 1 on stack, 2 done
    let mut forward: Vec<Vec<usize>> = vec![Vec::new(); n];
    for start in 0..n {
        if state[start] != 0 {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        state[start] = 1;
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            if let Some(&w) = succ[v].get(*next) {
                *next += 1;
                match state[w] {
                    0 => {
                        forward[v].push(w);
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    2 => forward[v].push(w),
                    _ => {} // a back edge: ignored for ranking
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    let mut indegree = vec![0usize; n];
    for ws in &forward {
        for &w in ws {
            indegree[w] += 1;
        }
    }
    let mut queue: Vec<usize> = (0..n).filter(|&v| indegree[v] == 0).collect();
    let mut rank = vec![0usize; n];
    let mut head = 0;
    while head < queue.len() {
        let v = queue[head];
        head += 1;
        for &w in &forward[v] {
            rank[w] = rank[w].max(rank[v] + 1);
            indegree[w] -= 1;
            if indegree[w] == 0 {
                queue.push(w);
            }
        }
    }
    rank
}

/// The boundary tree: which elements and boundaries sit directly in each.
struct Groups {
    members: HashMap<Option<String>, Vec<usize>>,
    children: HashMap<Option<String>, Vec<String>>,
    max_depth: i32,
}

impl Groups {
    fn new(model: &Model) -> Self {
        let known: HashMap<&str, Option<&str>> = model
            .boundaries
            .iter()
            .map(|b| (b.id.as_str(), b.parent.as_deref()))
            .collect();
        // A parent that is missing or part of a cycle counts as no parent.
        let parent_of = |id: &str| -> Option<String> {
            let parent = known.get(id).copied().flatten()?;
            let mut at = Some(parent);
            for _ in 0..=known.len() {
                match at {
                    Some(p) if p == id => return None,
                    Some(p) => at = known.get(p).copied().flatten(),
                    None => return known.contains_key(parent).then(|| parent.to_string()),
                }
            }
            None
        };
        let mut children: HashMap<Option<String>, Vec<String>> = HashMap::new();
        let mut max_depth = 0;
        for b in &model.boundaries {
            children
                .entry(parent_of(&b.id))
                .or_default()
                .push(b.id.clone());
            let mut depth = 1;
            let mut at = parent_of(&b.id);
            while let Some(p) = at {
                depth += 1;
                if depth > model.boundaries.len() as i32 {
                    break;
                }
                at = parent_of(&p);
            }
            max_depth = max_depth.max(depth);
        }
        let mut members: HashMap<Option<String>, Vec<usize>> = HashMap::new();
        for (i, e) in model.elements.iter().enumerate() {
            let group = e
                .boundary
                .clone()
                .filter(|b| known.contains_key(b.as_str()));
            members.entry(group).or_default().push(i);
        }
        Self {
            members,
            children,
            max_depth,
        }
    }

    /// Every element inside a group, nested ones included.
    fn all_members(&self, group: &Option<String>, out: &mut Vec<usize>, depth: usize) {
        if depth > 64 {
            return;
        }
        if let Some(m) = self.members.get(group) {
            out.extend(m);
        }
        for child in self.children.get(group).into_iter().flatten() {
            self.all_members(&Some(child.clone()), out, depth + 1);
        }
    }
}

struct Placer<'a> {
    rank: &'a [usize],
    pred: &'a [Vec<usize>],
    col_x: &'a [i32],
    groups: &'a Groups,
    y: Vec<Option<i32>>,
}

enum Band {
    Direct(Vec<usize>),
    Child(String),
}

impl Placer<'_> {
    /// Lays out a group from row `top`; returns the first free row below it.
    /// Bands (the group's own members, and each nested boundary) are packed
    /// like a skyline: a band goes as high as the layers it spans allow, so
    /// boundaries that use different layers sit side by side.
    fn place_group(&mut self, group: Option<String>, top: i32) -> i32 {
        let mut bands: Vec<(usize, usize, String, Band)> = Vec::new();
        if let Some(direct) = self.groups.members.get(&group)
            && !direct.is_empty()
        {
            let lo = direct.iter().map(|&i| self.rank[i]).min().unwrap_or(0);
            let hi = direct.iter().map(|&i| self.rank[i]).max().unwrap_or(0);
            bands.push((lo, hi, String::new(), Band::Direct(direct.clone())));
        }
        for child in self.groups.children.get(&group).into_iter().flatten() {
            let mut all = Vec::new();
            self.groups.all_members(&Some(child.clone()), &mut all, 0);
            if all.is_empty() {
                continue;
            }
            let lo = all.iter().map(|&i| self.rank[i]).min().unwrap_or(0);
            let hi = all.iter().map(|&i| self.rank[i]).max().unwrap_or(0);
            bands.push((lo, hi, child.clone(), Band::Child(child.clone())));
        }
        bands.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.2.cmp(&b.2)));
        let mut sky = vec![top; self.col_x.len().max(1)];
        for (lo, hi, _, band) in bands {
            let hi = hi.min(sky.len() - 1);
            let lo = lo.min(hi);
            let start = sky[lo..=hi].iter().copied().max().unwrap_or(top);
            let bottom = match band {
                Band::Direct(members) => self.place_direct(&members, start),
                Band::Child(child) => {
                    let inner = self.place_group(Some(child), start + FRAME_PAD);
                    inner + FRAME_PAD
                }
            };
            for s in &mut sky[lo..=hi] {
                *s = bottom;
            }
        }
        sky.into_iter().max().unwrap_or(top)
    }

    /// Stacks the direct members of a group in their layers; ordered within a
    /// layer by where their predecessors are, to keep lines short.
    fn place_direct(&mut self, members: &[usize], top: i32) -> i32 {
        let mut by_col: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for &i in members {
            by_col.entry(self.rank[i]).or_default().push(i);
        }
        let mut bottom = top;
        for (_, mut col) in by_col {
            let key = |i: usize, y: &[Option<i32>]| -> i64 {
                let placed: Vec<i32> = self.pred[i].iter().filter_map(|&p| y[p]).collect();
                if placed.is_empty() {
                    i64::MAX
                } else {
                    placed.iter().map(|&v| v as i64).sum::<i64>() / placed.len() as i64
                }
            };
            col.sort_by_key(|&i| (key(i, &self.y), i));
            let mut y = top;
            for i in col {
                self.y[i] = Some(y);
                y += BOX_H + VGAP;
            }
            bottom = bottom.max(y - VGAP + 1);
        }
        bottom
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::starter::starter_model;

    #[test]
    fn flows_go_left_to_right_and_boxes_never_overlap() {
        let model = starter_model();
        let pos = auto_layout(&model);
        assert_eq!(pos.len(), model.elements.len());
        assert!(pos["browser"].x < pos["gateway"].x);
        assert!(pos["gateway"].x < pos["orders-svc"].x);
        assert!(pos["orders-svc"].x < pos["orders-db"].x);
        let rects: Vec<_> = model
            .elements
            .iter()
            .map(|e| (pos[&e.id], box_width(e)))
            .collect();
        for (i, (a, aw)) in rects.iter().enumerate() {
            for (b, bw) in &rects[i + 1..] {
                let apart =
                    a.x + aw <= b.x || b.x + bw <= a.x || a.y + BOX_H <= b.y || b.y + BOX_H <= a.y;
                assert!(apart, "{a:?} overlaps {b:?}");
            }
        }
    }

    #[test]
    fn cycles_do_not_hang() {
        let mut model = starter_model();
        let mut back = model.flows[0].clone();
        back.id = "back".into();
        back.source = "orders-db".into();
        back.target = "browser".into();
        model.flows.push(back);
        assert_eq!(auto_layout(&model).len(), model.elements.len());
    }
}
