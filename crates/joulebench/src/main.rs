//! `joulebench`: hyperfine for joules. A thin command line over the library crates.

mod cmd;
mod fleet;
mod global;
mod headings;
mod machine;
mod measuring;
mod outfile;
mod output;
mod params;
mod rank_progress;
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

// Parsed once per process: boxing the large variant would save nothing worth a line.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
enum Command {
    /// List this machine's energy counters, and why each unusable one is unusable.
    Sensors(cmd::sensors::Args),
    /// Measure the energy, time and memory of commands (like hyperfine).
    Run(cmd::run::Args),
    /// The benchmark suite: list, build, verify, exec.
    Suite(cmd::suite::Args),
    /// Where the joules go inside a program: energy by function and by phase.
    Profile(cmd::profile::Args),
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
    // The launcher of measured commands (see joulebench_measure::launcher_main): first,
    // before anything else allocates, so that its own memory stays small.
    if std::env::args_os().nth(1).as_deref() == Some(joulebench_measure::LAUNCH_ARG.as_ref()) {
        std::process::exit(joulebench_measure::launcher_main());
    }
    // Not dumpable: a measured command running as this same user could otherwise open
    // this process's pipes to the launcher through /proc/<pid>/fd and forge the report
    // of its own run (and ptrace us). It also turns off core dumps of joulebench.
    // SAFETY: prctl on our own process with constant arguments.
    unsafe {
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Sensors(a) => cmd::sensors::exec(a, &cli.global),
        Command::Run(a) => cmd::run::exec(a, &cli.global),
        Command::Suite(a) => cmd::suite::exec(a, &cli.global),
        Command::Rank(a) => cmd::rank::exec(a, &cli.global),
        Command::Profile(a) => cmd::profile::exec(a, &cli.global),
        Command::Report(a) => cmd::report::exec(a, &cli.global),
        Command::Import(a) => cmd::import::exec(a, &cli.global),
        Command::Compare(a) => cmd::compare::exec(a, &cli.global),
        Command::Serve(a) => cmd::serve::exec(a, &cli.global),
    };
    match result {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("joulebench: error: {}", error_text(&e));
            std::process::exit(2);
        }
    }
}

/// The error and its causes, `: `-separated like anyhow's `{:#}`, without a cause the
/// message before it already shows (the library errors put their I/O cause in their own
/// message, and `{:#}` printed "No such file or directory" twice).
fn error_text(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain() {
        let part = cause.to_string();
        if text.contains(&part) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&part);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::error_text;
    use anyhow::Context;

    #[test]
    fn a_cause_already_in_the_message_is_not_repeated() {
        // Shaped like the library errors: the cause in the message and as the source.
        #[derive(Debug)]
        struct Read {
            source: std::io::Error,
        }
        impl std::fmt::Display for Read {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "cannot read x.jsonl: {}", self.source)
            }
        }
        impl std::error::Error for Read {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.source)
            }
        }
        let io = std::io::Error::from(std::io::ErrorKind::NotFound);
        let e = anyhow::Error::from(Read { source: io });
        assert_eq!(error_text(&e), "cannot read x.jsonl: entity not found");
        let e: anyhow::Result<()> = Err(anyhow::anyhow!("bad line")).context("results.jsonl:3");
        assert_eq!(error_text(&e.unwrap_err()), "results.jsonl:3: bad line");
    }
}
