//! Importing other studies' raw measurements as joulebench records.
//!
//! - [`energy_languages`]: the 2017 "energy efficiency across programming languages"
//!   study's per-language CSV files.

pub mod energy_languages;

use serde::Serialize;

/// Something said about one line of an imported file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ImportNote {
    /// 1-based line number (0 for the file as a whole).
    pub line: usize,
    /// What was done and why.
    pub message: String,
}

/// What happened to one imported file.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ImportFileReport {
    /// The file name.
    pub file: String,
    /// The language read from the file name.
    pub language: String,
    /// The layout found, in words.
    pub layout: String,
    /// Runs imported.
    pub runs: usize,
    /// Values corrected (counter wrap, problem names), by line.
    pub corrected: Vec<ImportNote>,
    /// Lines skipped, by line, with the reason.
    pub skipped: Vec<ImportNote>,
    /// Lines or problems kept but flagged (extra problems, cold first runs, no DRAM).
    pub flagged: Vec<ImportNote>,
    /// When the whole file could not be used (empty, unknown layout), why.
    pub error: Option<String>,
}

impl ImportFileReport {
    /// Human-readable summary, one item per line, naming `file:line`.
    pub fn render(&self) -> String {
        let mut s = match &self.error {
            Some(e) => format!("{}: not imported: {e}\n", self.file),
            None => format!(
                "{}: {} runs of {} ({})\n",
                self.file, self.runs, self.language, self.layout
            ),
        };
        for (what, notes) in [
            ("corrected", &self.corrected),
            ("skipped  ", &self.skipped),
            ("flagged  ", &self.flagged),
        ] {
            for (first, last, message) in runs_of_lines(notes) {
                let at = match (first, last) {
                    (0, _) => self.file.clone(),
                    (a, b) if a == b => format!("{}:{a}", self.file),
                    (a, b) => format!("{}:{a}-{b}", self.file),
                };
                s.push_str(&format!("  {what} {at}: {message}\n"));
            }
        }
        s
    }
}

/// Consecutive lines with the same message, merged: (first line, last line, message).
fn runs_of_lines(notes: &[ImportNote]) -> Vec<(usize, usize, &str)> {
    let mut out: Vec<(usize, usize, &str)> = Vec::new();
    for n in notes {
        match out.last_mut() {
            Some((_, last, m)) if n.line != 0 && *last + 1 == n.line && *m == n.message => {
                *last = n.line;
            }
            _ => out.push((n.line, n.line, &n.message)),
        }
    }
    out
}
