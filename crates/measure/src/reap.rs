//! After a measured process ends: reaping it with `wait4`, which gives that one child's
//! own rusage (std's `wait` gives none), and naming what its process group left running.
//! Used where the command is the caller's child: in this process when it is started
//! directly, in the launcher otherwise.

use crate::error::ProcessError;
use nix::sys::signal::killpg;
use nix::unistd::Pid;
use std::time::Duration;

/// How a process ended, with its resource usage.
#[derive(Clone, Debug, PartialEq)]
pub struct Exit {
    /// Exit code when it exited normally.
    pub code: Option<i32>,
    /// Signal that ended it.
    pub signal: Option<i32>,
    /// User CPU time of the process and its waited-for descendants.
    pub user: Duration,
    /// System CPU time of the process and its waited-for descendants.
    pub system: Duration,
    /// Peak resident set size of this process tree (largest of the process and its
    /// waited-for descendants), bytes: `ru_maxrss` of this child alone, not the
    /// cumulative maximum over all children of joulebench.
    pub peak_rss_bytes: u64,
    /// Processes of its process group still running after it ended (`pid (name)`):
    /// background work whose energy the figure does not contain.
    pub leftover: Vec<String>,
}

/// Reap `pid`, blocking (retried when a signal interrupts it), and say how it ended,
/// with that child's own rusage. `leftover` is left empty: the caller fills it in after
/// taking its end time.
pub(crate) fn wait4(pid: i32) -> Result<Exit, ProcessError> {
    // Raw libc: nix has no wait4 (its waitpid gives no rusage), and its WaitStatus cannot
    // hold a signal it has no name for (a real-time signal), which WTERMSIG reports.
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is a valid value; wait4 fills it in.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: pointers are to live, properly aligned locals.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
        if r == pid {
            break;
        }
        let err = std::io::Error::last_os_error();
        if err.kind() == std::io::ErrorKind::Interrupted {
            continue;
        }
        return Err(ProcessError::Wait { pid, source: err });
    }
    let tv = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec.max(0) as u64) + Duration::from_micros(t.tv_usec.max(0) as u64)
    };
    let (code, signal) = if libc::WIFEXITED(status) {
        (Some(libc::WEXITSTATUS(status)), None)
    } else if libc::WIFSIGNALED(status) {
        (None, Some(libc::WTERMSIG(status)))
    } else {
        (None, None)
    };
    Ok(Exit {
        code,
        signal,
        user: tv(ru.ru_utime),
        system: tv(ru.ru_stime),
        // Linux reports ru_maxrss in kilobytes.
        peak_rss_bytes: (ru.ru_maxrss.max(0) as u64) * 1024,
        leftover: Vec::new(),
    })
}

/// The processes still in process group `pgid` (the measured command's, once it has
/// ended), as `pid (name)`. Cheap when there are none: one `killpg(pgid, 0)`.
pub(crate) fn leftover_in_group(pgid: i32) -> Vec<String> {
    // No signal: only whether the group still has a member.
    if killpg(Pid::from_raw(pgid), None).is_err() {
        return Vec::new();
    }
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return vec![format!("process group {pgid}")];
    };
    let mut found = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.parse::<i32>().ok()) else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(e.path().join("stat")) else {
            continue;
        };
        // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so
        // split at the last ')'.
        let Some((head, rest)) = stat.rsplit_once(')') else {
            continue;
        };
        let comm = head.split_once('(').map_or("?", |(_, c)| c);
        let pgrp = rest
            .split_whitespace()
            .nth(2)
            .and_then(|p| p.parse::<i32>().ok());
        if pgrp == Some(pgid) {
            found.push(format!("{pid} ({comm})"));
        }
    }
    if found.is_empty() {
        found.push(format!("process group {pgid}"));
    }
    found
}
