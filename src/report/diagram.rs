//! The data-flow diagram as the Mermaid, DOT and SVG renderers see it:
//! elements with the worst open severity on them, flows between element
//! positions, and the tree of trust boundaries with their members.

use std::collections::HashMap;

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{DfsEvent, depth_first_search};

use crate::analysis::{Findings, Severity};
use crate::model::{Boundary, Element, Flow, Model};

pub struct Node<'a> {
    pub element: &'a Element,
    pub worst: Option<Severity>,
}

pub struct Edge<'a> {
    pub flow: &'a Flow,
    pub source: usize,
    pub target: usize,
    pub worst: Option<Severity>,
}

pub struct Zone<'a> {
    pub boundary: &'a Boundary,
    /// Boundaries nested directly inside, in model order.
    pub children: Vec<usize>,
    /// Elements directly inside, in model order.
    pub members: Vec<usize>,
}

/// One step of a walk through the boundary tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// A boundary opens, at this nesting depth (0 = top level).
    Enter(usize, usize),
    /// An element, inside the innermost open boundary.
    Node(usize),
    /// The boundary closes.
    Leave(usize),
}

pub struct Diagram<'a> {
    pub model: &'a Model,
    pub nodes: Vec<Node<'a>>,
    /// Flows whose two ends exist, in model order.
    pub edges: Vec<Edge<'a>>,
    pub zones: Vec<Zone<'a>>,
    /// Top-level boundaries.
    roots: Vec<usize>,
    /// Elements in no (known) boundary.
    loose: Vec<usize>,
}

impl<'a> Diagram<'a> {
    pub fn new(model: &'a Model, findings: &Findings) -> Self {
        let worst = super::worst_open_by_target(findings);
        let element_at: HashMap<&str, usize> = model
            .elements
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i))
            .collect();
        let zone_at: HashMap<&str, usize> = model
            .boundaries
            .iter()
            .enumerate()
            .map(|(i, b)| (b.id.as_str(), i))
            .collect();
        let mut zones: Vec<Zone> = model
            .boundaries
            .iter()
            .map(|boundary| Zone {
                boundary,
                children: Vec::new(),
                members: Vec::new(),
            })
            .collect();
        let mut roots = Vec::new();
        for (i, b) in model.boundaries.iter().enumerate() {
            match b.parent.as_deref().and_then(|p| zone_at.get(p)) {
                Some(&p) if p != i => zones[p].children.push(i),
                _ => roots.push(i),
            }
        }
        let mut loose = Vec::new();
        let nodes = model
            .elements
            .iter()
            .enumerate()
            .map(|(i, element)| {
                match element.boundary.as_deref().and_then(|b| zone_at.get(b)) {
                    Some(&z) => zones[z].members.push(i),
                    None => loose.push(i),
                }
                Node {
                    element,
                    worst: worst.get(element.id.as_str()).copied(),
                }
            })
            .collect();
        let edges = model
            .flows
            .iter()
            .filter_map(|flow| {
                Some(Edge {
                    flow,
                    source: *element_at.get(flow.source.as_str())?,
                    target: *element_at.get(flow.target.as_str())?,
                    worst: worst.get(flow.id.as_str()).copied(),
                })
            })
            .collect();
        Self {
            model,
            nodes,
            edges,
            zones,
            roots,
            loose,
        }
    }

    /// Visits loose elements, then each boundary tree depth first: a
    /// boundary's own members before its nested boundaries, siblings in
    /// model order. Every boundary is visited once, even if a broken model
    /// nests boundaries in a cycle; nesting depth is bounded by validation.
    pub fn walk(&self, mut visit: impl FnMut(Step)) {
        for &n in &self.loose {
            visit(Step::Node(n));
        }
        let mut tree: DiGraph<(), ()> = DiGraph::with_capacity(self.zones.len(), self.zones.len());
        for _ in &self.zones {
            tree.add_node(());
        }
        // petgraph lists a node's edges newest first: children are added
        // last to first so that the search meets them in model order.
        for (z, zone) in self.zones.iter().enumerate() {
            for &child in zone.children.iter().rev() {
                tree.add_edge(NodeIndex::new(z), NodeIndex::new(child), ());
            }
        }
        let starts = self.roots.iter().copied().chain(0..self.zones.len());
        let mut depth = 0;
        depth_first_search(&tree, starts.map(NodeIndex::new), |event| match event {
            DfsEvent::Discover(zone, _) => {
                visit(Step::Enter(zone.index(), depth));
                depth += 1;
                for &n in &self.zones[zone.index()].members {
                    visit(Step::Node(n));
                }
            }
            DfsEvent::Finish(zone, _) => {
                depth -= 1;
                visit(Step::Leave(zone.index()));
            }
            _ => {}
        });
    }
}

/// Fill and stroke colours for a node or edge by its worst open finding:
/// red for critical and high, orange for medium, blue for low, green for none.
pub fn colours(worst: Option<Severity>) -> (&'static str, &'static str) {
    match worst {
        Some(Severity::Critical) => ("#fecaca", "#991b1b"),
        Some(Severity::High) => ("#fee2e2", "#dc2626"),
        Some(Severity::Medium) => ("#ffedd5", "#ea580c"),
        Some(Severity::Low) => ("#dbeafe", "#2563eb"),
        None => ("#dcfce7", "#16a34a"),
    }
}

/// A class name for the worst open severity (`none` when there is none).
pub fn class_name(worst: Option<Severity>) -> &'static str {
    worst.map_or("none", Severity::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::starter::starter_model;

    #[test]
    fn walk_nests_boundaries_and_visits_every_element_once() {
        let model = starter_model();
        let diagram = Diagram::new(&model, &Findings::default());
        let mut steps = Vec::new();
        diagram.walk(|s| steps.push(s));
        let nodes = steps.iter().filter(|s| matches!(s, Step::Node(_))).count();
        assert_eq!(nodes, model.elements.len());
        let enters = steps
            .iter()
            .filter(|s| matches!(s, Step::Enter(..)))
            .count();
        let leaves = steps.iter().filter(|s| matches!(s, Step::Leave(_))).count();
        assert_eq!((enters, leaves), (4, 4));
        // data-tier (index 2) sits inside cloud (index 1), at depth 1.
        assert!(steps.contains(&Step::Enter(2, 1)));
    }

    #[test]
    fn boundary_cycles_do_not_loop() {
        let mut model = starter_model();
        model.boundaries[0].parent = Some(model.boundaries[1].id.clone());
        model.boundaries[1].parent = Some(model.boundaries[0].id.clone());
        let diagram = Diagram::new(&model, &Findings::default());
        let mut nodes = 0;
        diagram.walk(|s| nodes += usize::from(matches!(s, Step::Node(_))));
        assert_eq!(nodes, model.elements.len());
    }
}
