//! The `run` part of the HTML report: one row per command, and its charts.

use super::svg;
use crate::chart::{self, Bar, BarOptions, ScatterOptions, Series};
use crate::export::table::relative_cell;
use crate::format::{self, na};
use crate::summary::{summarize, CommandSummary};
use crate::ReportError;
use joulebench_model::record::{RunRecord, Session};
use joulebench_model::Provenance;
use minijinja::Value;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
pub(super) struct Row {
    command: String,
    energy: String,
    ci: String,
    energy_rel: String,
    time: String,
    time_rel: String,
    power: String,
    memory: String,
    co2e: String,
    runs: usize,
    source: String,
}

#[derive(Serialize)]
pub(super) struct RunView {
    time_unit: String,
    rows: Vec<Row>,
    co2e_note: String,
    /// Where the energy figures come from (sensor, measured or estimated), for captions.
    energy_source: String,
    warnings: Vec<String>,
}

/// The view and, for estimated data, the banner text.
pub(super) fn build(
    runs: &[RunRecord],
    session: &Session,
    charts: &mut BTreeMap<String, Value>,
) -> Result<(RunView, Option<String>), ReportError> {
    let sums = summarize(runs, session);
    let fastest = sums
        .iter()
        .filter_map(|s| s.time.as_ref().map(|t| t.mean))
        .fold(f64::INFINITY, f64::min);
    let (unit, k) = format::time_unit(if fastest.is_finite() { fastest } else { 1.0 });
    let several = sums.len() > 1;
    let rows = sums.iter().map(|s| row(s, k, several)).collect();
    let warnings = grouped_warnings(&sums);
    let co2e_note = sums
        .first()
        .map(|s| {
            format!(
                "CO2e per run from the mean gross energy at {} g/kWh ({}; {}).",
                format::num(s.grid.g_per_kwh),
                s.grid.region,
                s.grid.source
            )
        })
        .unwrap_or_default();
    super::run_figures::per_command_charts(&sums, charts)?;
    energy_chart(&sums, charts)?;
    energy_time_chart(&sums, charts)?;
    memory_chart(&sums, charts)?;
    Ok((
        RunView {
            time_unit: unit.into(),
            rows,
            co2e_note,
            energy_source: super::run_figures::energy_source(&sums),
            warnings,
        },
        estimated_banner(&sums, session),
    ))
}

/// Each warning once: one that every command has (the estimate model's sentence, say)
/// without a command name ("all commands: ..."), the rest with theirs. (The page listed
/// the model's 400-character sentence once per command.)
fn grouped_warnings(sums: &[CommandSummary]) -> Vec<String> {
    let mut out = Vec::new();
    let mut shared: Vec<&String> = Vec::new();
    if sums.len() > 1 {
        for w in &sums[0].warnings {
            if sums.iter().all(|s| s.warnings.contains(w)) && !shared.contains(&w) {
                shared.push(w);
                out.push(format!("all commands: {w}"));
            }
        }
    }
    for s in sums {
        for w in &s.warnings {
            let line = format!("{}: {w}", s.command);
            if !shared.contains(&w) && !out.contains(&line) {
                out.push(line);
            }
        }
    }
    out
}

/// One command's row; times are multiplied by `k` (the table's time unit). `several`:
/// the session has more than one command (a lone command is its own reference).
fn row(s: &CommandSummary, k: f64, several: bool) -> Row {
    let energy_missing = s.energy_missing.as_deref().unwrap_or("no energy figure");
    Row {
        command: s.command.clone(),
        energy: s
            .energy
            .as_ref()
            .map(|e| format::pm(e.gross.mean, e.gross.stddev))
            .unwrap_or_else(|| na(energy_missing)),
        ci: s
            .energy
            .as_ref()
            .map(|e| {
                format!(
                    "{} … {}",
                    format::num(e.gross.ci95[0]),
                    format::num(e.gross.ci95[1])
                )
            })
            .unwrap_or_default(),
        energy_rel: relative_cell(
            s.energy_relative.as_ref(),
            s.energy.is_some(),
            several,
            "energy",
        ),
        time: s
            .time
            .as_ref()
            .map(|t| format::pm(t.mean * k, t.stddev * k))
            .unwrap_or_else(|| na("no completed run")),
        time_rel: relative_cell(s.time_relative.as_ref(), s.time.is_some(), several, "time"),
        power: s
            .power_w
            .as_ref()
            .map(|p| format::pm(p.mean, p.stddev))
            .unwrap_or_else(|| na("no energy figure")),
        memory: s
            .memory_max_bytes
            .map(|m| format::num(format::mb(m as f64)))
            .unwrap_or_else(|| na("not recorded")),
        co2e: s
            .co2e_g_per_run
            .map(format::num)
            .unwrap_or_else(|| na("no energy figure")),
        runs: s.runs,
        source: format!("{}, {}", s.provenance.as_str(), s.sensor),
    }
}

