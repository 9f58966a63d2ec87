//! CSV export: hyperfine's columns (`command,mean,stddev,median,user,system,min,max`, in
//! seconds), then energy columns. A missing figure is an empty cell, never a zero.

use crate::summary::{summarize, CommandSummary};
use crate::ReportError;
use joulebench_model::record::{RunRecord, Session};

/// The columns, in order.
pub const COLUMNS: &[&str] = &[
    "command",
    "mean",
    "stddev",
    "median",
    "user",
    "system",
    "min",
    "max",
    "energy_mean_j",
    "energy_stddev_j",
    "energy_median_j",
    "energy_min_j",
    "energy_max_j",
    "energy_ci95_low_j",
    "energy_ci95_high_j",
    "energy_net_mean_j",
    "power_mean_w",
    "peak_memory_max_bytes",
    "co2e_g_per_run",
    "energy_relative",
    "time_relative",
    "runs",
    "provenance",
    "sensor",
];

fn opt(v: Option<f64>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

/// Every parameter's name, in the order first met.
fn parameter_names(sums: &[CommandSummary]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for p in sums.iter().flat_map(|s| &s.parameters) {
        if !names.contains(&p.name) {
            names.push(p.name.clone());
        }
    }
    names
}

/// The CSV export of a `run` session.
pub fn export_csv(records: &[RunRecord], session: &Session) -> Result<Vec<u8>, ReportError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let sums = summarize(records, session);
    // The SCI columns only when the session has a functional unit, so that other
    // exports keep hyperfine's column set.
    let with_sci = session.functional_unit.is_some();
    let mut header: Vec<&str> = COLUMNS.to_vec();
    if with_sci {
        header.extend(["sci_unit", "sci_g_per_unit", "sci_embodied_g_per_run"]);
    }
    // One `parameter_NAME` column per parameter, last, as hyperfine adds them.
    let names = parameter_names(&sums);
    let mut header: Vec<String> = header.into_iter().map(String::from).collect();
    header.extend(names.iter().map(|n| format!("parameter_{n}")));
    w.write_record(&header)?;
    for s in &sums {
        let t = s.time.as_ref();
        let e = s.energy.as_ref().map(|e| &e.gross);
        let row = vec![
            crate::format::csv_text(&s.command),
            opt(t.map(|t| t.mean)),
            opt(t.filter(|t| t.n > 1).map(|t| t.stddev)),
            opt(t.map(|t| t.median)),
            s.user_mean_s.to_string(),
            s.system_mean_s.to_string(),
            opt(t.map(|t| t.min)),
            opt(t.map(|t| t.max)),
            opt(e.map(|e| e.mean)),
            opt(e.filter(|e| e.n > 1).map(|e| e.stddev)),
            opt(e.map(|e| e.median)),
            opt(e.map(|e| e.min)),
            opt(e.map(|e| e.max)),
            opt(e.map(|e| e.ci95[0])),
            opt(e.map(|e| e.ci95[1])),
            opt(s
                .energy
                .as_ref()
                .and_then(|e| e.net.as_ref())
                .map(|n| n.mean)),
            opt(s.power_w.as_ref().map(|p| p.mean)),
            s.memory_max_bytes
                .map(|m| m.to_string())
                .unwrap_or_default(),
            opt(s.co2e_g_per_run),
            opt(s.energy_relative.as_ref().map(|r| r.ratio.ratio)),
            opt(s.time_relative.as_ref().map(|r| r.ratio.ratio)),
            s.runs.to_string(),
            s.provenance.as_str().to_string(),
            crate::format::csv_text(&s.sensor),
        ];
        let mut row = row;
        if with_sci {
            let sci = s.sci.as_ref();
            row.push(
                session
                    .functional_unit
                    .as_ref()
                    .map(|u| crate::format::csv_text(&u.name))
                    .unwrap_or_default(),
            );
            row.push(opt(sci.map(|x| x.g_per_unit)));
            row.push(opt(sci.map(|x| x.unit.embodied_g_per_run)));
        }
        for n in &names {
            let value = s.parameters.iter().find(|p| &p.name == n);
            row.push(
                value
                    .map(|p| crate::format::csv_text(&p.value))
                    .unwrap_or_default(),
            );
        }
        w.write_record(&row)?;
    }
    w.into_inner()
        .map_err(|e| ReportError::Render(format!("CSV: {e}")))
}
