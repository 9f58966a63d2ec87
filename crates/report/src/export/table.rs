//! The summary table the text exports share (Markdown, AsciiDoc, Org): hyperfine's
//! columns (`Command | Mean | Min | Max | Relative`) and the energy ones, as plain cells,
//! with the notes that follow the table. Each export only adds its own markup, so that
//! the three always carry the same figures.

use crate::format::{self, na};
use crate::summary::{CommandSummary, Relative};
use crate::view::View;

/// One column's heading and whether its figures are right-aligned.
pub(crate) struct Column {
    pub title: String,
    pub right: bool,
}

/// The table: its columns, one row per command, and the notes under it.
pub(crate) struct Table {
    pub columns: Vec<Column>,
    /// Per command: the command (unescaped: each export quotes it its own way) and the
    /// other cells, in column order.
    pub rows: Vec<(String, Vec<String>)>,
    /// What the energy and CO2e figures are (one sentence), when there is a command.
    pub energy_note: Option<String>,
    /// The SCI of each command that has one: `(command, text)`.
    pub sci: Vec<(String, String)>,
    /// Every warning: `(command, warning)`.
    pub warnings: Vec<(String, String)>,
}

/// The table of already summarised commands, laid out as `view` says (`run --sort`:
/// the rows' order; `--time-unit`: the times' unit).
pub(crate) fn table(sums: &[CommandSummary], view: &View) -> Table {
    // Like hyperfine, one time unit for the whole table, chosen by the fastest command.
    let fastest = sums
        .iter()
        .filter_map(|s| s.time.as_ref().map(|t| t.mean))
        .fold(f64::INFINITY, f64::min);
    let (unit, k) = view.time_scale(if fastest.is_finite() { fastest } else { 1.0 });
    let col = |title: String, right: bool| Column { title, right };
    let columns = vec![
        col("Command".into(), false),
        col(format!("Mean [{unit}]"), true),
        col(format!("Min [{unit}]"), true),
        col(format!("Max [{unit}]"), true),
        col("Relative".into(), true),
        col("Energy [J]".into(), true),
        col("95 % CI [J]".into(), true),
        col("Energy relative".into(), true),
        col("Power [W]".into(), true),
        col("Peak memory [MB]".into(), true),
        col("CO2e [g]".into(), true),
        col("Energy source".into(), false),
    ];
    let several = sums.len() > 1;
    let rows = view
        .table_order(sums)
        .into_iter()
        .map(|s| (s.command.clone(), cells(s, k, several)))
        .collect();
    let energy_note = sums.first().map(|s| {
        format!(
            "Energy is package + dram (gross) per run. CO2e at {} g/kWh ({}; {}).",
            format::num(s.grid.g_per_kwh),
            s.grid.region,
            s.grid.source
        )
    });
    let sci = sums
        .iter()
        .filter_map(|s| {
            let sci = s.sci.as_ref()?;
            Some((s.command.clone(), crate::terminal::sci_text(sci)))
        })
        .collect();
    let warnings = sums
        .iter()
        .flat_map(|s| s.warnings.iter().map(|w| (s.command.clone(), w.clone())))
        .collect();
    Table {
        columns,
        rows,
        energy_note,
        sci,
        warnings,
    }
}

/// Every cell of a row but the command; times multiplied by `k` (the table's unit).
fn cells(s: &CommandSummary, k: f64, several: bool) -> Vec<String> {
    let (mean, min, max) = match &s.time {
        Some(t) => (
            format::pm(t.mean * k, t.stddev * k),
            format::num(t.min * k),
            format::num(t.max * k),
        ),
        None => (na("no completed run"), String::new(), String::new()),
    };
    let energy_missing = s.energy_missing.as_deref().unwrap_or("no energy figure");
    let (energy, ci) = match &s.energy {
        Some(e) => (
            format::pm(e.gross.mean, e.gross.stddev),
            format!(
                "{} … {}",
                format::num(e.gross.ci95[0]),
                format::num(e.gross.ci95[1])
            ),
        ),
        None => (na(energy_missing), String::new()),
    };
    let power = s
        .power_w
        .as_ref()
        .map(|p| format::pm(p.mean, p.stddev))
        .unwrap_or_else(|| na("no energy figure"));
    let mem = s
        .memory_max_bytes
        .map(|m| format::num(format::mb(m as f64)))
        .unwrap_or_else(|| na("unknown"));
    let co2 = s
        .co2e_g_per_run
        .map(format::num)
        .unwrap_or_else(|| na("no energy figure"));
    let time_rel = relative_cell(s.time_relative.as_ref(), s.time.is_some(), several, "time");
    let energy_rel = relative_cell(
        s.energy_relative.as_ref(),
        s.energy.is_some(),
        several,
        "energy",
    );
    vec![
        mean,
        min,
        max,
        time_rel,
        energy,
        ci,
        energy_rel,
        power,
        mem,
        co2,
        format!("{}, {}", s.provenance.as_str(), s.sensor),
    ]
}

/// A relative figure's cell, in every table that has one (Markdown, AsciiDoc, Org, HTML).
/// `has_figure`: the command has a figure of this kind (`what`: "energy", "time"). Without
/// a ratio the cell says why, as `n/a (why)`: a command without a figure of its own has no
/// relative figure either, nor has anyone when the reference has none (it used to print
/// "1.00", read as "as good as the best"). A lone command is its own reference.
pub(crate) fn relative_cell(
    r: Option<&Relative>,
    has_figure: bool,
    several: bool,
    what: &str,
) -> String {
    match r {
        None if !has_figure => na(&format!("no {what}")),
        None if !several => "1.00".into(),
        // Several commands, this one has a figure, and still no ratio: the reference
        // (`--reference`, else the best) has none to compare with.
        None => na(&format!("reference has no {what}")),
        Some(r) if r.is_reference => "1.00".into(),
        Some(r) => {
            let mut s = format!(
                "{} ± {}",
                format::ratio(r.ratio.ratio),
                format::ratio(r.ratio.stddev)
            );
            if !r.ratio.distinguishable {
                s.push_str(" (not distinguishable)");
            }
            s
        }
    }
}
