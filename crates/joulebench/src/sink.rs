//! Appending results to a JSON Lines file as runs finish, so a crash loses nothing.

use anyhow::Context;
use joulebench_model::record::{Line, RunRecord, Session};
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
        let regular = std::fs::metadata(path).map(|m| m.is_file());
        if regular.as_ref().is_ok_and(|r| *r) {
            drop_partial_last_line(path)?;
        }
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .with_context(|| format!("cannot open {} for appending", path.display()))?;
        if regular.is_err() {
            // Created just now: under sudo it is the user's results file, not root's.
            crate::outfile::give_to_invoking_user(&file);
        }
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

/// A crash can leave a half-written last line; cut it so that appended lines stay whole.
fn drop_partial_last_line(path: &Path) -> anyhow::Result<()> {
    let Ok(bytes) = std::fs::read(path) else {
        return Ok(());
    };
    if bytes.is_empty() || bytes.ends_with(b"\n") {
        return Ok(());
    }
    let keep = bytes.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let f = OpenOptions::new()
        .write(true)
        .open(path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    f.set_len(keep as u64)
        .with_context(|| format!("cannot truncate {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_half_written_line_is_cut_before_appending() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.jsonl");
        std::fs::write(&p, "{\"a\":1}\n{\"type\":\"ru").unwrap();
        drop_partial_last_line(&p).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "{\"a\":1}\n");
    }
}
