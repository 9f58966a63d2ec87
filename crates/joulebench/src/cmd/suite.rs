//! `joulebench suite list|build|verify|exec`: the benchmark suite from the command line.

use crate::global::Global;
use anyhow::{bail, Context};
use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use joulebench_suite::{
    cache_dir, Against, BuildOptions, BuildOutcome, BuildStatus, InputKind, Outcome, SizeSpec,
    Suite, VerifyOptions, VerifyReport, VerifyRow,
};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Arguments of `joulebench suite`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    command: SuiteCommand,
    /// The suite directory (default: ./suite if it has a manifest.toml, else the one this
    /// binary was built from).
    #[arg(long, global = true, value_name = "DIR", env = "JOULEBENCH_SUITE_DIR")]
    suite_dir: Option<PathBuf>,
    /// Build cache (default: $XDG_CACHE_HOME/joulebench/suite or ~/.cache/joulebench/suite).
    #[arg(long, global = true, value_name = "DIR", env = "JOULEBENCH_CACHE_DIR")]
    cache_dir: Option<PathBuf>,
}

#[derive(clap::Subcommand, Debug)]
enum SuiteCommand {
    /// Problems x languages: toolchain found or missing, its version, which sources exist.
    List,
    /// Build programs into the cache (only what changed).
    Build(BuildArgs),
    /// Run every program at the check sizes and compare its output byte for byte.
    Verify(VerifyArgs),
    /// Build if needed and run one program, its standard output untouched.
    Exec(ExecArgs),
    /// Write a suite manifest for the 2017 study's own programs (a checkout, in place).
    Import(super::suite_import::ImportArgs),
}

#[derive(clap::Args, Debug)]
struct Selection {
    /// Only this language (repeatable, or comma-separated).
    #[arg(long = "lang", value_name = "LANG", value_delimiter = ',')]
    langs: Vec<String>,
    /// Only this problem (repeatable, or comma-separated).
    #[arg(long = "problem", value_name = "PROBLEM", value_delimiter = ',')]
    problems: Vec<String>,
}

#[derive(clap::Args, Debug)]
struct BuildArgs {
    #[command(flatten)]
    select: Selection,
    /// Rebuild even what is up to date.
    #[arg(long)]
    force: bool,
}

#[derive(clap::Args, Debug)]
struct VerifyArgs {
    #[command(flatten)]
    select: Selection,
    /// Sizes to compare with the expected outputs.
    #[arg(long, default_value = "check", value_name = "PROFILE")]
    profile: String,
    /// Also run every language at this profile's size and compare them with each other
    /// (C is the reference when it passed).
    #[arg(long, value_name = "PROFILE")]
    cross_check: Option<String>,
    /// A missing toolchain fails instead of being skipped (also set by CI=true or CI=1).
    #[arg(
        long,
        env = "CI",
        action = clap::ArgAction::SetTrue,
        value_parser = ci_value
    )]
    require_all: bool,
    /// Time limit of one run, in seconds (cross-check runs get 15 times as long).
    #[arg(long, default_value_t = 120.0, value_name = "SECS")]
    timeout: f64,
}

/// `CI` as CI services set it: `true` or `1` is set, anything else (`false`, `0`,
/// another word) is not; the rule of `joulebench_testkit::in_ci`, which the tests use.
fn ci_value(v: &str) -> Result<bool, std::convert::Infallible> {
    Ok(v == "true" || v == "1")
}

#[derive(clap::Args, Debug)]
struct ExecArgs {
    /// Problem id, e.g. n-body.
    problem: String,
    /// Language id, e.g. c.
    lang: String,
    /// Size, or a profile name (check, quick, study); default: the check size. For stdin
    /// problems it is the size of the generated fasta input; without it, standard input
    /// is passed through when it is not a terminal.
    arg: Option<String>,
}

/// Run the subcommand; returns the process exit code.
pub fn exec(args: Args, _global: &Global) -> anyhow::Result<i32> {
    let dir = Suite::locate(args.suite_dir.as_deref());
    let suite =
        Suite::load(&dir).with_context(|| format!("cannot load the suite in {}", dir.display()))?;
    let cache = cache_dir(args.cache_dir.as_deref());
    match args.command {
        SuiteCommand::List => list(&suite, &cache),
        SuiteCommand::Build(a) => build(&suite, &cache, a),
        SuiteCommand::Verify(a) => verify(&suite, &cache, a),
        SuiteCommand::Exec(a) => run_one(&suite, &cache, a),
        SuiteCommand::Import(a) => super::suite_import::exec(&suite, a),
    }
}

