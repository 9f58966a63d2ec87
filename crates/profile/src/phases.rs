//! Phases a program marks while it runs.
//!
//! Two ways, both stamped with CLOCK_MONOTONIC when joulebench reads the line:
//! - the program writes `phase NAME` lines to the file descriptor named by
//!   `JOULEBENCH_PHASE_FD` (nothing to parse in its normal output; a pipe, so the
//!   latency is a context switch);
//! - `--phase-regex`: lines of its standard output that match open a phase named by
//!   the first capture group (or the whole match), for programs one cannot change. Its
//!   output is passed on to joulebench's standard output unchanged.
//!
//! A phase lasts until the next one opens, or the run ends. What the program writes can
//! flood the channel: marks beyond [`MAX_MARKS`] and names beyond [`MAX_NAME`] bytes are
//! dropped and counted, and a reader still blocked when the run ends (a leftover child
//! holds the pipe open) is left behind rather than waited for.

use crate::error::ProfileError;
use std::io::{BufRead, BufReader, Write};
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The environment variable that names the phase descriptor.
pub const PHASE_FD_ENV: &str = "JOULEBENCH_PHASE_FD";
/// At most this many marks per run.
pub const MAX_MARKS: usize = 10_000;
/// Longest phase name kept, in bytes.
pub const MAX_NAME: usize = 100;

/// Where phases come from.
#[derive(Clone, Debug, Default)]
pub enum PhaseSource {
    /// Only the descriptor named by [`PHASE_FD_ENV`] (always offered).
    #[default]
    Descriptor,
    /// Lines of standard output matching this pattern.
    Stdout(regex::Regex),
}

/// Marks in time order: (CLOCK_MONOTONIC ns, name).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PhaseMarks {
    /// The marks.
    pub marks: Vec<(u64, String)>,
    /// Lines that were not marks, or marks dropped by the limits.
    pub ignored: u64,
}

/// The channel, set up before the command starts.
pub struct Channel {
    source: PhaseSource,
    read: Option<OwnedFd>,
    write: Option<OwnedFd>,
}

/// The reader, running while the command does.
pub struct Reader {
    shared: Arc<Mutex<PhaseMarks>>,
    done: Arc<Mutex<bool>>,
}

impl PhaseSource {
    /// Give the command its descriptor (and, for `Stdout`, nothing yet: std pipes its
    /// output when asked).
    pub fn prepare(&self, cmd: &mut Command) -> Result<Channel, ProfileError> {
        let (read, write) = crate::record::pipe().map_err(|e| match e {
            ProfileError::Spawn(io) => ProfileError::Phases(io),
            other => other,
        })?;
        let fd = write.as_raw_fd();
        cmd.env(PHASE_FD_ENV, fd.to_string());
        // SAFETY: fcntl(2) only, on a descriptor opened before the fork: the write end
        // was opened close-on-exec so no other child inherits it; this one keeps it.
        unsafe {
            cmd.pre_exec(move || {
                if libc::fcntl(fd, libc::F_SETFD, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        Ok(Channel {
            source: self.clone(),
            read: Some(read),
            write: Some(write),
        })
    }
}

impl Channel {
    /// Start reading, once the command has been spawned.
    pub fn start(mut self, child: &mut Child, now_ns: fn() -> u64) -> Result<Reader, ProfileError> {
        // Our copy of the write end must go, or the reader never sees EOF.
        drop(self.write.take());
        let shared = Arc::new(Mutex::new(PhaseMarks::default()));
        let done = Arc::new(Mutex::new(false));
        let mut readers: Vec<Box<dyn BufRead + Send>> = Vec::new();
        if let Some(read) = self.read.take() {
            readers.push(Box::new(BufReader::new(std::fs::File::from(read))));
        }
        let pattern = match &self.source {
            PhaseSource::Stdout(re) => {
                if let Some(out) = child.stdout.take() {
                    readers.push(Box::new(BufReader::new(out)));
                }
                Some(re.clone())
            }
            PhaseSource::Descriptor => None,
        };
        let n = readers.len();
        let finished = Arc::new(Mutex::new(0usize));
        for (i, reader) in readers.into_iter().enumerate() {
            // The first reader is the descriptor; a second one is standard output.
            let regex = if i == 1 { pattern.clone() } else { None };
            let (shared, done, finished) = (shared.clone(), done.clone(), finished.clone());
            std::thread::Builder::new()
                .name("phase-reader".into())
                .spawn(move || {
                    read_marks(reader, regex.as_ref(), &shared, now_ns);
                    let mut f = finished.lock().unwrap_or_else(|p| p.into_inner());
                    *f += 1;
                    if *f == n {
                        *done.lock().unwrap_or_else(|p| p.into_inner()) = true;
                    }
                })
                .map_err(ProfileError::Phases)?;
        }
        if n == 0 {
            *done.lock().unwrap_or_else(|p| p.into_inner()) = true;
        }
        Ok(Reader { shared, done })
    }
}

impl Reader {
    /// The marks, once the readers have seen EOF or after a short grace period.
    pub fn finish(self) -> PhaseMarks {
        for _ in 0..50 {
            if *self.done.lock().unwrap_or_else(|p| p.into_inner()) {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let mut marks = self
            .shared
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        marks.marks.sort_by_key(|m| m.0);
        marks
    }
}

/// Read lines until EOF; with `regex`, pass them on to stdout and mark matches; without,
/// take `phase NAME` lines.
fn read_marks(
    mut reader: Box<dyn BufRead + Send>,
    regex: Option<&regex::Regex>,
    shared: &Mutex<PhaseMarks>,
    now_ns: fn() -> u64,
) {
    let mut line = Vec::new();
    let stdout = std::io::stdout();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        let at = now_ns();
        let text = String::from_utf8_lossy(&line);
        let name = match regex {
            Some(re) => {
                let _ = stdout.lock().write_all(&line);
                re.captures(text.trim_end_matches(['\n', '\r'])).map(|c| {
                    c.get(1)
                        .or_else(|| c.get(0))
                        .map_or(String::new(), |m| m.as_str().to_string())
                })
            }
            None => parse_mark(&text),
        };
        let mut m = shared.lock().unwrap_or_else(|p| p.into_inner());
        match name {
            Some(name) if m.marks.len() < MAX_MARKS && !name.is_empty() => {
                m.marks.push((at, truncate(name)))
            }
            _ => m.ignored += 1,
        }
    }
}

/// `phase NAME` -> NAME.
pub fn parse_mark(line: &str) -> Option<String> {
    let rest = line.trim_end_matches(['\n', '\r']).strip_prefix("phase ")?;
    let name = rest.trim();
    (!name.is_empty()).then(|| name.to_string())
}

fn truncate(mut name: String) -> String {
    if name.len() > MAX_NAME {
        let mut cut = MAX_NAME;
        while !name.is_char_boundary(cut) {
            cut -= 1;
        }
        name.truncate(cut);
    }
    // Phase names go into folded stacks and tables: no separators or control bytes.
    name.chars()
        .map(|c| if c.is_control() || c == ';' { '_' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_phase_lines_and_names_are_made_safe() {
        assert_eq!(parse_mark("phase load\n"), Some("load".into()));
        assert_eq!(parse_mark("phase  \n"), None);
        assert_eq!(parse_mark("load\n"), None);
        assert_eq!(truncate("a;b\u{1b}c".into()), "a_b_c");
        assert_eq!(truncate("é".repeat(80)).len(), 100);
    }
}
