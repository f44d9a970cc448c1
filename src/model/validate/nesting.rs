//! How boundaries nest: the depth of each below the top, and the rings of
//! parents that come back to where they started.

use std::collections::{HashMap, VecDeque};

use petgraph::algo::kosaraju_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{Bfs, VisitMap, Visitable};

/// Deepest nesting of boundaries inside boundaries (a top-level boundary is
/// 1 deep). Diagrams and reports draw each level inside the one above.
pub const MAX_BOUNDARY_DEPTH: usize = 64;

/// Where a boundary sits in the chain of parents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Nesting {
    /// This many boundaries from the top, itself included.
    Depth(usize),
    /// Following its parents comes back to it.
    Cycle,
    /// Its chain runs into someone else's cycle: the cycle is reported on
    /// its members.
    IntoCycle,
}

/// The nesting of every boundary with a parent or a child, linear in their
/// number whatever the chains' length. A parent that is not a boundary
/// counts as the top.
pub(super) fn nesting<'a>(parents: &HashMap<&'a str, &'a str>) -> HashMap<&'a str, Nesting> {
    // A node per name, an edge from each parent to its child.
    let mut graph: DiGraph<&str, ()> = DiGraph::with_capacity(parents.len() * 2, parents.len());
    let mut node: HashMap<&str, NodeIndex> = HashMap::with_capacity(parents.len() * 2);
    let mut names: Vec<&str> = parents.iter().flat_map(|(&c, &p)| [c, p]).collect();
    names.sort_unstable();
    names.dedup();
    for name in names {
        node.insert(name, graph.add_node(name));
    }
    for (child, parent) in parents {
        graph.add_edge(node[parent], node[child], ());
    }
    let mut known: HashMap<&str, Nesting> = HashMap::with_capacity(node.len());
    // Rings: more than one boundary reaching each other, or one that is its
    // own parent. Kosaraju's search is iterative: a 40,000-deep chain does not
    // exhaust the stack.
    for ring in kosaraju_scc(&graph) {
        if ring.len() > 1 || graph.contains_edge(ring[0], ring[0]) {
            known.extend(ring.into_iter().map(|n| (graph[n], Nesting::Cycle)));
        }
    }
    // Depths: breadth first from the tops, so a parent's depth is known
    // before its children's.
    let mut from_tops = Bfs {
        stack: VecDeque::new(),
        discovered: graph.visit_map(),
    };
    for &n in node.values() {
        if !parents.contains_key(graph[n]) {
            from_tops.discovered.visit(n);
            from_tops.stack.push_back(n);
        }
    }
    while let Some(n) = from_tops.next(&graph) {
        let name = graph[n];
        let depth = match parents.get(name).and_then(|p| known.get(p)) {
            Some(Nesting::Depth(d)) => d + 1,
            _ => 1,
        };
        known.insert(name, Nesting::Depth(depth));
    }
    // The rest hangs below a ring without being part of it.
    for name in node.into_keys() {
        known.entry(name).or_insert(Nesting::IntoCycle);
    }
    known
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_members_of_a_cycle_are_in_it() {
        let parents: HashMap<&str, &str> =
            [("a", "c"), ("b", "a"), ("c", "b"), ("d", "a"), ("e", "f")].into();
        let n = nesting(&parents);
        assert_eq!(n["a"], Nesting::Cycle);
        assert_eq!(n["c"], Nesting::Cycle);
        // `d` sits inside the ring but is not part of it.
        assert_eq!(n["d"], Nesting::IntoCycle);
        assert_eq!(n["e"], Nesting::Depth(2));
        assert_eq!(n["f"], Nesting::Depth(1));
    }

    fn chain(depth: usize) -> String {
        let mut text = String::from("Model(name: \"m\", boundaries: [\n");
        for i in 0..depth {
            let parent = match i {
                0 => String::new(),
                _ => format!(", parent: \"b{}\"", i - 1),
            };
            text.push_str(&format!(
                "Boundary(id: \"b{i}\", name: \"B\", kind: InternalNetwork{parent}),\n"
            ));
        }
        text.push_str("])");
        text
    }

    #[test]
    fn boundaries_nest_at_most_64_deep() {
        assert!(crate::model::parse_str(&chain(MAX_BOUNDARY_DEPTH), "t.ron").is_ok());
        let errors = crate::model::parse_str(&chain(MAX_BOUNDARY_DEPTH + 1), "t.ron")
            .err()
            .map(|e| e.diagnostics())
            .unwrap_or_default();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(
            errors[0].to_string().lines().next(),
            Some("t.ron:66:55: error: boundary `b64` is nested 65 deep; the limit is 64")
        );
    }

    #[test]
    fn a_40000_deep_chain_is_checked_in_one_pass_with_one_error() {
        // Before: each boundary walked its whole chain (55 s in release).
        let errors = crate::model::parse_str(&chain(40_000), "t.ron")
            .err()
            .map(|e| e.diagnostics())
            .unwrap_or_default();
        assert_eq!(errors.len(), 1, "{:?}", &errors[..errors.len().min(3)]);
        assert!(errors[0].message.contains("`b64` is nested 65 deep"));
    }
}
