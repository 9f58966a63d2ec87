//! `joulebench run`: hyperfine for joules.

use crate::global::Global;
use crate::measuring::{flag_count, MeasureFlags, Measuring};
use crate::outfile::{check_outputs, write_output, Output};
use crate::util::{signal_exit_code, stop_on_signals};
use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use joulebench_measure::{
    run_session, DropTo, Ending, Observer, Options, Program, RunCount, Spawn, Target,
};
use joulebench_model::carbon::{self, GridIntensity};
use joulebench_model::record::{Baseline, RunRecord, Session};
use std::ffi::OsString;
use std::path::PathBuf;

/// Arguments of `joulebench run`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  joulebench run --runs 5 'python3 -c \"sum(range(10**7))\"' 'sleep 0.5'\n  joulebench run --export-json out.json -- ./prog --flag"
)]
pub struct Args {
    /// Commands to measure, each run through the shell (see --shell).
    #[arg(value_name = "COMMAND")]
    pub commands: Vec<String>,
    /// Measure one program with these arguments, without a shell (after `--`).
    #[arg(last = true, value_name = "PROGRAM ARGS")]
    pub program: Vec<OsString>,
    /// Name the commands in the results and exports (as hyperfine: give it once per
    /// command, in order; unnamed commands keep their command line).
    #[arg(short = 'n', long, value_name = "NAME")]
    pub command_name: Vec<String>,
    /// Warm-ups, timeout, sample rate, idle baseline (shared with `rank`).
    #[command(flatten)]
    pub measure: MeasureFlags,
    /// Exactly N measured runs (default: at least 10 runs and at least 3 s, as hyperfine).
    #[arg(short, long, value_name = "N", conflicts_with_all = ["min_runs", "max_runs"])]
    pub runs: Option<u32>,
    /// At least N runs.
    #[arg(short = 'm', long, value_name = "N")]
    pub min_runs: Option<u32>,
    /// At most N runs.
    #[arg(short = 'M', long, value_name = "N")]
    pub max_runs: Option<u32>,
    /// Run CMD before every run (warm-ups too); not measured.
    #[arg(short, long, value_name = "CMD")]
    pub prepare: Option<String>,
    /// Run CMD after every run (warm-ups too); not measured.
    #[arg(short = 'C', long, value_name = "CMD")]
    pub conclude: Option<String>,
    /// Run CMD once before each command's runs; not measured.
    #[arg(short, long, value_name = "CMD")]
    pub setup: Option<String>,
    /// Run CMD once after each command's runs; not measured.
    #[arg(short, long, value_name = "CMD")]
    pub cleanup: Option<String>,
    /// Connect FILE to the measured command's standard input.
    #[arg(long, value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// Show the commands' output instead of discarding it (`--output inherit`).
    #[arg(long, conflicts_with = "output")]
    pub show_output: bool,
    /// Where the measured command's standard output goes: null (the default), pipe (read
    /// and discarded), inherit (shown, with standard error), or a FILE (the last run's).
    #[arg(long, value_name = "WHERE", value_parser = super::run_output::parse)]
    pub output: Option<joulebench_measure::CommandOutput>,
    /// Keep going when a command exits non-zero.
    #[arg(short, long)]
    pub ignore_failure: bool,
    /// With several commands, run them A B A B ... so drift hits all of them.
    #[arg(long)]
    pub interleave: bool,
    /// Shell to run commands with, or `none` to split them into words and run directly.
    #[arg(short = 'S', long, default_value = "sh", value_name = "SHELL")]
    pub shell: String,
    /// Run the measured command as root even when started through sudo.
    #[arg(long, value_name = "USER", value_parser = ["root"])]
    pub user: Option<String>,
    /// Export results as hyperfine-compatible JSON with energy fields.
    #[arg(long, value_name = "FILE")]
    pub export_json: Option<PathBuf>,
    /// Export results as CSV.
    #[arg(long, value_name = "FILE")]
    pub export_csv: Option<PathBuf>,
    /// Export results as a Markdown table.
    #[arg(long, value_name = "FILE")]
    pub export_markdown: Option<PathBuf>,
    /// Export results as an AsciiDoc table.
    #[arg(long, value_name = "FILE")]
    pub export_asciidoc: Option<PathBuf>,
    /// Export results as an Org-mode table.
    #[arg(long, value_name = "FILE")]
    pub export_orgmode: Option<PathBuf>,
    /// Export results as one self-contained HTML page: the table and charts.
    #[arg(long, value_name = "FILE")]
    pub export_html: Option<PathBuf>,
    /// Append every run to FILE as JSON Lines as soon as it finishes.
    #[arg(long, value_name = "FILE")]
    pub export_jsonl: Option<PathBuf>,
    /// Grid carbon intensity for CO2e, grams per kWh.
    #[arg(long, value_name = "G_PER_KWH", conflicts_with = "region")]
    pub grid_intensity: Option<f64>,
    /// Region code for the bundled grid-intensity table (e.g. FR, DE, US; `list` to list).
    #[arg(long, value_name = "CODE")]
    pub region: Option<String>,
    /// What one run delivers, for the Software Carbon Intensity (SCI, Green Software
    /// Foundation): `requests=1000` adds g CO2e per request to the summary and exports.
    #[arg(long, value_name = "NAME=COUNT", value_parser = carbon::parse_functional_unit)]
    pub functional_unit: Option<carbon::FunctionalUnit>,
    /// The embodied emissions' share charged to one run (the SCI's M), grams CO2e.
    #[arg(long, value_name = "GRAMS", requires = "functional_unit")]
    pub embodied_g: Option<f64>,
}

