//! A small launcher process that starts the measured command, so that its peak memory is
//! its own.
//!
//! Why: Linux keeps a process's `ru_maxrss` across `exec`, and at `exec` it records the
//! high-water mark of the memory the process had *before*: for a child made by `fork`,
//! a copy of the parent's memory; for `vfork`/`posix_spawn`, the parent's memory itself.
//! A command started directly by joulebench (several MB resident, more during a long
//! ranking) therefore reports at least joulebench's own size as its peak memory: `true`
//! measured 6.1 MB instead of about 1 MB. The launcher is a freshly exec'd, tiny copy of
//! the joulebench binary (`joulebench __launch`): its `fork` copies only its own small
//! memory, so `wait4` reports the command's peak, not the measurer's.
//!
//! Protocol, one JSON line per message: joulebench writes a [`Request`] on the launcher's
//! fd 3; the launcher prepares everything and answers [`Reply::Ready`] on fd 4; joulebench
//! takes its "before" sensor reading and writes one byte (go); the launcher forks and
//! execs, answers [`Reply::Started`] (or [`Reply::SpawnFailed`]), waits with `wait4` and
//! answers [`Reply::Exited`] with that child's own rusage.

use crate::privilege::DropTo;
use crate::process::{Exit, Program, Spawn};
use serde::{Deserialize, Serialize};
use std::ffi::OsString;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::os::fd::FromRawFd;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::Duration;

/// The first argument that makes the joulebench binary act as the launcher.
pub const LAUNCH_ARG: &str = "__launch";

/// The launcher's request channel (read end), as numbered in the launcher.
pub(crate) const REQUEST_FD: i32 = 3;
/// The launcher's reply channel (write end), as numbered in the launcher.
pub(crate) const REPLY_FD: i32 = 4;

/// How to start a launcher: a program (normally this very binary) and its arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Launcher {
    /// The program.
    pub program: PathBuf,
    /// Its arguments (normally just [`LAUNCH_ARG`]).
    pub args: Vec<OsString>,
}

impl Launcher {
    /// This binary, with [`LAUNCH_ARG`]: for programs whose `main` calls [`launcher_main`] when
    /// their first argument is [`LAUNCH_ARG`].
    pub fn current_exe() -> std::io::Result<Launcher> {
        Ok(Launcher {
            program: std::env::current_exe()?,
            args: vec![LAUNCH_ARG.into()],
        })
    }
}

/// What to start, as sent to the launcher (bytes, so that any path or argument passes).
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Request {
    shell: Option<Vec<u8>>,
    argv: Vec<Vec<u8>>,
    stdin: Option<Vec<u8>>,
    show_output: bool,
    cwd: Option<Vec<u8>>,
    env: Vec<(String, String)>,
    drop_to: Option<DropTo>,
    /// joulebench's pid: the launcher gives up when its parent is not that process any
    /// more (joulebench died before the launcher asked to be told of its death).
    #[serde(default)]
    parent: i32,
}

/// The launcher's answers.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum Reply {
    /// Prepared; waiting for the go byte.
    Ready,
    /// The request could not be used (a bug or a version mismatch, not the command's fault).
    Invalid(String),
    /// The command is running with this pid (also its process group).
    Started(i32),
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
    pub(crate) fn from_spawn(s: &Spawn) -> Request {
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
            show_output: s.show_output,
            cwd: s.cwd.as_deref().map(bytes),
            env: s.env.clone(),
            drop_to: s.drop_to.clone(),
            parent: std::process::id() as i32,
        }
    }

    fn into_spawn(self) -> Spawn {
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
            show_output: self.show_output,
            cwd: self.cwd.map(|b| PathBuf::from(os(b))),
            env: self.env,
            drop_to: self.drop_to,
            launcher: None,
        }
    }
}

