//! `joulebench rank`: build and verify the suite, measure every problem x language with
//! interleaved runs, append each run to a JSON Lines file, and render the tables and the
//! HTML report.

use crate::global::Global;
use crate::headings::{OUTPUT, RUNS, SUITE};
use crate::measuring::{flag_count, MeasureFlags};
use crate::util::{signal_exit_code, stop_on_signals};
use anyhow::{bail, Context};
use joulebench_measure::{run_session, DropTo, Ending, RunCount};
use joulebench_model::fleet::{PlanId, Shard};
use joulebench_model::ranking::{AskedFor, Ranking};
use joulebench_model::record::{Line, RunRecord};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Name of the results file inside the output directory.
pub const RESULTS_FILE: &str = "results.jsonl";

/// Arguments of `joulebench rank`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Size profile, as the suite's manifest.toml defines them: check (tiny, for tests),
    /// quick (default), study (the 2017 sizes). With --resume: the one recorded in DIR.
    #[arg(long, value_name = "PROFILE", help_heading = SUITE)]
    pub profile: Option<String>,
    /// Languages to rank (comma-separated ids as `joulebench suite list` shows them: c, cpp,
    /// rust, go, java, javascript, python, pypy, ada, csharp, erlang, fortran, haskell, lisp,
    /// lua, ocaml, pascal, perl, php, racket, ruby, jruby, typescript; `all` for every
    /// installed one); default: c,rust,java,python.
    #[arg(long, value_delimiter = ',', value_name = "LANGS", help_heading = SUITE)]
    pub languages: Vec<String>,
    /// Problems to measure (comma-separated); default: all ten.
    #[arg(long, value_delimiter = ',', value_name = "PROBLEMS", help_heading = SUITE)]
    pub problems: Vec<String>,
    /// Measured runs per problem x language (default 3; with --resume: the recorded one).
    #[arg(long, value_name = "N", help_heading = RUNS)]
    pub runs: Option<u32>,
    /// Warm-ups, timeout, sample rate, idle baseline (shared with `run`).
    #[command(flatten)]
    pub measure: MeasureFlags,
    /// Output directory (default: ./joulebench-results/<timestamp>/).
    #[arg(long, value_name = "DIR", conflicts_with = "resume", help_heading = OUTPUT)]
    pub out: Option<PathBuf>,
    /// Continue an interrupted ranking in DIR: only the missing runs are made.
    #[arg(long, value_name = "DIR", help_heading = RUNS)]
    pub resume: Option<PathBuf>,
    /// Measure only shard K of N of the plan's problem x language cells (round-robin,
    /// problem by problem, each problem's languages rotated so that every shard gets a
    /// mix), so that N machines measure one ranking together; every shard builds and
    /// verifies all programs. Merge with `report DIR...` or `rank --merge`.
    /// With --resume: the recorded one.
    #[arg(long, value_name = "K/N", help_heading = RUNS)]
    pub shard: Option<Shard>,
    /// Merge the shards in these `rank --out` directories (or results files) into one
    /// ranking in --out, without measuring: refused when they are of different plans,
    /// overlap, miss a shard or come from different machines.
    #[arg(long, value_name = "DIR", num_args = 1.., conflicts_with_all = ["resume", "shard"], help_heading = OUTPUT)]
    pub merge: Vec<PathBuf>,
    /// The suite directory (default: ./suite, or the one this binary was built from).
    #[arg(long, value_name = "DIR", env = "JOULEBENCH_SUITE_DIR", help_heading = SUITE)]
    pub suite_dir: Option<PathBuf>,
    /// Build cache directory.
    #[arg(long, value_name = "DIR", env = "JOULEBENCH_CACHE_DIR", help_heading = SUITE)]
    pub cache_dir: Option<PathBuf>,
}

/// A run that takes longer than this (seconds) is killed, recorded as timed out and
/// excluded, unless `--timeout` says otherwise.
const DEFAULT_TIMEOUT_S: f64 = 900.0;

