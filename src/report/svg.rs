//! The data-flow diagram as an inline SVG for the HTML report, laid out here
//! without any external tool, in time linear in the size of the model.
//!
//! Columns are layers: each element's breadth-first distance from the
//! elements nothing flows into (response flows are ignored, so replies do not
//! pull their requesters to the right). Rows are bands: every trust boundary
//! gets its own horizontal band, nested boundaries inside their parent's, so
//! each boundary is a dashed rectangle that holds its members and nothing else.

use std::collections::VecDeque;
use std::fmt::Write;

use super::diagram::{Diagram, Step, colours};
use super::escape::html as text;
use super::sink::Sink;
use crate::analysis::Severity;
use crate::model::ElementKindTag;
use crate::text::fit;

const NODE_W: usize = 160;
const NODE_H: usize = 46;
const COL_PITCH: usize = 270;
const ROW_PITCH: usize = 66;
const MARGIN: usize = 16;
const HEADER: usize = 26;
const FOOTER: usize = 12;
const PAD_STEP: usize = 12;
const MAX_NEST: usize = 6;
const LABEL_CHARS: usize = 24;

struct Placed {
    x: usize,
    y: usize,
}

/// Renders the diagram as a standalone `<svg>` element.
pub fn render(diagram: &Diagram) -> String {
    super::sink::to_string(|out| write_svg(out, diagram))
}

pub fn write_svg(out: &mut Sink, diagram: &Diagram) {
    let layers = layers(diagram);
    let columns = layers.iter().copied().max().map_or(1, |m| m + 1);
    let zones = zone_extents(diagram, &layers);
    let max_nest = zones.iter().map(|z| z.nest).max().unwrap_or(0);
    let left = MARGIN + pad(max_nest);
    let mut placed: Vec<Placed> = (0..diagram.nodes.len())
        .map(|_| Placed { x: 0, y: 0 })
        .collect();
    let mut boxes: Vec<(usize, usize, usize)> = Vec::new(); // (zone, top, bottom)
    let mut y = MARGIN;
    let loose: Vec<usize> = {
        let mut inside = vec![false; diagram.nodes.len()];
        for z in &diagram.zones {
            for &m in &z.members {
                inside[m] = true;
            }
        }
        (0..diagram.nodes.len()).filter(|&n| !inside[n]).collect()
    };
    y = place_band(&loose, &layers, left, y, &mut placed);
    let mut tops = vec![0usize; diagram.zones.len()];
    diagram.walk(|step| match step {
        Step::Enter(z, _) if zones[z].range.is_some() => {
            tops[z] = y;
            y += HEADER;
            y = place_band(&diagram.zones[z].members, &layers, left, y, &mut placed);
        }
        Step::Leave(z) if zones[z].range.is_some() => {
            y += FOOTER;
            boxes.push((z, tops[z], y));
        }
        _ => {}
    });
    let width = left * 2 + (columns - 1) * COL_PITCH + NODE_W;
    let height = y + MARGIN;
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"dfd\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"dfd-title\">\n<title id=\"dfd-title\">Data-flow diagram</title>\n"
    );
    out.push_str("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"context-stroke\"/></marker></defs>\n");
    // Outer boundaries first so inner ones draw on top.
    boxes.sort_by_key(|&(_, top, bottom)| (top, std::cmp::Reverse(bottom)));
    for (z, top, bottom) in boxes {
        out.spill();
        let extent = &zones[z];
        let Some((first, last)) = extent.range else {
            continue;
        };
        let p = pad(extent.nest);
        let x0 = left + first * COL_PITCH - p;
        let x1 = left + last * COL_PITCH + NODE_W + p;
        let b = diagram.zones[z].boundary;
        let _ = write!(
            out,
            "<g class=\"boundary\"><rect x=\"{x0}\" y=\"{top}\" width=\"{}\" height=\"{}\" rx=\"6\"/><text x=\"{}\" y=\"{}\">",
            x1 - x0,
            bottom - top,
            x0 + 8,
            top + 17
        );
        // About 7 px per character at 12 px: keep the title inside its frame.
        let room = (x1 - x0).saturating_sub(16) / 7;
        text(
            out,
            &fit(&format!("{} · {}", b.name, b.kind.label()), room.max(8)),
        );
        out.push_str("</text></g>\n");
    }
    for e in &diagram.edges {
        out.spill();
        write_edge(out, diagram, e, &placed, &layers);
    }
    for (i, node) in diagram.nodes.iter().enumerate() {
        out.spill();
        let Placed { x, y } = placed[i];
        let (fill, stroke) = colours(node.worst);
        let _ = write!(out, "<g class=\"node\"><title>");
        text(out, &node.element.name);
        out.push_str(" (");
        text(out, &node.element.id);
        out.push_str("): ");
        out.push_str(worst_words(node.worst));
        out.push_str("</title>");
        let style = format!("fill=\"{fill}\" stroke=\"{stroke}\"");
        match node.element.kind.tag() {
            ElementKindTag::External => {
                let _ = write!(
                    out,
                    "<rect x=\"{x}\" y=\"{y}\" width=\"{NODE_W}\" height=\"{NODE_H}\" {style}/>"
                );
            }
            ElementKindTag::Process => {
                let _ = write!(
                    out,
                    "<rect x=\"{x}\" y=\"{y}\" width=\"{NODE_W}\" height=\"{NODE_H}\" rx=\"{}\" {style}/>",
                    NODE_H / 2
                );
            }
            ElementKindTag::DataStore => {
                let r = NODE_W / 2;
                let body = NODE_H - 12;
                let _ = write!(
                    out,
                    "<path d=\"M{x},{} a{r},6 0 0,0 {NODE_W},0 a{r},6 0 0,0 -{NODE_W},0 v{body} a{r},6 0 0,0 {NODE_W},0 v-{body}\" {style}/>",
                    y + 6
                );
            }
        }
        let cx = x + NODE_W / 2;
        let _ = write!(out, "<text x=\"{cx}\" y=\"{}\" class=\"name\">", y + 22);
        text(out, &fit(&node.element.name, LABEL_CHARS));
        let _ = write!(
            out,
            "</text><text x=\"{cx}\" y=\"{}\" class=\"kind\">",
            y + 37
        );
        // Severity in a symbol as well as the colour: it survives grey print.
        out.push_str(Severity::mark(node.worst));
        out.push(' ');
        out.push_str(node.element.kind.tag().label());
        out.push_str("</text></g>\n");
    }
    out.push_str("</svg>\n");
}

