//! The messages between joulebench and its launcher, and the fds they travel on: one
//! JSON line each, a [`Request`] one way (then single bytes for each run: [`PREPARE`]
//! when asked for, and [`GO`], which the run's armed child reads itself) and [`Reply`]s
//! the other.

use crate::output::CommandOutput;
use crate::privilege::DropTo;
use crate::reap::Exit;
use crate::spec::{Program, Spawn};
use serde::{Deserialize, Serialize};
use std::ffi::OsString;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::PathBuf;
use std::time::Duration;

/// The launcher's request channel (read end), as numbered in the launcher.
pub(super) const REQUEST_FD: i32 = 3;
/// The launcher's reply channel (write end), as numbered in the launcher.
pub(super) const REPLY_FD: i32 = 4;

/// The byte joulebench sends on the request channel, when the launcher said
/// [`Reply::Idle`], to ask for the next run to be prepared (answered [`Reply::Ready`]).
pub(super) const PREPARE: u8 = b'p';
/// The byte that starts the run once the launcher said [`Reply::Ready`]: read by the
/// run's child itself, which then execs (answered, at the end, [`Reply::Exited`] or
/// [`Reply::SpawnFailed`]).
pub(super) const GO: u8 = b'g';

/// What to start, as sent to the launcher (bytes, so that any path or argument passes).
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Request {
    shell: Option<Vec<u8>>,
    argv: Vec<Vec<u8>>,
    stdin: Option<Vec<u8>>,
    output: Output,
    cwd: Option<Vec<u8>>,
    env: Vec<(String, String)>,
    drop_to: Option<DropTo>,
    /// joulebench's pid: the launcher gives up when its parent is not that process any
    /// more (joulebench died before the launcher asked to be told of its death).
    #[serde(default)]
    pub(super) parent: i32,
}

/// [`CommandOutput`] on the wire, its path as bytes like the others.
#[derive(Debug, Serialize, Deserialize)]
enum Output {
    Null,
    Pipe,
    Inherit,
    File(Vec<u8>),
}

/// The launcher's answers.
#[derive(Debug, Serialize, Deserialize)]
pub(super) enum Reply {
    /// Between runs, before the next one is prepared: the next run opens files of its
    /// own, so it waits for the prepare byte.
    Idle,
    /// The next run's child is forked and waits for the go byte; its pid, which is also
    /// its process group once it runs.
    Ready(i32),
    /// The request could not be used (a bug or a version mismatch, not the command's fault).
    Invalid(String),
    /// The command could not be started.
    SpawnFailed {
        /// The OS error number, when there is one.
        errno: Option<i32>,
        /// The error as text.
        message: String,
    },
    /// It ended; its own rusage.
    Exited {
        /// Exit code.
        code: Option<i32>,
        /// Signal that ended it.
        signal: Option<i32>,
        /// User CPU, microseconds.
        user_us: u64,
        /// System CPU, microseconds.
        system_us: u64,
        /// Peak resident memory, bytes.
        peak_rss_bytes: u64,
        /// Wall time from just before the fork to wait4's return, nanoseconds, as the
        /// launcher saw it (without the pipe and wake-up latency between the processes).
        wall_ns: u64,
        /// Processes of the command's process group still running after it ended
        /// (`pid (name)`): their energy is not in the figure.
        #[serde(default)]
        leftover: Vec<String>,
    },
    /// wait4 failed.
    WaitFailed(String),
}

impl Request {
    pub(super) fn from_spawn(s: &Spawn) -> Request {
        let bytes = |p: &std::path::Path| p.as_os_str().as_bytes().to_vec();
        let (shell, argv) = match &s.program {
            Program::Shell { shell, line } => (
                Some(shell.as_bytes().to_vec()),
                vec![line.as_bytes().to_vec()],
            ),
            Program::Direct(argv) => (None, argv.iter().map(|a| a.as_bytes().to_vec()).collect()),
        };
        Request {
            shell,
            argv,
            stdin: s.stdin.as_deref().map(bytes),
            output: match &s.output {
                CommandOutput::Null => Output::Null,
                CommandOutput::Pipe => Output::Pipe,
                CommandOutput::Inherit => Output::Inherit,
                CommandOutput::File(p) => Output::File(bytes(p)),
            },
            cwd: s.cwd.as_deref().map(bytes),
            env: s.env.clone(),
            drop_to: s.drop_to.clone(),
            parent: std::process::id() as i32,
        }
    }

    pub(super) fn into_spawn(self) -> Spawn {
        let os = |b: Vec<u8>| OsString::from_vec(b);
        let program = match self.shell {
            Some(shell) => Program::Shell {
                shell: os(shell).to_string_lossy().into_owned(),
                line: os(self.argv.into_iter().next().unwrap_or_default())
                    .to_string_lossy()
                    .into_owned(),
            },
            None => Program::Direct(self.argv.into_iter().map(os).collect()),
        };
        Spawn {
            program,
            stdin: self.stdin.map(|b| PathBuf::from(os(b))),
            output: match self.output {
                Output::Null => CommandOutput::Null,
                Output::Pipe => CommandOutput::Pipe,
                Output::Inherit => CommandOutput::Inherit,
                Output::File(b) => CommandOutput::File(PathBuf::from(os(b))),
            },
            cwd: self.cwd.map(|b| PathBuf::from(os(b))),
            env: self.env,
            drop_to: self.drop_to,
            launcher: None,
        }
    }
}

impl Reply {
    /// The reply that reports `exit`, which took `wall` as the launcher saw it.
    pub(super) fn exited(exit: Exit, wall: Duration) -> Reply {
        Reply::Exited {
            code: exit.code,
            signal: exit.signal,
            user_us: exit.user.as_micros() as u64,
            system_us: exit.system.as_micros() as u64,
            peak_rss_bytes: exit.peak_rss_bytes,
            wall_ns: wall.as_nanos() as u64,
            leftover: exit.leftover,
        }
    }

    /// The exit and the wall time the launcher measured.
    pub(super) fn into_exit(self) -> Option<(Exit, Duration)> {
        match self {
            Reply::Exited {
                code,
                signal,
                user_us,
                system_us,
                peak_rss_bytes,
                wall_ns,
                leftover,
            } => Some((
                Exit {
                    code,
                    signal,
                    user: Duration::from_micros(user_us),
                    system: Duration::from_micros(system_us),
                    peak_rss_bytes,
                    leftover,
                },
                Duration::from_nanos(wall_ns),
            )),
            _ => None,
        }
    }
}

/// `msg` as one protocol line: its JSON and a newline.
pub(super) fn line<T: Serialize>(msg: &T) -> serde_json::Result<Vec<u8>> {
    let mut line = serde_json::to_vec(msg)?;
    line.push(b'\n');
    Ok(line)
}
