//! Building programs into the cache, rebuilding only what changed.
//!
//! Each program has a build directory `<cache>/build/<language>/<problem>/` holding a
//! stamp: a hash of the source's contents, the extra build inputs, the expanded build
//! command, its environment and working directory, and the toolchain's version line. A
//! build whose stamp matches (and whose artifact exists) is up to date.

use crate::error::{BuildFailure, SuiteError};
use crate::hash::StampHasher;
use crate::process::{self, Spec, StdoutTo};
use crate::suite::{cache_dir, prepare_cache, Suite};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Name of the stamp file in a program's build directory.
pub const STAMP_FILE: &str = ".joulebench-stamp";

/// The longest a single build may take.
pub const BUILD_TIMEOUT: Duration = Duration::from_secs(30 * 60);

/// Lines of compiler output kept in a [`SuiteError::BuildFailed`].
const OUTPUT_LINES: usize = 60;

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Language ids; empty: all.
    pub langs: Vec<String>,
    /// Problem ids; empty: all.
    pub problems: Vec<String>,
    /// The build cache (see [`crate::cache_dir`]).
    pub cache_dir: PathBuf,
    /// Rebuild even what is up to date.
    pub force: bool,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            langs: Vec::new(),
            problems: Vec::new(),
            cache_dir: cache_dir(None),
            force: false,
        }
    }
}

/// How one build went.
#[derive(Debug)]
pub enum BuildStatus {
    /// Compiled (or syntax-checked) now.
    Built {
        /// How long the build command took.
        seconds: f64,
    },
    /// The stamp matched: nothing to do.
    UpToDate,
    /// The language has no build step (the source exists).
    NothingToBuild,
    /// The toolchain is not installed: a skip, not a failure.
    MissingToolchain {
        /// Why detection failed.
        reason: String,
        /// How to install it.
        hint: String,
    },
    /// The source file does not exist.
    MissingSource {
        /// The expected source file.
        path: PathBuf,
    },
    /// The build failed; the error names the program and holds the compiler's output.
    Failed(SuiteError),
    /// The manifest says this language has no program for the problem (`absent`): a
    /// skip, with the reason.
    Absent {
        /// Why (e.g. "the Makefile has no run line").
        reason: String,
    },
}

/// The result of building one problem x language.
#[derive(Debug)]
pub struct BuildOutcome {
    /// Problem id.
    pub problem: String,
    /// Language id.
    pub language: String,
    /// What happened.
    pub status: BuildStatus,
}

impl BuildOutcome {
    /// Whether the program can be run.
    pub fn is_ready(&self) -> bool {
        matches!(
            self.status,
            BuildStatus::Built { .. } | BuildStatus::UpToDate | BuildStatus::NothingToBuild
        )
    }

    /// Whether this is a failure (a missing toolchain is not: it is a skip).
    pub fn is_failure(&self) -> bool {
        matches!(
            self.status,
            BuildStatus::Failed(_) | BuildStatus::MissingSource { .. }
        )
    }
}

/// The expanded build of one program.
struct Plan {
    argv: Vec<String>,
    env: Vec<(String, String)>,
    cwd: PathBuf,
    out: PathBuf,
    artifact: Option<PathBuf>,
    key: String,
}

impl Suite {
    /// Builds every selected problem x language (see [`Suite::build_with`]).
    pub fn build(&self, opts: &BuildOptions) -> Result<Vec<BuildOutcome>, SuiteError> {
        self.build_with(opts, |_| {})
    }

    /// Builds every selected problem x language in manifest order, calling `progress`
    /// after each. Errs only for unknown names or an unusable cache directory; build
    /// failures are outcomes.
    pub fn build_with(
        &self,
        opts: &BuildOptions,
        mut progress: impl FnMut(&BuildOutcome),
    ) -> Result<Vec<BuildOutcome>, SuiteError> {
        let (langs, problems) = self.select(&opts.langs, &opts.problems)?;
        let cache = prepare_cache(&opts.cache_dir)?;
        let mut outcomes = Vec::new();
        for lang in &langs {
            for problem in &problems {
                let outcome = self.build_one(&problem.id, &lang.id, &cache, opts.force);
                progress(&outcome);
                outcomes.push(outcome);
            }
        }
        Ok(outcomes)
    }

    /// Builds `problem` in `language` into `cache` unless it is up to date.
    pub fn build_one(
        &self,
        problem: &str,
        language: &str,
        cache: &Path,
        force: bool,
    ) -> BuildOutcome {
        let status = self
            .build_status(problem, language, cache, force)
            .unwrap_or_else(BuildStatus::Failed);
        BuildOutcome {
            problem: problem.to_string(),
            language: language.to_string(),
            status,
        }
    }

