//! Appending results to a JSON Lines file as runs finish, so a crash loses nothing.

use anyhow::Context;
use joulebench_measure::record::{Line, RunRecord, Session};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// An open results file; every append is flushed and synced before returning.
pub struct JsonlSink {
    path: PathBuf,
    file: File,
}

impl JsonlSink {
    /// Open (or create) `path` for appending and write the session line.
    pub fn create(path: &Path, session: &Session) -> anyhow::Result<JsonlSink> {
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .with_context(|| format!("cannot open {} for appending", path.display()))?;
        let mut s = JsonlSink {
            path: path.to_path_buf(),
            file,
        };
        s.write(&Line::Session(session.clone()))?;
        Ok(s)
    }

    /// Append one run.
    pub fn append(&mut self, r: &RunRecord) -> anyhow::Result<()> {
        self.write(&Line::Run(r.clone()))
    }

    fn write(&mut self, line: &Line) -> anyhow::Result<()> {
        let mut bytes = serde_json::to_vec(line)?;
        bytes.push(b'\n');
        self.file
            .write_all(&bytes)
            .and_then(|_| self.file.sync_data())
            .with_context(|| format!("cannot append to {}", self.path.display()))
    }
}
