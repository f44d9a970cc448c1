//! `:export FILE`: a report in the format the file's extension names, or a
//! canonical copy of the model for `.ron`.

use std::path::Path;

use crate::report::{Format, ReportInput, render};

use super::app::App;

/// Writes the export; returns the message for the status bar.
pub fn export(app: &App, file: &str) -> String {
    let path = Path::new(file);
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if ext != "ron" && crate::model::write::same_file(path, &app.path) {
        return format!("{file} is the model being edited: export to another file");
    }
    let format = match ext.as_str() {
        "md" | "markdown" => Some(Format::Markdown),
        "html" | "htm" => Some(Format::Html),
        "json" => Some(Format::Json),
        "sarif" => Some(Format::Sarif),
        "csv" => Some(Format::Csv),
        "ron" => None,
        _ => {
            return format!(
                "cannot tell the format of {file}: use .md .html .json .sarif .csv or .ron"
            );
        }
    };
    let text = match format {
        Some(format) => {
            let model_path = app.path.display().to_string();
            let mut input = ReportInput::new(&app.model, &app.findings, &app.library);
            input.model_path = &model_path;
            match render(format, &input) {
                Ok(text) => text,
                Err(e) => return format!("could not export: {e}"),
            }
        }
        None => crate::model::to_canonical_string(&app.model),
    };
    match crate::model::write_atomic(path, text.as_bytes()) {
        Ok(()) => format!("exported {file}"),
        Err(e) => format!("could not write {file}: {e}"),
    }
}
