//! Runs commands and measures their energy, time and memory, with the statistics an
//! energy study needs.
//!
//! The results these measurements become (one `RunRecord` per run, sessions, statistics,
//! CO2e) are `joulebench_model`'s; this crate produces them.
//!
//! Its modules, each using only modules listed before it:
//! - `error`: the errors of starting and waiting for a process;
//! - `privilege`: whom the command runs as under sudo ([`DropTo`]);
//! - `output`: where the command's output goes ([`CommandOutput`]);
//! - `spec`: what to start ([`Spawn`], [`Program`], [`Launcher`]) and the
//!   `std::process::Command` it becomes;
//! - `reap`: `wait4` and its per-child rusage ([`Exit`]), and what the process group
//!   left running;
//! - `launcher`: the small process that starts the command so that its peak memory is
//!   its own: why, its protocol, its side (server) and joulebench's (client);
//! - `child`: one measured process tree: ready, go, wait, stop its group;
//! - `meter`: a sensor sampled around one run ([`Meter`]);
//! - `bench`: a session of runs: warm-ups, counts, interleaving, hooks
//!   ([`run_session`]).
//!
//! Everything public is re-exported here, each item under this one path: what the other
//! crates use, and the types those items' signatures name (so that callers can name
//! what they are handed).

#![warn(missing_docs)]

mod bench;
mod child;
mod error;
mod launcher;
mod meter;
mod output;
mod privilege;
mod reap;
mod spec;

pub use bench::{run_session, BenchError, Ending, Hooks, Observer, Options, RunCount, Target};
pub use error::ProcessError;
pub use launcher::launcher_main;
pub use meter::{Attribution, Measured, Meter, MeterError, StopFlag};
pub use output::CommandOutput;
pub use privilege::{DropTo, PrivilegeError};
pub use reap::Exit;
pub use spec::{Launcher, Program, Spawn, LAUNCH_ARG};
