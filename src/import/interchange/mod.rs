//! What the importers from other threat-modeling tools share: reading JSON or
//! YAML, mapping free-text protocols and statuses, boundary membership by
//! geometry, scaling pixel positions to canvas cells, and the summary of what
//! was approximated.

pub mod geometry;
pub mod merge;
pub mod vocabulary;

use std::fmt;

use crate::text::count;

use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::model::ids::{IdAllocator, slug};
use crate::model::{Boundary, Element, ElementKind, External, Model};

/// Files larger than this are refused before parsing.
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// A model brought in from another tool, and what could not be carried over exactly.
#[derive(Debug, Clone, PartialEq)]
pub struct Converted {
    pub model: Model,
    /// The tool's name, for the summary.
    pub tool: &'static str,
    /// Each place where the import had to guess, merge, or keep something
    /// in a description or tag because threatmap has no field for it.
    pub approximations: Vec<String>,
}

impl fmt::Display for Converted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = &self.model;
        writeln!(
            f,
            "imported from {}: {}, {}, {}",
            self.tool,
            m.contents(),
            count(m.threats.len(), "threat", "threats"),
            count(m.triage.len(), "decision", "decisions")
        )?;
        if self.approximations.is_empty() {
            return writeln!(f, "nothing was approximated");
        }
        writeln!(f, "approximated ({}):", self.approximations.len())?;
        for a in &self.approximations {
            writeln!(f, "  - {a}")?;
        }
        Ok(())
    }
}

/// One located error for an input that cannot be imported.
pub fn refuse(
    file: &str,
    at: (usize, usize),
    message: impl Into<String>,
    hint: &str,
) -> Vec<Diagnostic> {
    vec![Diagnostic::error(file, at, message).with_hint(hint.to_string())]
}

