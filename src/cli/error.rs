//! Errors at the edge of the program, each with its exit code.

use crate::diagnostic::Diagnostic;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    Success = 0,
    /// A policy failed: findings above the `--fail-on` threshold, files not canonical.
    Policy = 1,
    /// Invalid input or usage.
    Invalid = 2,
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

    pub fn exit_code(&self) -> ExitCode {
        ExitCode::Invalid
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
            Self::Write { path, source } => {
                eprintln!("error: cannot write {path}: {source}");
                eprintln!("  hint: the original file was left untouched");
            }
        }
    }
}

impl From<crate::model::LoadError> for CliError {
    fn from(e: crate::model::LoadError) -> Self {
        Self::Diagnostics(e.diagnostics())
    }
}

impl From<crate::library::LibraryError> for CliError {
    fn from(e: crate::library::LibraryError) -> Self {
        Self::Diagnostics(e.0)
    }
}
