//! One entry point: render loaded results in a chosen format. Rank and import results
//! (records with a problem and a language) render as the ranking; `run` results render as
//! the per-command exports.

use crate::load::Loaded;
use crate::rank::{self, RankOptions};
use crate::ReportError;
use joulebench_model::record::RunRecord;

/// Output formats of `joulebench report`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One self-contained HTML file.
    Html,
    /// Markdown tables.
    Markdown,
    /// JSON (the ranking analysis, or the hyperfine-compatible run export).
    Json,
    /// CSV (one row per language, or per command).
    Csv,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "html" => Ok(Format::Html),
            "markdown" | "md" => Ok(Format::Markdown),
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            other => Err(format!(
                "unknown format {other:?} (expected html, markdown, json or csv)"
            )),
        }
    }
}

fn plain_runs(l: &Loaded) -> Vec<RunRecord> {
    l.runs
        .iter()
        .filter(|r| r.problem.is_none() || r.language.is_none())
        .cloned()
        .collect()
}

/// Render `loaded` as `format`.
pub fn render(loaded: &Loaded, format: Format, opts: &RankOptions) -> Result<Vec<u8>, ReportError> {
    if format == Format::Html {
        return Ok(crate::html::render_html(loaded, opts)?.into_bytes());
    }
    if loaded.has_rank_data() {
        let a = rank::analyze(&loaded.runs, &loaded.sessions, opts)?;
        return match format {
            Format::Markdown => Ok(rank::markdown::render_rank_markdown(&a).into_bytes()),
            Format::Json => rank::json::render(&a),
            Format::Csv => rank::csv::render(&a),
            Format::Html => unreachable_html(),
        };
    }
    let runs = plain_runs(loaded);
    let session = loaded.session();
    match format {
        Format::Markdown => crate::export::export_markdown(&runs, &session),
        Format::Json => crate::export::export_json(&runs, &session),
        Format::Csv => crate::export::export_csv(&runs, &session),
        Format::Html => unreachable_html(),
    }
}

fn unreachable_html() -> Result<Vec<u8>, ReportError> {
    Err(ReportError::Render("HTML is rendered above".into()))
}

/// What `rank` writes into its output directory: file name and bytes for each format,
/// plus the terminal text.
pub struct RankOutputs {
    /// (file name, contents): `report.html`, `report.md`, `report.json`, `report.csv`.
    pub files: Vec<(String, Vec<u8>)>,
    /// The tables for the terminal.
    pub terminal: String,
}

/// Every rendering of a ranking, for `rank`'s output directory.
pub fn rank_outputs(loaded: &Loaded, opts: &RankOptions) -> Result<RankOutputs, ReportError> {
    let a = rank::analyze(&loaded.runs, &loaded.sessions, opts)?;
    Ok(RankOutputs {
        files: vec![
            (
                "report.html".into(),
                crate::html::render_html_with(loaded, Some(&a))?.into_bytes(),
            ),
            (
                "report.md".into(),
                rank::markdown::render_rank_markdown(&a).into_bytes(),
            ),
            ("report.json".into(), rank::json::render(&a)?),
            ("report.csv".into(), rank::csv::render(&a)?),
        ],
        terminal: rank::terminal::render(&a),
    })
}
