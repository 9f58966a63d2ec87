//! The per-command figures of the `run` part of the HTML report: mean energy and mean
//! time per command, each with the 95 % interval of its mean. Every chart's own title
//! names where its figures come from (sensor, measured or estimated), so that an SVG
//! copied out of the page still says it.

use super::svg;
use crate::chart::{self, Bar, BarOptions};
use crate::format;
use crate::summary::CommandSummary;
use crate::ReportError;
use minijinja::Value;
use std::collections::BTreeMap;

/// Where the energy figures come from, e.g. `estimated by the estimate sensor` or
/// `measured by the rapl-powercap sensor`; each distinct pair once, in command order.
pub(super) fn energy_source(sums: &[CommandSummary]) -> String {
    let mut seen: Vec<String> = Vec::new();
    for s in sums {
        let one = format!("{} by the {} sensor", s.provenance.as_str(), s.sensor);
        if !seen.contains(&one) {
            seen.push(one);
        }
    }
    if seen.is_empty() {
        format::na("no command")
    } else {
        seen.join("; ")
    }
}

/// Draw `command_energy` and `command_time` (each when some command has the figure).
pub(super) fn per_command_charts(
    sums: &[CommandSummary],
    charts: &mut BTreeMap<String, Value>,
) -> Result<(), ReportError> {
    let source = energy_source(sums);
    let energy: Vec<Bar> = sums
        .iter()
        .filter_map(|s| {
            let e = &s.energy.as_ref()?.gross;
            Some(bar(&s.command, e.mean, e.ci95))
        })
        .collect();
    if !energy.is_empty() {
        charts.insert(
            "command_energy".into(),
            svg(chart::bar_chart(
                &energy,
                &options(
                    format!("Energy per run, {source}"),
                    "mean gross energy per run (J)",
                ),
            )?),
        );
    }
    let fastest = sums
        .iter()
        .filter_map(|s| s.time.as_ref().map(|t| t.mean))
        .fold(f64::INFINITY, f64::min);
    let (unit, k) = format::time_unit(if fastest.is_finite() { fastest } else { 1.0 });
    let time: Vec<Bar> = sums
        .iter()
        .filter_map(|s| {
            let t = s.time.as_ref()?;
            Some(bar(&s.command, t.mean * k, [t.ci95[0] * k, t.ci95[1] * k]))
        })
        .collect();
    if !time.is_empty() {
        charts.insert(
            "command_time".into(),
            svg(chart::bar_chart(
                &time,
                &options(
                    "Wall time per run, measured by the clock".into(),
                    &format!("mean wall time per run ({unit})"),
                ),
            )?),
        );
    }
    Ok(())
}

fn bar(label: &str, value: f64, ci: [f64; 2]) -> Bar {
    Bar {
        label: label.to_string(),
        value,
        ci: Some(ci),
        marker: None,
        published: None,
    }
}

/// Linear axes from zero: these are amounts, not ratios.
fn options(title: String, x_desc: &str) -> BarOptions {
    BarOptions {
        title,
        x_desc: x_desc.into(),
        log: false,
        reference_line: None,
        legend: vec!["mean".into(), "95 % interval of the mean".into()],
    }
}
