//! A small launcher process that starts the measured command, so that its peak memory is
//! its own; one launcher serves every run of one benchmark.
//!
//! Why a launcher: Linux keeps a process's `ru_maxrss` across `exec`, and at `exec` it
//! records the high-water mark of the memory the process had *before*: for a child made
//! by `fork`, a copy of the parent's memory; for `vfork`/`posix_spawn`, the parent's
//! memory itself. A command started directly by joulebench (several MB resident, more
//! during a long ranking) therefore reports at least joulebench's own size as its peak
//! memory: `true` measured 6.1 MB instead of about 1 MB. The launcher is a freshly
//! exec'd, tiny copy of the joulebench binary (`joulebench __launch`): its `fork` copies
//! only its own small memory, so `wait4` reports the command's peak, not the measurer's.
//!
//! Why one per benchmark, not one per run: with a launcher started per run (an `exec`
//! of the whole binary, its dynamic linking and runtime start-up, and a thread to wait
//! for it), the whole per-run cost was 2.8–3.4 ms against hyperfine -N's 0.65–1.0 ms. The launcher's memory does not grow from run to run
//! (each run's `Command` is built and freed again), and `wait4` gives each child's own
//! rusage, so the peak memory of run N is still run N's alone.
//!
//! Protocol, one JSON line per message: joulebench writes one [`protocol::Request`] on
//! the launcher's fd 3. Then, for each run, the launcher arms the run's child (`armed`:
//! forked, waiting before `exec`) and answers [`protocol::Reply::Ready`] with its pid on
//! fd 4. A run that opens nothing of its own (no input file; output to /dev/null or
//! inherited) is armed as soon as the previous run is reported, so that the `fork`
//! overlaps joulebench's recording of that run. Any other run is armed only when asked:
//! the launcher says [`protocol::Reply::Idle`], and once the run's `--prepare` hook (and
//! the previous run's `--conclude`) are over, joulebench writes one byte (prepare); the
//! launcher then opens its input afresh and connects its output afresh (an output file
//! truncated, a new drained pipe) before it forks. joulebench takes its "before" sensor
//! reading and writes one byte (go), which the armed child reads itself and execs;
//! the launcher waits with `wait4` and answers [`protocol::Reply::Exited`] with that
//! child's own rusage (or [`protocol::Reply::SpawnFailed`], and serves the next run).
//! Between runs it holds nothing of a run that opens files, so that an output file ends
//! with the last run's output and the hooks see the run's files as the run left them.
//! joulebench closes fd 3 when the benchmark is over; an armed child reads that end
//! instead of the go and exits, and the launcher then exits.
//!
//! What the measured command can do to it changes nothing that is recorded: it never
//! sees the pipes (close-on-exec, and the launcher is not dumpable); if it kills the
//! launcher, that run ends in an error naming how the launcher ended, never in a record;
//! a launcher found dead between runs is replaced. Timeouts and Ctrl-C stop the
//! command's process group from joulebench's side, as before; the launcher reports that
//! end like any other and serves the next run.
//!
//! Its three parts, each in its own file:
//! - `protocol`: the messages and the fds they travel on;
//! - `server`: the launcher's side, in the fresh exec: for each run it arms the
//!   command's child, reaps it and reports;
//! - `armed`: the child forked ahead of its run, which reads the go byte and execs;
//! - `client`: joulebench's side: it starts a launcher per benchmark, keeps it between
//!   runs ([`Pool`]), sends the request and the go bytes, and reads the replies.
//!
//! Where to find the launcher (a [`crate::Launcher`], part of a [`crate::Spawn`]) is
//! described with the rest of what to start, in `crate::spec`.

mod armed;
mod client;
mod protocol;
mod server;

pub(crate) use client::{Pool, Resident};
pub use server::launcher_main;