/// Run the subcommand; returns the process exit code.
pub fn exec(args: Args, global: &Global) -> anyhow::Result<i32> {
    if args.region.as_deref() == Some("list") {
        for (code, name, g) in carbon::TABLE {
            println!("{code:6} {g:6.0} g/kWh  {name}");
        }
        println!("source: {}", carbon::TABLE_SOURCE);
        return Ok(0);
    }
    let grid = grid(&args)?;
    let mut targets = targets(&args)?;
    let measuring = args.measure.check(None)?;
    let opts = options(&args, &measuring)?;
    check_exports(&args)?;
    let run_output = super::run_output::prepare(args.output.as_ref(), args.show_output)?;
    for t in &mut targets {
        t.spawn.output = run_output.output.clone();
    }
    let stop = stop_on_signals()?;
    let opened = crate::sensor::open(global)?;
    let mut session = crate::sensor::session(&opened);
    session.grid = Some(grid.clone());
    session.functional_unit = functional_unit(&args)?;
    let mut meter = opened.into_meter(measuring.sample_rate);
    for w in crate::sensor::warnings(meter.sensor()) {
        eprintln!("Warning: {w}");
    }

    let mut obs = Progress::new(args.export_jsonl.clone(), &session)?;
    let outcome = run_session(&mut meter, &targets, &opts, &stop, &mut obs);
    obs.finish();
    // Said after the summary and the exports, which do not depend on it.
    let output_error = run_output.finish().err();
    let (baseline, ending, error) = match outcome {
        Ok((b, e)) => (b, Some(e), None),
        Err(e) => (obs.baseline.clone(), None, Some(e)),
    };
    session.baseline = baseline;
    if let Some(e) = obs.sink_error.take() {
        eprintln!("Warning: {e:#}");
    }
    let records = std::mem::take(&mut obs.records);
    if !records.is_empty() {
        print!("{}", crate::output::run_summary(&records, &session));
    }
    export(&args, &records, &session)?;
    if let Some(e) = &output_error {
        eprintln!("joulebench: error: {e:#}");
    }
    if let Some(e) = error {
        eprintln!("joulebench: error: {e}");
        return Ok(1);
    }
    if let Some(why) = no_valid_run(&records) {
        eprintln!("joulebench: error: {why}");
        return Ok(1);
    }
    match ending {
        Some(Ending::Interrupted(sig)) => {
            eprintln!(
                "joulebench: interrupted; {} finished run(s) kept{}",
                records.len(),
                if export_requested(&args) {
                    " and exported"
                } else {
                    ""
                }
            );
            Ok(signal_exit_code(sig))
        }
        _ => Ok(if output_error.is_some() { 1 } else { 0 }),
    }
}

/// The SCI's functional unit with its embodied share, checked.
fn functional_unit(args: &Args) -> anyhow::Result<Option<carbon::FunctionalUnit>> {
    let Some(mut unit) = args.functional_unit.clone() else {
        return Ok(None);
    };
    if let Some(g) = args.embodied_g {
        if !(g.is_finite() && g >= 0.0) {
            bail!("--embodied-g must be a non-negative number of grams, got {g}");
        }
        unit.embodied_g_per_run = g;
    }
    Ok(Some(unit))
}

