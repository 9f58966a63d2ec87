//! The launcher's side, in the fresh exec (`joulebench __launch`): read the request,
//! get everything ready, wait for the go, fork the command, reap it and report.

use super::protocol::{self, Reply, Request, REPLY_FD, REQUEST_FD};
use crate::reap::{leftover_in_group, wait4};
use crate::spec::{base_command, Spawn};
use nix::fcntl::{fcntl, FcntlArg, FdFlag};
use nix::sys::prctl;
use nix::sys::signal::{killpg, signal, SigHandler, Signal};
use nix::unistd::Pid;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::os::fd::FromRawFd;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicI32, Ordering};

fn send(out: &mut File, reply: &Reply) -> bool {
    let Ok(line) = protocol::line(reply) else {
        return false;
    };
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
/// [`LAUNCH_ARG`](crate::LAUNCH_ARG), before anything allocates much.
pub fn launcher_main() -> i32 {
    harden();
    // SAFETY: the parent set up fds 3 and 4 for us (see client.rs); if it did not, the
    // reads and writes below fail and we exit.
    let (input, mut out) = unsafe { (File::from_raw_fd(REQUEST_FD), File::from_raw_fd(REPLY_FD)) };
    // The launcher is in joulebench's process group: Ctrl-C at the terminal must not kill
    // it before it reports how the command ended (joulebench stops the command itself).
    for sig in TERMINAL_SIGNALS {
        // SAFETY: setting a signal to SIG_IGN has no preconditions.
        let _ = unsafe { signal(sig, SigHandler::SigIgn) };
    }
    let mut input = BufReader::new(input);
    let mut line = String::new();
    if input.read_line(&mut line).unwrap_or(0) == 0 {
        return 2;
    }
    let spawn = match serde_json::from_str::<Request>(&line) {
        Ok(r) if r.parent != 0 && r.parent != nix::unistd::getppid().as_raw() => {
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
    match wait4(pid) {
        Ok(mut e) => {
            let wall = t0.elapsed();
            e.leftover = leftover_in_group(pid);
            send(&mut out, &Reply::exited(e, wall));
            0
        }
        Err(e) => {
            send(&mut out, &Reply::WaitFailed(e.to_string()));
            1
        }
    }
}

/// The signals a terminal sends: the launcher ignores them, the command gets them back.
const TERMINAL_SIGNALS: [Signal; 3] = [Signal::SIGINT, Signal::SIGQUIT, Signal::SIGTERM];

/// The measured command's process group, once started: what [`parent_died`] kills.
static COMMAND_GROUP: AtomicI32 = AtomicI32::new(0);

/// The signal the kernel sends the launcher when joulebench dies (PR_SET_PDEATHSIG). Not
/// one a terminal sends, so that only the parent's death triggers it.
const PARENT_DIED: Signal = Signal::SIGUSR2;

extern "C" fn parent_died(_: std::ffi::c_int) {
    let group = COMMAND_GROUP.load(Ordering::SeqCst);
    if group > 0 {
        // killpg is async-signal-safe.
        let _ = killpg(Pid::from_raw(group), Signal::SIGKILL);
    }
    // Raw libc: nix has no _exit, and std's exit is not async-signal-safe.
    // SAFETY: _exit is async-signal-safe and ends the process at once.
    unsafe { libc::_exit(3) }
}

/// Make the launcher safe to hand a hostile command to, before it reads anything:
/// - fds 3 and 4 (the protocol) are close-on-exec, so the command cannot write a forged
///   reply on them (dup2 clears the flag the parent set);
/// - it is not dumpable, so a command running as the same user cannot reopen those pipes
///   through `/proc/<launcher>/fd` either (nor ptrace it);
/// - when joulebench dies (even by `kill -9`), the kernel signals it, and it kills the
///   command's whole process group instead of leaving it running, orphaned.
fn harden() {
    for fd in [REQUEST_FD, REPLY_FD] {
        let _ = fcntl(fd, FcntlArg::F_SETFD(FdFlag::FD_CLOEXEC));
    }
    let _ = prctl::set_dumpable(false);
    // SAFETY: the handler only calls async-signal-safe functions.
    let _ = unsafe { signal(PARENT_DIED, SigHandler::Handler(parent_died)) };
    let _ = prctl::set_pdeathsig(PARENT_DIED);
}

/// The measured command, as the launcher starts it: own process group, the signals the
/// launcher ignores set back to default, and always by `fork` (a `pre_exec` hook makes std
/// fork rather than `posix_spawn`): `posix_spawn` shares the launcher's memory until exec,
/// and its high-water mark would be recorded as the command's.
fn command(spawn: &Spawn) -> std::io::Result<Command> {
    let mut cmd = base_command(spawn)?;
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
    // SAFETY: signal() with SIG_DFL and prctl are async-signal-safe and touch no Rust
    // state.
    unsafe {
        cmd.pre_exec(|| {
            for sig in TERMINAL_SIGNALS {
                let _ = signal(sig, SigHandler::SigDfl);
            }
            // Killed with the launcher, should the launcher itself be killed. Set here,
            // after the privilege drop: a change of ids clears it.
            let _ = prctl::set_pdeathsig(Signal::SIGKILL);
            Ok(())
        });
    }
    Ok(cmd)
}
