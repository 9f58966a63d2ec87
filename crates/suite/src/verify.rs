//! Verification: every program's output, byte for byte, against `expected/` at the check
//! sizes, and optionally every language against the others at a larger profile.

use crate::build::BuildStatus;
use crate::diff::{first_difference, Difference};
use crate::error::SuiteError;
use crate::invoke::SizeSpec;
use crate::manifest::{Language, Problem};
use crate::process::{self, Spec, StdoutTo};
use crate::suite::{cache_dir, prepare_cache, Suite};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What to verify.
#[derive(Debug, Clone)]
pub struct VerifyOptions {
    /// Language ids; empty: all.
    pub langs: Vec<String>,
    /// Problem ids; empty: all.
    pub problems: Vec<String>,
    /// The build cache.
    pub cache_dir: PathBuf,
    /// The profile whose sizes are compared with `expected/` (normally `check`).
    pub profile: String,
    /// Also run every language at this profile's main size and compare the outputs with
    /// each other (the first language of the manifest that passed, C, is the reference).
    pub cross_check: Option<String>,
    /// A missing toolchain is a failure, not a skip (CI).
    pub require_all: bool,
    /// Time limit of one run at `profile`.
    pub timeout: Duration,
    /// Time limit of one cross-check run.
    pub cross_check_timeout: Duration,
}

impl Default for VerifyOptions {
    fn default() -> Self {
        VerifyOptions {
            langs: Vec::new(),
            problems: Vec::new(),
            cache_dir: cache_dir(None),
            profile: "check".to_string(),
            cross_check: None,
            require_all: false,
            timeout: Duration::from_secs(120),
            cross_check_timeout: Duration::from_secs(1800),
        }
    }
}

/// What an output was compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Against {
    /// A file of `expected/`.
    Expected(PathBuf),
    /// The output of another language at the same size.
    Language(String),
    /// Nothing: this output is the cross-check reference.
    Reference,
}

/// The verdict on one program at one size.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Output identical.
    Pass,
    /// Output differs; the first differing line.
    Mismatch(Difference),
    /// The manifest says the language has no program for this problem (`absent`): a
    /// skip, with the reason.
    Absent(String),
    /// The toolchain is not installed (a failure only when `required`).
    MissingToolchain {
        /// Why detection failed.
        reason: String,
        /// How to install it.
        hint: String,
        /// Whether `--require-all` made this a failure.
        required: bool,
    },
    /// The source file does not exist.
    MissingSource(PathBuf),
    /// The build failed (the error names the program and quotes the compiler).
    BuildFailed(String),
    /// The program exited unsuccessfully.
    RunFailed {
        /// Exit code or signal, in words.
        status: String,
        /// The end of its standard error.
        stderr: String,
    },
    /// The program ran past the time limit and was killed.
    TimedOut(Duration),
    /// There is no expected output for this size.
    NoExpected(PathBuf),
    /// Anything else (e.g. the stdin input could not be made).
    Error(String),
}

impl Outcome {
    /// Whether this verdict makes verification fail.
    pub fn is_failure(&self) -> bool {
        match self {
            Outcome::Pass => false,
            Outcome::MissingToolchain { required, .. } => *required,
            Outcome::Absent(_) => false,
            _ => true,
        }
    }

    /// `PASS`, `FAIL` or `SKIP`.
    pub fn label(&self) -> &'static str {
        match self {
            Outcome::Pass => "PASS",
            o if o.is_failure() => "FAIL",
            _ => "SKIP",
        }
    }

    /// One line (or a few) saying what happened.
    pub fn detail(&self) -> String {
        match self {
            Outcome::Pass => "identical".to_string(),
            Outcome::Mismatch(d) => format!("output differs at {d}"),
            Outcome::MissingToolchain { reason, hint, .. } => {
                format!("toolchain missing ({reason}); install: {hint}")
            }
            Outcome::MissingSource(p) => format!("no source: {} does not exist", p.display()),
            Outcome::Absent(reason) => format!("not in this suite: {reason}"),
            Outcome::BuildFailed(e) => e.clone(),
            Outcome::RunFailed { status, stderr } if stderr.is_empty() => status.clone(),
            Outcome::RunFailed { status, stderr } => format!("{status}; stderr:\n{stderr}"),
            Outcome::TimedOut(t) => format!("killed after the {} s time limit", t.as_secs_f64()),
            Outcome::NoExpected(p) => format!("no expected output {}", p.display()),
            Outcome::Error(e) => e.clone(),
        }
    }
}

