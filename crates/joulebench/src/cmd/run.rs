//! `joulebench run`: hyperfine for joules.

use crate::global::Global;
use crate::headings::{CARBON, COMMANDS, OUTPUT, PARAMETERS, RUNS};
use crate::measuring::{flag_count, MeasureFlags, Measuring};
use crate::outfile::{check_outputs, write_output, Output};
use crate::params::{self, substitute, ParameterFlags};
use crate::util::{signal_exit_code, stop_on_signals};
use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use joulebench_measure::{
    run_session, DropTo, Ending, Hooks, Observer, Options, Program, RunCount, Spawn, Target,
};
use joulebench_model::carbon::{self, GridIntensity};
use joulebench_model::record::{Baseline, Parameter, RunRecord, Session};
use joulebench_report::{SortOrder, TimeUnit, View};
use std::ffi::OsString;
use std::path::PathBuf;

/// Arguments of `joulebench run`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  joulebench run --runs 5 'python3 -c \"sum(range(10**7))\"' 'sleep 0.5'\n  joulebench run -P t 0.1 0.3 -D 0.1 'sleep {t}'\n  joulebench run --reference 'sleep 0.1' 'sleep 0.2'\n  joulebench run --export-json out.json -- ./prog --flag"
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
    #[arg(short = 'n', long, value_name = "NAME", help_heading = COMMANDS)]
    pub command_name: Vec<String>,
    /// Measure CMD first and give every relative figure against it (instead of against
    /// the best command).
    #[arg(long, value_name = "CMD", help_heading = COMMANDS)]
    pub reference: Option<String>,
    /// Exactly N measured runs (default: at least 10 runs and at least 3 s, as hyperfine).
    #[arg(short, long, value_name = "N", conflicts_with_all = ["min_runs", "max_runs"], help_heading = RUNS)]
    pub runs: Option<u32>,
    /// At least N runs.
    #[arg(short = 'm', long, value_name = "N", help_heading = RUNS)]
    pub min_runs: Option<u32>,
    /// At most N runs.
    #[arg(short = 'M', long, value_name = "N", help_heading = RUNS)]
    pub max_runs: Option<u32>,
    /// With several commands, run them A B A B ... so drift hits all of them.
    #[arg(long, help_heading = RUNS)]
    pub interleave: bool,
    /// Keep going when a command exits non-zero.
    #[arg(short, long, help_heading = RUNS)]
    pub ignore_failure: bool,
    /// Warm-ups, timeout, sample rate, idle baseline (shared with `rank`).
    #[command(flatten)]
    pub measure: MeasureFlags,
    /// Run CMD before every run (warm-ups too); not measured.
    #[arg(short, long, value_name = "CMD", help_heading = COMMANDS)]
    pub prepare: Option<String>,
    /// Run CMD after every run (warm-ups too); not measured.
    #[arg(short = 'C', long, value_name = "CMD", help_heading = COMMANDS)]
    pub conclude: Option<String>,
    /// Run CMD once before each command's runs; not measured.
    #[arg(short, long, value_name = "CMD", help_heading = COMMANDS)]
    pub setup: Option<String>,
    /// Run CMD once after each command's runs; not measured.
    #[arg(short, long, value_name = "CMD", help_heading = COMMANDS)]
    pub cleanup: Option<String>,
    /// Connect FILE to the measured command's standard input.
    #[arg(long, value_name = "FILE", help_heading = COMMANDS)]
    pub input: Option<PathBuf>,
    /// Show the commands' output instead of discarding it (`--output inherit`).
    #[arg(long, conflicts_with = "output", help_heading = COMMANDS)]
    pub show_output: bool,
    /// Where the measured command's standard output goes: null (the default), pipe (read
    /// and discarded), inherit (shown, with standard error), or a FILE (the last run's).
    #[arg(long, value_name = "WHERE", value_parser = super::run_output::parse, help_heading = COMMANDS)]
    pub output: Option<joulebench_measure::CommandOutput>,
    /// Shell to run commands with, or `none` to split them into words and run directly.
    #[arg(short = 'S', long, default_value = "sh", value_name = "SHELL", help_heading = COMMANDS)]
    pub shell: String,
    /// No shell: split each command into words and run it directly (`--shell=none`).
    #[arg(short = 'N', conflicts_with = "shell", help_heading = COMMANDS)]
    pub no_shell: bool,
    /// Run the measured command as root even when started through sudo.
    #[arg(long, value_name = "USER", value_parser = ["root"], help_heading = COMMANDS)]
    pub user: Option<String>,
    /// One benchmark per value of VAR from MIN to MAX (step 1, or -D), `{VAR}` replaced
    /// by the value in the commands, their names and the hooks.
    #[arg(
        short = 'P',
        long,
        num_args = 3,
        value_names = ["VAR", "MIN", "MAX"],
        allow_negative_numbers = true,
        conflicts_with = "parameter_list",
        help_heading = PARAMETERS
    )]
    pub parameter_scan: Option<Vec<String>>,
    /// The step of --parameter-scan (a decimal allows decimal MIN and MAX).
    #[arg(
        short = 'D',
        long,
        value_name = "STEP",
        allow_negative_numbers = true,
        requires = "parameter_scan",
        help_heading = PARAMETERS
    )]
    pub parameter_step_size: Option<String>,
    /// One benchmark per value of VAR (comma-separated), `{VAR}` replaced by it; several
    /// lists make every combination.
    #[arg(
        short = 'L',
        long,
        num_args = 2,
        value_names = ["VAR", "VALUES"],
        action = clap::ArgAction::Append,
        allow_hyphen_values = true,
        help_heading = PARAMETERS
    )]
    pub parameter_list: Vec<String>,
    /// Order of the comparisons and the Markdown, AsciiDoc and Org tables: auto
    /// (comparisons by their figure, tables as given), command, mean-time, mean-energy.
    #[arg(long, value_enum, default_value_t = Sort::Auto, value_name = "ORDER", help_heading = OUTPUT)]
    pub sort: Sort,
    /// Print every time in this unit (terminal, Markdown, AsciiDoc and Org; JSON and CSV
    /// stay in seconds).
    #[arg(short = 'u', long, value_enum, value_name = "UNIT", help_heading = OUTPUT)]
    pub time_unit: Option<Unit>,
    /// Export results as hyperfine-compatible JSON with energy fields.
    #[arg(long, value_name = "FILE", help_heading = OUTPUT)]
    pub export_json: Option<PathBuf>,
    /// Export results as CSV.
    #[arg(long, value_name = "FILE", help_heading = OUTPUT)]
    pub export_csv: Option<PathBuf>,
    /// Export results as a Markdown table.
    #[arg(long, value_name = "FILE", help_heading = OUTPUT)]
    pub export_markdown: Option<PathBuf>,
    /// Export results as an AsciiDoc table.
    #[arg(long, value_name = "FILE", help_heading = OUTPUT)]
    pub export_asciidoc: Option<PathBuf>,
    /// Export results as an Org-mode table.
    #[arg(long, value_name = "FILE", help_heading = OUTPUT)]
    pub export_orgmode: Option<PathBuf>,
    /// Export results as one self-contained HTML page: the table and charts.
    #[arg(long, value_name = "FILE", help_heading = OUTPUT)]
    pub export_html: Option<PathBuf>,
    /// Append every run to FILE as JSON Lines as soon as it finishes.
    #[arg(long, value_name = "FILE", help_heading = OUTPUT)]
    pub export_jsonl: Option<PathBuf>,
    /// Grid carbon intensity for CO2e, grams per kWh.
    #[arg(long, value_name = "G_PER_KWH", conflicts_with = "region", help_heading = CARBON)]
    pub grid_intensity: Option<f64>,
    /// Region code for the bundled grid-intensity table (e.g. FR, DE, US; `list` to list).
    #[arg(long, value_name = "CODE", help_heading = CARBON)]
    pub region: Option<String>,
    /// What one run delivers, for the Software Carbon Intensity (SCI, Green Software
    /// Foundation): `requests=1000` adds g CO2e per request to the summary and exports.
    #[arg(long, value_name = "NAME=COUNT", value_parser = carbon::parse_functional_unit, help_heading = CARBON)]
    pub functional_unit: Option<carbon::FunctionalUnit>,
    /// The embodied emissions' share charged to one run (the SCI's M), grams CO2e.
    #[arg(long, value_name = "GRAMS", requires = "functional_unit", help_heading = CARBON)]
    pub embodied_g: Option<f64>,
}

