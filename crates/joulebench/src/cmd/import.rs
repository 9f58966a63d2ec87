//! `joulebench import`: other studies' raw measurements as joulebench results.

use crate::global::Global;
use anyhow::{bail, Context};
use joulebench_model::record::Line;
use joulebench_report::import_energy_languages;
use std::path::PathBuf;

/// Arguments of `joulebench import`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// What to import.
    #[command(subcommand)]
    pub source: Source,
}

/// Importable data sets.
#[derive(clap::Subcommand, Debug)]
pub enum Source {
    /// The 2017 energy-languages study's raw per-language CSV files (Pereira et al.).
    EnergyLanguages(EnergyLanguagesArgs),
}

/// Arguments of `joulebench import energy-languages`.
#[derive(clap::Args, Debug)]
pub struct EnergyLanguagesArgs {
    /// The directory holding the study's `<Language>.csv` files.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// The results file to write (JSON Lines; render it with `joulebench report`).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: PathBuf,
}

/// Run the subcommand; returns the process exit code.
pub fn exec(args: Args, _global: &Global) -> anyhow::Result<i32> {
    match args.source {
        Source::EnergyLanguages(a) => energy_languages_exec(a),
    }
}

fn energy_languages_exec(a: EnergyLanguagesArgs) -> anyhow::Result<i32> {
    crate::outfile::check_outputs(
        &[crate::outfile::Output {
            flag: "-o",
            path: &a.output,
        }],
        &[&a.dir],
    )?;
    let mut out = import_energy_languages(&a.dir)?;
    eprint!("{}", out.render());
    if out.runs.is_empty() {
        bail!(
            "nothing imported from {}: no file had a readable run (see above)",
            a.dir.display()
        );
    }
    out.session.started = crate::machine::now_rfc3339();
    let mut bytes = Vec::new();
    let mut push = |line: &Line| -> anyhow::Result<()> {
        serde_json::to_writer(&mut bytes, line).context("cannot serialise a results line")?;
        bytes.push(b'\n');
        Ok(())
    };
    push(&Line::Session(out.session.clone()))?;
    for r in &out.runs {
        push(&Line::Run(r.clone()))?;
    }
    crate::outfile::write_output(&a.output, &bytes)?;
    eprintln!(
        "Wrote {} runs to {}. Render them with:\n  joulebench report {}",
        out.runs.len(),
        a.output.display(),
        a.output.display()
    );
    Ok(0)
}