/// Parses JSON (text starting with `{` or `[`) or YAML, with YAML anchors
/// and `<<:` merge keys resolved.
pub fn parse_json_or_yaml(text: &str, file: &str, what: &str) -> Result<Value, Vec<Diagnostic>> {
    use crate::import::openapi::{document::strip_position, duplicates};
    if text.len() > MAX_INPUT_BYTES {
        return Err(refuse(
            file,
            (1, 1),
            format!(
                "the file is {} bytes; the limit is {MAX_INPUT_BYTES}",
                text.len()
            ),
            "check that this is the file you meant",
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(refuse(
            file,
            (1, 1),
            "the file is empty",
            &format!("give {what}"),
        ));
    }
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        let (value, repeated) = duplicates::json(text).map_err(|e| {
            refuse(
                file,
                (e.line().max(1), e.column().max(1)),
                format!(
                    "invalid JSON: {}",
                    strip_position(&e.to_string(), e.line(), e.column())
                ),
                "fix the JSON syntax at this place",
            )
        })?;
        if !repeated.is_empty() {
            return Err(duplicates::diagnostics(&repeated, text, file));
        }
        return Ok(value);
    }
    let yaml_error = |e: serde_yaml_ng::Error| {
        let at = e
            .location()
            .map_or((1, 1), |l| (l.line().max(1), l.column().max(1)));
        refuse(
            file,
            at,
            format!(
                "invalid YAML: {}",
                strip_position(&e.to_string(), at.0, at.1)
            ),
            "fix the YAML syntax at this place (indentation, a missing `:` or quote)",
        )
    };
    let mut yaml: serde_yaml_ng::Value = serde_yaml_ng::from_str(text).map_err(yaml_error)?;
    yaml.apply_merge().map_err(yaml_error)?;
    serde_json::to_value(yaml).map_err(|e| {
        refuse(
            file,
            (1, 1),
            format!("the YAML cannot be read as data: {e}"),
            "mapping keys must be strings or numbers",
        )
    })
}

/// The text of a JSON value that should be a string: strings as they are,
/// numbers and booleans written out, anything else empty.
pub fn text_of(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

/// `value[key]` as a string, or empty.
pub fn str_at<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or("")
}

/// `value[key]` as a bool, false when absent or not a bool.
pub fn bool_at(value: &Value, key: &str) -> bool {
    value.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// `value[key]` as a list of strings (absent, null or other types: empty).
pub fn strings_at(value: &Value, key: &str) -> Vec<String> {
    match value.get(key) {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| match v {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .collect(),
        Some(Value::String(s)) if !s.is_empty() => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// Hands out threatmap ids for a source's items: the source's own id when it
/// is a valid threatmap id (and not a bare UUID nobody can read), else a slug
/// of the name, unique across the model.
#[derive(Debug, Default)]
pub struct Ids {
    alloc: IdAllocator,
}

impl Ids {
    /// The id for an item with the source id `source` and the name `name`;
    /// `fallback` when neither gives one. A changed id is noted in `notes`.
    pub fn assign(&mut self, source: &str, name: &str, fallback: &str) -> String {
        let wanted = if crate::model::validate::is_valid_id(source) && !looks_like_uuid(source) {
            source.to_string()
        } else {
            slug(name, fallback)
        };
        self.alloc.allocate(&wanted)
    }

    /// Reserves an id as it is (for a second namespace of a source).
    pub fn take(&mut self, wanted: &str) -> String {
        self.alloc.allocate(wanted)
    }
}

/// `8-4-4-4-12` hexadecimal digits.
pub fn looks_like_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// One line of text: newlines and runs of spaces become single spaces.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Appends `extra` to a description as a new paragraph.
pub fn append(description: &mut String, extra: &str) {
    let extra = extra.trim();
    if extra.is_empty() {
        return;
    }
    if !description.is_empty() {
        description.push_str("\n\n");
    }
    description.push_str(extra);
}

/// The tools threatmap imports from (besides OpenAPI).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    ThreatDragon,
    Threagile,
    Otm,
    Tmt,
}

/// Converts the text of a file written by `tool`; `file` names it in
/// diagnostics. The model returned loads without errors: an import that
/// would produce an invalid model is refused as a whole, naming the problem.
///
/// Where the source places its items, the model keeps those places, scaled
/// to canvas cells and [`crate::layout::separate`]d (boxes sized to their
/// names outgrow the source's spacing) with every element given one, so the
/// saved file, the workbench, the report and exports show the same picture.
pub fn import(tool: Tool, text: &str, file: &str) -> Result<Converted, Vec<Diagnostic>> {
    let mut converted = match tool {
        Tool::ThreatDragon => super::threat_dragon::import_threat_dragon(text, file)?,
        Tool::Threagile => super::threagile::import_threagile(text, file)?,
        Tool::Otm => super::otm::import_otm(text, file)?,
        Tool::Tmt => super::tmt::import_tmt(text, file)?,
    };
    if !converted.model.layout.is_empty() {
        converted.model.layout = crate::layout::auto_positions(&converted.model);
    }
    verified(converted, file)
}

/// The converted model, checked by loading its canonical text as a model
/// file is loaded.
fn verified(converted: Converted, file: &str) -> Result<Converted, Vec<Diagnostic>> {
    let text = crate::model::to_canonical_string(&converted.model);
    match crate::model::parse_str(&text, file) {
        Ok(_) => Ok(converted),
        Err(e) => Err(e
            .diagnostics()
            .into_iter()
            .filter(Diagnostic::is_error)
            .map(|d| {
                Diagnostic::error(
                    file,
                    (1, 1),
                    format!("the imported model would be invalid: {}", d.message),
                )
                .with_hint(
                    "nothing was written; please report this file so the importer can learn it",
                )
            })
            .collect()),
    }
}

/// A trust boundary the source tool drew as a box: its name (or "Trust
/// boundary N" when the box has none), a fresh id and a kind guessed from the
/// name. Where it sits comes later, from the geometry of the boxes.
pub fn drawn_boundary(ids: &mut Ids, model: &Model, name: &str, description: String) -> Boundary {
    let name = match name.trim() {
        "" => format!("Trust boundary {}", model.boundaries.len() + 1),
        _ => name.to_string(),
    };
    Boundary {
        id: ids.assign("", &name, "boundary"),
        kind: vocabulary::boundary_kind(&name),
        name,
        parent: None,
        trust: None,
        description,
    }
}

/// An external entity, with a fresh id, standing in for the end of a flow
/// that the source tool (`drawer`, as the sentence starts) drew attached to
/// nothing, and the note for the summary that says so.
pub fn loose_end(ids: &mut Ids, drawer: &str, flow: &str, end: &str) -> (Element, String) {
    let name = format!("Unconnected {end} of {flow}");
    let id = ids.assign("", &name, "unconnected");
    let element = Element {
        description: format!(
            "{drawer} drew flow `{flow}` with its {end} attached to nothing; this element stands in for it."
        ),
        tags: vec!["placeholder".to_string()],
        ..Element::new(id.clone(), name, ElementKind::External(External::default()))
    };
    let note = format!(
        "flow `{flow}`'s {end} is attached to nothing: an external entity `{id}` stands in for it (one element more than the source)"
    );
    (element, note)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loose_end_becomes_a_tagged_external_entity_and_a_note() {
        let mut ids = Ids::default();
        let (element, note) = loose_end(&mut ids, "Threat Dragon", "orders", "target");
        assert_eq!(element.id, "unconnected-target-of-orders");
        assert_eq!(element.name, "Unconnected target of orders");
        assert!(matches!(element.kind, ElementKind::External(_)));
        assert_eq!(element.tags, ["placeholder"]);
        assert!(
            element.description.starts_with(
                "Threat Dragon drew flow `orders` with its target attached to nothing"
            )
        );
        assert_eq!(
            note,
            "flow `orders`'s target is attached to nothing: an external entity `unconnected-target-of-orders` stands in for it (one element more than the source)"
        );
    }
}