fn grid(args: &Args) -> anyhow::Result<GridIntensity> {
    if let Some(g) = args.grid_intensity {
        if !(g.is_finite() && g >= 0.0) {
            bail!("--grid-intensity must be a non-negative number of g/kWh, got {g}");
        }
        return Ok(carbon::custom(g));
    }
    match &args.region {
        Some(code) => carbon::region(code).with_context(|| {
            format!("--region {code}: unknown region code (`--region list` shows the table)")
        }),
        None => Ok(carbon::default_intensity()),
    }
}

fn program(line: &str, shell: &str, what: &str) -> anyhow::Result<Program> {
    if shell == "none" {
        let words = shell_words::split(line)
            .with_context(|| format!("{what} `{line}`: cannot split into words"))?;
        if words.is_empty() {
            bail!("{what} is empty");
        }
        Ok(Program::Direct(
            words.into_iter().map(OsString::from).collect(),
        ))
    } else {
        Ok(Program::Shell {
            shell: shell.to_string(),
            line: line.to_string(),
        })
    }
}

fn targets(args: &Args) -> anyhow::Result<Vec<Target>> {
    let drop_to = DropTo::plan_from_env(args.user.is_some())?;
    // Started through a launcher so that peak memory is the command's own (see
    // joulebench_measure::Launcher).
    let launcher = crate::util::launcher();
    if let Some(d) = &drop_to {
        eprintln!(
            "Running as root through sudo: commands run as uid {} ({}); use --user root to keep root.",
            d.uid,
            d.user.as_deref().unwrap_or("?")
        );
    }
    if let Some(input) = &args.input {
        if !input.is_file() {
            bail!("--input {}: no such file", input.display());
        }
    }
    let spawn = |program: Program| Spawn {
        program,
        stdin: args.input.clone(),
        // Set in `exec`, once `--output` is ready.
        output: Default::default(),
        cwd: None,
        env: Vec::new(),
        drop_to: drop_to.clone(),
        launcher: launcher.clone(),
    };
    let mut out = Vec::new();
    for c in &args.commands {
        out.push(Target {
            name: c.clone(),
            problem: None,
            language: None,
            spawn: spawn(program(c, &args.shell, "command")?),
            completed: 0,
        });
    }
    if !args.program.is_empty() {
        let p = Program::Direct(args.program.clone());
        out.push(Target {
            name: p.display(),
            problem: None,
            language: None,
            spawn: spawn(p),
            completed: 0,
        });
    }
    if out.is_empty() {
        bail!("nothing to measure: give one or more commands, or `-- PROGRAM ARGS...`");
    }
    if args.command_name.len() > out.len() {
        bail!(
            "--command-name given {} times for {} command(s): one name per command, in order",
            args.command_name.len(),
            out.len()
        );
    }
    for (t, name) in out.iter_mut().zip(&args.command_name) {
        t.name = name.clone();
    }
    Ok(out)
}

fn options(args: &Args, measuring: &Measuring) -> anyhow::Result<Options> {
    let runs = flag_count("--runs", args.runs)?;
    let min = flag_count("--min-runs", args.min_runs)?;
    let max = flag_count("--max-runs", args.max_runs)?;
    if let (Some(a), Some(b)) = (min, max) {
        if a > b {
            bail!("--min-runs {a} is larger than --max-runs {b}");
        }
    }
    let hook = |c: &Option<String>, what| c.as_deref().map(|l| program(l, &args.shell, what));
    Ok(Options {
        prepare: hook(&args.prepare, "--prepare").transpose()?,
        conclude: hook(&args.conclude, "--conclude").transpose()?,
        setup: hook(&args.setup, "--setup").transpose()?,
        cleanup: hook(&args.cleanup, "--cleanup").transpose()?,
        ignore_failure: args.ignore_failure,
        interleave: args.interleave,
        ..measuring.options(RunCount {
            exact: runs,
            min: min.unwrap_or(10),
            max,
            ..RunCount::default()
        })
    })
}

/// A command none of whose runs has a trustworthy energy figure is an error, not a
/// "0 J ± 0 J (measured)" summary: say which command and why.
fn no_valid_run(records: &[RunRecord]) -> Option<String> {
    joulebench_model::record::group_by_command(records)
        .into_iter()
        .find_map(|(c, runs)| {
            runs.iter().all(|r| r.invalid.is_some()).then(|| {
                format!(
                    "`{c}`: no run has a trustworthy energy figure: {}",
                    runs[0].invalid.as_deref().unwrap_or_default()
                )
            })
        })
}

