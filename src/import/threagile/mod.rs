//! `threatmap import threagile`: a Threagile YAML model as a threatmap model.
//!
//! Technical assets become elements, their communication links flows, trust
//! boundaries boundaries (nested as Threagile nests them), data assets data
//! assets, the identified risks of individual (or custom) risk categories
//! the model's threats, and risk tracking their decisions. YAML anchors and
//! `<<:` merge keys are resolved. Threagile has no diagram positions: the
//! workbench lays the model out itself.

mod assets;
mod risks;

use serde_json::Value;

use super::interchange::{Converted, append, parse_json_or_yaml, refuse, str_at, text_of};
use crate::diagnostic::Diagnostic;

/// Reads a Threagile model; `file` names it in diagnostics.
pub fn import_threagile(text: &str, file: &str) -> Result<Converted, Vec<Diagnostic>> {
    let root = parse_json_or_yaml(text, file, "a Threagile YAML model")?;
    let looks_right = root.is_object()
        && ["threagile_version", "technical_assets", "data_assets"]
            .iter()
            .any(|k| root.get(k).is_some());
    if !looks_right {
        return Err(refuse(
            file,
            (1, 1),
            "this is not a Threagile model: it has no `threagile_version` or `technical_assets`",
            "a Threagile model is YAML with `threagile_version`, `technical_assets` and `trust_boundaries`",
        ));
    }
    let mut b = assets::Build::default();
    b.model.name = match str_at(&root, "title").trim() {
        "" => "Imported from Threagile".to_string(),
        t => t.to_string(),
    };
    let overview = root
        .get("business_overview")
        .map(|o| text_of(o.get("description")))
        .unwrap_or_default();
    append(&mut b.model.description, &strip_html(&overview));
    let technical = root
        .get("technical_overview")
        .map(|o| text_of(o.get("description")))
        .unwrap_or_default();
    append(&mut b.model.description, &strip_html(&technical));
    if let Some(author) = root.get("author") {
        let name = str_at(author, "name").trim();
        if !name.is_empty() {
            b.model.owners.push(name.to_string());
        }
    }
    b.model.version = text_of(root.get("date"));
    for (key, heading) in [
        ("abuse_cases", "Abuse cases"),
        ("security_requirements", "Security requirements"),
        ("questions", "Questions"),
    ] {
        let Some(map) = root.get(key).and_then(Value::as_object) else {
            continue;
        };
        if map.is_empty() {
            continue;
        }
        let lines: Vec<String> = map
            .iter()
            .map(|(k, v)| {
                let answer = strip_html(&text_of(Some(v)));
                if answer.trim().is_empty() {
                    format!("- {k}")
                } else {
                    format!("- {k}: {}", answer.trim())
                }
            })
            .collect();
        append(
            &mut b.model.description,
            &format!("{heading} (from Threagile):\n{}", lines.join("\n")),
        );
        b.notes.push(format!(
            "{} {} have no counterpart: kept in the model's description",
            map.len(),
            heading.to_lowercase()
        ));
    }
    b.data_assets(&root);
    b.technical_assets(&root);
    b.trust_boundaries(&root);
    b.shared_runtimes(&root);
    risks::import(&mut b, &root);
    crate::model::save::canonicalize(&mut b.model);
    Ok(Converted {
        model: b.model,
        tool: "Threagile",
        approximations: b.notes,
    })
}

/// Text without HTML tags (Threagile texts carry `<b>`, `<i>`).
pub fn strip_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The entries of a Threagile section: a map keyed by title (the usual
/// dialect) or a list of items with a `title` or `name` (the newer one).
pub fn entries(root: &Value, key: &str) -> Vec<(String, Value)> {
    match root.get(key) {
        Some(Value::Object(map)) => map.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                let title = [str_at(v, "title"), str_at(v, "name"), str_at(v, "id")]
                    .into_iter()
                    .find(|s| !s.is_empty())
                    .unwrap_or("")
                    .to_string();
                (title, v.clone())
            })
            .collect(),
        _ => Vec::new(),
    }
}
