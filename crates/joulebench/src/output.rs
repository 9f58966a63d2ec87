//! Rendering `run` results: terminal summary and exports (delegates to joulebench-report).

use joulebench_measure::record::{RunRecord, Session};

/// The terminal summary of a `run` session.
pub fn run_summary(records: &[RunRecord], _session: &Session) -> String {
    let mut out = String::new();
    for (cmd, runs) in joulebench_measure::record::group_by_command(records) {
        out.push_str(&format!("Benchmark: {cmd} ({} runs)\n", runs.len()));
    }
    out
}

/// hyperfine-compatible JSON with energy fields.
pub fn export_json(records: &[RunRecord], _session: &Session) -> anyhow::Result<Vec<u8>> {
    Ok(serde_json::to_vec_pretty(records)?)
}

/// CSV export.
pub fn export_csv(_records: &[RunRecord], _session: &Session) -> anyhow::Result<Vec<u8>> {
    anyhow::bail!("CSV export is being wired up")
}

/// Markdown export.
pub fn export_markdown(_records: &[RunRecord], _session: &Session) -> anyhow::Result<Vec<u8>> {
    anyhow::bail!("Markdown export is being wired up")
}

/// Render the ranking tables from a results file into `out_dir` (HTML, Markdown, JSON)
/// and return the terminal text.
pub fn rank_report(
    _results: &std::path::Path,
    _out_dir: &std::path::Path,
) -> anyhow::Result<String> {
    anyhow::bail!("rank report is being wired up")
}
