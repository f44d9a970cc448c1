//! `threatmap new`: write a starter model.

use std::path::PathBuf;

use clap::Args;

use super::{CliError, ExitCode};
use crate::model::starter::{empty_model, starter_model};
use crate::model::to_canonical_string;

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  threatmap new shop.ron           # a small example model to learn from\n  threatmap new --empty shop.ron   # nothing in it: build your own\n  threatmap new - > shop.ron"
)]
pub struct NewArgs {
    /// Where to write the model (`-` for standard output)
    pub file: PathBuf,
    /// Replace the file if it exists
    #[arg(long)]
    pub force: bool,
    /// Write an empty model (only a name) instead of the example starter
    #[arg(long)]
    pub empty: bool,
}

pub fn run(args: NewArgs) -> Result<ExitCode, CliError> {
    let model = if args.empty {
        let stem = args
            .file
            .file_stem()
            .filter(|_| args.file.as_os_str() != "-")
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        empty_model(&stem)
    } else {
        starter_model()
    };
    let text = to_canonical_string(&model);
    if args.file.as_os_str() != "-" && args.file.exists() && !args.force {
        return Err(CliError::usage(
            format!("{} already exists", args.file.display()),
            "choose another name, or pass --force to replace it",
        ));
    }
    super::output::write_output(Some(&args.file), &text)?;
    if args.file.as_os_str() != "-" {
        eprintln!(
            "wrote {}; open it with `threatmap edit {}`",
            args.file.display(),
            args.file.display()
        );
    }
    Ok(ExitCode::Success)
}
