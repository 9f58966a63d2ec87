//! A child forked ahead of its run: it waits, between `fork` and `exec`, for the go byte,
//! which it reads from joulebench itself.
//!
//! Why: `fork` is the dearest step of starting a command (it copies the launcher's page
//! tables, and each side then takes copy-on-write faults), and hyperfine's `posix_spawn`
//! does not pay it (but shares its parent's memory until `exec`, which the kernel then
//! records as the command's peak memory: see the module above). Forked ahead, its cost
//! falls before the run's first energy reading, usually while joulebench is still
//! recording the previous run. And since the child reads the go byte from the request
//! pipe itself, the run starts with one wake-up (joulebench to the child) and the `exec`,
//! as hyperfine's starts with its spawn; the launcher meanwhile waits in `wait4`.
//!
//! The child reports on its status pipe (close-on-exec): `s` and the time it read the go
//! byte (`CLOCK_MONOTONIC`, nanoseconds, 8 bytes little-endian) just before its `exec`;
//! then, only if `exec` failed, `e`, the error number (4 bytes; 0 when there is none)
//! and the error's text. Or `c` alone: it read something other than the go byte (the
//! end of the pipe: joulebench gave the run up, or went away) and exits without running
//! anything. It holds no reply channel (fd 4 is closed in it at once), so that it can
//! never keep joulebench waiting on a launcher that died.

use super::protocol::{GO, REPLY_FD, REQUEST_FD};
use crate::reap::{wait4, Exit};
use nix::errno::Errno;
use nix::fcntl::OFlag;
use nix::time::{clock_gettime, ClockId};
use nix::unistd::{fork, ForkResult, Pid};
use std::fs::File;
use std::io::Read;
use std::os::fd::OwnedFd;
use std::os::unix::process::CommandExt;
use std::process::Command;
use std::time::Duration;

/// A forked child waiting for the go byte.
pub(super) struct Armed {
    pid: Pid,
    /// The child's status pipe (read end).
    status: File,
}

/// How an armed child's run went.
pub(super) enum Outcome {
    /// The command ran and ended: how, and its wall time from the go byte to `wait4`.
    Ran(Exit, Duration),
    /// The command could not be started.
    SpawnFailed(std::io::Error),
    /// joulebench closed the request pipe (or sent something else) instead of the go.
    Cancelled,
    /// The child ended without a report (killed before it read the go byte), or could
    /// not be waited for.
    Lost(String),
}

impl Armed {
    /// Fork a child that will run `cmd` when joulebench sends the go byte. The launcher
    /// must not read the request pipe until [`Armed::finish`] returns. Call it while the
    /// launcher is single-threaded, or while its other threads (output drains) touch
    /// nothing the child needs: glibc keeps `malloc` usable in the child of a threaded
    /// `fork`, and the child takes no other lock before `exec`.
    pub(super) fn fork(mut cmd: Command) -> std::io::Result<Armed> {
        let (st_r, st_w) = nix::unistd::pipe2(OFlag::O_CLOEXEC)?;
        // SAFETY: the child closes fds, reads one byte, writes its report, and then
        // either execs (through std's `exec`, which allocates: see above) or `_exit`s.
        match unsafe { fork() }? {
            ForkResult::Child => {
                drop(st_r);
                let _ = nix::unistd::close(REPLY_FD);
                child(&mut cmd, st_w)
            }
            ForkResult::Parent { child } => Ok(Armed {
                pid: child,
                status: File::from(st_r),
            }),
        }
    }

    /// Its pid; once it has exec'd, also its process group (it makes its own as it
    /// execs).
    pub(super) fn pid(&self) -> i32 {
        self.pid.as_raw()
    }

    /// Wait for the child's end (it may first wait for the go byte), then read its
    /// report.
    pub(super) fn finish(mut self) -> Outcome {
        let reaped = wait4(self.pid.as_raw());
        let ended = monotonic_ns();
        let mut report = Vec::new();
        // The child is gone: its end of the pipe is closed, so this read ends at once.
        let _ = self.status.read_to_end(&mut report);
        let exit = match reaped {
            Ok(e) => e,
            Err(e) => return Outcome::Lost(e.to_string()),
        };
        match report.split_first() {
            Some((b'c', _)) => Outcome::Cancelled,
            Some((b's', rest)) if rest.len() >= 8 => {
                let (t0, failure) = rest.split_at(8);
                let t0 = u64::from_le_bytes(t0.try_into().unwrap_or([0; 8]));
                match failure.split_first() {
                    Some((b'e', why)) => Outcome::SpawnFailed(exec_error(why)),
                    _ => Outcome::Ran(exit, Duration::from_nanos(ended.saturating_sub(t0))),
                }
            }
            _ => Outcome::Lost(format!(
                "the process forked for the run ended before it started the command ({})",
                match (exit.code, exit.signal) {
                    (_, Some(s)) => format!("signal {s}"),
                    (Some(c), _) => format!("exit code {c}"),
                    _ => "no status".into(),
                }
            )),
        }
    }
}

/// The error of a failed `exec` from the child's report (error number, then text).
fn exec_error(report: &[u8]) -> std::io::Error {
    let (errno, text) = report.split_at(report.len().min(4));
    match i32::from_le_bytes(errno.try_into().unwrap_or([0; 4])) {
        0 => std::io::Error::other(String::from_utf8_lossy(text).into_owned()),
        n => std::io::Error::from_raw_os_error(n),
    }
}

/// `CLOCK_MONOTONIC` in nanoseconds: the clock both sides of the status pipe read (and
/// the one `std::time::Instant` reads on Linux).
fn monotonic_ns() -> u64 {
    clock_gettime(ClockId::CLOCK_MONOTONIC)
        .map(|t| t.tv_sec() as u64 * 1_000_000_000 + t.tv_nsec() as u64)
        .unwrap_or(0)
}

/// The armed child: wait for the go byte on the request pipe; on it, report the time and
/// `exec` the command; on anything else, report `c` and exit.
fn child(cmd: &mut Command, status: OwnedFd) -> ! {
    let mut b = [0u8; 1];
    let got = loop {
        match nix::unistd::read(REQUEST_FD, &mut b) {
            Err(Errno::EINTR) => continue,
            r => break r,
        }
    };
    if got != Ok(1) || b[0] != GO {
        let _ = nix::unistd::write(&status, b"c");
        // SAFETY: _exit ends the process at once, running nothing of the launcher's.
        unsafe { libc::_exit(0) }
    }
    // On the stack: nothing allocates between the go byte and the exec.
    let mut started = [b's'; 9];
    started[1..].copy_from_slice(&monotonic_ns().to_le_bytes());
    let _ = nix::unistd::write(&status, &started);
    let e = cmd.exec();
    let mut report = vec![b'e'];
    report.extend_from_slice(&e.raw_os_error().unwrap_or(0).to_le_bytes());
    report.extend_from_slice(e.to_string().as_bytes());
    let _ = nix::unistd::write(&status, &report);
    // SAFETY: as above.
    unsafe { libc::_exit(127) }
}
