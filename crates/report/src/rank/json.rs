//! The ranking as JSON: per language at least `language`, `energy_ratio_total`,
//! `energy_ratio_geomean`, `energy_ratio_geomean_ci` ([low, high]), `time_ratio_total`,
//! `memory_ratio_total`, `problems` (a count) and `provenance` (measured/estimated, sensor);
//! then the cells, the drivers, the published table and the settings; and last
//! `not_available`: the study's languages that these results lack because this system
//! cannot run them (`language`, `status`, `reason`, `needs`).

use super::{published, RankAnalysis};
use crate::ReportError;
use serde::Serialize;

/// One of the study's languages that this system cannot run.
#[derive(Serialize)]
struct NotAvailable<'a> {
    language: &'a str,
    status: &'static str,
    reason: &'a str,
    needs: &'a str,
}

#[derive(Serialize)]
struct Document<'a> {
    #[serde(flatten)]
    analysis: &'a RankAnalysis,
    not_available: Vec<NotAvailable<'a>>,
}

/// Pretty-printed JSON of the whole analysis (trailing newline).
pub fn render(a: &RankAnalysis) -> Result<Vec<u8>, ReportError> {
    let not_available = a
        .published
        .not_available(a.languages.iter().map(|l| l.language.as_str()))
        .into_iter()
        .map(|u| NotAvailable {
            language: &u.language,
            status: published::NOT_AVAILABLE,
            reason: &u.reason,
            needs: &u.needs,
        })
        .collect();
    let mut v = serde_json::to_vec_pretty(&Document {
        analysis: a,
        not_available,
    })?;
    v.push(b'\n');
    Ok(v)
}
