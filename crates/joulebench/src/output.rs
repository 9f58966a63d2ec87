//! Rendering `run` results: terminal summary and exports (delegates to joulebench-report).

use joulebench_measure::record::{RunRecord, Session};

/// The terminal summary of a `run` session.
pub fn run_summary(records: &[RunRecord], session: &Session) -> String {
    joulebench_report::render_terminal_summary(records, session)
}

/// hyperfine-compatible JSON with energy fields.
pub fn export_json(records: &[RunRecord], session: &Session) -> anyhow::Result<Vec<u8>> {
    Ok(joulebench_report::export_json(records, session)?)
}

/// CSV export (hyperfine's columns plus energy).
pub fn export_csv(records: &[RunRecord], session: &Session) -> anyhow::Result<Vec<u8>> {
    Ok(joulebench_report::export_csv(records, session)?)
}

/// Markdown export (hyperfine's table plus energy).
pub fn export_markdown(records: &[RunRecord], session: &Session) -> anyhow::Result<Vec<u8>> {
    Ok(joulebench_report::export_markdown(records, session)?)
}

/// Render the ranking tables from a results file into `out_dir` (HTML, Markdown, JSON)
/// and return the terminal text.
pub fn rank_report(
    _results: &std::path::Path,
    _out_dir: &std::path::Path,
) -> anyhow::Result<String> {
    anyhow::bail!("rank report is being wired up")
}
