//! Problems found in a user's file, located by line and column, with a hint.

use std::fmt;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
}

/// One problem in one file: `file:line:column: level: message`, then a hint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub level: Level,
    pub file: String,
    /// 1-based; 0 when the problem has no place in the file (a missing file).
    pub line: usize,
    pub column: usize,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(file: &str, (line, column): (usize, usize), message: impl Into<String>) -> Self {
        Self {
            level: Level::Error,
            file: file.to_string(),
            line,
            column,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(file: &str, at: (usize, usize), message: impl Into<String>) -> Self {
        Self {
            level: Level::Warning,
            ..Self::error(file, at, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        let message = crate::text::escape_control(&self.message);
        // Line 0 marks a problem with the file as a whole (unreadable, a
        // folder): there is no place in it to point at.
        if self.line == 0 {
            write!(f, "{}: {level}: {message}", self.file)?;
        } else {
            write!(
                f,
                "{}:{}:{}: {level}: {message}",
                self.file, self.line, self.column
            )?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {}", crate::text::escape_control(hint))?;
        }
        Ok(())
    }
}

/// Orders diagnostics by place in the file, errors before warnings at one place.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.level, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.level, &b.message))
    });
}

/// The closest of `candidates` to `found`, when it is close enough to be a typo.
pub fn closest<'a>(found: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let found_lower = found.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::jaro_winkler(&found_lower, &c.to_ascii_lowercase()),
                c,
            )
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(closest("protocl", ["protocol", "source"]), Some("protocol"));
        assert_eq!(closest("zzz", ["protocol", "source"]), None);
        assert_eq!(closest("https", ["Http", "Https"]), Some("Https"));
    }

    #[test]
    fn displays_compiler_style() {
        let d = Diagnostic::error("a.ron", (3, 7), "bad\x1b[2J").with_hint("fix it");
        assert_eq!(
            d.to_string(),
            "a.ron:3:7: error: bad\\x1b[2J\n  hint: fix it"
        );
    }

    #[test]
    fn a_problem_with_the_whole_file_names_no_place_in_it() {
        let d = Diagnostic::error("dir", (0, 0), "is a directory, not a file");
        assert_eq!(d.to_string(), "dir: error: is a directory, not a file");
    }
}
