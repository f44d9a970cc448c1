//! `threatmap diff`: what a change to a model does to its design and its
//! threats, for review and as a pull-request gate.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::check::SeverityArg;
use super::library::LibraryArgs;
use super::output::{BOLD, DIM, severity_style, stdout};
use super::{CliError, ExitCode};
use crate::analysis::{Severity, status_str};
use crate::diff::markdown::{self, Heading};
use crate::diff::{
    Comparison, FindingChange, ItemDelta, compare, fact_lines, git, item_words, layout_words,
    model_words,
};
use crate::model::{Model, load, parse_str};
use crate::text::escape_control;

/// Version of the JSON document `diff --format json` prints.
pub const DIFF_SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, Default, ValueEnum)]
pub enum DiffFormat {
    #[default]
    Text,
    Markdown,
    Json,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  threatmap diff old.ron new.ron\n  threatmap diff models/shop.ron --rev HEAD~1\n  threatmap diff models/shop.ron --rev origin/main --format markdown > comment.md\n  threatmap diff models/shop.ron --rev origin/main --fail-on-new high   # PR gate\n  threatmap diff --textconv models/shop.ron   # one fact per line, for git's textconv"
)]
pub struct DiffArgs {
    /// OLD and NEW model files; with --rev, one file compared with its version at REV
    #[arg(value_name = "FILE", num_args = 1..=2, required_unless_present = "textconv")]
    pub files: Vec<PathBuf>,
    /// Compare FILE with its version at this git revision (commit, branch, tag)
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: DiffFormat,
    /// Exit 1 when the change brings an open finding at or above this severity
    /// (new, reopened, or raised over it)
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on_new: Option<SeverityArg>,
    /// Also show boxes moved on the canvas
    #[arg(long)]
    pub layout: bool,
    /// Print FILE as one fact per line, for `git diff` (see the README, "Models in git")
    #[arg(long, value_name = "FILE", conflicts_with_all = ["files", "rev", "fail_on_new"])]
    pub textconv: Option<PathBuf>,
    #[command(flatten)]
    pub library: LibraryArgs,
}

/// One side of the comparison.
struct Side {
    model: Model,
    label: String,
}

pub fn run(args: DiffArgs) -> Result<ExitCode, CliError> {
    if let Some(file) = &args.textconv {
        return textconv(file);
    }
    let (old, new, heading_file) = read_sides(&args)?;
    let library = args.library.resolve()?;
    for side in [&old.model, &new.model] {
        super::library::within_limits(&library, side, std::path::Path::new(&heading_file))?;
    }
    let mut comparison = compare(&old.model, &new.model, &library);
    let heading = Heading {
        file: &heading_file,
        old: &old.label,
        new: &new.label,
    };
    match args.format {
        DiffFormat::Text => print_text(&comparison, &heading, args.layout),
        DiffFormat::Markdown => {
            let text = markdown::render(&comparison, &heading, args.layout) + "\n";
            // A pull-request comment has a size limit; a diff of a large
            // estate is cut between lines, with a note.
            let text = crate::report::markdown::fit_comment(&text);
            super::output::write_output(None, &text)?;
        }
        DiffFormat::Json => {
            let layout_changes = comparison.design.layout.len();
            if !args.layout {
                comparison.design.layout.clear();
            }
            print_json(&comparison, &heading, layout_changes)?;
        }
    }
    let Some(threshold) = args.fail_on_new.map(Severity::from) else {
        return Ok(ExitCode::Success);
    };
    let failing = comparison.threats.failing(threshold);
    if failing.is_empty() {
        return Ok(ExitCode::Success);
    }
    eprintln!(
        "diff failed: the change brings {} open finding(s) at or above {threshold}:",
        failing.len()
    );
    for f in failing {
        eprintln!("  {} {}", f.severity(), escape_control(&f.id));
    }
    Ok(ExitCode::Policy)
}

fn read_sides(args: &DiffArgs) -> Result<(Side, Side, String), CliError> {
    match (&args.rev, args.files.as_slice()) {
        (Some(rev), [file]) => {
            let new = load(file)?;
            let at =
                git::read_at_revision(file, rev).map_err(|d| CliError::Diagnostics(vec![d]))?;
            let old_model = match &at.text {
                Some(text) => parse_str(text, &at.label)?.model,
                None => Model::default(),
            };
            let old_label = if at.text.is_some() {
                rev.clone()
            } else {
                format!("{rev}, where the file did not exist")
            };
            Ok((
                Side {
                    model: old_model,
                    label: old_label,
                },
                Side {
                    model: new.model,
                    label: "working tree".into(),
                },
                display(file),
            ))
        }
        (Some(_), _) => Err(CliError::usage(
            "--rev takes one FILE, compared with its version at REV",
            "threatmap diff models/shop.ron --rev HEAD~1",
        )),
        (None, [old, new]) => {
            let (a, b) = (load(old), load(new));
            let mut problems = Vec::new();
            for r in [&a, &b] {
                if let Err(e) = r {
                    problems.extend(e.diagnostics());
                }
            }
            match (a, b) {
                (Ok(a), Ok(b)) => Ok((
                    Side {
                        model: a.model,
                        label: display(old),
                    },
                    Side {
                        model: b.model,
                        label: display(new),
                    },
                    display(new),
                )),
                _ => Err(CliError::Diagnostics(problems)),
            }
        }
        (None, _) => Err(CliError::usage(
            "diff needs two files, OLD and NEW, or one file and --rev REV",
            "threatmap diff old.ron new.ron, or threatmap diff shop.ron --rev HEAD~1",
        )),
    }
}

