//! `joulebench report --by-machine`: each machine's shards merged, then the machines
//! compared.

use anyhow::bail;
use joulebench_report::{
    compare_machines, merge_shards, render_machines_html, render_machines_markdown, terminal_safe,
    Format, RankOptions,
};
use std::path::PathBuf;

/// The comparison of the rankings in `results` as `format`.
pub fn render(results: &[PathBuf], format: Format, opts: &RankOptions) -> anyhow::Result<Vec<u8>> {
    let inputs = crate::fleet::load_each(results)?;
    for w in inputs.iter().flat_map(|l| &l.warnings) {
        eprintln!("Warning: {}", terminal_safe(w));
    }
    let machines = merge_shards(inputs, true)?;
    if machines.len() < 2 {
        eprintln!(
            "Note: --by-machine: all results come from one machine ({}); nothing to compare",
            machines
                .first()
                .map(|m| m.machine.to_string())
                .unwrap_or_default()
        );
    }
    let c = compare_machines(&machines, opts)?;
    Ok(match format {
        Format::Html => render_machines_html(&c)?.into_bytes(),
        Format::Markdown => render_machines_markdown(&c).into_bytes(),
        Format::Json => serde_json::to_vec_pretty(&c)?,
        Format::Csv => bail!("--by-machine: no CSV form; use --format markdown, html or json"),
    })
}
