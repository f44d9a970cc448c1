//! Stable ids for imported items: slugs of names, made unique across a model.

use std::collections::BTreeSet;

/// Longest slug taken from a name, so ids built from two slugs stay well under
/// the model's id limit.
const MAX_SLUG: usize = 48;

/// `"Bookstore API (v2)"` → `"bookstore-api-v2"`; `fallback` when nothing is left.
pub fn slug(text: &str, fallback: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= MAX_SLUG {
            break;
        }
    }
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        fallback.to_string()
    } else {
        trimmed.to_string()
    }
}

/// Hands out ids that are unique among those already taken, adding `-2`,
/// `-3`… on a clash. Deterministic: the same requests in the same order give
/// the same ids.
#[derive(Debug, Default)]
pub struct IdAllocator {
    taken: BTreeSet<String>,
}

impl IdAllocator {
    pub fn with_taken<'a>(ids: impl IntoIterator<Item = &'a str>) -> Self {
        Self {
            taken: ids.into_iter().map(str::to_string).collect(),
        }
    }

    pub fn allocate(&mut self, wanted: &str) -> String {
        let mut candidate = wanted.to_string();
        let mut n = 2;
        while self.taken.contains(&candidate) {
            candidate = format!("{wanted}-{n}");
            n += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_dashed() {
        assert_eq!(slug("Bookstore API (v2)", "api"), "bookstore-api-v2");
        assert_eq!(slug("  --  ", "api"), "api");
        assert_eq!(slug("Ünïcode Shop", "api"), "n-code-shop");
        assert!(slug(&"x".repeat(500), "api").len() <= MAX_SLUG);
    }

    #[test]
    fn allocator_avoids_clashes() {
        let mut ids = IdAllocator::with_taken(["internet"]);
        assert_eq!(ids.allocate("internet"), "internet-2");
        assert_eq!(ids.allocate("api"), "api");
        assert_eq!(ids.allocate("api"), "api-2");
    }
}