fn display(p: &Path) -> String {
    p.display().to_string()
}

/// The textconv listing. A file that does not parse is printed as it is, so
/// `git diff` keeps working in the middle of an edit.
fn textconv(file: &Path) -> Result<ExitCode, CliError> {
    let bytes = std::fs::read(file).map_err(|e| {
        CliError::usage(
            format!("cannot read {}: {e}", file.display()),
            "git passes the file to convert; check the textconv setting",
        )
    })?;
    let text = String::from_utf8_lossy(&bytes);
    let out = match crate::model::load::parse_only(&text, &display(file)) {
        Ok(model) => fact_lines(&model),
        Err(_) => text.into_owned(),
    };
    super::output::write_output(None, &out)?;
    Ok(ExitCode::Success)
}

fn quote(s: &str) -> String {
    format!("`{}`", escape_control(s))
}

fn print_text(c: &Comparison, heading: &Heading, layout: bool) {
    let mut out = stdout();
    let _ = writeln!(
        out,
        "{BOLD}{}{BOLD:#} ({} → {})",
        escape_control(heading.file),
        escape_control(heading.old),
        escape_control(heading.new)
    );
    if let Some(nothing) = c.nothing_to_review() {
        let _ = writeln!(out, "  {nothing}");
        if layout {
            print_layout(&mut out, c);
        }
        return;
    }
    let t = &c.threats;
    let design = c.design.model.len() + c.design.items.len();
    let _ = writeln!(
        out,
        "  {} new finding(s) ({} open) · {} resolved · {} changed · {design} design change(s)",
        t.introduced.len(),
        t.introduced_open().count(),
        t.resolved.len(),
        t.changed.len()
    );
    section(&mut out, "New findings", &t.introduced);
    section(&mut out, "Changed findings", &t.changed);
    if design > 0 {
        let _ = writeln!(out, "\n{BOLD}Design changes{BOLD:#}");
        for m in &c.design.model {
            let _ = writeln!(out, "  ~ {}", model_words(m, &quote));
        }
        for i in &c.design.items {
            let mark = match i.delta {
                ItemDelta::Added { .. } => "+",
                ItemDelta::Removed { .. } => "-",
                ItemDelta::Changed { .. } | ItemDelta::IdChanged { .. } => "~",
            };
            let _ = writeln!(out, "  {mark} {}", item_words(i, &quote));
        }
    }
    section(&mut out, "Resolved findings", &t.resolved);
    if layout {
        print_layout(&mut out, c);
    } else if !c.design.layout.is_empty() {
        let _ = writeln!(
            out,
            "\n{DIM}layout: {} box(es) moved (shown with --layout){DIM:#}",
            c.design.layout.len()
        );
    }
}

fn print_layout(out: &mut impl Write, c: &Comparison) {
    if c.design.layout.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{BOLD}Layout{BOLD:#}");
    for l in &c.design.layout {
        let _ = writeln!(out, "  {}", layout_words(l, &quote));
    }
}

fn section(out: &mut impl Write, title: &str, changes: &[FindingChange]) {
    if changes.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{BOLD}{title}{BOLD:#}");
    for f in changes {
        let sev = f.severity();
        let style = severity_style(sev);
        let tag = sev.as_str().to_uppercase();
        let _ = writeln!(
            out,
            "  {style}{tag:<8}{style:#} {}  {DIM}{}{DIM:#}",
            escape_control(&f.title),
            escape_control(&f.id)
        );
        let status = match (f.old, f.new) {
            (Some(a), Some(b)) if a.status != b.status => {
                format!("{} → {}", status_str(a.status), status_str(b.status))
            }
            (_, Some(b)) => status_str(b.status).to_string(),
            (Some(_), None) => "gone".to_string(),
            (None, None) => String::new(),
        };
        let _ = writeln!(out, "           {} · {status}", f.place(quote));
        let _ = writeln!(out, "           why: {}", escape_control(&f.why));
    }
}

#[derive(Serialize)]
struct DiffDocument<'a> {
    schema_version: u32,
    file: &'a str,
    old: &'a str,
    new: &'a str,
    /// "no semantic change", "only layout changed", or absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    verdict: Option<&'static str>,
    layout_changes: usize,
    design: &'a crate::diff::DesignDiff,
    threats: &'a crate::diff::ThreatDiff,
}

fn print_json(c: &Comparison, heading: &Heading, layout_changes: usize) -> Result<(), CliError> {
    let verdict = match (c.is_semantically_empty(), layout_changes) {
        (true, 0) => Some("no semantic change"),
        (true, _) => Some("only layout changed"),
        _ => None,
    };
    let doc = DiffDocument {
        schema_version: DIFF_SCHEMA_VERSION,
        file: heading.file,
        old: heading.old,
        new: heading.new,
        verdict,
        layout_changes,
        design: &c.design,
        threats: &c.threats,
    };
    let text = serde_json::to_string_pretty(&doc).map_err(CliError::internal)?;
    super::output::write_output(None, &(text + "\n"))
}
