//! The command line: clap definitions, one file per subcommand, and the one
//! place where errors become messages and exit codes.

mod check;
mod completions;
mod diff;
mod edit;
mod error;
mod export;
mod fmt;
mod import;
mod library;
mod merge;
mod new;
mod output;
mod report;
mod review;

use clap::{Parser, Subcommand};

pub use error::{CliError, ExitCode};

#[derive(Debug, Parser)]
#[command(
    name = "threatmap",
    version,
    about = "A terminal workbench for threat modeling APIs: STRIDE and OWASP API Top 10 on a data-flow graph",
    long_about = None,
    after_help = "Exit codes: 0 success, 1 policy failure (--fail-on), 2 invalid input or usage.\nColour is used on a terminal only, never with NO_COLOR set."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a small, valid starter model
    New(new::NewArgs),
    /// Validate and analyze models; print findings (the CI gate)
    Check(check::CheckArgs),
    /// Rewrite models in the canonical layout
    Fmt(fmt::FmtArgs),
    /// List, show and check threat rules
    #[command(subcommand)]
    Library(library::LibraryCommand),
    /// Write a report: Markdown, HTML, JSON, SARIF or CSV
    Report(report::ReportArgs),
    /// Export the data-flow diagram as Mermaid or Graphviz DOT
    Export(export::ExportArgs),
    /// Compare two versions of a model: design changes and new, resolved, changed findings
    Diff(diff::DiffArgs),
    /// Merge two branches' versions of a model by id (git's merge driver)
    Merge(merge::MergeArgs),
    /// Bootstrap or refresh a model from an API description
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// Print shell completions
    Completions(completions::CompletionsArgs),
    /// Open a model in the interactive workbench
    Edit(edit::EditArgs),
    /// Review the findings that need a decision, one at a time; or write the minutes
    Review(review::ReviewArgs),
}

/// Parses the arguments, runs the command, and returns the process exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                ExitCode::Invalid
            } else {
                ExitCode::Success
            };
            let _ = e.print();
            return code as i32;
        }
    };
    match execute(cli.command) {
        Ok(code) => code as i32,
        Err(e) => {
            e.report();
            e.exit_code() as i32
        }
    }
}

fn execute(command: Command) -> Result<ExitCode, CliError> {
    match command {
        Command::New(args) => new::run(args),
        Command::Check(args) => check::run(args),
        Command::Fmt(args) => fmt::run(args),
        Command::Library(cmd) => library::run(cmd),
        Command::Report(args) => report::run(args),
        Command::Export(args) => export::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Import(cmd) => import::run(cmd),
        Command::Merge(args) => merge::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Edit(args) => edit::run(args),
        Command::Review(args) => review::run(args),
    }
}
