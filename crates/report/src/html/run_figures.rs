//! The per-command figures of the `run` part of the HTML report: mean energy and mean
//! time per command, each with the 95 % interval of its mean. Every chart's own title
//! names where its figures come from (sensor, measured or estimated), so that an SVG
//! copied out of the page still says it.

use super::svg;
use crate::chart::{self, Bar, BarOptions, ScanOptions, ScanPoint};
use crate::format;
use crate::summary::CommandSummary;
use crate::ReportError;
use joulebench_model::stats::Summary;
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
    scan_charts(sums, &source, charts)
}

/// One figure of a command's summary.
type Figure = fn(&CommandSummary) -> Option<Summary>;

/// With one numeric parameter scanned (`run -P`/`-L` with numbers): energy, time and
/// power against it (`scan_energy`, `scan_time`, `scan_power`).
fn scan_charts(
    sums: &[CommandSummary],
    source: &str,
    charts: &mut BTreeMap<String, Value>,
) -> Result<(), ReportError> {
    let Some((name, xs)) = scanned(sums) else {
        return Ok(());
    };
    let figures: [(&str, &str, String, Figure); 3] = [
        (
            "scan_energy",
            "mean gross energy per run (J)",
            format!("Energy against {name}, {source}"),
            |s| s.energy.as_ref().map(|e| e.gross.clone()),
        ),
        (
            "scan_time",
            "mean wall time per run (s)",
            format!("Wall time against {name}, measured by the clock"),
            |s| s.time.clone(),
        ),
        (
            "scan_power",
            "mean power (W)",
            format!("Average power against {name}, {source}"),
            |s| s.power_w.clone(),
        ),
    ];
    for (i, (key, y_desc, title, of)) in figures.iter().enumerate() {
        let points: Vec<ScanPoint> = sums
            .iter()
            .zip(&xs)
            .filter_map(|(s, &x)| {
                let v = of(s)?;
                Some(ScanPoint {
                    x,
                    mean: v.mean,
                    ci95: v.ci95,
                })
            })
            .collect();
        if points.len() >= 2 {
            let o = ScanOptions {
                title,
                parameter: &name,
                y_desc,
                // Blue, red, green: Palette99's third colour is a pale yellow.
                color: [0, 1, 3][i],
            };
            charts.insert((*key).into(), svg(chart::scan_chart(&points, &o)?));
        }
    }
    Ok(())
}

/// The one parameter every command has, with its numeric values; None when commands
/// have none, several, different ones, or a value that is not a number (a list of
/// compilers is a category, not an axis).
fn scanned(sums: &[CommandSummary]) -> Option<(String, Vec<f64>)> {
    let name = sums.first()?.parameters.first()?.name.clone();
    let xs: Option<Vec<f64>> = sums
        .iter()
        .map(|s| match s.parameters.as_slice() {
            [p] if p.name == name => p.value.parse::<f64>().ok().filter(|v| v.is_finite()),
            _ => None,
        })
        .collect();
    let xs = xs?;
    (xs.len() >= 2).then_some((name, xs))
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