impl Reply {
    /// The exit and the wall time the launcher measured.
    pub(crate) fn into_exit(self) -> Option<(Exit, Duration)> {
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

fn send(out: &mut File, reply: &Reply) -> bool {
    let Ok(mut line) = serde_json::to_vec(reply) else {
        return false;
    };
    line.push(b'\n');
    out.write_all(&line).is_ok()
}

/// Report that the command could not be started; the launcher's exit status.
fn spawn_failed(out: &mut File, e: &std::io::Error) -> i32 {
    send(
        out,
        &Reply::SpawnFailed {
            errno: e.raw_os_error(),
            message: e.to_string(),
        },
    );
    1
}

/// The launcher's `main`: serve one request on fds 3 and 4, then return the exit status
/// for the launcher process. Call it first thing in `main` when the first argument is
/// [`LAUNCH_ARG`], before anything allocates much.
pub fn launcher_main() -> i32 {
    harden();
    // SAFETY: the parent set up fds 3 and 4 for us (see process.rs); if it did not, the
    // reads and writes below fail and we exit.
    let (input, mut out) = unsafe { (File::from_raw_fd(REQUEST_FD), File::from_raw_fd(REPLY_FD)) };
    // The launcher is in joulebench's process group: Ctrl-C at the terminal must not kill
    // it before it reports how the command ended (joulebench stops the command itself).
    for sig in [libc::SIGINT, libc::SIGQUIT, libc::SIGTERM] {
        // SAFETY: setting a signal to SIG_IGN has no preconditions.
        unsafe {
            libc::signal(sig, libc::SIG_IGN);
        }
    }
    let mut input = BufReader::new(input);
    let mut line = String::new();
    if input.read_line(&mut line).unwrap_or(0) == 0 {
        return 2;
    }
    let spawn = match serde_json::from_str::<Request>(&line) {
        // SAFETY: getppid cannot fail.
        Ok(r) if r.parent != 0 && r.parent != unsafe { libc::getppid() } => {
            // joulebench is gone already (before PR_SET_PDEATHSIG took effect).
            return 2;
        }
        Ok(r) => r.into_spawn(),
        Err(e) => {
            send(&mut out, &Reply::Invalid(format!("bad request: {e}")));
            return 2;
        }
    };
    let mut cmd = match command(&spawn) {
        Ok(c) => c,
        Err(e) => {
            send(&mut out, &Reply::Invalid(e.to_string()));
            return 1;
        }
    };
    if !send(&mut out, &Reply::Ready) {
        return 2;
    }
    let mut go = [0u8; 1];
    if input.read_exact(&mut go).is_err() {
        // joulebench went away before starting the run: nothing to do.
        return 0;
    }
    let t0 = std::time::Instant::now();
    let child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => return spawn_failed(&mut out, &e),
    };
    let pid = child.id() as i32;
    drop(child);
    COMMAND_GROUP.store(pid, Ordering::SeqCst);
    send(&mut out, &Reply::Started(pid));
    match crate::process::wait4(pid) {
        Ok(e) => {
            let wall_ns = t0.elapsed().as_nanos() as u64;
            let leftover = crate::process::leftover_in_group(pid);
            send(
                &mut out,
                &Reply::Exited {
                    code: e.code,
                    signal: e.signal,
                    user_us: e.user.as_micros() as u64,
                    system_us: e.system.as_micros() as u64,
                    peak_rss_bytes: e.peak_rss_bytes,
                    wall_ns,
                    leftover,
                },
            );
            0
        }
        Err(e) => {
            send(&mut out, &Reply::WaitFailed(e.to_string()));
            1
        }
    }
}

/// The measured command's process group, once started: what [`parent_died`] kills.
static COMMAND_GROUP: AtomicI32 = AtomicI32::new(0);

/// The signal the kernel sends the launcher when joulebench dies (PR_SET_PDEATHSIG). Not
/// one a terminal sends, so that only the parent's death triggers it.
const PARENT_DIED: i32 = libc::SIGUSR2;

extern "C" fn parent_died(_: libc::c_int) {
    let group = COMMAND_GROUP.load(Ordering::SeqCst);
    // SAFETY: kill and _exit are async-signal-safe.
    unsafe {
        if group > 0 {
            libc::kill(-group, libc::SIGKILL);
        }
        libc::_exit(3);
    }
}

/// Make the launcher safe to hand a hostile command to, before it reads anything:
/// - fds 3 and 4 (the protocol) are close-on-exec, so the command cannot write a forged
///   reply on them (dup2 clears the flag the parent set);
/// - it is not dumpable, so a command running as the same user cannot reopen those pipes
///   through `/proc/<launcher>/fd` either (nor ptrace it);
/// - when joulebench dies (even by `kill -9`), the kernel signals it, and it kills the
///   command's whole process group instead of leaving it running, orphaned.
fn harden() {
    // SAFETY: fcntl/prctl/signal on our own fds and process; the handler is
    // async-signal-safe.
    unsafe {
        for fd in [REQUEST_FD, REPLY_FD] {
            libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC);
        }
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
        libc::signal(
            PARENT_DIED,
            parent_died as extern "C" fn(libc::c_int) as libc::sighandler_t,
        );
        libc::prctl(libc::PR_SET_PDEATHSIG, PARENT_DIED, 0, 0, 0);
    }
}

/// The measured command, as the launcher starts it: own process group, the signals the
/// launcher ignores set back to default, and always by `fork` (a `pre_exec` hook makes std
/// fork rather than `posix_spawn`): `posix_spawn` shares the launcher's memory until exec,
/// and its high-water mark would be recorded as the command's.
fn command(spawn: &Spawn) -> std::io::Result<Command> {
    let mut cmd = crate::process::base_command(spawn);
    // Opened with the rights of the user the command runs as, not the launcher's (root
    // under sudo).
    let input = |p: &std::path::Path| match &spawn.drop_to {
        Some(d) => d.open_for_reading(p),
        None => File::open(p),
    };
    cmd.stdin(match &spawn.stdin {
        Some(p) => Stdio::from(input(p).map_err(|e| {
            std::io::Error::new(
                e.kind(),
                format!("cannot open input file {}: {e}", p.display()),
            )
        })?),
        None => Stdio::null(),
    });
    // SAFETY: signal() with SIG_DFL is async-signal-safe and touches no Rust state.
    unsafe {
        cmd.pre_exec(|| {
            for sig in [libc::SIGINT, libc::SIGQUIT, libc::SIGTERM] {
                libc::signal(sig, libc::SIG_DFL);
            }
            // Killed with the launcher, should the launcher itself be killed. Set here,
            // after the privilege drop: a change of ids clears it.
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0);
            Ok(())
        });
    }
    Ok(cmd)
}