/// Every export path, checked before the first run: a typo must not cost a measurement.
fn check_exports(args: &Args) -> anyhow::Result<()> {
    // `--output FILE` too: it must not be an export's path or the input either.
    let output_file = match &args.output {
        Some(joulebench_measure::CommandOutput::File(p)) => Some(p.clone()),
        _ => None,
    };
    let outputs: Vec<Output> = [
        ("--export-json", &args.export_json),
        ("--export-csv", &args.export_csv),
        ("--export-markdown", &args.export_markdown),
        ("--export-asciidoc", &args.export_asciidoc),
        ("--export-orgmode", &args.export_orgmode),
        ("--export-html", &args.export_html),
        ("--export-jsonl", &args.export_jsonl),
        ("--output", &output_file),
    ]
    .into_iter()
    .filter_map(|(flag, p)| p.as_deref().map(|path| Output { flag, path }))
    .collect();
    let inputs: Vec<&std::path::Path> = args.input.as_deref().into_iter().collect();
    check_outputs(&outputs, &inputs)
}

/// The exports written at the end (JSON Lines is written as the runs go), each with its
/// renderer.
fn exports(args: &Args) -> Vec<(&PathBuf, crate::output::Exporter)> {
    use crate::output::*;
    [
        (&args.export_json, export_json as Exporter),
        (&args.export_csv, export_csv),
        (&args.export_markdown, export_markdown),
        (&args.export_asciidoc, export_asciidoc),
        (&args.export_orgmode, export_orgmode),
        (&args.export_html, export_html),
    ]
    .into_iter()
    .filter_map(|(p, f)| Some((p.as_ref()?, f)))
    .collect()
}

fn export_requested(args: &Args) -> bool {
    !exports(args).is_empty()
}

fn export(args: &Args, records: &[RunRecord], session: &Session) -> anyhow::Result<()> {
    for (path, render) in exports(args) {
        write_output(path, &render(records, session)?)?;
    }
    Ok(())
}

/// Progress bar, warnings, and the optional JSON Lines sink.
struct Progress {
    bar: ProgressBar,
    records: Vec<RunRecord>,
    baseline: Option<Baseline>,
    sink: Option<crate::sink::JsonlSink>,
    sink_error: Option<anyhow::Error>,
    /// The run warnings already said, per command (by `warning_group_key`): each is said
    /// once as it happens; the summary counts the runs that met it.
    said: std::collections::HashSet<(String, String)>,
}

impl Progress {
    fn new(jsonl: Option<PathBuf>, session: &Session) -> anyhow::Result<Progress> {
        // Drawn only on a terminal: quiet in pipes and CI logs.
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {msg} [{elapsed_precise}] {bar:30} {pos}/{len} ETA {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        let sink = match jsonl {
            Some(p) => Some(crate::sink::JsonlSink::create(&p, session)?),
            None => None,
        };
        Ok(Progress {
            bar,
            records: Vec::new(),
            baseline: None,
            sink,
            sink_error: None,
            said: Default::default(),
        })
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }

    /// A line above the bar on a terminal; plain stderr otherwise.
    fn say(&self, line: String) {
        crate::util::say_above(&self.bar, line);
    }
}

impl Observer for Progress {
    fn baseline(&mut self, b: &Baseline) {
        self.baseline = Some(b.clone());
        self.say(format!(
            "Idle baseline: {:.2} W ± {:.2} W over {:.1} s",
            b.mean_w, b.stddev_w, b.seconds
        ));
    }

    fn run_started(&mut self, t: &Target, measured: bool, planned: Option<u32>) {
        let what = if measured { "Measuring" } else { "Warming up" };
        self.bar.set_message(format!("{what} {}", t.name));
        if let Some(n) = planned {
            self.bar.set_length(n as u64);
        } else if measured {
            self.bar.set_length(1);
            self.bar.set_position(0);
        }
    }

    fn run_done(&mut self, r: &RunRecord, warnings: &[String]) {
        for w in warnings {
            let key = (r.command.clone(), joulebench_report::warning_group_key(w));
            if self.said.insert(key) {
                self.say(format!("Warning: {}: {w}", r.command));
            }
        }
        if let Some(sink) = &mut self.sink {
            if let Err(e) = sink.append(r) {
                self.sink_error.get_or_insert(e);
            }
        }
        self.records.push(r.clone());
        self.bar.inc(1);
    }

    fn warning(&mut self, msg: &str) {
        self.say(format!("Warning: {msg}"));
    }
}
