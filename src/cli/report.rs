//! `threatmap report`: write a report of a model's threats as Markdown, HTML,
//! JSON, SARIF or CSV.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::check::SeverityArg;
use super::library::LibraryArgs;
use super::output::{print_diagnostics, write_output_with};
use super::{CliError, ExitCode};
use crate::analysis::analyze;
use crate::model::load;
use crate::report::audit::Trend;
use crate::report::{self, Format, ReportError, ReportInput, ReportOptions};

#[derive(Debug, Clone, Copy, Default, ValueEnum)]
pub enum ReportFormat {
    #[default]
    Markdown,
    Html,
    Json,
    Sarif,
    Csv,
}

impl From<ReportFormat> for Format {
    fn from(f: ReportFormat) -> Self {
        match f {
            ReportFormat::Markdown => Format::Markdown,
            ReportFormat::Html => Format::Html,
            ReportFormat::Json => Format::Json,
            ReportFormat::Sarif => Format::Sarif,
            ReportFormat::Csv => Format::Csv,
        }
    }
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  threatmap report models/ecommerce.ron                       # Markdown to standard output
  threatmap report shop.ron --format html -o threat-model.html
  threatmap report shop.ron --format sarif -o threatmap.sarif # for GitHub code scanning
  threatmap report shop.ron --format csv --only-open --min-severity high -o open-high.csv
  threatmap report shop.ron --format json | jq '.summary'
  threatmap report shop.ron --summary --min-severity high --since origin/main > comment.md

Output is the same, byte for byte, for the same model unless --timestamp is given.")]
pub struct ReportArgs {
    /// The model file (`-` reads standard input)
    pub file: PathBuf,
    #[arg(long, short = 'f', value_enum, default_value_t)]
    pub format: ReportFormat,
    /// Write to this file (atomically) instead of standard output
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Leave out findings below this severity
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub min_severity: Option<SeverityArg>,
    /// Leave out findings that are mitigated, accepted, transferred or false positives
    #[arg(long)]
    pub only_open: bool,
    /// SARIF: also list non-open findings, marked as suppressed
    #[arg(long)]
    pub sarif_suppressed: bool,
    /// Record the time the report was made (output then differs on every run)
    #[arg(long)]
    pub timestamp: bool,
    /// Markdown: the short form for a pull-request comment (summary, risk
    /// matrix, open findings at or above --min-severity), always under
    /// GitHub's 65,536-character limit
    #[arg(long)]
    pub summary: bool,
    /// Show the trend since this git revision of the model (commit, branch, tag)
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,
    #[command(flatten)]
    pub library: LibraryArgs,
}

pub fn run(args: ReportArgs) -> Result<ExitCode, CliError> {
    super::output::refuse_output_over_input(args.output.as_deref(), &args.file)?;
    let library = args.library.resolve()?;
    let loaded = load(&args.file)?;
    print_diagnostics(&loaded.warnings);
    super::library::within_limits(&library, &loaded.model, &args.file)?;
    let findings = analyze(&loaded.model, &library);
    if args.summary && !matches!(args.format, ReportFormat::Markdown) {
        return Err(CliError::usage(
            "--summary is a form of the Markdown report",
            "drop --format, or use --format markdown",
        ));
    }
    let trend = match &args.since {
        Some(rev) => Some(trend_since(&args.file, rev, &findings, &library)?),
        None => None,
    };
    let path = report::shown_path(&args.file);
    let input = ReportInput {
        model: &loaded.model,
        findings: &findings,
        library: &library,
        // Only SARIF points at lines; scanning the file for the others
        // would cost as much as parsing it again.
        source: matches!(args.format, ReportFormat::Sarif).then(|| loaded.index()),
        model_path: &path,
        options: ReportOptions {
            only_open: args.only_open,
            min_severity: args.min_severity.map(Into::into),
            sarif_suppressed: args.sarif_suppressed,
            generated_at: args.timestamp.then(crate::clock::now_utc),
            trend,
            summary_only: args.summary,
        },
    };
    let format: Format = args.format.into();
    let mut failed_render = None;
    write_output_with(args.output.as_deref(), |out| {
        report::write(format, &input, out).map_err(|e| match e {
            ReportError::Io(e) => e,
            // Writing failed inside the serializer (a closed pipe, a full disk).
            ReportError::Json(e) if e.is_io() => e.into(),
            other => {
                let message = other.to_string();
                failed_render = Some(other);
                std::io::Error::other(message)
            }
        })
    })
    .map_err(|e| match failed_render.take() {
        Some(bug) => CliError::internal(bug),
        None => e,
    })?;
    Ok(ExitCode::Success)
}

/// How the findings moved since the model as it was at `rev`; a model that
/// did not exist then counts as empty.
fn trend_since(
    file: &std::path::Path,
    rev: &str,
    now: &crate::analysis::Findings,
    library: &crate::library::Library,
) -> Result<Trend, CliError> {
    let old = crate::diff::git::read_at_revision(file, rev)
        .map_err(|d| CliError::Diagnostics(vec![d]))?;
    let before = match &old.text {
        Some(text) => {
            let model = crate::model::parse_str(text, &old.label)?;
            analyze(&model.model, library)
        }
        None => crate::analysis::Findings::default(),
    };
    Ok(Trend::between(rev, &before, now))
}
