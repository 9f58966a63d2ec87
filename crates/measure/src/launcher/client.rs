//! joulebench's side of the launcher: start it with the protocol pipes on its fds 3 and
//! 4, send the request once, then for each run read that its child is ready (asking for
//! the run to be prepared first when the launcher waits for that), send the go byte
//! and read how the run ended. One launcher serves every run of one benchmark; the
//! [`Pool`] keeps the launchers of the benchmarks of a session between their runs.

use super::protocol::{self, Reply, Request, REPLY_FD, REQUEST_FD};
use crate::error::ProcessError;
use crate::reap::Exit;
use crate::spec::{Launcher, Spawn};
use nix::fcntl::{fcntl, FcntlArg, OFlag};
use nix::sys::signal::{killpg, Signal};
use nix::unistd::dup2;
use nix::unistd::Pid;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The most launchers kept between runs: one per benchmark of an interleaved session is
/// the common case; a ranking of hundreds of cells must not keep hundreds of processes.
const POOL_MAX: usize = 8;

/// The launchers of a session, each waiting for the next run of its benchmark.
#[derive(Default)]
pub(crate) struct Pool {
    idle: Vec<Resident>,
}

impl Pool {
    /// A launcher for `spec`, ready for a run (asked to prepare it, its ready read): the
    /// one that served the previous run of the same request when it is still alive, a
    /// fresh one otherwise.
    pub(crate) fn ready(
        &mut self,
        spec: &Spawn,
        l: &Launcher,
        command: &str,
    ) -> Result<Resident, ProcessError> {
        let key =
            protocol::line(&Request::from_spawn(spec)).map_err(|e| spawn_error(command, e))?;
        if let Some(i) = self.idle.iter().position(|r| r.key == key) {
            let mut kept = self.idle.remove(i);
            // A launcher killed between runs (by anyone: it ends as the measured user's
            // process under no sudo) is replaced, not reported: no run was lost.
            if kept.prepare(command).is_ok() {
                return Ok(kept);
            }
        }
        let mut fresh = Resident::start(l, key, command)?;
        fresh.prepare(command)?;
        Ok(fresh)
    }

    /// Keep `r` for its benchmark's next run; the oldest goes when the pool is full.
    pub(crate) fn put(&mut self, r: Resident) {
        if self.idle.len() >= POOL_MAX {
            self.idle.remove(0);
        }
        self.idle.push(r);
    }
}

/// Where a launcher is in its protocol.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Phase {
    /// Between runs: its next message says whether the next run's child is ready
    /// ([`Reply::Ready`]) or the run must be asked for first ([`Reply::Idle`]). Nothing
    /// of a run that opens files is open yet.
    Idle,
    /// Asked to prepare a run: its next message is a ready.
    Preparing,
    /// Its child (this pid) waits for the go byte.
    Ready(i32),
    /// A command (this pid) is running: the next message is its end.
    Running(i32),
    /// The protocol broke (a bad or missing reply): never used again.
    Broken,
}

/// A launcher serving the runs of one benchmark (one [`Request`]).
pub(crate) struct Resident {
    launcher: Child,
    /// The request pipe: the go bytes; closing it ends the launcher.
    go: Option<File>,
    replies: BufReader<File>,
    /// The request line it was started with: which benchmark it serves.
    key: Vec<u8>,
    phase: Phase,
    /// The command of the run in progress, for its error should it not start.
    command: String,
}

impl Resident {
    /// Start a launcher and hand it the request `key` (a protocol line).
    fn start(l: &Launcher, key: Vec<u8>, command: &str) -> Result<Resident, ProcessError> {
        let err = |source: std::io::Error| ProcessError::Spawn {
            command: command.to_string(),
            source,
        };
        let (req_r, req_w) = pipe().map_err(err)?;
        let (rep_r, rep_w) = pipe().map_err(err)?;
        let (child_req, child_rep) = (req_r.as_raw_fd(), rep_w.as_raw_fd());
        let mut cmd = Command::new(&l.program);
        cmd.args(&l.args).stdin(Stdio::null());
        // SAFETY: dup2 is async-signal-safe; both fds stay open until the spawn returns.
        unsafe {
            cmd.pre_exec(move || {
                dup2(child_req, REQUEST_FD)?;
                dup2(child_rep, REPLY_FD)?;
                Ok(())
            });
        }
        let spawned = cmd.spawn();
        // The launcher has its own copies now.
        drop((req_r, rep_w));
        let launcher = spawned.map_err(|e| {
            err(std::io::Error::new(
                e.kind(),
                format!("cannot start the launcher {}: {e}", l.program.display()),
            ))
        })?;
        let mut r = Resident {
            launcher,
            go: Some(File::from(req_w)),
            replies: BufReader::new(File::from(rep_r)),
            key,
            phase: Phase::Idle,
            command: String::new(),
        };
        let sent = match r.go.as_mut() {
            Some(go) => go.write_all(&r.key),
            None => Err(std::io::ErrorKind::BrokenPipe.into()),
        };
        if let Err(e) = sent {
            r.phase = Phase::Broken;
            return Err(err(e));
        }
        Ok(r)
    }

