//! `threatmap export`: the data-flow diagram as Mermaid or Graphviz DOT, or
//! the model as a Threat Dragon v2 or OTM file.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::library::LibraryArgs;
use super::output::{print_diagnostics, write_output};
use super::{CliError, ExitCode};
use crate::analysis::analyze;
use crate::export::{Positions, otm, threat_dragon};
use crate::model::load;
use crate::report::{ReportInput, dot, mermaid};

/// The model's canvas positions, completed for elements it does not place.
fn positions(model: &crate::model::Model) -> Positions {
    crate::layout::auto_positions(model)
}

#[derive(Debug, Clone, Copy, Default, ValueEnum)]
pub enum ExportFormat {
    #[default]
    Mermaid,
    Dot,
    /// A Threat Dragon v2 JSON file
    ThreatDragon,
    /// An Open Threat Model (0.2.0) JSON document
    Otm,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  threatmap export shop.ron                                # Mermaid flowchart to standard output
  threatmap export shop.ron --format dot | dot -Tsvg -o shop.svg
  threatmap export shop.ron --format mermaid -o docs/dfd.mmd
  threatmap export shop.ron --format threat-dragon -o shop.json   # open in Threat Dragon 2
  threatmap export shop.ron --format otm -o shop.otm.json         # re-imports losslessly

Trust boundaries become (nested) subgraphs; elements and flows are coloured by
their worst open finding: red critical/high, orange medium, blue low, green none.")]
pub struct ExportArgs {
    /// The model file (`-` reads standard input)
    pub file: PathBuf,
    #[arg(long, short = 'f', value_enum, default_value_t)]
    pub format: ExportFormat,
    /// Write to this file (atomically) instead of standard output
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub library: LibraryArgs,
}

pub fn run(args: ExportArgs) -> Result<ExitCode, CliError> {
    super::output::refuse_output_over_input(args.output.as_deref(), &args.file)?;
    let library = args.library.resolve()?;
    let loaded = load(&args.file)?;
    print_diagnostics(&loaded.warnings);
    super::library::within_limits(&library, &loaded.model, &args.file)?;
    let findings = analyze(&loaded.model, &library);
    let input = ReportInput::new(&loaded.model, &findings, &library);
    let text = match args.format {
        ExportFormat::Mermaid => mermaid::render(&input),
        ExportFormat::Dot => dot::render(&input),
        ExportFormat::ThreatDragon => {
            threat_dragon::render(&loaded.model, &positions(&loaded.model))
        }
        ExportFormat::Otm => otm::render(&loaded.model, &positions(&loaded.model)),
    };
    write_output(args.output.as_deref(), &text)?;
    Ok(ExitCode::Success)
}