/// `--sort`, as hyperfine's plus `mean-energy`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    /// Comparisons by their figure; tables in the order given.
    Auto,
    /// In the order given.
    Command,
    /// By mean time, fastest first.
    MeanTime,
    /// By mean energy, least first.
    MeanEnergy,
}

/// `--time-unit`, as hyperfine's.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// µs.
    Microsecond,
    /// ms.
    Millisecond,
    /// s.
    Second,
}

impl Args {
    /// How the summary and the table exports (Markdown, AsciiDoc, Org) are laid out.
    fn view(&self) -> View {
        View {
            sort: match self.sort {
                Sort::Auto => SortOrder::Auto,
                Sort::Command => SortOrder::Command,
                Sort::MeanTime => SortOrder::MeanTime,
                Sort::MeanEnergy => SortOrder::MeanEnergy,
            },
            time_unit: self.time_unit.map(|u| match u {
                Unit::Microsecond => TimeUnit::Microsecond,
                Unit::Millisecond => TimeUnit::Millisecond,
                Unit::Second => TimeUnit::Second,
            }),
        }
    }

    /// The shell to run commands with: `none` under `-N`.
    fn shell(&self) -> &str {
        if self.no_shell {
            "none"
        } else {
            &self.shell
        }
    }
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
    session.reference = args.reference.clone();
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
        print!(
            "{}",
            crate::output::run_summary(&records, &session, &args.view())
        );
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

/// A command as given: a line (run through the shell) or, after `--`, a program and its
/// arguments.
enum Given<'a> {
    Line(&'a str),
    Argv(&'a [OsString]),
}

impl Given<'_> {
    fn text(&self) -> String {
        match self {
            Given::Line(l) => l.to_string(),
            Given::Argv(a) => Program::Direct(a.to_vec()).display(),
        }
    }
}

/// The benchmarks: the `--reference` first, then each command once per combination of
/// the parameters' values.
fn targets(args: &Args) -> anyhow::Result<Vec<Target>> {
    let start = start(args)?;
    let flags = ParameterFlags {
        scan: args.parameter_scan.as_deref(),
        step: args.parameter_step_size.as_deref(),
        lists: &args.parameter_list,
    };
    let combos = params::combinations(&flags)?;
    let mut given: Vec<Given> = args.commands.iter().map(|c| Given::Line(c)).collect();
    if !args.program.is_empty() {
        given.push(Given::Argv(&args.program));
    }
    if given.is_empty() {
        bail!("nothing to measure: give one or more commands, or `-- PROGRAM ARGS...`");
    }
    if args.command_name.len() > given.len() {
        bail!(
            "--command-name given {} times for {} command(s): one name per command, in order",
            args.command_name.len(),
            given.len()
        );
    }
    check_uses(&given, &combos, &flags)?;
    let mut out = Vec::new();
    if let Some(r) = &args.reference {
        out.push(target(args, &start, &Given::Line(r), None, &[])?);
    }
    for (i, g) in given.iter().enumerate() {
        for combo in &combos {
            out.push(target(args, &start, g, args.command_name.get(i), combo)?);
        }
    }
    check_unique(&out)?;
    Ok(out)
}

/// How every benchmark starts, the same for all: input, output, identity, launcher.
fn start(args: &Args) -> anyhow::Result<Spawn> {
    let drop_to = DropTo::plan_from_env(args.user.is_some())?;
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
    Ok(Spawn {
        program: Program::Direct(Vec::new()),
        stdin: args.input.clone(),
        // Set in `exec`, once `--output` is ready.
        output: Default::default(),
        cwd: None,
        env: Vec::new(),
        drop_to,
        // Started through a launcher so that peak memory is the command's own (see
        // joulebench_measure::Launcher).
        launcher: crate::util::launcher(),
    })
}

/// One benchmark: `given` with `params` substituted in it, its name and its hooks.
fn target(
    args: &Args,
    start: &Spawn,
    given: &Given,
    name: Option<&String>,
    params: &[Parameter],
) -> anyhow::Result<Target> {
    let (measured, shown) = match given {
        Given::Line(l) => {
            let line = substitute(l, params);
            (program(&line, args.shell(), "command")?, line)
        }
        Given::Argv(argv) => {
            let p = Program::Direct(argv.iter().map(|a| substitute_os(a, params)).collect());
            let shown = p.display();
            (p, shown)
        }
    };
    let hook = |c: &Option<String>, what| {
        c.as_deref()
            .map(|l| program(&substitute(l, params), args.shell(), what))
            .transpose()
    };
    Ok(Target {
        name: name.map(|n| substitute(n, params)).unwrap_or(shown),
        problem: None,
        language: None,
        spawn: Spawn {
            program: measured,
            ..start.clone()
        },
        completed: 0,
        parameters: params.to_vec(),
        hooks: Hooks {
            prepare: hook(&args.prepare, "--prepare")?,
            conclude: hook(&args.conclude, "--conclude")?,
            setup: hook(&args.setup, "--setup")?,
            cleanup: hook(&args.cleanup, "--cleanup")?,
        },
    })
}

fn substitute_os(arg: &OsString, params: &[Parameter]) -> OsString {
    match arg.to_str() {
        Some(s) => substitute(s, params).into(),
        None => arg.clone(),
    }
}

/// Every command must use every parameter: one that does not would be measured once
/// per value under the same name, the same benchmark over and over.
fn check_uses(
    given: &[Given],
    combos: &[Vec<Parameter>],
    flags: &ParameterFlags,
) -> anyhow::Result<()> {
    let Some(first) = combos.first() else {
        return Ok(());
    };
    for g in given {
        let text = g.text();
        if let Some(p) = first
            .iter()
            .find(|p| !text.contains(&format!("{{{}}}", p.name)))
        {
            bail!(
                "{}: command `{text}` does not use {{{}}}: put {{{}}} where the value goes",
                params::flag_name(flags),
                p.name,
                p.name
            );
        }
    }
    Ok(())
}

/// Two benchmarks with one name would be summarised as one (results are grouped by
/// name): refuse rather than mix their runs.
fn check_unique(targets: &[Target]) -> anyhow::Result<()> {
    let mut seen = std::collections::HashSet::new();
    for t in targets {
        if !seen.insert(t.name.as_str()) {
            bail!(
                "two benchmarks are named `{}`: their runs would be counted as one; \
                 tell them apart with -n/--command-name",
                t.name
            );
        }
    }
    Ok(())
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
    // The hooks are each target's own (see `target`): a parameter goes into them.
    Ok(Options {
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
    let view = args.view();
    for (path, render) in exports(args) {
        write_output(path, &render(records, session, &view)?)?;
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