/// Run the subcommand; returns the process exit code.
pub fn exec(mut args: Args, global: &Global) -> anyhow::Result<i32> {
    if !args.merge.is_empty() {
        return merge(&args);
    }
    flag_count("--runs", args.runs)?;
    let measuring = args.measure.check(Some(DEFAULT_TIMEOUT_S))?;
    let (out_dir, previous) = output_dir(&mut args)?;
    let profile = args.profile.clone().unwrap_or_else(|| "quick".into());
    let runs = args.runs.unwrap_or(3);
    crate::outfile::create_dirs_for_user(&out_dir)
        .with_context(|| format!("cannot create {}", out_dir.display()))?;

    let mut plan = crate::suite_glue::plan(
        args.suite_dir.as_deref(),
        args.cache_dir.as_deref(),
        &args.languages,
        &args.problems,
        &profile,
    )?;
    if let Some(shard) = args.shard {
        keep_shard(&mut plan, shard)?;
    }
    if plan.programs.is_empty() {
        bail!("nothing to rank: no problem x language passed build and verification");
    }
    let start = crate::suite_glue::Start {
        // Under sudo (for readable counters) the programs run as the invoking user.
        drop_to: DropTo::plan_from_env(false)?,
        // Started through a launcher so that peak memory is the program's own (see
        // joulebench_measure::Launcher).
        launcher: crate::util::launcher(),
    };
    let mut targets = crate::suite_glue::targets(&plan, &start);
    let completed = count_completed(&previous);
    for (t, p) in targets.iter_mut().zip(&plan.programs) {
        let key = (p.problem.clone(), p.language_name.clone());
        t.completed = completed.get(&key).copied().unwrap_or(0).min(runs);
    }
    let remaining: u32 = targets.iter().map(|t| runs - t.completed).sum();
    eprintln!(
        "Ranking {} languages x {} problems ({} programs), profile {}, {} runs each; {} runs to make.",
        plan.ranking.languages.len(),
        plan.ranking.problems.len(),
        targets.len(),
        profile,
        runs,
        remaining
    );

    let stop = stop_on_signals()?;
    let opened = crate::sensor::open(global)?;
    let mut session = crate::sensor::session(&opened);
    let mut ranking = Ranking {
        runs: Some(runs),
        warmup: Some(measuring.warmup),
        selection: AskedFor::from_flags(&args.languages, &args.problems),
        shard: args.shard,
        ..plan.ranking
    };
    ranking.plan = Some(PlanId::of(&ranking));
    if let Some(shard) = args.shard {
        eprintln!(
            "Shard {shard} of plan {}: {} of its {} cells.",
            ranking.plan_id(),
            ranking.cells_of(shard).len(),
            ranking.cells().len()
        );
    }
    session.ranking = Some(ranking);
    let mut meter = opened.into_meter(measuring.sample_rate);
    for w in crate::sensor::warnings(meter.sensor()) {
        eprintln!("Warning: {w}");
    }
    let results = out_dir.join(RESULTS_FILE);
    let sink = crate::sink::JsonlSink::create(&results, &session)?;
    let mut obs = crate::rank_progress::RankProgress::new(sink, &targets, runs, &previous);
    let mut opts = measuring.options(RunCount {
        exact: Some(runs),
        ..RunCount::default()
    });
    // A failing or timed-out program is recorded and excluded from the tables, not
    // allowed to stop a long ranking.
    opts.ignore_failure = true;
    opts.interleave = true;
    if remaining == 0 {
        opts.idle = Duration::ZERO;
    }
    let ending = if remaining == 0 {
        Ending::Complete
    } else {
        let outcome = run_session(&mut meter, &targets, &opts, &stop, &mut obs);
        obs.finish();
        outcome?.1
    };
    if let Some(e) = obs.error.take() {
        return Err(e.context(format!("results file {}", results.display())));
    }
    if let Some(shard) = args.shard {
        eprintln!(
            "This is shard {shard}: its tables cover its own cells only. Merge the {} \
             shards' directories with `joulebench report DIR...` or \
             `joulebench rank --merge DIR... --out DIR`.",
            shard.count
        );
    }
    finish(&results, &out_dir, ending)
}

/// Keep the programs of `shard`'s cells. The split is over every cell the plan asked for,
/// excluded ones included, so that it is the same on a machine where a program failed.
fn keep_shard(plan: &mut joulebench_suite::Plan, shard: Shard) -> anyhow::Result<()> {
    let mine = plan.ranking.cells_of(shard);
    if mine.is_empty() {
        bail!(
            "--shard {shard}: the plan has only {} cells, so shard {} would measure              nothing; use at most {} shards",
            plan.ranking.cells().len(),
            shard.index,
            plan.ranking.cells().len()
        );
    }
    plan.programs.retain(|p| {
        mine.iter()
            .any(|c| c.problem == p.problem && c.language == p.language)
    });
    Ok(())
}

/// `rank --merge DIR...`: the shards as one ranking in a new output directory.
fn merge(args: &Args) -> anyhow::Result<i32> {
    let loaded = crate::fleet::load_merged(&args.merge)?;
    if !loaded.sessions.iter().any(|s| s.ranking.is_some()) {
        bail!("--merge: the results hold no ranking written by `joulebench rank`");
    }
    let out_dir = new_output_dir(args.out.clone())?;
    crate::outfile::create_dirs_for_user(&out_dir)
        .with_context(|| format!("--out: cannot create {}", out_dir.display()))?;
    let results = out_dir.join(RESULTS_FILE);
    crate::fleet::write_results(&results, &loaded)?;
    finish(&results, &out_dir, Ending::Complete)
}

/// Where the ranking goes, and the runs it already holds (`--resume`). A new ranking
/// never goes into a directory that holds one.
fn output_dir(args: &mut Args) -> anyhow::Result<(PathBuf, Vec<RunRecord>)> {
    if let Some(dir) = args.resume.clone() {
        let results = dir.join(RESULTS_FILE);
        let (recorded, runs) = read_previous(&results)?;
        adopt_selection(args, recorded.as_ref(), &results)?;
        return Ok((dir, runs));
    }
    Ok((new_output_dir(args.out.clone())?, Vec::new()))
}