fn table(header: Vec<String>) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header);
    if t.width().is_none() {
        // Not a terminal (a log, a pipe): wrapping cells at an arbitrary width would split
        // names and figures across lines; keep each cell on its own lines, whatever the width.
        t.set_content_arrangement(ContentArrangement::Disabled);
    }
    t
}

fn list(suite: &Suite, cache: &Path) -> anyhow::Result<i32> {
    println!(
        "suite: {}\ncache: {}\n",
        suite.dir().display(),
        cache.display()
    );
    let mut langs = table(
        [
            "language",
            "name",
            "toolchain",
            "version",
            "sources",
            "flags / install",
        ]
        .map(String::from)
        .to_vec(),
    );
    for l in suite.languages() {
        let tc = suite.detect(&l.id)?;
        let present = suite
            .problems()
            .iter()
            .filter(|p| suite.source_path(&p.id, &l.id).is_ok_and(|s| s.is_file()))
            .count();
        let (status, version, note) = if tc.found {
            let v = tc
                .version_line
                .clone()
                .or(tc.version.clone())
                .unwrap_or_default();
            ("found", v, l.flags.clone())
        } else {
            let note = format!("{}\ninstall: {}", tc.reason, tc.install_hint);
            ("MISSING", String::new(), note)
        };
        langs.add_row(vec![
            l.id.clone(),
            l.name.clone(),
            status.to_string(),
            version,
            format!("{present}/{}", suite.problems().len()),
            note,
        ]);
    }
    println!("{langs}\n");
    let mut header = vec!["problem".to_string(), "input".to_string()];
    header.extend(suite.profiles().iter().cloned());
    header.extend(suite.languages().iter().map(|l| l.id.clone()));
    let mut probs = table(header);
    for p in suite.problems() {
        let input = match p.input {
            InputKind::Arg => "arg",
            InputKind::StdinFasta => "stdin",
        };
        let mut row = vec![p.id.clone(), input.to_string()];
        for prof in suite.profiles() {
            let v = p.sizes(prof).unwrap_or(&[]);
            row.push(v.iter().map(u64::to_string).collect::<Vec<_>>().join(","));
        }
        for l in suite.languages() {
            let exists = suite.source_path(&p.id, &l.id)?.is_file();
            row.push(if exists { "✓" } else { "✗" }.to_string());
        }
        probs.add_row(row);
    }
    println!("{probs}\n✓ source present, ✗ missing");
    Ok(0)
}

fn describe_build(o: &BuildOutcome) -> (&'static str, String) {
    match &o.status {
        BuildStatus::Built { seconds } => ("built", format!("{seconds:.1} s")),
        BuildStatus::UpToDate => ("up to date", String::new()),
        BuildStatus::NothingToBuild => ("ready", "nothing to build".to_string()),
        BuildStatus::MissingToolchain { reason, hint } => (
            "SKIP",
            format!("toolchain missing ({reason}); install: {hint}"),
        ),
        BuildStatus::MissingSource { path } => ("FAIL", format!("no source {}", path.display())),
        BuildStatus::Failed(e) => ("FAIL", e.to_string()),
        BuildStatus::Absent { reason } => ("absent", reason.clone()),
    }
}

fn build(suite: &Suite, cache: &Path, a: BuildArgs) -> anyhow::Result<i32> {
    let opts = BuildOptions {
        langs: a.select.langs,
        problems: a.select.problems,
        cache_dir: cache.to_path_buf(),
        force: a.force,
    };
    eprintln!("building into {}", cache.display());
    let outcomes = suite.build_with(&opts, |o| {
        let (label, detail) = describe_build(o);
        let detail = detail.replace('\n', "\n            ");
        eprintln!("{label:>10}  {}/{}  {detail}", o.problem, o.language);
    })?;
    let count = |f: fn(&BuildOutcome) -> bool| outcomes.iter().filter(|o| f(o)).count();
    let failed = count(BuildOutcome::is_failure);
    eprintln!(
        "{} ready, {} failed, {} skipped (toolchain missing)",
        count(BuildOutcome::is_ready),
        failed,
        count(|o| matches!(o.status, BuildStatus::MissingToolchain { .. }))
    );
    Ok(i32::from(failed > 0))
}

