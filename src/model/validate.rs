//! Checks a parsed model for problems RON's types cannot express, reporting
//! every problem in one pass.

mod nesting;

use std::collections::{HashMap, HashSet};

use super::endpoint::is_valid_path;
use super::source_index::{Pos, SourceIndex};
use super::types::{ElementKind, Model};
use crate::diagnostic::{Diagnostic, closest, sort};
use nesting::{MAX_BOUNDARY_DEPTH, Nesting, nesting};

/// Longest id accepted; ids are typed by people and shown in narrow panels.
pub const MAX_ID_LEN: usize = 128;
/// Longest single string accepted, so a runaway value cannot flood reports.
pub const MAX_STRING_LEN: usize = 64 * 1024;
/// Most elements + flows in one model.
pub const MAX_ITEMS: usize = 200_000;

/// Checks `model`, parsed from `source`. The source is scanned for positions
/// only when there is a problem to locate: a valid model costs no scan.
pub fn validate(model: &Model, source: &str, file: &str) -> (Vec<Diagnostic>, Option<SourceIndex>) {
    let mut v = Validator {
        model,
        index: LazyIndex {
            source,
            cell: std::cell::OnceCell::new(),
        },
        file,
        out: Vec::new(),
    };
    v.size();
    v.ids();
    v.boundaries();
    v.elements();
    v.flows();
    v.triage();
    v.threats();
    v.layout();
    sort(&mut v.out);
    (v.out, v.index.cell.into_inner())
}

/// A [`SourceIndex`] built on first use.
struct LazyIndex<'a> {
    source: &'a str,
    cell: std::cell::OnceCell<SourceIndex>,
}

impl std::ops::Deref for LazyIndex<'_> {
    type Target = SourceIndex;

    fn deref(&self) -> &SourceIndex {
        self.cell.get_or_init(|| SourceIndex::build(self.source))
    }
}

/// A valid id: letters, digits, `-`, `_`, `.` and `:`, starting with a letter or digit.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
}

struct Validator<'a> {
    model: &'a Model,
    index: LazyIndex<'a>,
    file: &'a str,
    out: Vec<Diagnostic>,
}

