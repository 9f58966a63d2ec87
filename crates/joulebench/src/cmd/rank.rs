//! `joulebench rank`: build and verify the suite, measure every problem x language with
//! interleaved runs, append each run to a JSON Lines file, and render the tables and the
//! HTML report.

use crate::global::Global;
use crate::util::{signal_exit_code, stop_on_signals};
use anyhow::{bail, Context};
use joulebench_measure::{run_session, DropTo, Ending, Observer, Options, RunCount, Target};
use joulebench_model::record::{Baseline, Line, RunRecord};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Name of the results file inside the output directory.
pub const RESULTS_FILE: &str = "results.jsonl";

/// Arguments of `joulebench rank`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Size profile: check (tiny, for tests), quick (default), study (the 2017 sizes).
    /// With --resume: the one recorded in DIR.
    #[arg(long, value_parser = ["check", "quick", "study"])]
    pub profile: Option<String>,
    /// Languages to rank (comma-separated ids as `joulebench suite list` shows them: c, cpp,
    /// rust, go, java, javascript, python, pypy, ada, csharp, erlang, fortran, haskell, lisp,
    /// lua, ocaml, pascal, perl, php, racket, ruby, jruby, typescript; `all` for every
    /// installed one); default: c,rust,java,python.
    #[arg(long, value_delimiter = ',', value_name = "LANGS")]
    pub languages: Vec<String>,
    /// Problems to measure (comma-separated); default: all ten.
    #[arg(long, value_delimiter = ',', value_name = "PROBLEMS")]
    pub problems: Vec<String>,
    /// Measured runs per problem x language (default 3; with --resume: the recorded one).
    #[arg(long, value_name = "N")]
    pub runs: Option<u32>,
    /// Un-measured runs per problem x language before the measured ones.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub warmup: u32,
    /// Idle baseline before the first run, seconds (0: skip).
    #[arg(long, default_value_t = 2.0, value_name = "SECS")]
    pub idle: f64,
    /// Power timeline sample rate.
    #[arg(long, default_value_t = 10.0, value_name = "HZ")]
    pub sample_rate: f64,
    /// Kill a run after SECS seconds (recorded as timed out and excluded).
    #[arg(long, default_value_t = 900.0, value_name = "SECS")]
    pub timeout: f64,
    /// Output directory (default: ./joulebench-results/<timestamp>/).
    #[arg(long, value_name = "DIR", conflicts_with = "resume")]
    pub out: Option<PathBuf>,
    /// Continue an interrupted ranking in DIR: only the missing runs are made.
    #[arg(long, value_name = "DIR")]
    pub resume: Option<PathBuf>,
    /// The suite directory (default: ./suite, or the one this binary was built from).
    #[arg(long, value_name = "DIR", env = "JOULEBENCH_SUITE_DIR")]
    pub suite_dir: Option<PathBuf>,
    /// Build cache directory.
    #[arg(long, value_name = "DIR", env = "JOULEBENCH_CACHE_DIR")]
    pub cache_dir: Option<PathBuf>,
}

