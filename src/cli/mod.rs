//! The command line: clap definitions, one file per subcommand, and the one
//! place where errors become messages and exit codes.

mod check;
mod completions;
mod diff;
#[cfg(feature = "tui")]
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

/// The exit codes, as the README's table has them.
const AFTER_HELP: &str = "\
Exit codes:
  0  success
  1  a policy failure: findings at --fail-on or above, new findings with --fail-on-new, fmt --check
  2  invalid input or usage: a model, rule or spec with errors, a wrong path or argument
  3  a system failure: a file that cannot be written (full disk, permissions) or read although
     it is there, a terminal that cannot be set up
  4  an internal error in threatmap (a bug; please report it)
A reader that closes the pipe early (threatmap check … | head) is not an error.
Colour is used on a terminal only, never with NO_COLOR set.";

#[derive(Debug, Parser)]
#[command(
    name = "threatmap",
    version,
    about = "A terminal workbench for threat modeling APIs: STRIDE and OWASP API Top 10 on a data-flow graph",
    long_about = None,
    after_help = AFTER_HELP
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
    /// Export the data-flow diagram (Mermaid, DOT) or the model (Threat Dragon, OTM)
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
    #[cfg(feature = "tui")]
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
    exit_code_of(|| execute(cli.command))
}

/// Runs a command and turns its outcome into the exit code, reporting an
/// error on standard error. A panic is a bug: the hook has printed its
/// message; say what it means and leave with the internal-error code rather
/// than the runtime's 101.
fn exit_code_of(command: impl FnOnce() -> Result<ExitCode, CliError>) -> i32 {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(command)) {
        Ok(Ok(code)) => code as i32,
        Ok(Err(e)) => {
            e.report();
            e.exit_code() as i32
        }
        Err(_) => {
            eprintln!("error: internal error: threatmap stopped unexpectedly (see above)");
            eprintln!("  hint: this is a bug in threatmap; please report it");
            ExitCode::Internal as i32
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
        #[cfg(feature = "tui")]
        Command::Edit(args) => edit::run(args),
        Command::Review(args) => review::run(args),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_failure_has_its_own_exit_code() {
        assert_eq!(exit_code_of(|| Ok(ExitCode::Success)), 0);
        assert_eq!(exit_code_of(|| Ok(ExitCode::Policy)), 1);
        assert_eq!(exit_code_of(|| Err(CliError::usage("bad", "fix it"))), 2);
        let full = std::io::Error::from_raw_os_error(28); // ENOSPC
        let write = CliError::Write {
            path: "shop.ron".into(),
            source: full,
        };
        assert_eq!(exit_code_of(|| Err(write)), 3);
        assert_eq!(exit_code_of(|| Err(CliError::internal("a bug"))), 4);
    }

    #[test]
    fn a_panic_is_an_internal_error_not_the_runtimes_101() {
        // The panic's own message is printed by the hook (captured here).
        let code = exit_code_of(|| panic!("a deliberate bug"));
        assert_eq!(code, ExitCode::Internal as i32);
    }

    #[test]
    fn the_readme_lists_every_exit_code_of_the_help() {
        let readme = include_str!("../../README.md");
        for code in 0..=4 {
            assert!(
                AFTER_HELP.contains(&format!("\n  {code}  ")),
                "{code} in --help"
            );
            assert!(
                readme.contains(&format!("| `{code}` |")),
                "{code} in the README"
            );
        }
    }
}