impl Validator<'_> {
    fn error(&mut self, at: Pos, message: String, hint: &str) {
        let d = Diagnostic::error(self.file, at, message);
        self.out.push(if hint.is_empty() {
            d
        } else {
            d.with_hint(hint)
        });
    }

    fn warning(&mut self, at: Pos, message: String, hint: &str) {
        let d = Diagnostic::warning(self.file, at, message);
        self.out.push(if hint.is_empty() {
            d
        } else {
            d.with_hint(hint)
        });
    }

    fn size(&mut self) {
        let items = self.model.elements.len() + self.model.flows.len();
        if items > MAX_ITEMS {
            self.error(
                (1, 1),
                format!("the model has {items} elements and flows; the limit is {MAX_ITEMS}"),
                "split the estate into several models",
            );
        }
        let long = self.model_strings().find(|s| s.len() > MAX_STRING_LEN);
        if let Some(s) = long {
            let preview: String = s.chars().take(20).collect();
            self.error(
                (1, 1),
                format!(
                    "a string starting {preview:?} is {} bytes; the limit is {MAX_STRING_LEN}",
                    s.len()
                ),
                "keep long documents outside the model and link to them",
            );
        }
    }

    fn model_strings(&self) -> impl Iterator<Item = &str> {
        let m = self.model;
        let top = [&m.name, &m.description, &m.scope]
            .into_iter()
            .map(String::as_str);
        let elements = m
            .elements
            .iter()
            .flat_map(|e| [e.name.as_str(), e.description.as_str()]);
        let flows = m.flows.iter().flat_map(|f| {
            [f.label.as_str(), f.description.as_str()]
                .into_iter()
                .chain(
                    f.endpoints
                        .iter()
                        .flat_map(|e| [e.path.as_str(), e.summary.as_str()]),
                )
        });
        let triage = m.triage.iter().map(|t| t.note.as_str());
        let threats = m.threats.iter().flat_map(|t| {
            [
                t.title.as_str(),
                t.description.as_str(),
                t.mitigation_note.as_str(),
            ]
        });
        let boundaries = m
            .boundaries
            .iter()
            .flat_map(|b| [b.name.as_str(), b.description.as_str()]);
        let data = m
            .data
            .iter()
            .flat_map(|d| [d.name.as_str(), d.description.as_str()]);
        top.chain(elements)
            .chain(flows)
            .chain(triage)
            .chain(boundaries)
            .chain(data)
            .chain(threats)
    }

    /// Ids are unique across the whole model, so a finding's target is never ambiguous.
    fn ids(&mut self) {
        let mut seen: HashMap<&str, (&str, usize)> = HashMap::new();
        let m = self.model;
        let all = [
            (
                "boundaries",
                m.boundaries
                    .iter()
                    .map(|b| b.id.as_str())
                    .collect::<Vec<_>>(),
            ),
            ("data", m.data.iter().map(|d| d.id.as_str()).collect()),
            (
                "elements",
                m.elements.iter().map(|e| e.id.as_str()).collect(),
            ),
            ("flows", m.flows.iter().map(|f| f.id.as_str()).collect()),
        ];
        for (section, ids) in all {
            for (i, id) in ids.into_iter().enumerate() {
                if !is_valid_id(id) {
                    let at = self.index.key_pos(section, i, "id");
                    let mixed = crate::text::mixed_scripts(id)
                        .map_or(String::new(), |words| format!(": it {words}"));
                    self.error(
                        at,
                        format!("invalid id {id:?}{mixed}"),
                        "ids use letters, digits, `-`, `_`, `.` or `:`, start with a letter or digit, and are at most 128 characters",
                    );
                    continue;
                }
                if let Some(&(first_section, first_i)) = seen.get(id) {
                    let at = self.index.key_pos(section, i, "id");
                    let first = self.index.key_pos(first_section, first_i, "id");
                    let message =
                        format!("duplicate id `{id}` (first declared at line {})", first.0);
                    self.error(
                        at,
                        message,
                        "ids are unique across boundaries, data, elements and flows",
                    );
                } else {
                    seen.insert(id, (section, i));
                }
            }
        }
    }

    fn boundaries(&mut self) {
        let ids: HashSet<&str> = self
            .model
            .boundaries
            .iter()
            .map(|b| b.id.as_str())
            .collect();
        let parents: HashMap<&str, &str> = self
            .model
            .boundaries
            .iter()
            .filter_map(|b| b.parent.as_deref().map(|p| (b.id.as_str(), p)))
            .collect();
        let nesting = nesting(&parents);
        for (i, b) in self.model.boundaries.iter().enumerate() {
            if let Some(parent) = &b.parent {
                if !ids.contains(parent.as_str()) {
                    let at = self.index.key_pos("boundaries", i, "parent");
                    self.missing_ref(at, "boundary", parent, ids.iter().copied());
                } else if nesting.get(b.id.as_str())
                    == Some(&Nesting::Depth(MAX_BOUNDARY_DEPTH + 1))
                {
                    // Only the first boundary past the limit: the ones
                    // inside it are too deep because of it.
                    let at = self.index.key_pos("boundaries", i, "parent");
                    self.error(
                        at,
                        format!(
                            "boundary `{}` is nested {} deep; the limit is {MAX_BOUNDARY_DEPTH}",
                            b.id,
                            MAX_BOUNDARY_DEPTH + 1
                        ),
                        "no system needs this many zones inside zones; attach it to a boundary higher up",
                    );
                } else if nesting.get(b.id.as_str()) == Some(&Nesting::Cycle) {
                    let at = self.index.key_pos("boundaries", i, "parent");
                    self.error(
                        at,
                        format!(
                            "boundary `{}` is nested inside itself through its parents",
                            b.id
                        ),
                        "a boundary's chain of parents must end at a boundary with no parent",
                    );
                }
            }
            if b.trust.is_some_and(|t| t > 10) {
                let at = self.index.key_pos("boundaries", i, "trust");
                self.error(
                    at,
                    format!(
                        "trust level {} is out of range",
                        b.trust.unwrap_or_default()
                    ),
                    "trust goes from 0 (untrusted) to 10 (fully trusted)",
                );
            }
        }
    }

    fn elements(&mut self) {
        let boundaries: HashSet<&str> = self
            .model
            .boundaries
            .iter()
            .map(|b| b.id.as_str())
            .collect();
        let data: HashSet<&str> = self.model.data.iter().map(|d| d.id.as_str()).collect();
        let connected: HashSet<&str> = self
            .model
            .flows
            .iter()
            .flat_map(|f| [f.source.as_str(), f.target.as_str()])
            .collect();
        for (i, e) in self.model.elements.iter().enumerate() {
            if let Some(b) = &e.boundary {
                if !boundaries.contains(b.as_str()) {
                    let at = self.index.key_pos("elements", i, "boundary");
                    self.missing_ref(at, "boundary", b, boundaries.iter().copied());
                }
            }
            let (key, refs) = match &e.kind {
                ElementKind::Process(p) => ("handles", &p.handles),
                ElementKind::DataStore(s) => ("stores", &s.stores),
                ElementKind::External(_) => ("", &Vec::new()),
            };
            for r in refs.clone() {
                if !data.contains(r.as_str()) {
                    let at = self.index.value_pos("elements", i, key, &r);
                    self.missing_ref(at, "data asset", &r, data.iter().copied());
                }
            }
            if e.name.trim().is_empty() {
                let at = self.index.key_pos("elements", i, "name");
                self.error(
                    at,
                    format!("element `{}` has an empty name", e.id),
                    "give it a name people will recognise",
                );
            }
            if !connected.contains(e.id.as_str()) {
                let at = self.index.key_pos("elements", i, "id");
                self.warning(
                    at,
                    format!("element `{}` has no flows", e.id),
                    "connect it with a flow, or remove it if it is not part of the system",
                );
            }
        }
    }

    fn flows(&mut self) {
        let elements: HashSet<&str> = self.model.elements.iter().map(|e| e.id.as_str()).collect();
        let data: HashSet<&str> = self.model.data.iter().map(|d| d.id.as_str()).collect();
        for (i, f) in self.model.flows.iter().enumerate() {
            for (key, end) in [("source", &f.source), ("target", &f.target)] {
                if !elements.contains(end.as_str()) {
                    let at = self.index.key_pos("flows", i, key);
                    self.missing_ref(at, "element", end, elements.iter().copied());
                }
            }
            if f.source == f.target && elements.contains(f.source.as_str()) {
                let at = self.index.key_pos("flows", i, "target");
                self.warning(
                    at,
                    format!("flow `{}` goes from `{}` to itself", f.id, f.source),
                    "",
                );
            }
            for d in &f.data {
                if !data.contains(d.as_str()) {
                    let at = self.index.value_pos("flows", i, "data", d);
                    self.missing_ref(at, "data asset", d, data.iter().copied());
                }
            }
            let mut seen = HashSet::new();
            for e in &f.endpoints {
                if !is_valid_path(&e.path) {
                    let at = self.index.value_pos("flows", i, "endpoints", &e.path);
                    self.error(
                        at,
                        format!(
                            "endpoint `{} {}` on flow `{}` is not `METHOD /path`",
                            e.method.as_str(),
                            e.path,
                            f.id
                        ),
                        "a path starts with `/` and has no spaces, e.g. `/users/{id}`",
                    );
                } else if !seen.insert((e.method, e.path.as_str())) {
                    let at = self.index.value_pos("flows", i, "endpoints", &e.path);
                    self.warning(
                        at,
                        format!(
                            "endpoint `{} {}` is listed twice on flow `{}`",
                            e.method.as_str(),
                            e.path,
                            f.id
                        ),
                        "",
                    );
                }
            }
            let https_without_tls = f.protocol == super::types::Protocol::Https
                && f.encryption == super::types::Encryption::None;
            if https_without_tls {
                let at = self.index.key_pos("flows", i, "protocol");
                self.warning(
                    at,
                    format!("flow `{}` uses HTTPS but its encryption is None", f.id),
                    "set `encryption: Tls` (threats are judged on `encryption`)",
                );
            }
        }
    }

    fn triage(&mut self) {
        let mut seen = HashSet::new();
        for (i, t) in self.model.triage.iter().enumerate() {
            let at = self.index.key_pos("triage", i, "finding");
            if !t.finding.contains('@') {
                self.error(
                    at,
                    format!("triage record for {:?} does not name a finding", t.finding),
                    "finding ids are `RULE-ID@target-id`, as `threatmap check` prints them",
                );
            }
            if !seen.insert(t.finding.as_str()) {
                self.error(
                    at,
                    format!("finding `{}` is triaged twice", t.finding),
                    "keep one record per finding",
                );
            }
            for (key, date) in [("date", &t.date), ("until", &t.until)] {
                if let Some(d) = date {
                    if let Err(hint) = crate::clock::parse_date(d) {
                        let at = self.index.key_pos("triage", i, key);
                        self.error(at, format!("`{d}` is not a date"), &hint);
                    }
                }
            }
        }
    }

    fn threats(&mut self) {
        super::threat_check::check(self.model, |section, i, key, message, hint| {
            let at = self.index.key_pos(section, i, key);
            self.error(at, message, hint);
        });
    }

    fn layout(&mut self) {
        let elements: HashSet<&str> = self.model.elements.iter().map(|e| e.id.as_str()).collect();
        for id in self.model.layout.keys() {
            if !elements.contains(id.as_str()) {
                let at = self
                    .index
                    .find_in("layout", id)
                    .unwrap_or_else(|| self.index.top_key("layout"));
                self.warning(
                    at,
                    format!("layout names `{id}`, which is not an element"),
                    "the position is ignored; `threatmap fmt` keeps it",
                );
            }
        }
    }

    fn missing_ref<'b>(
        &mut self,
        at: Pos,
        what: &str,
        id: &str,
        known: impl Iterator<Item = &'b str>,
    ) {
        let mut known: Vec<&str> = known.collect();
        known.sort_unstable();
        let article = crate::text::article(what);
        let hint = match closest(id, known.iter().copied()) {
            Some(c) => format!("did you mean `{c}`?"),
            None if known.is_empty() => {
                format!("the model declares no {what} yet; add {article} {what} with id `{id}`")
            }
            None => format!("declare {article} {what} with id `{id}`"),
        };
        let mixed = crate::text::mixed_scripts(id)
            .map_or(String::new(), |words| format!(": the id {words}"));
        self.error(at, format!("unknown {what} `{id}`{mixed}"), &hint);
    }
}