/// Run the subcommand; returns the process exit code.
pub fn exec(mut args: Args, global: &Global) -> anyhow::Result<i32> {
    if args.runs == Some(0) {
        bail!("--runs must be at least 1");
    }
    let idle = crate::util::flag_seconds(args.idle, "--idle", true)?;
    let timeout = crate::util::flag_seconds(args.timeout, "--timeout", false)?;
    crate::util::flag_sample_rate(args.sample_rate)?;
    let (out_dir, previous) = match args.resume.clone() {
        Some(dir) => {
            let results = dir.join(RESULTS_FILE);
            let (recorded, runs) = read_previous(&results)?;
            adopt_selection(&mut args, &recorded, &results)?;
            (dir, runs)
        }
        None => {
            let dir = args.out.clone().unwrap_or_else(|| {
                PathBuf::from("joulebench-results")
                    .join(crate::machine::now_rfc3339().replace(':', ""))
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
            (dir, Vec::new())
        }
    };
    let profile = args.profile.clone().unwrap_or_else(|| "quick".into());
    let runs = args.runs.unwrap_or(3);
    crate::outfile::create_dirs_for_user(&out_dir)
        .with_context(|| format!("cannot create {}", out_dir.display()))?;

    let prepared = crate::suite_glue::prepare(
        args.suite_dir.as_deref(),
        args.cache_dir.as_deref(),
        &args.languages,
        &args.problems,
        &profile,
    )?;
    if prepared.cells.is_empty() {
        bail!("nothing to rank: no problem x language passed build and verification");
    }

    // Under sudo (for readable counters) the programs run as the invoking user.
    let drop_to = DropTo::plan_from_env(false)?;
    // Started through a launcher so that peak memory is the program's own (see
    // joulebench_measure::Launcher).
    let launcher = crate::util::launcher();
    let completed = count_completed(&previous);
    let targets: Vec<Target> = prepared
        .cells
        .iter()
        .map(|c| {
            let mut t = c.target.clone();
            t.spawn.drop_to = drop_to.clone();
            t.spawn.launcher = launcher.clone();
            t.completed = completed
                .get(&(c.problem.clone(), c.language.clone()))
                .copied()
                .unwrap_or(0)
                .min(runs);
            t
        })
        .collect();
    let remaining: u32 = targets.iter().map(|t| runs - t.completed).sum();
    eprintln!(
        "Ranking {} languages x {} problems ({} programs), profile {}, {} runs each; {} runs to make.",
        prepared.languages.len(),
        prepared.problems.len(),
        targets.len(),
        profile,
        runs,
        remaining
    );

    let stop = stop_on_signals()?;
    let opened = crate::sensor::open(global)?;
    let mut session = crate::sensor::session(&opened);
    session.notes.insert("profile".into(), profile.clone());
    session.notes.insert("runs".into(), runs.to_string());
    session.notes.insert(
        SELECTION_LANGUAGES.into(),
        selection(&args.languages, "default"),
    );
    session
        .notes
        .insert(SELECTION_PROBLEMS.into(), selection(&args.problems, "all"));
    session
        .notes
        .insert("warmup".into(), args.warmup.to_string());
    for (k, v) in &prepared.notes {
        session.notes.insert(k.clone(), v.clone());
    }
    let mut meter = opened.into_meter(args.sample_rate);
    for w in crate::sensor::warnings(meter.sensor()) {
        eprintln!("Warning: {w}");
    }
    let results = out_dir.join(RESULTS_FILE);
    let sink = crate::sink::JsonlSink::create(&results, &session)?;
    let mut obs = RankObserver {
        sink,
        error: None,
        done: 0,
        total: remaining,
    };
    let opts = Options {
        warmup: args.warmup,
        runs: RunCount {
            exact: Some(runs),
            ..RunCount::default()
        },
        timeout: Some(timeout),
        // A failing or timed-out program is recorded and excluded from the tables, not
        // allowed to stop a long ranking.
        ignore_failure: true,
        interleave: true,
        idle: if remaining == 0 { Duration::ZERO } else { idle },
        ..Options::default()
    };
    let ending = if remaining == 0 {
        Ending::Complete
    } else {
        run_session(&mut meter, &targets, &opts, &stop, &mut obs)?.1
    };
    if let Some(e) = obs.error.take() {
        return Err(e.context(format!("results file {}", results.display())));
    }
    let rendered = crate::output::rank_report(&results, &out_dir)?;
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

struct RankObserver {
    sink: crate::sink::JsonlSink,
    error: Option<anyhow::Error>,
    done: u32,
    total: u32,
}

impl Observer for RankObserver {
    fn baseline(&mut self, b: &Baseline) {
        eprintln!(
            "Idle baseline: {:.2} W ± {:.2} W over {:.1} s",
            b.mean_w, b.stddev_w, b.seconds
        );
    }

    fn run_done(&mut self, r: &RunRecord, warnings: &[String]) {
        self.done += 1;
        let energy = r
            .energy_total_j
            .map(|j| format!("{j:.2} J"))
            .unwrap_or_else(|| "energy n/a".into());
        let status = if r.succeeded() { "" } else { "  FAILED" };
        eprintln!(
            "[{}/{}] {:<32} {:>9.3} s {:>12} ({}){status}",
            self.done,
            self.total,
            r.command,
            r.wall_s,
            energy,
            r.provenance.as_str()
        );
        for w in warnings {
            eprintln!("  warning: {w}");
        }
        if let Err(e) = self.sink.append(r) {
            self.error.get_or_insert(e);
        }
    }

    fn warning(&mut self, msg: &str) {
        eprintln!("Warning: {msg}");
    }
}

/// Session notes that record what a ranking selected, so `--resume` continues exactly it.
const SELECTION_LANGUAGES: &str = "selection.languages";
const SELECTION_PROBLEMS: &str = "selection.problems";

/// A selection as recorded: the ids as given, or `none_given` for the default.
fn selection(ids: &[String], none_given: &str) -> String {
    if ids.is_empty() {
        none_given.to_string()
    } else {
        ids.join(",")
    }
}

/// `--resume`: take the profile, runs and selection the first session recorded; refuse
/// any the user gave that differs (a check-size run and a quick-size run must never be
/// averaged in one cell).
fn adopt_selection(
    args: &mut Args,
    recorded: &BTreeMap<String, String>,
    results: &Path,
) -> anyhow::Result<()> {
    let Some(profile) = recorded.get("profile") else {
        bail!(
            "--resume: {} was not written by `joulebench rank` (its session line has no \
             profile): it cannot be resumed",
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
    match &args.profile {
        Some(p) if p != profile => differs("--profile", p.clone(), profile)?,
        _ => args.profile = Some(profile.clone()),
    }
    let runs: u32 = recorded
        .get("runs")
        .and_then(|r| r.parse().ok())
        .with_context(|| format!("--resume: {} records no run count", results.display()))?;
    match args.runs {
        Some(r) if r != runs => differs("--runs", r.to_string(), &runs.to_string())?,
        _ => args.runs = Some(runs),
    }
    for (key, ids, none_given, flag) in [
        (
            SELECTION_LANGUAGES,
            &mut args.languages,
            "default",
            "--languages",
        ),
        (SELECTION_PROBLEMS, &mut args.problems, "all", "--problems"),
    ] {
        let Some(was) = recorded.get(key) else {
            bail!(
                "--resume: {} records no {flag} selection (written by an older joulebench): \
                 start a new ranking with --out",
                results.display()
            );
        };
        let asked = selection(ids, none_given);
        if ids.is_empty() {
            *ids = if was == none_given {
                Vec::new()
            } else {
                was.split(',').map(str::to_string).collect()
            };
        } else if &asked != was {
            differs(flag, asked, was)?;
        }
    }
    Ok(())
}

/// The first session's notes and the runs already in a results file (for `--resume`).
fn read_previous(path: &Path) -> anyhow::Result<(BTreeMap<String, String>, Vec<RunRecord>)> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("--resume: cannot read {}", path.display()))?;
    let mut runs = Vec::new();
    let mut notes = None;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Line>(line) {
            Ok(Line::Run(r)) => runs.push(r),
            Ok(Line::Session(s)) => {
                notes.get_or_insert(s.notes);
            }
            // A crash can leave the last line half-written: that run is simply redone.
            Err(_) if i + 1 == text.lines().count() => {
                eprintln!(
                    "Warning: {}:{}: incomplete last line ignored",
                    path.display(),
                    i + 1
                );
            }
            Err(e) => bail!("{}:{}: not a results line: {e}", path.display(), i + 1),
        }
    }
    Ok((notes.unwrap_or_default(), runs))
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
