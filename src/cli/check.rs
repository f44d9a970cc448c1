//! `threatmap check`: validate and analyze models, print what was found, and
//! gate CI on open findings.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::library::LibraryArgs;
use super::output::{BOLD, DIM, print_diagnostics, severity_style, stdout};
use super::{CliError, ExitCode};
use crate::analysis::{Finding, Findings, Severity, Summary, analyze_on, warnings};
use crate::diagnostic::Diagnostic;
use crate::model::{Loaded, load};
use crate::text::escape_control;

/// Version of the JSON document `check --format json` prints.
pub const CHECK_SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, Default, ValueEnum)]
pub enum CheckFormat {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SeverityArg {
    Low,
    Medium,
    High,
    Critical,
}

impl From<SeverityArg> for Severity {
    fn from(s: SeverityArg) -> Self {
        match s {
            SeverityArg::Low => Severity::Low,
            SeverityArg::Medium => Severity::Medium,
            SeverityArg::High => Severity::High,
            SeverityArg::Critical => Severity::Critical,
        }
    }
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  threatmap check models/ecommerce.ron\n  threatmap check --fail-on high models/*.ron      # CI gate: exit 1 on an open high or critical finding\n  threatmap check --format json shop.ron | jq '.models[0].summary'"
)]
pub struct CheckArgs {
    /// Model files (`-` reads standard input)
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Exit 1 when an open finding at or above this severity exists
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<SeverityArg>,
    #[arg(long, value_enum, default_value_t)]
    pub format: CheckFormat,
    /// Exit 1 when a triage decision is stale (the design changed under it, or it expired)
    #[arg(long)]
    pub fail_on_stale: bool,
    /// Also list findings that are mitigated, accepted, transferred or false positives
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub library: LibraryArgs,
}

struct Checked {
    loaded: Loaded,
    findings: Findings,
    warnings: Vec<Diagnostic>,
}

pub fn run(args: CheckArgs) -> Result<ExitCode, CliError> {
    let library = args.library.resolve()?;
    let today = crate::analysis::stale::today();
    let mut problems = Vec::new();
    let mut checked = Vec::new();
    for path in &args.files {
        let file = path.display().to_string();
        match load(path) {
            Ok(loaded) => {
                if let Err(d) =
                    crate::analysis::limits::check_limits(&loaded.model, &library, &file)
                {
                    problems.push(d);
                    continue;
                }
                let findings = analyze_on(&loaded.model, &library, Some(&today));
                let mut warnings = loaded.warnings.clone();
                warnings.extend(warnings::after_analysis(
                    &loaded, &file, &findings, &library,
                ));
                checked.push(Checked {
                    loaded,
                    findings,
                    warnings,
                });
            }
            Err(e) => problems.extend(e.diagnostics()),
        }
    }
    // The process ends right after this command: freeing tens of thousands
    // of findings one by one would only delay the exit.
    let checked = std::mem::ManuallyDrop::new(checked);
    for c in checked.iter() {
        print_diagnostics(&c.warnings);
    }
    if !problems.is_empty() {
        return Err(CliError::Diagnostics(problems));
    }
    match args.format {
        CheckFormat::Text => print_text(&checked, args.all),
        CheckFormat::Json => print_json(&checked)?,
    }
    let threshold = args.fail_on.map(Severity::from);
    let failing = threshold.map_or(0, |t| {
        checked
            .iter()
            .flat_map(|c| c.findings.open())
            .filter(|f| f.severity >= t)
            .count()
    });
    let stale = checked
        .iter()
        .flat_map(|c| &c.findings.items)
        .filter(|f| f.stale.is_some())
        .count();
    if args.fail_on_stale && stale > 0 {
        eprintln!(
            "check failed: {stale} stale triage decision(s); review them with `threatmap review`"
        );
        return Ok(ExitCode::Policy);
    }
    if failing > 0 {
        eprintln!(
            "check failed: {failing} open finding(s) at or above {}",
            threshold.map_or("", |t| t.as_str())
        );
        return Ok(ExitCode::Policy);
    }
    Ok(ExitCode::Success)
}

fn print_text(checked: &[Checked], all: bool) {
    let mut out = stdout();
    for c in checked {
        let m = &c.loaded.model;
        let s = c.findings.summary();
        let _ = writeln!(
            out,
            "{BOLD}{}{BOLD:#} ({}): {}",
            c.loaded.path.display(),
            escape_control(&m.name),
            m.contents()
        );
        let _ = writeln!(out, "  {}", summary_line(&s));
        let stride: Vec<String> = s
            .stride_sorted()
            .iter()
            .map(|(st, n)| format!("{} {n}", st.letter()))
            .collect();
        let _ = writeln!(out, "  STRIDE  {}", stride.join(" · "));
        let owasp: Vec<String> = s
            .owasp_sorted()
            .iter()
            .map(|(o, n)| format!("{} {n}", o.trim_end_matches(":2023")))
            .collect();
        if !owasp.is_empty() {
            let _ = writeln!(out, "  OWASP   {}", owasp.join(" · "));
        }
        let stale = c
            .findings
            .items
            .iter()
            .filter(|f| f.stale.is_some())
            .count();
        if stale > 0 {
            let _ = writeln!(out, "  {stale} stale decision(s) to review again");
        }
        let shown: Vec<&Finding> = c
            .findings
            .items
            .iter()
            .filter(|f| all || f.is_open() || f.stale.is_some())
            .collect();
        for g in crate::analysis::group::group(&shown) {
            let _ = writeln!(out);
            if g.len() == 1 {
                print_finding(&mut out, g.first());
            } else {
                print_group(&mut out, &g);
            }
        }
        let _ = writeln!(out);
    }
}

fn summary_line(s: &Summary) -> String {
    let open: Vec<String> = Severity::ALL
        .iter()
        .rev()
        .map(|sev| {
            format!(
                "{} {}",
                s.open_by_severity.get(sev.as_str()).copied().unwrap_or(0),
                sev
            )
        })
        .collect();
    let others: Vec<String> = s
        .by_status
        .iter()
        .filter(|(k, n)| **n > 0 && !matches!(**k, "open" | "in-progress"))
        .map(|(k, n)| format!("{n} {k}"))
        .collect();
    let rest = if others.is_empty() {
        String::new()
    } else {
        format!("; {}", others.join(", "))
    };
    format!(
        "{} findings: {} open ({}){rest}",
        s.total,
        s.open,
        open.join(", ")
    )
}

/// Operations listed under a group before the rest are only counted.
const GROUP_SHOWN: usize = 12;

/// One rule's findings on many operations of a flow: the threat once, with a
/// count, then one line per operation.
fn print_group(out: &mut impl Write, g: &crate::analysis::group::Group) {
    let f = g.first();
    let style = severity_style(g.severity());
    let tag = g.severity().as_str().to_uppercase();
    let _ = writeln!(
        out,
        "  {style}{tag:<8}{style:#} {} — {} on `{}`  {DIM}{}{DIM:#}",
        escape_control(&f.title),
        g.count_text(),
        escape_control(&f.target),
        escape_control(&g.id())
    );
    print_facts(out, f, false);
    let _ = writeln!(
        out,
        "           why (first of {}): {}",
        g.len(),
        escape_control(&f.explanation_text())
    );
    let fix: Vec<&str> = f.mitigations.iter().map(|c| c.label()).collect();
    let _ = writeln!(out, "           fix: {}", fix.join(" or "));
    for m in g.members.iter().take(GROUP_SHOWN) {
        let Some(e) = &m.endpoint else { continue };
        let mut line = format!("             {e}");
        if m.status != crate::model::TriageStatus::Open {
            line.push_str(" · ");
            line.push_str(crate::analysis::status_str(m.status));
        }
        if let Some(reason) = &m.stale {
            line.push_str(" · STALE: ");
            line.push_str(reason);
        }
        let _ = writeln!(out, "{}", escape_control(&line));
    }
    if g.len() > GROUP_SHOWN {
        let _ = writeln!(
            out,
            "             … and {} more (`--format json` lists each)",
            g.len() - GROUP_SHOWN
        );
    }
}

fn print_finding(out: &mut impl Write, f: &Finding) {
    let style = severity_style(f.severity);
    let tag = f.severity.as_str().to_uppercase();
    let _ = writeln!(
        out,
        "  {style}{tag:<8}{style:#} {}  {DIM}{}{DIM:#}",
        escape_control(&f.title),
        escape_control(&f.id)
    );
    print_facts(out, f, true);
    let _ = writeln!(
        out,
        "           why: {}",
        escape_control(&f.explanation_text())
    );
    print_fix(out, f);
}

/// The target, STRIDE letters, OWASP and CWE ids and (with `status`) the
/// status of a finding.
fn print_facts(out: &mut impl Write, f: &Finding, status: bool) {
    let cwe: Vec<String> = f.cwe.iter().map(|c| format!("CWE-{c}")).collect();
    let mut facts = vec![
        format!("{} `{}`", f.target_kind.as_str(), escape_control(&f.target)),
        f.stride_letters(),
    ];
    facts.extend(f.owasp.iter().cloned());
    if !cwe.is_empty() {
        facts.push(cwe.join(", "));
    }
    if status && f.status != crate::model::TriageStatus::Open {
        facts.push(crate::analysis::status_str(f.status).to_string());
    }
    let _ = writeln!(out, "           {}", facts.join(" · "));
}

/// What mitigates a finding or what already does, and its decision's state.
fn print_fix(out: &mut impl Write, f: &Finding) {
    let fix: Vec<&str> = f.mitigations.iter().map(|c| c.label()).collect();
    if f.mitigated_by.is_empty() {
        let _ = writeln!(out, "           fix: {}", fix.join(" or "));
    } else {
        let by: Vec<&str> = f.mitigated_by.iter().map(|c| c.label()).collect();
        let _ = writeln!(out, "           mitigated by: {}", by.join(", "));
    }
    if let Some(reason) = &f.stale {
        let _ = writeln!(
            out,
            "           STALE: {}: decide again",
            escape_control(reason)
        );
    }
    if let Some(note) = &f.note {
        let _ = writeln!(out, "           note: {}", escape_control(note));
    }
}

#[derive(Serialize)]
struct CheckDocument<'a> {
    schema_version: u32,
    models: Vec<ModelResult<'a>>,
}

#[derive(Serialize)]
struct ModelResult<'a> {
    file: String,
    name: &'a str,
    summary: Summary,
    findings: &'a [Finding],
    warnings: &'a [Diagnostic],
}

fn print_json(checked: &[Checked]) -> Result<(), CliError> {
    let doc = CheckDocument {
        schema_version: CHECK_SCHEMA_VERSION,
        models: checked
            .iter()
            .map(|c| ModelResult {
                file: c.loaded.path.display().to_string(),
                name: &c.loaded.model.name,
                summary: c.findings.summary(),
                findings: &c.findings.items,
                warnings: &c.warnings,
            })
            .collect(),
    };
    super::output::write_json_to_stdout(&doc)
}
