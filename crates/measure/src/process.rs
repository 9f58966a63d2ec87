//! Starting one measured process tree, waiting for it with `wait4` (per-run rusage), and
//! killing its whole process group on timeout or interruption.

use crate::launch::{Launcher, Reply, Request, REPLY_FD, REQUEST_FD};
use crate::privilege::DropTo;
use std::ffi::OsString;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// How the command is given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Program {
    /// A command line run through a shell (`sh -c LINE` by default), as hyperfine does.
    Shell {
        /// The shell to use (e.g. `sh`, `bash`).
        shell: String,
        /// The command line.
        line: String,
    },
    /// A program and its arguments, run without a shell.
    Direct(Vec<OsString>),
}

impl Program {
    /// The command as shown to users.
    pub fn display(&self) -> String {
        match self {
            Program::Shell { line, .. } => line.clone(),
            Program::Direct(argv) => argv
                .iter()
                .map(|a| a.to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
}

/// Everything needed to start the process.
#[derive(Clone, Debug)]
pub struct Spawn {
    /// What to run.
    pub program: Program,
    /// File to connect to standard input (None: /dev/null).
    pub stdin: Option<PathBuf>,
    /// Let stdout and stderr through (otherwise discarded).
    pub show_output: bool,
    /// Working directory (None: inherit).
    pub cwd: Option<PathBuf>,
    /// Extra environment variables.
    pub env: Vec<(String, String)>,
    /// Privileges to drop to before exec, when running as root under sudo.
    pub drop_to: Option<DropTo>,
    /// Start it through this launcher, so that its peak memory is its own (see
    /// [`crate::launch`]); None: start it directly (its peak memory then includes this
    /// process's own resident size).
    pub launcher: Option<Launcher>,
}

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

/// Errors starting or waiting for a process.
#[derive(Debug, thiserror::Error)]
pub enum ProcessError {
    /// The program could not be started (not found, not executable, bad cwd...).
    #[error("cannot start `{command}`: {source}")]
    Spawn {
        /// The command.
        command: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The stdin file could not be opened.
    #[error("cannot open input file {}: {source}", path.display())]
    Input {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// wait4 failed.
    #[error("waiting for pid {pid} failed: {source}")]
    Wait {
        /// The child.
        pid: i32,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// A started process tree, in its own process group.
pub(crate) struct Running {
    pid: i32,
    started: Instant,
    done: mpsc::Receiver<Result<(Exit, Instant), ProcessError>>,
}

/// A process ready to start: everything that can be done before the measurement begins
/// (starting the launcher, opening files) is done. [`Prepared::go`] starts it.
pub(crate) struct Prepared {
    command: String,
    how: Option<How>,
}

enum How {
    Direct(Command),
    Launched {
        launcher: Child,
        go: File,
        replies: BufReader<File>,
    },
}

/// The command as [`Running::start`] would run it, without stdin: program and arguments,
/// stdout and stderr, working directory, environment, own process group, dropped
/// privileges.
pub(crate) fn base_command(spec: &Spawn) -> Command {
    let mut cmd = match &spec.program {
        Program::Shell { shell, line } => {
            let mut c = Command::new(shell);
            c.arg("-c").arg(line);
            c
        }
        Program::Direct(argv) => {
            let mut c = Command::new(argv.first().cloned().unwrap_or_default());
            c.args(argv.iter().skip(1));
            c
        }
    };
    if !spec.show_output {
        cmd.stdout(Stdio::null()).stderr(Stdio::null());
    }
    if let Some(dir) = &spec.cwd {
        cmd.current_dir(dir);
    }
    for (k, v) in &spec.env {
        cmd.env(k, v);
    }
    // Own process group, so a timeout or Ctrl-C can stop the whole tree.
    cmd.process_group(0);
    if let Some(d) = &spec.drop_to {
        d.apply(&mut cmd);
    }
    cmd
}

impl Running {
    /// Start `spec` in a new process group ([`Running::prepare`], then [`Prepared::go`]).
    pub(crate) fn start(spec: &Spawn) -> Result<Running, ProcessError> {
        Running::prepare(spec)?.go()
    }

    /// Get `spec` ready to start: open its input, and start its launcher when it has one
    /// (see [`crate::launch`]), so that none of that falls inside the measurement.
    pub(crate) fn prepare(spec: &Spawn) -> Result<Prepared, ProcessError> {
        let command = spec.program.display();
        let how = match &spec.launcher {
            None => {
                let mut cmd = base_command(spec);
                direct_stdin(spec, &mut cmd)?;
                How::Direct(cmd)
            }
            // The launcher opens the input, as the user the command runs as.
            Some(l) => launched(spec, l, &command)?,
        };
        Ok(Prepared {
            command,
            how: Some(how),
        })
    }
    /// When it was started.
    pub(crate) fn started(&self) -> Instant {
        self.started
    }

    /// Wait up to `timeout` for the process to end. `Ok(None)` when still running; the
    /// end time is taken when wait4 returned, not when this was called.
    pub(crate) fn wait_timeout(
        &self,
        timeout: Duration,
    ) -> Result<Option<(Exit, Instant)>, ProcessError> {
        match self.done.recv_timeout(timeout) {
            Ok(r) => r.map(Some),
            Err(mpsc::RecvTimeoutError::Timeout) => Ok(None),
            Err(mpsc::RecvTimeoutError::Disconnected) => Err(ProcessError::Wait {
                pid: self.pid,
                source: std::io::Error::other("waiter thread ended"),
            }),
        }
    }

    /// Send `signal` to the whole process group.
    fn signal_group(&self, signal: i32) {
        // SAFETY: kill has no memory-safety preconditions; a negative pid names the group.
        unsafe {
            libc::kill(-self.pid, signal);
        }
    }

    /// Stop the whole group: SIGTERM, then SIGKILL after `grace`; waits for the end.
    pub(crate) fn kill_group(&self, grace: Duration) -> Result<(Exit, Instant), ProcessError> {
        self.signal_group(libc::SIGTERM);
        if let Some(r) = self.wait_timeout(grace)? {
            self.signal_group(libc::SIGKILL);
            return Ok(r);
        }
        self.signal_group(libc::SIGKILL);
        loop {
            if let Some(r) = self.wait_timeout(Duration::from_secs(1))? {
                return Ok(r);
            }
            self.signal_group(libc::SIGKILL);
        }
    }
}

pub(crate) fn wait4(pid: i32) -> Result<Exit, ProcessError> {
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
/// ended), as `pid (name)`. Cheap when there are none: one `kill(-pgid, 0)`.
pub(crate) fn leftover_in_group(pgid: i32) -> Vec<String> {
    // SAFETY: signal 0 only checks for existence.
    if unsafe { libc::kill(-pgid, 0) } != 0 {
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

/// Standard input for a command started directly. Under a privilege drop the file is
/// opened in the child after the drop, so that it is read with the user's rights, not
/// root's (this multi-threaded process cannot switch its own ids for a moment).
fn direct_stdin(spec: &Spawn, cmd: &mut Command) -> Result<(), ProcessError> {
    let Some(p) = &spec.stdin else {
        cmd.stdin(Stdio::null());
        return Ok(());
    };
    if spec.drop_to.is_none() {
        let f = File::open(p).map_err(|source| ProcessError::Input {
            path: p.clone(),
            source,
        })?;
        cmd.stdin(f);
        return Ok(());
    }
    let path = std::ffi::CString::new(p.as_os_str().as_encoded_bytes()).map_err(|_| {
        ProcessError::Input {
            path: p.clone(),
            source: std::io::Error::from(std::io::ErrorKind::InvalidInput),
        }
    })?;
    cmd.stdin(Stdio::null());
    // SAFETY: open and dup2 are async-signal-safe; `path` was prepared before the fork.
    // Registered after DropTo::apply's hook, so it runs after the ids changed.
    unsafe {
        cmd.pre_exec(move || {
            let fd = libc::open(path.as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC);
            if fd < 0 || libc::dup2(fd, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            libc::close(fd);
            Ok(())
        });
    }
    Ok(())
}

impl Prepared {
    /// Start it now. The start time is taken just before.
    pub(crate) fn go(mut self) -> Result<Running, ProcessError> {
        let how = self.how.take();
        let command = std::mem::take(&mut self.command);
        let started = Instant::now();
        type Waiter = Box<dyn FnOnce() -> Result<(Exit, Instant), ProcessError> + Send>;
        let (pid, waiter): (i32, Waiter) = match how {
            Some(How::Direct(mut cmd)) => {
                let child = cmd
                    .spawn()
                    .map_err(|source| ProcessError::Spawn { command, source })?;
                let pid = child.id() as i32;
                // `Child` is dropped without waiting: the waiter reaps with wait4,
                // which std cannot do, to get this child's own rusage.
                drop(child);
                (
                    pid,
                    Box::new(move || {
                        wait4(pid).map(|mut e| {
                            let ended = Instant::now();
                            // As the launcher does: after the end time is taken.
                            e.leftover = leftover_in_group(pid);
                            (e, ended)
                        })
                    }),
                )
            }
            Some(How::Launched {
                mut launcher,
                mut go,
                mut replies,
            }) => {
                let sent = go.write_all(b"g");
                let reply = read_reply(&mut replies);
                let pid = match (sent, reply) {
                    (Ok(()), Some(Reply::Started(pid))) => pid,
                    (_, other) => {
                        let _ = launcher.wait();
                        return Err(ProcessError::Spawn {
                            command,
                            source: reply_error(other),
                        });
                    }
                };
                (
                    pid,
                    Box::new(move || {
                        let reply = read_reply(&mut replies);
                        let _ = launcher.wait();
                        drop(go);
                        match reply {
                            Some(Reply::WaitFailed(m)) => Err(ProcessError::Wait {
                                pid,
                                source: std::io::Error::other(m),
                            }),
                            // The end: the start plus the wall time the launcher measured,
                            // free of the wake-ups between the two processes.
                            Some(r) => r
                                .into_exit()
                                .map(|(e, wall)| (e, started + wall))
                                .ok_or_else(|| ProcessError::Wait {
                                    pid,
                                    source: std::io::Error::other("unexpected launcher reply"),
                                }),
                            None => Err(ProcessError::Wait {
                                pid,
                                source: std::io::Error::other(
                                    "the launcher ended without reporting the exit",
                                ),
                            }),
                        }
                    }),
                )
            }
            None => unreachable!("a Prepared is started once"),
        };
        let (tx, rx) = mpsc::channel();
        thread::Builder::new()
            .name(format!("wait4-{pid}"))
            .spawn(move || {
                let _ = tx.send(waiter());
            })
            .map_err(|source| ProcessError::Wait { pid, source })?;
        Ok(Running {
            pid,
            started,
            done: rx,
        })
    }
}

impl Drop for Prepared {
    fn drop(&mut self) {
        // Never started: closing the go pipe makes the launcher exit; reap it.
        if let Some(How::Launched {
            mut launcher, go, ..
        }) = self.how.take()
        {
            drop(go);
            let _ = launcher.wait();
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
    let mut fds: [RawFd; 2] = [-1; 2];
    // SAFETY: fds is a valid array of two ints for pipe2 to fill.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: pipe2 succeeded, so both are open fds that we own.
    let (r, w) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    let high = |fd: OwnedFd| -> std::io::Result<OwnedFd> {
        // SAFETY: F_DUPFD_CLOEXEC on an open fd returns a new fd (>= 10) or -1.
        let n = unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_DUPFD_CLOEXEC, 10) };
        if n < 0 {
            return Err(std::io::Error::last_os_error());
        }
        // SAFETY: n is a new open fd that we own.
        Ok(unsafe { OwnedFd::from_raw_fd(n) })
    };
    Ok((high(r)?, high(w)?))
}

/// Start the launcher and hand it the request; returns once it is ready.
fn launched(spec: &Spawn, l: &Launcher, command: &str) -> Result<How, ProcessError> {
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
            if libc::dup2(child_req, REQUEST_FD) < 0 || libc::dup2(child_rep, REPLY_FD) < 0 {
                return Err(std::io::Error::last_os_error());
            }
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
    let mut line = serde_json::to_vec(&Request::from_spawn(spec))
        .map_err(|e| err(std::io::Error::other(e)))?;
    line.push(b'\n');
    let sent = go.write_all(&line);
    match (sent, read_reply(&mut replies)) {
        (Ok(()), Some(Reply::Ready)) => Ok(How::Launched {
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
