//! Errors of this crate.

use std::path::PathBuf;

/// What went wrong while reading, analysing or rendering results.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A results file (or one of its lines) could not be understood.
    #[error("{file}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Input {
        /// The file, as the user named it.
        file: String,
        /// 1-based line, when the problem is on one line.
        line: Option<usize>,
        /// What is wrong, in words.
        message: String,
    },
    /// A file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The data cannot produce what was asked (e.g. nothing to rank).
    #[error("{0}")]
    Data(String),
    /// Rendering failed (template, chart or serialisation): a bug, not bad input.
    #[error("rendering failed: {0}")]
    Render(String),
}

impl ReportError {
    /// An input error on `file`, optionally at `line`.
    pub fn input(file: impl Into<String>, line: Option<usize>, message: impl Into<String>) -> Self {
        ReportError::Input {
            file: file.into(),
            line,
            message: message.into(),
        }
    }
}

impl From<serde_json::Error> for ReportError {
    fn from(e: serde_json::Error) -> Self {
        ReportError::Render(format!("JSON: {e}"))
    }
}

impl From<minijinja::Error> for ReportError {
    fn from(e: minijinja::Error) -> Self {
        ReportError::Render(format!("template: {e:#}"))
    }
}

impl From<csv::Error> for ReportError {
    fn from(e: csv::Error) -> Self {
        ReportError::Render(format!("CSV: {e}"))
    }
}
