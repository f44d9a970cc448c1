//! `$ref` handling: local references are followed, external ones are reported
//! and never fetched, dangling ones are errors.

use std::collections::{BTreeSet, HashSet};

use percent_encoding::percent_decode_str;
use serde_json::Value;

use super::locate::Locator;
use crate::diagnostic::Diagnostic;

/// Deepest nesting walked when checking references; the parsers stop far earlier.
const MAX_DEPTH: usize = 256;
/// Most dangling references reported one by one.
const MAX_REPORTED: usize = 50;

/// Follows local `$ref`s inside one document.
#[derive(Clone, Copy)]
pub struct Resolver<'a> {
    root: &'a Value,
}

impl<'a> Resolver<'a> {
    pub fn new(root: &'a Value) -> Self {
        Self { root }
    }

    /// `value` with its `$ref` chain followed; `None` when a reference is
    /// external, dangling or loops (those are reported by [`check_refs`]).
    pub fn resolve(&self, value: &'a Value) -> Option<&'a Value> {
        self.follow(value).ok()
    }

    /// Follows `value`'s chain of references to its end, however long:
    /// `Err(Some(chain))` when it comes back to a reference already on it
    /// (the chain ends with the repeated one), `Err(None)` when a reference
    /// is external or dangling.
    pub fn follow(&self, value: &'a Value) -> Result<&'a Value, Option<Vec<&'a str>>> {
        let mut current = value;
        let mut chain: Vec<&'a str> = Vec::new();
        // A set only for long chains; short ones are searched in place.
        let mut seen: HashSet<&'a str> = HashSet::new();
        while let Some(r) = reference(current) {
            let repeated = if chain.len() < 16 {
                chain.contains(&r)
            } else {
                if seen.is_empty() {
                    seen.extend(chain.iter().copied());
                }
                !seen.insert(r)
            };
            chain.push(r);
            if repeated {
                return Err(Some(chain));
            }
            current = self.target(r).ok_or(None)?;
        }
        Ok(current)
    }

    /// The value a local reference such as `#/components/schemas/User` names.
    pub fn target(&self, reference: &str) -> Option<&'a Value> {
        let pointer = reference.strip_prefix('#')?;
        if !pointer.is_empty() && !pointer.starts_with('/') {
            return None;
        }
        self.root
            .pointer(&percent_decode_str(pointer).decode_utf8_lossy())
    }
}

/// The `$ref` string of a reference object.
pub fn reference(value: &Value) -> Option<&str> {
    value.get("$ref").and_then(Value::as_str)
}

/// Checks every `$ref` in the document: dangling local ones are errors,
/// external ones warnings (once per target).
pub fn check_refs(root: &Value, at: &Locator, file: &str) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let mut check = Check {
        resolver: Resolver::new(root),
        at,
        file,
        path: Vec::new(),
        errors: Vec::new(),
        dangling: 0,
        warnings: Vec::new(),
        external: BTreeSet::new(),
        cycles: BTreeSet::new(),
    };
    check.walk(root);
    if check.dangling > MAX_REPORTED {
        let more = check.dangling - MAX_REPORTED;
        check.errors.push(Diagnostic::error(
            file,
            (1, 1),
            format!("{more} more dangling `$ref`s not listed"),
        ));
    }
    (check.errors, check.warnings)
}

struct Check<'a, 'r> {
    resolver: Resolver<'a>,
    at: &'r Locator<'r>,
    file: &'r str,
    path: Vec<&'a str>,
    errors: Vec<Diagnostic>,
    dangling: usize,
    warnings: Vec<Diagnostic>,
    external: BTreeSet<&'a str>,
    /// Loops already reported, by their smallest reference.
    cycles: BTreeSet<&'a str>,
}

