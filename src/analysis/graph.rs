//! Graph questions about the model: which flows cross trust boundaries, what
//! an attacker on the internet can reach, and the shortest attack path to each
//! store of sensitive data.

use std::collections::VecDeque;

use petgraph::Direction::Incoming;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{Bfs, EdgeFiltered, EdgeRef, IntoEdgesDirected, VisitMap, Visitable};
use serde::Serialize;

use super::{Context, Findings};
use crate::model::{Classification, ElementKind, Model};

/// The data-flow graph: a node per element, an edge per flow (weight: flow index).
pub struct FlowGraph {
    pub graph: DiGraph<usize, usize>,
}

impl FlowGraph {
    pub fn new(ctx: &Context) -> Self {
        let mut graph = DiGraph::with_capacity(ctx.model.elements.len(), ctx.model.flows.len());
        for i in 0..ctx.model.elements.len() {
            graph.add_node(i);
        }
        // Added last to first: petgraph lists a node's edges newest first,
        // so searches meet them in the model's order, whatever the build.
        for f in (0..ctx.model.flows.len()).rev() {
            if let (Some(s), Some(t)) = ctx.ends(f) {
                graph.add_edge(NodeIndex::new(s), NodeIndex::new(t), f);
                if ctx.flow(f).bidirectional {
                    graph.add_edge(NodeIndex::new(t), NodeIndex::new(s), f);
                }
            }
        }
        Self { graph }
    }
}

/// Ids of the flows whose ends sit in different trust boundaries.
pub fn boundary_crossings(model: &Model) -> Vec<String> {
    let ctx = Context::new(model);
    (0..model.flows.len())
        .filter(|&f| ctx.crosses(f))
        .map(|f| model.flows[f].id.clone())
        .collect()
}

/// Ids of the elements an internet-facing element can reach along flows,
/// the entry points included, sorted.
pub fn reachable_from_internet(model: &Model) -> Vec<String> {
    let ctx = Context::new(model);
    let graph = FlowGraph::new(&ctx);
    let (_, dist) = bfs_from_entries(&ctx, &graph);
    let mut ids: Vec<String> = dist
        .iter()
        .enumerate()
        .filter(|(_, d)| d.is_some())
        .map(|(i, _)| model.elements[i].id.clone())
        .collect();
    ids.sort();
    ids
}

/// A route from an internet-facing element to a store of sensitive data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttackPath {
    pub entry: String,
    pub store: String,
    pub classification: &'static str,
    /// Element ids from entry to store.
    pub elements: Vec<String>,
    /// Flow ids along the path.
    pub flows: Vec<String>,
    /// Ids of open findings on the path's elements and flows, worst first.
    pub open_findings: Vec<String>,
}

/// For each data store holding confidential or restricted data that the
/// internet can reach, the shortest path from the nearest internet-facing
/// element. One breadth-first search from all entries at once keeps this
/// linear in the size of the model.
pub fn attack_paths(model: &Model, findings: &Findings) -> Vec<AttackPath> {
    let ctx = Context::new(model);
    let graph = FlowGraph::new(&ctx);
    let (via, dist) = bfs_from_entries(&ctx, &graph);
    let mut open_by_target: std::collections::HashMap<&str, Vec<&super::Finding>> =
        std::collections::HashMap::new();
    for f in findings.open() {
        open_by_target.entry(f.target.as_str()).or_default().push(f);
    }
    let mut paths = Vec::new();
    for (i, e) in model.elements.iter().enumerate() {
        let ElementKind::DataStore(_) = e.kind else {
            continue;
        };
        let Some(class) = ctx.data(super::Subject::Element(i)).max else {
            continue;
        };
        if class < Classification::Confidential || dist[i].is_none() {
            continue;
        }
        let mut elements = vec![i];
        let mut flows = Vec::new();
        let mut current = i;
        while let Some((prev, flow)) = via[current] {
            flows.push(flow);
            elements.push(prev);
            current = prev;
        }
        elements.reverse();
        flows.reverse();
        let element_ids: Vec<String> = elements
            .iter()
            .map(|&e| model.elements[e].id.clone())
            .collect();
        let flow_ids: Vec<String> = flows.iter().map(|&f| model.flows[f].id.clone()).collect();
        let mut on_path: Vec<&super::Finding> = element_ids
            .iter()
            .chain(&flow_ids)
            .flat_map(|id| {
                open_by_target
                    .get(id.as_str())
                    .into_iter()
                    .flatten()
                    .copied()
            })
            .collect();
        on_path.sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| a.id.cmp(&b.id)));
        paths.push(AttackPath {
            entry: element_ids[0].clone(),
            store: e.id.clone(),
            classification: class.label(),
            elements: element_ids,
            flows: flow_ids,
            open_findings: on_path.into_iter().map(|f| f.id.clone()).collect(),
        });
    }
    paths.sort_by(|a, b| a.store.cmp(&b.store));
    paths
}

type Via = Vec<Option<(usize, usize)>>;

/// Breadth first from every internet-facing element at once, along requests
/// (an attacker does not travel up a response): for each element, the
/// (previous element, flow) on a shortest path, and the distance.
fn bfs_from_entries(ctx: &Context, graph: &FlowGraph) -> (Via, Vec<Option<usize>>) {
    let n = ctx.model.elements.len();
    let mut via: Via = vec![None; n];
    let mut dist = vec![None; n];
    let requests = EdgeFiltered::from_fn(&graph.graph, |e| !ctx.flow(*e.weight()).response);
    let mut search = Bfs {
        stack: VecDeque::new(),
        discovered: graph.graph.visit_map(),
    };
    // Attackers start outside: internet-facing external entities, or, in a
    // model that draws none, whatever is internet-facing.
    let exposed = |i: usize| ctx.element(i).in_scope && ctx.internet_facing(i);
    let outside = |i: usize| matches!(ctx.element(i).kind, ElementKind::External(_));
    let any_outside = (0..n).any(|i| exposed(i) && outside(i));
    for (i, d) in dist.iter_mut().enumerate() {
        if exposed(i) && (outside(i) || !any_outside) {
            *d = Some(0);
            search.discovered.visit(NodeIndex::<u32>::new(i));
            search.stack.push_back(NodeIndex::new(i));
        }
    }
    // The search found each element from the first caller it visited, along
    // that caller's first request flow to it: the shortest path.
    let mut visited_at = vec![usize::MAX; n];
    let mut visits = 0;
    while let Some(node) = search.next(&requests) {
        let here = node.index();
        visited_at[here] = visits;
        visits += 1;
        if dist[here].is_some() {
            continue;
        }
        let from = requests
            .edges_directed(node, Incoming)
            .map(|e| {
                (
                    visited_at[e.source().index()],
                    *e.weight(),
                    e.source().index(),
                )
            })
            .filter(|&(at, _, _)| at < visited_at[here])
            .min();
        if let Some((_, flow, caller)) = from {
            dist[here] = dist[caller].map(|d: usize| d + 1);
            via[here] = Some((caller, flow));
        }
    }
    (via, dist)
}