    /// Get the launcher's next run ready: read its ready, or, when it waits to be asked
    /// (the run opens files of its own), ask it to prepare the run and then read its
    /// ready. Asked only now, after this run's `--prepare` hook and the previous run's
    /// `--conclude`, so that the run reads the input as the hooks left it, and an output
    /// file is truncated only for a run that happens.
    fn prepare(&mut self, command: &str) -> Result<(), ProcessError> {
        let broken = |r: &mut Resident, source: std::io::Error| {
            r.phase = Phase::Broken;
            ProcessError::Spawn {
                command: command.to_string(),
                source,
            }
        };
        if self.phase != Phase::Idle {
            return Err(broken(
                self,
                std::io::Error::other("launcher not between runs"),
            ));
        }
        let mut reply = self.read_reply();
        if let Some(Reply::Idle) = reply {
            self.phase = Phase::Preparing;
            let sent = match self.go.as_mut() {
                Some(go) => go.write_all(&[protocol::PREPARE]),
                None => Err(std::io::ErrorKind::BrokenPipe.into()),
            };
            if let Err(e) = sent {
                return Err(broken(self, e));
            }
            reply = self.read_reply();
        }
        match reply {
            Some(Reply::Ready(pid)) => {
                self.phase = Phase::Ready(pid);
                Ok(())
            }
            other => Err(broken(self, reply_error(other))),
        }
    }

    /// Send the go byte: the run's child starts the command. Returns its pid (also its
    /// process group once it has exec'd); whether it could start comes with its end.
    pub(crate) fn go(&mut self, command: String) -> Result<i32, ProcessError> {
        let Phase::Ready(pid) = self.phase else {
            return Err(ProcessError::Spawn {
                command,
                source: std::io::Error::other("launcher not ready"),
            });
        };
        let sent = match self.go.as_mut() {
            Some(go) => go.write_all(&[protocol::GO]),
            None => Err(std::io::ErrorKind::BrokenPipe.into()),
        };
        if let Err(source) = sent {
            self.phase = Phase::Broken;
            return Err(ProcessError::Spawn { command, source });
        }
        self.phase = Phase::Running(pid);
        self.command = command;
        Ok(pid)
    }

    /// Wait up to `timeout` for the launcher's report of the end of the run of `pid`:
    /// how the command ended and the wall time the launcher measured, free of the
    /// wake-ups between the two processes. `Ok(None)`: not yet, or a signal arrived (the
    /// caller looks at its stop flag).
    pub(crate) fn try_exit(
        &mut self,
        pid: i32,
        timeout: Duration,
    ) -> Result<Option<(Exit, Duration)>, ProcessError> {
        if self.phase != Phase::Running(pid) {
            return Err(wait_error(pid, "no run in progress"));
        }
        // A whole reply may already sit in the buffer; otherwise wait for the pipe.
        if self.replies.buffer().is_empty() && !readable(self.replies.get_ref(), timeout) {
            return Ok(None);
        }
        let reply = self.read_reply();
        self.phase = match reply {
            Some(Reply::Exited { .. } | Reply::SpawnFailed { .. }) => Phase::Idle,
            _ => Phase::Broken,
        };
        match reply {
            // The command could not start; the launcher serves the next run.
            Some(r @ Reply::SpawnFailed { .. }) => Err(ProcessError::Spawn {
                command: std::mem::take(&mut self.command),
                source: reply_error(Some(r)),
            }),
            Some(Reply::WaitFailed(m)) => Err(wait_error(pid, &m)),
            Some(r) => r
                .into_exit()
                .map(Some)
                .ok_or_else(|| wait_error(pid, "unexpected launcher reply")),
            None => {
                // Nobody will reap what the run left: stop its whole group now (the
                // command itself died with its launcher, by its parent-death signal).
                let _ = killpg(Pid::from_raw(pid), Signal::SIGKILL);
                Err(wait_error(pid, &self.how_it_ended()))
            }
        }
    }