/// Draw the relative-energy bars (`command_bars`), when there are several commands.
fn energy_chart(
    sums: &[CommandSummary],
    charts: &mut BTreeMap<String, Value>,
) -> Result<(), ReportError> {
    let bars: Vec<Bar> = sums
        .iter()
        .filter_map(|s| {
            let r = s.energy_relative.as_ref()?;
            Some(Bar {
                label: s.command.clone(),
                value: r.ratio.ratio,
                ci: Some(r.ratio.ci95),
                marker: None,
                published: None,
            })
        })
        .collect();
    if !bars.is_empty() {
        charts.insert(
            "command_bars".into(),
            svg(chart::bar_chart(
                &bars,
                &BarOptions {
                    title: "Energy relative to the command that used the least".into(),
                    x_desc: "energy ratio (log scale)".into(),
                    log: true,
                    reference_line: Some(1.0),
                    legend: vec!["mean energy ratio".into(), "95 % interval".into()],
                },
            )?),
        );
    }
    Ok(())
}

/// Draw energy against time, every run (`command_scatter`), when some run has energy.
fn energy_time_chart(
    sums: &[CommandSummary],
    charts: &mut BTreeMap<String, Value>,
) -> Result<(), ReportError> {
    let series: Vec<Series> = sums
        .iter()
        .map(|s| Series {
            label: s.command.clone(),
            points: s
                .records
                .iter()
                .filter_map(|r| r.energy_total_j.map(|e| (r.wall_s, e)))
                .collect(),
        })
        .filter(|s| !s.points.is_empty())
        .collect();
    if !series.is_empty() {
        charts.insert(
            "command_scatter".into(),
            svg(chart::scatter_chart(
                &series,
                &ScatterOptions {
                    title: "Energy against time, every run".into(),
                    x_desc: "wall time (s)".into(),
                    y_desc: "energy (J)".into(),
                    fit: None,
                },
            )?),
        );
    }
    Ok(())
}

/// Draw the peak-memory bars (`command_memory`), when some command has a figure.
fn memory_chart(
    sums: &[CommandSummary],
    charts: &mut BTreeMap<String, Value>,
) -> Result<(), ReportError> {
    let mem: Vec<Bar> = sums
        .iter()
        .filter_map(|s| {
            Some(Bar {
                label: s.command.clone(),
                value: format::mb(s.memory_max_bytes? as f64),
                ci: None,
                marker: None,
                published: None,
            })
        })
        .collect();
    if !mem.is_empty() {
        charts.insert(
            "command_memory".into(),
            svg(chart::bar_chart(
                &mem,
                &BarOptions {
                    title: "Peak memory".into(),
                    x_desc: "largest per-run peak resident memory (MB)".into(),
                    log: false,
                    reference_line: None,
                    legend: vec![],
                },
            )?),
        );
    }
    Ok(())
}

/// The banner's text when some command's energy is estimated.
fn estimated_banner(sums: &[CommandSummary], session: &Session) -> Option<String> {
    sums.iter()
        .any(|s| s.provenance == Provenance::Estimated)
        .then(|| {
            format!(
                "Energy is ESTIMATED by a model ({}), not measured by an energy counter.",
                session
                    .model
                    .clone()
                    .unwrap_or_else(|| sums.first().map(|s| s.sensor.clone()).unwrap_or_default())
            )
        })
}

/// The method, in plain words, for command results.
pub(super) fn methodology() -> Vec<String> {
    vec![
        "Each command was run several times. Energy is the default total of each run: package + DRAM energy of every socket (gross, as the counters saw it); the net figure subtracts the idle baseline power times the run's duration.".into(),
        "Figures are the mean ± standard deviation over runs; the 95 % interval of the mean uses Student's t. Relative figures divide by the best command's mean, with the uncertainty of the ratio by error propagation; two commands are called not distinguishable when Welch's t-test cannot tell their means apart at the 5 % level.".into(),
        "Peak memory is each run's own peak resident set (MB = 10^6 bytes). CO2e multiplies the mean energy by an average grid intensity: an order of magnitude, not carbon accounting.".into(),
    ]
}
