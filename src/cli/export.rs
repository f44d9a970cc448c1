//! `threatmap export`: the data-flow diagram as Mermaid or Graphviz DOT.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::library::LibraryArgs;
use super::output::{print_diagnostics, write_output};
use super::{CliError, ExitCode};
use crate::analysis::analyze;
use crate::model::load;
use crate::report::{ReportInput, dot, mermaid};

#[derive(Debug, Clone, Copy, Default, ValueEnum)]
pub enum ExportFormat {
    #[default]
    Mermaid,
    Dot,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  threatmap export shop.ron                                # Mermaid flowchart to standard output
  threatmap export shop.ron --format dot | dot -Tsvg -o shop.svg
  threatmap export shop.ron --format mermaid -o docs/dfd.mmd

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
    let findings = analyze(&loaded.model, &library);
    let input = ReportInput::new(&loaded.model, &findings, &library);
    let text = match args.format {
        ExportFormat::Mermaid => mermaid::render(&input),
        ExportFormat::Dot => dot::render(&input),
    };
    write_output(args.output.as_deref(), &text)?;
    Ok(ExitCode::Success)
}