/// `--out`, or a new timestamped directory; never one that already holds a ranking.
fn new_output_dir(out: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    let dir = out.unwrap_or_else(|| {
        PathBuf::from("joulebench-results").join(crate::machine::now_rfc3339().replace(':', ""))
    });
    if dir.join(RESULTS_FILE).exists() {
        bail!(
            "--out {}: it already holds a ranking ({}); continue it with --resume {} \
             or choose another directory",
            dir.display(),
            dir.join(RESULTS_FILE).display(),
            dir.display()
        );
    }
    Ok(dir)
}

/// Render the tables and the HTML report, and say how the ranking ended.
fn finish(results: &Path, out_dir: &Path, ending: Ending) -> anyhow::Result<i32> {
    let rendered = crate::output::rank_report(results, out_dir)?;
    print!("{rendered}");
    eprintln!(
        "Results: {}\nReport:  {}",
        results.display(),
        out_dir.join("report.html").display()
    );
    match ending {
        Ending::Interrupted(sig) => {
            eprintln!(
                "Interrupted. Nothing measured is lost; continue with:\n  joulebench rank --resume {}",
                out_dir.display()
            );
            Ok(signal_exit_code(sig))
        }
        Ending::Complete => Ok(0),
    }
}

/// `--resume`: take the profile, runs and selection the first session recorded; refuse
/// any the user gave that differs (a check-size run and a quick-size run must never be
/// averaged in one cell).
fn adopt_selection(
    args: &mut Args,
    recorded: Option<&Ranking>,
    results: &Path,
) -> anyhow::Result<()> {
    let Some(recorded) = recorded else {
        bail!(
            "--resume: {} was not written by `joulebench rank` (its session line describes \
             no ranking): it cannot be resumed",
            results.display()
        );
    };
    let differs = |flag: &str, asked: String, was: &str| -> anyhow::Result<()> {
        bail!(
            "--resume: {} was measured with {flag} {was}, and this command asks for {flag} \
             {asked}: resuming would mix runs of different settings. Drop {flag} to \
             continue it as it was, or start a new ranking with --out",
            results.display()
        )
    };
    let profile = &recorded.profile;
    match &args.profile {
        Some(p) if p != profile => differs("--profile", p.clone(), profile)?,
        _ => args.profile = Some(profile.clone()),
    }
    let runs = recorded
        .runs
        .with_context(|| format!("--resume: {} records no run count", results.display()))?;
    match args.runs {
        Some(r) if r != runs => differs("--runs", r.to_string(), &runs.to_string())?,
        _ => args.runs = Some(runs),
    }
    let shown = |s: Option<Shard>| s.map_or("(none: the whole plan)".into(), |s| s.to_string());
    match args.shard {
        Some(s) if Some(s) != recorded.shard => {
            differs("--shard", s.to_string(), &shown(recorded.shard))?
        }
        _ => args.shard = recorded.shard,
    }
    let selection = &recorded.selection;
    for (was, ids, none_given, flag) in [
        (
            &selection.languages,
            &mut args.languages,
            "default",
            "--languages",
        ),
        (&selection.problems, &mut args.problems, "all", "--problems"),
    ] {
        let shown = |v: &Option<Vec<String>>| match v {
            Some(ids) => ids.join(","),
            None => none_given.to_string(),
        };
        if ids.is_empty() {
            *ids = was.clone().unwrap_or_default();
        } else if Some(&*ids) != was.as_ref() {
            differs(flag, ids.join(","), &shown(was))?;
        }
    }
    Ok(())
}

/// The first session's ranking and the runs already in a results file (for `--resume`).
fn read_previous(path: &Path) -> anyhow::Result<(Option<Ranking>, Vec<RunRecord>)> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("--resume: cannot read {}", path.display()))?;
    let mut runs = Vec::new();
    let mut ranking = None;
    let lines = text.lines().count();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Line>(line) {
            Ok(Line::Run(r)) => runs.push(r),
            Ok(Line::Session(s)) => ranking = ranking.or(s.ranking),
            // A crash can leave the last line half-written: that run is simply redone.
            Err(_) if i + 1 == lines => {
                eprintln!(
                    "Warning: {}:{}: incomplete last line ignored",
                    path.display(),
                    i + 1
                );
            }
            Err(e) => bail!("{}:{}: not a results line: {e}", path.display(), i + 1),
        }
    }
    Ok((ranking, runs))
}

fn count_completed(runs: &[RunRecord]) -> BTreeMap<(String, String), u32> {
    let mut m = BTreeMap::new();
    for r in runs {
        if let (Some(p), Some(l)) = (&r.problem, &r.language) {
            *m.entry((p.clone(), l.clone())).or_insert(0) += 1;
        }
    }
    m
}