fn write_edge(
    out: &mut String,
    diagram: &Diagram,
    e: &super::diagram::Edge,
    placed: &[Placed],
    layers: &[usize],
) {
    let (s, t) = (&placed[e.source], &placed[e.target]);
    let (_, stroke) = colours(e.worst);
    let both = if e.flow.bidirectional {
        " marker-start=\"url(#arrow)\""
    } else {
        ""
    };
    let dash = if e.flow.response {
        " stroke-dasharray=\"5 4\""
    } else {
        ""
    };
    let (lx, ly);
    out.push_str("<g class=\"flow\"><title>");
    text(out, &e.flow.id);
    out.push_str(": ");
    text(out, diagram.nodes[e.source].element.name.as_str());
    out.push_str(" → ");
    text(out, diagram.nodes[e.target].element.name.as_str());
    out.push_str(": ");
    out.push_str(worst_words(e.worst));
    out.push_str("</title>");
    if layers[e.target] > layers[e.source] {
        let (x1, y1) = (s.x + NODE_W, s.y + NODE_H / 2);
        let (x2, y2) = (t.x, t.y + NODE_H / 2);
        let _ = write!(
            out,
            "<path d=\"M{x1},{y1} C{},{y1} {},{y2} {x2},{y2}\" stroke=\"{stroke}\"{dash}{both} marker-end=\"url(#arrow)\"/>",
            x1 + 50,
            x2.saturating_sub(50)
        );
        lx = (x1 + x2) / 2;
        ly = (y1 + y2) / 2 - 4;
    } else {
        // Same or earlier column: loop below the boxes.
        let (x1, y1) = (s.x + NODE_W / 2, s.y + NODE_H);
        let (x2, y2) = (t.x + NODE_W / 2 + 10, t.y + NODE_H);
        let dip = y1.max(y2) + 28;
        let _ = write!(
            out,
            "<path d=\"M{x1},{y1} C{x1},{dip} {x2},{dip} {x2},{y2}\" stroke=\"{stroke}\"{dash}{both} marker-end=\"url(#arrow)\"/>"
        );
        lx = (x1 + x2) / 2;
        ly = dip - 4;
    }
    let _ = write!(out, "<text x=\"{lx}\" y=\"{ly}\" class=\"label\">");
    let mark = Severity::mark(e.worst);
    text(
        out,
        &fit(&format!("{mark} {}", super::flow_label(e.flow)), 32),
    );
    out.push_str("</text></g>\n");
}

