//! Rendering `run` results: terminal summary and exports (delegates to joulebench-report).

use joulebench_model::record::{RunRecord, Session};
use joulebench_report::View;

/// The terminal summary of a `run` session.
pub fn run_summary(records: &[RunRecord], session: &Session, view: &View) -> String {
    joulebench_report::render_terminal_summary_with(records, session, view)
}

// The exports of `run`, one [`Exporter`] each. `view` (`--sort`, `--time-unit`) lays out
// the text tables; JSON and CSV keep hyperfine's layout (the commands as given, seconds),
// and the HTML page its own.

/// hyperfine-compatible JSON with energy fields.
pub fn export_json(
    records: &[RunRecord],
    session: &Session,
    _view: &View,
) -> anyhow::Result<Vec<u8>> {
    Ok(joulebench_report::export_json(records, session)?)
}

/// CSV export (hyperfine's columns plus energy).
pub fn export_csv(
    records: &[RunRecord],
    session: &Session,
    _view: &View,
) -> anyhow::Result<Vec<u8>> {
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

/// AsciiDoc export (the Markdown table's figures).
pub fn export_asciidoc(
    records: &[RunRecord],
    session: &Session,
    view: &View,
) -> anyhow::Result<Vec<u8>> {
    Ok(joulebench_report::export_asciidoc_with(
        records, session, view,
    )?)
}

/// Org-mode export (the Markdown table's figures).
pub fn export_orgmode(
    records: &[RunRecord],
    session: &Session,
    view: &View,
) -> anyhow::Result<Vec<u8>> {
    Ok(joulebench_report::export_orgmode_with(
        records, session, view,
    )?)
}

/// HTML export: one self-contained page with the table and charts.
pub fn export_html(
    records: &[RunRecord],
    session: &Session,
    _view: &View,
) -> anyhow::Result<Vec<u8>> {
    Ok(joulebench_report::export_html(records, session)?)
}

/// One of the exports above.
pub type Exporter = fn(&[RunRecord], &Session, &View) -> anyhow::Result<Vec<u8>>;

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
