//! Test support for joulebench, kept out of the product: only ever a dev-dependency.
//!
//! Why a crate of its own: the fake trees (946 lines, with a writer thread and tempfile)
//! used to be a public module of the sensor crate, so every build of joulebench shipped
//! them, and each crate's tests grew its own copy of small helpers such as the CI check
//! (three copies that disagreed on `CI=1`).
//!
//! - [`fake`]: fake sysfs, dev and proc trees whose RAPL counters tick (and wrap) at known
//!   power, with faults to inject (resets, garbage, unreadable, vanished, FIFOs).
//! - [`proctable`]: a fake `/proc` of many processes (stat, status, cgroup) for the
//!   exporter's scanner.
//! - [`tiny_suite`]: a benchmark suite of shell "languages" in a temp dir, for the suite
//!   crate's tests and `joulebench suite`'s.
//! - [`burn`]: a C program that burns CPU in named functions for known shares, for the
//!   profiler's tests.
//! - [`in_ci`]: whether optional parts (toolchains, Prometheus, Chromium) must be present.
#![warn(missing_docs)]

pub mod burn;
pub mod fake;
mod procfiles;
pub mod proctable;
pub mod tiny_suite;

/// True under CI (`CI=true` or `CI=1`, as CI services and `.ci/run` set it): optional
/// parts (toolchains, Prometheus, Chromium) must then be present instead of skipped.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}
