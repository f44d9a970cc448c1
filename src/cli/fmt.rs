//! `threatmap fmt`: rewrite models in the canonical layout.

use std::path::PathBuf;

use clap::Args;

use super::{CliError, ExitCode};
use crate::model::save::has_comments;
use crate::model::{load, to_canonical_string, write_atomic};

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  threatmap fmt shop.ron\n  threatmap fmt --check models/*.ron   # exit 1 and list files that are not canonical\n  threatmap fmt - < shop.ron           # canonical text to standard output"
)]
pub struct FmtArgs {
    /// Model files (`-` reads standard input and writes standard output)
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Change nothing; exit 1 and name the files that are not canonical
    #[arg(long)]
    pub check: bool,
    /// Rewrite files even though their comments will be lost
    #[arg(long)]
    pub strip_comments: bool,
}

pub fn run(args: FmtArgs) -> Result<ExitCode, CliError> {
    let mut problems = Vec::new();
    let mut not_canonical = Vec::new();
    for path in &args.files {
        let loaded = match load(path) {
            Ok(l) => l,
            Err(e) => {
                problems.extend(e.diagnostics());
                continue;
            }
        };
        let text = to_canonical_string(&loaded.model);
        if path.as_os_str() == "-" {
            super::output::write_output(None, &text)?;
            continue;
        }
        if loaded.source == text {
            continue;
        }
        if args.check {
            not_canonical.push(path.display().to_string());
            continue;
        }
        if has_comments(&loaded.source) && !args.strip_comments {
            return Err(CliError::usage(
                format!(
                    "{} has comments, which the canonical layout does not keep",
                    path.display()
                ),
                "move notes into `description` fields, or pass --strip-comments to drop them",
            ));
        }
        write_atomic(path, text.as_bytes()).map_err(|source| CliError::Write {
            path: path.display().to_string(),
            source,
        })?;
        eprintln!("formatted {}", path.display());
    }
    if !problems.is_empty() {
        return Err(CliError::Diagnostics(problems));
    }
    let listing: String = not_canonical.iter().map(|f| format!("{f}\n")).collect();
    super::output::write_output(None, &listing)?;
    if !not_canonical.is_empty() {
        eprintln!(
            "{} file(s) not in canonical layout; run `threatmap fmt` on them",
            not_canonical.len()
        );
        return Ok(ExitCode::Policy);
    }
    Ok(ExitCode::Success)
}
