//! `threatmap library`: list, show and check threat rules; and the
//! `--library DIR` option other commands share.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::output::{BOLD, DIM, stdout};
use super::{CliError, ExitCode};
use crate::library::{Library, Rule, built_in, load_dir};

/// Adds a team's own rules to the built-in library.
#[derive(Debug, Clone, Default, Args)]
pub struct LibraryArgs {
    /// A folder of `.ron` rule files to add; a rule with a built-in's id replaces it
    #[arg(long, value_name = "DIR")]
    pub library: Option<PathBuf>,
}

impl LibraryArgs {
    pub fn resolve(&self) -> Result<Library, CliError> {
        let library = built_in();
        match &self.library {
            Some(dir) => Ok(library.with_overrides(load_dir(dir)?)),
            None => Ok(library),
        }
    }
}

/// Refuses an analysis too large to run rather than let it exhaust memory
/// (see [`crate::analysis::limits`]).
pub fn within_limits(
    library: &Library,
    model: &crate::model::Model,
    file: &std::path::Path,
) -> Result<(), CliError> {
    crate::analysis::limits::check_limits(model, library, &file.display().to_string())
        .map_err(|d| CliError::Diagnostics(vec![d]))
}

#[derive(Debug, Clone, Copy, Default, ValueEnum)]
pub enum ListFormat {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum LibraryCommand {
    /// List every rule: id, severity, STRIDE, OWASP, title
    #[command(
        after_help = "Examples:\n  threatmap library list\n  threatmap library list --format json | jq '.[].id'"
    )]
    List {
        #[arg(long, value_enum, default_value_t)]
        format: ListFormat,
        #[command(flatten)]
        library: LibraryArgs,
    },
    /// Show one rule in full
    #[command(after_help = "Example:\n  threatmap library show API1-BOLA-path-id")]
    Show {
        rule: String,
        #[arg(long, value_enum, default_value_t)]
        format: ListFormat,
        #[command(flatten)]
        library: LibraryArgs,
    },
    /// Validate a folder of custom rule files
    #[command(after_help = "Example:\n  threatmap library check my-rules/")]
    Check { dir: PathBuf },
}

pub fn run(cmd: LibraryCommand) -> Result<ExitCode, CliError> {
    match cmd {
        LibraryCommand::List { format, library } => {
            let lib = library.resolve()?;
            match format {
                ListFormat::Json => print_json(&lib.rules())?,
                ListFormat::Text => {
                    let mut out = stdout();
                    for r in lib.rules() {
                        let sev = severity(r);
                        let letters: String = r.stride.iter().map(|s| s.letter()).collect();
                        let _ = writeln!(
                            out,
                            "{:<34} {}{:<8}{} {:<6} {:<11} {}",
                            r.id,
                            super::output::severity_style(sev),
                            sev.as_str(),
                            super::output::severity_style(sev).render_reset(),
                            letters,
                            r.owasp.join(","),
                            r.title
                        );
                    }
                    let _ = writeln!(out, "{DIM}{} rules{DIM:#}", lib.len());
                }
            }
            Ok(ExitCode::Success)
        }
        LibraryCommand::Show {
            rule,
            format,
            library,
        } => {
            let lib = library.resolve()?;
            let Some(r) = lib.get(&rule) else {
                let ids: Vec<&str> = lib.rules().iter().map(|r| r.id.as_str()).collect();
                let hint = crate::diagnostic::closest(&rule, ids)
                    .map_or("`threatmap library list` shows every id".to_string(), |c| {
                        format!("did you mean `{c}`?")
                    });
                return Err(CliError::usage(format!("no rule `{rule}`"), hint));
            };
            match format {
                ListFormat::Json => print_json(r)?,
                ListFormat::Text => print_rule(r),
            }
            Ok(ExitCode::Success)
        }
        LibraryCommand::Check { dir } => {
            let rules = load_dir(&dir)?;
            eprintln!("{}: {} rule(s), all valid", dir.display(), rules.len());
            Ok(ExitCode::Success)
        }
    }
}

fn severity(r: &Rule) -> crate::analysis::Severity {
    crate::analysis::Severity::from_ratings(r.likelihood, r.impact)
}

fn print_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value).map_err(CliError::internal)?;
    super::output::write_output(None, &(text + "\n"))
}

fn print_rule(r: &Rule) {
    let mut out = stdout();
    let sev = severity(r);
    let _ = writeln!(out, "{BOLD}{}{BOLD:#}  {}", r.id, r.title);
    let _ = writeln!(
        out,
        "severity   {} (likelihood {:?}, impact {:?}{})",
        sev,
        r.likelihood,
        r.impact,
        if r.data_raises_severity {
            ", raised with restricted data"
        } else {
            ""
        }
    );
    let _ = writeln!(out, "applies to {:?}", r.applies_to);
    let _ = writeln!(
        out,
        "STRIDE     {}",
        r.stride
            .iter()
            .map(|s| s.name())
            .collect::<Vec<_>>()
            .join(", ")
    );
    if !r.owasp.is_empty() {
        let _ = writeln!(out, "OWASP      {}", r.owasp.join(", "));
    }
    let cwe: Vec<String> = r.cwe.iter().map(|c| format!("CWE-{c}")).collect();
    let _ = writeln!(out, "CWE        {}", cwe.join(", "));
    let _ = writeln!(out, "\n{}\n", r.description);
    let _ = writeln!(out, "{BOLD}condition{BOLD:#}\n  {:?}", r.when);
    let controls: Vec<&str> = r.mitigations.controls().iter().map(|c| c.label()).collect();
    let how = match r.mitigations {
        crate::library::Mitigations::AnyOf(_) => "any of",
        crate::library::Mitigations::AllOf(_) => "all of",
    };
    let _ = writeln!(
        out,
        "{BOLD}mitigated by{BOLD:#} {how}: {}",
        controls.join(", ")
    );
    let _ = writeln!(out, "{BOLD}recommendation{BOLD:#}\n  {}", r.recommendation);
    for reference in &r.references {
        let _ = writeln!(out, "  {DIM}{reference}{DIM:#}");
    }
}
