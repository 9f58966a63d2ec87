//! joulebench's side of the launcher: start it with the protocol pipes on its fds 3 and
//! 4, send the request, the go byte, and read the replies.

use super::protocol::{self, Reply, Request, REPLY_FD, REQUEST_FD};
use crate::error::ProcessError;
use crate::reap::Exit;
use crate::spec::{Launcher, Spawn};
use nix::fcntl::{fcntl, FcntlArg, OFlag};
use nix::unistd::dup2;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A launcher that has its request and is ready: the command starts on [`Ready::go`].
pub(crate) struct Ready {
    launcher: Child,
    go: File,
    replies: BufReader<File>,
}

/// A launcher whose command is running: [`Started::wait`] reads how it ended.
pub(crate) struct Started {
    pid: i32,
    launcher: Child,
    go: File,
    replies: BufReader<File>,
}

impl Ready {
    /// Start the launcher and hand it the request; returns once it is ready.
    pub(crate) fn start(spec: &Spawn, l: &Launcher, command: &str) -> Result<Ready, ProcessError> {
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
        let mut launcher = spawned.map_err(|e| {
            err(std::io::Error::new(
                e.kind(),
                format!("cannot start the launcher {}: {e}", l.program.display()),
            ))
        })?;
        let mut go = File::from(req_w);
        let mut replies = BufReader::new(File::from(rep_r));
        let line = protocol::line(&Request::from_spawn(spec))
            .map_err(|e| err(std::io::Error::other(e)))?;
        let sent = go.write_all(&line);
        match (sent, read_reply(&mut replies)) {
            (Ok(()), Some(Reply::Ready)) => Ok(Ready {
                launcher,
                go,
                replies,
            }),
            (_, other) => {
                drop(go);
                let _ = launcher.wait();
                Err(err(reply_error(other)))
            }
        }
    }

    /// Send the go byte; returns once the launcher says the command is running.
    pub(crate) fn go(self, command: String) -> Result<Started, ProcessError> {
        let Ready {
            mut launcher,
            mut go,
            mut replies,
        } = self;
        let sent = go.write_all(b"g");
        let reply = read_reply(&mut replies);
        match (sent, reply) {
            (Ok(()), Some(Reply::Started(pid))) => Ok(Started {
                pid,
                launcher,
                go,
                replies,
            }),
            (_, other) => {
                let _ = launcher.wait();
                Err(ProcessError::Spawn {
                    command,
                    source: reply_error(other),
                })
            }
        }
    }

    /// Never started: closing the go pipe makes the launcher exit; reap it.
    pub(crate) fn abandon(self) {
        let Ready {
            mut launcher, go, ..
        } = self;
        drop(go);
        let _ = launcher.wait();
    }
}

impl Started {
    /// The command's pid (also its process group).
    pub(crate) fn pid(&self) -> i32 {
        self.pid
    }

    /// Wait for the launcher's report of the end: how the command ended and the wall
    /// time the launcher measured, free of the wake-ups between the two processes.
    pub(crate) fn wait(self) -> Result<(Exit, Duration), ProcessError> {
        let Started {
            pid,
            mut launcher,
            go,
            mut replies,
        } = self;
        let reply = read_reply(&mut replies);
        let _ = launcher.wait();
        drop(go);
        match reply {
            Some(Reply::WaitFailed(m)) => Err(ProcessError::Wait {
                pid,
                source: std::io::Error::other(m),
            }),
            Some(r) => r.into_exit().ok_or_else(|| ProcessError::Wait {
                pid,
                source: std::io::Error::other("unexpected launcher reply"),
            }),
            None => Err(ProcessError::Wait {
                pid,
                source: std::io::Error::other("the launcher ended without reporting the exit"),
            }),
        }
    }
}

fn read_reply(r: &mut BufReader<File>) -> Option<Reply> {
    let mut line = String::new();
    match r.read_line(&mut line) {
        Ok(n) if n > 0 => serde_json::from_str(&line).ok(),
        _ => None,
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
