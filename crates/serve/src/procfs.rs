//! Scanning `<procfs>/[pid]/stat` (CPU time, command name, start time) and
//! `<procfs>/[pid]/cgroup` for every process.
//!
//! Processes come and go while the table is read: a process whose files vanish between
//! listing and reading (`ENOENT`, `ESRCH`) is skipped without a word. Other per-process
//! failures (a permission error under `hidepid`, a file that does not parse) skip the
//! process too and are counted in [`Scanner::errors`].
//!
//! # Keeping the cost down
//!
//! A scan lists `<procfs>` every time (new and exited processes are seen at once), but
//! reading thousands of `stat` files is most of the exporter's work, so:
//!
//! - on a real procfs each process's `stat` is kept open (up to [`MAX_KEPT_FILES`] and
//!   half the soft open-file limit) and re-read with one `pread` instead of open, read
//!   and close. A kept file of a process that exited reads `ESRCH`, even when its pid
//!   was reused, and is then dropped and the pid opened afresh. Each kept file costs
//!   about 4 KiB of kernel memory.
//! - a process whose CPU time did not move since its last read is not read for the next
//!   1, 2, ... scans, and once it has been idle for [`MAX_SKIP`] reads, it is read once
//!   every `MAX_SKIP + 1` scans, at a phase set by its pid so that the reads of idle
//!   processes spread evenly over the scans; one that used CPU is read every scan. CPU
//!   time a process used while skipped is counted in the interval in which it is read.
//!
//! A process's cgroup is read once, when it is first seen.

use crate::cgroup::{self, CgroupInfo};
use crate::fsread::{is_procfs, open_file_budget, read_at_start, Dir};
use crate::ServeError;
use std::collections::HashMap;
use std::fs::File;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The most `stat` files a scanner keeps open.
pub const MAX_KEPT_FILES: usize = 4096;

/// The most scans a process with unchanged CPU time is skipped in a row.
pub const MAX_SKIP: u32 = 3;

/// A process's identity across scans: its pid and its start time (pids are reused).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProcKey {
    /// Process id.
    pub pid: u32,
    /// Start time after boot, in clock ticks (field 22 of `stat`).
    pub start: u64,
}

/// One process as a scan saw it.
#[derive(Clone, Debug, PartialEq)]
pub struct ProcSample {
    /// Who it is.
    pub key: ProcKey,
    /// Its command name (`comm`, at most 15 bytes in the kernel).
    pub comm: Arc<str>,
    /// User + system CPU time of all its threads, in clock ticks.
    pub cpu_ticks: u64,
    /// What its cgroup path says (read once, when the process is first seen).
    pub cgroup: Arc<CgroupInfo>,
}

/// The fields of `/proc/PID/stat` the exporter needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatFields<'a> {
    /// `comm`, between the first `(` and the last `)`.
    pub comm: &'a str,
    /// utime + stime, clock ticks.
    pub cpu_ticks: u64,
    /// starttime, clock ticks after boot.
    pub start: u64,
}

/// Parse the contents of `/proc/PID/stat`. The command name may hold spaces and
/// parentheses, so fields are counted from the last `)`.
pub fn parse_stat(text: &str) -> Option<StatFields<'_>> {
    let open = text.find('(')?;
    let close = text.rfind(')')?;
    if close < open {
        return None;
    }
    // After `)`: state(0) ppid pgrp session tty_nr tpgid flags minflt cminflt majflt
    // cmajflt utime(11) stime(12) cutime cstime priority nice num_threads itrealvalue
    // starttime(19).
    let mut it = text[close + 1..].split_ascii_whitespace();
    let mut field = |n: usize| it.nth(n).and_then(|v| v.parse::<u64>().ok());
    let utime = field(11)?;
    let stime = field(0)?;
    let start = field(6)?;
    Some(StatFields {
        comm: &text[open + 1..close],
        cpu_ticks: utime.saturating_add(stime),
        start,
    })
}

/// True for the errors that mean "the process is gone".
fn vanished(e: &std::io::Error) -> bool {
    e.kind() == ErrorKind::NotFound || e.raw_os_error() == Some(libc::ESRCH)
}

#[derive(Debug)]
struct Entry {
    sample: ProcSample,
    file: Option<File>,
    unchanged: u32,
    skip: u32,
    seen: u64,
}

/// Reads the process table of one procfs root; see the module docs.
#[derive(Debug)]
pub struct Scanner {
    root: PathBuf,
    entries: HashMap<u32, Entry>,
    kept: usize,
    keep_max: usize,
    buf: Vec<u8>,
    errors: u64,
    reads: u64,
    generation: u64,
}

impl Scanner {
    /// A scanner of `<procfs>` (usually `/proc`, or `/host/proc` in a container).
    pub fn new(procfs: &Path) -> Self {
        let keep_max = if is_procfs(procfs) {
            open_file_budget().min(MAX_KEPT_FILES)
        } else {
            0
        };
        Scanner {
            root: procfs.to_path_buf(),
            entries: HashMap::new(),
            kept: 0,
            keep_max,
            buf: Vec::with_capacity(4096),
            errors: 0,
            reads: 0,
            generation: 0,
        }
    }

    /// Processes skipped so far for a reason other than having exited.
    pub fn errors(&self) -> u64 {
        self.errors
    }

