//! The ranking as JSON: per language at least `language`, `energy_ratio_total`,
//! `energy_ratio_geomean`, `energy_ratio_geomean_ci` ([low, high]), `time_ratio_total`,
//! `memory_ratio_total`, `problems` (a count) and `provenance` (measured/estimated, sensor);
//! then the cells, the drivers, the published table and the settings.

use super::RankAnalysis;
use crate::ReportError;

/// Pretty-printed JSON of the whole analysis (trailing newline).
pub fn render(a: &RankAnalysis) -> Result<Vec<u8>, ReportError> {
    let mut v = serde_json::to_vec_pretty(a)?;
    v.push(b'\n');
    Ok(v)
}