/// Places a band of elements: each in its layer's column, stacked when a
/// layer holds several. Returns the y below the band.
fn place_band(
    members: &[usize],
    layers: &[usize],
    left: usize,
    top: usize,
    placed: &mut [Placed],
) -> usize {
    let mut rows: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let mut deepest = 0;
    for &n in members {
        let row = rows.entry(layers[n]).or_insert(0);
        placed[n] = Placed {
            x: left + layers[n] * COL_PITCH,
            y: top + *row * ROW_PITCH + 4,
        };
        *row += 1;
        deepest = deepest.max(*row);
    }
    top + deepest * ROW_PITCH
}

/// Breadth-first layers from the elements no request flows into; elements
/// only reachable around a cycle start a new search at layer 0.
fn layers(diagram: &Diagram) -> Vec<usize> {
    let n = diagram.nodes.len();
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut indegree = vec![0usize; n];
    for e in diagram.edges.iter().filter(|e| !e.flow.response) {
        if e.source != e.target {
            out_edges[e.source].push(e.target);
            indegree[e.target] += 1;
        }
    }
    let mut layer: Vec<Option<usize>> = vec![None; n];
    let mut queue = VecDeque::new();
    for i in (0..n).filter(|&i| indegree[i] == 0) {
        layer[i] = Some(0);
        queue.push_back(i);
    }
    let mut next_start = 0;
    loop {
        while let Some(node) = queue.pop_front() {
            let here = layer[node].unwrap_or(0);
            for &t in &out_edges[node] {
                if layer[t].is_none() {
                    layer[t] = Some(here + 1);
                    queue.push_back(t);
                }
            }
        }
        while next_start < n && layer[next_start].is_some() {
            next_start += 1;
        }
        if next_start == n {
            break;
        }
        layer[next_start] = Some(0);
        queue.push_back(next_start);
    }
    layer.into_iter().map(|l| l.unwrap_or(0)).collect()
}

struct Extent {
    /// First and last column of the members, nested ones included.
    range: Option<(usize, usize)>,
    /// How many levels of non-empty boundaries nest inside (0 for none).
    nest: usize,
}

fn zone_extents(diagram: &Diagram, layers: &[usize]) -> Vec<Extent> {
    let mut zones: Vec<Extent> = diagram
        .zones
        .iter()
        .map(|z| Extent {
            range: z
                .members
                .iter()
                .fold(None, |r, &m| widen(r, layers[m], layers[m])),
            nest: 0,
        })
        .collect();
    let mut open: Vec<usize> = Vec::new();
    diagram.walk(|step| match step {
        Step::Enter(z, _) => open.push(z),
        Step::Leave(z) => {
            open.pop();
            if let (Some(&parent), Some((lo, hi))) = (open.last(), zones[z].range) {
                zones[parent].range = widen(zones[parent].range, lo, hi);
                zones[parent].nest = zones[parent].nest.max(zones[z].nest + 1).min(MAX_NEST);
            }
        }
        Step::Node(_) => {}
    });
    zones
}

fn widen(range: Option<(usize, usize)>, lo: usize, hi: usize) -> Option<(usize, usize)> {
    Some(match range {
        Some((a, b)) => (a.min(lo), b.max(hi)),
        None => (lo, hi),
    })
}

fn pad(nest: usize) -> usize {
    PAD_STEP * (nest + 1)
}

/// The worst open severity in words, for a box's or line's tooltip.
fn worst_words(worst: Option<Severity>) -> &'static str {
    match worst {
        Some(Severity::Critical) => "worst open finding critical",
        Some(Severity::High) => "worst open finding high",
        Some(Severity::Medium) => "worst open finding medium",
        Some(Severity::Low) => "worst open finding low",
        None => "no open finding",
    }
}
