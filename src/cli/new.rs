//! `threatmap new`: write a starter model.

use std::path::PathBuf;

use clap::Args;

use super::{CliError, ExitCode};
use crate::model::{starter::starter_model, to_canonical_string};

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  threatmap new shop.ron\n  threatmap new - > shop.ron")]
pub struct NewArgs {
    /// Where to write the model (`-` for standard output)
    pub file: PathBuf,
    /// Replace the file if it exists
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: NewArgs) -> Result<ExitCode, CliError> {
    let text = to_canonical_string(&starter_model());
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
