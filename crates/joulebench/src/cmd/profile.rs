//! `joulebench profile`: where the joules go inside a program.

use crate::global::Global;
use crate::measuring::{flag_count, flag_sample_rate, flag_seconds};
use crate::outfile::{check_outputs, write_output, Output};
use crate::suite_glue::ProfileTarget;
use anyhow::{bail, Context};
use joulebench_measure::{CommandOutput, DropTo, Program, Spawn};
use joulebench_profile::{CallGraph, Config, PhaseSource, Profile};
use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

/// Arguments of `joulebench profile`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  \
    joulebench profile --export-svg energy.svg -- ./nbody 5000000\n  \
    joulebench profile --runs 5 --top 20 'python3 fib.py'\n  \
    joulebench profile --suite n-body c --export-folded nbody.folded\n\n\
    The program can mark phases by writing `phase NAME` lines to the file descriptor \
    named by $JOULEBENCH_PHASE_FD.")]
pub struct Args {
    /// The command, run through the shell (see --shell).
    #[arg(value_name = "COMMAND", conflicts_with = "suite")]
    pub command: Option<String>,
    /// Profile one program with these arguments, without a shell (after `--`).
    #[arg(last = true, value_name = "PROGRAM ARGS", conflicts_with = "suite")]
    pub program: Vec<OsString>,
    /// Profile one suite program at its profile size: PROBLEM LANGUAGE (built first).
    #[arg(long, num_args = 2, value_names = ["PROBLEM", "LANGUAGE"], help_heading = "What to profile")]
    pub suite: Option<Vec<String>>,
    /// The suite size for --suite: a profile of the manifest (check, quick, study).
    #[arg(
        long,
        default_value = "quick",
        value_name = "SIZE",
        requires = "suite",
        help_heading = "What to profile"
    )]
    pub size: String,
    /// Shell to run COMMAND with, or `none` to split it into words.
    #[arg(
        short = 'S',
        long,
        default_value = "sh",
        value_name = "SHELL",
        help_heading = "What to profile"
    )]
    pub shell: String,
    /// Run the command as root even when started through sudo.
    #[arg(long, value_name = "USER", value_parser = ["root"], help_heading = "What to profile")]
    pub user: Option<String>,
    /// Stack samples per second of CPU time (per thread).
    #[arg(
        short = 'F',
        long,
        default_value_t = 999,
        value_name = "HZ",
        help_heading = "Sampling"
    )]
    pub frequency: u64,
    /// Runs to repeat and merge (figures are means per run, with their spread).
    #[arg(
        short,
        long,
        default_value_t = 1,
        value_name = "N",
        help_heading = "Sampling"
    )]
    pub runs: u32,
    /// How stacks are walked: frame pointers (fp, cheap) or DWARF unwinding of copied
    /// user stacks (dwarf: programs without frame pointers; 16 KiB per sample).
    #[arg(long, value_enum, default_value_t = CallGraphArg::Fp, help_heading = "Sampling")]
    pub call_graph: CallGraphArg,
    /// Sample user space only (kernel frames need root or perf_event_paranoid <= 1).
    #[arg(long, help_heading = "Sampling")]
    pub user_only: bool,
    /// Energy timeline readings per second.
    #[arg(
        long,
        default_value_t = 100.0,
        value_name = "HZ",
        help_heading = "Sampling"
    )]
    pub sample_rate: f64,
    /// Measure idle power for SECS before the runs (0: skip; measured sensors only).
    #[arg(
        long,
        default_value_t = 1.0,
        value_name = "SECS",
        help_heading = "Sampling"
    )]
    pub idle: f64,
    /// Kill a run after SECS seconds.
    #[arg(long, value_name = "SECS", help_heading = "Sampling")]
    pub timeout: Option<f64>,
    /// Open a phase at each line of the command's output matching REGEX (named by the
    /// first capture group, or the match).
    #[arg(long, value_name = "REGEX", help_heading = "Phases")]
    pub phase_regex: Option<String>,
    /// Functions shown on the terminal.
    #[arg(long, default_value_t = 15, value_name = "N", help_heading = "Output")]
    pub top: usize,
    /// Folded stacks weighted in microjoules (flamegraph.pl / inferno format).
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    pub export_folded: Option<PathBuf>,
    /// An energy flamegraph (SVG).
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    pub export_svg: Option<PathBuf>,
    /// The whole profile as JSON.
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    pub export_json: Option<PathBuf>,
    /// A one-file HTML report: totals, functions, phases and the flamegraph.
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    pub html: Option<PathBuf>,
}

/// `--call-graph`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallGraphArg {
    /// Frame pointers.
    Fp,
    /// DWARF unwinding.
    Dwarf,
}

