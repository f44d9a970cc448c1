//! Writing to the terminal: diagnostics to stderr, styles only where wanted.
//!
//! `anstream` drops the styles when the stream is not a terminal or when
//! `NO_COLOR` is set, so callers style freely.

use std::io::{IsTerminal, Write};

use anstyle::{AnsiColor, Style};

use crate::analysis::Severity;
use crate::diagnostic::{Diagnostic, Level};

pub const BOLD: Style = Style::new().bold();
pub const DIM: Style = Style::new().dimmed();

pub fn severity_style(s: Severity) -> Style {
    let color = match s {
        Severity::Critical => AnsiColor::BrightRed,
        Severity::High => AnsiColor::Red,
        Severity::Medium => AnsiColor::Yellow,
        Severity::Low => AnsiColor::Blue,
    };
    Style::new().fg_color(Some(color.into())).bold()
}

pub fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let mut err = anstream::stderr().lock();
    for d in diagnostics {
        let style = match d.level {
            Level::Error => Style::new().fg_color(Some(AnsiColor::Red.into())).bold(),
            Level::Warning => Style::new().fg_color(Some(AnsiColor::Yellow.into())).bold(),
        };
        let _ = writeln!(err, "{style}{d}{style:#}");
    }
}

/// Standard output, buffered (a listing of tens of thousands of findings
/// would otherwise cost a write per line), that strips styles when they are
/// not wanted. Flushed when dropped.
pub fn stdout() -> anstream::AutoStream<Box<dyn Write>> {
    let choice = anstream::AutoStream::choice(&std::io::stdout());
    let raw: Box<dyn Write> = Box::new(std::io::BufWriter::with_capacity(
        64 * 1024,
        std::io::stdout().lock(),
    ));
    anstream::AutoStream::new(raw, choice)
}

/// Refuses an output file that is the file the command reads: a report
/// written over its model would replace the model.
pub fn refuse_output_over_input(
    output: Option<&std::path::Path>,
    input: &std::path::Path,
) -> Result<(), super::CliError> {
    match output {
        Some(out) if out.as_os_str() != "-" && crate::model::write::same_file(out, input) => {
            Err(super::CliError::usage(
                format!(
                    "{} is the file being read; writing the output there would replace it",
                    out.display()
                ),
                "choose another output file, or leave out -o to write to standard output",
            ))
        }
        _ => Ok(()),
    }
}

/// Writes `text` to `path`, or to standard output for `-` or no path.
pub fn write_output(path: Option<&std::path::Path>, text: &str) -> Result<(), super::CliError> {
    match path {
        Some(p) if p.as_os_str() != "-" => {
            crate::model::write_atomic(p, text.as_bytes()).map_err(|source| {
                super::CliError::Write {
                    path: p.display().to_string(),
                    source,
                }
            })
        }
        _ => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .or_else(ignore_broken_pipe)
                .map_err(|source| super::CliError::Write {
                    path: "standard output".into(),
                    source,
                })
        }
    }
}

/// Like [`write_output`], with the text produced by `write` as it goes: into
/// a buffered temporary file renamed into place, or to standard output.
pub fn write_output_with(
    path: Option<&std::path::Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), super::CliError> {
    match path {
        Some(p) if p.as_os_str() != "-" => crate::model::write_atomic_with(p, |file| {
            let mut out = std::io::BufWriter::with_capacity(64 * 1024, file);
            write(&mut out)?;
            out.flush()
        })
        .map_err(|source| super::CliError::Write {
            path: p.display().to_string(),
            source,
        }),
        _ => {
            let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
            write(&mut out)
                .and_then(|()| out.flush())
                .or_else(ignore_broken_pipe)
                .map_err(|source| super::CliError::Write {
                    path: "standard output".into(),
                    source,
                })
        }
    }
}

/// Writes `value` as JSON and a newline to standard output, streamed through
/// a buffer: a report of tens of thousands of findings is tens of MB, which
/// need not be held in memory as one string first.
///
/// Indented for a person at a terminal; compact, one line, for a program or
/// a file, where indentation would nearly double the size (pipe through
/// `jq .` to read it).
pub fn write_json_to_stdout<T: serde::Serialize>(value: &T) -> Result<(), super::CliError> {
    let stdout = std::io::stdout();
    let for_person = stdout.is_terminal();
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, stdout.lock());
    let serialized = if for_person {
        serde_json::to_writer_pretty(&mut out, value)
    } else {
        serde_json::to_writer(&mut out, value)
    };
    let written = serialized
        .map_err(|e| match e.io_error_kind() {
            Some(kind) => std::io::Error::from(kind),
            None => std::io::Error::other(e),
        })
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    written
        .or_else(ignore_broken_pipe)
        .map_err(|source| super::CliError::Write {
            path: "standard output".into(),
            source,
        })
}

/// A reader that closed the pipe early (`| head`) is not an error.
pub fn ignore_broken_pipe(e: std::io::Error) -> std::io::Result<()> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(e)
    }
}
