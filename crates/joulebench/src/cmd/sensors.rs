//! `joulebench sensors`: every energy back-end, whether it works here, and if not why
//! and the exact fix; then the one joulebench would use.

use crate::global::Global;
use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use joulebench_sensors::{
    backend, probe_all, BackendReport, BackendStatus, ProbeOptions, Provenance, BACKENDS,
};
use serde::Serialize;

/// Output format of `joulebench sensors`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SensorsFormat {
    /// A table for people.
    Table,
    /// JSON (field names documented in docs/sensors.md).
    Json,
}

/// Arguments of `joulebench sensors`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = SensorsFormat::Table)]
    pub format: SensorsFormat,
}

/// The sensor that would be used.
#[derive(Serialize, Debug)]
struct Selected {
    /// Sensor name (`rapl-powercap`, `estimate`, `rapl-powercap+nvml`, ...).
    name: String,
    /// `measured` or `estimated`.
    provenance: Provenance,
    /// Its domains.
    domains: Vec<String>,
    /// For estimates: the model and coefficients.
    model: Option<String>,
    /// True when chosen by `--sensor`.
    forced: bool,
}

/// The whole JSON document.
#[derive(Serialize, Debug)]
struct Report {
    /// One entry per back-end, in selection order.
    backends: Vec<BackendReport>,
    /// The sensor joulebench would use; null when none is usable.
    selected: Option<Selected>,
    /// Why nothing (or not the forced sensor) was selected.
    error: Option<String>,
}

fn selected_from(r: &BackendReport, forced: bool) -> Option<Selected> {
    Some(Selected {
        name: r.name.clone(),
        provenance: r.provenance?,
        domains: r.domains.iter().map(|d| d.domain.clone()).collect(),
        model: r.model.clone(),
        forced,
    })
}

/// Run the subcommand; returns the process exit code.
pub fn exec(args: Args, global: &Global) -> anyhow::Result<i32> {
    if let Some(name) = &global.sensor {
        if backend(name).is_none() {
            let known: Vec<&str> = BACKENDS.iter().map(|b| b.name).collect();
            eprintln!(
                "joulebench: error: unknown sensor {name:?}; known sensors: {}",
                known.join(", ")
            );
            return Ok(2);
        }
    }
    let opts = ProbeOptions {
        roots: global.roots(),
        estimate_config: global.estimate_config.clone(),
        ..ProbeOptions::default()
    };
    let probed = probe_all(&opts);
    let reports = probed.reports;

    let (selected, error) = match &global.sensor {
        Some(name) => match reports.iter().find(|r| &r.name == name) {
            Some(r) if r.status == BackendStatus::Usable => (selected_from(r, true), None),
            Some(r) => (
                None,
                Some(format!(
                    "--sensor {name}: not usable here ({}): {}{}",
                    r.status.as_str(),
                    r.reason.as_deref().unwrap_or("unknown reason"),
                    r.fix
                        .as_deref()
                        .map(|f| format!(". Fix: {f}"))
                        .unwrap_or_default()
                )),
            ),
            None => (None, Some(format!("--sensor {name}: unknown sensor"))),
        },
        None => match probed.selected.as_deref() {
            Some(s) => {
                let info = s.info();
                (
                    Some(Selected {
                        name: info.name.clone(),
                        provenance: info.provenance,
                        domains: info.domains.iter().map(|d| d.domain.to_string()).collect(),
                        model: info.model.clone(),
                        forced: false,
                    }),
                    None,
                )
            }
            None => (None, Some("no energy sensor is usable here".to_string())),
        },
    };
    let code = match (&selected, &global.sensor) {
        (Some(_), _) => 0,
        (None, Some(_)) => 2,
        (None, None) => 1,
    };
    let report = Report {
        backends: reports,
        selected,
        error,
    };

    match args.format {
        SensorsFormat::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        SensorsFormat::Table => print!("{}", render_table(&report)),
    }
    if let Some(e) = &report.error {
        eprintln!("joulebench: error: {e}");
    }
    Ok(code)
}

fn fmt_joules(j: f64) -> String {
    if j >= 1.0 {
        format!("{j:.1} J")
    } else if j >= 1e-3 {
        format!("{:.3} mJ", j * 1e3)
    } else if j >= 1e-6 {
        format!("{:.3} µJ", j * 1e6)
    } else {
        format!("{j:.3e} J")
    }
}

fn fmt_secs(s: f64) -> String {
    if s >= 1.0 {
        format!("{s:.1} s")
    } else {
        format!("{:.0} ms", s * 1e3)
    }
}

/// The table and the selection line.
fn render_table(r: &Report) -> String {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(vec!["sensor", "status", "domains / reason"]);
    if t.width().is_none() {
        // Not a terminal (pipes, tests): keep lines readable anyway.
        t.set_width(110);
    }
    for b in &r.backends {
        let mut detail = String::new();
        if b.status == BackendStatus::Usable {
            for d in &b.domains {
                if b.provenance == Some(Provenance::Estimated) {
                    detail.push_str(&format!("{}: ESTIMATED  [{}]\n", d.domain, d.source));
                    continue;
                }
                let range = match (d.range_joules, d.max_safe_interval_s) {
                    (Some(rj), Some(si)) => format!(
                        ", wraps at {}, sample at least every {}",
                        fmt_joules(rj),
                        fmt_secs(si)
                    ),
                    _ => ", no wrap".to_string(),
                };
                detail.push_str(&format!(
                    "{}: unit {}{range}  [{}]\n",
                    d.domain,
                    fmt_joules(d.unit_joules),
                    d.source
                ));
            }
            if let Some(m) = &b.model {
                detail.push_str(&format!("model: {m}\n"));
            }
            for n in &b.notes {
                detail.push_str(&format!("note: {n}\n"));
            }
        } else {
            detail.push_str(b.reason.as_deref().unwrap_or("unknown reason"));
            detail.push('\n');
            if let Some(f) = &b.fix {
                detail.push_str(&format!("fix: {f}\n"));
            }
        }
        let status = match (b.status, b.provenance) {
            (BackendStatus::Usable, Some(Provenance::Estimated)) => "usable (ESTIMATED)",
            (s, _) => s.as_str(),
        };
        t.add_row(vec![b.name.as_str(), status, detail.trim_end()]);
    }
    let mut out = format!("{t}\n");
    match &r.selected {
        Some(s) if s.provenance == Provenance::Estimated => out.push_str(&format!(
            "selected: {} (ESTIMATED, not measured: model {})\n",
            s.name,
            s.model.as_deref().unwrap_or("?")
        )),
        Some(s) => out.push_str(&format!(
            "selected: {} (measured: {})\n",
            s.name,
            s.domains.join(", ")
        )),
        None => out.push_str("selected: none\n"),
    }
    out
}
