//! `threatmap import openapi`: bootstrap or refresh a model from an OpenAPI document.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::output::print_diagnostics;
use super::{CliError, ExitCode};
use crate::import::interchange::merge::merge_items;
use crate::import::{Tool, import, import_openapi, merge_openapi};
use crate::model::load::{decode, read_bytes};
use crate::model::{load, to_canonical_string, write_atomic};

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Build a model from an OpenAPI 3.0/3.1 or Swagger 2.0 document (YAML or JSON)
    #[command(
        after_help = "Examples:\n  threatmap import openapi api.yaml -o shop.ron          # a new model\n  threatmap import openapi api.yaml --merge shop.ron     # refresh a model in place\n  threatmap import openapi api.json                      # the model to standard output"
    )]
    Openapi(OpenapiArgs),
    /// Build a model from a Threat Dragon v2 JSON file
    #[command(
        after_help = "Examples:\n  threatmap import threat-dragon demo.json               # writes demo.ron beside it\n  threatmap import threat-dragon demo.json -o shop.ron\n  threatmap import threat-dragon demo.json --merge shop.ron   # add what is new, keep the team's edits\n\nActors, processes and stores become elements, flows flows, boundary boxes\nboundaries (an element belongs to the innermost box around it), cell threats\nthe model's threats with their status as decisions. What has no counterpart\nis kept in descriptions or tags and listed on standard error."
    )]
    ThreatDragon(ToolArgs),
    /// Build a model from a Threagile YAML model
    #[command(
        after_help = "Examples:\n  threatmap import threagile threagile.yaml             # writes threagile.ron beside it\n  threatmap import threagile threagile.yaml --merge shop.ron\n\nTechnical assets become elements, communication links flows, trust boundaries\nboundaries, individual risks threats and risk tracking decisions. Threagile has\nno positions: the workbench lays the model out."
    )]
    Threagile(ToolArgs),
    /// Build a model from an Open Threat Model file (0.1 or 0.2, JSON or YAML)
    #[command(
        after_help = "Examples:\n  threatmap import otm model.otm -o shop.ron\n  threatmap import otm model.otm --merge shop.ron\n\nTrust zones become boundaries, components elements, dataflows flows, assets\ndata assets and threat instances threats. A file written by `threatmap export\n--format otm` comes back exactly."
    )]
    Otm(ToolArgs),
    /// Build a model from a Microsoft Threat Modeling Tool .tm7 file
    #[command(
        after_help = "Examples:\n  threatmap import tmt model.tm7 -o shop.ron\n  threatmap import tmt model.tm7 --merge shop.ron\n\nStencils become elements, connectors flows, boundary boxes boundaries (by\ngeometry), threat instances threats with their state as decisions. The\nembedded knowledge base is skipped."
    )]
    Tmt(ToolArgs),
}

#[derive(Debug, Args)]
pub struct ToolArgs {
    /// The file the other tool wrote (`-` reads standard input)
    pub file: PathBuf,
    /// Where to write the new model (default: the input's name with `.ron`,
    /// beside it; standard output when reading standard input); refuses to overwrite
    #[arg(short, long, conflicts_with = "merge")]
    pub output: Option<PathBuf>,
    /// Update this existing model in place: add what is new in the file,
    /// keep everything already in the model as it is
    #[arg(long, value_name = "MODEL")]
    pub merge: Option<PathBuf>,
    /// Replace the output file if it exists
    #[arg(long)]
    pub force: bool,
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
    let (tool, args) = match cmd {
        ImportCommand::Openapi(args) => return openapi(args),
        ImportCommand::ThreatDragon(a) => (Tool::ThreatDragon, a),
        ImportCommand::Threagile(a) => (Tool::Threagile, a),
        ImportCommand::Otm(a) => (Tool::Otm, a),
        ImportCommand::Tmt(a) => (Tool::Tmt, a),
    };
    from_tool(tool, args)
}

/// An import from Threat Dragon, Threagile, OTM or TMT.
fn from_tool(tool: Tool, args: ToolArgs) -> Result<ExitCode, CliError> {
    super::output::refuse_output_over_input(args.output.as_deref(), &args.file)?;
    let display = args.file.display().to_string();
    let bytes = read_bytes(&args.file)?;
    let text = decode(&bytes, &display).map_err(|d| CliError::Diagnostics(vec![d]))?;
    let converted = import(tool, &text, &display).map_err(CliError::Diagnostics)?;
    eprint!("{converted}");
    if let Some(model_path) = &args.merge {
        let existing = load(model_path)?;
        let outcome = merge_items(&existing.model, &converted.model);
        eprint!("{outcome}");
        if outcome.changed() {
            let text = model_text(&outcome.model, &model_path.display().to_string())?;
            warn_comments_dropped(&existing);
            write_atomic(model_path, text.as_bytes()).map_err(|source| CliError::Write {
                path: model_path.display().to_string(),
                source,
            })?;
            eprintln!("updated {}", model_path.display());
        }
        return Ok(ExitCode::Success);
    }
    let out = match &args.output {
        Some(o) => Some(o.clone()),
        None if args.file.as_os_str() == "-" => None,
        None => Some(args.file.with_extension("ron")),
    };
    if let Some(out) = &out {
        if out.as_os_str() != "-" && out.exists() && !args.force {
            return Err(CliError::usage(
                format!("{} already exists", out.display()),
                "use --merge to refresh an existing model, -o to write elsewhere, or --force to replace it",
            ));
        }
    }
    let text = model_text(&converted.model, &destination(out.as_deref()))?;
    super::output::write_output(out.as_deref(), &text)?;
    if let Some(out) = out.filter(|o| o.as_os_str() != "-") {
        eprintln!("wrote {}", out.display());
    }
    Ok(ExitCode::Success)
}

fn openapi(args: OpenapiArgs) -> Result<ExitCode, CliError> {
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
            let text = model_text(&outcome.model, &model_path.display().to_string())?;
            warn_comments_dropped(&existing);
            write_atomic(model_path, text.as_bytes()).map_err(|source| CliError::Write {
                path: model_path.display().to_string(),
                source,
            })?;
            eprintln!("updated {}", model_path.display());
        }
        return Ok(ExitCode::Success);
    }
    let text = model_text(&imported.model, &destination(args.output.as_deref()))?;
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

/// The canonical text of an imported or merged model, refused when the
/// loader could not read it back (nothing is written then).
fn model_text(model: &crate::model::Model, destination: &str) -> Result<String, CliError> {
    let text = to_canonical_string(model);
    crate::model::load::check_loadable_size(&text, destination)
        .map_err(|d| CliError::Diagnostics(vec![d]))?;
    Ok(text)
}

fn destination(out: Option<&std::path::Path>) -> String {
    match out {
        Some(path) if path.as_os_str() != "-" => path.display().to_string(),
        _ => "<stdout>".to_string(),
    }
}

/// Warns, as `fmt` does, when rewriting a model loses its comments.
fn warn_comments_dropped(existing: &crate::model::load::Loaded) {
    if crate::model::save::has_comments(&existing.source) {
        let file = existing.path.display().to_string();
        eprintln!(
            "warning: {}",
            crate::model::save::comments_dropped(&crate::text::escape_control(&file))
        );
    }
}