    /// `stat` files read so far.
    pub fn reads(&self) -> u64 {
        self.reads
    }

    /// `stat` files kept open now.
    pub fn kept_files(&self) -> usize {
        self.kept
    }

    /// Every process now. Fails only when the table itself cannot be listed.
    pub fn scan(&mut self) -> Result<Vec<ProcSample>, ServeError> {
        let fail = |source| ServeError::Procfs {
            path: self.root.clone(),
            source,
        };
        let root = Dir::open(&self.root).map_err(fail)?;
        let listing = std::fs::read_dir(&self.root).map_err(fail)?;
        self.generation += 1;
        let gen = self.generation;
        let mut out = Vec::with_capacity(self.entries.len() + 16);
        for entry in listing {
            let Ok(entry) = entry else { continue };
            let name = entry.file_name();
            let Some(pid) = name.to_str().and_then(|s| s.parse::<u32>().ok()) else {
                continue;
            };
            match self.visit(&root, pid, gen) {
                Ok(Some(s)) => out.push(s),
                Ok(None) => {}
                Err(e) if vanished(&e) => {}
                Err(_) => self.errors += 1,
            }
        }
        // Forget the processes that are gone (and close their files).
        let mut closed = 0;
        self.entries.retain(|_, e| {
            let keep = e.seen == gen;
            if !keep && e.file.is_some() {
                closed += 1;
            }
            keep
        });
        self.kept -= closed;
        Ok(out)
    }

    /// One listed pid: its cached sample while it is skipped, else a fresh read.
    fn visit(&mut self, root: &Dir, pid: u32, gen: u64) -> std::io::Result<Option<ProcSample>> {
        let mut fresh: Option<File> = None;
        match self.entries.get_mut(&pid) {
            Some(e) if e.skip > 0 => {
                e.skip -= 1;
                e.seen = gen;
                return Ok(Some(e.sample.clone()));
            }
            Some(e) => {
                let read = e.file.as_ref().map(|f| read_at_start(f, &mut self.buf));
                if !matches!(read, Some(Ok(()))) {
                    // No kept file, or its process exited (the pid may be in use again).
                    if e.file.take().is_some() {
                        self.kept -= 1;
                    }
                    fresh = Some(self.open_stat(root, pid)?);
                }
            }
            None => fresh = Some(self.open_stat(root, pid)?),
        }
        self.reads += 1;
        // A command name need not be UTF-8: replace what is not.
        let text = String::from_utf8_lossy(&self.buf);
        let Some(st) = parse_stat(&text) else {
            self.errors += 1;
            return Ok(None);
        };
        let key = ProcKey {
            pid,
            start: st.start,
        };
        let keep_file = |kept: &mut usize, f: Option<File>| -> Option<File> {
            let f = f.filter(|_| *kept < self.keep_max)?;
            *kept += 1;
            Some(f)
        };
        if let Some(e) = self.entries.get_mut(&pid).filter(|e| e.sample.key == key) {
            if st.cpu_ticks == e.sample.cpu_ticks {
                e.unchanged += 1;
                e.skip = if e.unchanged < MAX_SKIP {
                    e.unchanged
                } else {
                    // Long idle: read when (scan + pid) is a multiple of MAX_SKIP + 1, so
                    // that the idle processes' reads spread evenly over the scans.
                    let period = u64::from(MAX_SKIP) + 1;
                    let phase = (gen + u64::from(pid)) % period;
                    MAX_SKIP - u32::try_from(phase).unwrap_or(0)
                };
            } else {
                e.unchanged = 0;
                e.skip = 0;
                e.sample.cpu_ticks = st.cpu_ticks;
            }
            if *e.sample.comm != *st.comm {
                e.sample.comm = Arc::from(st.comm);
            }
            if e.file.is_none() {
                e.file = keep_file(&mut self.kept, fresh);
            }
            e.seen = gen;
            return Ok(Some(e.sample.clone()));
        }
        // A new process (or a new one under a reused pid).
        let comm: Arc<str> = Arc::from(st.comm);
        let cpu_ticks = st.cpu_ticks;
        drop(text);
        let cgroup = Arc::new(match root.read(&format!("{pid}/cgroup"), &mut self.buf) {
            Ok(()) => cgroup::select_path(&String::from_utf8_lossy(&self.buf))
                .map(cgroup::parse_path)
                .unwrap_or_default(),
            // Exited between the two reads: skip it like any vanished process.
            Err(e) if vanished(&e) => return Err(e),
            // No cgroup file (old kernels, test trees): no cgroup labels.
            Err(_) => CgroupInfo::default(),
        });
        let sample = ProcSample {
            key,
            comm,
            cpu_ticks,
            cgroup,
        };
        let file = keep_file(&mut self.kept, fresh);
        let old = self.entries.insert(
            pid,
            Entry {
                sample: sample.clone(),
                file,
                unchanged: 0,
                skip: 0,
                seen: gen,
            },
        );
        if old.is_some_and(|o| o.file.is_some()) {
            self.kept -= 1;
        }
        Ok(Some(sample))
    }

    fn open_stat(&mut self, root: &Dir, pid: u32) -> std::io::Result<File> {
        let f = root.open_file(&format!("{pid}/stat"))?;
        read_at_start(&f, &mut self.buf)?;
        Ok(f)
    }
}

#[cfg(test)]
mod tests;