/// `YYYY-MM-DD`, a day on the calendar (not 2025-02-31).
pub fn is_date(s: &str) -> bool {
    crate::clock::parse_date(s).is_ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_mixing_scripts_are_marked() {
        // A Cyrillic `а` (U+0430) in a Latin id: both read "payments".
        let text = "Model(name: \"m\", elements: [Element(id: \"payments\", name: \"P\", kind: Process()), Element(id: \"p\u{430}yments\", name: \"Q\", kind: Process())], flows: [Flow(id: \"f\", source: \"payments\", target: \"p\u{430}yment\", protocol: Tcp)])";
        let errors = crate::model::parse_str(text, "t.ron")
            .err()
            .map(|e| e.diagnostics())
            .unwrap_or_default();
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "invalid id \"p\u{430}yments\": it mixes Latin and Cyrillic letters (`\u{430}` is U+0430, Cyrillic)",
                "unknown element `p\u{430}yment`: the id mixes Latin and Cyrillic letters (`\u{430}` is U+0430, Cyrillic)",
            ]
        );
    }

    #[test]
    fn a_missing_reference_hint_uses_the_right_article() {
        let text = "Model(name: \"m\", elements: [Element(id: \"a\", name: \"A\", kind: Process())], flows: [Flow(id: \"f\", source: \"a\", target: \"zzz\", protocol: Tcp)])";
        let errors = crate::model::parse_str(text, "t.ron")
            .err()
            .map(|e| e.diagnostics())
            .unwrap_or_default();
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].hint.as_deref(),
            Some("declare an element with id `zzz`")
        );
    }
}
