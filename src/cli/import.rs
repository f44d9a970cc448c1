//! `threatmap import openapi`: bootstrap or refresh a model from an OpenAPI document.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::output::print_diagnostics;
use super::{CliError, ExitCode};
use crate::import::{import_openapi, merge_openapi};
use crate::model::load::{decode, read_bytes};
use crate::model::{load, to_canonical_string, write_atomic};

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Build a model from an OpenAPI 3.0/3.1 document (YAML or JSON)
    #[command(
        after_help = "Examples:\n  threatmap import openapi api.yaml -o shop.ron          # a new model\n  threatmap import openapi api.yaml --merge shop.ron     # refresh a model in place\n  threatmap import openapi api.json                      # the model to standard output"
    )]
    Openapi(OpenapiArgs),
}

#[derive(Debug, Args)]
pub struct OpenapiArgs {
    /// The OpenAPI document (`-` reads standard input)
    pub spec: PathBuf,
    /// Where to write the new model (default: standard output); refuses to overwrite
    #[arg(short, long, conflicts_with = "merge")]
    pub output: Option<PathBuf>,
    /// Update this existing model in place: add new operations, report removed
    /// ones, keep everything the team added by hand
    #[arg(long, value_name = "MODEL")]
    pub merge: Option<PathBuf>,
    /// Replace the output file if it exists
    #[arg(long)]
    pub force: bool,
}

pub fn run(cmd: ImportCommand) -> Result<ExitCode, CliError> {
    let ImportCommand::Openapi(args) = cmd;
    super::output::refuse_output_over_input(args.output.as_deref(), &args.spec)?;
    let display = args.spec.display().to_string();
    let bytes = read_bytes(&args.spec)?;
    let text = decode(&bytes, &display).map_err(|d| CliError::Diagnostics(vec![d]))?;
    let imported = import_openapi(&text, &display).map_err(CliError::Diagnostics)?;
    print_diagnostics(&imported.warnings);
    eprint!("{}", imported.summary);
    if let Some(model_path) = &args.merge {
        let existing = load(model_path)?;
        let outcome = merge_openapi(&existing.model, &imported.model);
        eprint!("{outcome}");
        if outcome.changed() {
            write_atomic(model_path, to_canonical_string(&outcome.model).as_bytes()).map_err(
                |source| CliError::Write {
                    path: model_path.display().to_string(),
                    source,
                },
            )?;
            eprintln!("updated {}", model_path.display());
        }
        return Ok(ExitCode::Success);
    }
    let text = to_canonical_string(&imported.model);
    if let Some(out) = &args.output {
        if out.as_os_str() != "-" && out.exists() && !args.force {
            return Err(CliError::usage(
                format!("{} already exists", out.display()),
                "use --merge to refresh an existing model, or --force to replace it",
            ));
        }
    }
    super::output::write_output(args.output.as_deref(), &text)?;
    Ok(ExitCode::Success)
}
