//! Rendering `run` results: terminal summary and exports (delegates to joulebench-report).

use joulebench_model::record::{RunRecord, Session};
use joulebench_report::View;

/// The terminal summary of a `run` session.
pub fn run_summary(records: &[RunRecord], session: &Session, view: &View) -> String {
    joulebench_report::render_terminal_summary_with(records, session, view)
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
pub fn export_markdown(
    records: &[RunRecord],
    session: &Session,
    view: &View,
) -> anyhow::Result<Vec<u8>> {
    Ok(joulebench_report::export_markdown_with(
        records, session, view,
    )?)
}

/// Render the ranking tables from a results file into `out_dir` (HTML, Markdown, JSON)
/// and return the terminal text.
pub fn rank_report(results: &std::path::Path, out_dir: &std::path::Path) -> anyhow::Result<String> {
    let loaded = joulebench_report::load_path(results)?;
    let o = joulebench_report::rank_outputs(&loaded, &joulebench_report::RankOptions::default())?;
    for (name, bytes) in &o.files {
        crate::outfile::write_output(&out_dir.join(name), bytes)?;
    }
    Ok(o.terminal)
}
