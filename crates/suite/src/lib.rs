//! joulebench-suite: the benchmark suite as a library.
//!
//! A suite directory holds `manifest.toml` (languages, problems, sizes: see
//! [`Manifest`]), the programs under `<problem>/<language>/`, and the expected outputs.
//! [`Suite`] loads it, detects toolchains, builds programs into a cache outside the source
//! tree (rebuilding only what changed), makes the stdin inputs with the suite's own fasta
//! program, says exactly how to run each program ([`Invocation`]) and verifies outputs
//! byte for byte ([`Suite::verify`]). [`Suite::choose`] and [`Suite::plan`] turn a selection
//! into the programs a ranking measures, with the typed facts its results record.
//!
//! ```no_run
//! use joulebench_suite::{cache_dir, BuildOptions, SizeSpec, Suite, VerifyOptions};
//! let suite = Suite::load(Suite::locate(None))?;
//! let cache = cache_dir(None);
//! let built = suite.build(&BuildOptions { langs: vec!["c".into()], ..Default::default() })?;
//! let report = suite.verify(&VerifyOptions { langs: vec!["c".into()], ..Default::default() })?;
//! let inv = suite.command("n-body", "c", &SizeSpec::from("quick"), &cache)?;
//! println!("{} built, verified: {}, run: {}", built.len(), report.ok(), inv.shell_line());
//! # Ok::<(), joulebench_suite::SuiteError>(())
//! ```

#![warn(missing_docs)]

mod build;
mod diff;
mod error;
mod fasta_input;
mod hash;
mod invoke;
mod manifest;
mod plan;
mod process;
pub mod study;
mod suite;
mod template;
mod toolchain;
mod verify;

pub use build::{BuildOptions, BuildOutcome, BuildStatus, STAMP_FILE};
pub use diff::{first_difference, Difference};
pub use error::{BuildFailure, SuiteError};
pub use invoke::{Invocation, SizeSpec};
// With the types of the manifest's public fields, so that its whole format is documented.
pub use manifest::{
    InputKind, Language, LanguageProblem, Manifest, Problem, Settings, VersionProbe,
};
pub use plan::{Choice, Plan, Planned, DEFAULT_LANGUAGES};
pub use process::{find_program, shell_line};
pub use suite::{build_dir, cache_dir, Suite, CACHE_DIR_ENV, SUITE_DIR_ENV};
pub use toolchain::{parse_version, Toolchain};
pub use verify::{Against, Outcome, VerifyOptions, VerifyReport, VerifyRow};
