//! Results of several machines on the command line: directories as results files, one
//! load per file (the merge needs to know which file said what), and a merged ranking
//! written out as one.

use anyhow::Context;
use joulebench_model::record::Line;
use joulebench_report::{load_path, merge_shards, shards_apply, Loaded, MachineRanking};
use std::path::{Path, PathBuf};

/// `DIR` as `DIR/results.jsonl` (what `rank --out DIR` wrote); a file as itself.
pub fn results_path(p: &Path) -> PathBuf {
    if p.is_dir() {
        p.join(crate::cmd::rank::RESULTS_FILE)
    } else {
        p.to_path_buf()
    }
}

/// Each results file (or directory) read on its own.
pub fn load_each(paths: &[PathBuf]) -> anyhow::Result<Vec<Loaded>> {
    paths
        .iter()
        .map(|p| Ok(load_path(&results_path(p))?))
        .collect()
}

/// The inputs as one set of results: shards of rankings merged (and refused when they
/// do not make one ranking), anything else concatenated as before.
pub fn load_merged(paths: &[PathBuf]) -> anyhow::Result<Loaded> {
    let inputs = load_each(paths)?;
    if !shards_apply(&inputs) {
        let mut all = Loaded::default();
        for l in inputs {
            all.extend(l);
        }
        return Ok(all);
    }
    Ok(one_machine(merge_shards(inputs, false)?))
}

fn one_machine(mut machines: Vec<MachineRanking>) -> Loaded {
    // `merge_shards` without --by-machine returns exactly one machine or an error.
    machines.pop().map(|m| m.loaded).unwrap_or_default()
}

/// Write a merged ranking as a results file: its one session, then every run.
pub fn write_results(path: &Path, loaded: &Loaded) -> anyhow::Result<()> {
    let mut text = Vec::new();
    let lines = loaded
        .sessions
        .iter()
        .cloned()
        .map(Line::Session)
        .chain(loaded.runs.iter().cloned().map(Line::Run));
    for line in lines {
        serde_json::to_writer(&mut text, &line)?;
        text.push(b'\n');
    }
    crate::outfile::write_output(path, &text)
        .with_context(|| format!("cannot write the merged ranking {}", path.display()))
}
