//! Errors at the edge of the program, each with its exit code.

use crate::diagnostic::Diagnostic;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    Success = 0,
    /// A policy failed: findings above the `--fail-on` threshold, files not canonical.
    Policy = 1,
    /// Invalid input or usage.
    Invalid = 2,
    /// The system failed us, not the input: a file that could not be written
    /// (full disk, permissions) or read although it is there, a terminal that
    /// could not be set up.
    System = 3,
    /// A bug in threatmap: an internal error or a panic.
    Internal = 4,
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Problems in the user's files, already located.
    #[error("invalid input")]
    Diagnostics(Vec<Diagnostic>),
    /// A usage problem or unreadable input, with a hint.
    #[error("{message}")]
    Usage {
        message: String,
        hint: Option<String>,
    },
    /// A file is there but could not be read (permissions, a failing disk).
    #[error("{}", .0)]
    System(Diagnostic),
    /// The terminal could not be set up or driven.
    #[error("the terminal failed: {0}")]
    Terminal(std::io::Error),
    /// A bug: something threatmap produced itself failed.
    #[error("internal error: {0}")]
    Internal(String),
    /// A file could not be written; the original is untouched.
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

impl CliError {
    pub fn usage(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self::Usage {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    pub fn internal(message: impl std::fmt::Display) -> Self {
        Self::Internal(message.to_string())
    }

    pub fn exit_code(&self) -> ExitCode {
        match self {
            Self::Diagnostics(_) | Self::Usage { .. } => ExitCode::Invalid,
            Self::System(_) | Self::Terminal(_) | Self::Write { .. } => ExitCode::System,
            Self::Internal(_) => ExitCode::Internal,
        }
    }

    /// Prints the error to standard error.
    pub fn report(&self) {
        match self {
            Self::Diagnostics(ds) => super::output::print_diagnostics(ds),
            Self::Usage { message, hint } => {
                eprintln!("error: {}", crate::text::escape_control(message));
                if let Some(h) = hint {
                    eprintln!("  hint: {h}");
                }
            }
            Self::System(d) => super::output::print_diagnostics(std::slice::from_ref(d)),
            Self::Terminal(e) => {
                eprintln!("error: the terminal failed: {e}");
                eprintln!("  hint: run threatmap in an interactive terminal");
            }
            Self::Internal(message) => {
                eprintln!(
                    "error: internal error: {}",
                    crate::text::escape_control(message)
                );
                eprintln!("  hint: this is a bug in threatmap; please report it");
            }
            Self::Write { path, source } => {
                eprintln!(
                    "error: cannot write {}: {source}",
                    crate::text::escape_control(path)
                );
                eprintln!("  hint: the original file was left untouched");
            }
        }
    }
}

impl From<crate::model::LoadError> for CliError {
    fn from(e: crate::model::LoadError) -> Self {
        match e {
            crate::model::LoadError::System(d) => Self::System(d),
            e => Self::Diagnostics(e.diagnostics()),
        }
    }
}

impl From<crate::model::load::ReadError> for CliError {
    fn from(e: crate::model::load::ReadError) -> Self {
        match e.system {
            true => Self::System(e.diagnostic),
            false => Self::Diagnostics(vec![e.diagnostic]),
        }
    }
}

impl From<crate::library::LibraryError> for CliError {
    fn from(e: crate::library::LibraryError) -> Self {
        Self::Diagnostics(e.0)
    }
}