    /// Whether it can serve another run: it reported the last one in full.
    pub(crate) fn reusable(&self) -> bool {
        self.phase == Phase::Idle
    }

    /// Why the launcher stopped talking, for the error of the run it was serving.
    fn how_it_ended(&mut self) -> String {
        // Its end of the reply pipe closed: it is exiting, so this wait is short.
        let how = match self.launcher.wait() {
            Ok(status) => format!(" ({status})"),
            _ => String::new(),
        };
        format!("the launcher ended without reporting the exit{how}")
    }

    fn read_reply(&mut self) -> Option<Reply> {
        let mut line = String::new();
        match self.replies.read_line(&mut line) {
            Ok(n) if n > 0 => serde_json::from_str(&line).ok(),
            _ => None,
        }
    }
}

impl Drop for Resident {
    /// Closing the request pipe ends a launcher between runs or waiting for the go (its
    /// armed child reads the end of the pipe instead of the go byte, and exits); one
    /// still running a command (an error cut the run short), or still preparing a run
    /// (it may be blocked opening a FIFO), is killed, and the command with it (its
    /// parent-death signal). Either way it is reaped.
    fn drop(&mut self) {
        self.go = None;
        if matches!(
            self.phase,
            Phase::Preparing | Phase::Running(_) | Phase::Broken
        ) {
            let _ = self.launcher.kill();
        }
        let _ = self.launcher.wait();
    }
}

/// Whether `f` has something to read (or its writer closed it) within `timeout`. A
/// signal cuts the wait short (false): the caller then looks at its stop flag.
fn readable(f: &File, timeout: Duration) -> bool {
    let mut fd = libc::pollfd {
        fd: f.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    let ts = libc::timespec {
        tv_sec: timeout.as_secs().min(i32::MAX as u64) as libc::time_t,
        tv_nsec: timeout.subsec_nanos() as libc::c_long,
    };
    // Raw libc: nix's poll is behind a feature the workspace does not enable, and takes
    // whole milliseconds, too coarse for 1000 Hz sampling.
    // SAFETY: one valid pollfd and a valid timespec, both live locals; no signal mask.
    let n = unsafe { libc::ppoll(&mut fd, 1, &ts, std::ptr::null()) };
    n > 0
}

fn spawn_error(command: &str, why: impl std::fmt::Display) -> ProcessError {
    ProcessError::Spawn {
        command: command.to_string(),
        source: std::io::Error::other(why.to_string()),
    }
}

fn wait_error(pid: i32, why: &str) -> ProcessError {
    ProcessError::Wait {
        pid,
        source: std::io::Error::other(why.to_string()),
    }
}

fn reply_error(reply: Option<Reply>) -> std::io::Error {
    match reply {
        Some(Reply::SpawnFailed { errno: Some(e), .. }) => std::io::Error::from_raw_os_error(e),
        Some(Reply::SpawnFailed { message, .. }) | Some(Reply::Invalid(message)) => {
            std::io::Error::other(message)
        }
        Some(other) => std::io::Error::other(format!("unexpected launcher reply {other:?}")),
        None => std::io::Error::other("the launcher ended before starting the command"),
    }
}

/// A close-on-exec pipe whose ends are numbered 10 or above, so that the launcher's
/// `dup2` onto fds 3 and 4 can never clobber one with the other.
fn pipe() -> std::io::Result<(OwnedFd, OwnedFd)> {
    let (r, w) = nix::unistd::pipe2(OFlag::O_CLOEXEC)?;
    let high = |fd: OwnedFd| -> std::io::Result<OwnedFd> {
        let n = fcntl(fd.as_raw_fd(), FcntlArg::F_DUPFD_CLOEXEC(10))?;
        // SAFETY: F_DUPFD_CLOEXEC succeeded: n is a new open fd (>= 10) that we own.
        Ok(unsafe { OwnedFd::from_raw_fd(n) })
    };
    Ok((high(r)?, high(w)?))
}
