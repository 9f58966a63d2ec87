//! The tiny suite of joulebench-testkit, and what else the suite's tests share.

#![allow(dead_code, unused_imports)] // each test file uses a different subset

pub use joulebench_testkit::tiny_suite::{TinySuite, COUNT, ECHO, FASTA, MANIFEST};

/// Whether `program` is on PATH (the lookup the suite's toolchain detection makes).
pub fn have(program: &str) -> bool {
    joulebench_suite::find_program(program).is_some()
}
