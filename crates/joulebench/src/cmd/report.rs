//! `joulebench report`: re-render results (from `rank`, `import` or `run --export-json`)
//! without measuring.

use crate::global::Global;
use anyhow::Context;
use joulebench_report::{render, terminal_safe, Format, RankOptions};
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `joulebench report`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Results files or `rank` output directories: JSON Lines from `rank` or `import`,
    /// or `run --export-json` files (detected by content). Several files are merged:
    /// shards of one ranking (`rank --shard`) into that ranking, refused when they are
    /// of different plans, overlap, miss a shard or come from different machines.
    #[arg(required = true, value_name = "RESULTS")]
    pub results: Vec<PathBuf>,
    /// Output format: html, markdown, json or csv. Default: from the -o file's extension
    /// (.html, .md, .json, .csv), else markdown.
    #[arg(long, short = 'f', value_name = "FORMAT")]
    pub format: Option<Format>,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Reference language of the ranking (default: C when present).
    #[arg(long, value_name = "LANG")]
    pub reference: Option<String>,
    /// Bootstrap replicates for the geometric-mean intervals.
    #[arg(long, default_value_t = 2000, value_name = "N")]
    pub resamples: usize,
    /// Bootstrap seed (the report is reproducible).
    #[arg(long, default_value_t = 2017, value_name = "SEED")]
    pub seed: u64,
    /// Two results, two tracks (e.g. joulebench's programs, then the study's): side by
    /// side per language and problem, with active cores (Markdown or HTML).
    #[arg(long)]
    pub tracks: bool,
    /// The two tracks' names, with --tracks.
    #[arg(
        long,
        value_delimiter = ',',
        num_args = 2,
        default_value = "joulebench,study",
        value_name = "A,B"
    )]
    pub track_names: Vec<String>,
    /// Rankings from several machines side by side: each machine's table, every
    /// language's ratio on each, and whether the machines agree on the order (Kendall's
    /// tau-b with a bootstrap interval, and the pairs that flip). Each machine's shards
    /// are merged first. Markdown, HTML or JSON.
    #[arg(long, conflicts_with = "tracks")]
    pub by_machine: bool,
}

pub(super) fn format_for(args: &Args) -> Format {
    if let Some(f) = args.format {
        return f;
    }
    let ext = args
        .output
        .as_ref()
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html") | Some("htm") => Format::Html,
        Some("json") => Format::Json,
        Some("csv") => Format::Csv,
        _ => Format::Markdown,
    }
}

/// Run the subcommand; returns the process exit code.
pub fn exec(args: Args, _global: &Global) -> anyhow::Result<i32> {
    if args.resamples == 0 {
        anyhow::bail!("--resamples must be at least 1");
    }
    if let Some(o) = &args.output {
        let resolved: Vec<PathBuf> = args
            .results
            .iter()
            .map(|p| crate::fleet::results_path(p))
            .collect();
        let inputs: Vec<&std::path::Path> = resolved.iter().map(|p| p.as_path()).collect();
        crate::outfile::check_outputs(
            &[crate::outfile::Output {
                flag: "-o",
                path: o,
            }],
            &inputs,
        )?;
    }
    if args.tracks {
        return super::report_tracks::exec(&args, format_for(&args));
    }
    let opts = RankOptions {
        reference: args.reference.clone(),
        resamples: args.resamples,
        seed: args.seed,
        ..RankOptions::default()
    };
    let bytes = if args.by_machine {
        super::report_machines::render(&args.results, format_for(&args), &opts)?
    } else {
        let loaded = crate::fleet::load_merged(&args.results)?;
        for w in &loaded.warnings {
            eprintln!("Warning: {}", terminal_safe(w));
        }
        render(&loaded, format_for(&args), &opts)?
    };
    match &args.output {
        Some(path) => {
            crate::outfile::write_output(path, &bytes)?;
            eprintln!("Wrote {}", path.display());
        }
        None => {
            // Text from the results files reaches a terminal here: escape sequences in
            // them are shown, not obeyed.
            let text = String::from_utf8_lossy(&bytes);
            let mut out = std::io::stdout().lock();
            out.write_all(terminal_safe(&text).as_bytes())
                .and_then(|_| out.flush())
                .context("cannot write to standard output")?;
        }
    }
    Ok(0)
}
