//! Markdown export: hyperfine's table (`Command | Mean | Min | Max | Relative`) with
//! energy columns, then the warnings.

use crate::format::{self, na};
use crate::summary::{summarize, CommandSummary, Relative};
use crate::ReportError;
use joulebench_model::record::{RunRecord, Session};

/// The Markdown export of a `run` session.
pub fn export_markdown(records: &[RunRecord], session: &Session) -> Result<Vec<u8>, ReportError> {
    Ok(markdown_table(&summarize(records, session)).into_bytes())
}

/// The Markdown table (and warnings) of already summarised commands.
pub fn markdown_table(sums: &[CommandSummary]) -> String {
    // Like hyperfine, one time unit for the whole table, chosen by the fastest command.
    let fastest = sums
        .iter()
        .filter_map(|s| s.time.as_ref().map(|t| t.mean))
        .fold(f64::INFINITY, f64::min);
    let (unit, k) = format::time_unit(if fastest.is_finite() { fastest } else { 1.0 });
    let mut out = format!(
        "| Command | Mean [{unit}] | Min [{unit}] | Max [{unit}] | Relative | Energy [J] | 95 % CI [J] | Energy relative | Power [W] | Peak memory [MB] | CO2e [g] | Energy source |\n\
         |:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---|\n"
    );
    for s in sums {
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
            rel(s.time_relative.as_ref()),
            rel(s.energy_relative.as_ref()),
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

fn rel(r: Option<&Relative>) -> String {
    match r {
        None => "1.00".into(),
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
