//! `:export FILE`: a report in the format the file's extension names, or a
//! canonical copy of the model for `.ron`.

use std::path::Path;

use crate::report::{Format, ReportInput, render};

use super::app::App;
use super::effect::Effect;

/// The write an export asks for (asking first when `ask_first` and the file
/// exists), or why there is none, for the status bar.
pub fn export(app: &App, file: &str, ask_first: bool) -> Result<Effect, String> {
    let path = Path::new(file);
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let format = match ext.as_str() {
        "md" | "markdown" => Some(Format::Markdown),
        "html" | "htm" => Some(Format::Html),
        "json" => Some(Format::Json),
        "sarif" => Some(Format::Sarif),
        "csv" => Some(Format::Csv),
        "ron" => None,
        _ => {
            return Err(format!(
                "cannot tell the format of {file}: use .md .html .json .sarif .csv or .ron"
            ));
        }
    };
    let text = match format {
        Some(format) => {
            let model_path = app.path.display().to_string();
            let mut input = ReportInput::new(&app.model, &app.findings, &app.library);
            input.model_path = &model_path;
            match render(format, &input) {
                Ok(text) => text,
                Err(e) => return Err(format!("could not export: {e}")),
            }
        }
        None => crate::model::to_canonical_string(&app.model),
    };
    Ok(Effect::Write {
        path: path.to_path_buf(),
        text,
        // A `.ron` export may replace the model with its canonical copy.
        not_over: (ext != "ron").then(|| app.path.clone()),
        ask_first,
        done: format!("exported {file}"),
    })
}
