//! `threatmap merge`: git's merge driver for model files.

use std::path::PathBuf;

use clap::Args;

use super::{CliError, ExitCode};
use crate::diff::merge::merge_models;
use crate::model::load::parse_only;
use crate::model::{load::decode, load::read_bytes, to_canonical_string, write_atomic};

#[derive(Debug, Args)]
#[command(
    after_help = "Set it up once per repository:\n  echo '*.ron merge=threatmap' >> .gitattributes\n  git config merge.threatmap.name 'threatmap model merge'\n  git config merge.threatmap.driver 'threatmap merge %O %A %B'\n\nThe merged model is written to OURS. Exit 0: merged cleanly; 1: both sides changed the\nsame item differently (ours kept, each conflict listed); 2: a file is not a valid model."
)]
pub struct MergeArgs {
    /// The common ancestor (git's %O)
    pub base: PathBuf,
    /// Our version (git's %A); the merge result is written here
    pub ours: PathBuf,
    /// Their version (git's %B)
    pub theirs: PathBuf,
}

pub fn run(args: MergeArgs) -> Result<ExitCode, CliError> {
    let read = |path: &PathBuf| -> Result<crate::model::Model, CliError> {
        let file = path.display().to_string();
        let bytes = read_bytes(path)?;
        let text = decode(&bytes, &file).map_err(|d| CliError::Diagnostics(vec![d]))?;
        if text.trim().is_empty() {
            // A file added on both branches has an empty ancestor.
            return Ok(crate::model::Model::default());
        }
        parse_only(&text, &file).map_err(|d| CliError::Diagnostics(vec![d]))
    };
    let (base, ours, theirs) = (read(&args.base)?, read(&args.ours)?, read(&args.theirs)?);
    let merged = merge_models(&base, &ours, &theirs);
    write_atomic(&args.ours, to_canonical_string(&merged.model).as_bytes()).map_err(|source| {
        CliError::Write {
            path: args.ours.display().to_string(),
            source,
        }
    })?;
    if merged.conflicts.is_empty() {
        return Ok(ExitCode::Success);
    }
    for c in &merged.conflicts {
        eprintln!("conflict: both sides changed {c}; kept ours");
    }
    Ok(ExitCode::Policy)
}
