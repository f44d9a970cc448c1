//! `threatmap review`: a guided design review in the workbench, and its minutes.

use std::path::PathBuf;

use clap::Args;

use super::library::LibraryArgs;
use super::{CliError, ExitCode};
use crate::analysis::analyze_on;
use crate::analysis::stale::today;
use crate::diff::git::read_at_revision;
use crate::model::load::parse_only;
use crate::model::{Model, load};
use crate::report::{ReportInput, mermaid};
use crate::review::minutes::{Period, minutes};

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  threatmap review shop.ron                          # walk through every undecided finding\n  threatmap review shop.ron --reviewer 'Ana Silva'\n  threatmap review shop.ron --minutes -o minutes.md  # minutes of today's decisions\n  threatmap review shop.ron --minutes --since main   # decisions made since a git revision"
)]
pub struct ReviewArgs {
    /// The model to review
    pub file: PathBuf,
    /// Write the minutes of the decisions instead of starting a review
    #[arg(long)]
    pub minutes: bool,
    /// Where to write the minutes (default: standard output)
    #[arg(short, long, requires = "minutes")]
    pub output: Option<PathBuf>,
    /// Minutes of the decisions recorded on this day, `YYYY-MM-DD` (default: today)
    #[arg(long, requires = "minutes", conflicts_with_all = ["since", "all"])]
    pub date: Option<String>,
    /// Minutes of the decisions new or changed since this git revision
    #[arg(long, value_name = "REV", requires = "minutes")]
    pub since: Option<String>,
    /// Minutes of every decision in the model
    #[arg(long, requires = "minutes", conflicts_with = "since")]
    pub all: bool,
    /// Who is reviewing (default: `git config user.name`, else the login name)
    #[arg(long)]
    pub reviewer: Option<String>,
    #[command(flatten)]
    pub library: LibraryArgs,
}

pub fn run(args: ReviewArgs) -> Result<ExitCode, CliError> {
    if !args.minutes {
        #[cfg(feature = "tui")]
        return super::edit::review(&args.file, args.reviewer, &args.library);
        #[cfg(not(feature = "tui"))]
        return Err(CliError::usage(
            "this threatmap was built without the workbench",
            "use `threatmap review FILE --minutes`, or build with the `tui` feature",
        ));
    }
    super::output::refuse_output_over_input(args.output.as_deref(), &args.file)?;
    let library = args.library.resolve()?;
    let loaded = load(&args.file)?;
    super::library::within_limits(&library, &loaded.model, &args.file)?;
    let day = today();
    let findings = analyze_on(&loaded.model, &library, Some(&day));
    let old: Option<(String, Model)> = match &args.since {
        Some(rev) => {
            let at =
                read_at_revision(&args.file, rev).map_err(|d| CliError::Diagnostics(vec![d]))?;
            let model = match &at.text {
                Some(text) => {
                    parse_only(text, &at.label).map_err(|d| CliError::Diagnostics(vec![d]))?
                }
                None => Model::default(),
            };
            Some((rev.clone(), model))
        }
        None => None,
    };
    if let Some(date) = &args.date {
        if let Err(hint) = crate::clock::parse_date(date) {
            return Err(CliError::usage(format!("`{date}` is not a date"), hint));
        }
    }
    let period = match (&old, &args.date, args.all) {
        (Some((label, model)), _, _) => Period::Since { label, old: model },
        (None, _, true) => Period::All,
        (None, Some(date), false) => Period::On(date),
        (None, None, false) => Period::On(&day),
    };
    let input = ReportInput::new(&loaded.model, &findings, &library);
    let diagram = mermaid::render(&input);
    let text = minutes(&loaded.model, &findings, &period, Some(&diagram));
    super::output::write_output(args.output.as_deref(), &text)?;
    Ok(ExitCode::Success)
}
