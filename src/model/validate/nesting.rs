//! How boundaries nest: the depth of each below the top, and the rings of
//! parents that come back to where they started.

use std::collections::HashMap;

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

/// The nesting of every boundary with a parent or a child, in one pass over
/// each chain (each boundary is walked once, whatever the chains' length).
/// A parent that is not a boundary counts as the top.
pub(super) fn nesting<'a>(parents: &HashMap<&'a str, &'a str>) -> HashMap<&'a str, Nesting> {
    let mut known: HashMap<&str, Nesting> = HashMap::with_capacity(parents.len());
    let mut names: Vec<&str> = parents.keys().copied().collect();
    names.sort_unstable();
    for start in names {
        let mut chain: Vec<&str> = Vec::new();
        let mut on_chain: HashMap<&str, usize> = HashMap::new();
        let mut current = start;
        // Walk up until a boundary already known, the top, or a repeat.
        let below = loop {
            if let Some(&n) = known.get(current) {
                break n;
            }
            if let Some(&at) = on_chain.get(current) {
                for &member in &chain[at..] {
                    known.insert(member, Nesting::Cycle);
                }
                chain.truncate(at);
                break Nesting::IntoCycle;
            }
            on_chain.insert(current, chain.len());
            chain.push(current);
            match parents.get(current) {
                Some(&p) => current = p,
                None => break Nesting::Depth(0),
            }
        };
        let mut next = below;
        for &b in chain.iter().rev() {
            next = match next {
                Nesting::Depth(d) => Nesting::Depth(d + 1),
                _ => Nesting::IntoCycle,
            };
            known.insert(b, next);
        }
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
