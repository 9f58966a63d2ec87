//! From the suite (manifest, builds, verification) to measurable targets for `rank`.

use anyhow::{bail, Context};
use joulebench_measure::bench::Target;
use joulebench_measure::process::{Program, Spawn};
use joulebench_suite::{cache_dir, SizeSpec, Suite, VerifyOptions};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

/// The languages `rank` measures when none are named: the four of the study's headline
/// claim (C ≈ Rust, Java about 2×, Python about 75×), so the default ranking fits in ten
/// minutes on a small machine. `--languages all` takes every installed language.
pub const DEFAULT_LANGUAGES: [&str; 4] = ["c", "rust", "java", "python"];

/// One problem x language ready to measure.
pub struct Cell {
    /// Problem id.
    pub problem: String,
    /// Language display name (as in the results).
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
///
/// Languages named explicitly must have their toolchain installed (an error otherwise);
/// with the default selection a missing toolchain is a skip, printed with its install
/// hint. A program that does not build or whose output differs from the expected one is
/// excluded from the ranking, with the reason on standard error.
pub fn prepare(
    suite_dir: Option<&Path>,
    cache: Option<&Path>,
    languages: &[String],
    problems: &[String],
    profile: &str,
) -> anyhow::Result<Prepared> {
    let dir = Suite::locate(suite_dir);
    let suite =
        Suite::load(&dir).with_context(|| format!("cannot load the suite in {}", dir.display()))?;
    let cache = cache_dir(cache);
    let explicit = !languages.is_empty();
    let wanted: Vec<String> = if languages.iter().any(|l| l == "all") {
        suite.languages().iter().map(|l| l.id.clone()).collect()
    } else if explicit {
        languages.to_vec()
    } else {
        DEFAULT_LANGUAGES.iter().map(|s| s.to_string()).collect()
    };
    let (langs, probs) = suite.select(&wanted, problems)?;
    let problem_ids: Vec<String> = probs.iter().map(|p| p.id.clone()).collect();
    let mut notes = BTreeMap::new();
    let mut ready = Vec::new();
    for l in &langs {
        let tc = suite.detect(&l.id)?;
        if !tc.found {
            let msg = format!(
                "{} ({}): toolchain missing ({}); install: {}",
                l.name, l.id, tc.reason, tc.install_hint
            );
            if explicit && !languages.iter().any(|x| x == "all") {
                bail!("--languages {}: {msg}", l.id);
            }
            eprintln!("Skipping {msg}");
            notes.insert(format!("skipped.{}", l.id), msg);
            continue;
        }
        let version = tc.version_line.or(tc.version).unwrap_or_default();
        // Results and notes carry the display name (`C++`, `PyPy`), as imported studies
        // do, so that tables read naturally and compare across sources.
        notes.insert(format!("toolchain.{}", l.name), version);
        notes.insert(format!("flags.{}", l.name), l.flags.clone());
        for p in &probs {
            if let Some(lib) = l.library(&p.id) {
                notes.insert(format!("library.{}.{}", l.name, p.id), lib.to_string());
            }
        }
        ready.push(l.id.clone());
    }
    if ready.is_empty() {
        bail!("no language to rank: every selected toolchain is missing");
    }

    eprintln!(
        "Building and verifying {} languages x {} problems (check size, byte for byte)...",
        ready.len(),
        problem_ids.len()
    );
    let opts = VerifyOptions {
        langs: ready.clone(),
        problems: problem_ids.clone(),
        cache_dir: cache.clone(),
        profile: "check".into(),
        cross_check: None,
        require_all: false,
        timeout: Duration::from_secs(120),
        cross_check_timeout: Duration::from_secs(1800),
    };
    let report = suite.verify(&opts)?;
    let mut excluded = Vec::new();
    for row in report.failures() {
        let what = format!("{}/{}", row.problem, row.language);
        if !excluded.contains(&what) {
            eprintln!(
                "EXCLUDED {what}: {}",
                row.outcome.detail().replace('\n', "\n    ")
            );
            excluded.push(what);
        }
    }
    if !excluded.is_empty() {
        notes.insert("excluded".into(), excluded.join(", "));
    }

    let mut cells = Vec::new();
    for p in &problem_ids {
        for l in &ready {
            if !report.passed(p, l) {
                continue;
            }
            let inv = suite
                .command(p, l, &SizeSpec::Profile(profile.to_string()), &cache)
                .with_context(|| format!("{p}/{l}: cannot prepare the {profile} run"))?;
            let size = suite.resolve_size(p, &SizeSpec::Profile(profile.to_string()))?;
            notes.insert(format!("size.{p}"), size.to_string());
            let name = suite.language(l)?.name.clone();
            cells.push(Cell {
                problem: p.clone(),
                language: name.clone(),
                target: Target {
                    name: format!("{p}/{name}"),
                    problem: Some(p.clone()),
                    language: Some(name),
                    spawn: Spawn {
                        program: Program::Direct(inv.argv.iter().map(Into::into).collect()),
                        stdin: inv.stdin.clone(),
                        show_output: false,
                        cwd: Some(inv.cwd.clone()),
                        env: inv.env.clone(),
                        drop_to: None,
                        launcher: None,
                    },
                    completed: 0,
                },
            });
        }
    }
    notes.insert(
        joulebench_report::PROBLEM_SET_NOTE.into(),
        problem_ids.join(","),
    );
    notes.insert("languages".into(), ready.join(","));
    Ok(Prepared {
        cells,
        languages: ready,
        problems: problem_ids,
        notes,
    })
}
