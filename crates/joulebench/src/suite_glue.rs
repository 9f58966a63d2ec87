//! From the suite (manifest, builds, verification) to measurable targets for `rank`.

use joulebench_measure::bench::Target;
use std::collections::BTreeMap;
use std::path::Path;

/// One problem x language ready to measure.
pub struct Cell {
    /// Problem id.
    pub problem: String,
    /// Language id.
    pub language: String,
    /// How to run it at the chosen profile.
    pub target: Target,
}

/// The verified programs of a ranking, and facts for the report.
pub struct Prepared {
    /// Everything that passed build and verification.
    pub cells: Vec<Cell>,
    /// Languages in the ranking.
    pub languages: Vec<String>,
    /// Problems in the ranking.
    pub problems: Vec<String>,
    /// Toolchain versions, flags, exclusions.
    pub notes: BTreeMap<String, String>,
}

/// Build and verify, loudly excluding failures, and make the targets for `profile`.
pub fn prepare(
    _suite_dir: Option<&Path>,
    _cache_dir: Option<&Path>,
    _languages: &[String],
    _problems: &[String],
    _profile: &str,
) -> anyhow::Result<Prepared> {
    anyhow::bail!("the suite is being wired up")
}