/// One program's verdict at one size.
#[derive(Debug, Clone)]
pub struct VerifyRow {
    /// Problem id.
    pub problem: String,
    /// Language id.
    pub language: String,
    /// The profile this run belongs to (`check`, or the cross-check profile).
    pub profile: String,
    /// The size run, when it got that far.
    pub size: Option<u64>,
    /// What the output was compared with, when it got that far.
    pub against: Option<Against>,
    /// The verdict.
    pub outcome: Outcome,
    /// Wall-clock seconds of the run, when it ran.
    pub seconds: Option<f64>,
}

/// All verdicts of a verification.
#[derive(Debug, Clone, Default)]
pub struct VerifyReport {
    /// One row per program x size (and per cross-check run).
    pub rows: Vec<VerifyRow>,
}

impl VerifyReport {
    /// True when no row is a failure.
    pub fn ok(&self) -> bool {
        !self.rows.iter().any(|r| r.outcome.is_failure())
    }

    /// The failing rows.
    pub fn failures(&self) -> impl Iterator<Item = &VerifyRow> {
        self.rows.iter().filter(|r| r.outcome.is_failure())
    }

    /// Whether `problem` in `language` passed every check (and cross-check) it had.
    pub fn passed(&self, problem: &str, language: &str) -> bool {
        let mut rows = self
            .rows
            .iter()
            .filter(|r| r.problem == problem && r.language == language)
            .peekable();
        rows.peek().is_some() && rows.all(|r| r.outcome == Outcome::Pass)
    }
}

/// The rows of a verification so far, and the caller's callback for each new one.
struct Rows<'a> {
    report: VerifyReport,
    progress: &'a mut dyn FnMut(&VerifyRow),
}

impl Rows<'_> {
    fn push(&mut self, row: VerifyRow) {
        (self.progress)(&row);
        self.report.rows.push(row);
    }
}

impl Suite {
    /// Verifies (see [`Suite::verify_with`]).
    pub fn verify(&self, opts: &VerifyOptions) -> Result<VerifyReport, SuiteError> {
        self.verify_with(opts, |_| {})
    }

    /// Builds what is needed, runs every selected program at every size of `opts.profile`
    /// and compares with `expected/`, then runs the cross-check if asked; calls `progress`
    /// after each row. Errs only for unknown names or an unusable cache.
    pub fn verify_with(
        &self,
        opts: &VerifyOptions,
        mut progress: impl FnMut(&VerifyRow),
    ) -> Result<VerifyReport, SuiteError> {
        let (langs, problems) = self.select(&opts.langs, &opts.problems)?;
        for profile in std::iter::once(&opts.profile).chain(&opts.cross_check) {
            if !self.profiles().contains(profile) {
                return Err(SuiteError::UnknownProfile(
                    profile.clone(),
                    self.profiles().join(", "),
                ));
            }
        }
        let cache = prepare_cache(&opts.cache_dir)?;
        let mut rows = Rows {
            report: VerifyReport::default(),
            progress: &mut progress,
        };
        for problem in &problems {
            for lang in &langs {
                self.check(problem, lang, opts, &cache, &mut rows)?;
            }
        }
        if let Some(xprofile) = &opts.cross_check {
            for problem in &problems {
                self.cross_check(problem, &langs, xprofile, opts, &cache, &mut rows)?;
            }
        }
        Ok(rows.report)
    }

    /// The rows of one program at every size of `opts.profile`, against `expected/`.
    fn check(
        &self,
        problem: &Problem,
        lang: &Language,
        opts: &VerifyOptions,
        cache: &Path,
        rows: &mut Rows,
    ) -> Result<(), SuiteError> {
        let row = |size, against, outcome, seconds| VerifyRow {
            problem: problem.id.clone(),
            language: lang.id.clone(),
            profile: opts.profile.clone(),
            size,
            against,
            outcome,
            seconds,
        };
        if let Some(outcome) = self.not_ready(&problem.id, &lang.id, cache, opts.require_all) {
            rows.push(row(None, None, outcome, None));
            return Ok(());
        }
        for &size in self.sizes(&problem.id, &opts.profile)? {
            let expected = self.expected_path(&problem.id, size)?;
            let Ok(want) = std::fs::read(&expected) else {
                rows.push(row(Some(size), None, Outcome::NoExpected(expected), None));
                continue;
            };
            let (outcome, secs) =
                match self.run_output(&problem.id, &lang.id, size, cache, opts.timeout) {
                    Ok((got, secs)) => (compare(&want, &got), Some(secs)),
                    Err(o) => (o, None),
                };
            let against = Some(Against::Expected(expected));
            rows.push(row(Some(size), against, outcome, secs));
        }
        Ok(())
    }

