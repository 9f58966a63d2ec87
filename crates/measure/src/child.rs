//! One measured process tree, the meter's view of it: get it ready ([`Running::prepare`]),
//! start it ([`Prepared::go`]), wait for its end with a timeout, and stop its whole
//! process group on timeout or interruption. It starts through the benchmark's launcher
//! when the [`Spawn`] names one (`crate::launcher`), directly otherwise.

use crate::error::ProcessError;
use crate::launcher;
use crate::reap::{leftover_in_group, wait4, Exit};
use crate::spec::{base_command, Spawn};
use nix::fcntl::OFlag;
use nix::sys::signal::{killpg, Signal};
use nix::sys::stat::Mode;
use nix::unistd::Pid;
use std::fs::File;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// A started process tree, in its own process group.
pub(crate) struct Running {
    pid: i32,
    started: Instant,
    end: End,
}

/// Where the end of a started process tree comes from.
enum End {
    /// Started directly: a thread blocks in wait4 and sends the end.
    Thread(mpsc::Receiver<Result<(Exit, Instant), ProcessError>>),
    /// Started by its launcher: the end is the launcher's report, read from its pipe by
    /// the waiting thread itself (no thread per run, no wake-up to hand the end over).
    Launcher(launcher::Resident),
}

/// A process ready to start: everything that can be done before the measurement begins
/// (starting the launcher, opening files) is done. [`Prepared::go`] starts it.
pub(crate) struct Prepared {
    command: String,
    how: Option<How>,
}

enum How {
    Direct(Command),
    Launched(launcher::Resident),
}

impl Running {
    /// Start `spec` in a new process group ([`Running::prepare`], then [`Prepared::go`]),
    /// directly or through a launcher used for this one run.
    pub(crate) fn start(spec: &Spawn) -> Result<Running, ProcessError> {
        Running::prepare(spec, &mut launcher::Pool::default())?.go()
    }

    /// Get `spec` ready to start: open its input, and get its launcher ready when it has
    /// one (see `crate::launcher`; from `pool` when it served the benchmark's previous
    /// run), so that none of that falls inside the measurement.
    pub(crate) fn prepare(
        spec: &Spawn,
        pool: &mut launcher::Pool,
    ) -> Result<Prepared, ProcessError> {
        let command = spec.program.display();
        let how = match &spec.launcher {
            None => {
                let mut cmd = base_command(spec).map_err(|source| ProcessError::Spawn {
                    command: command.clone(),
                    source,
                })?;
                direct_stdin(spec, &mut cmd)?;
                How::Direct(cmd)
            }
            // The launcher opens the input, as the user the command runs as.
            Some(l) => How::Launched(pool.ready(spec, l, &command)?),
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

    /// Wait up to `timeout` for the process to end. `Ok(None)` when still running (or,
    /// through a launcher, when a signal cut the wait short); the end time is taken when
    /// wait4 returned, not when this was called.
    pub(crate) fn wait_timeout(
        &mut self,
        timeout: Duration,
    ) -> Result<Option<(Exit, Instant)>, ProcessError> {
        match &mut self.end {
            End::Thread(done) => match done.recv_timeout(timeout) {
                Ok(r) => r.map(Some),
                Err(mpsc::RecvTimeoutError::Timeout) => Ok(None),
                Err(mpsc::RecvTimeoutError::Disconnected) => Err(ProcessError::Wait {
                    pid: self.pid,
                    source: std::io::Error::other("waiter thread ended"),
                }),
            },
            // The end: the start plus the wall time the launcher measured, free of the
            // wake-ups between the two processes.
            End::Launcher(l) => Ok(l
                .try_exit(self.pid, timeout)?
                .map(|(e, wall)| (e, self.started + wall))),
        }
    }

    /// The launcher that started it, when it reported this run in full and can serve
    /// the benchmark's next one.
    pub(crate) fn into_launcher(self) -> Option<launcher::Resident> {
        match self.end {
            End::Launcher(l) if l.reusable() => Some(l),
            _ => None,
        }
    }

    /// Send `signal` to the whole process group (gone already: nothing to do).
    fn signal_group(&self, signal: Signal) {
        let _ = killpg(Pid::from_raw(self.pid), signal);
    }

    /// Stop the whole group: SIGTERM, then SIGKILL after `grace`; waits for the end.
    pub(crate) fn kill_group(&mut self, grace: Duration) -> Result<(Exit, Instant), ProcessError> {
        self.signal_group(Signal::SIGTERM);
        if let Some(r) = self.wait_timeout(grace)? {
            self.signal_group(Signal::SIGKILL);
            return Ok(r);
        }
        self.signal_group(Signal::SIGKILL);
        loop {
            if let Some(r) = self.wait_timeout(Duration::from_secs(1))? {
                return Ok(r);
            }
            self.signal_group(Signal::SIGKILL);
        }
    }
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
    // SAFETY: open, dup2 and close are async-signal-safe; `path` was prepared before the
    // fork (a `CStr` reaches open as it is, with no copy). Registered after
    // DropTo::apply's hook, so it runs after the ids changed.
    unsafe {
        cmd.pre_exec(move || {
            let fd = nix::fcntl::open(
                path.as_c_str(),
                OFlag::O_RDONLY | OFlag::O_CLOEXEC,
                Mode::empty(),
            )?;
            nix::unistd::dup2(fd, 0)?;
            let _ = nix::unistd::close(fd);
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
        let (pid, end) = match how {
            Some(How::Direct(cmd)) => spawn_direct(cmd, command)?,
            Some(How::Launched(mut l)) => (l.go(command)?, End::Launcher(l)),
            None => {
                return Err(ProcessError::Spawn {
                    command,
                    source: std::io::Error::other("a prepared process is started once"),
                })
            }
        };
        Ok(Running { pid, started, end })
    }
}

/// Start `cmd` from this process, with a thread that reaps it with wait4 (which std
/// cannot do) to get this child's own rusage.
fn spawn_direct(mut cmd: Command, command: String) -> Result<(i32, End), ProcessError> {
    let child = cmd
        .spawn()
        .map_err(|source| ProcessError::Spawn { command, source })?;
    let pid = child.id() as i32;
    // `Child` is dropped without waiting: the thread reaps it.
    drop(child);
    let (tx, rx) = mpsc::channel();
    thread::Builder::new()
        .name(format!("wait4-{pid}"))
        .spawn(move || {
            let end = wait4(pid).map(|mut e| {
                let ended = Instant::now();
                // As the launcher does: after the end time is taken.
                e.leftover = leftover_in_group(pid);
                (e, ended)
            });
            let _ = tx.send(end);
        })
        .map_err(|source| ProcessError::Wait { pid, source })?;
    Ok((pid, End::Thread(rx)))
}
