//! The layered layout: left to right along the request flows, every trust
//! boundary a band of its own (nested ones inside their parent's band), and
//! the boxes of each band ordered to cut crossings.

use std::collections::{BTreeMap, HashMap};

use crate::model::{Boundary, Model, Position};

use super::{BOX_H, box_width, flow_numbers, frame_title_width, label_width};

/// Rows between two boxes of one layer, for lines to pass.
const VGAP: i32 = 2;
/// Rows between two bands, for lines to pass.
const BAND_GAP: i32 = 2;
/// Rows and columns a frame takes around its members: its edge, and two free
/// lines so that a line can turn between the edge and the boxes.
pub(super) const FRAME_PAD: i32 = 3;
/// The narrowest gap between layers.
const MIN_HGAP: i32 = 12;
/// Sweeps of barycentre ordering in each band.
const SWEEPS: usize = 4;

/// Positions for every element of `model`, ignoring any saved layout.
pub fn layered(model: &Model) -> BTreeMap<String, Position> {
    let n = model.elements.len();
    let index: HashMap<&str, usize> = model
        .elements
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let numbers = flow_numbers(model);
    let mut succ = vec![Vec::new(); n];
    let mut pred = vec![Vec::new(); n];
    let mut edges = Vec::new();
    for f in &model.flows {
        if let (Some(&s), Some(&t)) = (index.get(f.source.as_str()), index.get(f.target.as_str()))
            && s != t
        {
            let width = label_width(f, numbers.get(&f.id).copied().unwrap_or(0));
            edges.push((s, t, width));
            if !f.response {
                succ[s].push(t);
                pred[t].push(s);
            }
        }
    }
    let rank = ranks(&succ);
    let groups = Groups::new(model);
    let columns = rank.iter().copied().max().map_or(1, |r| r + 1);
    let mut col_w = vec![0; columns];
    for (i, e) in model.elements.iter().enumerate() {
        col_w[rank[i]] = col_w[rank[i]].max(box_width(e));
    }
    // The layers each frame spans: a gap holds the padding of the frames
    // that close on its left and open on its right, not of the deepest
    // nesting anywhere, so a flat part of the drawing stays narrow.
    let spans: Vec<(&Boundary, usize, usize)> = model
        .boundaries
        .iter()
        .filter_map(|b| {
            let mut all = Vec::new();
            groups.all_members(&Some(b.id.clone()), &mut all, 0);
            let lo = all.iter().map(|&i| rank[i]).min()?;
            let hi = all.iter().map(|&i| rank[i]).max().unwrap_or(lo);
            Some((b, lo, hi))
        })
        .collect();
    // Frames side by side down a gap share its padding; only frames nested
    // in one another, closing (or opening) at the same gap, add theirs up.
    let span_of: HashMap<&str, (usize, usize)> = spans
        .iter()
        .map(|&(b, lo, hi)| (b.id.as_str(), (lo, hi)))
        .collect();
    let mut close = vec![0; columns];
    let mut open = vec![0; columns];
    for &(b, lo, hi) in &spans {
        let (mut closing, mut opening) = (1, 1);
        let mut at = b.parent.as_deref();
        for _ in 0..model.boundaries.len() {
            let Some(&(plo, phi)) = at.and_then(|p| span_of.get(p)) else {
                break;
            };
            closing += i32::from(phi == hi);
            opening += i32::from(plo == lo);
            at = at
                .and_then(|p| model.boundary(p))
                .and_then(|p| p.parent.as_deref());
        }
        close[hi] = close[hi].max(closing);
        if lo > 0 {
            open[lo - 1] = open[lo - 1].max(opening);
        }
    }
    let frame_pad: Vec<i32> = close
        .iter()
        .zip(&open)
        .map(|(c, o)| (c + o) * FRAME_PAD)
        .collect();
    // Each gap fits the widest label of a flow between its two layers.
    let mut gap: Vec<i32> = frame_pad.iter().map(|pad| MIN_HGAP + pad).collect();
    for &(s, t, width) in &edges {
        let (a, b) = (rank[s].min(rank[t]), rank[s].max(rank[t]));
        if b == a + 1 {
            gap[a] = gap[a].max(width + frame_pad[a] + 4);
        }
    }
    // A frame is at least as wide as its title: widen its last layer.
    for &(b, lo, hi) in &spans {
        let span: i32 = (lo..hi).map(|r| col_w[r] + gap[r]).sum::<i32>() + col_w[hi];
        let want = frame_title_width(b);
        if span < want {
            col_w[hi] += want - span;
        }
    }
    let margin = FRAME_PAD * groups.max_depth + 1;
    let mut placer = Placer {
        rank: &rank,
        pred: &pred,
        succ: &succ,
        groups: &groups,
        y: vec![None; n],
        columns,
        prev: Vec::new(),
        starts: HashMap::new(),
        prev_starts: HashMap::new(),
    };
    placer.place_group(None, margin);
    // Second pass: each band starts level with the elements it exchanges
    // flows with (as the first pass placed them), so that a gateway's zone
    // sits beside its services' zone instead of drifting apart down the page.
    placer.prev = std::mem::replace(&mut placer.y, vec![None; n]);
    placer.prev_starts = std::mem::take(&mut placer.starts);
    placer.place_group(None, margin);
    // Bands that moved down to meet their partners may leave the top empty.
    let lift = placer
        .y
        .iter()
        .flatten()
        .min()
        .map_or(0, |&top| top - margin);
    let ys: Vec<Option<i32>> = placer.y.iter().map(|y| y.map(|y| y - lift)).collect();
    // Each gap is wide enough for a vertical track of its own for every
    // flow that changes rows in it at the same height as others (the
    // tracks `lanes` gives), reckoned along the straight line between the
    // two ends.
    for (k, need) in crossing_density(&edges, &rank, &ys, columns)
        .into_iter()
        .enumerate()
    {
        gap[k] = gap[k].max(need * 3 / 2 + frame_pad[k] + 4);
    }
    let mut col_x = Vec::with_capacity(columns);
    let mut x = margin;
    for (w, g) in col_w.iter().zip(&gap) {
        col_x.push(x);
        x += w + g;
    }
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

/// For each gap between two layers, the most flows whose lines would pass
/// one height in it while changing rows, each line taken as straight from
/// the middle of one end to the middle of the other.
fn crossing_density(
    edges: &[(usize, usize, i32)],
    rank: &[usize],
    ys: &[Option<i32>],
    columns: usize,
) -> Vec<i32> {
    let mut events: Vec<Vec<(i32, i32)>> = vec![Vec::new(); columns.saturating_sub(1)];
    for &(s, t, _) in edges {
        let (a, b) = if rank[s] <= rank[t] { (s, t) } else { (t, s) };
        let (ra, rb) = (rank[a], rank[b]);
        let (Some(ya), Some(yb)) = (ys[a], ys[b]) else {
            continue;
        };
        let span = (rb - ra) as i64;
        let row = |c: usize| {
            if span == 0 {
                return ya as i64;
            }
            ya as i64 + (yb as i64 - ya as i64) * (c - ra) as i64 / span
        };
        for (c, gap) in events.iter_mut().enumerate().take(rb).skip(ra) {
            let (p, q) = (row(c) as i32, row(c + 1) as i32);
            if p != q {
                gap.push((p.min(q), 1));
                gap.push((p.max(q) + 1, -1));
            }
        }
    }
    events
        .into_iter()
        .map(|mut ev| {
            ev.sort_unstable();
            let (mut now, mut most) = (0, 0);
            for (_, d) in ev {
                now += d;
                most = most.max(now);
            }
            most
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
pub(super) struct Groups {
    /// Element indices directly in each boundary (`None`: in none).
    pub members: BTreeMap<Option<String>, Vec<usize>>,
    /// The boundaries directly in each boundary (`None`: top level).
    pub children: BTreeMap<Option<String>, Vec<String>>,
    pub max_depth: i32,
}

impl Groups {
    pub fn new(model: &Model) -> Self {
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
        let mut children: BTreeMap<Option<String>, Vec<String>> = BTreeMap::new();
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
        let mut members: BTreeMap<Option<String>, Vec<usize>> = BTreeMap::new();
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
    pub fn all_members(&self, group: &Option<String>, out: &mut Vec<usize>, depth: usize) {
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
    succ: &'a [Vec<usize>],
    groups: &'a Groups,
    y: Vec<Option<i32>>,
    columns: usize,
    /// Rows from the first pass (empty during it).
    prev: Vec<Option<i32>>,
    /// The row each band started at, by band key.
    starts: HashMap<String, i32>,
    prev_starts: HashMap<String, i32>,
}

enum Band {
    Direct(Vec<usize>),
    Child(String),
}

impl Placer<'_> {
    /// Lays out a group from row `top`; returns the row below its content.
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
        let key_of = |name: &str| match &group {
            Some(g) if name.is_empty() => format!("{g}/"),
            None if name.is_empty() => "/".to_string(),
            _ => name.to_string(),
        };
        let mut keyed: Vec<(usize, i32, String, usize, usize, Band)> = bands
            .into_iter()
            .map(|(lo, hi, name, band)| {
                let key = key_of(&name);
                let want = self.wanted_start(&key, &band);
                (lo, want.unwrap_or(i32::MIN), key, lo, hi, band)
            })
            .collect();
        keyed.sort_by(|a, b| (a.0, a.1, &a.2).cmp(&(b.0, b.1, &b.2)));
        let mut sky = vec![top; self.columns.max(1)];
        let mut bottom = top;
        for (_, want, key, lo, hi, band) in keyed {
            let hi = hi.min(sky.len() - 1);
            let lo = lo.min(hi);
            let start = sky[lo..=hi].iter().copied().max().unwrap_or(top).max(want);
            self.starts.insert(key, start);
            let end = match band {
                Band::Direct(members) => self.place_direct(&members, start),
                Band::Child(child) => self.place_group(Some(child), start + FRAME_PAD) + FRAME_PAD,
            };
            bottom = bottom.max(end);
            for s in &mut sky[lo..=hi] {
                *s = end + BAND_GAP;
            }
        }
        bottom
    }

    /// Where a band would like to start in the second pass: level with the
    /// elements outside it that its members exchange flows with.
    fn wanted_start(&self, key: &str, band: &Band) -> Option<i32> {
        let &was = self.prev_starts.get(key)?;
        let mut members = Vec::new();
        match band {
            Band::Direct(m) => members.extend(m),
            Band::Child(c) => self.groups.all_members(&Some(c.clone()), &mut members, 0),
        }
        let inside: std::collections::HashSet<usize> = members.iter().copied().collect();
        let (mut sum, mut count) = (0i64, 0i64);
        for &m in &members {
            let Some(my) = self.prev[m] else { continue };
            for &o in self.pred[m].iter().chain(&self.succ[m]) {
                if inside.contains(&o) {
                    continue;
                }
                if let Some(oy) = self.y[o].or(self.prev[o]) {
                    sum += i64::from(oy - (my - was));
                    count += 1;
                }
            }
        }
        (count > 0).then(|| (sum / count) as i32)
    }

    /// Stacks the direct members of a group in their layers, each layer
    /// ordered by the barycentre of its neighbours (sweeping left to right,
    /// then back) so that lines cross less. Returns the row below the boxes.
    fn place_direct(&mut self, members: &[usize], top: i32) -> i32 {
        let mut by_col: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for &i in members {
            by_col.entry(self.rank[i]).or_default().push(i);
        }
        let mut cols: Vec<Vec<usize>> = by_col.into_values().collect();
        let pitch = BOX_H + VGAP;
        let mut tentative: HashMap<usize, i32> = HashMap::new();
        for col in &cols {
            for (k, &i) in col.iter().enumerate() {
                tentative.insert(i, top + k as i32 * pitch);
            }
        }
        for sweep in 0..SWEEPS {
            let forward = sweep % 2 == 0;
            let order: Vec<usize> = if forward {
                (0..cols.len()).collect()
            } else {
                (0..cols.len()).rev().collect()
            };
            for c in order {
                let key = |i: usize| -> (i64, usize) {
                    let near = if forward {
                        &self.pred[i]
                    } else {
                        &self.succ[i]
                    };
                    let ys: Vec<i64> = near
                        .iter()
                        .filter_map(|&p| tentative.get(&p).copied().or(self.y[p]))
                        .map(i64::from)
                        .collect();
                    let here = tentative.get(&i).copied().unwrap_or(top);
                    let bary = if ys.is_empty() {
                        i64::from(here)
                    } else {
                        ys.iter().sum::<i64>() / ys.len() as i64
                    };
                    (bary, i)
                };
                let mut keyed: Vec<((i64, usize), usize)> =
                    cols[c].iter().map(|&i| (key(i), i)).collect();
                keyed.sort();
                cols[c] = keyed.into_iter().map(|(_, i)| i).collect();
                for (k, &i) in cols[c].iter().enumerate() {
                    tentative.insert(i, top + k as i32 * pitch);
                }
            }
        }
        let mut bottom = top;
        for col in &cols {
            for (k, &i) in col.iter().enumerate() {
                let y = top + k as i32 * pitch;
                self.y[i] = Some(y);
                bottom = bottom.max(y + BOX_H);
            }
        }
        bottom
    }
}