    /// The cross-check rows of `problem` at the first size of `xprofile`: every language
    /// that passed its checks, against the first of them to run (the reference).
    fn cross_check(
        &self,
        problem: &Problem,
        langs: &[&Language],
        xprofile: &str,
        opts: &VerifyOptions,
        cache: &Path,
        rows: &mut Rows,
    ) -> Result<(), SuiteError> {
        let size = self.sizes(&problem.id, xprofile)?[0];
        let mut reference: Option<(String, Vec<u8>)> = None;
        for lang in langs {
            if !rows.report.passed(&problem.id, &lang.id) {
                continue;
            }
            let run = self.run_output(&problem.id, &lang.id, size, cache, opts.cross_check_timeout);
            let (against, outcome, secs) = match (run, &reference) {
                (Err(o), _) => (None, o, None),
                (Ok((got, secs)), None) => {
                    reference = Some((lang.id.clone(), got));
                    (Some(Against::Reference), Outcome::Pass, Some(secs))
                }
                (Ok((got, secs)), Some((ref_lang, want))) => (
                    Some(Against::Language(ref_lang.clone())),
                    compare(want, &got),
                    Some(secs),
                ),
            };
            rows.push(VerifyRow {
                problem: problem.id.clone(),
                language: lang.id.clone(),
                profile: xprofile.to_string(),
                size: Some(size),
                against,
                outcome,
                seconds: secs,
            });
        }
        Ok(())
    }

    /// `None` when the program is built and runnable, else the verdict.
    fn not_ready(
        &self,
        problem: &str,
        language: &str,
        cache: &Path,
        require_all: bool,
    ) -> Option<Outcome> {
        let built = self.build_one(problem, language, cache, false);
        match built.status {
            BuildStatus::Built { .. } | BuildStatus::UpToDate | BuildStatus::NothingToBuild => None,
            BuildStatus::MissingToolchain { reason, hint } => Some(Outcome::MissingToolchain {
                reason,
                hint,
                required: require_all,
            }),
            BuildStatus::MissingSource { path } => Some(Outcome::MissingSource(path)),
            BuildStatus::Failed(e) => Some(Outcome::BuildFailed(e.to_string())),
            BuildStatus::Absent { reason } => Some(Outcome::Absent(reason)),
        }
    }

    /// Runs the built program at `size` and returns its standard output and wall seconds.
    fn run_output(
        &self,
        problem: &str,
        language: &str,
        size: u64,
        cache: &Path,
        timeout: Duration,
    ) -> Result<(Vec<u8>, f64), Outcome> {
        let inv = self
            .command(problem, language, &SizeSpec::Size(size), cache)
            .map_err(|e| Outcome::Error(e.to_string()))?;
        let spec = Spec {
            argv: &inv.argv,
            cwd: &inv.cwd,
            env: &inv.env,
            stdin: inv.stdin.as_deref(),
        };
        let done = process::run(&spec, StdoutTo::Capture, Some(timeout)).map_err(|e| {
            Outcome::RunFailed {
                status: e.to_string(),
                stderr: String::new(),
            }
        })?;
        if done.timed_out {
            return Err(Outcome::TimedOut(timeout));
        }
        if !done.status.success() {
            return Err(Outcome::RunFailed {
                status: process::describe_status(&done.status),
                stderr: process::tail_lines(&done.stderr, 10),
            });
        }
        Ok((done.stdout, done.elapsed.as_secs_f64()))
    }
}

fn compare(want: &[u8], got: &[u8]) -> Outcome {
    match first_difference(want, got) {
        None => Outcome::Pass,
        Some(d) => Outcome::Mismatch(d),
    }
}
