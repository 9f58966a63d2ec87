//! Starting one measured process tree, waiting for it with `wait4` (per-run rusage), and
//! killing its whole process group on timeout or interruption.

use crate::privilege::DropTo;
use std::ffi::OsString;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
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
pub struct Running {
    pid: i32,
    started: Instant,
    done: mpsc::Receiver<Result<(Exit, Instant), ProcessError>>,
}

impl Running {
    /// Start `spec` in a new process group.
    pub fn start(spec: &Spawn) -> Result<Running, ProcessError> {
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
        let stdin = match &spec.stdin {
            Some(p) => {
                Stdio::from(
                    std::fs::File::open(p).map_err(|source| ProcessError::Input {
                        path: p.clone(),
                        source,
                    })?,
                )
            }
            None => Stdio::null(),
        };
        cmd.stdin(stdin);
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
        let started = Instant::now();
        let child = cmd.spawn().map_err(|source| ProcessError::Spawn {
            command: spec.program.display(),
            source,
        })?;
        let pid = child.id() as i32;
        // `Child` is dropped without waiting: the waiter thread reaps with wait4, which
        // std cannot do, to get this child's own rusage.
        drop(child);
        let (tx, rx) = mpsc::channel();
        thread::Builder::new()
            .name(format!("wait4-{pid}"))
            .spawn(move || {
                let r = wait4(pid);
                let _ = tx.send(r.map(|e| (e, Instant::now())));
            })
            .map_err(|source| ProcessError::Wait { pid, source })?;
        Ok(Running {
            pid,
            started,
            done: rx,
        })
    }

    /// The process (and group) id.
    pub fn pid(&self) -> i32 {
        self.pid
    }

    /// When it was started.
    pub fn started(&self) -> Instant {
        self.started
    }

    /// Wait up to `timeout` for the process to end. `Ok(None)` when still running; the
    /// end time is taken when wait4 returned, not when this was called.
    pub fn wait_timeout(&self, timeout: Duration) -> Result<Option<(Exit, Instant)>, ProcessError> {
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
    pub fn signal_group(&self, signal: i32) {
        // SAFETY: kill has no memory-safety preconditions; a negative pid names the group.
        unsafe {
            libc::kill(-self.pid, signal);
        }
    }

    /// Stop the whole group: SIGTERM, then SIGKILL after `grace`; waits for the end.
    pub fn kill_group(&self, grace: Duration) -> Result<(Exit, Instant), ProcessError> {
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

fn wait4(pid: i32) -> Result<Exit, ProcessError> {
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
    })
}
