//! From a selection to what a ranking measures: the suite-to-measure step.
//!
//! Two steps, so that a caller can say what is about to happen before the slow one:
//! [`Suite::choose`] resolves the selection and detects toolchains (fast);
//! [`Suite::plan`] builds and verifies at the check size and returns, for every program
//! that passed, the exact [`Invocation`] at the chosen profile, with the typed
//! [`Ranking`] facts that the results file records.

use crate::error::SuiteError;
use crate::invoke::{Invocation, SizeSpec};
use crate::suite::Suite;
use crate::verify::VerifyOptions;
use joulebench_model::ranking::{
    ExcludedProgram, LanguageFacts, ProblemFacts, Ranking, SkippedLanguage,
};
use std::path::Path;
use std::time::Duration;

/// The languages a ranking measures when none are named: the four of the study's headline
/// claim (C ≈ Rust, Java about 2×, Python about 75×), so that the default ranking fits in
/// ten minutes on a small machine. `all` takes every installed language.
pub const DEFAULT_LANGUAGES: [&str; 4] = ["c", "rust", "java", "python"];

/// How long one program may take at the check size while a ranking verifies it.
const VERIFY_TIMEOUT: Duration = Duration::from_secs(120);

/// The selection resolved: languages whose toolchain is here, the problems, and the
/// languages skipped with their reason.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    /// Languages to build and verify, with their toolchain facts, in manifest order.
    pub languages: Vec<LanguageFacts>,
    /// Problem ids, in manifest order.
    pub problems: Vec<String>,
    /// Languages of the default selection (or of `all`) whose toolchain is missing.
    pub skipped: Vec<SkippedLanguage>,
}

/// One program to measure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Planned {
    /// Problem id.
    pub problem: String,
    /// Language id.
    pub language: String,
    /// Language display name, as the run records carry it (`C++`).
    pub language_name: String,
    /// How to run it at the plan's profile.
    pub invocation: Invocation,
}

/// A ranking ready to measure.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// Every program that built and printed the expected output, problem by problem.
    pub programs: Vec<Planned>,
    /// What is measured, for the results file (runs, warm-ups and selection are the
    /// caller's to fill).
    pub ranking: Ranking,
}

impl Suite {
    /// Resolve a selection. `languages` empty: [`DEFAULT_LANGUAGES`]; `all`: every
    /// language of the manifest. A language named explicitly must have its toolchain
    /// installed ([`SuiteError::MissingToolchain`] otherwise); with the default selection
    /// or `all`, a missing toolchain is a skip with its install hint.
    pub fn choose(&self, languages: &[String], problems: &[String]) -> Result<Choice, SuiteError> {
        let all = languages.iter().any(|l| l == "all");
        let wanted: Vec<String> = if all {
            self.languages().iter().map(|l| l.id.clone()).collect()
        } else if languages.is_empty() {
            DEFAULT_LANGUAGES.iter().map(|s| s.to_string()).collect()
        } else {
            languages.to_vec()
        };
        let explicit = !languages.is_empty() && !all;
        let (langs, probs) = self.select(&wanted, problems)?;
        let mut choice = Choice {
            languages: Vec::new(),
            problems: probs.iter().map(|p| p.id.clone()).collect(),
            skipped: Vec::new(),
        };
        for l in langs {
            let tc = self.detect(&l.id)?;
            if !tc.found {
                if explicit {
                    return Err(SuiteError::MissingToolchain {
                        language: l.id.clone(),
                        reason: tc.reason,
                        hint: tc.install_hint,
                    });
                }
                choice.skipped.push(SkippedLanguage {
                    language: l.id.clone(),
                    reason: format!(
                        "{} ({}): toolchain missing ({}); install: {}",
                        l.name, l.id, tc.reason, tc.install_hint
                    ),
                });
                continue;
            }
            choice.languages.push(LanguageFacts {
                id: l.id.clone(),
                // Results carry the display name (`C++`, `PyPy`), as imported studies do,
                // so that tables read naturally and compare across sources.
                name: l.name.clone(),
                toolchain: tc.version_line.or(tc.version).unwrap_or_default(),
                flags: l.flags.clone(),
                libraries: probs
                    .iter()
                    .filter_map(|p| Some((p.id.clone(), l.library(&p.id)?.to_string())))
                    .collect(),
            });
        }
        Ok(choice)
    }

    /// Build and verify the chosen programs at the check size, byte for byte, and make
    /// the invocations at `profile` for those that passed. A program that does not build
    /// or prints other output is left out and listed in [`Ranking::excluded`], never
    /// dropped silently.
    pub fn plan(&self, choice: &Choice, profile: &str, cache: &Path) -> Result<Plan, SuiteError> {
        if !self.profiles().iter().any(|p| p == profile) {
            return Err(SuiteError::UnknownProfile(
                profile.to_string(),
                self.profiles().join(", "),
            ));
        }
        let ids: Vec<String> = choice.languages.iter().map(|l| l.id.clone()).collect();
        let report = self.verify(&VerifyOptions {
            langs: ids,
            problems: choice.problems.clone(),
            cache_dir: cache.to_path_buf(),
            profile: "check".into(),
            cross_check: None,
            require_all: false,
            timeout: VERIFY_TIMEOUT,
            cross_check_timeout: Duration::from_secs(1800),
        })?;
        let mut excluded: Vec<ExcludedProgram> = Vec::new();
        for row in report.failures() {
            if !excluded
                .iter()
                .any(|e| e.problem == row.problem && e.language == row.language)
            {
                excluded.push(ExcludedProgram {
                    problem: row.problem.clone(),
                    language: row.language.clone(),
                    reason: row.outcome.detail(),
                });
            }
        }
        let spec = SizeSpec::Profile(profile.to_string());
        let mut programs = Vec::new();
        let mut problems = Vec::new();
        for p in &choice.problems {
            problems.push(ProblemFacts {
                id: p.clone(),
                size: Some(self.resolve_size(p, &spec)?),
            });
            for l in choice.languages.iter().filter(|l| report.passed(p, &l.id)) {
                programs.push(Planned {
                    problem: p.clone(),
                    language: l.id.clone(),
                    language_name: l.name.clone(),
                    invocation: self.command(p, &l.id, &spec, cache)?,
                });
            }
        }
        Ok(Plan {
            programs,
            ranking: Ranking {
                profile: profile.to_string(),
                languages: choice.languages.clone(),
                problems,
                skipped: choice.skipped.clone(),
                excluded,
                ..Ranking::default()
            },
        })
    }
}
