//! Runs commands and measures their energy, time and memory, with the statistics an
//! energy study needs.
//!
//! The results these measurements become (one `RunRecord` per run, sessions, statistics,
//! CO2e) are `joulebench_model`'s; this crate produces them.
//!
//! Everything public is re-exported here, each item under this one path: what the other
//! crates use, and the types those items' signatures name (so that callers can name
//! what they are handed).

#![warn(missing_docs)]

mod bench;
mod launch;
mod meter;
mod privilege;
mod process;

pub use bench::{run_session, BenchError, Ending, Observer, Options, RunCount, Target};
pub use launch::{launcher_main, Launcher, LAUNCH_ARG};
pub use meter::{Attribution, Measured, Meter, MeterError, StopFlag};
pub use privilege::{DropTo, PrivilegeError};
pub use process::{Exit, ProcessError, Program, Spawn};