    fn build_status(
        &self,
        problem: &str,
        language: &str,
        cache: &Path,
        force: bool,
    ) -> Result<BuildStatus, SuiteError> {
        if let Some(reason) = self.absent(problem, language)? {
            return Ok(BuildStatus::Absent {
                reason: reason.to_string(),
            });
        }
        let tc = self.detect(language)?;
        if !tc.found {
            return Ok(BuildStatus::MissingToolchain {
                reason: tc.reason,
                hint: tc.install_hint,
            });
        }
        let cache = prepare_cache(cache)?;
        let lang = self.language(language)?;
        let paths = self.paths(problem, language, &cache)?;
        if !paths.src.is_file() {
            return Ok(BuildStatus::MissingSource { path: paths.src });
        }
        let Some(build) = lang.build_for(problem) else {
            return Ok(BuildStatus::NothingToBuild);
        };
        let vars = paths.vars();
        let argv: Vec<String> = build
            .iter()
            .chain(lang.build_args(problem))
            .map(|s| vars.expand(s))
            .collect();
        let env: Vec<(String, String)> = lang
            .build_env
            .iter()
            .map(|(k, v)| (k.clone(), vars.expand(v)))
            .collect();
        let cwd = PathBuf::from(vars.expand(&lang.build_cwd));
        let artifact = lang
            .artifact
            .as_ref()
            .map(|a| PathBuf::from(vars.expand(a)));
        let mut h = StampHasher::default();
        h.field("joulebench-suite build v1")
            .field(&lang.id)
            .field(tc.version_line.as_deref().unwrap_or("?"))
            .field(argv.join("\0"))
            .field(cwd.as_os_str().as_encoded_bytes());
        for (k, v) in &env {
            h.field(k).field(v);
        }
        h.field(read(&paths.src)?);
        let own_inputs = lang
            .problems
            .get(problem)
            .map(|p| p.build_inputs.as_slice())
            .unwrap_or(&[]);
        for input in lang.build_inputs.iter().chain(own_inputs) {
            let p = PathBuf::from(vars.expand(input));
            h.field(p.as_os_str().as_encoded_bytes());
            match std::fs::read(&p) {
                Ok(bytes) => h.field(bytes),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => h.field("<absent>"),
                Err(e) => return Err(SuiteError::io(p, e)),
            };
        }
        let plan = Plan {
            argv,
            env,
            cwd,
            out: paths.out.clone(),
            artifact,
            key: h.hex(),
        };
        if !force && self.is_up_to_date(&plan) {
            return Ok(BuildStatus::UpToDate);
        }
        run_build(problem, &lang.id, &lang.install_hint, &plan)
    }

    fn is_up_to_date(&self, plan: &Plan) -> bool {
        let stamp = std::fs::read_to_string(plan.out.join(STAMP_FILE)).unwrap_or_default();
        stamp.trim() == plan.key && plan.artifact.as_ref().map_or(true, |a| a.exists())
    }
}

fn read(p: &Path) -> Result<Vec<u8>, SuiteError> {
    std::fs::read(p).map_err(|e| SuiteError::io(p, e))
}

fn run_build(
    problem: &str,
    language: &str,
    hint: &str,
    plan: &Plan,
) -> Result<BuildStatus, SuiteError> {
    let failed = |status: String, output: String| {
        SuiteError::BuildFailed(Box::new(BuildFailure {
            problem: problem.to_string(),
            language: language.to_string(),
            command: process::shell_line(&plan.argv),
            status,
            output,
            hint: hint.to_string(),
        }))
    };
    // A clean directory: no stale classes or binaries from an earlier source.
    match std::fs::remove_dir_all(&plan.out) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(SuiteError::io(&plan.out, e)),
    }
    std::fs::create_dir_all(&plan.out).map_err(|e| SuiteError::io(&plan.out, e))?;
    if !plan.cwd.is_dir() {
        return Err(failed(
            format!("working directory {} does not exist", plan.cwd.display()),
            String::new(),
        ));
    }
    let spec = Spec {
        argv: &plan.argv,
        cwd: &plan.cwd,
        env: &plan.env,
        stdin: None,
    };
    let done = process::run(&spec, StdoutTo::Capture, Some(BUILD_TIMEOUT))
        .map_err(|e| failed(e.to_string(), String::new()))?;
    let mut output = done.stdout.clone();
    output.extend_from_slice(&done.stderr);
    let mut output = process::head_lines(&output, OUTPUT_LINES);
    if !output.is_empty() {
        output.push('\n');
    }
    if done.timed_out {
        return Err(failed(
            format!("timed out after {:?}", BUILD_TIMEOUT),
            output,
        ));
    }
    if !done.status.success() {
        return Err(failed(process::describe_status(&done.status), output));
    }
    if let Some(a) = plan.artifact.as_ref().filter(|a| !a.exists()) {
        return Err(failed(
            format!("it succeeded but did not produce {}", a.display()),
            output,
        ));
    }
    let stamp = plan.out.join(STAMP_FILE);
    std::fs::write(&stamp, format!("{}\n", plan.key)).map_err(|e| SuiteError::io(&stamp, e))?;
    Ok(BuildStatus::Built {
        seconds: done.elapsed.as_secs_f64(),
    })
}
