//! Markdown export: hyperfine's table (`Command | Mean | Min | Max | Relative`) with
//! energy columns, then the warnings.

use crate::format::{self, na};
use crate::summary::{summarize, CommandSummary, Relative};
use crate::view::View;
use crate::ReportError;
use joulebench_model::record::{RunRecord, Session};

/// The Markdown export of a `run` session.
pub fn export_markdown(records: &[RunRecord], session: &Session) -> Result<Vec<u8>, ReportError> {
    export_markdown_with(records, session, &View::default())
}

/// [`export_markdown`] laid out as `view` says (`run --sort`, `--time-unit`).
pub fn export_markdown_with(
    records: &[RunRecord],
    session: &Session,
    view: &View,
) -> Result<Vec<u8>, ReportError> {
    Ok(markdown_table(&summarize(records, session), view).into_bytes())
}

/// The Markdown table (and warnings) of already summarised commands.
pub fn markdown_table(sums: &[CommandSummary], view: &View) -> String {
    // Like hyperfine, one time unit for the whole table, chosen by the fastest command.
    let fastest = sums
        .iter()
        .filter_map(|s| s.time.as_ref().map(|t| t.mean))
        .fold(f64::INFINITY, f64::min);
    let (unit, k) = view.time_scale(if fastest.is_finite() { fastest } else { 1.0 });
    let alone = sums.len() == 1;
    let mut out = format!(
        "| Command | Mean [{unit}] | Min [{unit}] | Max [{unit}] | Relative | Energy [J] | 95 % CI [J] | Energy relative | Power [W] | Peak memory [MB] | CO2e [g] | Energy source |\n\
         |:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---|\n"
    );
    for s in view.table_order(sums) {
        let (mean, min, max) = match &s.time {
            Some(t) => (
                format::pm(t.mean * k, t.stddev * k),
                format::num(t.min * k),
                format::num(t.max * k),
            ),
            None => (na("no completed run"), String::new(), String::new()),
        };
        let (energy, ci) = match &s.energy {
            Some(e) => (
                format::pm(e.gross.mean, e.gross.stddev),
                format!(
                    "{} … {}",
                    format::num(e.gross.ci95[0]),
                    format::num(e.gross.ci95[1])
                ),
            ),
            None => (
                na(s.energy_missing.as_deref().unwrap_or("no energy figure")),
                String::new(),
            ),
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
        out.push_str(&format!(
            "| `{}` | {mean} | {min} | {max} | {} | {energy} | {ci} | {} | {power} | {mem} | {co2} | {}, {} |\n",
            s.command.replace('|', "\\|"),
            rel(s.time_relative.as_ref(), s.time.is_some(), alone, "time"),
            rel(s.energy_relative.as_ref(), s.energy.is_some(), alone, "energy"),
            s.provenance.as_str(),
            s.sensor,
        ));
    }
    if let Some(s) = sums.first() {
        out.push_str(&format!(
            "\nEnergy is package + dram (gross) per run. CO2e at {} g/kWh ({}; {}).\n",
            format::num(s.grid.g_per_kwh),
            s.grid.region,
            s.grid.source
        ));
    }
    for s in sums.iter() {
        if let Some(sci) = &s.sci {
            out.push_str(&format!(
                "\nSCI of `{}`: {}.\n",
                s.command.replace('`', "'"),
                crate::terminal::sci_text(sci)
            ));
        }
    }
    let warned: Vec<&CommandSummary> = sums.iter().filter(|s| !s.warnings.is_empty()).collect();
    if !warned.is_empty() {
        out.push_str("\n**Warnings**\n\n");
        for s in warned {
            for w in &s.warnings {
                out.push_str(&format!("- `{}`: {w}\n", s.command));
            }
        }
    }
    out
}

/// A relative figure's cell. Without one it says why (no figure of its own, or none to
/// compare with): a silent "1.00" read as "as good as the best".
fn rel(r: Option<&Relative>, has_figure: bool, alone: bool, what: &str) -> String {
    match r {
        None if !has_figure => na(&format!("no {what}")),
        None if alone => "1.00".into(),
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
