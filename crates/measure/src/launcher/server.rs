//! The launcher's side, in the fresh exec (`joulebench __launch`): read the request, then
//! for each run of the benchmark, when joulebench asks for it, get everything ready,
//! wait for the go, fork the command, reap it and report; until joulebench closes the
//! request pipe.

use super::armed::{Armed, Outcome};
use super::protocol::{self, Reply, Request, REPLY_FD, REQUEST_FD};
use crate::reap::leftover_in_group;
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

/// Report that the command could not be started.
fn spawn_failed(out: &mut File, e: &std::io::Error) {
    send(
        out,
        &Reply::SpawnFailed {
            errno: e.raw_os_error(),
            message: e.to_string(),
        },
    );
}

/// The launcher's `main`: serve the runs of one request on fds 3 and 4 until joulebench
/// closes the request pipe, then return the exit status for the launcher process. Call
/// it first thing in `main` when the first argument is [`LAUNCH_ARG`](crate::LAUNCH_ARG),
/// before anything allocates much.
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
    let spawn = match read_request(&mut input, &mut out) {
        Ok(s) => s,
        Err(status) => return status,
    };
    // From here on the request pipe carries single bytes, and an armed child reads the
    // go byte from it itself: nothing may sit in a buffer of ours.
    if !input.buffer().is_empty() {
        send(&mut out, &Reply::Invalid("bytes after the request".into()));
        return 2;
    }
    let mut input = input.into_inner();
    loop {
        match serve_one(&spawn, &mut input, &mut out) {
            Served::Run => {}
            Served::Done(status) => return status,
        }
    }
}

/// Whether a run's child can be forked as soon as the launcher is between runs, before
/// joulebench asks for the run: when the run opens nothing of its own (no input file,
/// output to /dev/null or joulebench's own), so that no hook can change what it would
/// open. Its program, directory and identity are applied only at its `exec`.
fn ahead(spawn: &Spawn) -> bool {
    use crate::output::CommandOutput;
    spawn.stdin.is_none() && matches!(spawn.output, CommandOutput::Null | CommandOutput::Inherit)
}

/// The request, or the launcher's exit status when there is none to serve.
fn read_request(input: &mut BufReader<File>, out: &mut File) -> Result<Spawn, i32> {
    let mut line = String::new();
    if input.read_line(&mut line).unwrap_or(0) == 0 {
        return Err(2);
    }
    match serde_json::from_str::<Request>(&line) {
        Ok(r) if r.parent != 0 && r.parent != nix::unistd::getppid().as_raw() => {
            // joulebench is gone already (before PR_SET_PDEATHSIG took effect).
            Err(2)
        }
        Ok(r) => Ok(r.into_spawn()),
        Err(e) => {
            send(out, &Reply::Invalid(format!("bad request: {e}")));
            Err(2)
        }
    }
}

/// What one turn of the launcher's loop did.
enum Served {
    /// A run was made (or could not start, and said so): ready for the next one.
    Run,
    /// Stop, with this exit status.
    Done(i32),
}

/// Read one protocol byte from joulebench: `Ok(Some(b))`, `Ok(None)` when it closed the
/// pipe (the benchmark is over, or joulebench went away), `Err` when the pipe failed.
fn read_byte(input: &mut File) -> Result<Option<u8>, ()> {
    let mut b = [0u8; 1];
    match input.read(&mut b) {
        Ok(0) => Ok(None),
        Ok(_) => Ok(Some(b[0])),
        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => read_byte(input),
        Err(_) => Err(()),
    }
}

/// Wait for `want` from joulebench: `Err(status)` to stop with (0 when it closed the
/// pipe, 2 for anything else).
fn expect(input: &mut File, out: &mut File, want: u8) -> Result<(), i32> {
    match read_byte(input) {
        Ok(Some(b)) if b == want => Ok(()),
        Ok(None) => Err(0),
        Ok(Some(b)) => {
            send(
                out,
                &Reply::Invalid(format!("unexpected protocol byte {b:#04x}")),
            );
            Err(2)
        }
        Err(()) => Err(2),
    }
}

/// The child for the next run, ready for the go byte: forked at once when the run opens
/// nothing of its own ([`ahead`]); otherwise only once joulebench asks for it (the
/// prepare byte, sent after its `--prepare` hook and the previous run's `--conclude`),
/// after its input is opened afresh (so that every run reads it from the start and sees
/// what the hooks wrote) and its output connected afresh (a file truncated, a new
/// drained pipe). Nothing a run opens is opened before it is asked for: an output file
/// keeps the last run's output once the benchmark is over, and a FIFO is not opened for
/// a run that never comes.
fn arm(spawn: &Spawn, input: &mut File, out: &mut File) -> Result<Armed, i32> {
    if ahead(spawn) {
        if let Ok(a) = command(spawn).and_then(Armed::fork) {
            return Ok(a);
        }
        // Could not fork now: try again when asked, and say why then.
    }
    if !send(out, &Reply::Idle) {
        return Err(2);
    }
    expect(input, out, protocol::PREPARE)?;
    command(spawn).and_then(Armed::fork).map_err(|e| {
        send(out, &Reply::Invalid(e.to_string()));
        1
    })
}

/// One run: arm its child ([`arm`]) and say ready with its pid; the child itself reads
/// the go byte from joulebench and execs, while the launcher waits for its end and
/// reports it with its own rusage. The time reported runs from the child's reading of
/// the go byte to wait4's return, as hyperfine's runs from its spawn to its wait.
fn serve_one(spawn: &Spawn, input: &mut File, out: &mut File) -> Served {
    let armed = match arm(spawn, input, out) {
        Ok(a) => a,
        Err(status) => return Served::Done(status),
    };
    let pid = armed.pid();
    // From here, joulebench's death kills the run's group (once the child has made it).
    COMMAND_GROUP.store(pid, Ordering::SeqCst);
    if !send(out, &Reply::Ready(pid)) {
        return Served::Done(2);
    }
    let outcome = armed.finish();
    // The run is over: joulebench's death from now on must not kill what this run left
    // running (as when the launcher ended with its run), nor a later group reusing its
    // number.
    COMMAND_GROUP.store(0, Ordering::SeqCst);
    match outcome {
        Outcome::Ran(mut e, wall) => {
            e.leftover = leftover_in_group(pid);
            if send(out, &Reply::exited(e, wall)) {
                Served::Run
            } else {
                Served::Done(2)
            }
        }
        Outcome::SpawnFailed(e) => {
            spawn_failed(out, &e);
            Served::Run
        }
        // joulebench gave the run up or went away: nothing to report.
        Outcome::Cancelled => Served::Done(0),
        Outcome::Lost(why) => {
            send(out, &Reply::WaitFailed(why));
            Served::Done(1)
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
/// launcher ignores set back to default. It is started by [`Armed`], always by `fork`:
/// `posix_spawn` shares the launcher's memory until exec, and its high-water mark would
/// be recorded as the command's.
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
