//! `threatmap import otm`: an Open Threat Model file (0.1 or 0.2, JSON or
//! YAML) as a model.
//!
//! Trust zones become boundaries (nested through `parent`), components
//! elements (their kind guessed from the IriusRisk type id), dataflows flows,
//! assets data assets, and threat instances on components and dataflows the
//! model's threats, their state a triage decision. A file threatmap exported
//! carries every item's threatmap form in `attributes.threatmap`; that form
//! is read back as it is, so threatmap → OTM → threatmap loses nothing.

mod items;

use serde_json::Value;

use super::interchange::{Converted, parse_json_or_yaml, refuse, str_at};
use crate::diagnostic::Diagnostic;

/// The key under `attributes` where threatmap keeps its own form of an item.
pub const ATTRIBUTE: &str = "threatmap";

/// Reads an OTM document; `file` names it in diagnostics.
pub fn import_otm(text: &str, file: &str) -> Result<Converted, Vec<Diagnostic>> {
    let root = parse_json_or_yaml(text, file, "an Open Threat Model document")?;
    if !root.is_object() || root.get("otmVersion").is_none() {
        return Err(refuse(
            file,
            (1, 1),
            "this is not an Open Threat Model document: it has no `otmVersion`",
            "an OTM document starts with `otmVersion: 0.2.0` and a `project`",
        ));
    }
    let version = super::interchange::text_of(root.get("otmVersion"));
    let mut notes = Vec::new();
    if !(version.starts_with("0.1") || version.starts_with("0.2")) {
        notes.push(format!(
            "OTM version {version} is read as 0.2; fields new since are ignored"
        ));
    }
    let project = root.get("project").cloned().unwrap_or(Value::Null);
    if str_at(&project, "name").trim().is_empty() {
        notes.push("the project has no name; the model is called \"Imported from OTM\"".into());
    }
    let model = items::build(&root, &mut notes);
    Ok(Converted {
        model,
        tool: "OTM",
        approximations: notes,
    })
}
