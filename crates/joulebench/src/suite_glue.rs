//! From the suite's plan to the runner's targets, saying on standard error what the plan
//! skipped and excluded (the library decides; the command line tells).

use anyhow::{bail, Context};
use joulebench_measure::{CommandOutput, DropTo, Launcher, Program, Spawn, Target};
use joulebench_suite::{cache_dir, Plan, Suite, SuiteError};
use std::path::Path;

/// How every program of a ranking is started: as whom, and through which launcher.
pub struct Start {
    /// Under sudo, the invoking user the programs run as.
    pub drop_to: Option<DropTo>,
    /// The launcher that keeps a program's peak memory its own (launch.rs).
    pub launcher: Option<Launcher>,
}

/// Load the suite, choose, build and verify: the plan of a ranking at `profile`.
///
/// A language named explicitly must have its toolchain installed (an error otherwise);
/// with the default selection a missing toolchain is a skip, printed with its install
/// hint. A program that does not build or whose output differs from the expected one is
/// excluded, with the reason on standard error.
pub fn plan(
    suite_dir: Option<&Path>,
    cache: Option<&Path>,
    languages: &[String],
    problems: &[String],
    profile: &str,
) -> anyhow::Result<Plan> {
    let dir = Suite::locate(suite_dir);
    let suite =
        Suite::load(&dir).with_context(|| format!("cannot load the suite in {}", dir.display()))?;
    let choice = suite
        .choose(languages, problems)
        .map_err(|e| flag_error(e, profile))?;
    for s in &choice.skipped {
        eprintln!("Skipping {}", s.reason);
    }
    if choice.languages.is_empty() {
        bail!("no language to rank: every selected toolchain is missing");
    }
    eprintln!(
        "Building and verifying {} languages x {} problems (check size, byte for byte)...",
        choice.languages.len(),
        choice.problems.len()
    );
    let plan = suite
        .plan(&choice, profile, &cache_dir(cache))
        .map_err(|e| flag_error(e, profile))?;
    for e in &plan.ranking.excluded {
        eprintln!(
            "EXCLUDED {}/{}: {}",
            e.problem,
            e.language,
            e.reason.replace('\n', "\n    ")
        );
    }
    Ok(plan)
}

/// The suite's error, naming the flag at fault where one is.
fn flag_error(e: SuiteError, profile: &str) -> anyhow::Error {
    match &e {
        SuiteError::MissingToolchain { language, .. } => {
            anyhow::anyhow!("--languages {language}: {e}")
        }
        SuiteError::UnknownProfile(..) => anyhow::anyhow!("--profile {profile}: {e}"),
        _ => anyhow::Error::new(e).context(format!("cannot prepare the {profile} runs")),
    }
}

/// The runner's targets for a plan, each started as `start` says.
pub fn targets(plan: &Plan, start: &Start) -> Vec<Target> {
    plan.programs
        .iter()
        .map(|p| {
            let inv = &p.invocation;
            Target {
                name: format!("{}/{}", p.problem, p.language_name),
                problem: Some(p.problem.clone()),
                language: Some(p.language_name.clone()),
                spawn: Spawn {
                    program: Program::Direct(inv.argv.iter().map(Into::into).collect()),
                    stdin: inv.stdin.clone(),
                    output: CommandOutput::Null,
                    cwd: Some(inv.cwd.clone()),
                    env: inv.env.clone(),
                    drop_to: start.drop_to.clone(),
                    launcher: start.launcher.clone(),
                },
                completed: 0,
                parameters: Vec::new(),
                hooks: Default::default(),
            }
        })
        .collect()
}

/// One program to profile: what `profile` starts.
pub struct ProfileTarget {
    /// The name shown.
    pub name: String,
    /// Program and arguments.
    pub program: Program,
    /// Working directory.
    pub cwd: Option<std::path::PathBuf>,
    /// Standard input.
    pub stdin: Option<std::path::PathBuf>,
    /// Extra environment.
    pub env: Vec<(String, String)>,
}

/// The suite program PROBLEM in LANGUAGE at `size` (a profile of the manifest: check,
/// quick, study), built and verified first: what `profile --suite` runs.
pub fn profile_target(problem: &str, language: &str, size: &str) -> anyhow::Result<ProfileTarget> {
    let plan = plan(
        None,
        None,
        &[language.to_string()],
        &[problem.to_string()],
        size,
    )
    .map_err(|e| anyhow::anyhow!("{}", format!("{e:#}").replace("--profile", "--size")))?;
    let Some(p) = plan.programs.first() else {
        bail!("--suite {problem} {language}: the program was excluded (see above)");
    };
    let inv = &p.invocation;
    Ok(ProfileTarget {
        name: format!("{}/{} ({size} size)", p.problem, p.language_name),
        program: Program::Direct(inv.argv.iter().map(Into::into).collect()),
        cwd: Some(inv.cwd.clone()),
        stdin: inv.stdin.clone(),
        env: inv.env.clone(),
    })
}
