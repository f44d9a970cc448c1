//! `threatmap import threat-dragon`: a Threat Dragon v2 JSON file as a model.
//!
//! Cells of every diagram become elements (actor → external entity, process,
//! store → data store), flows, and trust boundaries (boxes; membership by
//! geometry, the innermost box holding an element's centre). Threats on
//! cells become the model's threats, their status a triage decision.
//! Boundary curves have no inside, so they become boundaries without members
//! that remember their line; text blocks go into the model's description.

mod cells;

use serde_json::Value;

use super::interchange::{Converted, parse_json_or_yaml, refuse, str_at};
use crate::diagnostic::Diagnostic;

/// Reads a Threat Dragon v2 model; `file` names it in diagnostics.
pub fn import_threat_dragon(text: &str, file: &str) -> Result<Converted, Vec<Diagnostic>> {
    let root = parse_json_or_yaml(text, file, "a Threat Dragon v2 JSON file")?;
    let diagrams = root
        .get("detail")
        .and_then(|d| d.get("diagrams"))
        .and_then(Value::as_array);
    let Some(diagrams) = diagrams else {
        return Err(refuse(
            file,
            (1, 1),
            "this is not a Threat Dragon model: it has no `detail.diagrams`",
            "export the model from Threat Dragon 2 (File → Save), which writes `summary` and `detail`",
        ));
    };
    if diagrams.iter().any(|d| d.get("diagramJson").is_some()) {
        return Err(refuse(
            file,
            (1, 1),
            "this is a Threat Dragon v1 model",
            "open it in Threat Dragon 2 and save it, which upgrades it to v2",
        ));
    }
    let summary = root.get("summary").cloned().unwrap_or(Value::Null);
    let mut builder = cells::Builder::new(file);
    builder.model.name = match str_at(&summary, "title").trim() {
        "" => "Imported from Threat Dragon".to_string(),
        title => title.to_string(),
    };
    builder.model.description = str_at(&summary, "description").to_string();
    let owner = str_at(&summary, "owner").trim();
    if !owner.is_empty() {
        builder.model.owners.push(owner.to_string());
    }
    if let Some(contributors) = root
        .get("detail")
        .and_then(|d| d.get("contributors"))
        .and_then(Value::as_array)
    {
        for c in contributors {
            let name = str_at(c, "name").trim();
            if !name.is_empty() && !builder.model.owners.iter().any(|o| o == name) {
                builder.model.owners.push(name.to_string());
            }
        }
    }
    if diagrams.len() > 1 {
        builder.note(format!(
            "{} diagrams were joined into one model, placed one below the other",
            diagrams.len()
        ));
    }
    for (i, diagram) in diagrams.iter().enumerate() {
        builder.diagram(i, diagram);
    }
    Ok(builder.finish())
}
