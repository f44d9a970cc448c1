//! `threatmap edit`: open a model in the workbench.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use clap::Args;

use super::library::LibraryArgs;
use super::{CliError, ExitCode};
use crate::library::Library;
use crate::model::{Model, load, starter::starter_model, to_canonical_string, write_atomic};
use crate::review::default_reviewer;
use crate::tui::Start;

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  threatmap edit shop.ron\n  NO_COLOR=1 threatmap edit shop.ron\n\nPress ? in the workbench for every key."
)]
pub struct EditArgs {
    /// The model to edit; when it does not exist, you are asked whether to create it
    pub file: PathBuf,
    #[command(flatten)]
    pub library: LibraryArgs,
}

pub fn run(args: EditArgs) -> Result<ExitCode, CliError> {
    let library = args.library.resolve()?;
    if !args.file.exists() {
        let Some(model) = ask_to_create(&args.file)? else {
            eprintln!("nothing created");
            return Ok(ExitCode::Success);
        };
        write_atomic(&args.file, to_canonical_string(&model).as_bytes()).map_err(|source| {
            CliError::Write {
                path: args.file.display().to_string(),
                source,
            }
        })?;
    }
    let start = Start {
        reviewer: default_reviewer(),
        review: false,
    };
    open(&args.file, library, start)
}

/// `threatmap review FILE`: the workbench, opened on the review of the
/// findings that need a decision.
pub fn review(
    file: &Path,
    reviewer: Option<String>,
    library: &LibraryArgs,
) -> Result<ExitCode, CliError> {
    let library = library.resolve()?;
    let reviewer = reviewer
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty())
        .unwrap_or_else(default_reviewer);
    let start = Start {
        reviewer,
        review: true,
    };
    open(file, library, start)
}

fn open(file: &Path, library: Library, start: Start) -> Result<ExitCode, CliError> {
    let loaded = load(file)?;
    // The user's key bindings, checked before the terminal is taken over.
    match crate::tui::user_keys::load() {
        Ok(Some(map)) => crate::tui::keymap::install(map),
        Ok(None) => {}
        Err(d) => return Err(CliError::Diagnostics(vec![d])),
    }
    let hash = std::fs::read(file)
        .ok()
        .map(|b| crate::tui::content_hash(&b));
    crate::tui::run(file, loaded.model, library, hash, start).map_err(|e| {
        if e.kind() == std::io::ErrorKind::Unsupported {
            CliError::usage(
                format!("the workbench cannot start: {e}"),
                "run threatmap in an interactive terminal",
            )
        } else {
            CliError::Terminal(e)
        }
    })?;
    Ok(ExitCode::Success)
}

/// Asks on the terminal; returns the model to start from, or None for no.
fn ask_to_create(path: &std::path::Path) -> Result<Option<Model>, CliError> {
    eprint!(
        "{} does not exist. Create it? [y] starter model, [e] empty model, [n] no: ",
        path.display()
    );
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    let read = std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(CliError::Terminal)?;
    if read == 0 {
        // No answer at all (end of input) is not a yes.
        eprintln!();
        return Ok(None);
    }
    Ok(match line.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" | "" => Some(starter_model()),
        "e" | "empty" => {
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "New model".into());
            Some(Model {
                name,
                ..Model::default()
            })
        }
        _ => None,
    })
}
