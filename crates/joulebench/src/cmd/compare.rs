//! `joulebench compare`: a CI gate that fails only on a statistically supported
//! regression.
//!
//! The rule: for each command (run exports) or language (rank results), the 95 %
//! interval of new/old energy must lie entirely above `1 + --max-regression` for the
//! comparison to fail (exit 1); so does a regression beyond the threshold in every run
//! (at least 2 a side). Noise or an increase within the threshold exits 0. A figure the
//! data cannot decide (fewer than 2 runs a side, or an interval reaching zero) exits 3:
//! a gate must not pass what it could not judge. Bad input (a missing file, a non-finite
//! or negative figure, named with its file and field) exits 2.

use crate::global::Global;
use joulebench_report::{
    compare, load_path, parse_threshold, terminal_safe, CompareOptions, Metric,
};
use std::path::PathBuf;

/// Arguments of `joulebench compare`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The baseline results (`run --export-json` file, or rank/import JSON Lines).
    #[arg(value_name = "BASELINE")]
    pub baseline: PathBuf,
    /// The new results, of the same kind.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// The tolerated increase: fail only when the 95 % interval of new/old lies entirely
    /// above 1 + this (e.g. 5%).
    #[arg(long, default_value = "5%", value_parser = parse_threshold, value_name = "PERCENT")]
    pub max_regression: f64,
    /// Which figure gates the exit status.
    #[arg(long, default_value = "energy", value_parser = ["energy", "time", "both"])]
    pub metric: String,
    /// Bootstrap seed (languages).
    #[arg(long, default_value_t = 2017, value_name = "SEED")]
    pub seed: u64,
}

/// Run the subcommand; returns the process exit code.
pub fn exec(args: Args, _global: &Global) -> anyhow::Result<i32> {
    let base = load_path(&args.baseline)?;
    let new = load_path(&args.new)?;
    for w in base.warnings.iter().chain(&new.warnings) {
        eprintln!("Warning: {}", terminal_safe(w));
    }
    let opts = CompareOptions {
        max_regression: args.max_regression,
        metric: match args.metric.as_str() {
            "time" => Metric::Time,
            "both" => Metric::Both,
            _ => Metric::Energy,
        },
        seed: args.seed,
        ..CompareOptions::default()
    };
    let cmp = compare(&base, &new, &opts)?;
    // Command names come from the results files: escape sequences are shown, not obeyed.
    print!("{}", terminal_safe(&cmp.render()));
    Ok(cmp.exit_code())
}