/// Run `joulebench profile`.
pub fn exec(args: Args, global: &Global) -> anyhow::Result<i32> {
    let outputs = outputs(&args);
    check_outputs(&outputs, &[])?;
    let target = what(&args)?;
    let mut cfg = config(&args, global, target)?;
    let opened = crate::sensor::open(global)?;
    // Ctrl-C stops the command (its own process group) and keeps what was sampled.
    let stop = crate::util::stop_on_signals()?;
    cfg.stop = stop;
    let runs = cfg.runs;
    let profile = joulebench_profile::profile(&cfg, opened.sensor, |n| {
        if runs > 1 {
            eprintln!("Profiling run {n}/{runs}…");
        }
    })
    .map_err(|e| {
        let fix = e.fix().map(|f| format!("\n  fix: {f}")).unwrap_or_default();
        anyhow::anyhow!("{e}{fix}")
    })?;
    print!("{}", joulebench_profile::terminal(&profile, args.top));
    export(&args, &profile)?;
    if let Some(sig) = profile.interrupted {
        return Ok(crate::util::signal_exit_code(sig));
    }
    Ok(profile.runs.last().map_or(0, |r| r.exit_code.min(1)))
}

fn outputs(args: &Args) -> Vec<Output<'_>> {
    [
        ("--export-folded", &args.export_folded),
        ("--export-svg", &args.export_svg),
        ("--export-json", &args.export_json),
        ("--html", &args.html),
    ]
    .into_iter()
    .filter_map(|(flag, p)| p.as_deref().map(|path| Output { flag, path }))
    .collect()
}

/// What to start.
fn what(args: &Args) -> anyhow::Result<ProfileTarget> {
    if let Some(s) = &args.suite {
        return crate::suite_glue::profile_target(&s[0], &s[1], &args.size);
    }
    let plain = |name: String, program: Program| ProfileTarget {
        name,
        program,
        cwd: None,
        stdin: None,
        env: Vec::new(),
    };
    match (&args.command, args.program.is_empty()) {
        (Some(_), false) => bail!("give either COMMAND or `-- PROGRAM ARGS...`, not both"),
        (Some(line), true) if args.shell == "none" => {
            let words = shell_words::split(line)
                .with_context(|| format!("command `{line}`: cannot split into words"))?;
            if words.is_empty() {
                bail!("the command is empty");
            }
            Ok(plain(
                line.clone(),
                Program::Direct(words.into_iter().map(OsString::from).collect()),
            ))
        }
        (Some(line), true) => Ok(plain(
            line.clone(),
            Program::Shell {
                shell: args.shell.clone(),
                line: line.clone(),
            },
        )),
        (None, false) => {
            let p = Program::Direct(args.program.clone());
            Ok(plain(p.display(), p))
        }
        (None, true) => bail!(
            "nothing to profile: give a COMMAND, `-- PROGRAM ARGS...`, or --suite PROBLEM LANGUAGE"
        ),
    }
}

fn config(args: &Args, global: &Global, target: ProfileTarget) -> anyhow::Result<Config> {
    let runs = flag_count("--runs", Some(args.runs))?.unwrap_or(1);
    if !(1..=100_000).contains(&args.frequency) {
        bail!(
            "--frequency must be between 1 and 100000 Hz, got {}",
            args.frequency
        );
    }
    // Not 0 here, unlike run and rank's "no timeline": the energy is shared out over the
    // stack samples by this timeline.
    if args.sample_rate == 0.0 {
        bail!("--sample-rate must be above 0 for profile (its energy timeline is what the stack samples share out), got 0");
    }
    let sample_rate = flag_sample_rate(args.sample_rate)?;
    let idle = flag_seconds(args.idle, "--idle", true)?;
    let timeout = args
        .timeout
        .map(|t| flag_seconds(t, "--timeout", false))
        .transpose()?;
    let phases = match &args.phase_regex {
        Some(re) => PhaseSource::Stdout(
            regex::Regex::new(re).with_context(|| format!("--phase-regex `{re}`"))?,
        ),
        None => PhaseSource::Descriptor,
    };
    let drop_to = DropTo::plan_from_env(args.user.is_some())?;
    if let Some(d) = &drop_to {
        eprintln!(
            "Running as root through sudo: the command runs as uid {} ({}); use --user root to keep root.",
            d.uid,
            d.user.as_deref().unwrap_or("?")
        );
    }
    Ok(Config {
        spawn: Spawn {
            program: target.program,
            stdin: target.stdin,
            output: CommandOutput::Inherit,
            cwd: target.cwd,
            env: target.env,
            drop_to,
            launcher: None,
        },
        command: target.name,
        runs,
        frequency: args.frequency,
        kernel: !args.user_only,
        call_graph: match args.call_graph {
            CallGraphArg::Fp => CallGraph::FramePointers,
            CallGraphArg::Dwarf => CallGraph::Dwarf,
        },
        sample_rate,
        idle,
        timeout: timeout.or(Some(Duration::from_secs(3600))),
        phases,
        sysfs: global.roots().sysfs,
        perf_map_dir: PathBuf::from("/tmp"),
        stop: Default::default(),
    })
}

fn export(args: &Args, p: &Profile) -> anyhow::Result<()> {
    if let Some(path) = &args.export_folded {
        write_output(path, joulebench_profile::folded(p).as_bytes())?;
    }
    if let Some(path) = &args.export_svg {
        let svg = joulebench_profile::svg(p).context("--export-svg: cannot draw the flamegraph")?;
        write_output(path, &svg)?;
    }
    if let Some(path) = &args.export_json {
        let json = joulebench_profile::json(p).context("--export-json")?;
        write_output(path, json.as_bytes())?;
    }
    if let Some(path) = &args.html {
        let html = joulebench_profile::html(p).context("--html")?;
        write_output(path, html.as_bytes())?;
    }
    Ok(())
}