impl<'a> Check<'a, '_> {
    fn walk(&mut self, value: &'a Value) {
        if self.path.len() > MAX_DEPTH {
            return;
        }
        match value {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    self.check(r);
                }
                for (key, child) in map {
                    // Examples hold sample data, not schema: a `$ref` there is text.
                    if matches!(
                        key.as_str(),
                        "example" | "examples" | "const" | "default" | "enum"
                    ) {
                        continue;
                    }
                    self.path.push(key);
                    self.walk(child);
                    self.path.pop();
                }
            }
            Value::Array(items) => items.iter().for_each(|item| self.walk(item)),
            _ => {}
        }
    }

    /// Warns once per loop of references, naming the chain that reaches it.
    fn warn_cycle(&mut self, chain: &[&'a str]) {
        let Some(&again) = chain.last() else { return };
        let start = chain.iter().position(|&r| r == again).unwrap_or(0);
        let looped = &chain[start..chain.len() - 1];
        let Some(&first) = looped.iter().min() else {
            return;
        };
        if !self.cycles.insert(first) {
            return;
        }
        let shown: Vec<String> = chain.iter().map(|r| format!("`{r}`")).collect();
        let at = self.at.value_after(&self.path, chain[0]);
        self.warnings.push(
            Diagnostic::warning(
                self.file,
                at,
                format!(
                    "`$ref` loop: {}; what it points to is not imported",
                    shown.join(" → ")
                ),
            )
            .with_hint("make one of the references in the loop point to a schema"),
        );
    }

    fn check(&mut self, r: &'a str) {
        if !r.starts_with('#') {
            if self.external.insert(r) {
                let at = self.at.value_after(&self.path, r);
                self.warnings.push(
                    Diagnostic::warning(self.file, at, format!("external reference `{r}` is not followed"))
                        .with_hint("threatmap never fetches files or URLs; bundle the spec (e.g. `redocly bundle`) to import what it points to"),
                );
            }
            return;
        }
        if let Some(target) = self.resolver.target(r) {
            if let Err(Some(mut chain)) = self.resolver.follow(target) {
                chain.insert(0, r);
                self.warn_cycle(&chain);
            }
            return;
        }
        self.dangling += 1;
        if self.dangling > MAX_REPORTED {
            return;
        }
        let at = self.at.value_after(&self.path, r);
        let hint = if r.len() > 1 && !r[1..].starts_with('/') {
            "only JSON Pointer references (`#/components/…`) are followed"
        } else {
            "define the target under `components`, or fix the spelling"
        };
        self.errors.push(
            Diagnostic::error(
                self.file,
                at,
                format!("`$ref` `{r}` points to nothing in this document"),
            )
            .with_hint(hint),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn follows_chains_and_stops_on_loops() {
        let doc = json!({"components": {"schemas": {
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"type": "string"},
            "L": {"$ref": "#/components/schemas/M"},
            "M": {"$ref": "#/components/schemas/L"},
        }}, "paths": {"/a/{id}": {"x": 1}}});
        let r = Resolver::new(&doc);
        assert_eq!(
            r.resolve(&json!({"$ref": "#/components/schemas/A"})),
            Some(&json!({"type": "string"}))
        );
        assert_eq!(r.resolve(&json!({"$ref": "#/components/schemas/L"})), None);
        assert_eq!(r.resolve(&json!({"$ref": "other.yaml#/X"})), None);
        assert_eq!(r.target("#/paths/~1a~1%7Bid%7D/x"), Some(&json!(1)));
    }

    #[test]
    fn chains_of_any_length_resolve_and_loops_are_warned_with_their_chain() {
        let mut schemas = serde_json::Map::new();
        for i in 0..40 {
            schemas.insert(
                format!("S{i}"),
                json!({"$ref": format!("#/components/schemas/S{}", i + 1)}),
            );
        }
        schemas.insert("S40".into(), json!({"type": "object"}));
        schemas.insert("L".into(), json!({"$ref": "#/components/schemas/M"}));
        schemas.insert("M".into(), json!({"$ref": "#/components/schemas/L"}));
        let doc = json!({"components": {"schemas": schemas},
            "paths": {"/a": {"$ref": "#/components/schemas/L"}}});
        let r = Resolver::new(&doc);
        assert_eq!(
            r.resolve(&json!({"$ref": "#/components/schemas/S0"})),
            Some(&json!({"type": "object"}))
        );
        let text = serde_json::to_string_pretty(&doc).unwrap();
        let (errors, warnings) = check_refs(&doc, &Locator::new(&text), "api.json");
        assert!(errors.is_empty(), "{errors:?}");
        let loops: Vec<_> = warnings
            .iter()
            .filter(|w| w.message.contains("`$ref` loop"))
            .collect();
        assert_eq!(loops.len(), 1, "one warning per loop: {warnings:?}");
        assert!(
            loops[0].message.contains(
                "`#/components/schemas/M` → `#/components/schemas/L` → `#/components/schemas/M`"
            ) || loops[0].message.contains(
                "`#/components/schemas/L` → `#/components/schemas/M` → `#/components/schemas/L`"
            ),
            "{}",
            loops[0].message
        );
        assert!(loops[0].line > 0);
    }
}
