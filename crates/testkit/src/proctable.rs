//! Fake process tables for tests and benchmarks: `<root>/<pid>/stat` and
//! `<root>/<pid>/cgroup` files in a directory, the layout `joulebench_serve::Scanner`
//! reads. Files are written aside and renamed, so a concurrent scan never sees half a
//! file, and removed whole, as when a process exits.
//!
//! Pair it with [`FakeProc::write_machine`] (`cpuinfo`, `meminfo`, `stat`) to run the
//! `estimate` sensor on the same root.

use crate::procfiles::{self, write_aside, CpuEntry};
use std::io;
use std::path::{Path, PathBuf};

/// One fake process.
#[derive(Clone, Debug, PartialEq)]
pub struct FakeProcess {
    /// Process id.
    pub pid: u32,
    /// Command name.
    pub comm: String,
    /// User CPU time, clock ticks.
    pub utime: u64,
    /// System CPU time, clock ticks.
    pub stime: u64,
    /// Start time, clock ticks after boot.
    pub start: u64,
    /// Contents of the `cgroup` file (cgroup v2 style `0::/path`).
    pub cgroup: String,
}

impl FakeProcess {
    /// A process in the root cgroup that started at tick 1000.
    pub fn new(pid: u32, comm: &str, utime: u64, stime: u64) -> Self {
        FakeProcess {
            pid,
            comm: comm.to_string(),
            utime,
            stime,
            start: 1000,
            cgroup: "0::/\n".into(),
        }
    }

    /// Set the `cgroup` file's contents (a `\n` is added when missing).
    pub fn cgroup(mut self, contents: &str) -> Self {
        self.cgroup = contents.to_string();
        if !self.cgroup.ends_with('\n') {
            self.cgroup.push('\n');
        }
        self
    }

    /// Set the start time (a different start time is a different process).
    pub fn start(mut self, ticks: u64) -> Self {
        self.start = ticks;
        self
    }

    /// The `stat` line the kernel would show.
    pub fn stat_line(&self) -> String {
        format!(
            "{} ({}) S 1 {} {} 0 -1 4194304 100 0 0 0 {} {} 0 0 20 0 1 0 {} 10000000 300 \
             18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n",
            self.pid, self.comm, self.pid, self.pid, self.utime, self.stime, self.start
        )
    }
}

/// A fake process table rooted at a directory (which the caller owns).
#[derive(Clone, Debug)]
pub struct FakeProc {
    root: PathBuf,
}

impl FakeProc {
    /// Use (and create) `root`.
    pub fn new(root: &Path) -> io::Result<Self> {
        std::fs::create_dir_all(root)?;
        Ok(FakeProc {
            root: root.to_path_buf(),
        })
    }

    /// The root, to pass as `--procfs-root`.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Create or update a process (cgroup first, then stat).
    pub fn write(&self, p: &FakeProcess) -> io::Result<()> {
        let dir = self.root.join(p.pid.to_string());
        std::fs::create_dir_all(&dir)?;
        write_aside(&dir.join("cgroup"), &p.cgroup)?;
        write_aside(&dir.join("stat"), &p.stat_line())
    }

    /// Remove a process, as when it exits.
    pub fn remove(&self, pid: u32) -> io::Result<()> {
        std::fs::remove_dir_all(self.root.join(pid.to_string()))
    }

    /// Write `cpuinfo` (`vcpus` entries of `model`), `meminfo` and a `stat` whose first
    /// line shows `busy` and `idle` jiffies, so the `estimate` sensor can open here.
    pub fn write_machine(&self, model: &str, vcpus: u32, busy: u64, idle: u64) -> io::Result<()> {
        let cpus: Vec<CpuEntry> = (0..vcpus as usize)
            .map(|cpu| CpuEntry {
                cpu,
                vendor: "GenuineIntel",
                family_model: None,
                model_name: model,
                place: None,
            })
            .collect();
        procfiles::write_machine(&self.root, &cpus, 16_000_000, 8_000_000)?;
        self.write_cpu_times(busy, idle)
    }

    /// Rewrite `stat`: `busy` user jiffies and `idle` idle jiffies on its `cpu` line.
    pub fn write_cpu_times(&self, busy: u64, idle: u64) -> io::Result<()> {
        procfiles::write_stat(&self.root, busy, idle, &[])
    }
}
