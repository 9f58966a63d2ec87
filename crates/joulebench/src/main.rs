//! `joulebench`: hyperfine for joules. A thin command line over the library crates.

mod cmd;
mod global;
mod machine;
mod output;
mod sensor;
mod sink;
mod suite_glue;
mod util;

use clap::{Parser, Subcommand};

/// Measure how much energy programs use, and rank languages by it.
#[derive(Parser, Debug)]
#[command(name = "joulebench", version, about, propagate_version = true)]
struct Cli {
    #[command(flatten)]
    global: global::Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// List this machine's energy counters, and why each unusable one is unusable.
    Sensors(cmd::sensors::Args),
    /// Measure the energy, time and memory of commands (like hyperfine).
    Run(cmd::run::Args),
    /// The benchmark suite: list, build, verify, exec.
    Suite(cmd::suite::Args),
    /// Measure every problem x language and rank languages by energy.
    Rank(cmd::rank::Args),
    /// Re-render results (rank, run exports, imports) as HTML, Markdown, JSON or CSV.
    Report(cmd::report::Args),
    /// Import another study's raw measurements.
    Import(cmd::import::Args),
    /// Compare two results and fail on a statistically supported regression.
    Compare(cmd::compare::Args),
    /// Serve host and per-process joules to Prometheus.
    Serve(cmd::serve::Args),
}

fn main() {
    // The launcher of measured commands (see joulebench_measure::launch): first, before
    // anything else allocates, so that its own memory stays small.
    if std::env::args_os().nth(1).as_deref()
        == Some(joulebench_measure::launch::LAUNCH_ARG.as_ref())
    {
        std::process::exit(joulebench_measure::launch::serve());
    }
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Sensors(a) => cmd::sensors::exec(a, &cli.global),
        Command::Run(a) => cmd::run::exec(a, &cli.global),
        Command::Suite(a) => cmd::suite::exec(a, &cli.global),
        Command::Rank(a) => cmd::rank::exec(a, &cli.global),
        Command::Report(a) => cmd::report::exec(a, &cli.global),
        Command::Import(a) => cmd::import::exec(a, &cli.global),
        Command::Compare(a) => cmd::compare::exec(a, &cli.global),
        Command::Serve(a) => cmd::serve::exec(a, &cli.global),
    };
    match result {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("joulebench: error: {e:#}");
            std::process::exit(2);
        }
    }
}