fn verify(suite: &Suite, cache: &Path, a: VerifyArgs) -> anyhow::Result<i32> {
    if !(a.timeout.is_finite() && a.timeout > 0.0) {
        bail!("--timeout must be a positive number of seconds");
    }
    let opts = VerifyOptions {
        langs: a.select.langs,
        problems: a.select.problems,
        cache_dir: cache.to_path_buf(),
        profile: a.profile,
        cross_check: a.cross_check,
        require_all: a.require_all,
        timeout: Duration::from_secs_f64(a.timeout),
        cross_check_timeout: Duration::from_secs_f64(a.timeout * 15.0),
    };
    let report = suite.verify_with(&opts, |r| {
        let size = r.size.map(|s| format!(" {s}")).unwrap_or_default();
        let secs = r
            .seconds
            .map(|s| format!(" ({s:.2} s)"))
            .unwrap_or_default();
        eprintln!(
            "{:>4}  {}/{} {}{size}{secs}",
            r.outcome.label(),
            r.problem,
            r.language,
            r.profile
        );
    })?;
    print!("{}", render_report(suite, &opts, &report));
    Ok(i32::from(!report.ok()))
}

/// The worst verdict among `rows`, with the summed run time.
fn cell(rows: &[&VerifyRow]) -> String {
    if rows.is_empty() {
        return String::new();
    }
    if rows
        .iter()
        .all(|r| matches!(r.outcome, Outcome::MissingSource(_)))
    {
        return "MISSING".to_string();
    }
    let label = ["FAIL", "SKIP", "PASS"]
        .into_iter()
        .find(|l| rows.iter().any(|r| r.outcome.label() == *l))
        .unwrap_or("PASS");
    let secs: f64 = rows.iter().filter_map(|r| r.seconds).sum();
    if rows.iter().any(|r| r.seconds.is_some()) && label == "PASS" {
        format!("{label} {secs:.2}s")
    } else {
        label.to_string()
    }
}

/// The verify report: the problem × language table, the failures, the skips and the
/// counts.
fn render_report(suite: &Suite, opts: &VerifyOptions, report: &VerifyReport) -> String {
    let langs: Vec<&str> = suite
        .languages()
        .iter()
        .filter(|l| report.rows.iter().any(|r| r.language == l.id))
        .map(|l| l.id.as_str())
        .collect();
    let mut out = format!(
        "{}
",
        result_table(suite, opts, report, &langs)
    );
    out.push_str(&failures_text(report, &langs));
    out.push_str(&skipped_text(report));
    let n = |l: &str| {
        report
            .rows
            .iter()
            .filter(|r| r.outcome.label() == l)
            .count()
    };
    out.push_str(&format!(
        "\n{} passed, {} failed, {} skipped\n",
        n("PASS"),
        n("FAIL"),
        n("SKIP")
    ));
    out
}

/// One row per problem, one column per language, a cell line per profile, and the
/// total seconds per profile.
fn result_table(
    suite: &Suite,
    opts: &VerifyOptions,
    report: &VerifyReport,
    langs: &[&str],
) -> Table {
    let mut header = vec!["problem".to_string()];
    header.extend(langs.iter().map(|l| l.to_string()));
    let mut t = table(header);
    let profiles: Vec<&String> = std::iter::once(&opts.profile)
        .chain(&opts.cross_check)
        .collect();
    let mut totals = vec![vec![0.0f64; langs.len()]; profiles.len()];
    for p in suite.problems() {
        if !report.rows.iter().any(|r| r.problem == p.id) {
            continue;
        }
        let mut row = vec![p.id.clone()];
        for (i, l) in langs.iter().enumerate() {
            let mut text = Vec::new();
            for (k, prof) in profiles.iter().enumerate() {
                let rows: Vec<&VerifyRow> = report
                    .rows
                    .iter()
                    .filter(|r| r.problem == p.id && r.language == *l && &r.profile == *prof)
                    .collect();
                totals[k][i] += rows.iter().filter_map(|r| r.seconds).sum::<f64>();
                let c = cell(&rows);
                if !c.is_empty() {
                    text.push(if k == 0 { c } else { format!("{prof}: {c}") });
                }
            }
            row.push(text.join("\n"));
        }
        t.add_row(row);
    }
    for (k, prof) in profiles.iter().enumerate() {
        let mut row = vec![format!("total s ({prof})")];
        row.extend(totals[k].iter().map(|s| format!("{s:.2}")));
        t.add_row(row);
    }
    t
}

