//! The ranking as CSV: one row per language, both tables' figures.

use super::RankAnalysis;
use crate::ReportError;

/// The columns, in order.
pub const COLUMNS: &[&str] = &[
    "language",
    "problems",
    "energy_ratio_total",
    "time_ratio_total",
    "memory_ratio_total",
    "energy_ratio_total_same_problems",
    "energy_ratio_geomean",
    "energy_ratio_geomean_ci_low",
    "energy_ratio_geomean_ci_high",
    "time_ratio_geomean",
    "rank",
    "not_distinguishable_from",
    "energy_total_j",
    "time_total_s",
    "memory_total_mb",
    "published_energy",
    "published_time",
    "published_memory",
    "provenance",
    "sensor",
    "reference",
];

fn o(v: Option<f64>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

/// CSV of the language rows (empty cell where a figure is missing).
pub fn render(a: &RankAnalysis) -> Result<Vec<u8>, ReportError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS)?;
    for l in &a.languages {
        w.write_record([
            crate::format::csv_text(&l.language),
            l.problems.to_string(),
            o(l.energy_ratio_total),
            o(l.time_ratio_total),
            o(l.memory_ratio_total),
            o(l.energy_ratio_total_same_problems),
            o(l.energy_ratio_geomean),
            o(l.energy_ratio_geomean_ci.map(|c| c[0])),
            o(l.energy_ratio_geomean_ci.map(|c| c[1])),
            o(l.time_ratio_geomean),
            l.rank.map(|r| r.to_string()).unwrap_or_default(),
            crate::format::csv_text(&l.not_distinguishable_from.join(";")),
            o(l.energy_total_j),
            o(l.time_total_s),
            o(l.memory_total_mb),
            o(l.published.as_ref().map(|p| p.energy)),
            o(l.published.as_ref().map(|p| p.time)),
            o(l.published.as_ref().map(|p| p.memory)),
            crate::format::csv_text(&l.provenance.provenance),
            crate::format::csv_text(&l.provenance.sensor),
            crate::format::csv_text(&a.reference),
        ])?;
    }
    w.into_inner()
        .map_err(|e| ReportError::Render(format!("CSV: {e}")))
}
