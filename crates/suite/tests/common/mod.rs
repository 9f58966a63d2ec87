//! The tiny suite of joulebench-testkit, and what else the suite's tests share.

#![allow(dead_code, unused_imports)] // each test file uses a different subset

pub use joulebench_testkit::tiny_suite::{TinySuite, COUNT, ECHO, FASTA, MANIFEST};

/// Whether `program` is on PATH.
pub fn have(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(program).is_file()))
        .unwrap_or(false)
}