/// `Failures:`: each failed row with its detail, then the missing sources, one line per
/// language. Empty when nothing failed.
fn failures_text(report: &VerifyReport, langs: &[&str]) -> String {
    let mut out = String::new();
    let (missing, failures): (Vec<&VerifyRow>, Vec<&VerifyRow>) = report
        .failures()
        .partition(|r| matches!(r.outcome, Outcome::MissingSource(_)));
    if !failures.is_empty() || !missing.is_empty() {
        out.push_str("\nFailures:\n");
    }
    for r in &failures {
        out.push_str(&format!("  {}/{} {}", r.problem, r.language, r.profile));
        if let Some(s) = r.size {
            out.push_str(&format!(" size {s}"));
        }
        match &r.against {
            Some(Against::Expected(p)) => out.push_str(&format!(" vs {}", p.display())),
            Some(Against::Language(l)) => out.push_str(&format!(" vs {l}'s output")),
            _ => {}
        }
        out.push_str(&format!(
            ":\n    {}\n",
            r.outcome.detail().replace('\n', "\n    ")
        ));
    }
    for l in langs {
        let rows: Vec<&&VerifyRow> = missing.iter().filter(|r| r.language == *l).collect();
        if let Some(first) = rows.first() {
            let problems: Vec<&str> = rows.iter().map(|r| r.problem.as_str()).collect();
            out.push_str(&format!(
                "  {l}: no source for {} problem(s): {} (e.g. {})\n",
                rows.len(),
                problems.join(", "),
                first.outcome.detail().trim_start_matches("no source: ")
            ));
        }
    }
    out
}

/// `Skipped`: the toolchains missing but not required, one line each. Empty when none.
fn skipped_text(report: &VerifyReport) -> String {
    let mut skipped: Vec<String> = report
        .rows
        .iter()
        .filter(|r| {
            matches!(
                r.outcome,
                Outcome::MissingToolchain {
                    required: false,
                    ..
                }
            )
        })
        .map(|r| format!("  {}: {}\n", r.language, r.outcome.detail()))
        .collect();
    skipped.dedup();
    if skipped.is_empty() {
        return String::new();
    }
    let mut out = "\nSkipped (not a failure; --require-all or CI=true makes it one):\n".to_string();
    out.extend(skipped);
    out
}

fn run_one(suite: &Suite, cache: &Path, a: ExecArgs) -> anyhow::Result<i32> {
    let problem = suite.problem(&a.problem)?;
    suite.language(&a.lang)?;
    let built = suite.build_one(&problem.id, &a.lang, cache, false);
    if !built.is_ready() {
        bail!("{}/{}: {}", problem.id, a.lang, describe_build(&built).1);
    }
    if let BuildStatus::Built { seconds } = built.status {
        eprintln!("built {}/{} in {seconds:.1} s", problem.id, a.lang);
    }
    let size = SizeSpec::from(a.arg.as_deref().unwrap_or("check"));
    let passthrough = problem.input == InputKind::StdinFasta
        && a.arg.is_none()
        && !std::io::stdin().is_terminal();
    let inv = if passthrough {
        let n = suite.resolve_size(&problem.id, &size)?;
        suite.command_without_input(&problem.id, &a.lang, n, cache)?
    } else {
        suite.command(&problem.id, &a.lang, &size, cache)?
    };
    let mut cmd = inv.to_command();
    if let Some(input) = &inv.stdin {
        let f = std::fs::File::open(input)
            .with_context(|| format!("cannot open {}", input.display()))?;
        cmd.stdin(f);
    }
    let status = cmd
        .status()
        .with_context(|| format!("cannot run {}", inv.shell_line()))?;
    use std::os::unix::process::ExitStatusExt;
    Ok(status
        .code()
        .unwrap_or_else(|| 128 + status.signal().unwrap_or(0)))
}
